//! Reading what older versions wrote: `s1.`, `s2.` and `s3.` links, their
//! JSON, and stored runs of record schemas 2, 3 and 4.
//!
//! Postcard is not self-describing, so old bytes are read with the old
//! layouts here and converted:
//!
//! * Version 1's single-decree configuration predates flexible quorums,
//!   the bug toggles and readers ([`SimConfigV1`]). (Its JSON needs no
//!   layout: missing fields take their defaults.)
//! * Versions 1 and 2 recorded four actions that only single-decree Paxos
//!   obeyed ([`ActionV2`]): the durability mode, the bug toggles, the quorum
//!   sizes and a reader. Version 3 records the first three as
//!   `Action::Tune` with a knob of the protocol's, and a reader as
//!   `Action::AddClient`; the variants after them moved up.
//! * Versions 1 to 3 recorded backoff as an action of every protocol
//!   ([`ActionV3::SetBackoff`]). Version 4 records it as a knob of the
//!   protocols that have backoff, and the variants after it moved up. A
//!   storage design's run drops it: its page offered the switch, but it
//!   changed nothing there. (A saved run of one that had it resumes one
//!   position further on, as the step after its frontier.)
//!
//! Each version's actions convert to the next's, so each change of layout
//! is written once.

use paxos_core::designs::{self, Storage};
use paxos_core::multi::{self, MultiPaxos};
use paxos_core::paxos::{self, Bugs, ClientSpec, Durability, Durable, Knob, SingleDecree};
use paxos_core::protocol::Protocol;
use paxos_core::types::{NodeId, Value};
use paxos_sim::scenario::{Body, Cue, View};
use paxos_sim::sim::{DiskConfig, FaultConfig, MsgId, NetworkConfig, SimConfig};
use paxos_sim::storage::RunBody;
use paxos_sim::timeline::{Action, Recorded};
use serde::Deserialize;

/// A recorded action, as versions 1 and 2 laid it out.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum ActionV2<P: Protocol> {
    Crash { node: NodeId },
    Restart { node: NodeId },
    Propose { node: NodeId, value: P::Proposal },
    SetCut { cut: Vec<(NodeId, NodeId)> },
    SetNetwork { network: NetworkConfig },
    SetDisk { disk: DiskConfig },
    SetBackoff { backoff: bool },
    DropMessage { id: MsgId },
    DuplicateMessage { id: MsgId },
    DelayMessage { id: MsgId, by_us: u64 },
    WipeDisk { node: NodeId },
    SetDurability { durability: Durability },
    LoadDisk { node: NodeId, state: P::Durable },
    PowerFailure { disks: Vec<P::Durable> },
    SetBugs { bugs: Bugs },
    SetQuorums { q1: u8, q2: u8 },
    Read { node: NodeId },
}

/// An action of version 1 or 2 that only single-decree Paxos obeyed.
pub enum PaxosOnly {
    Durability(Durability),
    Bugs(Bugs),
    Quorums { q1: u8, q2: u8 },
    Read { node: NodeId, at_us: u64 },
}

/// A recorded action, as version 3 laid it out: today's, with backoff an
/// action of every protocol.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum ActionV3<P: Protocol> {
    Crash { node: NodeId },
    Restart { node: NodeId },
    Propose { node: NodeId, value: P::Proposal },
    SetCut { cut: Vec<(NodeId, NodeId)> },
    SetNetwork { network: NetworkConfig },
    SetDisk { disk: DiskConfig },
    SetBackoff { backoff: bool },
    DropMessage { id: MsgId },
    DuplicateMessage { id: MsgId },
    DelayMessage { id: MsgId, by_us: u64 },
    WipeDisk { node: NodeId },
    LoadDisk { node: NodeId, state: P::Durable },
    PowerFailure { disks: Vec<P::Durable> },
    // Version 3's knobs are a prefix of today's: the same positions.
    Tune { knob: P::Knob },
    AddClient { spec: P::ClientSpec },
}

/// How a protocol's runs of older versions read today.
pub trait Upgrade: Protocol {
    /// What a [`PaxosOnly`] action of version 1 or 2 is in version 3
    /// (`None`: the protocol never obeyed it, so no run of it recorded one).
    fn paxos_only(action: PaxosOnly) -> Option<ActionV3<Self>>;

    /// The knob that turns backoff on or off (`None`: the protocol has no
    /// backoff, and the old action did nothing).
    fn backoff(on: bool) -> Option<Self::Knob>;

    /// A stored run body of record schema 2, which only single-decree
    /// Paxos wrote. (A method rather than a test of the name, so that the
    /// other protocols' pages do not link its reader.)
    fn schema_2_body(_bytes: &[u8]) -> Result<RunBody<Self>, String> {
        Err(format!("schema 2 has no {} runs", Self::NAME))
    }
}

impl Upgrade for SingleDecree {
    fn paxos_only(action: PaxosOnly) -> Option<ActionV3<SingleDecree>> {
        Some(match action {
            PaxosOnly::Durability(durability) => ActionV3::Tune {
                knob: Knob::Durability(durability),
            },
            PaxosOnly::Bugs(bugs) => ActionV3::Tune {
                knob: Knob::Bugs(bugs),
            },
            PaxosOnly::Quorums { q1, q2 } => ActionV3::Tune {
                knob: Knob::Quorums { q1, q2 },
            },
            PaxosOnly::Read { node, at_us } => ActionV3::AddClient {
                spec: ClientSpec::reader(node, at_us),
            },
        })
    }

    fn backoff(on: bool) -> Option<Knob> {
        Some(Knob::Backoff(on))
    }

    fn schema_2_body(bytes: &[u8]) -> Result<RunBody<SingleDecree>, String> {
        let old: RunBodyV1 = postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
        Ok(RunBody {
            config: old.config.into(),
            actions: upgrade(old.actions).ok_or_else(never_had)?,
        })
    }
}

impl Upgrade for MultiPaxos {
    fn paxos_only(_: PaxosOnly) -> Option<ActionV3<MultiPaxos>> {
        None
    }

    fn backoff(on: bool) -> Option<multi::Knob> {
        Some(multi::Knob::Backoff(on))
    }
}

impl Upgrade for Storage {
    fn paxos_only(_: PaxosOnly) -> Option<ActionV3<Storage>> {
        None
    }

    fn backoff(_: bool) -> Option<designs::Knob> {
        None
    }
}

/// A recorded action of an older version's layout `A`, with when it
/// happened (the same fields as today's `Recorded`).
#[derive(Deserialize)]
pub struct RecordedAs<A> {
    step: u64,
    time_us: u64,
    action: A,
}

/// A recorded action of versions 1 and 2.
pub type RecordedV2<P> = RecordedAs<ActionV2<P>>;
/// A recorded action of version 3.
pub type RecordedV3<P> = RecordedAs<ActionV3<P>>;

/// Version 1 and 2's actions as version 3's; `None` if one cannot have
/// been recorded.
fn upgrade_v2<P: Upgrade>(old: Vec<RecordedV2<P>>) -> Option<Vec<RecordedV3<P>>> {
    old.into_iter()
        .map(|r| {
            let action = match r.action {
                ActionV2::Crash { node } => ActionV3::Crash { node },
                ActionV2::Restart { node } => ActionV3::Restart { node },
                ActionV2::Propose { node, value } => ActionV3::Propose { node, value },
                ActionV2::SetCut { cut } => ActionV3::SetCut { cut },
                ActionV2::SetNetwork { network } => ActionV3::SetNetwork { network },
                ActionV2::SetDisk { disk } => ActionV3::SetDisk { disk },
                ActionV2::SetBackoff { backoff } => ActionV3::SetBackoff { backoff },
                ActionV2::DropMessage { id } => ActionV3::DropMessage { id },
                ActionV2::DuplicateMessage { id } => ActionV3::DuplicateMessage { id },
                ActionV2::DelayMessage { id, by_us } => ActionV3::DelayMessage { id, by_us },
                ActionV2::WipeDisk { node } => ActionV3::WipeDisk { node },
                ActionV2::LoadDisk { node, state } => ActionV3::LoadDisk { node, state },
                ActionV2::PowerFailure { disks } => ActionV3::PowerFailure { disks },
                ActionV2::SetDurability { durability } => {
                    P::paxos_only(PaxosOnly::Durability(durability))?
                }
                ActionV2::SetBugs { bugs } => P::paxos_only(PaxosOnly::Bugs(bugs))?,
                ActionV2::SetQuorums { q1, q2 } => P::paxos_only(PaxosOnly::Quorums { q1, q2 })?,
                ActionV2::Read { node } => P::paxos_only(PaxosOnly::Read {
                    node,
                    at_us: r.time_us,
                })?,
            };
            Some(RecordedV3 {
                step: r.step,
                time_us: r.time_us,
                action,
            })
        })
        .collect()
}

/// Version 3's actions as today's.
pub fn upgrade_v3<P: Upgrade>(old: Vec<RecordedV3<P>>) -> Vec<Recorded<P>> {
    old.into_iter()
        .filter_map(|r| {
            let action = match r.action {
                ActionV3::Crash { node } => Action::Crash { node },
                ActionV3::Restart { node } => Action::Restart { node },
                ActionV3::Propose { node, value } => Action::Propose { node, value },
                ActionV3::SetCut { cut } => Action::SetCut { cut },
                ActionV3::SetNetwork { network } => Action::SetNetwork { network },
                ActionV3::SetDisk { disk } => Action::SetDisk { disk },
                ActionV3::SetBackoff { backoff } => Action::Tune {
                    knob: P::backoff(backoff)?,
                },
                ActionV3::DropMessage { id } => Action::DropMessage { id },
                ActionV3::DuplicateMessage { id } => Action::DuplicateMessage { id },
                ActionV3::DelayMessage { id, by_us } => Action::DelayMessage { id, by_us },
                ActionV3::WipeDisk { node } => Action::WipeDisk { node },
                ActionV3::LoadDisk { node, state } => Action::LoadDisk { node, state },
                ActionV3::PowerFailure { disks } => Action::PowerFailure { disks },
                ActionV3::Tune { knob } => Action::Tune { knob },
                ActionV3::AddClient { spec } => Action::AddClient { spec },
            };
            Some(Recorded {
                step: r.step,
                time_us: r.time_us,
                action,
            })
        })
        .collect()
}

/// Version 1 and 2's actions as today's; `None` if one cannot have been
/// recorded.
pub fn upgrade<P: Upgrade>(old: Vec<RecordedV2<P>>) -> Option<Vec<Recorded<P>>> {
    upgrade_v2(old).map(upgrade_v3)
}

/// A scenario of one protocol whose actions have an older version's
/// layout `A` (and its JSON): today's `Body` otherwise.
#[derive(Deserialize)]
#[serde(bound = "A: Deserialize<'de>")]
pub struct BodyAs<P: Protocol, A> {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    config: SimConfig<P>,
    #[serde(default)]
    script: Vec<Cue<P>>,
    #[serde(default)]
    actions: Vec<RecordedAs<A>>,
    #[serde(default)]
    view: View,
}

/// A scenario as version 2 laid it out.
pub type BodyV2<P> = BodyAs<P, ActionV2<P>>;
/// A scenario as version 3 laid it out.
pub type BodyV3<P> = BodyAs<P, ActionV3<P>>;

impl<P: Protocol, A> BodyAs<P, A> {
    /// Today's body, with its actions converted by `upgrade` (`None` if
    /// one cannot have been recorded).
    fn upgrade_with(
        self,
        upgrade: impl FnOnce(Vec<RecordedAs<A>>) -> Option<Vec<Recorded<P>>>,
    ) -> Option<Body<P>> {
        Some(Body {
            title: self.title,
            description: self.description,
            config: self.config,
            script: self.script,
            actions: upgrade(self.actions)?,
            view: self.view,
        })
    }
}

impl<P: Upgrade> BodyV2<P> {
    pub fn upgrade(self) -> Option<Body<P>> {
        self.upgrade_with(upgrade)
    }
}

impl<P: Upgrade> BodyV3<P> {
    pub fn upgrade(self) -> Body<P> {
        self.upgrade_with(|actions| Some(upgrade_v3(actions)))
            .expect("every version-3 action has a place today")
    }
}

#[derive(Deserialize)]
struct ConfigV1 {
    cluster_size: u8,
    retry_timeout_us: u64,
    retry_timeout_max_us: u64,
    backoff: bool,
    backoff_base_us: u64,
    backoff_max_us: u64,
    durability: Durability,
}

#[derive(Deserialize)]
struct ClientSpecV1 {
    node: NodeId,
    value: Value,
    at_us: u64,
}

/// A single-decree run's configuration, as version 1 laid it out.
#[derive(Deserialize)]
pub struct SimConfigV1 {
    seed: u64,
    paxos: ConfigV1,
    network: NetworkConfig,
    disk: DiskConfig,
    faults: FaultConfig,
    clients: Vec<ClientSpecV1>,
    client_retry_us: u64,
    until_us: u64,
    initial_disks: Vec<Durable>,
    record_trace: bool,
}

impl From<SimConfigV1> for SimConfig<SingleDecree> {
    fn from(old: SimConfigV1) -> SimConfig<SingleDecree> {
        let c = old.paxos;
        SimConfig {
            seed: old.seed,
            protocol: paxos::Config {
                cluster_size: c.cluster_size,
                retry_timeout_us: c.retry_timeout_us,
                retry_timeout_max_us: c.retry_timeout_max_us,
                backoff: c.backoff,
                backoff_base_us: c.backoff_base_us,
                backoff_max_us: c.backoff_max_us,
                durability: c.durability,
                ..paxos::Config::default()
            },
            network: old.network,
            disk: old.disk,
            faults: old.faults,
            clients: old
                .clients
                .into_iter()
                .map(|c| ClientSpec::proposer(c.node, c.value, c.at_us))
                .collect(),
            client_retry_us: old.client_retry_us,
            until_us: old.until_us,
            initial_disks: old.initial_disks,
            record_trace: old.record_trace,
        }
    }
}

#[derive(Deserialize)]
struct BodyV1 {
    title: String,
    description: String,
    config: SimConfigV1,
    script: Vec<Cue<SingleDecree>>,
    actions: Vec<RecordedV2<SingleDecree>>,
    view: View,
}

/// Old bytes that decoded but cannot be a run of their protocol.
fn impossible() -> postcard::Error {
    postcard::Error::DeserializeBadEnum
}

/// A version-1 single-decree body's postcard bytes (after the protocol's
/// tag): its configuration had an older layout.
pub fn paxos_body_v1(bytes: &[u8]) -> Result<Body<SingleDecree>, postcard::Error> {
    let b: BodyV1 = postcard::from_bytes(bytes)?;
    Ok(Body {
        title: b.title,
        description: b.description,
        config: b.config.into(),
        script: b.script,
        actions: upgrade(b.actions).ok_or_else(impossible)?,
        view: b.view,
    })
}

/// A single-decree run body of record schema 2.
#[derive(Deserialize)]
struct RunBodyV1 {
    config: SimConfigV1,
    actions: Vec<RecordedV2<SingleDecree>>,
}

/// A run body whose actions have an older version's layout `A`: record
/// schema 3 (version 2's actions) and 4 (version 3's).
#[derive(Deserialize)]
#[serde(bound = "A: Deserialize<'de>")]
struct RunBodyAs<P: Protocol, A> {
    config: SimConfig<P>,
    actions: Vec<RecordedAs<A>>,
}

fn never_had() -> String {
    "it records an action its protocol never had".to_string()
}

/// A stored run body of an older record schema (2, 3 or 4), as today's.
pub fn run_body<P: Upgrade>(schema: u32, bytes: &[u8]) -> Result<RunBody<P>, String> {
    match schema {
        2 => P::schema_2_body(bytes),
        3 => {
            let old: RunBodyAs<P, ActionV2<P>> =
                postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
            Ok(RunBody {
                config: old.config,
                actions: upgrade(old.actions).ok_or_else(never_had)?,
            })
        }
        4 => {
            let old: RunBodyAs<P, ActionV3<P>> =
                postcard::from_bytes(bytes).map_err(|e| e.to_string())?;
            Ok(RunBody {
                config: old.config,
                actions: upgrade_v3(old.actions),
            })
        }
        other => Err(format!("there is no record schema {other}")),
    }
}
