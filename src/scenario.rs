//! Scenarios: a run someone built, in a versioned format that replays it
//! exactly (issue 6, first part: the format, its JSON and URL encodings,
//! and the bounds that keep bad input harmless).
//!
//! A scenario holds the protocol, the full simulator configuration (cluster
//! size and protocol options, network, disk, faults, clients, seed), a
//! *script* of things to do at simulated times, the user's recorded actions,
//! and optional view settings. Opening it compiles the script into recorded
//! actions, then replays the user's actions on top: the same scenario always
//! gives the same trace, and so the same trace hash.
//!
//! Two encodings:
//!
//! * **JSON**, for people: `{"version": 2, "protocol": "paxos", ...}`.
//! * **A URL fragment**, for links: `s2.` followed by the base64url of the
//!   deflated postcard encoding. Decoding is bounded: at most
//!   [`MAX_LINK_CHARS`] characters in, at most [`MAX_DECODED_BYTES`] out,
//!   so a decompression bomb is refused, not inflated.
//!
//! Version 2 added the storage designs (protocols `single`, `two`, `voting`
//! and `generations`), renamed single-decree Paxos from `single` to
//! `paxos`, and gave it flexible quorums, bug toggles and readers. Version
//! 1 still opens: its JSON reads `single` as Paxos, and its links are
//! decoded with the old layout ([`legacy`]).

pub mod legacy;
pub use legacy::RunBodyV1;

use crate::designs::{Design, Storage};
use crate::multi::MultiPaxos;
use crate::paxos::SingleDecree;
use crate::protocol::Protocol;
use crate::sim::{ConfigError, MsgId, Payload, SimConfig, MAX_TIME_US};
use crate::timeline::{Action, Recorded, Timeline};
use crate::types::{Actor, NodeId};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version this playground writes (it reads 1 as well).
pub const SCENARIO_VERSION: u32 = 2;
/// The most scripted steps, and recorded actions, a scenario may hold.
pub const MAX_SCRIPT: usize = 1_000;
pub const MAX_ACTIONS: usize = 10_000;
/// The longest link payload accepted, and the most bytes it may inflate to.
/// Enough for an uncompressed (stored) link of the largest scenario.
pub const MAX_LINK_CHARS: usize = 1_500_000;
pub const MAX_DECODED_BYTES: usize = 1 << 20;
/// The prefix of a link payload of this version.
pub const LINK_PREFIX: &str = "s2.";
/// The prefix of version-1 links, which still open.
pub const LINK_PREFIX_V1: &str = "s1.";

/// Something the script does at a simulated time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum Scripted<P: Protocol> {
    /// A new client starts at `node` (single-decree: with a value to get
    /// chosen; Multi-Paxos: with its commands).
    Propose {
        node: NodeId,
        value: P::Proposal,
    },
    Crash {
        node: NodeId,
    },
    Restart {
        node: NodeId,
    },
    /// Cut these links (from, to); every other link is whole.
    Partition {
        cut: Vec<(NodeId, NodeId)>,
    },
    /// Heal the network.
    Heal,
    /// From this time on, the `n`-th message of kind `kind` (1 for the
    /// first) is lost as soon as it is sent.
    DropNth {
        kind: String,
        n: u32,
    },
    /// From this time on, the `n`-th message of kind `kind` is delayed by
    /// `by_us` as soon as it is sent.
    DelayNth {
        kind: String,
        n: u32,
        by_us: u64,
    },
}

/// One step of the script.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Step<P: Protocol> {
    pub at_us: u64,
    pub action: Scripted<P>,
}

/// How the playground shows the scenario when it opens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct View {
    /// Where the cursor starts (simulated µs); `None`: at the start.
    #[serde(default)]
    pub cursor_us: Option<u64>,
    /// Simulated ms per wall-clock second.
    #[serde(default)]
    pub speed: Option<f64>,
    /// Diagram zoom, in pixels per simulated ms.
    #[serde(default)]
    pub zoom: Option<f64>,
    /// The side panels an embedded playground shows (from [`PANELS`]),
    /// unless the embedding page chooses; `None`: the outcome.
    #[serde(default)]
    pub panels: Option<Vec<String>>,
}

/// The panels a scenario's view may name.
pub const PANELS: [&str; 3] = ["outcome", "details", "log"];

/// A scenario of one protocol.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Body<P: Protocol> {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub config: SimConfig<P>,
    #[serde(default)]
    pub script: Vec<Step<P>>,
    /// Actions recorded after the script (see [`Body::compile`]).
    #[serde(default)]
    pub actions: Vec<Recorded<P>>,
    #[serde(default)]
    pub view: View,
}

/// A scenario of any protocol. (Postcard tells them apart by position:
/// new protocols go at the end.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Single-decree Paxos (`paxos`; `single` in version 1).
    Single(Body<SingleDecree>),
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
    pub fn of(version: Option<f64>, protocol: Option<&str>) -> Result<JsonKind, ScenarioError> {
        let version = match version {
            Some(v) if v == 1.0 || v == f64::from(SCENARIO_VERSION) => v as u32,
            Some(v) => {
                return err(format!(
                    "the scenario has version {v}; this playground reads versions 1 and {SCENARIO_VERSION}"
                ))
            }
            None => return err("the scenario has no \"version\" number"),
        };
        let names = "\"paxos\", \"multi\", \"single\", \"two\", \"voting\" or \"generations\"";
        Ok(match protocol {
            // Version 1 called single-decree Paxos "single".
            Some("single") if version == 1 => JsonKind::Paxos,
            Some("paxos") => JsonKind::Paxos,
            Some("multi") => JsonKind::Multi,
            Some(name) => match Design::from_name(name) {
                Some(design) => JsonKind::Design(design),
                None => return err(format!("the scenario's protocol is {name:?}; use {names}")),
            },
            None => return err(format!("the scenario has no \"protocol\" ({names})")),
        })
    }

    /// A design's body, checked against the design its JSON named.
    pub fn check_design(design: Design, body: Body<Storage>) -> Result<Scenario, ScenarioError> {
        let configured = body.config.paxos.design;
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

/// What is wrong with a scenario, in words for the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

impl From<ConfigError> for ScenarioError {
    fn from(e: ConfigError) -> ScenarioError {
        ScenarioError(e.0)
    }
}

fn err<T>(what: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError(what.into()))
}

impl<P: Protocol> Body<P> {
    /// Checks the bounds a scenario must keep, naming the first it breaks.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        self.config.validate()?;
        if self.script.len() > MAX_SCRIPT {
            return err(format!(
                "the script has {} steps; at most {MAX_SCRIPT} are allowed",
                self.script.len()
            ));
        }
        if self.actions.len() > MAX_ACTIONS {
            return err(format!(
                "{} recorded actions; at most {MAX_ACTIONS} are allowed",
                self.actions.len()
            ));
        }
        let times = self
            .script
            .iter()
            .map(|s| s.at_us)
            .chain(self.actions.iter().map(|a| a.time_us))
            .chain(self.view.cursor_us);
        for t in times {
            if t > MAX_TIME_US {
                return err(format!(
                    "a time of {} ms is beyond the {} ms limit",
                    t / 1000,
                    MAX_TIME_US / 1000
                ));
            }
        }
        for (name, value) in [("speed", self.view.speed), ("zoom", self.view.zoom)] {
            if let Some(v) = value.filter(|v| !(v.is_finite() && *v > 0.0)) {
                return err(format!(
                    "the view's {name} is {v}; it must be a positive number"
                ));
            }
        }
        for panel in self.view.panels.iter().flatten() {
            if !PANELS.contains(&panel.as_str()) {
                return err(format!(
                    "the view shows a panel {panel:?}; the panels are {}",
                    PANELS.join(", ")
                ));
            }
        }
        let n = P::cluster_size(&self.config.paxos);
        for step in &self.script {
            let nodes: Vec<NodeId> = match &step.action {
                Scripted::Propose { node, .. }
                | Scripted::Crash { node }
                | Scripted::Restart { node } => vec![*node],
                Scripted::Partition { cut } => cut.iter().flat_map(|(a, b)| [*a, *b]).collect(),
                Scripted::Heal => Vec::new(),
                Scripted::DropNth { kind, n: nth } | Scripted::DelayNth { kind, n: nth, .. } => {
                    if !P::KINDS.contains(&kind.as_str()) {
                        return err(format!(
                            "the script drops a {kind:?} message; the kinds are {}",
                            P::KINDS.join(", ")
                        ));
                    }
                    if *nth == 0 {
                        return err("the script drops message number 0; they count from 1");
                    }
                    Vec::new()
                }
            };
            if let Some(bad) = nodes.iter().find(|id| id.0 >= n) {
                return err(format!(
                    "the script names {bad}, but the cluster has only {n} nodes"
                ));
            }
        }
        Ok(())
    }

    /// The run: the script, step by step in time order, then the recorded
    /// actions on top. The result holds every action it took, so
    /// `Timeline::replay(config, timeline.actions())` rebuilds it exactly.
    pub fn compile(&self) -> Result<Timeline<P>, ScenarioError> {
        self.validate()?;
        let mut config = self.config.clone();
        config.record_trace = true;
        let mut timeline = Timeline::new(config)?;
        let mut script: Vec<&Step<P>> = self.script.iter().collect();
        script.sort_by_key(|s| s.at_us);
        // Messages to drop or delay: (kind, how many more of that kind to
        // let pass, what to do then).
        let mut watches: Vec<(String, u32, Option<u64>)> = Vec::new();
        let mut seen_sends = 0usize;
        let mut steps = script.into_iter().peekable();
        loop {
            let next_step = steps.peek().map(|s| s.at_us);
            let next_event = timeline.frontier().next_event_us();
            // Script steps at a time run before the events at that time.
            let watching = watches.iter().any(|(_, left, _)| *left > 0);
            // Without a message to watch for, go straight to the next step.
            let step_now = match (next_step, next_event) {
                (Some(s), Some(e)) => s <= e || !watching,
                (Some(_), None) => true,
                (None, _) => false,
            };
            if step_now {
                let step = steps.next().expect("peeked");
                timeline.seek(step.at_us.max(timeline.cursor().time_us));
                let action = match &step.action {
                    Scripted::Propose { node, value } => Action::Propose {
                        node: *node,
                        value: value.clone(),
                    },
                    Scripted::Crash { node } => Action::Crash { node: *node },
                    Scripted::Restart { node } => Action::Restart { node: *node },
                    Scripted::Partition { cut } => Action::SetCut { cut: cut.clone() },
                    Scripted::Heal => Action::SetCut { cut: Vec::new() },
                    Scripted::DropNth { kind, n } => {
                        watches.push((kind.clone(), *n, None));
                        continue;
                    }
                    Scripted::DelayNth { kind, n, by_us } => {
                        watches.push((kind.clone(), *n, Some(*by_us)));
                        continue;
                    }
                };
                timeline.act(action)?;
                continue;
            }
            if !watching || !timeline.step_forward() {
                break;
            }
            // New messages this step: count them against the watches. (Of
            // the protocol's own kinds: node-to-node messages, and the
            // requests and replies of protocols that name theirs.)
            let sends: Vec<(MsgId, &'static str)> = timeline.frontier().trace()[seen_sends..]
                .iter()
                .filter_map(|e| match &e.event {
                    crate::sim::Event::Send {
                        id,
                        from,
                        to,
                        payload,
                        ..
                    } => {
                        let between_nodes = matches!((from, to), (Actor::Node(_), Actor::Node(_)));
                        let own_kind = !matches!(payload.kind(), "Request" | "Reply");
                        let counted =
                            matches!(payload, Payload::Paxos(_)) && between_nodes || own_kind;
                        counted.then(|| (*id, payload.kind()))
                    }
                    _ => None,
                })
                .collect();
            seen_sends = timeline.frontier().trace().len();
            for (id, kind) in sends {
                for (watched, left, delay) in watches.iter_mut() {
                    if *left > 0 && watched == kind {
                        *left -= 1;
                        if *left == 0 {
                            let action = match delay {
                                None => Action::DropMessage { id },
                                Some(by_us) => Action::DelayMessage { id, by_us: *by_us },
                            };
                            timeline.act(action)?;
                        }
                    }
                }
            }
        }
        timeline.replay_actions(&self.actions)?;
        Ok(timeline)
    }
}

impl Scenario {
    /// The protocol's name, as `--protocol` and the JSON take it.
    pub fn protocol(&self) -> &'static str {
        match self {
            Scenario::Single(_) => SingleDecree::NAME,
            Scenario::Multi(_) => MultiPaxos::NAME,
            Scenario::Designs(body) => body.config.paxos.design.name(),
        }
    }

    /// The protocol's family, which names its page in the playground
    /// (`paxos`, `multi`, or `designs` for every storage design).
    pub fn family(&self) -> &'static str {
        match self {
            Scenario::Single(_) => SingleDecree::NAME,
            Scenario::Multi(_) => MultiPaxos::NAME,
            Scenario::Designs(_) => Storage::NAME,
        }
    }

    /// How the scenario's author wants it shown.
    pub fn view(&self) -> &View {
        match self {
            Scenario::Single(body) => &body.view,
            Scenario::Multi(body) => &body.view,
            Scenario::Designs(body) => &body.view,
        }
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        match self {
            Scenario::Single(body) => body.validate(),
            Scenario::Multi(body) => body.validate(),
            Scenario::Designs(body) => body.validate(),
        }
    }

    /// The JSON a person reads and edits:
    /// `{"version": 2, "protocol": "paxos", "title": ..., "config": ...}`.
    pub fn to_json(&self) -> String {
        let body = match self {
            Scenario::Single(body) => serde_json::to_string_pretty(body),
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
        let protocol = value.get("protocol").and_then(serde_json::Value::as_str);
        let kind = JsonKind::of(version, protocol)?;
        let body = |e: serde_json::Error| {
            ScenarioError(format!("the scenario does not fit the format ({e})"))
        };
        let scenario = match kind {
            JsonKind::Paxos => Scenario::Single(serde_json::from_value(value).map_err(body)?),
            JsonKind::Multi => Scenario::Multi(serde_json::from_value(value).map_err(body)?),
            JsonKind::Design(design) => {
                JsonKind::check_design(design, serde_json::from_value(value).map_err(body)?)?
            }
        };
        scenario.validate()?;
        Ok(scenario)
    }

    /// The link payload: `s1.` and base64url(deflate(postcard)). The
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
        let packed = packed_from_link(link)?;
        let bytes =
            miniz_oxide::inflate::decompress_to_vec_with_limit(&packed.bytes, MAX_DECODED_BYTES)
                .map_err(|e| match e.status {
                    miniz_oxide::inflate::TINFLStatus::HasMoreOutput => too_big(),
                    _ => damaged(),
                })?;
        Scenario::from_versioned_bytes(packed.version, &bytes)
    }

    /// Runs the scenario to its end, as `paxos run --scenario` does: the
    /// script and actions, then on (single-decree: until nothing is left to
    /// happen; Multi-Paxos: until every client is done and the log has
    /// settled). Returns the trace hash and the end time (µs).
    pub fn run_to_end(&self) -> Result<(u64, u64), ScenarioError> {
        Ok(match self {
            Scenario::Single(body) => {
                let mut sim = body.compile()?.frontier().clone();
                while sim.step() {}
                (sim.trace_hash(), sim.now_us())
            }
            Scenario::Multi(body) => {
                let mut sim = body.compile()?.frontier().clone();
                crate::multi::report::run(&mut sim);
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

    /// Reads the unpacked bytes of a link of `version` (1 or 2).
    pub fn from_versioned_bytes(version: u32, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        let decode = |bytes: &[u8]| match version {
            1 => legacy::scenario(bytes),
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

/// A link's text for compressed scenario bytes: `s2.` and base64url.
pub fn link_from_packed(packed: &[u8]) -> String {
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
    format!("{LINK_PREFIX}{text}")
}

/// What a link carries: its version, and its compressed bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packed {
    pub version: u32,
    pub bytes: Vec<u8>,
}

/// The compressed bytes a link carries (the link may be a whole URL whose
/// fragment holds `s=...`), checking its length, version and base64.
pub fn packed_from_link(link: &str) -> Result<Packed, ScenarioError> {
    let payload = link_payload(link);
    if payload.len() > MAX_LINK_CHARS {
        return err(format!(
            "the link's scenario is {} characters long; at most {MAX_LINK_CHARS} are read",
            payload.len()
        ));
    }
    let (version, text) = match (
        payload.strip_prefix(LINK_PREFIX),
        payload.strip_prefix(LINK_PREFIX_V1),
    ) {
        (Some(text), _) => (SCENARIO_VERSION, text),
        (_, Some(text)) => (1, text),
        _ => {
            return match payload.split_once('.') {
                Some((v, _)) if v.starts_with('s') && v.len() <= 6 => err(format!(
                    "the link holds a scenario of version {:?}; this playground reads versions 1 and {SCENARIO_VERSION}",
                    &v[1..]
                )),
                _ => err("the link does not hold a scenario (it should start with \"s2.\")"),
            }
        }
    };
    let prefix = payload.len() - text.len();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text.trim_end_matches('='))
        .map_err(|e| {
            use base64::DecodeError;
            let why = match e {
                DecodeError::InvalidByte(at, byte) => format!(
                    "it is not valid base64 at character {}: {:?} cannot be in a link",
                    prefix + at + 1,
                    char::from(byte)
                ),
                DecodeError::InvalidLength(_) | DecodeError::InvalidLastSymbol(..) => {
                    "it is not valid base64: it was probably cut short".to_string()
                }
                DecodeError::InvalidPadding => {
                    "it is not valid base64: its end is wrong".to_string()
                }
            };
            ScenarioError(format!(
                "this link is damaged ({why}; copy the whole link again)"
            ))
        })?;
    Ok(Packed { version, bytes })
}

/// Whether `text` starts like a link payload of a version this reads.
pub fn looks_like_link(text: &str) -> bool {
    text.starts_with(LINK_PREFIX) || text.starts_with(LINK_PREFIX_V1)
}

/// A link whose scenario would unpack past [`MAX_DECODED_BYTES`].
pub fn too_big() -> ScenarioError {
    ScenarioError(format!(
        "the link's scenario would unpack to more than {MAX_DECODED_BYTES} bytes"
    ))
}

/// A link whose compressed data does not unpack.
pub fn damaged() -> ScenarioError {
    ScenarioError(
        "this link is damaged (its compressed data is cut short or corrupt: copy the whole link again)"
            .into(),
    )
}

/// The payload of a link: after `#s=` (or `&s=`) if the text is a URL,
/// else the text itself.
fn link_payload(link: &str) -> &str {
    let link = link.trim();
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix("s="))
        .unwrap_or(fragment)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
