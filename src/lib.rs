//! Paxos Playground's web app: the pages Trunk builds for wasm32 (see
//! `index.html` and `src/bin/playground*.rs`).
//!
//! The rest of the playground is in the workspace's other crates, each a
//! layer (see `ARCHITECTURE.md`): `paxos-core` (the protocols),
//! `paxos-sim` (the simulator, time travel, storage, the scenario format),
//! `paxos-front` (what both front ends share) and `paxos-cli` (the `paxos`
//! tool). On a native target this library is empty; the native tests in
//! `tests/` exercise those crates through the public API a front end uses.

#[cfg(target_arch = "wasm32")]
pub mod web;
