//! The keyboard shortcut sheet.

use crate::web::protocol::WebProtocol;
use crate::web::state::{Action, Playground};
use yew::prelude::*;

pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Space", "play or pause"),
    ("→", "step forward one event"),
    ("←", "step back one event"),
    ("+ / −", "zoom the diagram in or out (or Ctrl + wheel)"),
    ("F", "follow the live edge"),
    ("Home", "back to the very start"),
    ("Esc", "close details or this sheet"),
    ("?", "show or hide this sheet"),
];

#[derive(Properties, PartialEq)]
pub struct Props<P: WebProtocol> {
    pub state: UseReducerHandle<Playground<P>>,
}

#[function_component]
pub fn Help<P: WebProtocol>(props: &Props<P>) -> Html {
    if !props.state.show_help {
        return html! {};
    }
    let close = {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::ToggleHelp))
    };
    html! {
        <div class="overlay" onclick={close.clone()}>
            <div class="sheet" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" data-testid="shortcuts"
                onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <header class="panel-head">
                    <h2>{"Keyboard shortcuts"}</h2>
                    <button class="small" onclick={close} aria-label="Close">{"✕"}</button>
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
