//! The playground's state and its reducer.

use crate::sim::{Sim, SimConfig};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// The seed of the default scenario.
pub const DEFAULT_SEED: u64 = 1;

/// Playback speeds, in simulated milliseconds per wall-clock second.
pub const SPEED_MIN: f64 = 1.0;
pub const SPEED_MAX: f64 = 1000.0;
pub const SPEED_DEFAULT: f64 = 20.0;

/// The longest wall-clock gap one tick may cover, so that a tab coming back
/// from the background does not leap ahead.
const TICK_MAX_MS: f64 = 100.0;

/// The default scenario: three nodes; two clients ask n0 and n1 to get "A"
/// and "B" chosen at the same moment.
pub fn default_config(seed: u64) -> SimConfig {
    SimConfig::new(3, 2, seed)
}

#[derive(Clone)]
pub struct Playground {
    /// Shared, so that a new state is cheap to make; the reducer is its only
    /// writer.
    sim: Rc<RefCell<Sim>>,
    pub playing: bool,
    /// Simulated milliseconds per wall-clock second.
    pub speed: f64,
    /// Bumped by every action, so that Yew sees a new state.
    pub version: u64,
}

impl PartialEq for Playground {
    fn eq(&self, other: &Playground) -> bool {
        Rc::ptr_eq(&self.sim, &other.sim) && self.version == other.version
    }
}

pub enum Action {
    Play,
    Pause,
    /// Advance to the next event that shows in the trace.
    Step,
    /// The play timer fired, `wall_ms` after the previous tick.
    Tick {
        wall_ms: f64,
    },
    SetSpeed(f64),
    Reset,
}

impl Playground {
    pub fn new() -> Playground {
        let sim = Sim::new(default_config(DEFAULT_SEED)).expect("the default scenario is valid");
        Playground {
            sim: Rc::new(RefCell::new(sim)),
            playing: false,
            speed: SPEED_DEFAULT,
            version: 0,
        }
    }

    pub fn sim(&self) -> std::cell::Ref<'_, Sim> {
        self.sim.borrow()
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.version += 1;
        match action {
            Action::Play => {
                let finished = next.sim().is_finished();
                next.playing = !finished;
            }
            Action::Pause => next.playing = false,
            Action::Step => {
                next.playing = false;
                let mut sim = next.sim.borrow_mut();
                let before = sim.trace().len();
                while sim.trace().len() == before && sim.step() {}
            }
            Action::Tick { wall_ms } => {
                if !next.playing {
                    return self;
                }
                let mut sim = next.sim.borrow_mut();
                let advance_us = (wall_ms.clamp(0.0, TICK_MAX_MS) * next.speed) as u64;
                let target = sim.now_us() + advance_us;
                sim.run_until(target);
                let finished = sim.is_finished();
                drop(sim);
                next.playing = !finished;
            }
            Action::SetSpeed(speed) => next.speed = speed.clamp(SPEED_MIN, SPEED_MAX),
            Action::Reset => {
                let seed = next.sim().config().seed;
                let sim = Sim::new(default_config(seed)).expect("the default scenario is valid");
                next.sim = Rc::new(RefCell::new(sim));
                next.playing = false;
            }
        }
        Rc::new(next)
    }
}
