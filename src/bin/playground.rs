//! The web app's single-decree page, the site's root. Trunk builds this
//! binary for wasm32 (see `index.html`); `scripts/pages.sh` builds the
//! other protocols' pages (`playground-multi`).

#[cfg(target_arch = "wasm32")]
fn main() {
    paxos_playground::web::start::<paxos_core::paxos::SingleDecree>();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The playground runs in the browser: start it with `trunk serve` (see the README).");
    std::process::exit(2);
}
