//! The keyboard shortcut sheet, open.

use super::help::SHORTCUTS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

/// The open sheet (Esc, a shortcut of the page's, closes it).
#[function_component]
pub fn ShortcutSheet(props: &Props) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    let first = crate::web::dialog::use_dialog(None);
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="sheet" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header class="panel-head">
                    <h2>{"Keyboard shortcuts"}</h2>
                    <button class="small" ref={first} onclick={close} aria-label="Close" data-testid="close-shortcuts">{"✕"}</button>
                </header>
                <table>
                    { for SHORTCUTS.iter().map(|(key, what)| html! {
                        <tr><td><kbd>{*key}</kbd></td><td>{*what}</td></tr>
                    }) }
                </table>
            </div>
        </div>
    }
}
