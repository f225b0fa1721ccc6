//! The playground's tools bundle (`tools/` on the site), built for wasm32
//! by `scripts/pages.sh`. A page loads it the first time a student saves a
//! scenario or a trace as JSON, opens a JSON file, or exports the diagram
//! as SVG or PNG (see `web::files`); nothing else needs it, so it is not
//! part of any page's bundle.
//!
//! It speaks in link bytes (`catalog::body_bytes`), which every page reads
//! and writes for its own protocol: JSON in, bytes out, and the other way.
//! Its JSON is the CLI's (`Scenario::to_json`, `trace_lines`), so a file
//! saved in the browser and one made by `paxos gallery --export` are the
//! same file.

#[cfg(target_arch = "wasm32")]
mod exports {
    use paxos_front::catalog::Scenario;
    use paxos_front::svg::Shown;
    use wasm_bindgen::prelude::*;

    /// A scenario's link bytes as the JSON a person reads and edits.
    #[wasm_bindgen]
    pub fn scenario_json(bytes: &[u8]) -> Result<String, String> {
        Scenario::from_bytes(bytes)
            .map(|scenario| scenario.to_json())
            .map_err(|e| e.to_string())
    }

    /// A scenario file's JSON, of any protocol and version, checked and
    /// read as today's link bytes.
    #[wasm_bindgen]
    pub fn scenario_bytes(json: &str) -> Result<Vec<u8>, String> {
        Scenario::from_json(json)
            .map(|scenario| scenario.to_bytes())
            .map_err(|e| e.to_string())
    }

    /// The diagram of a scenario's run as an SVG document, drawn as the
    /// page shows it (`shown`: a `svg::Shown` in postcard).
    #[wasm_bindgen]
    pub fn picture_svg(bytes: &[u8], shown: &[u8]) -> Result<String, String> {
        let shown = Shown::from_bytes(shown)?;
        Scenario::from_bytes(bytes)
            .and_then(|scenario| scenario.picture(&shown))
            .map_err(|e| e.to_string())
    }

    /// The trace of a scenario's run, its first `position` events, as JSON
    /// lines.
    #[wasm_bindgen]
    pub fn trace_json(bytes: &[u8], position: usize) -> Result<String, String> {
        Scenario::from_bytes(bytes)
            .and_then(|scenario| scenario.trace_json(position))
            .map_err(|e| e.to_string())
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("The tools bundle runs in the browser, loaded by the playground's pages.");
        std::process::exit(2);
    }
}
