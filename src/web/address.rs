//! The page's address: the one reader of its query string, and the query
//! of the addresses the page goes to.
//!
//! The query says what the page opens with and how: `?protocol=` (which
//! playground), `?lesson=` (a gallery entry), `?course=…&step=…` (a step
//! of the guided course), `?embed=1` and the embed options, `?storage=`
//! and `?stress=`. The fragment (`#s=…`) holds a run; `app` and
//! `state::write_url` own it.

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
