//! Scenarios: a run someone built, in a versioned format that replays it
//! exactly, for any protocol: the body of one protocol's scenario, its
//! script, its bounds, and the link encoding. (Which protocols there are,
//! and how older versions' bytes read, is `catalog`'s business.)
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
//! * **JSON**, for people: `{"version": 4, "protocol": "paxos", ...}`.
//! * **A URL fragment**, for links: `s4.` followed by the base64url of the
//!   deflated postcard encoding. Decoding is bounded: at most
//!   [`MAX_LINK_CHARS`] characters in, at most [`MAX_DECODED_BYTES`] out,
//!   so a decompression bomb is refused, not inflated.
//!
//! Version 2 added the storage designs (protocols `single`, `two`, `voting`
//! and `generations`), renamed single-decree Paxos from `single` to
//! `paxos`, and gave it flexible quorums, bug toggles and readers. Version
//! 3 records a protocol's own settings as one action, `Tune` (a knob of the
//! protocol's), and a new client of any kind as `AddClient`, where version
//! 2 had four actions that only single-decree Paxos obeyed. Version 4
//! records backoff as a knob of the protocols that have it, not as an
//! action of every protocol. Versions 1 to 3 still open
//! (`catalog::legacy`).

use crate::sim::{ConfigError, MsgId, Payload, SimConfig, MAX_TIME_US};
use crate::timeline::{Action, Recorded, Timeline};
use base64::Engine;
use paxos_core::collections::insert_sorted_by_key;
use paxos_core::protocol::Protocol;
use paxos_core::types::{Actor, NodeId};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The version this playground writes (it reads 1 to 3 as well).
pub const SCENARIO_VERSION: u32 = 4;
/// The oldest version it reads.
pub const OLDEST_VERSION: u32 = 1;
/// The most scripted steps, and recorded actions, a scenario may hold.
pub const MAX_SCRIPT: usize = 1_000;
pub const MAX_ACTIONS: usize = 10_000;
/// The longest link payload accepted, and the most bytes it may inflate to.
/// Enough for an uncompressed (stored) link of the largest scenario.
pub const MAX_LINK_CHARS: usize = 1_500_000;
pub const MAX_DECODED_BYTES: usize = 1 << 20;
/// The prefix of a link payload of this version (older ones are `s1.` to
/// `s3.`).
pub const LINK_PREFIX: &str = "s4.";

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

/// A cue of the script: a scripted action, and the simulated time it
/// happens at. (The course has steps; a script has cues.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Cue<P: Protocol> {
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
    pub script: Vec<Cue<P>>,
    /// Actions recorded after the script (see [`Body::compile`]).
    #[serde(default)]
    pub actions: Vec<Recorded<P>>,
    #[serde(default)]
    pub view: View,
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
        let n = P::cluster_size(&self.config.protocol);
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
        let script = self.script.iter().fold(Vec::new(), |mut script, cue| {
            insert_sorted_by_key(&mut script, cue, |cue: &&Cue<P>| cue.at_us);
            script
        });
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
                            matches!(payload, Payload::Message(_)) && between_nodes || own_kind;
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

/// A link's text for compressed scenario bytes: `s4.` and base64url.
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
    let (version, text) = match link_version(payload) {
        Some(found) => found,
        None => {
            return match payload.split_once('.') {
                Some((v, _)) if v.starts_with('s') && v.len() <= 6 => err(format!(
                    "the link holds a scenario of version {:?}; this playground reads versions {}",
                    &v[1..],
                    versions_read()
                )),
                _ => err(format!(
                    "the link does not hold a scenario (it should start with {LINK_PREFIX:?})"
                )),
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
    link_version(text).is_some()
}

/// The version a link payload names (`s4.` is 4), if this reads it, and
/// the text after the prefix.
fn link_version(payload: &str) -> Option<(u32, &str)> {
    let (v, text) = payload.strip_prefix('s')?.split_once('.')?;
    let version: u32 = v.parse().ok()?;
    let readable = (OLDEST_VERSION..=SCENARIO_VERSION).contains(&version);
    (readable && v == version.to_string()).then_some((version, text))
}

/// "1, 2 and 3": the versions this playground reads, for messages.
pub fn versions_read() -> String {
    let all: Vec<String> = (OLDEST_VERSION..=SCENARIO_VERSION)
        .map(|v| v.to_string())
        .collect();
    match all.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
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
pub fn link_payload(link: &str) -> &str {
    let link = link.trim();
    let fragment = link.split_once('#').map_or(link, |(_, f)| f);
    fragment
        .split('&')
        .find_map(|part| part.strip_prefix("s="))
        .unwrap_or(fragment)
}
