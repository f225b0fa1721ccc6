//! The model checker, in a Web Worker: starting a search of the page's
//! run, hearing its progress and its result, and stopping it.
//!
//! The worker and its wasm bundle (`crates/tools/src/checker.rs`, the
//! CLI's `paxos_check` search) are built by `scripts/pages.sh`; a page
//! names the worker's script in a `<meta name="paxos-checker">` and starts
//! it only when a student presses Check, so no page's bundle holds the
//! checker. One worker runs one search; cancelling terminates it, which
//! stops the search wherever it is. The page and the worker speak in link
//! bytes: the run as a scenario in, the shortest counterexample out.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
let worker = null;
export function checker_start(root, bytes, bounds, listen) {
  if (worker) worker.terminate();
  const meta = document.querySelector('meta[name="paxos-checker"]');
  if (!meta) throw new Error('this page was built without the model checker');
  worker = new Worker(new URL(root + meta.content, location.origin), { type: 'module' });
  worker.onmessage = ({ data }) => listen(data);
  worker.onerror = (e) => {
    e.preventDefault();
    listen({ kind: 'error', message: 'the model checker could not start (' + (e.message || 'no reason given') + ')' });
  };
  worker.postMessage({ bytes, bounds });
}
export function checker_stop() {
  if (worker) worker.terminate();
  worker = null;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn checker_start(
        root: &str,
        bytes: &[u8],
        bounds: &[u32],
        listen: &js_sys::Function,
    ) -> Result<(), JsValue>;
    fn checker_stop();
}

/// How far a search has got.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub states: u64,
    pub unique: u64,
    pub depth: u32,
    /// The worker's wasm heap.
    pub bytes: u64,
    pub elapsed_s: f64,
}

/// A finished search, as the worker summed it up.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Finished {
    /// `ok`, `violation` or `out_of_memory`.
    pub result: String,
    pub property: Option<String>,
    pub detail: Option<String>,
    /// What it covered, in words.
    pub covered: String,
    pub progress: Progress,
    /// The counterexample: its steps in the network panel's words, its
    /// choices, and the scenario to open (link bytes).
    pub steps: Vec<String>,
    pub choices: u32,
    pub scenario: Option<Vec<u8>>,
}

/// What the worker says.
pub enum Heard {
    Progress(Progress),
    Done(Finished),
    Failed(String),
}

fn field(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn number(value: &JsValue, name: &str) -> f64 {
    field(value, name).as_f64().unwrap_or(0.0)
}

fn progress_of(value: &JsValue, elapsed_s: f64) -> Progress {
    Progress {
        states: number(value, "states") as u64,
        unique: number(value, "unique") as u64,
        depth: number(value, "depth") as u32,
        bytes: number(value, "bytes") as u64,
        elapsed_s,
    }
}

/// A message of the worker, read.
fn heard(data: &JsValue) -> Heard {
    let elapsed_s = number(data, "elapsed_s");
    match field(data, "kind").as_string().as_deref() {
        Some("progress") => Heard::Progress(progress_of(&field(data, "progress"), elapsed_s)),
        Some("done") => {
            let summary = field(data, "summary");
            let text = |name| field(&summary, name).as_string();
            let steps = field(&summary, "steps");
            Heard::Done(Finished {
                result: text("result").unwrap_or_default(),
                property: text("property"),
                detail: text("detail"),
                covered: text("covered").unwrap_or_default(),
                progress: progress_of(&summary, elapsed_s),
                steps: steps
                    .dyn_ref::<Array>()
                    .map(|a| a.iter().filter_map(|s| s.as_string()).collect())
                    .unwrap_or_default(),
                choices: number(&summary, "choices") as u32,
                scenario: field(data, "bytes")
                    .dyn_ref::<Uint8Array>()
                    .map(Uint8Array::to_vec),
            })
        }
        _ => Heard::Failed(
            field(data, "message")
                .as_string()
                .unwrap_or_else(|| "the model checker stopped without a word".into()),
        ),
    }
}

/// The listener of the search running, kept alive while it runs.
type Listener = Closure<dyn FnMut(JsValue)>;

/// Starts a search of the run `bytes` holds (link bytes) within `bounds`
/// (depth, ballots per proposer, crashes, drops, duplicates, MiB, log
/// slots or 0), telling
/// `listen` what the worker says; any search running stops. The returned
/// listener must be kept until the search ends.
pub fn start(
    bytes: &[u8],
    bounds: &[u32; 7],
    mut listen: impl FnMut(Heard) + 'static,
) -> Result<Listener, String> {
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |data: JsValue| listen(heard(&data)));
    checker_start(
        &super::site::root_path(),
        bytes,
        bounds,
        listener.as_ref().unchecked_ref(),
    )
    .map_err(|e| {
        js_sys::Error::from(e)
            .message()
            .as_string()
            .unwrap_or_else(|| "the model checker could not start".into())
    })?;
    Ok(listener)
}

/// Stops the search running, if any.
pub fn stop() {
    checker_stop();
}
