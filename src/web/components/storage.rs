//! The disk panel: where the acceptors' state lives (IndexedDB or memory),
//! the durability bug toggle, the amnesia demo, and an inspector that reads
//! every node's record back from IndexedDB itself, with the saved runs.

use paxos_core::types::NodeId;
use paxos_front::view::format_time;
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
                <Inspector view={view.clone()} callbacks={props.callbacks.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InspectorProps {
    view: StorageView,
    callbacks: StorageCallbacks,
}

#[function_component]
fn Inspector(props: &InspectorProps) -> Html {
    let view = &props.view;
    let refresh = props.callbacks.on_refresh.reform(|_: MouseEvent| ());
    let clear = {
        let on_clear = props.callbacks.on_clear.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(
                        "Delete every saved run and all disk records of the playground?",
                    )
                    .ok()
                })
                .unwrap_or(false);
            if sure {
                on_clear.emit(());
            }
        })
    };
    let rows = match &view.inspected {
        None => html! { <p class="hint">{"Reading…"}</p> },
        Some(found) => html! {
            <table class="inspector" data-testid="storage-inspector">
                <thead><tr><th>{"node"}</th><th>{"record on disk"}</th></tr></thead>
                <tbody>
                    { for found.iter().map(|(node, text, class, key)| {
                        html! {
                            <tr data-testid={format!("disk-{}", node.0)} class={*class} data-state={key.clone()}>
                                <td class="mono">{node.to_string()}</td>
                                <td class="mono">{text}</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    let runs = match &view.runs {
        None => html! {},
        Some(Err(e)) => {
            html! { <p class="hint">{format!("The saved runs could not be listed: {e}")}</p> }
        }
        Some(Ok(runs)) => html! {
            <ul class="runs" data-testid="runs">
                { for runs.iter().map(|run| match run {
                    Ok(record) => run_row(view, &props.callbacks, record),
                    Err(e) => html! { <li class="bad">{e}</li> },
                }) }
            </ul>
        },
    };
    html! {
        <div class="inspector-panel">
            if view.in_memory {
                <p class="hint">
                    {"IndexedDB is not in use: these records are kept in memory (key "}
                    <code>{format!("{}/…", view.run.clone().unwrap_or_default())}</code>
                    {"). Nodes restart from them, but a reload loses them."}
                </p>
            } else {
                <p class="hint">
                    {"Read back from IndexedDB itself, key "}
                    <code>{format!("{}/…", view.run.clone().unwrap_or_default())}</code>
                    {". This is what each node restarts from, and what survives a reload."}
                </p>
            }
            { rows }
            <div class="setting">
                <button class="small" onclick={refresh} data-testid="refresh-storage">{"Read again"}</button>
                <span class="spacer"></span>
                <button class="small danger" onclick={clear} data-testid="clear-storage">{"Clear all data"}</button>
            </div>
            <h3 class="subhead">{"Saved runs"}</h3>
            { runs }
        </div>
    }
}

fn run_row(view: &StorageView, callbacks: &StorageCallbacks, record: &RunRecord) -> Html {
    let resume = {
        let record = record.clone();
        callbacks
            .on_resume
            .reform(move |_: MouseEvent| record.clone())
    };
    let delete = {
        let run = record.run.clone();
        callbacks.on_delete.reform(move |_: MouseEvent| run.clone())
    };
    let is_current = view.run.as_deref() == Some(record.run.as_str());
    let chosen = record
        .outcome
        .clone()
        .unwrap_or_else(|| "nothing chosen".to_string());
    let protocol = match record.protocol.as_str() {
        "multi" => "Multi-Paxos",
        "designs" => "storage design",
        _ => "single-decree",
    };
    let other = record.protocol != view.protocol;
    let when = js_sys::Date::new(&record.updated_ms.into())
        .to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED);
    html! {
        <li data-testid={format!("run-{}", record.run)} class={classes!(is_current.then_some("current"))}>
            <span class="mono">{format!("{protocol} · seed {} · {} · {} · {}", record.seed, paxos_front::view::count(record.nodes, "node", None), format_time(record.time_us), chosen)}</span>
            <span class="hint">{ if is_current { "this run".to_string() } else { String::from(when) } }</span>
            <span class="spacer"></span>
            if other {
                <a class="small button" href={format!("?protocol={}", record.protocol)} title="This run belongs to the other playground: open it there to resume it">{"Open its playground"}</a>
            } else if !is_current {
                <button class="small" onclick={resume} title="Replay it to where it got, then cut the power: every node restarts from its disk">{"Resume"}</button>
            }
            <button class="small" onclick={delete} disabled={is_current} title="Delete this run's records">{"Delete"}</button>
        </li>
    }
}
