//! The keyboard shortcut sheet.

use yew::prelude::*;

pub const SHORTCUTS: [(&str, &str); 9] = [
    ("Space", "play or pause"),
    ("→", "step forward one event"),
    ("←", "step back one event"),
    ("+ / −", "zoom the diagram in or out (or Ctrl + wheel)"),
    ("F", "follow the live edge"),
    ("C", "fold or unfold quiet time"),
    ("Home", "back to the very start"),
    ("Esc", "close this sheet, a dialog, or the message details"),
    ("?", "show or hide this sheet"),
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub open: bool,
    pub on_close: Callback<()>,
}

#[function_component]
pub fn Help(props: &Props) -> Html {
    if !props.open {
        return html! {};
    }
    html! { <Sheet on_close={props.on_close.clone()} /> }
}

#[derive(Properties, PartialEq)]
struct SheetProps {
    on_close: Callback<()>,
}

/// The open sheet (Esc, a shortcut of the page's, closes it).
#[function_component]
fn Sheet(props: &SheetProps) -> Html {
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
