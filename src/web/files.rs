//! Files in and out of the browser: a scenario as JSON (the same format as
//! `paxos gallery --export` and `--scenario FILE`), the trace as JSON lines,
//! and the diagram as SVG or PNG.
//!
//! JSON is made and read by the tools bundle (`crates/tools`, the CLI's own
//! serde_json code), and the SVG drawn there too (`svg::picture_of`), loaded
//! the first time it is needed: the page itself holds no JSON code, no SVG
//! code and no other protocol's reader. The page and the
//! tools speak in link bytes. A file of another protocol is handed over to
//! that protocol's page ([`hand_over`]).

use paxos_front::catalog::{read_bytes, Found, Listed};
use paxos_front::svg::Shown;
use paxos_sim::scenario::{ScenarioError, MAX_DECODED_BYTES, SCENARIO_VERSION};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
// The tools bundle (crates/tools), loaded once, on first use.
// A failed import stays failed for the page's life, so a retry asks for
// the module under a new address.
let tools = null;
let attempts = 0;
function tools_module(root) {
  if (tools === null) {
    const meta = document.querySelector('meta[name="paxos-tools"]');
    if (!meta) return Promise.reject(new Error('this page was built without its tools bundle'));
    const url = new URL(root + meta.content, location.origin);
    if (attempts > 0) url.searchParams.set('attempt', String(attempts));
    attempts += 1;
    tools = import(url.href)
      .then(async (m) => { await m.default(); return m; })
      .catch((e) => {
        tools = null;
        throw new Error('the tools for saving and opening files could not be loaded (' + (e && e.message || e) + '); try again');
      });
  }
  return tools;
}
export async function tool_scenario_json(root, bytes) {
  return (await tools_module(root)).scenario_json(bytes);
}
export async function tool_scenario_bytes(root, text) {
  return (await tools_module(root)).scenario_bytes(text);
}
export async function tool_trace_json(root, bytes, position) {
  return (await tools_module(root)).trace_json(bytes, position);
}
export async function tool_picture_svg(root, bytes, shown) {
  return (await tools_module(root)).picture_svg(bytes, shown);
}
export function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
export async function download_png(name, svg, scale) {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.width * scale);
    canvas.height = Math.ceil(image.height * scale);
    const context = canvas.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    const png = await new Promise((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture is too large for a PNG'))), 'image/png'));
    download(name, 'image/png', png);
  } finally {
    URL.revokeObjectURL(url);
  }
}
export async function file_text(input, limit) {
  const file = input.files && input.files[0];
  if (!file) return null;
  if (file.size > limit) throw new Error(file.name + ' is ' + file.size + ' bytes; at most ' + limit + ' are read');
  return await file.text();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn tool_scenario_json(root: &str, bytes: &[u8]) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn tool_scenario_bytes(root: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn tool_trace_json(root: &str, bytes: &[u8], position: u32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn tool_picture_svg(root: &str, bytes: &[u8], shown: &[u8]) -> Result<JsValue, JsValue>;
    /// Saves `content` (a string or a Blob) as a file.
    pub fn download(name: &str, mime: &str, content: &JsValue);
    #[wasm_bindgen(catch)]
    async fn download_png(name: &str, svg: &str, scale: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn file_text(input: &web_sys::HtmlInputElement, limit: u32) -> Result<JsValue, JsValue>;
}

/// What a thrown JavaScript error (or the tools' error text) says.
fn message(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| {
        js_sys::Error::from(e)
            .message()
            .as_string()
            .unwrap_or_else(|| "an unknown error".into())
    })
}

/// What the tools bundle answered: text, or why not (it could not be
/// loaded, or the input was wrong).
fn text(answer: Result<JsValue, JsValue>) -> Result<String, String> {
    let value = answer.map_err(message)?;
    value
        .as_string()
        .ok_or_else(|| "the tools bundle gave no text".to_string())
}

/// A scenario (its link bytes, `catalog::body_bytes`) as the JSON a person
/// reads and edits: the version and the protocol first, then the body.
pub async fn scenario_json(bytes: Vec<u8>) -> Result<String, String> {
    text(tool_scenario_json(&super::site::root_path(), &bytes).await)
}

/// The trace of a scenario's run up to `position` (the cursor's) as JSON
/// lines, the CLI's `--trace`.
pub async fn trace_json(bytes: Vec<u8>, position: usize) -> Result<String, String> {
    let position = u32::try_from(position).map_err(|_| "the run is too long to export")?;
    text(tool_trace_json(&super::site::root_path(), &bytes, position).await)
}

/// The diagram of a scenario's run as an SVG document, drawn by the tools
/// bundle as the page shows it (`shown`).
pub async fn picture_svg(bytes: Vec<u8>, shown: &Shown) -> Result<String, String> {
    text(tool_picture_svg(&super::site::root_path(), &bytes, &shown.to_bytes()).await)
}

/// A file the user asked to make from the run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Export {
    /// The run as a scenario, in JSON.
    Scenario,
    /// Every event up to the cursor, one JSON object per line.
    Trace,
    /// The diagram as an SVG: the view, or the `whole` run to the cursor.
    Svg { whole: bool },
    /// The same as a PNG, at twice the size (for slides).
    Png { whole: bool },
}

impl Export {
    /// How a message names the file (`No SVG was made`).
    fn what(self) -> &'static str {
        match self {
            Export::Scenario => "JSON",
            Export::Trace => "trace",
            Export::Svg { .. } => "SVG",
            Export::Png { .. } => "PNG",
        }
    }

    /// The file's name after `stem` (`paxos-seed1`), and its type.
    fn name(self, stem: &str) -> (String, &'static str) {
        let (what, mime) = match self {
            Export::Scenario => ("scenario.json", "application/json"),
            Export::Trace => ("trace.jsonl", "application/x-ndjson"),
            Export::Svg { .. } => ("diagram.svg", "image/svg+xml"),
            Export::Png { .. } => ("diagram.png", "image/png"),
        };
        (format!("{stem}-{what}"), mime)
    }
}

/// Makes file `what` of a run and downloads it as `STEM-…`: `bytes` are
/// the run's scenario (its link bytes), `position` the cursor's, and
/// `shown` how the page shows the run (for a picture). Says why if no file
/// was made.
pub async fn export(
    what: Export,
    stem: &str,
    bytes: Vec<u8>,
    position: usize,
    shown: &Shown,
) -> Result<(), String> {
    let (name, mime) = what.name(stem);
    let made = match what {
        Export::Scenario => scenario_json(bytes).await,
        Export::Trace => trace_json(bytes, position).await,
        Export::Svg { .. } | Export::Png { .. } => picture_svg(bytes, shown).await,
    };
    let made = match (made, what) {
        (Ok(svg), Export::Png { .. }) => save_png(&name, &svg, 2.0).await,
        (Ok(text), _) => {
            download(&name, mime, &JsValue::from_str(&text));
            Ok(())
        }
        (Err(e), _) => Err(e),
    };
    made.map_err(|e| format!("No {} was made: {e}.", what.what()))
}

/// Reads a scenario's JSON as `P`'s, unless it is another family's,
/// checking the version, the protocol and every bound, like
/// `Scenario::from_json` does natively (the tools bundle is that code).
pub async fn read_scenario<P: Listed>(text: &str) -> Result<Found<P>, ScenarioError> {
    let bytes = tool_scenario_bytes(&super::site::root_path(), text)
        .await
        .map_err(|e| ScenarioError(message(e)))?;
    let bytes = bytes
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| ScenarioError("the tools bundle gave no scenario".into()))?
        .to_vec();
    read_bytes::<P>(SCENARIO_VERSION, &bytes)
}

/// The text of the file chosen in `input`, if one was.
pub async fn chosen_file(input: &web_sys::HtmlInputElement) -> Result<Option<String>, String> {
    let text = file_text(input, MAX_DECODED_BYTES as u32)
        .await
        .map_err(message)?;
    Ok(text.as_string())
}

/// Saves an SVG document as a PNG, `scale` times its size (2 for slides).
pub async fn save_png(name: &str, svg: &str, scale: f64) -> Result<(), String> {
    download_png(name, svg, scale)
        .await
        .map(|_| ())
        .map_err(message)
}

/// Where a scenario file opened on another family's page waits for it.
const HANDED_KEY: &str = "paxos-playground-file";

/// Sends a scenario file of another family to that family's page, which
/// opens it: the text waits in the tab's sessionStorage, and the page is
/// opened with `?open=file` (and the same options).
pub fn hand_over(family: &str, text: &str) -> Result<(), String> {
    let session = super::tabs::session()
        .ok_or("this browser keeps no storage for the tab to hand it over")?;
    session
        .set_item(HANDED_KEY, text)
        .map_err(|_| "the browser would not keep it to hand it over to its page")?;
    let query = super::address::Query::of_page().rewritten(&["protocol"], &[("open", "file")]);
    if super::site::go_to(family, &query, "", false) {
        Ok(())
    } else {
        let _ = session.remove_item(HANDED_KEY);
        Err(format!(
            "this playground has no page for {family} scenarios"
        ))
    }
}

/// `?open=file`: the scenario file another page handed over, or why it
/// is missing. It is taken, and `open` leaves the address, so a reload
/// opens the run the address bar holds by then instead.
pub fn handed_over() -> Option<Result<String, String>> {
    let query = super::address::Query::of_page();
    if query.get("open").as_deref() != Some("file") {
        return None;
    }
    let window = web_sys::window()?;
    let location = window.location();
    let rest = query.rewritten(&["open"], &[]);
    let mut address = location.pathname().unwrap_or_default();
    if !rest.is_empty() {
        address = format!("{address}?{rest}");
    }
    address += &location.hash().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address));
    }
    let session = super::tabs::session();
    let text = session
        .as_ref()
        .and_then(|s| s.get_item(HANDED_KEY).ok().flatten());
    if let Some(session) = &session {
        let _ = session.remove_item(HANDED_KEY);
    }
    Some(text.ok_or_else(|| {
        "the file opened on another page did not reach this one; open it again with Open JSON"
            .to_string()
    }))
}
