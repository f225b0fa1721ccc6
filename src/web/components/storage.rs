//! The disk panel: where the acceptors' state lives (IndexedDB or memory),
//! the durability bug toggle, the amnesia demo, and an inspector that reads
//! every node's record back from IndexedDB itself, with the saved runs.

use crate::web::protocol::WebProtocol;
use crate::web::state::{Action, Playground};
use crate::web::store::Disk;
use paxos_front::view::format_time;
use paxos_sim::storage::RunRecord;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props<P: WebProtocol> {
    pub state: UseReducerHandle<Playground<P>>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[function_component]
pub fn StoragePanel<P: WebProtocol>(props: &Props<P>) -> Html {
    let state = &props.state;
    let dispatch = |action: fn() -> Action<P>| {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(action()))
    };
    let store = state.store.borrow();
    let (status, status_class) = match &store.disk {
        Disk::Opening => ("Opening IndexedDB…".to_string(), "opening"),
        Disk::IndexedDb(_) => {
            let mut sorted = store.latencies_ms.clone();
            sorted.sort_by(f64::total_cmp);
            let latency = if sorted.is_empty() {
                String::new()
            } else {
                format!(
                    " · write p50 {:.1} ms, p95 {:.1} ms",
                    percentile(&sorted, 50.0),
                    percentile(&sorted, 95.0)
                )
            };
            let durability = store.last_durability.as_deref().unwrap_or("strict");
            (
                format!(
                    "IndexedDB · {durability} durability · {} writes committed{latency}",
                    store.committed
                ),
                "idb",
            )
        }
        Disk::Memory { why } => (format!("Memory only ({why}): a reload loses it"), "memory"),
    };
    let durable = state.durable();
    let in_memory = matches!(store.disk, Disk::Memory { .. });
    let (show, hide) = if in_memory {
        ("Inspect disks", "Hide disks")
    } else {
        ("Inspect IndexedDB", "Hide IndexedDB")
    };
    drop(store);
    let run = state.run_id();
    html! {
        <section class="panel storage" aria-label="Disks and durability">
            <header class="panel-head">
                <h2>{"Disks & durability"}</h2>
                <span class="spacer"></span>
                if durable {
                    <button class="small" data-testid="inspect-storage" onclick={dispatch(|| Action::ToggleStorage)}
                        aria-expanded={state.show_storage.to_string()}>
                        { if state.show_storage { hide } else { show } }
                    </button>
                }
            </header>
            <p class={classes!("storage-status", status_class)} data-testid="storage-status"
                data-busy={state.disk_busy().to_string()} data-run={run.clone().unwrap_or_default()}>{status}</p>
            { P::disk_controls(state) }
            if state.show_storage && durable {
                <Inspector<P> state={state.clone()} run={run} {in_memory} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct InspectorProps<P: WebProtocol> {
    state: UseReducerHandle<Playground<P>>,
    run: Option<String>,
    /// The disks are in memory (IndexedDB is not in use).
    in_memory: bool,
}

#[function_component]
fn Inspector<P: WebProtocol>(props: &InspectorProps<P>) -> Html {
    let state = &props.state;
    let refresh = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::RefreshStorage))
    };
    let clear = {
        let state = state.clone();
        Callback::from(move |_| {
            let sure = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(
                        "Delete every saved run and all disk records of the playground?",
                    )
                    .ok()
                })
                .unwrap_or(false);
            if sure {
                state.dispatch(Action::ClearAll);
            }
        })
    };
    let rows = match &state.inspected {
        None => html! { <p class="hint">{"Reading…"}</p> },
        Some(found) => html! {
            <table class="inspector" data-testid="storage-inspector">
                <thead><tr><th>{"node"}</th><th>{"record on disk"}</th></tr></thead>
                <tbody>
                    { for found.iter().map(|(node, result)| {
                        let (text, class, key) = match result {
                            Ok(None) => ("no record: nothing promised or accepted".to_string(), "empty", P::disk_key(&Default::default())),
                            Ok(Some(state)) => (P::describe_disk(state), "ok", P::disk_key(state)),
                            Err(e) => (e.to_string(), "bad", "unusable".to_string()),
                        };
                        html! {
                            <tr data-testid={format!("disk-{}", node.0)} class={class} data-state={key}>
                                <td class="mono">{node.to_string()}</td>
                                <td class="mono">{text}</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    let runs = match &state.runs {
        None => html! {},
        Some(Err(e)) => {
            html! { <p class="hint">{format!("The saved runs could not be listed: {e}")}</p> }
        }
        Some(Ok(runs)) => html! {
            <ul class="runs" data-testid="runs">
                { for runs.iter().map(|run| match run {
                    Ok(record) => run_row(state, record, props.run.as_deref()),
                    Err(e) => html! { <li class="bad">{e}</li> },
                }) }
            </ul>
        },
    };
    html! {
        <div class="inspector-panel">
            if props.in_memory {
                <p class="hint">
                    {"IndexedDB is not in use: these records are kept in memory (key "}
                    <code>{format!("{}/…", props.run.clone().unwrap_or_default())}</code>
                    {"). Nodes restart from them, but a reload loses them."}
                </p>
            } else {
                <p class="hint">
                    {"Read back from IndexedDB itself, key "}
                    <code>{format!("{}/…", props.run.clone().unwrap_or_default())}</code>
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

fn run_row<P: WebProtocol>(
    state: &UseReducerHandle<Playground<P>>,
    record: &RunRecord,
    current: Option<&str>,
) -> Html {
    let resume = {
        let state = state.clone();
        let record = record.clone();
        Callback::from(move |_| state.dispatch(Action::ResumeRun(record.clone())))
    };
    let delete = {
        let state = state.clone();
        let run = record.run.clone();
        Callback::from(move |_| state.dispatch(Action::DeleteRun(run.clone())))
    };
    let is_current = current == Some(record.run.as_str());
    let chosen = record
        .outcome
        .clone()
        .unwrap_or_else(|| "nothing chosen".to_string());
    let protocol = match record.protocol.as_str() {
        "multi" => "Multi-Paxos",
        _ => "single-decree",
    };
    let other = record.protocol != P::NAME;
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
