//! Paxos Playground: learn Paxos, and break it.
//!
//! The crate is a library with two front ends, the `paxos` command-line tool
//! and the web app. Everything protocol-related is plain Rust that builds and
//! tests natively:
//!
//! * [`types`]: node ids, ballots, values.
//! * [`kv`]: the key-value store with compare-and-set that Multi-Paxos
//!   replicates, with exactly-once commands.
//! * [`linearizability`]: a checker for key-value/CAS histories.
//! * [`multi`]: Multi-Paxos (first pieces): the per-slot acceptor and a
//!   new leader's gap-filling plan.
//! * [`paxos`]: the single-decree Paxos core, sans-IO.
//! * [`protocol`]: what the simulator needs from a protocol, so that one
//!   simulator drives both single-decree Paxos and Multi-Paxos.
//! * [`scenario`]: the versioned scenario format (JSON and links).
//! * [`scenarios`]: ready-made runs (the amnesia demonstration).
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

pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod course;
pub mod designs;
pub mod diagram;
pub mod explain;
pub mod gallery;
pub mod history;
pub mod kv;
pub mod linearizability;
pub mod multi;
pub mod palette;
pub mod paxos;
pub mod protocol;
pub mod scenario;
pub mod scenarios;
pub mod sim;
pub mod storage;
pub mod svg;
pub mod timeline;
pub mod types;
pub mod view;
#[cfg(target_arch = "wasm32")]
pub mod web;
