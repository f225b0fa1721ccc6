//! The single-decree Paxos panels, one file per component: what was chosen
//! (`outcome`), one card per node, the propose (and read) form, Break
//! Paxos's bug toggles and flexible quorums, and the durability controls.
//! Each takes its view (`paxos_front::view::paxos`) and callbacks, never
//! the page's state.

mod break_paxos;
mod durability_controls;
mod node_card;
mod outcome;
mod propose;

pub use break_paxos::BreakPaxos;
pub use durability_controls::DurabilityControls;
pub use node_card::NodeCard;
pub use outcome::Outcome;
pub use propose::ProposeForm;
