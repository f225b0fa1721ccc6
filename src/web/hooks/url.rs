//! The address bar: it follows the run, and a link pasted into it opens.

use crate::web::board::BoardHandle;
use yew::prelude::*;

/// The shortest time between two rewrites of the address bar, in ms.
const URL_GAP_MS: f64 = 400.0;

/// Keeps the run in the address bar as it changes: at once, but not more
/// than every `URL_GAP_MS` (browsers limit how often a page may rewrite its
/// address), with the last change written when the gap is over. (The
/// board is read only from the render that made it, or from a timer that
/// lives at most one gap: a reducer handle kept longer would keep every
/// state it has seen.)
///
/// A link pasted into the address bar (or any change of the fragment the
/// page did not make: its own rewrites fire no event) reloads the page, so
/// that the link opens.
#[hook]
pub fn use_url(board: BoardHandle) {
    use_effect_with((), |_| {
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "hashchange", |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            })
        });
        move || drop(listener)
    });
    let last_ms = use_mut_ref(|| f64::NEG_INFINITY);
    let trailing = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let identity = board.identity;
    use_effect_with(identity, move |_| {
        let now = js_sys::Date::now();
        let wait = URL_GAP_MS - (now - *last_ms.borrow());
        if wait <= 0.0 {
            *last_ms.borrow_mut() = now;
            write(&board);
            crate::web::mark_page("address", "written");
        } else {
            // The newest state is read when the timer fires.
            let last_ms = last_ms.clone();
            crate::web::mark_page("address", "waiting");
            *trailing.borrow_mut() = Some(gloo_timers::callback::Timeout::new(
                wait.ceil() as u32,
                move || {
                    *last_ms.borrow_mut() = js_sys::Date::now();
                    write(&board);
                    crate::web::mark_page("address", "written");
                },
            ));
        }
    });
}

/// Writes the run's link into the address bar, if it changed.
fn write(board: &BoardHandle) {
    if let Some(link) = board.address_change() {
        crate::web::address::write_address(&link);
    }
}
