//! One file per component. Each takes plain data and callbacks as props.

mod controls;
mod event_log;
mod node_card;
mod outcome;

pub use controls::Controls;
pub use event_log::EventLog;
pub use node_card::NodeCard;
pub use outcome::Outcome;
