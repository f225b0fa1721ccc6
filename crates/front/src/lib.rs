//! What both front ends of Paxos Playground share, neither a browser's nor
//! a terminal's:
//!
//! * [`runs`]: each protocol's ready-made configurations and runs (the
//!   amnesia demonstration, the Multi-Paxos presets), and judging a
//!   Multi-Paxos workload.
//! * [`course`]: the course material: the guided lessons, and the
//!   [`course::gallery`] of ready-made scenarios they open.
//! * [`catalog`]: the scenario of any protocol, and what older versions
//!   wrote.
//! * [`diagram`]: the sequence diagram's model, layout and culling;
//!   [`svg`]: drawing it; [`palette`]: its colours.
//! * [`explain`]: plain-language sentences for messages and events.
//! * [`view`]: view models the UI draws, derived from the simulator.
//! * [`bench`]: the benchmark workload shared by native and wasm.
//! * [`checking`]: the model checker's starting bounds, per protocol.
//! * [`metrics`]: what a run cost, read off its trace up to a moment.

pub mod bench;
pub mod catalog;
pub mod checking;
pub mod course;
pub mod diagram;
pub mod explain;
pub mod metrics;
pub mod palette;
pub mod runs;
pub mod svg;
pub mod view;
