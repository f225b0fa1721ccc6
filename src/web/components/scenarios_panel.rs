//! The scenarios panel: open an example from the gallery, save or load a
//! scenario as JSON, export the diagram (SVG or PNG, the view or the whole
//! run) and the trace, and make the HTML to embed the run in a course page.

use super::embed_sheet::EmbedSheet;
use crate::web::files::Export;
use paxos_front::course::gallery::EXAMPLES;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// The protocol's name (`paxos`, `multi`, `designs`).
    pub protocol: &'static str,
    /// The opened scenario's title.
    pub title: Option<String>,
    /// What to watch in this page's own gallery examples, by id (a
    /// tooltip on each; the others' words stay on their pages).
    pub abouts: std::rc::Rc<[(&'static str, &'static str)]>,
    /// The run as a scenario now, at the cursor, with the view (a link's
    /// bytes), for the embed sheet.
    pub scenario: Callback<(), Vec<u8>>,
    /// Open an example of the gallery by id.
    pub on_open_example: Callback<&'static str>,
    /// Make a file from the run.
    pub on_export: Callback<Export>,
    /// Open the scenario file chosen in this input.
    pub on_open_file: Callback<HtmlInputElement>,
}

renders_with_the_page!(Props);

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
    let open_example = {
        let on_open_example = props.on_open_example.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(example) = EXAMPLES.iter().find(|example| example.id == select.value()) {
                on_open_example.emit(example.id);
            }
            select.set_value("");
        })
    };
    let export = |what: Export| props.on_export.reform(move |_: MouseEvent| what);
    let export_json = export(Export::Scenario);
    let export_trace = export(Export::Trace);
    let export_svg = export(Export::Svg { whole: *whole });
    let export_png = export(Export::Png { whole: *whole });
    let import_json = props
        .on_open_file
        .reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>());
    let set_whole = |value: bool| {
        let whole = whole.clone();
        Callback::from(move |_: Event| whole.set(value))
    };
    let examples = |protocol: &'static str| {
        EXAMPLES
            .iter()
            .filter(move |example| example.page() == protocol)
            .map(|example| {
                let about = props
                    .abouts
                    .iter()
                    .find(|(id, _)| *id == example.id)
                    .map(|(_, about)| *about);
                html! { <option value={example.id} title={about}>{example.title}</option> }
            })
    };
    html! {
        <section class="panel scenarios" aria-label="Scenarios">
            <header class="panel-head"><h2>{"Scenarios"}</h2></header>
            <div class="setting">
                <label class="name" for="gallery">{"Gallery"}</label>
                <select id="gallery" data-testid="gallery" onchange={open_example}>
                    <option value="" selected=true>{"Open an example…"}</option>
                    <optgroup label="Storage designs 1, 2, 3 and 5">{ for examples("designs") }</optgroup>
                    <optgroup label="Single-decree Paxos (design 4)">{ for examples("paxos") }</optgroup>
                    <optgroup label="Multi-Paxos">{ for examples("multi") }</optgroup>
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
