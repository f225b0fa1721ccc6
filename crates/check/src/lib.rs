//! The model checker: every interleaving, within bounds.
//!
//! A seeded simulation shows one run. The checker explores them all: from
//! the start, every choice of manual scheduling (`paxos_sim::sim::Choice`:
//! deliver a message, fire a timer, complete a disk write, let a client
//! send; drop or duplicate a message, crash or restart a node) is a
//! transition, and each state reached is checked with the protocol's own
//! safety monitor, the one every run has. The choices are exactly the ones
//! the playground offers a student who is the network, so a path the
//! checker finds is a run the playground can show.
//!
//! **States.** A state is the cluster as [`Sim::fingerprint`] sees it:
//! nodes, disks, pending writes, armed timers, the messages on the wire as
//! a multiset, the clients and the monitor; simulated time is left out, as
//! any enabled choice may come next. The checker adds how many crashes,
//! drops and duplicates the path used, so that a state reached with more
//! of a bound spent is not mistaken for one with less. Each state seen is
//! kept as its 128-bit fingerprint and one parent link, to rebuild the
//! path to it.
//!
//! **Search.** Breadth first ([`Order::Bfs`]), so a violation found is one
//! of the shortest; or depth first, for deep and narrow spaces (its
//! counterexamples need not be shortest).
//!
//! **Disk writes** are choices of their own only when a crash is allowed:
//! without one, nothing can tell a pending write from a done one, so each
//! completes with the step that issued it ([`writes_at_once`]), and the
//! depth counts the choices alone. The path to a violation lists those
//! writes too, as steps, so that it replays.
//!
//! **Bounds** ([`Bounds`]) make the space finite: depth, ballots per
//! proposer, log slots (in Multi-Paxos: how far a leader may propose),
//! crashes, drops and duplicates; the commands are the run's own (each
//! client has its few). A state some of whose successors a bound cut off
//! is counted "at a bound"; a state in which no event can happen, none of
//! the nodes is down and nothing was decided is a deadlock. Clients send
//! once ([`for_checking`]): their retries would fill the wire with copies
//! of the same request without end.
//!
//! No symmetry reduction: node ids are in the ballots, so two states that
//! differ by renaming nodes are not the same state for Paxos's rules
//! (ballot order breaks ties by node id), and merging them would be
//! unsound without renaming ballots too.

use paxos_core::protocol::Protocol;
use paxos_sim::scenario::{Body, View};
use paxos_sim::sim::{Choice, ConfigError, Property, Sim, SimConfig, MAX_TIME_US};
use paxos_sim::timeline::{Action, Timeline};
use serde::Serialize;
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};

/// How far the search may go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Bounds {
    /// Choices along a path.
    pub max_depth: u32,
    /// Ballots any one node may start: 0 where nodes start none (the
    /// storage designs, whose clients run the phases), and then the bound
    /// goes unsaid.
    pub max_ballots: u32,
    /// The highest log slot a value may be proposed for, in a protocol
    /// with a log (Multi-Paxos); `None` for the others.
    pub max_slots: Option<u32>,
    pub max_crashes: u32,
    pub max_drops: u32,
    pub max_duplicates: u32,
    /// The memory the search may use (as `Limits::memory` measures it).
    pub max_bytes: u64,
}

impl Default for Bounds {
    /// 3 nodes and 2 proposers' worth: depth 13, 2 ballots per proposer,
    /// no faults, 1 GiB. Correct Paxos within them is about 800,000 states
    /// (15 s natively), and every broken variant's counterexample is
    /// within them (amnesia's with one crash allowed).
    fn default() -> Bounds {
        Bounds {
            max_depth: 13,
            max_ballots: 2,
            max_slots: None,
            max_crashes: 0,
            max_drops: 0,
            max_duplicates: 0,
            max_bytes: 1 << 30,
        }
    }
}

impl Bounds {
    /// The bounds in words, for "no violation in N states with ...":
    /// `depth ≤ 13, ≤ 2 ballots per proposer, ≤ 1 crash, no drops, no
    /// duplicates`.
    pub fn describe(&self) -> String {
        let faults = [
            (self.max_crashes, "crash", "crashes"),
            (self.max_drops, "drop", "drops"),
            (self.max_duplicates, "duplicate", "duplicates"),
        ];
        let mut parts = vec![format!("depth ≤ {}", self.max_depth)];
        match self.max_ballots {
            0 => {}
            1 => parts.push("≤ 1 ballot per proposer".to_string()),
            n => parts.push(format!("≤ {n} ballots per proposer")),
        }
        if let Some(slots) = self.max_slots {
            parts.push(match slots {
                1 => "≤ 1 log slot".to_string(),
                n => format!("≤ {n} log slots"),
            });
        }
        for (n, one, many) in faults {
            parts.push(match n {
                0 => format!("no {many}"),
                1 => format!("≤ 1 {one}"),
                n => format!("≤ {n} {many}"),
            });
        }
        parts.join(", ")
    }
}

/// A count with its thousands grouped: `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Breadth first or depth first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Bfs,
    Dfs,
}

/// How far a search has got: for progress bars.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// States generated (every successor of every state expanded).
    pub states: u64,
    /// Distinct states.
    pub unique: u64,
    /// The deepest state reached.
    pub depth: u32,
    /// The memory in use, as measured.
    pub bytes: u64,
}

/// How a search ended.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", bound = "")]
pub enum Outcome<P: Protocol> {
    /// Every state within the bounds was checked: none violates a property.
    Ok,
    /// A property failed: the path to the first state found that breaks it.
    Violation {
        property: Property,
        detail: String,
        /// Every step of the path, the writes that completed with a choice
        /// (see [`writes_at_once`]) included: what replays it.
        steps: Vec<Choice<P>>,
    },
    /// It stopped at the memory bound, before covering every state.
    OutOfMemory,
    /// Whoever asked for it stopped it.
    Cancelled,
}

/// What a search found and covered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(bound = "")]
pub struct Report<P: Protocol> {
    pub outcome: Outcome<P>,
    pub progress: Progress,
    /// States some of whose successors a bound cut off.
    pub at_bound: u64,
    /// States in which nothing can happen, no node is down and nothing was
    /// decided; and the path to the first one found.
    pub deadlocks: u64,
    pub deadlock: Option<Vec<Choice<P>>>,
    pub bounds: Bounds,
    pub order: Order,
}

impl<P: Protocol> Outcome<P> {
    /// The outcome in a word, as `paxos check --json` and the page's panel
    /// report it: `ok`, `violation`, `out_of_memory` or `cancelled`.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Violation { .. } => "violation",
            Outcome::OutOfMemory => "out_of_memory",
            Outcome::Cancelled => "cancelled",
        }
    }
}

impl<P: Protocol> Report<P> {
    /// What the search covered, in words: `all 785,508 states with depth ≤
    /// 13, ...` when it finished without a violation, else how far it got.
    pub fn covered(&self) -> String {
        let states = grouped(self.progress.unique);
        let bounds = self.bounds.describe();
        match self.outcome {
            Outcome::Ok => format!("all {states} states with {bounds}"),
            _ => format!("{states} states with {bounds}, before it stopped"),
        }
    }
}

/// What the front end measures and decides for the search.
pub struct Limits<'a> {
    /// The memory in use now, in bytes (the process's, natively; the wasm
    /// heap's, in a worker).
    pub memory: &'a dyn Fn() -> u64,
    /// Told the progress now and then; returns false to stop the search.
    pub progress: &'a mut dyn FnMut(&Progress) -> bool,
    /// Threads to search with, breadth first (depth first uses one). Any
    /// number finds the same states in the same order, and so the same
    /// counts and counterexamples.
    pub threads: usize,
}

/// How often (in states generated) the search reports and measures.
const REPORT_EVERY: u64 = 1 << 12;

/// The run to check, from one to simulate: without random loss,
/// duplication or crashes (faults are the checker's own choices), with
/// clients that send once (their retries would put copies of the same
/// request on the wire without end), and without an end time (time is not
/// part of a state).
pub fn for_checking<P: Protocol>(mut config: SimConfig<P>) -> SimConfig<P> {
    config.network.drop_prob = 0.0;
    config.network.dup_prob = 0.0;
    config.faults.crash_prob = 0.0;
    config.faults.partition_prob = 0.0;
    config.client_retry_us = MAX_TIME_US;
    config.until_us = MAX_TIME_US - 1;
    config.record_trace = false;
    config
}

/// A fingerprint is already a good hash: its low bits serve as one.
#[derive(Default)]
struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for (i, b) in bytes.iter().take(8).enumerate() {
            self.0 |= u64::from(*b) << (8 * i);
        }
    }
    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

/// The keys of every state reached.
type Seen = HashSet<u128, BuildHasherDefault<Prehashed>>;

/// A state reached: the one it was reached from, and by which choice, as
/// its place in that state's list of choices (`Sim::choices`, the same
/// list every time for the same state): 8 bytes, where the choice itself
/// would take 16 more, for every state seen.
struct Reached {
    parent: u32,
    choice: u32,
}

/// The root's choice: none.
const NO_CHOICE: u32 = u32::MAX;

const NO_PARENT: u32 = u32::MAX;

/// A state waiting to be expanded: its index, its depth, and (depth
/// first) the state itself, boxed: a simulator is large, and a `None`
/// would take its room.
type Waiting<P> = (u32, u32, Option<Box<Sim<P>>>);

/// The faults a path has used: crashes, drops, duplicates.
fn spent<P: Protocol>(sim: &Sim<P>) -> [u64; 3] {
    let stats = sim.stats();
    [stats.crashes, stats.dropped, stats.duplicated]
}

/// The key a state is stored under: its fingerprint, with the faults the
/// path to it spent.
fn key<P: Protocol>(sim: &mut Sim<P>) -> u128
where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    let [c, d, u] = spent(sim);
    let mix = (c.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ d.rotate_left(21) ^ u.rotate_left(42))
        .wrapping_mul(0xbf58_476d_1ce4_e5b9);
    sim.fingerprint() ^ u128::from(mix)
}

/// Checks every interleaving of `config`'s run (see [`for_checking`])
/// within `bounds`, in `order`.
pub fn check<P: Protocol>(
    config: &SimConfig<P>,
    bounds: &Bounds,
    order: Order,
    limits: Limits<'_>,
) -> Result<Report<P>, ConfigError>
where
    P::Client: Serialize,
    P::Monitor: Serialize,
    Sim<P>: Send + Sync,
    Choice<P>: Send + Sync,
{
    let mut root = Sim::new(config.clone())?;
    root.set_recording(false);
    root.stop_hashing();
    root.set_manual(true);
    let bytes_at_start = (limits.memory)();
    let mut seen = Seen::default();
    let mut states: Vec<Reached> = Vec::new();
    seen.insert(key(&mut root));
    states.push(Reached {
        parent: NO_PARENT,
        choice: NO_CHOICE,
    });
    // Breadth first, the states waiting to be expanded are kept as their
    // index alone, and rebuilt when their turn comes (from the state they
    // were reached from, which their siblings, expanded just before or
    // after, share); depth first, the stack is short, and keeps them whole.
    let mut work: VecDeque<Waiting<P>> = VecDeque::new();
    work.push_back((0, 0, Some(Box::new(root.clone()))));
    let mut progress = Progress {
        states: 1,
        unique: 1,
        depth: 0,
        bytes: bytes_at_start,
    };
    let mut report = Report {
        outcome: Outcome::Ok,
        progress,
        at_bound: 0,
        deadlocks: 0,
        deadlock: None,
        bounds: *bounds,
        order,
    };
    let mut next_report = REPORT_EVERY;
    let threads = match order {
        Order::Bfs => limits.threads.max(1),
        Order::Dfs => 1,
    };
    let keep = order == Order::Dfs;
    let mut workers: Vec<Worker<P>> = (0..threads).map(|_| Worker::new(&root)).collect();
    let mut batch: Vec<Expanded<P>> = Vec::new();
    'search: loop {
        // The next states to expand: one alone, or (breadth first, with
        // threads) a batch of them, expanded in parallel against the states
        // seen so far and merged in order, so that the search finds the
        // same states, in the same order, with any number of threads.
        batch.clear();
        if threads == 1 {
            let item = match order {
                Order::Bfs => work.pop_front(),
                Order::Dfs => work.pop_back(),
            };
            let Some((index, depth, kept)) = item else {
                break;
            };
            let worker = &mut workers[0];
            let sim = match kept {
                Some(sim) => {
                    worker.state = *sim;
                    &worker.state
                }
                None => {
                    let Worker {
                        ancestry, state, ..
                    } = worker;
                    rebuild(&root, &states, index, bounds, ancestry, state);
                    &worker.state
                }
            };
            batch.push(expand(
                sim,
                index,
                depth,
                bounds,
                &seen,
                keep,
                &mut worker.next,
            ));
        } else {
            let take_now = work.len().min(BATCH_PER_THREAD * threads);
            if take_now == 0 {
                break;
            }
            let items: Vec<(u32, u32)> = work
                .drain(..take_now)
                .map(|(index, depth, _)| (index, depth))
                .collect();
            let chunk = items.len().div_ceil(threads);
            let (root, states, seen) = (&root, &states, &seen);
            std::thread::scope(|scope| {
                let parts: Vec<_> = items
                    .chunks(chunk)
                    .zip(workers.iter_mut())
                    .map(|(part, worker)| {
                        scope.spawn(move || {
                            part.iter()
                                .map(|&(index, depth)| {
                                    let Worker {
                                        ancestry,
                                        state,
                                        next,
                                    } = &mut *worker;
                                    rebuild(root, states, index, bounds, ancestry, state);
                                    expand(state, index, depth, bounds, seen, false, next)
                                })
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                for part in parts {
                    batch.extend(part.join().expect("a search thread does not panic"));
                }
            });
        }
        for expanded in batch.drain(..) {
            if expanded.stuck {
                report.deadlocks += 1;
                if report.deadlock.is_none() {
                    report.deadlock = Some(steps_to(&root, &states, expanded.index, bounds));
                }
                continue;
            }
            if expanded.at_bound {
                report.at_bound += 1;
            }
            let generated_before = progress.states;
            for child in expanded.children {
                if !seen.insert(child.key) {
                    continue;
                }
                let at = states.len() as u32;
                states.push(Reached {
                    parent: expanded.index,
                    choice: child.choice,
                });
                progress.unique += 1;
                progress.depth = progress.depth.max(expanded.depth + 1);
                if let Some((property, detail)) = child.violation {
                    report.outcome = Outcome::Violation {
                        property,
                        detail,
                        steps: steps_to(&root, &states, at, bounds),
                    };
                    progress.states = generated_before + child.ordinal;
                    report.progress = progress;
                    return Ok(report);
                }
                work.push_back((at, expanded.depth + 1, child.sim));
            }
            progress.states = generated_before + expanded.generated;
            if progress.states >= next_report {
                next_report = progress.states + REPORT_EVERY;
                progress.bytes = (limits.memory)();
                if !(limits.progress)(&progress) {
                    report.outcome = Outcome::Cancelled;
                    break 'search;
                }
                if progress.bytes > bounds.max_bytes {
                    report.outcome = Outcome::OutOfMemory;
                    break 'search;
                }
            }
        }
    }
    progress.bytes = progress.bytes.max((limits.memory)());
    report.progress = progress;
    Ok(report)
}

/// States a thread expands at a time, breadth first with threads: enough
/// to pay for starting them, few enough to keep the successors waiting to
/// be merged small.
const BATCH_PER_THREAD: usize = 512;

/// A state expanded: what its successors are, before they are merged into
/// the states seen.
struct Expanded<P: Protocol> {
    index: u32,
    depth: u32,
    /// Nothing can happen, no node is down and nothing was decided.
    stuck: bool,
    /// Some successors were cut off by a bound.
    at_bound: bool,
    /// Successors generated.
    generated: u64,
    /// The successors not seen before the expansion, in order.
    children: Vec<Child<P>>,
}

/// A successor that may be new.
struct Child<P: Protocol> {
    /// Its choice's place among its parent's choices.
    choice: u32,
    key: u128,
    /// Its place among its parent's successors generated (from 1).
    ordinal: u64,
    /// The first property it violates.
    violation: Option<(Property, String)>,
    /// The state itself, depth first.
    sim: Option<Box<Sim<P>>>,
}

/// Expands `sim` (state `index`, at `depth`): its successors within
/// `bounds` that `seen` has not got, keeping the states themselves if
/// `keep`. Each successor is made in `next`, overwritten with `sim` each
/// time.
fn expand<P: Protocol>(
    sim: &Sim<P>,
    index: u32,
    depth: u32,
    bounds: &Bounds,
    seen: &Seen,
    keep: bool,
    next: &mut Sim<P>,
) -> Expanded<P>
where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    let choices = sim.choices();
    let events_left = choices.iter().any(|c| !c.is_fault());
    let stuck =
        !events_left && sim.nodes().all(|node| sim.node(node).is_some()) && sim.decided().is_none();
    let mut expanded = Expanded {
        index,
        depth,
        stuck,
        at_bound: false,
        generated: 0,
        children: Vec::new(),
    };
    if stuck {
        return expanded;
    }
    if depth >= bounds.max_depth {
        expanded.at_bound = events_left;
        return expanded;
    }
    let [crashes, drops, duplicates] = spent(sim);
    for (place, choice) in choices.into_iter().enumerate() {
        let budget = match choice {
            Choice::Crash { .. } => Some((crashes, bounds.max_crashes)),
            Choice::Drop { .. } => Some((drops, bounds.max_drops)),
            Choice::Duplicate { .. } => Some((duplicates, bounds.max_duplicates)),
            _ => None,
        };
        if let Some((used, most)) = budget {
            if used >= u64::from(most) {
                // A fault the bounds leave out cuts the search off only if
                // faults of its kind were asked for at all.
                expanded.at_bound |= most > 0;
                continue;
            }
        }
        next.clone_from(sim);
        take(next, &choice, bounds, &mut |_| ());
        expanded.generated += 1;
        if next
            .nodes()
            .any(|node| next.ballots_started(node) > bounds.max_ballots)
            || bounds
                .max_slots
                .is_some_and(|most| next.highest_slot() > u64::from(most))
        {
            expanded.at_bound = true;
            continue;
        }
        let key = key(next);
        if seen.contains(&key) {
            continue;
        }
        let violation = next
            .violations()
            .first()
            .map(|v| (v.property, v.detail.clone()));
        expanded.children.push(Child {
            choice: place as u32,
            key,
            ordinal: expanded.generated,
            violation,
            sim: keep.then(|| Box::new(next.clone())),
        });
    }
    expanded
}

/// The states on the way to state `at`, from the root's child down to
/// `at` itself.
fn line_to(states: &[Reached], mut at: u32) -> Vec<u32> {
    let mut line = Vec::new();
    while let Some(seen) = states.get(at as usize) {
        if seen.choice == NO_CHOICE {
            break;
        }
        line.push(at);
        at = seen.parent;
    }
    line.reverse();
    line
}

/// The choice that reached state `at` from `parent`, the state it was
/// reached from (whose `choices` are given, or listed here).
fn choice_of<P: Protocol>(
    parent: &Sim<P>,
    choices: Option<&[Choice<P>]>,
    states: &[Reached],
    at: u32,
) -> Choice<P> {
    let place = states[at as usize].choice as usize;
    match choices {
        Some(choices) => choices[place],
        None => parent.choices()[place],
    }
}

/// Whether disk writes complete with the step that issued them, rather
/// than as choices of their own: when the bounds allow no crash. Only a
/// crash can tell a write that is pending from one that is done (the
/// node's replies wait for it, but the wire delivers in any order, so a
/// reply sent at once can always be held back as long), and the writes'
/// own checks (the monitor watches the disk) happen either way, on the
/// same disk, in the same order. Without this, every write would double
/// the interleavings. (With crashes allowed, writes stay choices all the
/// way: were they to complete at once only after the last crash allowed,
/// a crash and a restart early on would become a short cut.)
pub fn writes_at_once(bounds: &Bounds) -> bool {
    bounds.max_crashes == 0
}

/// The choices among a path's `steps`, as the depth bound counts them:
/// the disk writes that completed with a choice aside.
pub fn depth_of<P: Protocol>(steps: &[Choice<P>], bounds: &Bounds) -> u32 {
    let counted =
        |step: &&Choice<P>| !writes_at_once(bounds) || !matches!(step, Choice::Persist { .. });
    steps.iter().filter(counted).count() as u32
}

/// Makes `choice` happen in `sim`, and with it every write pending if
/// writes complete at once (see [`writes_at_once`]), oldest first, telling
/// `done` each step.
fn take<P: Protocol>(
    sim: &mut Sim<P>,
    choice: &Choice<P>,
    bounds: &Bounds,
    done: &mut dyn FnMut(Choice<P>),
) {
    sim.pick(choice)
        .expect("every choice the simulator lists can be picked");
    done(*choice);
    if !writes_at_once(bounds) {
        return;
    }
    while let Some(write) = sim.next_write() {
        sim.pick(&write).expect("a pending write can complete");
        done(write);
    }
}

/// Every step on the way to state `at`, from `root`: its choices, and the
/// disk writes that completed with them.
fn steps_to<P: Protocol>(
    root: &Sim<P>,
    states: &[Reached],
    at: u32,
    bounds: &Bounds,
) -> Vec<Choice<P>> {
    let mut sim = root.clone();
    let mut steps = Vec::new();
    for i in line_to(states, at) {
        let choice = choice_of(&sim, None, states, i);
        take(&mut sim, &choice, bounds, &mut |step| steps.push(step));
    }
    steps
}

/// What each search thread keeps from one state it expands to the next:
/// the path to the state last rebuilt, and the room of the simulators it
/// rebuilds a state into and makes each successor in (`clone_from` keeps
/// their room, so that most of a state is copied without allocating).
struct Worker<P: Protocol> {
    ancestry: Ancestry<P>,
    state: Sim<P>,
    next: Sim<P>,
}

impl<P: Protocol> Worker<P> {
    fn new(root: &Sim<P>) -> Worker<P> {
        Worker {
            ancestry: Vec::new(),
            state: root.clone(),
            next: root.clone(),
        }
    }
}

/// The states along the path to the state last rebuilt, from the root's
/// child down, each with its choices (listed once, for all its children):
/// breadth first, the next state to expand is most often a sibling of the
/// last (the same parent) or a cousin (the same grandparent), so only the
/// end of its path is replayed.
type Ancestry<P> = Vec<(u32, Sim<P>, Vec<Choice<P>>)>;

/// State `at`, rebuilt into `sim`: its parent (from `ancestry`, replaying
/// only the steps that differ from the path last rebuilt), and its choice.
fn rebuild<P: Protocol>(
    root: &Sim<P>,
    states: &[Reached],
    at: u32,
    bounds: &Bounds,
    ancestry: &mut Ancestry<P>,
    sim: &mut Sim<P>,
) where
    P::Client: Serialize,
    P::Monitor: Serialize,
{
    let seen = &states[at as usize];
    if seen.choice == NO_CHOICE {
        sim.clone_from(root);
        return;
    }
    let (parent, choices) = ancestor(root, states, seen.parent, bounds, ancestry);
    let choice = choice_of(parent, choices, states, at);
    sim.clone_from(parent);
    take(sim, &choice, bounds, &mut |_| ());
    // Its successors, each a clone of it, then share its nodes' hashes.
    sim.keep_fingerprint_parts();
}

/// State `at`, and its choices unless it is the root, from `ancestry`,
/// which is left holding the path to it.
fn ancestor<'a, P: Protocol>(
    root: &'a Sim<P>,
    states: &[Reached],
    at: u32,
    bounds: &Bounds,
    ancestry: &'a mut Ancestry<P>,
) -> (&'a Sim<P>, Option<&'a [Choice<P>]>) {
    if ancestry.last().is_none_or(|(index, ..)| *index != at) {
        let line = line_to(states, at);
        let common = ancestry
            .iter()
            .zip(&line)
            .take_while(|((index, ..), i)| index == *i)
            .count();
        ancestry.truncate(common);
        for &i in &line[common..] {
            let (parent, choices) = ancestry
                .last()
                .map_or((root, None), |(_, sim, choices)| (sim, Some(&choices[..])));
            let choice = choice_of(parent, choices, states, i);
            let mut sim = parent.clone();
            take(&mut sim, &choice, bounds, &mut |_| ());
            let choices = sim.choices();
            ancestry.push((i, sim, choices));
        }
    }
    ancestry
        .last()
        .map_or((root, None), |(_, sim, choices)| (sim, Some(&choices[..])))
}

/// A path of choices played as a run of `config`: manual scheduling on,
/// then each pick, each recorded at the moment the playground would record
/// it. Its actions, in a scenario, replay to the state the path reached,
/// in the CLI and in the browser; its frontier is where the path ends.
pub fn played<P: Protocol>(
    config: &SimConfig<P>,
    steps: &[Choice<P>],
) -> Result<Timeline<P>, ConfigError> {
    let mut timeline = Timeline::new(config.clone())?;
    timeline.act(Action::Manual { on: true })?;
    for choice in steps {
        timeline.act(Action::Pick { choice: *choice })?;
    }
    Ok(timeline)
}

/// A path as a scenario to open in the playground: `config`, manual
/// scheduling on, and each step picked, with the cursor at `cursor_us`
/// (`None`: where the last step left the run). `end` says what the last
/// step shows, for its description.
pub fn counterexample<P: Protocol>(
    config: &SimConfig<P>,
    steps: &[Choice<P>],
    title: &str,
    end: &str,
    cursor_us: Option<u64>,
) -> Result<Body<P>, ConfigError> {
    let run = played(config, steps)?;
    Ok(Body {
        title: title.to_string(),
        description: format!(
            "Found by the model checker: {} steps, each picked by hand. Step through them: {end}.",
            steps.len()
        ),
        config: config.clone(),
        script: Vec::new(),
        actions: run.actions().to_vec(),
        view: View {
            cursor_us: cursor_us.or(Some(run.frontier_time_us())),
            ..View::default()
        },
    })
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_are_grouped_in_thousands() {
        let shown: Vec<String> = [0, 999, 1_000, 785_508, 1_234_567].map(grouped).into();
        assert_eq!(shown, ["0", "999", "1,000", "785,508", "1,234,567"]);
    }
}
