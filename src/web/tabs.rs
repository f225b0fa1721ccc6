//! Keeping tabs apart: each live run is claimed by one tab (a Web Lock held
//! for the page's life), and a tab that deletes saved data tells the others
//! (a BroadcastChannel), so that no two tabs write the same run and no tab
//! silently loses its disks to another. And what a tab keeps in its
//! session storage: which run it shows, for a reload to offer resuming.

use super::protocol::WebProtocol;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};

/// The channel tabs tell each other about deleted data on.
const CHANNEL: &str = "paxos-playground";

fn lock_name(run: &str) -> String {
    format!("paxos-playground/{run}")
}

/// Claims run `run` for this tab until the page goes away. Returns false if
/// another tab holds it. Where the browser has no Web Locks, every claim
/// succeeds (tabs cannot be told apart there).
pub async fn claim(run: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    let locks = Reflect::get(&window.navigator(), &"locks".into()).unwrap_or(JsValue::UNDEFINED);
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        return true;
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let name = JsValue::from_str(&lock_name(run));
    let got = Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |lock: JsValue| -> JsValue {
            let held = !lock.is_null();
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(held));
            if held {
                // Never settles: the lock is held for the page's life.
                Promise::new(&mut |_, _| {}).into()
            } else {
                JsValue::UNDEFINED
            }
        });
        let _ = request.call3(&locks, &name, &options, &callback);
    });
    wasm_bindgen_futures::JsFuture::from(got)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

thread_local! {
    /// This tab's end of the channel: it both listens and posts, so that a
    /// tab does not hear its own announcements.
    static CHANNEL_END: std::cell::RefCell<Option<web_sys::BroadcastChannel>> =
        const { std::cell::RefCell::new(None) };
}

/// Tells the other tabs what this one deleted: one run, or everything
/// (`None`).
pub fn announce_deleted(run: Option<&str>) {
    let message = run.map_or("cleared".to_string(), |run| format!("deleted:{run}"));
    CHANNEL_END.with(|end| {
        if let Some(channel) = end.borrow().as_ref() {
            let _ = channel.post_message(&JsValue::from_str(&message));
        }
    });
}

/// Calls `on_deleted` when another tab deletes a run (`Some(run)`) or all
/// data (`None`). Keep the returned listener alive for as long as it should
/// listen.
pub fn on_deleted(
    on_deleted: impl Fn(Option<String>) + 'static,
) -> Option<(web_sys::BroadcastChannel, gloo_events::EventListener)> {
    let channel = web_sys::BroadcastChannel::new(CHANNEL).ok()?;
    CHANNEL_END.with(|end| *end.borrow_mut() = Some(channel.clone()));
    let listener = gloo_events::EventListener::new(&channel, "message", move |event| {
        let Some(text) = event
            .dyn_ref::<web_sys::MessageEvent>()
            .and_then(|e| e.data().as_string())
        else {
            return;
        };
        match text.strip_prefix("deleted:") {
            Some(run) => on_deleted(Some(run.to_string())),
            None if text == "cleared" => on_deleted(None),
            None => {}
        }
    });
    Some((channel, listener))
}

/// Where a tab remembers which run it is showing, so that a reload can
/// offer to resume it.
const SESSION_KEY: &str = "paxos-playground-run";

/// Each protocol's playground remembers its own run.
fn session_key<P: WebProtocol>() -> String {
    match P::NAME {
        "paxos" => SESSION_KEY.to_string(),
        name => format!("{SESSION_KEY}-{name}"),
    }
}

pub fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Remembers, for this tab only, which run it shows.
pub fn remember_run<P: WebProtocol>(run: &str) {
    if let Some(session) = session() {
        let _ = session.set_item(&session_key::<P>(), run);
    }
}

/// The run this tab remembers showing. (The page asks only after a real
/// reload of that run: opening an example, a course step or a link is not a
/// power failure, and offers nothing; see `address::start`.)
pub fn remembered_run<P: WebProtocol>() -> Option<String> {
    session()?.get_item(&session_key::<P>()).ok()?
}

/// Claims `run` for this tab, in the background (see [`claim`]).
pub fn claim_in_background(run: &str) {
    let run = run.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        claim(&run).await;
    });
}
