//! The generic machinery of Paxos Playground. Everything here runs any
//! [`paxos_core::protocol::Protocol`] and names none:
//!
//! * [`sim`]: the deterministic simulator, its configuration and its trace.
//! * [`timeline`]: time travel over a run: cursor, snapshots, recorded
//!   actions, forks.
//! * [`history`]: the branches of a run the user has forked.
//! * [`storage`]: the acceptors' disks mirrored to a real store, with
//!   write-ahead and read-back; the in-memory backend.
//! * [`scenario`]: the versioned scenario format of one protocol (JSON and
//!   links).
//!
//! That this crate names no protocol is checked by the layering test
//! (`tests/it/layering.rs`); that it names no front end, clock or browser
//! is enforced by its `Cargo.toml`.

pub mod history;
pub mod scenario;
pub mod sim;
pub mod storage;
pub mod timeline;
