//! The snippet generator: choose what an embedded playground shows, see it
//! live, and copy the `<iframe>` for a course page.

use crate::web::address::page_address;
use crate::web::embed::{SnippetOptions, CONTROLS, PANELS};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The protocol's name (`paxos`, `multi`, `designs`).
    pub protocol: &'static str,
    /// The run as a scenario (a link's bytes), asked for once, when the
    /// sheet opens.
    pub scenario: Callback<(), Vec<u8>>,
    /// The opened scenario's title, for the frame's.
    pub title: Option<String>,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn EmbedSheet(props: &Props) -> Html {
    let first = crate::web::dialog::use_dialog(Some(props.on_close.clone()));
    let close = props.on_close.reform(|_: MouseEvent| ());
    let protocol = props.protocol;
    let options = use_state(|| SnippetOptions::for_protocol(protocol));
    // The run's compressed link, made once when the sheet opens.
    let link = use_state(|| None::<String>);
    {
        let link = link.clone();
        let scenario = props.scenario.clone();
        use_effect_with((), move |_| {
            let bytes = scenario.emit(());
            wasm_bindgen_futures::spawn_local(async move {
                let stored = paxos_front::catalog::stored_link(&bytes);
                let made = crate::web::link::encode(bytes).await;
                link.set(Some(made.unwrap_or(stored)));
            });
        });
    }
    let toggle = |list: fn(&mut SnippetOptions) -> &mut Vec<&'static str>, item: &'static str| {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*options).clone();
            let items = list(&mut next);
            items.retain(|i| *i != item);
            if input.checked() {
                items.push(item);
            }
            options.set(next);
        })
    };
    let flag = |set: fn(&mut SnippetOptions, bool)| {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*options).clone();
            set(&mut next, input.checked());
            options.set(next);
        })
    };
    let on_height = {
        let options = options.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*options).clone();
            next.height_px = input
                .value()
                .trim()
                .parse::<u32>()
                .ok()
                .map(|px| px.clamp(100, 4_000));
            options.set(next);
        })
    };
    let title = props.title.as_deref().unwrap_or("Paxos Playground");
    let code = link.as_ref().map(|link| {
        let src = options.src(&page_address(false), link);
        (options.html(&src, title), src)
    });
    let select = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="sheet embed-sheet" role="dialog" aria-modal="true" aria-label="Embed this run" data-testid="embed-sheet"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header class="panel-head">
                    <h2>{"Embed this run in a course page"}</h2>
                    <button class="small" ref={first} onclick={close} aria-label="Close" data-testid="close-embed">{"✕"}</button>
                </header>
                <div class="embed-grid">
                    <div class="embed-options">
                        <fieldset>
                            <legend>{"Controls"}</legend>
                            { for CONTROLS.iter().map(|(id, name)| html! {
                                <label class="choice"><input type="checkbox" data-testid={format!("embed-control-{id}")}
                                    checked={options.controls.contains(id)} onchange={toggle(|o| &mut o.controls, id)} />{*name}</label>
                            }) }
                        </fieldset>
                        <fieldset>
                            <legend>{"Panels"}</legend>
                            { for PANELS.iter().map(|(id, name)| html! {
                                <label class="choice"><input type="checkbox" data-testid={format!("embed-panel-{id}")}
                                    checked={options.panels.contains(id)} onchange={toggle(|o| &mut o.panels, id)} />{*name}</label>
                            }) }
                        </fieldset>
                        <fieldset>
                            <legend>{"Playback"}</legend>
                            <label class="choice"><input type="checkbox" data-testid="embed-autoplay" checked={options.autoplay}
                                onchange={flag(|o, v| o.autoplay = v)} />{"Autoplay"}</label>
                            <label class="choice"><input type="checkbox" data-testid="embed-loop" checked={options.looping}
                                onchange={flag(|o, v| o.looping = v)} />{"Loop"}</label>
                        </fieldset>
                        <label class="choice">{"Diagram height"}
                            <input type="number" min="100" max="4000" step="20" placeholder="auto" data-testid="embed-height"
                                value={options.height_px.map(|px| px.to_string()).unwrap_or_default()} onchange={on_height} />
                            {"px"}
                        </label>
                        <p class="hint">{"Empty: automatic. The embedded page reports its height to the host page (see the README's postMessage API)."}</p>
                    </div>
                    <div class="embed-result">
                        if let Some((html_code, src)) = code {
                            <textarea readonly=true rows="4" data-testid="embed-code" aria-label="HTML to paste" onfocus={select}
                                value={html_code} />
                            <iframe class="embed-preview" data-testid="embed-preview" title="Preview" src={src} />
                        } else {
                            <p class="hint">{"Making the link…"}</p>
                        }
                    </div>
                </div>
            </div>
        </div>
    }
}
