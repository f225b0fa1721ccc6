//! Paxos Playground: learn Paxos, and break it.
//!
//! The crate is a library with two front ends, the `paxos` command-line tool
//! and the web app. The protocols themselves live in the `paxos-core`
//! crate (re-exported here as [`paxos`], [`multi`], [`designs`],
//! [`protocol`], [`types`], [`kv`], [`linearizability`]), which cannot name
//! anything of this one. This crate has:
//!
//! * [`scenario`]: the versioned scenario format of one protocol (JSON and
//!   links); [`catalog`]: every protocol's scenarios, and what older
//!   versions wrote.
//! * [`runs`]: each protocol's ready-made configurations and runs (the
//!   amnesia demonstration, the Multi-Paxos presets), and judging a
//!   Multi-Paxos workload.
//! * [`sim`]: the deterministic simulator, its trace and its safety monitor.
//! * [`storage`]: the acceptors' disks mirrored to a real store, with
//!   write-ahead and read-back; the in-memory backend.
//! * [`timeline`]: time travel over a run: cursor, snapshots, recorded
//!   actions, forks.
//! * [`diagram`]: the sequence diagram's model, layout and culling.
//! * [`explain`]: plain-language sentences for messages and events.
//! * [`view`]: view models the UI draws, derived from the simulator.
//! * [`bench`]: the benchmark workload shared by native and wasm.
//! * `cli` (native) and `web` (wasm32): the two front ends.
//!
//! See `ARCHITECTURE.md` for the map and the invariants.

pub use paxos_core::{designs, kv, linearizability, multi, paxos, protocol, types, words};

pub mod bench;
pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod course;
pub mod diagram;
pub mod explain;
pub mod gallery;
pub mod history;
pub mod palette;
pub mod runs;
pub mod scenario;
pub mod sim;
pub mod storage;
pub mod svg;
pub mod timeline;
pub mod view;
#[cfg(target_arch = "wasm32")]
pub mod web;
