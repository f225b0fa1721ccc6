//! Paxos Playground: learn Paxos, and break it.
//!
//! The crate is a library with two front ends, the `paxos` command-line tool
//! and the web app. Everything protocol-related is plain Rust that builds and
//! tests natively:
//!
//! * [`types`]: node ids, ballots, values.
//! * [`paxos`]: the single-decree Paxos core, sans-IO.
//! * [`sim`]: the deterministic simulator, its trace and its safety monitor.
//!
//! See `ARCHITECTURE.md` for the map and the invariants.

pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod paxos;
pub mod sim;
#[cfg(target_arch = "wasm32")]
pub mod web;
pub mod types;
