//! The keyboard shortcuts, and the sheet that lists them while it is open.

use super::shortcut_sheet::ShortcutSheet;
use yew::prelude::*;

pub const SHORTCUTS: [(&str, &str); 10] = [
    ("Space", "play or pause"),
    (
        "→",
        "step forward one event (you are the network: pick the earliest)",
    ),
    ("←", "step back one event"),
    ("+ / −", "zoom the diagram in or out (or Ctrl + wheel)"),
    ("F", "follow the live edge"),
    ("C", "fold or unfold quiet time"),
    ("Home", "back to the very start"),
    (
        "M",
        "be the network, or stop: nothing happens until you pick it",
    ),
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
    html! { <ShortcutSheet on_close={props.on_close.clone()} /> }
}
