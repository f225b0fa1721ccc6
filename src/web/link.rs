//! Scenario links in the browser: `s4.` + base64url(deflate-raw(postcard)),
//! the same format as the CLI's (`Scenario::to_link`), compressed by the
//! browser's own `CompressionStream` rather than a compressor shipped in
//! the bundle. Unpacking stops as soon as the output passes
//! `MAX_DECODED_BYTES`, so a decompression bomb costs nothing.
//!
//! A page reads only its own protocol's links: the unpacked bytes name
//! their family first (`catalog::read_bytes`), and another family's link
//! is sent to its page as it came.

use js_sys::Uint8Array;
use paxos_front::catalog::{read_bytes, Found, Listed};
use paxos_sim::scenario::{self, ScenarioError, MAX_DECODED_BYTES};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export async function deflate_raw(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
export async function inflate_raw(bytes, limit) {
  const reader = new Blob([bytes]).stream()
    .pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn deflate_raw(bytes: Uint8Array) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn inflate_raw(bytes: Uint8Array, limit: u32) -> Result<JsValue, JsValue>;
}

/// The link text for a scenario's bytes (`catalog::body_bytes`).
pub async fn encode(bytes: Vec<u8>) -> Result<String, String> {
    let bytes = Uint8Array::from(bytes.as_slice());
    let packed = deflate_raw(bytes)
        .await
        .map_err(|e| format!("the browser could not compress the scenario ({e:?})"))?;
    Ok(scenario::link_from_packed(
        &packed
            .dyn_into::<Uint8Array>()
            .map_err(|_| "no bytes")?
            .to_vec(),
    ))
}

/// Reads a link (or a URL holding one) as `P`'s, unless it is another
/// family's, checking every bound.
pub async fn decode<P: Listed>(link: &str) -> Result<Found<P>, ScenarioError> {
    let packed = scenario::packed_from_link(link)?;
    let limit = MAX_DECODED_BYTES as u32;
    let unpacked = inflate_raw(Uint8Array::from(packed.bytes.as_slice()), limit)
        .await
        .map_err(|_| scenario::damaged())?;
    if unpacked.is_null() {
        return Err(scenario::too_big());
    }
    let bytes = unpacked
        .dyn_into::<Uint8Array>()
        .map_err(|_| scenario::damaged())?
        .to_vec();
    read_bytes::<P>(packed.version, &bytes)
}
