//! What every dialog does: the focus moves into it when it opens and back
//! to where it was when it closes, and Esc closes it.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// Call in a dialog's component (mounted when it opens). Returns the ref
/// to put on the element that takes the focus (its close button). With
/// `on_escape`, Esc closes it (dialogs the page's own shortcuts do not
/// already close).
#[hook]
pub fn use_dialog(on_escape: Option<Callback<()>>) -> NodeRef {
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let previous = document
                .as_ref()
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(el) = first.cast::<HtmlElement>() {
                let _ = el.focus();
            }
            let listener = on_escape.and_then(|close| {
                let window = web_sys::window()?;
                Some(gloo_events::EventListener::new(
                    &window,
                    "keydown",
                    move |event| {
                        if event
                            .dyn_ref::<KeyboardEvent>()
                            .is_some_and(|e| e.key() == "Escape")
                        {
                            close.emit(());
                        }
                    },
                ))
            });
            move || {
                drop(listener);
                if let Some(previous) = previous {
                    let _ = previous.focus();
                }
            }
        });
    }
    first
}
