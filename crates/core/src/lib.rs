//! The protocols of Paxos Playground, as pure state machines.
//!
//! Each protocol is a marker type implementing [`protocol::Protocol`]: it
//! takes one input at a time (a message, a timer, a completed disk write, a
//! client's request) and answers with outputs (send, set a timer, persist,
//! decided, reply). There is no clock, no I/O and no randomness of its own
//! here; the simulator (in the `paxos-playground` crate) drives them all.
//!
//! * [`types`]: node ids, ballots, values.
//! * [`collections`]: the sorted maps and sets every layer uses.
//! * [`protocol`]: the `Protocol` trait, its inputs and outputs, message
//!   payloads, safety properties and the monitor trait.
//! * [`paxos`]: single-decree Paxos (design 4): core, monitor, clients, words.
//! * [`multi`]: Multi-Paxos: replicas, clients, monitor, words.
//! * [`designs`]: the storage designs that lead up to Paxos.
//! * [`kv`]: the key-value store with compare-and-set that Multi-Paxos
//!   replicates, with exactly-once commands.
//! * [`linearizability`]: a checker for key-value/CAS histories.
//! * [`words`]: numbers in words.

pub mod collections;
pub mod designs;
pub mod kv;
pub mod linearizability;
pub mod multi;
pub mod paxos;
pub mod protocol;
pub mod types;
pub mod words;
