//! The scenarios panel: open a lesson from the gallery, save or load a
//! scenario as JSON, export the diagram (SVG or PNG, the view or the whole
//! run) and the trace, and make the HTML to embed the run in a course page.

use super::embed_sheet::EmbedSheet;
use crate::web::files;
use paxos_front::course::gallery::ENTRIES;
use paxos_front::svg::Shown;
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// The protocol's name (`paxos`, `multi`, `designs`).
    pub protocol: &'static str,
    pub seed: u64,
    /// The opened scenario's title.
    pub title: Option<String>,
    /// The cursor's position, up to which the trace is exported.
    pub position: usize,
    /// The run as a scenario now, at the cursor, with the view (a link's
    /// bytes), asked for when a file is made.
    pub scenario: Callback<(), Vec<u8>>,
    /// How the page shows the run now: the view (`false`) or the whole run
    /// up to the cursor (`true`).
    pub shown: Callback<bool, Shown>,
    /// Open a gallery lesson by id.
    pub on_open_entry: Callback<&'static str>,
    /// Open a scenario file's text.
    pub on_open_json: Callback<String>,
    /// What went wrong, for the user.
    pub on_notice: Callback<String>,
}

renders_with_the_page!(Props);

/// A file name for this run: protocol, seed, what
/// (`paxos-seed1-scenario.json`, `multi-paxos-seed3-diagram.svg`).
fn file_name(props: &Props, what: &str) -> String {
    let protocol = match props.protocol {
        "multi" => "multi-paxos",
        other => other,
    };
    format!("{protocol}-seed{}-{what}", props.seed)
}

#[function_component]
pub fn ScenariosPanel(props: &Props) -> Html {
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
        let on_open_entry = props.on_open_entry.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(entry) = ENTRIES.iter().find(|entry| entry.id == select.value()) {
                on_open_entry.emit(entry.id);
            }
            select.set_value("");
        })
    };
    // A file made from the run: `make` turns the scenario's bytes into the
    // file's content, or says why it could not.
    let export = |what: &'static str, name: String, kind: &'static str| {
        let (scenario, on_notice) = (props.scenario.clone(), props.on_notice.clone());
        let position = props.position;
        Callback::from(move |_: MouseEvent| {
            let bytes = scenario.emit(());
            let (name, on_notice) = (name.clone(), on_notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let made = match what {
                    "JSON" => files::scenario_json(bytes).await,
                    _ => files::trace_json(bytes, position).await,
                };
                match made {
                    Ok(text) => files::download(&name, kind, &JsValue::from_str(&text)),
                    Err(e) => on_notice.emit(format!("No {what} was made: {e}.")),
                }
            });
        })
    };
    let export_json = export(
        "JSON",
        file_name(props, "scenario.json"),
        "application/json",
    );
    let export_trace = export(
        "trace",
        file_name(props, "trace.jsonl"),
        "application/x-ndjson",
    );
    let import_json = {
        let (on_open_json, on_notice) = (props.on_open_json.clone(), props.on_notice.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let (on_open_json, on_notice) = (on_open_json.clone(), on_notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::chosen_file(&input).await;
                input.set_value("");
                match read {
                    Ok(None) => {}
                    Ok(Some(text)) => on_open_json.emit(text),
                    Err(e) => on_notice.emit(format!(
                        "The file could not be read: {e}. Nothing was changed."
                    )),
                }
            });
        })
    };
    // The diagram as a picture: an SVG, or a PNG of it at twice the size
    // (for slides).
    let picture = |png: bool| {
        let (scenario, shown, on_notice) = (
            props.scenario.clone(),
            props.shown.clone(),
            props.on_notice.clone(),
        );
        let whole = *whole;
        let name = file_name(props, if png { "diagram.png" } else { "diagram.svg" });
        Callback::from(move |_: MouseEvent| {
            let (bytes, shown) = (scenario.emit(()), shown.emit(whole));
            let (name, on_notice) = (name.clone(), on_notice.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let svg = files::picture_svg(bytes, &shown).await;
                let made = match (svg, png) {
                    (Ok(svg), true) => files::save_png(&name, &svg, 2.0).await,
                    (Ok(svg), false) => {
                        files::download(&name, "image/svg+xml", &JsValue::from_str(&svg));
                        Ok(())
                    }
                    (Err(e), _) => Err(e),
                };
                if let Err(e) = made {
                    let what = if png { "PNG" } else { "SVG" };
                    on_notice.emit(format!("No {what} was made: {e}."));
                }
            });
        })
    };
    let export_svg = picture(false);
    let export_png = picture(true);
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
                <EmbedSheet protocol={props.protocol} scenario={props.scenario.clone()}
                    title={props.title.clone()} on_close={close_embed} />
            }
        </section>
    }
}
