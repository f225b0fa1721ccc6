//! The scenarios panel: open a lesson from the gallery, save or load a
//! scenario as JSON, export the diagram (SVG or PNG, the view or the whole
//! run) and the trace, and make the HTML to embed the run in a course page.

use super::embed_sheet::EmbedSheet;
use crate::web::board::{BoardHandle, Cmd};
use crate::web::files;
use paxos_front::course::gallery::ENTRIES;
use paxos_front::svg::Shown;
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub board: BoardHandle,
}

/// How the page shows the run, for the tools bundle to draw it: what is
/// on screen, or the whole run up to the cursor.
fn shown(board: &BoardHandle, whole: bool) -> Shown {
    let clock = board.clock();
    let settings = board.settings();
    Shown {
        frontier: board.frontier_position(),
        frontier_us: clock.end_us,
        cursor: clock.position,
        cursor_us: clock.cursor_us,
        px_per_ms: board.zoom(),
        compress: board.compress(),
        hidden_lanes: board.hidden_lanes().iter().copied().collect(),
        hidden_kinds: board.hidden_kinds().iter().map(|k| k.to_string()).collect(),
        window: (!whole).then(|| board.view_window()),
        title: board.about().map_or_else(
            || format!("{} · seed {}", settings.protocol, settings.seed),
            |(title, _)| title,
        ),
    }
}

/// A file name for this run: protocol, seed, what
/// (`paxos-seed1-scenario.json`, `multi-paxos-seed3-diagram.svg`).
fn file_name(board: &BoardHandle, what: &str) -> String {
    let settings = board.settings();
    let protocol = match settings.protocol {
        "multi" => "multi-paxos",
        other => other,
    };
    format!("{protocol}-seed{}-{what}", settings.seed)
}

#[function_component]
pub fn ScenariosPanel(props: &Props) -> Html {
    let board = &props.board;
    let whole = use_state(|| false);
    let embedding = use_state(|| false);
    let show_embed = |on: bool| {
        let embedding = embedding.clone();
        Callback::from(move |_: MouseEvent| embedding.set(on))
    };
    let close_embed = {
        let embedding = embedding.clone();
        Callback::from(move |()| embedding.set(false))
    };
    let open_lesson = {
        let board = board.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(entry) = ENTRIES.iter().find(|entry| entry.id == select.value()) {
                board.open_entry(entry.id);
            }
            select.set_value("");
        })
    };
    let export_json = {
        let board = board.clone();
        Callback::from(move |_: MouseEvent| {
            let board = board.clone();
            let bytes = board.scenario_bytes();
            wasm_bindgen_futures::spawn_local(async move {
                match files::scenario_json(bytes).await {
                    Ok(json) => files::download(
                        &file_name(&board, "scenario.json"),
                        "application/json",
                        &JsValue::from_str(&json),
                    ),
                    Err(e) => board.send(Cmd::SetNotice(Some(format!("No JSON was made: {e}.")))),
                }
            });
        })
    };
    let import_json = {
        let board = board.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let board = board.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::chosen_file(&input).await;
                input.set_value("");
                match read {
                    Ok(None) => {}
                    Ok(Some(text)) => {
                        if let Err(e) = board.open_json(text).await {
                            board.send(Cmd::SetNotice(Some(format!(
                                "The file could not be opened: {e}. Nothing was changed."
                            ))));
                        }
                    }
                    Err(e) => board.send(Cmd::SetNotice(Some(format!(
                        "The file could not be read: {e}. Nothing was changed."
                    )))),
                }
            });
        })
    };
    let export_svg = {
        let board = board.clone();
        let whole = *whole;
        Callback::from(move |_: MouseEvent| {
            let board = board.clone();
            let (bytes, shown) = (board.scenario_bytes(), shown(&board, whole));
            wasm_bindgen_futures::spawn_local(async move {
                match files::picture_svg(bytes, &shown).await {
                    Ok(svg) => files::download(
                        &file_name(&board, "diagram.svg"),
                        "image/svg+xml",
                        &JsValue::from_str(&svg),
                    ),
                    Err(e) => board.send(Cmd::SetNotice(Some(format!("No SVG was made: {e}.")))),
                }
            });
        })
    };
    let export_png = {
        let board = board.clone();
        let whole = *whole;
        Callback::from(move |_: MouseEvent| {
            let board = board.clone();
            let (bytes, shown) = (board.scenario_bytes(), shown(&board, whole));
            wasm_bindgen_futures::spawn_local(async move {
                let name = file_name(&board, "diagram.png");
                // Twice the size, for slides.
                let made = match files::picture_svg(bytes, &shown).await {
                    Ok(svg) => files::save_png(&name, &svg, 2.0).await,
                    Err(e) => Err(e),
                };
                if let Err(e) = made {
                    board.send(Cmd::SetNotice(Some(format!("No PNG was made: {e}."))));
                }
            });
        })
    };
    let export_trace = {
        let board = board.clone();
        Callback::from(move |_: MouseEvent| {
            let board = board.clone();
            let (bytes, position) = (board.scenario_bytes(), board.clock().position);
            wasm_bindgen_futures::spawn_local(async move {
                match files::trace_json(bytes, position).await {
                    Ok(lines) => files::download(
                        &file_name(&board, "trace.jsonl"),
                        "application/x-ndjson",
                        &JsValue::from_str(&lines),
                    ),
                    Err(e) => board.send(Cmd::SetNotice(Some(format!("No trace was made: {e}.")))),
                }
            });
        })
    };
    let set_whole = |value: bool| {
        let whole = whole.clone();
        Callback::from(move |_: Event| whole.set(value))
    };
    let lessons = |protocol: &'static str| {
        ENTRIES
            .iter()
            .filter(move |entry| entry.page() == protocol)
            .map(|entry| html! { <option value={entry.id} title={entry.about}>{entry.title}</option> })
    };
    html! {
        <section class="panel scenarios" aria-label="Scenarios">
            <header class="panel-head"><h2>{"Scenarios"}</h2></header>
            <div class="setting">
                <label class="name" for="gallery">{"Gallery"}</label>
                <select id="gallery" data-testid="gallery" onchange={open_lesson}>
                    <option value="" selected=true>{"Open a lesson…"}</option>
                    <optgroup label="Storage designs 1, 2, 3 and 5">{ for lessons("designs") }</optgroup>
                    <optgroup label="Single-decree Paxos (design 4)">{ for lessons("paxos") }</optgroup>
                    <optgroup label="Multi-Paxos">{ for lessons("multi") }</optgroup>
                </select>
            </div>
            <div class="setting">
                <span class="name">{"Scenario"}</span>
                <button class="small" data-testid="export-json" onclick={export_json}
                    title="Save this run as a JSON file: the configuration, every action, and the view">{"Save JSON"}</button>
                <label class="button small" title="Open a scenario saved as JSON (or from paxos gallery --export)">
                    {"Open JSON…"}
                    <input type="file" accept=".json,application/json" data-testid="import-json"
                        class="visually-hidden" onchange={import_json} />
                </label>
            </div>
            <div class="setting">
                <span class="name">{"Diagram"}</span>
                <label class="choice"><input type="radio" name="export-what" checked={!*whole}
                    onchange={set_whole(false)} data-testid="export-view" />{"the view"}</label>
                <label class="choice"><input type="radio" name="export-what" checked={*whole}
                    onchange={set_whole(true)} data-testid="export-whole" />{"the whole run"}</label>
            </div>
            <div class="setting">
                <span class="name"></span>
                <button class="small" data-testid="export-svg" onclick={export_svg}>{"SVG"}</button>
                <button class="small" data-testid="export-png" onclick={export_png}>{"PNG"}</button>
                <button class="small" data-testid="export-trace" onclick={export_trace}
                    title="Every event up to the cursor, one JSON object per line (like paxos run --trace)">{"Trace JSON"}</button>
            </div>
            <div class="setting">
                <span class="name">{"Course page"}</span>
                <button class="small" data-testid="embed" onclick={show_embed(true)}
                    title="The HTML to embed this run in a web page, with a live preview">{"Embed…"}</button>
            </div>
            if *embedding {
                <EmbedSheet board={board.clone()} on_close={close_embed} />
            }
        </section>
    }
}
