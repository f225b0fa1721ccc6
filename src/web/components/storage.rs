//! The disk panel: where the acceptors' state lives (IndexedDB or memory),
//! the durability bug toggle, the amnesia demo, and an inspector that reads
//! every node's record back from IndexedDB itself, with the saved runs.

use super::storage_inspector::StorageInspector;
use paxos_core::types::NodeId;
use paxos_sim::storage::RunRecord;
use yew::prelude::*;

/// What the disk panel shows.
#[derive(Clone, PartialEq)]
pub struct StorageView {
    /// Where the disks live, and the store's figures, in a line.
    pub status: String,
    /// `opening`, `idb` or `memory`.
    pub status_class: &'static str,
    /// The disks are mirrored to a store at all (not in `?stress`).
    pub durable: bool,
    /// ...in memory, not IndexedDB.
    pub in_memory: bool,
    /// The store has writes or reads to finish.
    pub busy: bool,
    /// The run being mirrored.
    pub run: Option<String>,
    /// The protocol of this page (`paxos`, `multi`, `designs`).
    pub protocol: &'static str,
    /// The inspector is open.
    pub open: bool,
    /// Each node's record as last read back: (text, class, `data-state`).
    pub inspected: Option<Vec<(NodeId, String, &'static str, String)>>,
    /// The saved runs, as last listed.
    pub runs: Option<Result<Vec<Result<RunRecord, String>>, String>>,
}

/// What the disk panel can ask for.
#[derive(Clone, PartialEq)]
pub struct StorageCallbacks {
    /// Open or close the inspector.
    pub on_toggle: Callback<()>,
    /// Read the records and the saved runs again.
    pub on_refresh: Callback<()>,
    /// Delete every saved run (after the user confirmed).
    pub on_clear: Callback<()>,
    pub on_resume: Callback<RunRecord>,
    pub on_delete: Callback<String>,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: StorageView,
    pub callbacks: StorageCallbacks,
    /// The protocol's own disk controls.
    #[prop_or_default]
    pub children: Html,
}

#[function_component]
pub fn StoragePanel(props: &Props) -> Html {
    let view = &props.view;
    let toggle = props.callbacks.on_toggle.reform(|_: MouseEvent| ());
    let (show, hide) = if view.in_memory {
        ("Inspect disks", "Hide disks")
    } else {
        ("Inspect IndexedDB", "Hide IndexedDB")
    };
    html! {
        <section class="panel storage" aria-label="Disks and durability">
            <header class="panel-head">
                <h2>{"Disks & durability"}</h2>
                <span class="spacer"></span>
                if view.durable {
                    <button class="small" data-testid="inspect-storage" onclick={toggle}
                        aria-expanded={view.open.to_string()}>
                        { if view.open { hide } else { show } }
                    </button>
                }
            </header>
            <p class={classes!("storage-status", view.status_class)} data-testid="storage-status"
                data-busy={view.busy.to_string()} data-run={view.run.clone().unwrap_or_default()}>{&view.status}</p>
            { props.children.clone() }
            if view.open && view.durable {
                <StorageInspector view={view.clone()} callbacks={props.callbacks.clone()} />
            }
        </section>
    }
}
