//! Every protocol the playground has, in one place: a scenario of any of
//! them ([`Scenario`]), which body a scenario's JSON holds, and how what
//! older versions wrote reads today ([`legacy`]). The generic format (one
//! protocol's [`Body`], its script, links) is in `scenario`, which names no
//! protocol.

pub mod legacy;

use paxos_core::designs::{Design, Storage};
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::{Core, Protocol};
use paxos_sim::scenario::{
    link_from_packed, versions_read, Body, ScenarioError, View, MAX_DECODED_BYTES, OLDEST_VERSION,
    SCENARIO_VERSION,
};
use paxos_sim::storage::{RecordError, RunBody, RunRecord};
use serde::{Deserialize, Serialize};

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

/// A protocol of the catalog: where its scenarios sit among every
/// protocol's, and how its page reads them without the others' code.
///
/// A link's bytes are postcard of [`Scenario`], so they start with the
/// protocol's place in it (one byte, [`Listed::TAG`], the same in every
/// version), then its [`Body`]. A page reads the first byte, and only its
/// own protocol's body: another protocol's link goes to that protocol's
/// page as it came, and no page's bundle holds the others' readers.
pub trait Listed: legacy::Upgrade {
    /// Its variant's position in [`Scenario`].
    const TAG: u8;
    /// Its body as a scenario of any protocol.
    fn wrap(body: Body<Self>) -> Scenario;
    /// The `"protocol"` its body's JSON names.
    fn json_name(body: &Body<Self>) -> &'static str {
        let _ = body;
        Self::NAME
    }
    /// Its body, from JSON whose `"protocol"` named `kind` (one of its own).
    fn from_json_kind(kind: JsonKind, body: Body<Self>) -> Result<Body<Self>, ScenarioError> {
        let _ = kind;
        Ok(body)
    }
    /// A version-1 link's body (by default laid out as in version 2).
    fn body_v1(bytes: &[u8]) -> Result<Body<Self>, postcard::Error> {
        let old: legacy::BodyV2<Self> = postcard::from_bytes(bytes)?;
        old.upgrade().ok_or(postcard::Error::DeserializeBadEnum)
    }
}

impl Listed for SingleDecree {
    const TAG: u8 = 0;
    fn wrap(body: Body<Self>) -> Scenario {
        Scenario::Paxos(body)
    }
    fn body_v1(bytes: &[u8]) -> Result<Body<Self>, postcard::Error> {
        legacy::paxos_body_v1(bytes)
    }
}

impl Listed for MultiPaxos {
    const TAG: u8 = 1;
    fn wrap(body: Body<Self>) -> Scenario {
        Scenario::Multi(body)
    }
}

impl Listed for Storage {
    const TAG: u8 = 2;
    fn wrap(body: Body<Self>) -> Scenario {
        Scenario::Designs(body)
    }
    fn json_name(body: &Body<Self>) -> &'static str {
        body.config.protocol.design.name()
    }
    fn from_json_kind(kind: JsonKind, body: Body<Self>) -> Result<Body<Self>, ScenarioError> {
        match kind {
            JsonKind::Design(design) => JsonKind::check_design(design, body),
            _ => Ok(body),
        }
    }
    fn body_v1(_: &[u8]) -> Result<Body<Self>, postcard::Error> {
        // Version 1 had no storage designs.
        Err(postcard::Error::DeserializeBadEnum)
    }
}

/// Each protocol family's name (its page), by [`Listed::TAG`].
pub const FAMILIES: [&str; 3] = [SingleDecree::NAME, MultiPaxos::NAME, Storage::NAME];

/// What a link or a file holds, as one protocol's page reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Found<P: Protocol> {
    /// A scenario of this protocol.
    Here(Box<Body<P>>),
    /// A scenario of another family (its name, as [`FAMILIES`] has it),
    /// left unread.
    Elsewhere(&'static str),
}

/// The family whose scenario a link's unpacked bytes hold (their first
/// byte), in any version.
pub fn family_of_bytes(bytes: &[u8]) -> Result<&'static str, ScenarioError> {
    match bytes.first() {
        None => Err(damaged_link(postcard::Error::DeserializeUnexpectedEnd)),
        Some(tag) => FAMILIES
            .get(usize::from(*tag))
            .copied()
            .ok_or_else(|| damaged_link(postcard::Error::DeserializeBadEnum)),
    }
}

/// What a link whose bytes do not decode is told.
fn damaged_link(e: postcard::Error) -> ScenarioError {
    let why = match e {
        postcard::Error::DeserializeUnexpectedEnd => "it ends too soon",
        postcard::Error::DeserializeBadUtf8 => "a piece of text in it is garbled",
        _ => "its contents do not make sense",
    };
    ScenarioError(format!(
        "this link is damaged ({why}: it was probably cut short or changed when it was copied; copy the whole link again)"
    ))
}

/// Reads the unpacked bytes of a link of `version` (1 to 4) as `P`'s,
/// unless they are another family's, and checks the bounds.
pub fn read_bytes<P: Listed>(version: u32, bytes: &[u8]) -> Result<Found<P>, ScenarioError> {
    let family = family_of_bytes(bytes)?;
    if family != FAMILIES[usize::from(P::TAG)] {
        return Ok(Found::Elsewhere(family));
    }
    let decode = |body: &[u8]| match version {
        1 => P::body_v1(body),
        2 => postcard::from_bytes::<legacy::BodyV2<P>>(body)
            .and_then(|old| old.upgrade().ok_or(postcard::Error::DeserializeBadEnum)),
        3 => postcard::from_bytes::<legacy::BodyV3<P>>(body).map(legacy::BodyV3::upgrade),
        _ => postcard::from_bytes::<Body<P>>(body),
    };
    // Links made before the view named its panels end just before that
    // last field: read them as naming none.
    let body = match decode(&bytes[1..]) {
        Err(postcard::Error::DeserializeUnexpectedEnd) if bytes.len() < MAX_DECODED_BYTES => {
            decode(&[&bytes[1..], &[0]].concat())
        }
        other => other,
    }
    .map_err(damaged_link)?;
    body.validate()?;
    Ok(Found::Here(Box::new(body)))
}

/// `P`'s scenario in postcard, the bytes a link compresses: the same as
/// [`Scenario::to_bytes`] of it.
pub fn body_bytes<P: Listed>(body: &Body<P>) -> Vec<u8> {
    let mut bytes = vec![P::TAG];
    bytes.extend(postcard::to_allocvec(body).expect("a scenario encodes"));
    bytes
}

/// A link that is not compressed: its deflate stream holds the bytes in
/// stored blocks. Longer than [`Scenario::to_link`]'s, but made at once:
/// the browser's compressor is asynchronous, and the address bar must hold
/// the run even when the page is closing. Any link reader reads it.
pub fn stored_link(bytes: &[u8]) -> String {
    let mut packed = Vec::with_capacity(bytes.len() + 5 * (bytes.len() / 0xffff + 1));
    let mut blocks = bytes.chunks(0xffff).peekable();
    if blocks.peek().is_none() {
        packed.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        // BFINAL on the last block, BTYPE 00 (stored), then LEN and its
        // complement, little-endian.
        packed.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        packed.extend_from_slice(&len.to_le_bytes());
        packed.extend_from_slice(&(!len).to_le_bytes());
        packed.extend_from_slice(block);
    }
    link_from_packed(&packed)
}

/// Which body a scenario's JSON holds, from its `"version"` and
/// `"protocol"`.
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

    /// The family whose page reads this body ([`FAMILIES`]).
    pub fn family(self) -> &'static str {
        match self {
            JsonKind::Paxos => SingleDecree::NAME,
            JsonKind::Multi => MultiPaxos::NAME,
            JsonKind::Design(_) => Storage::NAME,
        }
    }

    /// A design's body, checked against the design its JSON named.
    pub fn check_design(
        design: Design,
        body: Body<Storage>,
    ) -> Result<Body<Storage>, ScenarioError> {
        let configured = body.config.protocol.design;
        if configured != design {
            return err(format!(
                "the scenario's protocol is {:?}, but its configuration is of design {:?}",
                design.name(),
                configured.name()
            ));
        }
        Ok(body)
    }
}

impl Scenario {
    /// The protocol's name, as `--protocol` and the JSON take it.
    pub fn protocol(&self) -> &'static str {
        match self {
            Scenario::Paxos(body) => SingleDecree::json_name(body),
            Scenario::Multi(body) => MultiPaxos::json_name(body),
            Scenario::Designs(body) => Storage::json_name(body),
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
    /// `{"version": 4, "protocol": "paxos", "title": ..., "config": ...}`.
    #[cfg(any(not(target_arch = "wasm32"), feature = "json"))]
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
    #[cfg(any(not(target_arch = "wasm32"), feature = "json"))]
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

    /// The link payload: `s4.` and base64url(deflate(postcard)). The
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

    /// The run's first `position` events (as the playground counts them
    /// at its cursor) and their trace as JSON lines, the CLI's `--trace`.
    #[cfg(any(not(target_arch = "wasm32"), feature = "json"))]
    pub fn trace_json(&self, position: usize) -> Result<String, ScenarioError> {
        fn lines<P: Listed>(body: &Body<P>, position: usize) -> Result<String, ScenarioError> {
            let mut timeline = body.compile()?;
            timeline.seek_position(position);
            let events = &timeline.frontier().trace()[..timeline.visible_trace_len()];
            Ok(trace_lines(events))
        }
        match self {
            Scenario::Paxos(body) => lines(body, position),
            Scenario::Multi(body) => lines(body, position),
            Scenario::Designs(body) => lines(body, position),
        }
    }

    /// The picture of the run as a page shows it (see
    /// [`svg::picture_of`](crate::svg::picture_of)), as an SVG document.
    pub fn picture(&self, shown: &crate::svg::Shown) -> Result<String, ScenarioError> {
        fn draw<P: Listed>(
            body: &Body<P>,
            shown: &crate::svg::Shown,
        ) -> Result<String, ScenarioError> {
            Ok(crate::svg::picture_of(&mut body.compile()?, shown))
        }
        match self {
            Scenario::Paxos(body) => draw(body, shown),
            Scenario::Multi(body) => draw(body, shown),
            Scenario::Designs(body) => draw(body, shown),
        }
    }

    /// A link that is not compressed (see [`stored_link`]).
    pub fn to_stored_link(&self) -> String {
        stored_link(&self.to_bytes())
    }

    /// The scenario in postcard, the bytes a link compresses.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a scenario encodes")
    }

    /// Reads a link's unpacked bytes, checking the bounds.
    pub fn from_bytes(bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        Scenario::from_versioned_bytes(SCENARIO_VERSION, bytes)
    }

    /// Reads the unpacked bytes of a link of `version` (1 to 4).
    pub fn from_versioned_bytes(version: u32, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
        fn read<P: Listed>(version: u32, bytes: &[u8]) -> Result<Scenario, ScenarioError> {
            match read_bytes::<P>(version, bytes)? {
                Found::Here(body) => Ok(P::wrap(*body)),
                Found::Elsewhere(_) => unreachable!("read as the family the bytes name"),
            }
        }
        match family_of_bytes(bytes)? {
            SingleDecree::NAME => read::<SingleDecree>(version, bytes),
            MultiPaxos::NAME => read::<MultiPaxos>(version, bytes),
            _ => read::<Storage>(version, bytes),
        }
    }
}

/// Trace events as JSON lines, one per event (the CLI's `--trace`).
#[cfg(any(not(target_arch = "wasm32"), feature = "json"))]
pub fn trace_lines<E: Serialize>(events: &[E]) -> String {
    let mut out = String::new();
    for event in events {
        out += &serde_json::to_string(event).expect("trace events serialize");
        out.push('\n');
    }
    out
}

/// Reads a scenario's JSON body of the protocol and version its fields
/// name, converting an older version's, and checks its bounds.
#[cfg(any(not(target_arch = "wasm32"), feature = "json"))]
fn read_json(
    version: Option<f64>,
    protocol: Option<&str>,
    value: serde_json::Value,
) -> Result<Scenario, ScenarioError> {
    fn read<P: Listed>(
        kind: JsonKind,
        version: u32,
        value: serde_json::Value,
    ) -> Result<Scenario, ScenarioError> {
        let misfit = |e: serde_json::Error| {
            ScenarioError(format!("the scenario does not fit the format ({e})"))
        };
        let body = if version == SCENARIO_VERSION {
            serde_json::from_value::<Body<P>>(value).map_err(misfit)?
        } else if version == 3 {
            serde_json::from_value::<legacy::BodyV3<P>>(value)
                .map_err(misfit)?
                .upgrade()
        } else {
            serde_json::from_value::<legacy::BodyV2<P>>(value)
                .map_err(misfit)?
                .upgrade()
                .ok_or_else(|| {
                    ScenarioError("the scenario records an action its protocol never had".into())
                })?
        };
        let body = P::from_json_kind(kind, body)?;
        body.validate()?;
        Ok(P::wrap(body))
    }
    let (kind, version) = JsonKind::of(version, protocol)?;
    match kind.family() {
        SingleDecree::NAME => read::<SingleDecree>(kind, version, value),
        MultiPaxos::NAME => read::<MultiPaxos>(kind, version, value),
        _ => read::<Storage>(kind, version, value),
    }
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

/// Checks that a stored run's body decodes if it is `P`'s, and that it
/// names a known protocol if not (its own page reads it, and checks it
/// then: no page holds the others' readers).
pub fn check_run_body<P: Listed>(record: &RunRecord) -> Result<(), RecordError> {
    match record.protocol() {
        name if name == P::NAME => run_body::<P>(record).map(drop),
        name if FAMILIES.contains(&name) => Ok(()),
        other => Err(RecordError::Corrupt(format!(
            "it names an unknown protocol {other:?}"
        ))),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
