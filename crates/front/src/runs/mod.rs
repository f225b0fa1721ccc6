//! Runs of each protocol, for the front ends: the configurations a page,
//! the CLI, the gallery and the tests start from, and (Multi-Paxos) running
//! a workload to completion and judging it. The protocols' cores know
//! nothing of the simulator; this is where a protocol meets it.

pub mod designs;
pub mod multi;
pub mod paxos;
