//! The Multi-Paxos panels, one file per component: what the log achieved
//! (`outcome`), the log itself (one row per replica, one cell per slot),
//! every replica's key-value store, the client panel, the presets, and one
//! card per replica. Each takes its view (`paxos_front::view`) and
//! callbacks, never the page's state.

mod client_panel;
mod kv_tables;
mod log_view;
mod outcome;
mod presets;
mod replica_card;

pub use client_panel::ClientPanel;
pub use kv_tables::KvTables;
pub use log_view::{LogView, LOG_WIDTH};
pub use outcome::MultiOutcome;
pub use presets::Presets;
pub use replica_card::ReplicaCard;
