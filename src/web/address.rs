//! The page's address: the one reader of its query string, and the query
//! of the addresses the page goes to; the address bar, which the page
//! keeps its run in; and what the page opens with ([`start`]).
//!
//! The query says what the page opens with and how: `?protocol=` (which
//! playground), `?example=` (an example of the gallery; `?lesson=` before
//! version 4), `?course=…&step=…` (a step
//! of the guided course), `?embed=1` and the embed options, `?storage=`
//! and `?stress=`. The fragment (`#s=…`) holds a run: [`link_param`]
//! reads it, and [`write_address`] (called from the hooks, never from the
//! reducer) rewrites it.

use super::protocol::WebProtocol;
use super::state::Start;
use super::store::Disk;
use web_sys::UrlSearchParams;

/// The page's query string, parsed.
pub struct Query(Option<UrlSearchParams>);

impl Query {
    /// The query of the page's address now.
    pub fn of_page() -> Query {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        Query(UrlSearchParams::new_with_str(&search).ok())
    }

    /// A parameter's value, if it is there.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0.as_ref()?.get(name)
    }

    /// Whether a parameter is there, with any value.
    pub fn has(&self, name: &str) -> bool {
        self.0.as_ref().is_some_and(|p| p.has(name))
    }

    /// A switch: `1` or `true`.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name).as_deref(), Some("1" | "true"))
    }

    /// `?embed=1`: the page is embedded in another.
    pub fn embedded(&self) -> bool {
        self.flag("embed")
    }

    /// The query (without its `?`) with `drop` taken out and `set` put in,
    /// for an address the page goes to with the same options.
    pub fn rewritten(&self, drop: &[&str], set: &[(&str, &str)]) -> String {
        match &self.0 {
            Some(params) => {
                for name in drop {
                    params.delete(name);
                }
                for (name, value) in set {
                    params.set(name, value);
                }
                String::from(params.to_string())
            }
            None => set
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect::<Vec<_>>()
                .join("&"),
        }
    }
}

/// Puts this page's address with `link` in its fragment (`#s=…`) into the
/// address bar, in place (replaced, not pushed: the back button is not
/// filled with every step).
///
/// The tab remembers which link it wrote last, so that the page can tell
/// a reload (or a duplicated tab), which opens that very link, from
/// opening an example, a course step or another link.
pub fn write_address(link: &str) {
    let url = page_url(link);
    if let Some(Ok(history)) = web_sys::window().map(|w| w.history()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    if let Some(session) = super::tabs::session() {
        let _ = session.set_item(ADDRESS_KEY, &link_key(link));
    }
}

/// Where a tab remembers the last link it wrote into its address bar.
const ADDRESS_KEY: &str = "paxos-playground-address";

/// A short fingerprint of a link.
fn link_key(link: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(link.as_bytes()))
}

/// The scenario link in the page's fragment (`#s=s4.…`), if any.
pub fn link_param() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.strip_prefix('#').unwrap_or(&hash);
    hash.split('&')
        .find_map(|part| part.strip_prefix("s="))
        .map(String::from)
}

/// The page opened on the link this tab last wrote into its address bar:
/// it was reloaded (or the tab duplicated), not sent somewhere new.
pub fn reopened() -> bool {
    let written = super::tabs::session().and_then(|s| s.get_item(ADDRESS_KEY).ok().flatten());
    let same_link = match (link_param(), written) {
        (Some(link), Some(written)) => link_key(&link) == written,
        _ => false,
    };
    same_link || navigation_type().as_deref() == Some("reload")
}

/// How the browser got to this page: `navigate`, `reload` or
/// `back_forward` (the Navigation Timing entry's type).
fn navigation_type() -> Option<String> {
    let entries = web_sys::window()?
        .performance()?
        .get_entries_by_type("navigation");
    let entry = entries.get(0);
    js_sys::Reflect::get(&entry, &"type".into())
        .ok()?
        .as_string()
}

/// This page's address with `link` in its fragment, without writing it.
pub fn page_url(link: &str) -> String {
    format!("{}#s={link}", page_address(true))
}

/// This page's address without its fragment: origin and path, and the
/// query if `with_query`.
pub fn page_address(with_query: bool) -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let mut address = location.origin().unwrap_or_default();
    address += &location.pathname().unwrap_or_default();
    if with_query {
        address += &location.search().unwrap_or_default();
    }
    address
}

/// What the page opens with, read from its address and the tab's session
/// once, before the first state is made: the reducer reads neither.
pub fn start<P: WebProtocol>() -> Start {
    let embedded = embedded();
    Start {
        disk: storage_param(),
        stress: stress_param(),
        embedded,
        previous_run: (!embedded && reopened())
            .then(super::tabs::remembered_run::<P>)
            .flatten(),
    }
}

/// `?storage=memory` keeps the disks in memory (for trying the playground
/// without IndexedDB); `?storage=indexeddb` asks for IndexedDB even where
/// the default is memory (the stress test).
fn storage_param() -> Option<Disk> {
    if embedded() {
        return Some(Disk::Memory {
            why: "an embedded playground keeps its disks in memory".to_string(),
        });
    }
    let param = Query::of_page().get("storage")?;
    match param.as_str() {
        "memory" => Some(Disk::Memory {
            why: "?storage=memory was asked for".to_string(),
        }),
        _ => Some(Disk::Opening),
    }
}

/// The page is embedded in another (`?embed=1`): its disks stay in memory,
/// and it neither offers to resume runs nor rewrites its address.
fn embedded() -> bool {
    Query::of_page().embedded()
}

/// The `?stress=N` switch: load a never-ending duel simulated up to N
/// messages, for trying (and benchmarking) the diagram on huge traces.
fn stress_param() -> Option<Result<u64, String>> {
    let raw = Query::of_page().get("stress")?;
    let max = paxos_front::bench::STRESS_MESSAGES_MAX;
    Some(
        raw.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                format!(
                    "?stress= takes a number of messages from 1 to {max}; {raw:?} is not one. \
                     Showing the default scenario instead."
                )
            }),
    )
}
