//! The link Share made, to copy.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub link: String,
    pub on_close: Callback<MouseEvent>,
}

/// The link Share made, selected for copying, with a copy button.
#[function_component]
pub fn ShareLink(props: &Props) -> Html {
    let copied = use_state(|| false);
    let copy = {
        let link = props.link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
                return;
            };
            // Only pages served over https (or from localhost) have a
            // clipboard; elsewhere the field is there to copy by hand.
            let has_clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into())
                .is_ok_and(|c| !c.is_undefined());
            if !has_clipboard {
                return;
            }
            let promise = navigator.clipboard().write_text(&link);
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
                    copied.set(true);
                }
            });
        })
    };
    let select = Callback::from(|e: FocusEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.select();
    });
    html! {
        <div class="share" data-testid="share-panel" role="region" aria-label="Share this run">
            <span>{"This link replays the run exactly, to this moment, with your view. The address bar keeps it up to date as you go."}</span>
            <input data-testid="share-link" readonly=true value={props.link.clone()}
                aria-label="Share link" onfocus={select} />
            <span class="hint" data-testid="share-length">{format!("{} characters", props.link.len())}</span>
            <button class="small primary" data-testid="copy-link" onclick={copy}>
                { if *copied { "Copied" } else { "Copy" } }
            </button>
            <button class="small" onclick={props.on_close.clone()} aria-label="Close">{"✕"}</button>
        </div>
    }
}
