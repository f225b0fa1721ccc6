//! Files in and out of the browser: a scenario as JSON (the same format as
//! `paxos gallery --export` and `--scenario FILE`), the trace as JSON lines,
//! and the diagram as SVG or PNG.
//!
//! JSON goes through the browser's own `JSON.parse` / `JSON.stringify` and
//! serde-wasm-bindgen, not serde_json, which would weigh on the bundle.
//! 64-bit integers (seeds) are kept exact: written as raw JSON numbers, and
//! read from the number's source text.

use paxos_front::catalog::{read_json_as, Found, JsonSource, Listed};
use paxos_sim::scenario::{Body, ScenarioError, MAX_DECODED_BYTES, SCENARIO_VERSION};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
export function to_json(value, spaces) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v !== 'bigint') return v;
    if (v <= SAFE && v >= -SAFE) return Number(v);
    if (typeof JSON.rawJSON !== 'function') throw new Error('this browser cannot write ' + v + ' exactly');
    return JSON.rawJSON(v.toString());
  }, spaces || undefined);
}
export function from_json(text) {
  return JSON.parse(text, function (key, v, context) {
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) {
      if (context && typeof context.source === 'string' && /^-?[0-9]+$/.test(context.source)) {
        return BigInt(context.source);
      }
      throw new Error('the number ' + v + ' is too large to read exactly in this browser');
    }
    return v;
  });
}
// Version 1 and 2 recorded four actions that version 3 records as a knob
// (`tune`) or a new client (`add_client`); see catalog::legacy.
export function upgrade_actions(body) {
  const actions = body !== null && typeof body === 'object' && Array.isArray(body.actions) ? body.actions : [];
  for (const r of actions) {
    const a = r !== null && typeof r === 'object' ? r.action : undefined;
    if (a === null || typeof a !== 'object') continue;
    const knob = (k) => { r.action = { tune: { knob: k } }; };
    if (a.set_durability) knob({ durability: a.set_durability.durability });
    else if (a.set_bugs) knob({ bugs: a.set_bugs.bugs });
    else if (a.set_quorums) knob({ quorums: { q1: a.set_quorums.q1, q2: a.set_quorums.q2 } });
    else if (a.read) r.action = { add_client: { spec: { node: a.read.node, value: '', at_us: r.time_us, read: true } } };
  }
  return body;
}
export function with_head(version, protocol, body) {
  return Object.assign({ version, protocol }, body);
}
export function field(object, name) {
  return object !== null && typeof object === 'object' ? object[name] : undefined;
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
    fn to_json(value: &JsValue, spaces: u32) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn from_json(text: &str) -> Result<JsValue, JsValue>;
    fn upgrade_actions(body: JsValue) -> JsValue;
    fn with_head(version: u32, protocol: &str, body: &JsValue) -> JsValue;
    fn field(object: &JsValue, name: &str) -> JsValue;
    /// Saves `content` (a string or a Blob) as a file.
    pub fn download(name: &str, mime: &str, content: &JsValue);
    #[wasm_bindgen(catch)]
    async fn download_png(name: &str, svg: &str, scale: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn file_text(input: &web_sys::HtmlInputElement, limit: u32) -> Result<JsValue, JsValue>;
}

/// What a thrown JavaScript error says.
fn message(e: JsValue) -> String {
    js_sys::Error::from(e)
        .message()
        .as_string()
        .unwrap_or_else(|| "an unknown error".into())
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_large_number_types_as_bigints(true)
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value.serialize(&serializer).map_err(|e| e.to_string())
}

/// A value as JSON (`spaces` > 0: indented), integers exact.
pub fn json<T: Serialize>(value: &T, spaces: u32) -> Result<String, String> {
    to_json(&to_js(value)?, spaces).map_err(message)
}

/// The scenario as the JSON a person reads and edits: the version and the
/// protocol first, then the body.
pub fn scenario_json<P: Listed>(body: &Body<P>) -> Result<String, String> {
    let value = with_head(SCENARIO_VERSION, P::json_name(body), &to_js(body)?);
    to_json(&value, 2).map_err(message)
}

/// Reads a scenario's JSON as `P`'s, unless it is another family's,
/// checking the version, the protocol and every bound, like
/// `Scenario::from_json` does natively.
pub fn read_scenario<P: Listed>(text: &str) -> Result<Found<P>, ScenarioError> {
    let fail = |why: String| Err(ScenarioError(why));
    if text.len() > MAX_DECODED_BYTES {
        return fail(format!(
            "the scenario file is {} bytes; at most {MAX_DECODED_BYTES} are read",
            text.len()
        ));
    }
    let value = from_json(text)
        .map_err(|e| ScenarioError(format!("the scenario is not valid JSON ({})", message(e))))?;
    let protocol = field(&value, "protocol").as_string();
    let version = field(&value, "version").as_f64();
    read_json_as::<P, Js>(version, protocol.as_deref(), Js(value))
}

/// A parsed JSON value, read with serde-wasm-bindgen.
struct Js(JsValue);

impl JsonSource for Js {
    type Error = serde_wasm_bindgen::Error;
    fn read<T: serde::de::DeserializeOwned>(self) -> Result<T, Self::Error> {
        serde_wasm_bindgen::from_value(self.0)
    }

    fn read_old<P: paxos_front::catalog::legacy::Upgrade>(
        self,
    ) -> Result<Option<paxos_sim::scenario::Body<P>>, Self::Error> {
        // Rewritten as today's actions, then read with today's layout; an
        // action the protocol never had then fails to fit, as it should.
        Js(upgrade_actions(self.0)).read().map(Some)
    }
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
    let session = super::state::session()
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
    let session = super::state::session();
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
