//! The `paxos` command-line tool. See `paxos --help` and the README.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser;
    paxos_playground::cli::run(paxos_playground::cli::Cli::parse())
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // The CLI is native only; the browser runs the `playground` binary.
}
