//! The storage inspector: every node's record read back from the store,
//! and the saved runs.

use super::storage::{StorageCallbacks, StorageView};
use paxos_front::view::format_time;
use paxos_sim::storage::RunRecord;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: StorageView,
    pub callbacks: StorageCallbacks,
}

#[function_component]
pub fn StorageInspector(props: &Props) -> Html {
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
