//! The web app's Multi-Paxos page (`multi/` on the site), built for
//! wasm32 by `scripts/pages.sh`, a Trunk post-build hook.

#[cfg(target_arch = "wasm32")]
fn main() {
    paxos_playground::web::start::<paxos_core::multi::MultiPaxos>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: start it with `trunk serve` (see the README).");
    std::process::exit(2);
}
