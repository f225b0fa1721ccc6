//! Every protocol the playground has, in one place: a scenario of any of
//! them ([`Scenario`]), which body a scenario's JSON holds, and how what
//! older versions wrote reads today ([`legacy`]). The generic format (one
//! protocol's [`Body`], its script, links) is in `scenario`, which names no
//! protocol.

pub mod legacy;

use paxos_core::designs::{Design, Storage};
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Core;
use paxos_sim::scenario::{
    link_from_packed, versions_read, Body, ScenarioError, View, MAX_DECODED_BYTES, OLDEST_VERSION,
    SCENARIO_VERSION,
};
use paxos_sim::storage::{RecordError, RunBody, RunRecord};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fmt::Display;

fn err<T>(what: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError(what.into()))
}

/// A scenario of any protocol. (Postcard tells them apart by position:
/// new protocols go at the end.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Single-decree Paxos (`paxos`; `single` in version 1).
    #[serde(rename = "single")]
    Paxos(Body<SingleDecree>),
    Multi(Body<MultiPaxos>),
    /// A storage design: the configuration says which.
    Designs(Body<Storage>),
}

/// Which body a scenario's JSON holds, from its `"version"` and
/// `"protocol"` (shared by the native reader and the browser's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonKind {
    Paxos,
    Multi,
    Design(Design),
}

impl JsonKind {
    /// The body's kind, and the version it was written in.
    pub fn of(
        version: Option<f64>,
        protocol: Option<&str>,
    ) -> Result<(JsonKind, u32), ScenarioError> {
        let readable = (OLDEST_VERSION..=SCENARIO_VERSION).map(f64::from);
        let version = match version {
            Some(v) if readable.clone().any(|r| r == v) => v as u32,
            Some(v) => {
                return err(format!(
                    "the scenario has version {v}; this playground reads versions {}",
                    versions_read()
                ))
            }
            None => return err("the scenario has no \"version\" number"),
        };
        let names = "\"paxos\", \"multi\", \"single\", \"two\", \"voting\" or \"generations\"";
        let kind = match protocol {
            // Version 1 called single-decree Paxos "single".
            Some("single") if version == 1 => JsonKind::Paxos,
            Some("paxos") => JsonKind::Paxos,
            Some("multi") => JsonKind::Multi,
            Some(name) => match name.parse::<Design>().ok() {
                Some(design) => JsonKind::Design(design),
                None => return err(format!("the scenario's protocol is {name:?}; use {names}")),
            },
            None => return err(format!("the scenario has no \"protocol\" ({names})")),
        };
        Ok((kind, version))
    }

    /// A design's body, checked against the design its JSON named.
    pub fn check_design(design: Design, body: Body<Storage>) -> Result<Scenario, ScenarioError> {
        let configured = body.config.protocol.design;
        if configured != design {
            return err(format!(
                "the scenario's protocol is {:?}, but its configuration is of design {:?}",
                design.name(),
                configured.name()
            ));
        }
        Ok(Scenario::Designs(body))
    }
}

impl Scenario {
    /// The protocol's name, as `--protocol` and the JSON take it.
    pub fn protocol(&self) -> &'static str {
        match self {
            Scenario::Paxos(_) => SingleDecree::NAME,
            Scenario::Multi(_) => MultiPaxos::NAME,
            Scenario::Designs(body) => body.config.protocol.design.name(),
        }
    }

    /// The protocol's family, which names its page in the playground
    /// (`paxos`, `multi`, or `designs` for every storage design).
    pub fn family(&self) -> &'static str {
        match self {
            Scenario::Paxos(_) => SingleDecree::NAME,
            Scenario::Multi(_) => MultiPaxos::NAME,
            Scenario::Designs(_) => Storage::NAME,
        }
    }

    /// How the scenario's author wants it shown.
    pub fn view(&self) -> &View {
        match self {
            Scenario::Paxos(body) => &body.view,
            Scenario::Multi(body) => &body.view,
            Scenario::Designs(body) => &body.view,
        }
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        match self {
            Scenario::Paxos(body) => body.validate(),
            Scenario::Multi(body) => body.validate(),
            Scenario::Designs(body) => body.validate(),
        }
    }

    /// The JSON a person reads and edits:
    /// `{"version": 3, "protocol": "paxos", "title": ..., "config": ...}`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        let body = match self {
            Scenario::Paxos(body) => serde_json::to_string_pretty(body),
            Scenario::Multi(body) => serde_json::to_string_pretty(body),
            Scenario::Designs(body) => serde_json::to_string_pretty(body),
        }
        .expect("a scenario serializes");
        // The version and the protocol first, then the body's fields in
        // their own order (title, description, config, script, ...).
        let fields = body.strip_prefix('{').expect("an object");
        format!(
            "{{\n  \"version\": {SCENARIO_VERSION},\n  \"protocol\": \"{}\",{fields}",
            self.protocol()
        )
    }

    /// Reads the JSON form, checking the version and the bounds.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > MAX_DECODED_BYTES {
            return err(format!(
                "the scenario file is {} bytes; at most {MAX_DECODED_BYTES} are read",
                text.len()
            ));
        }
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ScenarioError(format!("the scenario is not valid JSON ({e})")))?;
        let version = value.get("version").and_then(serde_json::Value::as_f64);
        let protocol = value
            .get("protocol")
            .and_then(serde_json::Value::as_str)
            .map(str::to_string);
        read_json(version, protocol.as_deref(), value)
    }

    /// The link payload: `s3.` and base64url(deflate(postcard)). The
    /// browser compresses with its own `CompressionStream` instead (see
    /// `web::link`), from the same parts: [`Scenario::to_bytes`] and
    /// [`link_from_packed`].
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_link(&self) -> String {
        link_from_packed(&miniz_oxide::deflate::compress_to_vec(&self.to_bytes(), 9))
    }

    /// Reads a link payload (or a whole URL whose fragment holds `s=...`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn from_link(link: &str) -> Result<Scenario, ScenarioError> {
        let packed = paxos_sim::scenario::packed_from_link(link)?;
        let bytes =
            miniz_oxide::inflate::decompress_to_vec_with_limit(&packed.bytes, MAX_DECODED_BYTES)
                .map_err(|e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        paxos_sim::scenario::too_big()
                    }
                    _ => paxos_sim::scenario::damaged(),
                })?;
        Scenario::from_versioned_bytes(packed.version, &bytes)
    }

    /// Runs the scenario to its end, as `paxos run --scenario` does: the
    /// script and actions, then on (single-decree: until nothing is left to
    /// happen; Multi-Paxos: until every client is done and the log has
    /// settled). Returns the trace hash and the end time (µs).
    pub fn run_to_end(&self) -> Result<(u64, u64), ScenarioError> {
        Ok(match self {
            Scenario::Paxos(body) => {
                let mut sim = body.compile()?.frontier().clone();
                while sim.step() {}
                (sim.trace_hash(), sim.now_us())
            }
            Scenario::Multi(body) => {
                let mut sim = body.compile()?.frontier().clone();
                crate::runs::multi::run(&mut sim);
                (sim.trace_hash(), sim.now_us())
            }
            Scenario::Designs(body) => {
                let mut sim = body.compile()?.frontier().clone();
                while sim.step() {}
                (sim.trace_hash(), sim.now_us())
            }
        })
    }

    /// A link that is not compressed: its deflate stream holds the bytes
    /// in stored blocks. Longer than [`Scenario::to_link`]'s, but made at
    /// once: the browser's compressor is asynchronous, and the address bar
    /// must hold the run even when the page is closing. Any link reader
    /// reads it.
    pub fn to_stored_link(&self) -> String {
        let bytes = self.to_bytes();
        let mut packed = Vec::with_capacity(bytes.len() + 5 * (bytes.len() / 0xffff + 1));
        let mut blocks = bytes.chunks(0xffff).peekable();
        if blocks.peek().is_none() {
            packed.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        }
        while let Some(block) = blocks.next() {
            // BFINAL on the last block, BTYPE 00 (stored), then LEN and
            // its complement, little-endian.
            packed.push(u8::from(blocks.peek().is_none()));
            let len = block.len() as u16;
            packed.extend_from_slice(&len.to_le_bytes());
            packed.extend_from_slice(&(!len).to_le_bytes());
            packed.extend_from_slice(block);
        }
        link_from_packed(&packed)
    }

    /// The scenario in postcard, the bytes a link compresses.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a scenario encodes")
    }

    /// Reads a link's unpacked bytes, checking the bounds.
    pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        Scenario::from_versioned_bytes(SCENARIO_VERSION, bytes)
    }

    /// Reads the unpacked bytes of a link of `version` (1, 2 or 3).
    pub fn from_versioned_bytes(version: u32, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        let decode = |bytes: &[u8]| match version {
            1 => legacy::scenario_v1(bytes),
            2 => legacy::scenario_v2(bytes),
            _ => postcard::from_bytes(bytes),
        };
        // Links made before the view named its panels end just before that
        // last field: read them as naming none.
        let decoded = match decode(bytes) {
            Err(postcard::Error::DeserializeUnexpectedEnd) if bytes.len() < MAX_DECODED_BYTES => {
                decode(&[bytes, &[0]].concat())
            }
            other => other,
        };
        let scenario: Scenario = decoded.map_err(|e| {
            let why = match e {
                postcard::Error::DeserializeUnexpectedEnd => "it ends too soon",
                postcard::Error::DeserializeBadUtf8 => "a piece of text in it is garbled",
                _ => "its contents do not make sense",
            };
            ScenarioError(format!(
                "this link is damaged ({why}: it was probably cut short or changed when it was copied; copy the whole link again)"
            ))
        })?;
        scenario.validate()?;
        Ok(scenario)
    }
}

/// Something a scenario's JSON body can be read from: serde_json's value
/// natively, a JavaScript object in the browser.
pub trait JsonSource: Sized {
    type Error: Display;
    fn read<T: DeserializeOwned>(self) -> Result<T, Self::Error>;

    /// Reads a body of version 1 or 2. By default with the old layout
    /// ([`legacy::BodyV2`]), converted; a source may instead rewrite the
    /// old actions in place and read today's layout (the browser does, so
    /// that its bundle holds one reader per protocol, not two).
    fn read_old<P: legacy::Upgrade>(self) -> Result<Option<Body<P>>, Self::Error> {
        let old: legacy::BodyV2<P> = self.read()?;
        Ok(old.upgrade())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl JsonSource for serde_json::Value {
    type Error = serde_json::Error;
    fn read<T: DeserializeOwned>(self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self)
    }
}

/// Reads a scenario's JSON body of the protocol and version its fields
/// name, converting an older version's, and checks its bounds.
pub fn read_json<S: JsonSource>(
    version: Option<f64>,
    protocol: Option<&str>,
    source: S,
) -> Result<Scenario, ScenarioError> {
    let (kind, version) = JsonKind::of(version, protocol)?;
    fn body<P: legacy::Upgrade, S: JsonSource>(
        version: u32,
        source: S,
    ) -> Result<Body<P>, ScenarioError> {
        let misfit =
            |e: S::Error| ScenarioError(format!("the scenario does not fit the format ({e})"));
        if version == SCENARIO_VERSION {
            return source.read::<Body<P>>().map_err(misfit);
        }
        source.read_old::<P>().map_err(misfit)?.ok_or_else(|| {
            ScenarioError("the scenario records an action its protocol never had".into())
        })
    }
    let scenario = match kind {
        JsonKind::Paxos => Scenario::Paxos(body(version, source)?),
        JsonKind::Multi => Scenario::Multi(body(version, source)?),
        JsonKind::Design(design) => JsonKind::check_design(design, body(version, source)?)?,
    };
    scenario.validate()?;
    Ok(scenario)
}

/// A stored run's body, of any record schema this reads, as `P`'s.
pub fn run_body<P: legacy::Upgrade>(record: &RunRecord) -> Result<RunBody<P>, RecordError> {
    match record.body::<P>() {
        Err(RecordError::Older(schema)) => {
            legacy::run_body(schema, &record.body).map_err(RecordError::Corrupt)
        }
        other => other,
    }
}

/// Checks that a stored run's body decodes, whichever protocol it is of.
pub fn check_run_body(record: &RunRecord) -> Result<(), RecordError> {
    match record.protocol() {
        SingleDecree::NAME => run_body::<SingleDecree>(record).map(drop),
        MultiPaxos::NAME => run_body::<MultiPaxos>(record).map(drop),
        Storage::NAME => run_body::<Storage>(record).map(drop),
        other => Err(RecordError::Corrupt(format!(
            "it names an unknown protocol {other:?}"
        ))),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
