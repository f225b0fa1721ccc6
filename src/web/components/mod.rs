//! One file per component (a protocol's several panels in its own folder:
//! `paxos/`, `multi/`, `designs/`). Each takes data and callbacks as props.

/// Says that a component's props never compare equal. Their callbacks are
/// made anew each time the page renders, so derived equality would always
/// find them different, but only after comparing the data first: code
/// (about 400 bytes a component) that could never skip a render. The
/// component renders whenever the page does.
macro_rules! renders_with_the_page {
    ($props:ty) => {
        impl PartialEq for $props {
            fn eq(&self, _: &$props) -> bool {
                false
            }
        }
    };
}

mod banners;
mod check_panel;
mod cluster_view;
mod controls;
mod designs;
mod details;
mod diagram;
mod embed_sheet;
mod event_log;
mod help;
mod history;
mod legend;
mod lesson_panel;
mod multi;
mod network_panel;
mod number_field;
mod paxos;
mod scenarios_panel;
mod settings;
mod share_link;
mod shortcut_sheet;
mod storage;
mod storage_inspector;
mod violation_note;

pub use banners::{Banners, BannersCallbacks, BannersView};
pub use check_panel::CheckPanel;
pub use cluster_view::{ClusterView, RingDot, RingNode, RingView};
pub use controls::{Controls, ControlsCallbacks, ControlsView};
pub use designs::{DesignClients, DesignOutcome, ServerCards};
pub use details::{Details, SelectedMessage};
pub use diagram::{DiagramCallbacks, DiagramView, SequenceDiagram, SharedDiagram};
pub use event_log::EventLog;
pub use help::Help;
pub use history::History;
pub use legend::Legend;
pub use lesson_panel::LessonPanel;
pub use multi::{ClientPanel, KvTables, LogView, MultiOutcome, Presets, ReplicaCard, LOG_WIDTH};
pub use network_panel::NetworkPanel;
pub use number_field::NumberField;
pub use paxos::{BreakPaxos, DurabilityControls, NodeCard, Outcome, ProposeForm};
pub use scenarios_panel::ScenariosPanel;
pub use settings::Settings;
pub use storage::{StorageCallbacks, StoragePanel, StorageView};
pub use violation_note::ViolationNote;
