//! Keyboard shortcuts.

use crate::web::board::{BoardHandle, Cmd};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// The command a key press stands for, if any.
fn shortcut(key: &str) -> Option<Cmd> {
    Some(match key {
        " " => Cmd::TogglePlay,
        "ArrowRight" => Cmd::Step,
        "ArrowLeft" => Cmd::StepBack,
        "+" | "=" => Cmd::Zoom(1.25),
        "-" | "_" => Cmd::Zoom(0.8),
        "f" | "F" => Cmd::SetFollow(true),
        "c" | "C" => Cmd::ToggleCompress,
        "Home" => Cmd::Rewind,
        "Escape" => Cmd::Select(None),
        "?" => Cmd::ToggleHelp,
        _ => return None,
    })
}

/// Keyboard shortcuts, except while typing in a field.
#[hook]
pub fn use_shortcuts(board: BoardHandle) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            // Not passive: a handled shortcut must stop the browser's
            // default (Space scrolling the page, say).
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            gloo_events::EventListener::new_with_options(
                &window,
                "keydown",
                options,
                move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let typing = event
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                        });
                    if (typing && event.key() != "Escape")
                        || event.ctrl_key()
                        || event.meta_key()
                        || event.alt_key()
                    {
                        return;
                    }
                    if matches!(event.key().as_str(), "m" | "M") {
                        // Be the network, or stop being it.
                        event.prevent_default();
                        board.send(Cmd::SetManual(!board.manual()));
                        return;
                    }
                    if let Some(cmd) = shortcut(&event.key()) {
                        event.prevent_default();
                        if event.key() == "Escape" {
                            // Esc closes what is open: the shortcut sheet,
                            // the notice, the message details.
                            board.send(Cmd::CloseHelp);
                            board.send(Cmd::SetNotice(None));
                        }
                        board.send(cmd);
                    }
                },
            )
        });
        move || drop(listener)
    });
}
