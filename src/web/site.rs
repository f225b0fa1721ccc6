//! The site: one page per protocol, each its own wasm bundle, so a page
//! carries one protocol's simulator, timeline and components, not all of
//! them.
//!
//! The single-decree playground is the site's root (`index.html`, built by
//! Trunk); Multi-Paxos lives in `multi/` (built by `scripts/pages.sh`, a
//! Trunk post-build hook, so `trunk serve` serves it too). A request for a
//! protocol this bundle does not have (`?protocol=`, a scenario link of
//! another protocol, the header's switch) goes to that protocol's page,
//! with the same query and fragment. Paths are relative to the site's
//! root, wherever it is hosted.

use std::cell::Cell;

/// One page of the site.
pub struct PageInfo {
    /// The protocol it shows ([`paxos_core::protocol::Protocol::NAME`]).
    pub protocol: &'static str,
    /// Its directory under the site's root (`""` for the root itself).
    pub dir: &'static str,
    /// Its name in the header's switch.
    pub label: &'static str,
}

/// Every page, in the header's order.
pub const PAGES: [PageInfo; 3] = [
    PageInfo {
        protocol: "designs",
        dir: "designs/",
        label: "Designs 1–5",
    },
    PageInfo {
        protocol: "paxos",
        dir: "",
        label: "Single-decree",
    },
    PageInfo {
        protocol: "multi",
        dir: "multi/",
        label: "Multi-Paxos",
    },
];

/// The page showing `protocol`: a family (`paxos`, `multi`, `designs`),
/// or a storage design's name. (`single`, as a `?protocol=`, is Paxos, its
/// name before scenario version 2; the single-server design is reached as
/// `?protocol=designs&design=single`, or by its scenarios and lessons.)
pub fn page_of(protocol: &str) -> Option<&'static PageInfo> {
    let family = match protocol {
        "single" => "paxos",
        design if design.parse::<paxos_core::designs::Design>().is_ok() => "designs",
        other => other,
    };
    PAGES.iter().find(|p| p.protocol == family)
}

thread_local! {
    /// The directory of the page this bundle is (set once, at start).
    static HERE: Cell<&'static str> = const { Cell::new("") };
}

pub(super) fn set_here(dir: &'static str) {
    HERE.with(|h| h.set(dir));
}

/// The path of the site's root, from this page's path (`/course/paxos/`
/// from `/course/paxos/multi/` or `/course/paxos/multi/index.html`).
pub fn root_path() -> String {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".into());
    root_of(&path, HERE.with(Cell::get))
}

/// `path` (a page's path) without its file and `here` (its directory).
pub fn root_of(path: &str, here: &str) -> String {
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    dir.strip_suffix(here).unwrap_or(dir).to_string()
}

/// The path of the page showing `protocol`, if the site has one.
pub fn page_path(protocol: &str) -> Option<String> {
    page_of(protocol).map(|page| format!("{}{}", root_path(), page.dir))
}

/// Whether this bundle is the page of `protocol`.
pub fn is_here(protocol: &str) -> bool {
    page_of(protocol).is_some_and(|page| page.dir == HERE.with(Cell::get))
}

/// Goes to `protocol`'s page, with `query` (with or without its `?`) and
/// `fragment` (without `#`): in place of this page (`replace`, for a
/// redirect), or as a new history entry (so Back returns). Returns false if
/// the site has no such page.
pub fn go_to(protocol: &str, query: &str, fragment: &str, replace: bool) -> bool {
    let Some(path) = page_path(protocol) else {
        return false;
    };
    let query = query.trim_start_matches('?');
    let mut url = path;
    if !query.is_empty() {
        url = format!("{url}?{query}");
    }
    if !fragment.is_empty() {
        url = format!("{url}#{fragment}");
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    if replace {
        location.replace(&url).is_ok()
    } else {
        location.assign(&url).is_ok()
    }
}

/// Goes to `address` (a path and query on this site), as a new history
/// entry, so that Back returns.
pub fn go(address: &str) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.assign(address);
    }
}
