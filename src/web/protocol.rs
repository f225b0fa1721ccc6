//! What the page needs from a protocol beyond what the simulator needs: its
//! default scenario, its presets, and its words about its state. Its
//! panels are `web::panels`; each protocol's are in `web::protocols`. The
//! rest of the page (controls, diagram, faults, disks) is shared.

use paxos_core::protocol::{Core, Protocol};
use paxos_core::types::NodeId;
use paxos_sim::sim::{Payload, Sim, SimConfig};
use paxos_sim::timeline::Timeline;

/// The seed a page opens with, unless its protocol says otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// A protocol's randomized backoff, as the Backoff setting shows and
/// changes it: one of the protocol's own knobs.
pub struct Backoff<P: Core> {
    /// What it does when on, and what may happen when off.
    pub words: [&'static str; 2],
    /// Whether it is on in a configuration.
    pub on: fn(&P::Config) -> bool,
    /// The knob that turns it on or off.
    pub knob: fn(bool) -> P::Knob,
}

pub trait WebProtocol: Protocol + paxos_front::course::gallery::Examples {
    /// How the page names the protocol.
    const TITLE: &'static str;
    const DEFAULT_NODES: u8;
    /// What the safety banner says made a violation possible.
    const WHY_VIOLATED: &'static str;
    /// The protocol's randomized backoff; `None` if it has none (the
    /// Backoff setting is not shown).
    const BACKOFF: Option<Backoff<Self>>;
    /// The seed a page opens with.
    const DEFAULT_SEED: u64 = DEFAULT_SEED;
    /// The scenario the page opens with.
    fn default_config(nodes: u8, seed: u64) -> SimConfig<Self>;
    /// `?stress=N`: a run simulated until it holds `messages` messages.
    fn stress_timeline(messages: u64) -> Timeline<Self>;
    /// The run has done what it was for, though events may go on (a
    /// looping embed starts again then). By default: nothing is left.
    fn played_out(sim: &Sim<Self>) -> bool {
        sim.is_finished()
    }
    /// A preset scenario by id, with what to watch in it.
    fn preset(id: &str) -> Option<(Timeline<Self>, String)> {
        let _ = id;
        None
    }
    /// After a power failure: what had been achieved, and that it stays.
    fn power_failure_outcome(sim: &Sim<Self>) -> String;
    /// One line on a node's state, for a message's details.
    fn node_line(sim: &Sim<Self>, id: NodeId) -> String;
    /// A message's fields, for its details.
    fn message_fields(payload: &Payload<Self>) -> Vec<(&'static str, String)>;
    /// A node on the cluster ring: extra classes, a badge, a tooltip.
    fn ring_node(sim: &Sim<Self>, id: NodeId) -> (Vec<&'static str>, String, String);
    /// The lessons with a step on this page, with their words (the
    /// others' words stay out of its bundle: `course::COURSE` outlines
    /// them).
    const LESSONS: &'static [&'static paxos_front::course::Lesson];
    /// The model checker covers the protocol: the page has its panel.
    const CHECKS: bool = false;
    /// The checker's bounds for a run of `config` until the student sets
    /// them (depth, ballots per proposer, crashes, drops, duplicates, MiB,
    /// log slots or 0 without a log):
    /// `paxos check`'s (`checking::Checkable`), with 512 MiB, a browser's
    /// share.
    fn check_bounds(config: &SimConfig<Self>) -> [u32; 7] {
        let _ = config;
        bounds_of(paxos_check::Bounds::default())
    }
}

/// A search's bounds as the Model check panel keeps them, with 512 MiB.
pub fn bounds_of(b: paxos_check::Bounds) -> [u32; 7] {
    [
        b.max_depth,
        b.max_ballots,
        b.max_crashes,
        b.max_drops,
        b.max_duplicates,
        512,
        b.max_slots.unwrap_or(0),
    ]
}
