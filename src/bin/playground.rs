//! The web app. Trunk builds this binary for wasm32 (see `index.html`).

#[cfg(target_arch = "wasm32")]
fn main() {
    paxos_playground::web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: start it with `trunk serve` (see the README).");
    std::process::exit(2);
}
