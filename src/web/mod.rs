//! The browser front end: a Yew app that drives the simulator from page
//! timers and draws its state. Compiled for wasm32 only.
//!
//! * `state`: the reducer. It owns the [`Sim`](paxos_sim::sim::Sim) and turns
//!   user actions and timer ticks into simulator calls. The simulator knows
//!   nothing of Yew.
//! * `app`: the page layout; `hooks/`: the page's effects.
//! * `protocol` (`WebProtocol`: a protocol's words and configurations),
//!   `panels` (`Panels`: what it shows of its own), and `protocols/`, which
//!   answers both for each protocol.
//! * `board`: the state with its protocol erased, from which `wiring`
//!   builds the protocol-free panels' props (so they are in the bundle
//!   once).
//! * `components/`: one file per component; each takes data and callbacks.
//!
//! The wall clock only decides *when* the simulator advances and by how
//! much simulated time; *what* happens comes from the seed alone.

mod address;
mod app;
mod board;
mod checker;
mod components;
mod dialog;
mod embed;
pub mod files;
mod hooks;
pub mod idb;
pub mod link;
pub mod math;
mod panels;
mod protocol;
mod protocols;
pub mod site;
mod state;
mod store;
mod tabs;
mod wiring;

pub use panels::Panels;
pub use protocol::WebProtocol;

/// Mounts the playground of protocol `P` (one page, and one wasm bundle,
/// of the site; see `site`) on the page's `<body>`.
pub fn start<P: Panels>() {
    console_error_panic_hook::set_once();
    site::set_here(site::page_of(P::NAME).map_or("", |page| page.dir));
    yew::Renderer::<app::App<P>>::new().render();
}

/// Fails on purpose. The end-to-end tests call it (from the page's
/// `wasmBindings`) to check that a failure inside the app shows a message
/// with the way to report it, never a silent dead page.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn panic_for_test() {
    panic!("the end-to-end tests asked the playground to fail");
}

/// Marks the page with what a test (or a curious reader of the DOM) may
/// wait for instead of a fixed time: `data-NAME="VALUE"` on `<html>`. Used
/// for `data-address` (`written` once the address bar holds the run,
/// `waiting` while a rewrite waits for its gap) and `data-ignored-messages`
/// (how many `postMessage` commands an embed refused).
pub(crate) fn mark_page(name: &str, value: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute(&format!("data-{name}"), value);
    }
}
