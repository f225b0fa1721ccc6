//! The playground's state and its reducer.
//!
//! The reducer owns a [`Timeline`] (the run, with time travel) and a
//! [`Diagram`] built from its trace. User actions and timer ticks become
//! timeline calls; the timeline and the simulator know nothing of Yew.

use crate::diagram::{Diagram, Layout};
use crate::sim::{MsgId, SimConfig, MAX_NODES};
use crate::timeline::{Action as SimAction, Timeline};
use crate::types::{Actor, Value};
use std::cell::{Ref, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// The seed of the default scenario.
pub const DEFAULT_SEED: u64 = 1;
/// Cluster sizes the UI offers.
pub const UI_NODES_MIN: u8 = 1;
pub const UI_NODES_MAX: u8 = 9;

/// Playback speeds, in simulated milliseconds per wall-clock second.
pub const SPEED_MIN: f64 = 1.0;
pub const SPEED_MAX: f64 = 10_000.0;
pub const SPEED_DEFAULT: f64 = 20.0;

/// The diagram's default zoom, in pixels per simulated millisecond.
pub const ZOOM_DEFAULT: f64 = 16.0;

/// The longest wall-clock gap one tick may cover, so that a tab coming back
/// from the background does not leap ahead.
const TICK_MAX_MS: f64 = 100.0;

/// The default scenario: `nodes` nodes; two clients ask n0 and n1 to get
/// "A" and "B" chosen at the same moment. Faults the user turns on apply
/// for the whole run.
pub fn default_config(nodes: u8, seed: u64) -> SimConfig {
    let mut config = SimConfig::new(nodes, 2.min(nodes), seed);
    config.until_us = crate::sim::MAX_TIME_US;
    config.faults.until_us = config.until_us;
    config
}

#[derive(Clone)]
pub struct Playground {
    /// Shared, so a new state is cheap to make; the reducer is the only
    /// writer.
    timeline: Rc<RefCell<Timeline>>,
    diagram: Rc<RefCell<Diagram>>,
    /// The timeline generation the diagram was built for.
    diagram_generation: u64,
    pub playing: bool,
    /// Simulated milliseconds per wall-clock second.
    pub speed: f64,
    /// Keep the cursor in view while playing.
    pub follow: bool,
    /// Diagram zoom, in pixels per simulated millisecond.
    pub zoom: f64,
    pub hidden_lanes: BTreeSet<Actor>,
    pub hidden_kinds: BTreeSet<&'static str>,
    /// The message whose details are open.
    pub selected: Option<MsgId>,
    /// A message for the user: what went wrong with their last input.
    pub notice: Option<String>,
    pub show_help: bool,
    /// Bumped by every action, so that Yew sees a new state.
    pub version: u64,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Playground) -> bool {
        Rc::ptr_eq(&self.timeline, &other.timeline) && self.version == other.version
    }
}

pub enum Action {
    Play,
    Pause,
    TogglePlay,
    /// Advance to the next event that shows in the trace.
    Step,
    StepBack,
    /// The play timer fired, `wall_ms` after the previous tick.
    Tick {
        wall_ms: f64,
    },
    Seek(u64),
    /// Back to the very start, before anything happened.
    Rewind,
    SetSpeed(f64),
    Zoom(f64),
    SetFollow(bool),
    /// Something done to the cluster: recorded, and forks if in the past.
    Act(SimAction),
    /// Start over with this many nodes (the same seed).
    SetClusterSize(u8),
    SetSeed(u64),
    Reset,
    Select(Option<MsgId>),
    ToggleLane(Actor),
    ToggleKind(&'static str),
    ShowAll,
    SetNotice(Option<String>),
    ToggleHelp,
}

impl Playground {
    pub fn new() -> Playground {
        let default = || {
            let timeline = Timeline::new(default_config(3, DEFAULT_SEED));
            timeline.expect("the default scenario is valid")
        };
        match stress_param() {
            None => Playground::with_timeline(default()),
            Some(Ok(messages)) => {
                Playground::with_timeline(crate::bench::stress_timeline(messages))
            }
            Some(Err(message)) => {
                let mut state = Playground::with_timeline(default());
                state.notice = Some(message);
                state
            }
        }
    }

    fn with_timeline(timeline: Timeline) -> Playground {
        let mut state = Playground {
            timeline: Rc::new(RefCell::new(timeline)),
            diagram: Rc::new(RefCell::new(Diagram::default())),
            diagram_generation: 0,
            playing: false,
            speed: SPEED_DEFAULT,
            follow: true,
            zoom: ZOOM_DEFAULT,
            hidden_lanes: BTreeSet::new(),
            hidden_kinds: BTreeSet::new(),
            selected: None,
            notice: None,
            show_help: false,
            version: 0,
        };
        state.sync_diagram();
        state
    }

    pub fn timeline(&self) -> Ref<'_, Timeline> {
        self.timeline.borrow()
    }

    pub fn diagram(&self) -> Ref<'_, Diagram> {
        self.diagram.borrow()
    }

    /// The diagram's layout for the current lanes and zoom.
    pub fn layout(&self) -> Layout {
        let timeline = self.timeline();
        // Every client the cluster knows at the cursor, even one whose
        // first request has not left yet.
        let config = timeline.state().config();
        let clients = (0..config.clients.len() as u8).map(crate::types::ClientId);
        Layout {
            lanes: Layout::lanes(config.paxos.nodes(), clients, &self.hidden_lanes),
            lane_width_px: 150.0,
            left_px: 8.0,
            px_per_ms: self.zoom,
            top_px: 16.0,
        }
    }

    /// Brings the diagram up to date with the trace, starting it again if
    /// history forked.
    fn sync_diagram(&mut self) {
        let timeline = self.timeline.borrow();
        let mut diagram = self.diagram.borrow_mut();
        if timeline.generation() != self.diagram_generation {
            // History forked: the trace was rewritten, and message ids after
            // the fork point now name different messages.
            *diagram = Diagram::default();
            self.diagram_generation = timeline.generation();
            self.selected = None;
        }
        diagram.update(timeline.frontier().trace());
    }

    fn restart(&mut self, config: SimConfig) {
        match Timeline::new(config) {
            Ok(timeline) => {
                self.timeline = Rc::new(RefCell::new(timeline));
                self.diagram = Rc::new(RefCell::new(Diagram::default()));
                self.diagram_generation = 0;
                self.playing = false;
                self.selected = None;
                self.hidden_lanes.clear();
                self.notice = None;
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.version += 1;
        match action {
            Action::Play => {
                let finished = next.timeline().is_finished();
                next.playing = !finished;
            }
            Action::Pause => next.playing = false,
            Action::TogglePlay => {
                let finished = next.timeline().is_finished();
                next.playing = !next.playing && !finished;
            }
            Action::Step => {
                next.playing = false;
                next.timeline.borrow_mut().step_forward();
            }
            Action::StepBack => {
                next.playing = false;
                next.timeline.borrow_mut().step_back();
            }
            Action::Tick { wall_ms } => {
                if !next.playing {
                    return self;
                }
                let mut timeline = next.timeline.borrow_mut();
                let advance_us = (wall_ms.clamp(0.0, TICK_MAX_MS) * next.speed) as u64;
                let target = timeline.cursor().time_us + advance_us;
                timeline.seek(target);
                let finished = timeline.is_finished();
                drop(timeline);
                next.playing = !finished;
            }
            Action::Seek(time_us) => next.timeline.borrow_mut().seek(time_us),
            Action::Rewind => {
                next.playing = false;
                next.timeline.borrow_mut().rewind();
            }
            Action::SetSpeed(speed) => next.speed = speed.clamp(SPEED_MIN, SPEED_MAX),
            Action::Zoom(factor) => next.zoom = Layout::zoomed(next.zoom, factor),
            Action::SetFollow(follow) => next.follow = follow,
            Action::Act(action) => {
                let result = next.timeline.borrow_mut().act(action);
                match result {
                    Ok(_) => next.notice = None,
                    Err(e) => next.notice = Some(e.to_string()),
                }
            }
            Action::SetClusterSize(nodes) => {
                if !(UI_NODES_MIN..=UI_NODES_MAX.min(MAX_NODES)).contains(&nodes) {
                    next.notice = Some(format!(
                        "The playground runs {UI_NODES_MIN} to {UI_NODES_MAX} nodes, not {nodes}."
                    ));
                } else {
                    let seed = next.timeline().config().seed;
                    next.restart(default_config(nodes, seed));
                }
            }
            Action::SetSeed(seed) => {
                let nodes = next.timeline().config().paxos.cluster_size;
                next.restart(default_config(nodes, seed));
            }
            Action::Reset => {
                let config = next.timeline().config().clone();
                next.restart(config);
            }
            Action::Select(id) => next.selected = id,
            Action::ToggleLane(actor) => {
                if !next.hidden_lanes.remove(&actor) {
                    next.hidden_lanes.insert(actor);
                }
            }
            Action::ToggleKind(kind) => {
                if !next.hidden_kinds.remove(kind) {
                    next.hidden_kinds.insert(kind);
                }
            }
            Action::ShowAll => {
                next.hidden_lanes.clear();
                next.hidden_kinds.clear();
            }
            Action::SetNotice(notice) => next.notice = notice,
            Action::ToggleHelp => next.show_help = !next.show_help,
        }
        next.sync_diagram();
        Rc::new(next)
    }
}

/// The value a new proposal suggests: the next letter not yet proposed.
pub fn suggested_value(config: &SimConfig) -> Value {
    let taken: BTreeSet<&str> = config.clients.iter().map(|c| c.value.as_str()).collect();
    (0..=u8::MAX)
        .map(crate::sim::client_value)
        .find(|v| !taken.contains(v.as_str()))
        .map_or_else(|| Value::new("Z"), |v| Value::new(&v))
}

/// The `?stress=N` switch: load a never-ending duel simulated up to N
/// messages, for trying (and benchmarking) the diagram on huge traces.
fn stress_param() -> Option<Result<u64, String>> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let raw = params.get("stress")?;
    let max = crate::bench::STRESS_MESSAGES_MAX;
    Some(
        raw.trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                format!(
                    "?stress= takes a number of messages from 1 to {max}; {raw:?} is not one. \
                     Showing the default scenario instead."
                )
            }),
    )
}
