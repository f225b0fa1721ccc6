//! The playground's state and its reducer.
//!
//! The reducer owns a [`Timeline<P>`] (the run, with time travel) and a
//! [`Diagram`] built from its trace. User actions and timer ticks become
//! timeline calls; the timeline and the simulator know nothing of Yew.
//!
//! The reducer starts nothing itself: what the page must do in the browser
//! (list or delete saved runs, compress a link, write the address bar,
//! remember and claim the run for this tab) it leaves as [`Effect`]s, which
//! `hooks::use_effects` performs after the render, reporting back with
//! actions. What the page was opened with ([`Start`]) is read once, before
//! the first state, by `address::start`. (Two things stay: the disks'
//! store, whose writes the write-ahead driver issues as it steps, and the
//! wall clock, read for the store's timings and a new run's name.)

use super::idb::Idb;
use super::protocol::WebProtocol;
use super::store::{wall_ms, Disk, Report, WebStore};
use paxos_core::collections::LiteSet;
use paxos_core::types::{Actor, NodeId};
use paxos_front::catalog;
use paxos_front::diagram::{Diagram, Layout};
use paxos_sim::scenario::{Body, View};
use paxos_sim::sim::{MsgId, SimConfig, MAX_NODES};
use paxos_sim::storage::{Driver, Progress, ReadResult, RunRecord, StorageError};
use paxos_sim::timeline::{Action as SimAction, Timeline};
use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;
use yew::Reducible;

/// How long IndexedDB may take to open before the disks go to memory (they
/// move to IndexedDB if it opens later).
pub const OPEN_TIMEOUT_MS: u32 = 5_000;

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

/// Why Play does nothing while the user schedules.
const MANUAL_NO_PLAY: &str = "You are the network: nothing happens until you pick it. Pick the next event under \"You are the network\" (Step picks the earliest), or switch it off to play.";

/// What the page opened with, from its address and the tab's session.
#[derive(Clone)]
pub struct Start {
    /// `?storage=` (or an embedded page's memory), if it chose.
    pub disk: Option<Disk>,
    /// `?stress=N`, or why its value is not one.
    pub stress: Option<Result<u64, String>>,
    /// `?embed=1`: an embedded page keeps to itself (no address bar, no
    /// run remembered for the tab).
    pub embedded: bool,
    /// The run this tab showed before the page was reloaded, if any.
    pub previous_run: Option<String>,
}

/// Something the page must do in the browser, left by the reducer for
/// `hooks::use_effects`: IndexedDB's listings and deletions, compressing
/// a link, the address bar, the tab's session and locks.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// List the saved runs (`Action::RunsListed`).
    ListRuns,
    /// Read back every node's record of `run` (`Action::Inspected`).
    Inspect { run: String, nodes: Vec<NodeId> },
    /// Delete a saved run, and tell the other tabs.
    DeleteRun(String),
    /// Delete every saved run, and tell the other tabs.
    ClearAll,
    /// Compress the run's link for sharing (`Action::Shared`), made for
    /// the state `key` names.
    ShareLink { bytes: Vec<u8>, key: UrlKey },
    /// Put this link in the address bar.
    WriteAddress(String),
    /// This tab shows `run` now: remember it for a reload, and claim it
    /// against other tabs (unless the tab already holds it).
    ShowRun { run: String, claim: bool },
}

#[derive(Clone)]
pub struct Playground<P: WebProtocol> {
    /// Shared, so a new state is cheap to make; the reducer is the only
    /// writer.
    timeline: Rc<RefCell<Timeline<P>>>,
    diagram: Rc<RefCell<Diagram>>,
    /// The timeline generation the diagram was built for.
    diagram_generation: u64,
    pub playing: bool,
    /// Simulated milliseconds per wall-clock second.
    pub speed: f64,
    /// Keep the cursor in view while playing.
    pub follow: bool,
    /// Fold quiet stretches of the time axis (see `diagram::Fold`).
    pub compress: bool,
    /// Diagram zoom, in pixels per simulated millisecond.
    pub zoom: f64,
    pub hidden_lanes: LiteSet<Actor>,
    pub hidden_kinds: LiteSet<&'static str>,
    /// The message whose details are open.
    pub selected: Option<MsgId>,
    /// A message for the user: what went wrong with their last input.
    pub notice: Option<String>,
    pub show_help: bool,
    /// The disks' real store, and the driver that keeps it in step with the
    /// simulation. No driver in the `?stress` mode, which is memory only.
    pub store: Rc<RefCell<WebStore<P>>>,
    /// What the page must do in the browser, oldest first, until
    /// `hooks::use_effects` takes it (shared: every state has the same
    /// queue).
    effects: Rc<RefCell<Vec<Effect>>>,
    /// The page is embedded: it neither remembers nor claims runs.
    embedded: bool,
    driver: Option<Rc<RefCell<Driver<P>>>>,
    /// A move the user asked for that waits on the store.
    pending: Option<Pending>,
    /// True while the simulation waits for the store.
    pub waiting: bool,
    /// The last move stopped short, waiting for the store.
    blocked: bool,
    /// Where the last play tick wanted the cursor: when the store catches
    /// up, the simulation goes on there at once rather than a frame later.
    play_target: Option<u64>,
    /// A run this tab was showing before the page reloaded.
    pub resume_offer: Option<RunRecord>,
    /// That run is open in another tab too (a duplicated tab): resuming
    /// continues a copy of it under a new name.
    pub resume_as_copy: bool,
    /// What the last power failure did, once it happened: for the banner.
    pub power_failure: Option<PowerFailureReport>,
    /// A resume waits for its power failure (the disks being read back).
    resuming: bool,
    /// The storage panel: open or not, the saved runs, and what the
    /// inspector last read.
    pub show_storage: bool,
    pub runs: Option<Result<Vec<Result<RunRecord, String>>, String>>,
    pub inspected: Option<Vec<(NodeId, ReadResult<P>)>>,
    /// The run this tab showed before the page was (re)loaded, if any.
    pub previous_run: Option<String>,
    /// The last share link made, shown for copying.
    pub share_link: Option<String>,
    /// The opened scenario's title and description, if it has them.
    pub about: Option<(String, String)>,
    /// The actions of the run as the scenario opened it. Once the user's
    /// own actions change them, the title no longer describes the run, and
    /// the page says so.
    opened_as: Rc<Vec<paxos_sim::timeline::Recorded<P>>>,
    /// The trace events of the move where a property first failed, after
    /// the user asked to jump there: their arrows are drawn highlighted.
    pub highlight: Option<std::ops::Range<usize>>,
    /// The run was opened from a link (the address bar's, after a reload).
    pub from_link: bool,
    /// The span of simulated time the diagram shows (µs), as it last drew.
    pub view_window: Rc<Cell<(u64, u64)>>,
    /// The address bar follows the run (not in `?stress`, nor embedded).
    live_url: bool,
    /// What the address bar's link was last written for (see
    /// [`Playground::keep_url`]).
    url_written: Rc<Cell<Option<UrlKey>>>,
    /// How much of the simulated time asked for while playing was
    /// reached (a moving average: 1 when nothing holds the run back), and
    /// the cursor and request of the last tick.
    pace: f64,
    pace_last: Option<(u64, u64)>,
    /// The disks held the run back since playing started.
    disk_held: bool,
    /// Bumped by every action, so that Yew sees a new state.
    pub version: u64,
}

/// A move waiting for the store.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Step,
    Seek(u64),
    /// A choice of manual scheduling, by name.
    Pick(String),
}

/// What a power failure did, for the banner that explains it.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerFailureReport {
    pub time_us: u64,
    /// Messages that were on the wire and are now lost.
    pub lost_messages: usize,
    /// Each node's disk as read back, in words.
    pub disks: Vec<(NodeId, String)>,
    /// What the cluster had achieved before, and why it is not lost.
    pub outcome_before: String,
}

impl<P: WebProtocol> PartialEq for Playground<P> {
    fn eq(&self, other: &Playground<P>) -> bool {
        self.identity() == other.identity()
    }
}

pub enum Action<P: WebProtocol> {
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
    ToggleCompress,
    /// Go to where a property first failed.
    JumpToViolation(paxos_sim::sim::Property),
    /// Go back to a branch a fork set aside.
    SwitchBranch(usize),
    /// Something done to the cluster: recorded, and forks if in the past.
    Act(SimAction<P>),
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
    CloseHelp,
    StorageOpened(Result<Rc<Idb>, StorageError>),
    /// Another tab blocks the database's upgrade.
    StorageBlocked,
    /// IndexedDB has still not opened after a while.
    StorageSlow,
    /// Another tab needs a newer database: this one let go of it.
    StorageTakenOver,
    /// An IndexedDB write or read finished.
    Stored(Report<P>),
    /// The run this tab showed before the reload, if still stored, and
    /// whether this tab could claim it (no other tab has it open).
    Found(Option<(RunRecord, bool)>),
    /// Another tab deleted a run (or, with `None`, all saved data).
    OtherTabDeleted(Option<String>),
    /// Resume the offered run (after a reload), or a saved one.
    Resume,
    ResumeRun(RunRecord),
    DismissResume,
    DismissPowerFailure,
    ToggleStorage,
    /// Reload the saved runs and the inspector from the store.
    RefreshStorage,
    RunsListed(Result<Vec<Result<RunRecord, String>>, String>),
    Inspected(Vec<(NodeId, ReadResult<P>)>),
    DeleteRun(String),
    ClearAll,
    /// Save how far the run got (the page is going away).
    SaveProgress,
    /// Load one of the protocol's preset scenarios by id (the Multi-Paxos
    /// presets, single-decree Paxos's amnesia demo).
    LoadPreset(String),
    /// Make a link that carries the run as a scenario, and show it.
    Share,
    /// Open a scenario of this page's protocol (from the gallery, a file or
    /// an embedding page). Another protocol's never reaches the reducer:
    /// its reader sends it to its own page (see `board`).
    Open(Rc<Body<P>>),
    /// The link Share asked for, made.
    Shared(Result<SharedLink, String>),
    DismissShare,
    /// Manual scheduling: make the choice of this name happen now (see
    /// `board::ChoiceView::key`).
    Pick(String),
}

impl<P: WebProtocol> Playground<P> {
    /// The page's first state: the scenario of a link if the page was
    /// opened with one (`opening`), else the default one (or the `?stress`
    /// test); `notice` says why a link could not be opened.
    pub fn new(opening: Option<&Body<P>>, notice: Option<String>, start: Start) -> Playground<P> {
        let mut state = Playground::first(opening, start);
        if notice.is_some() {
            state.notice = notice;
        }
        state
    }

    fn first(opening: Option<&Body<P>>, start: Start) -> Playground<P> {
        let default = || {
            let timeline = Timeline::new(P::default_config(P::DEFAULT_NODES, P::DEFAULT_SEED));
            timeline.expect("the default scenario is valid")
        };
        let disk = start.disk.clone();
        if let Some(scenario) = opening {
            let disk = disk.unwrap_or(Disk::Opening);
            let mut state = match open_scenario::<P>(scenario) {
                Ok((timeline, body)) => {
                    let mut state = Playground::with_timeline(timeline, disk, &start);
                    state.from_link = true;
                    state.take_view(body);
                    state
                }
                Err(e) => {
                    let mut state = Playground::with_timeline(default(), disk, &start);
                    state.notice = Some(format!(
                        "The scenario could not be opened: {e}. Showing the default scenario instead."
                    ));
                    state
                }
            };
            state.new_run();
            return state;
        }
        match start.stress.clone() {
            None => {
                let disk = disk.unwrap_or(Disk::Opening);
                let mut state = Playground::with_timeline(default(), disk, &start);
                state.new_run();
                state
            }
            Some(Ok(messages)) => {
                // Memory only, unless asked: mirroring a huge trace that
                // was simulated at load would only slow the start.
                let timeline = P::stress_timeline(messages);
                match disk {
                    Some(Disk::Opening) => {
                        let mut state = Playground::with_timeline(timeline, Disk::Opening, &start);
                        state.new_run();
                        state
                    }
                    _ => {
                        let why = "the stress test keeps its disks in memory".to_string();
                        Playground::with_timeline(timeline, Disk::Memory { why }, &start)
                    }
                }
            }
            Some(Err(message)) => {
                let disk = disk.unwrap_or(Disk::Opening);
                let mut state = Playground::with_timeline(default(), disk, &start);
                state.new_run();
                state.notice = Some(message);
                state
            }
        }
    }

    fn with_timeline(timeline: Timeline<P>, disk: Disk, start: &Start) -> Playground<P> {
        let mut state = Playground {
            timeline: Rc::new(RefCell::new(timeline)),
            diagram: Rc::new(RefCell::new(Diagram::default())),
            diagram_generation: 0,
            playing: false,
            speed: SPEED_DEFAULT,
            follow: true,
            compress: true,
            zoom: ZOOM_DEFAULT,
            hidden_lanes: LiteSet::new(),
            hidden_kinds: LiteSet::new(),
            selected: None,
            notice: None,
            show_help: false,
            store: Rc::new(RefCell::new(WebStore::new(disk))),
            effects: Rc::default(),
            embedded: start.embedded,
            driver: None,
            pending: None,
            waiting: false,
            blocked: false,
            play_target: None,
            resume_offer: None,
            resume_as_copy: false,
            power_failure: None,
            resuming: false,
            show_storage: false,
            runs: None,
            inspected: None,
            previous_run: start.previous_run.clone(),
            share_link: None,
            about: None,
            opened_as: Rc::default(),
            highlight: None,
            from_link: false,
            view_window: Rc::new(Cell::new((0, 0))),
            url_written: Rc::new(Cell::new(None)),
            // The address bar follows the run, but not in `?stress`, nor
            // embedded.
            live_url: start.stress.is_none() && !start.embedded,
            pace: 1.0,
            pace_last: None,
            disk_held: false,
            version: 0,
        };
        state.sync_diagram();
        state
    }

    /// Whether the disks are mirrored to a store at all.
    pub fn durable(&self) -> bool {
        self.driver.is_some()
    }

    /// True while the store has writes or reads to finish.
    pub fn disk_busy(&self) -> bool {
        self.driver
            .as_ref()
            .is_some_and(|driver| driver.borrow().is_waiting())
    }

    /// The id of the run being mirrored, if any.
    pub fn run_id(&self) -> Option<String> {
        Some(self.driver.as_ref()?.borrow().run().to_string())
    }

    /// Starts mirroring the current timeline as a new run.
    fn new_run(&mut self) {
        let nodes = P::cluster_size(&self.timeline().config().protocol);
        let run = new_run_id();
        // An embedded page (the snippet's preview shares this tab's
        // session) keeps to itself.
        if !self.embedded {
            self.effect(Effect::ShowRun {
                run: run.clone(),
                claim: true,
            });
        }
        self.store.borrow_mut().tag = run.clone();
        self.driver = Some(Rc::new(RefCell::new(Driver::new(
            run,
            nodes,
            js_sys::Date::now(),
        ))));
        self.pending = None;
        self.waiting = false;
        self.power_failure = None;
        self.resuming = false;
    }

    /// Lets the driver write what is due and finish what waited on the
    /// store, then carries on with a move that was waiting.
    fn settle(&mut self) {
        let Some(driver) = self.driver.clone() else {
            return;
        };
        {
            let mut timeline = self.timeline.borrow_mut();
            let mut store = self.store.borrow_mut();
            driver
                .borrow_mut()
                .settle(&mut timeline, &mut *store, wall_ms());
        }
        if let Some(pending) = self.pending.clone() {
            let progress = match pending {
                Pending::Step => self.drive_step(),
                Pending::Seek(time_us) => self.drive_seek(time_us),
                Pending::Pick(key) => self.drive_pick(&key),
            };
            if progress == Progress::Done {
                self.pending = None;
            }
        }
        self.after_drive();
    }

    /// While playing, once the store has caught up: carries on to where the
    /// last tick wanted to be. Returns true if playing.
    fn catch_up(&mut self) -> bool {
        if !self.playing || self.pending.is_some() {
            return false;
        }
        if let Some(target) = self.play_target {
            if self.timeline().cursor().time_us < target {
                self.drive_seek(target);
                self.after_drive();
            }
        }
        true
    }

    /// Seeks through the driver when there is one.
    fn drive_seek(&mut self, time_us: u64) -> Progress {
        let progress = self.drive_seek_inner(time_us);
        self.blocked = progress == Progress::Waiting;
        progress
    }

    fn drive_seek_inner(&mut self, time_us: u64) -> Progress {
        let mut timeline = self.timeline.borrow_mut();
        match &self.driver {
            None => {
                timeline.seek(time_us);
                Progress::Done
            }
            Some(driver) => {
                let mut store = self.store.borrow_mut();
                driver
                    .borrow_mut()
                    .seek(&mut timeline, &mut *store, time_us, wall_ms())
            }
        }
    }

    fn drive_step(&mut self) -> Progress {
        let progress = self.drive_step_inner();
        self.blocked = progress == Progress::Waiting;
        progress
    }

    fn drive_step_inner(&mut self) -> Progress {
        let mut timeline = self.timeline.borrow_mut();
        match &self.driver {
            None => {
                timeline.step_forward();
                Progress::Done
            }
            Some(driver) => {
                let mut store = self.store.borrow_mut();
                driver
                    .borrow_mut()
                    .step(&mut timeline, &mut *store, wall_ms())
            }
        }
    }

    /// Makes the choice named `key` (as `Choice` displays it) happen now,
    /// through the driver when there is one: a disk write completed by
    /// hand waits for its real write. Acting in the past forks history.
    fn drive_pick(&mut self, key: &str) -> Progress {
        let choice = {
            let timeline = self.timeline();
            let choices = timeline.state().choices();
            choices.into_iter().find(|c| c.to_string() == key)
        };
        let Some(choice) = choice else {
            self.notice = Some(format!(
                "Cannot {key}: it is not something that can happen now."
            ));
            return Progress::Done;
        };
        let before = self.fork_mark();
        let result = {
            let mut timeline = self.timeline.borrow_mut();
            match &self.driver {
                None => timeline
                    .act(SimAction::Pick { choice })
                    .map(|_| Progress::Done)
                    .map_err(|e| e.to_string()),
                Some(driver) => {
                    let mut store = self.store.borrow_mut();
                    driver
                        .borrow_mut()
                        .pick(&mut timeline, &mut *store, choice, wall_ms())
                }
            }
        };
        let progress = *result.as_ref().unwrap_or(&Progress::Done);
        self.notice_fork(before, result.map(|_| ()));
        self.blocked = progress == Progress::Waiting;
        progress
    }

    /// A pick the user asked for: it may wait on the store.
    fn pick(&mut self, key: String) {
        self.playing = false;
        self.pending = None;
        if self.drive_pick(&key) == Progress::Waiting {
            self.pending = Some(Pending::Pick(key));
        }
        self.after_drive();
    }

    /// The timeline's generation and the cursor's time, before an action:
    /// for [`Playground::notice_fork`].
    fn fork_mark(&self) -> (u64, u64) {
        let timeline = self.timeline();
        (timeline.generation(), timeline.cursor().time_us)
    }

    /// Tells the user what their action did: why it was refused, or that
    /// it forked history (if it did, since `before`).
    fn notice_fork(&mut self, (generation, at): (u64, u64), result: Result<(), String>) {
        let forked = self.timeline().generation() != generation;
        self.notice = match result {
            Err(e) => Some(e),
            Ok(()) if forked && !self.timeline().branches().is_empty() => Some(format!(
                "You changed the past at {}, so history forked here. What happened next in the old run is kept as a branch: switch back to it under History.",
                paxos_front::view::format_time(at)
            )),
            Ok(()) => None,
        };
    }

    /// Manual scheduling is on at the live edge, and the cursor is there:
    /// nothing happens unless picked.
    fn manual_here(&self) -> bool {
        let timeline = self.timeline();
        timeline.at_frontier() && timeline.frontier().is_manual()
    }

    /// Picks up what the driver has to say, and notices a power failure
    /// that has just happened.
    fn after_drive(&mut self) {
        let Some(driver) = self.driver.clone() else {
            return;
        };
        let mut driver = driver.borrow_mut();
        let notices = driver.take_notices();
        if !notices.is_empty() {
            self.notice = Some(notices.join(" "));
        }
        self.waiting =
            self.blocked || driver.power_failure_pending() || !driver.restarts_pending().is_empty();
        let cut = self.resuming && !driver.power_failure_pending();
        drop(driver);
        if cut {
            // The power failure of the resume has just happened.
            self.resuming = false;
            self.report_power_failure();
        }
    }

    fn report_power_failure(&mut self) {
        let timeline = self.timeline.borrow();
        let Some(recorded) = timeline
            .actions()
            .iter()
            .rev()
            .find(|r| matches!(r.action, SimAction::PowerFailure { .. }))
        else {
            return;
        };
        let SimAction::PowerFailure { disks } = &recorded.action else {
            return;
        };
        let sim = timeline.frontier();
        let lost_messages = sim
            .in_flight()
            .iter()
            .filter(|(id, ..)| {
                sim.in_flight_fate(*id) == Some(Some(paxos_sim::sim::DropReason::PowerFailure))
            })
            .count();
        let report = PowerFailureReport {
            time_us: recorded.time_us,
            lost_messages,
            disks: sim
                .nodes()
                .zip(disks)
                .map(|(id, disk)| (id, P::describe_disk(disk)))
                .collect(),
            outcome_before: P::power_failure_outcome(sim),
        };
        drop(timeline);
        self.power_failure = Some(report);
    }

    /// Replays a stored run to where it got, then cuts the power: every
    /// node restarts from what the store holds for it. A run of this tab
    /// continues under its own name; another's continues as a new run, so
    /// that two tabs never write to the same one.
    fn resume(&mut self, record: RunRecord, own: bool) {
        let replayed = paxos_front::catalog::run_body::<P>(&record)
            .map_err(|e| e.to_string())
            .and_then(|body| {
                let mut timeline =
                    Timeline::replay(body.config, &body.actions).map_err(|e| e.to_string())?;
                timeline.seek_position(record.position as usize);
                Ok(timeline)
            });
        let timeline = match replayed {
            Ok(timeline) => timeline,
            Err(e) => {
                self.notice = Some(format!(
                    "Run {} could not be resumed: its record {e}. It is still stored; delete it from the storage panel if you no longer need it.",
                    record.run
                ));
                return;
            }
        };
        self.replace_timeline(timeline);
        let run = if own {
            record.run.clone()
        } else {
            new_run_id()
        };
        self.effect(Effect::ShowRun {
            run: run.clone(),
            claim: !own,
        });
        self.store.borrow_mut().tag = run.clone();
        let nodes = record.nodes;
        let driver = Rc::new(RefCell::new(Driver::new(run, nodes, record.created_ms)));
        {
            let mut timeline = self.timeline.borrow_mut();
            let mut store = self.store.borrow_mut();
            driver
                .borrow_mut()
                .power_failure(&mut timeline, &mut *store, &record.run);
        }
        self.driver = Some(driver);
        self.pending = None;
        self.power_failure = None;
        self.resume_offer = None;
        self.resuming = true;
        self.settle();
    }

    /// Swaps in a new timeline, keeping the view settings.
    fn replace_timeline(&mut self, timeline: Timeline<P>) {
        self.timeline = Rc::new(RefCell::new(timeline));
        // A new run: the address bar must be rewritten for it.
        self.url_written.set(None);
        self.diagram = Rc::new(RefCell::new(Diagram::default()));
        self.diagram_generation = 0;
        self.playing = false;
        self.selected = None;
        self.highlight = None;
        self.hidden_lanes.clear();
    }

    /// Leaves `effect` for the page to do after the render.
    fn effect(&self, effect: Effect) {
        self.effects.borrow_mut().push(effect);
    }

    /// The effects the reducer left since the last call, oldest first.
    pub fn take_effects(&self) -> Vec<Effect> {
        std::mem::take(&mut *self.effects.borrow_mut())
    }

    /// Reads the saved runs, and every node's record, from the store.
    fn refresh_storage(&mut self) {
        let store = self.store.borrow();
        let run = self.run_id();
        let nodes: Vec<NodeId> = self.timeline().frontier().nodes().collect();
        match store.idb() {
            Some(_) => {
                drop(store);
                self.effect(Effect::ListRuns);
                if let Some(run) = run {
                    self.effect(Effect::Inspect { run, nodes });
                }
            }
            None => {
                // Answered at once, here: memory needs no effect.
                let memory = store.memory();
                let runs = memory.runs().into_iter().map(Ok).collect();
                let found = run.map(|run| {
                    nodes
                        .into_iter()
                        .map(|node| (node, memory.read(&run, node)))
                        .collect()
                });
                drop(store);
                self.runs = Some(Ok(runs));
                self.inspected = found;
            }
        }
    }

    /// Falls back to memory after IndexedDB failed, saying why.
    fn fall_back(&mut self, why: String) {
        self.store.borrow_mut().fall_back(why.clone());
        if let Some(driver) = &self.driver {
            driver.borrow_mut().switch_store();
        }
        self.notice = Some(format!(
            "{why}. The disks are now kept in memory: the run goes on, but a reload will lose them."
        ));
        self.settle();
    }

    /// Equal for two states that show the same thing: the same timeline
    /// at the same version.
    pub fn identity(&self) -> (usize, u64) {
        (
            Rc::as_ptr(&self.timeline) as *const () as usize,
            self.version,
        )
    }

    pub fn timeline(&self) -> Ref<'_, Timeline<P>> {
        self.timeline.borrow()
    }

    pub fn diagram(&self) -> Ref<'_, Diagram> {
        self.diagram.borrow()
    }

    /// The diagram itself, shared (it is brought up to date in place).
    pub fn shared_diagram(&self) -> Rc<RefCell<Diagram>> {
        self.diagram.clone()
    }

    /// The diagram's layout for the current lanes and zoom.
    pub fn layout(&self) -> Layout {
        paxos_front::diagram::page_layout(
            &self.timeline(),
            &self.diagram(),
            self.zoom,
            &self.hidden_lanes,
            self.compress,
        )
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
            self.highlight = None;
        }
        diagram.update(timeline.frontier().trace());
    }

    /// `config` with the network, disk and backoff settings in force at the
    /// cursor: a new size or seed starts the run again, but keeps what the
    /// user set.
    fn keeping_settings(&self, mut config: SimConfig<P>) -> SimConfig<P> {
        let timeline = self.timeline();
        let now = timeline.state().config();
        config.network = now.network.clone();
        config.disk = now.disk.clone();
        if let Some(backoff) = P::BACKOFF {
            P::tune(
                &mut config.protocol,
                &(backoff.knob)((backoff.on)(&now.protocol)),
            );
        }
        config
    }

    fn restart(&mut self, config: SimConfig<P>) {
        match Timeline::new(config) {
            Ok(timeline) => self.start_over(timeline),
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    /// The user has changed the opened scenario's run (acted in it, or
    /// forked it): its title and description describe it no longer.
    pub fn edited(&self) -> bool {
        self.about.is_some() && self.timeline().actions() != &self.opened_as[..]
    }

    /// Moves the cursor to the moment `property` first failed (paused), and
    /// highlights the messages of that step.
    fn jump_to_violation(&mut self, property: paxos_sim::sim::Property) {
        let found = {
            let timeline = self.timeline();
            timeline
                .first_position_where(|sim| sim.violations().iter().any(|v| v.property == property))
                .map(|at| (at, timeline.trace_range_of(at)))
        };
        let Some((at, range)) = found else {
            self.notice = Some(format!("{property} has not failed in this run."));
            return;
        };
        self.playing = false;
        self.pending = None;
        self.timeline.borrow_mut().seek_position(at);
        // The message whose arrival (or sending) made it fail is selected,
        // so its details explain it.
        let diagram = self.diagram();
        let culprit = diagram
            .arrows()
            .iter()
            .filter(|a| {
                range.contains(&a.sent_index) || a.end.is_some_and(|e| range.contains(&e.index))
            })
            .min_by_key(|a| a.end.map_or(usize::MAX, |e| e.index).min(a.sent_index))
            .map(|a| a.id);
        drop(diagram);
        self.selected = culprit.or(self.selected);
        self.highlight = Some(range);
    }

    fn reset_pace(&mut self) {
        self.pace = 1.0;
        self.pace_last = None;
        self.disk_held = false;
    }

    /// While playing with real disks that hold the run back: the speed
    /// actually reached, as a multiple of real time. `None` while the
    /// speed asked for is being kept.
    pub fn disk_bound_speed(&self) -> Option<f64> {
        (self.playing && self.durable() && self.disk_held && self.pace < 0.8)
            .then(|| self.speed / 1000.0 * self.pace)
    }

    /// At the live edge of a run whose history is as long as the page
    /// allows (see `history::HISTORY_EVENTS_MAX`): stops playing and says
    /// why. Returns true if so. The run's past stays open to explore.
    fn stop_at_history_budget(&mut self) -> bool {
        let full = {
            let timeline = self.timeline();
            timeline.at_frontier()
                && timeline.frontier().trace().len() >= paxos_sim::history::HISTORY_EVENTS_MAX
        };
        if full {
            self.playing = false;
            self.notice = Some(format!(
                "This run has reached the playground's history budget: {} million events. It stops here so the tab stays responsive. Everything up to now can still be rewound, stepped through, explored and shared; Reset or a new seed starts a fresh run.",
                paxos_sim::history::HISTORY_EVENTS_MAX / 1_000_000
            ));
        }
        full
    }

    /// Goes back to a branch a fork set aside (see `Timeline::branches`).
    fn switch_branch(&mut self, index: usize) {
        let switched = self.timeline().switch_branch(index);
        match switched {
            None => self.notice = Some(format!("There is no branch {}.", index + 1)),
            Some(Err(e)) => {
                self.notice = Some(format!("That branch could not be replayed: {e}."));
            }
            Some(Ok(timeline)) => {
                let at = timeline.cursor().time_us;
                self.replace_timeline(timeline);
                if self.driver.is_some() {
                    self.new_run();
                    self.settle();
                }
                self.notice = Some(format!(
                    "Back on that branch, at {}. The one you left is kept in History.",
                    paxos_front::view::format_time(at)
                ));
            }
        }
    }

    /// A new run from `timeline`: a new name in the store.
    /// A scenario's title, description and view (speed, zoom).
    fn take_view(&mut self, body: Body<P>) {
        self.about = (!body.title.is_empty() || !body.description.is_empty())
            .then_some((body.title, body.description));
        let actions = self.timeline().actions().to_vec();
        self.opened_as = Rc::new(actions);
        let view = body.view;
        self.speed = view
            .speed
            .unwrap_or(SPEED_DEFAULT)
            .clamp(SPEED_MIN, SPEED_MAX);
        self.zoom = Layout::zoomed(view.zoom.unwrap_or(ZOOM_DEFAULT), 1.0);
    }

    /// The run as a scenario: the configuration it started from, every
    /// action taken, and the view (where the cursor is, the speed, the zoom).
    pub fn scenario(&self) -> Body<P> {
        let timeline = self.timeline();
        let (title, description) = self.about.clone().unwrap_or_default();
        Body {
            title,
            description,
            config: timeline.config().clone(),
            script: Vec::new(),
            actions: timeline.actions().to_vec(),
            view: View {
                cursor_us: Some(timeline.cursor().time_us),
                speed: Some(self.speed),
                zoom: Some(self.zoom),
                panels: None,
            },
        }
    }

    /// The run's scenario as a link's bytes.
    pub fn scenario_bytes(&self) -> Vec<u8> {
        catalog::body_bytes(&self.scenario())
    }

    /// What the model checker checks, as a link's bytes: a scenario of
    /// the settings in force at the cursor (the toggles and knobs turned
    /// since the start included), with nothing recorded.
    pub fn checked_bytes(&self) -> Vec<u8> {
        catalog::body_bytes(&Body {
            title: String::new(),
            description: String::new(),
            config: self.timeline().state().config().clone(),
            script: Vec::new(),
            actions: Vec::new(),
            view: View::default(),
        })
    }

    /// What the address bar's link depends on.
    fn url_key(&self) -> UrlKey {
        let timeline = self.timeline();
        (
            Rc::as_ptr(&self.timeline) as *const () as usize,
            timeline.generation(),
            timeline.actions().len(),
            timeline.cursor().time_us,
            self.speed.to_bits() ^ self.zoom.to_bits().rotate_left(1),
        )
    }

    /// The link the address bar should hold now, if it changed since the
    /// last one handed out (and counts it as written). The run is kept in
    /// the address bar as the user works (`hooks::use_url` asks after
    /// changes, at most every 400 ms, and writes it): a reload, or a copy
    /// of the address, opens the same run at the same moment. The link is
    /// not compressed (see `catalog::stored_link`) so that it is made at
    /// once. Never in the `?stress` test, whose run is made at load, nor
    /// when embedded.
    pub fn address_change(&self) -> Option<String> {
        if !self.live_url {
            return None;
        }
        let key = self.url_key();
        if self.url_written.get() == Some(key) {
            return None;
        }
        self.url_written.set(Some(key));
        let link = catalog::stored_link(&self.scenario_bytes());
        // A run too big for a link is not written (the reader would refuse
        // it); the address keeps the last one that fitted.
        (link.len() <= paxos_sim::scenario::MAX_LINK_CHARS).then_some(link)
    }

    fn start_over(&mut self, timeline: Timeline<P>) {
        self.replace_timeline(timeline);
        self.notice = None;
        self.about = None;
        if self.driver.is_some() {
            self.new_run();
            self.settle();
        }
    }
}

impl<P: WebProtocol> Playground<P> {
    /// While playing, the store's reports need no render of their own: the
    /// shared timeline moved, and the next tick (a frame away) draws it.
    /// Unless something the user must see changed.
    fn quietly(self: Rc<Self>, next: Playground<P>) -> Rc<Playground<P>> {
        let same = next.notice == self.notice
            && next.power_failure == self.power_failure
            && next.playing == self.playing
            && next.waiting == self.waiting
            && next.blocked == self.blocked
            && next.pending == self.pending
            && next.resuming == self.resuming
            && next.play_target == self.play_target
            // Effects are taken after a render.
            && next.effects.borrow().is_empty();
        if same {
            self
        } else {
            let mut next = next;
            next.sync_diagram();
            Rc::new(next)
        }
    }
}

impl<P: WebProtocol> Reducible for Playground<P> {
    type Action = Action<P>;

    fn reduce(self: Rc<Self>, action: Action<P>) -> Rc<Self> {
        let mut next = (*self).clone();
        next.version += 1;
        match action {
            Action::Play | Action::TogglePlay if !next.playing && next.manual_here() => {
                next.notice = Some(MANUAL_NO_PLAY.to_string());
            }
            Action::Play => {
                let finished = next.timeline().is_finished();
                next.playing = !finished;
                next.reset_pace();
            }
            Action::Pause => next.playing = false,
            Action::TogglePlay => {
                let finished = next.timeline().is_finished();
                next.playing = !next.playing && !finished;
                next.reset_pace();
            }
            Action::Step if next.stop_at_history_budget() => {}
            Action::Step if next.manual_here() => {
                // You are the network: Step picks the earliest event.
                let first = next.timeline().frontier().events().first().copied();
                if let Some(choice) = first {
                    next.pick(choice.to_string());
                }
            }
            Action::Step => {
                next.playing = false;
                if next.drive_step() == Progress::Waiting {
                    next.pending = Some(Pending::Step);
                }
                next.after_drive();
            }
            Action::StepBack => {
                next.playing = false;
                next.pending = None;
                next.blocked = false;
                next.timeline.borrow_mut().step_back();
            }
            Action::Tick { wall_ms } => {
                if !next.playing {
                    return self;
                }
                if next.stop_at_history_budget() {
                    return Rc::new(next);
                }
                let advance_us = (wall_ms.clamp(0.0, TICK_MAX_MS) * next.speed) as u64;
                let cursor_us = next.timeline().cursor().time_us;
                if let Some((before_us, asked_us)) = next.pace_last {
                    if asked_us > 0 {
                        let reached = cursor_us.saturating_sub(before_us) as f64 / asked_us as f64;
                        next.pace = 0.85 * next.pace + 0.15 * reached.min(1.0);
                    }
                }
                next.disk_held |= next.waiting;
                next.pace_last = Some((cursor_us, advance_us));
                let target = cursor_us + advance_us;
                next.pending = None;
                next.play_target = Some(target);
                next.drive_seek(target);
                next.after_drive();
                // Played up to the live edge of a run the user schedules:
                // nothing more happens on its own.
                let finished = next.timeline().is_finished() || next.manual_here();
                next.playing = !finished;
            }
            Action::Seek(time_us) => {
                next.pending = None;
                if next.drive_seek(time_us) == Progress::Waiting {
                    next.pending = Some(Pending::Seek(time_us));
                }
                next.after_drive();
            }
            Action::Rewind => {
                next.playing = false;
                next.pending = None;
                next.blocked = false;
                next.timeline.borrow_mut().rewind();
            }
            Action::SetSpeed(speed) => {
                next.speed = speed.clamp(SPEED_MIN, SPEED_MAX);
                next.reset_pace();
            }
            Action::Zoom(factor) => next.zoom = Layout::zoomed(next.zoom, factor),
            Action::SetFollow(follow) => next.follow = follow,
            Action::ToggleCompress => next.compress = !next.compress,
            Action::JumpToViolation(property) => next.jump_to_violation(property),
            Action::SwitchBranch(index) => next.switch_branch(index),
            Action::Act(SimAction::Restart { node }) if next.driver.is_some() => {
                // A real restart: the node's state is read back from disk.
                next.pending = None;
                let driver = next.driver.clone().expect("checked");
                let result = {
                    let mut timeline = next.timeline.borrow_mut();
                    let mut store = next.store.borrow_mut();
                    driver
                        .borrow_mut()
                        .restart(&mut timeline, &mut *store, node, wall_ms())
                };
                next.notice = result.err();
                next.after_drive();
            }
            Action::Act(action) => {
                if matches!(action, SimAction::Manual { on: true }) {
                    next.playing = false;
                }
                let before = next.fork_mark();
                let result = next.timeline.borrow_mut().act(action);
                next.notice_fork(before, result.map(|_| ()).map_err(|e| e.to_string()));
                next.settle();
            }
            Action::Pick(key) => next.pick(key),
            Action::SetClusterSize(nodes) => {
                if !(UI_NODES_MIN..=UI_NODES_MAX.min(MAX_NODES)).contains(&nodes) {
                    next.notice = Some(format!(
                        "The playground runs {UI_NODES_MIN} to {UI_NODES_MAX} nodes, not {nodes}."
                    ));
                } else {
                    let seed = next.timeline().config().seed;
                    let config = next.keeping_settings(P::default_config(nodes, seed));
                    next.restart(config);
                }
            }
            Action::SetSeed(seed) => {
                let nodes = P::cluster_size(&next.timeline().config().protocol);
                let config = next.keeping_settings(P::default_config(nodes, seed));
                next.restart(config);
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
            Action::CloseHelp => next.show_help = false,
            Action::StorageOpened(Ok(idb)) => {
                let was_blocked = matches!(next.store.borrow().disk, Disk::Memory { .. });
                next.store.borrow_mut().opened(idb);
                if was_blocked {
                    // It fell back to memory while another tab blocked the
                    // upgrade: IndexedDB gets every disk afresh.
                    if let Some(driver) = &next.driver {
                        driver.borrow_mut().switch_store();
                    }
                    next.notice = Some(
                        "IndexedDB is available now: the disks are written there from here on."
                            .to_string(),
                    );
                }
                next.settle();
                if next.show_storage {
                    next.refresh_storage();
                }
            }
            Action::StorageOpened(Err(e)) => next.fall_back(format!("{e}")),
            Action::StorageBlocked => {
                next.fall_back(
                    "Another tab has the playground open with an older version of its database, \
                     which blocks this one (close or reload that tab, and this one switches to \
                     IndexedDB)"
                        .to_string(),
                );
            }
            Action::StorageSlow => {
                if matches!(next.store.borrow().disk, Disk::Opening) {
                    next.fall_back(format!(
                        "IndexedDB did not open within {} s",
                        OPEN_TIMEOUT_MS / 1000
                    ));
                } else {
                    return self;
                }
            }
            Action::StorageTakenOver => {
                next.fall_back(
                    "Another tab opened a newer version of the playground's database, so this tab let go of it"
                        .to_string(),
                );
            }
            Action::Stored(Report::Written {
                run,
                id,
                result,
                latency_ms,
                durability,
            }) => {
                let Some(driver) = next.driver.clone() else {
                    return self;
                };
                if next.run_id().as_deref() != Some(run.as_str()) {
                    return self; // for a run no longer shown
                }
                match result {
                    Ok(()) => {
                        next.store.borrow_mut().note_commit(latency_ms, durability);
                        driver.borrow_mut().write_done(id, Ok(()));
                        next.settle();
                        if next.catch_up() {
                            return self.quietly(next);
                        }
                        if next.show_storage {
                            next.refresh_storage();
                        }
                    }
                    Err(e) => {
                        let why = match e {
                            StorageError::QuotaExceeded => {
                                "IndexedDB refused a write: the browser's storage quota for this site is full (free space by deleting old runs in the storage panel)"
                                    .to_string()
                            }
                            e => format!("An IndexedDB write failed ({e})"),
                        };
                        next.fall_back(why);
                    }
                }
            }
            Action::Stored(Report::ReadBack {
                run,
                node,
                ticket,
                result,
            }) => {
                if next.run_id().as_deref() != Some(run.as_str()) {
                    return self;
                }
                if let Some(driver) = next.driver.clone() {
                    driver.borrow_mut().read_done(node, ticket, result);
                    next.settle();
                    if next.catch_up() {
                        return self.quietly(next);
                    }
                }
            }
            Action::Found(found) => {
                next.resume_as_copy = found.as_ref().is_some_and(|(_, free)| !free);
                next.resume_offer = found.map(|(record, _)| record);
                return Rc::new(next);
            }
            Action::Resume => {
                if let Some(record) = next.resume_offer.take() {
                    let own = !next.resume_as_copy;
                    next.resume(record, own);
                }
            }
            Action::OtherTabDeleted(run) => {
                let ours = next.run_id();
                if run.is_none() || run == ours {
                    // Our disks went with it: write them all again.
                    if let Some(driver) = &next.driver {
                        driver.borrow_mut().switch_store();
                    }
                    next.notice = Some(
                        "Another tab deleted this run's saved data. Its disks were written to \
                         IndexedDB again from this tab, so nothing is lost."
                            .to_string(),
                    );
                    next.settle();
                }
                if next
                    .resume_offer
                    .as_ref()
                    .is_some_and(|r| run.is_none() || Some(&r.run) == run.as_ref())
                {
                    next.resume_offer = None;
                }
                if next.show_storage {
                    next.refresh_storage();
                }
            }
            Action::ResumeRun(record) if record.protocol != P::NAME => {
                next.notice = Some(format!(
                    "Run {} is a {} run: open the playground for that protocol to resume it.",
                    record.run, record.protocol
                ));
            }
            Action::ResumeRun(record) => {
                let own = next.run_id().as_deref() == Some(record.run.as_str());
                next.resume(record, own);
            }
            Action::DismissResume => next.resume_offer = None,
            Action::DismissPowerFailure => next.power_failure = None,
            Action::ToggleStorage => {
                next.show_storage = !next.show_storage;
                if next.show_storage {
                    next.refresh_storage();
                }
            }
            Action::RefreshStorage => next.refresh_storage(),
            Action::RunsListed(runs) => next.runs = Some(runs),
            Action::Inspected(found) => next.inspected = Some(found),
            Action::DeleteRun(run) => {
                if next.resume_offer.as_ref().is_some_and(|r| r.run == run) {
                    next.resume_offer = None;
                }
                let idb = next.store.borrow().idb();
                match idb {
                    Some(_) => next.effect(Effect::DeleteRun(run)),
                    None => {
                        next.store.borrow_mut().memory_mut().delete_run(&run);
                        next.refresh_storage();
                    }
                }
            }
            Action::ClearAll => {
                let idb = next.store.borrow().idb();
                match idb {
                    Some(_) => next.effect(Effect::ClearAll),
                    None => next.store.borrow_mut().memory_mut().clear(),
                }
                // The current run's disks are written again from scratch,
                // after the clear (transactions run in the order made).
                if let Some(driver) = &next.driver {
                    driver.borrow_mut().switch_store();
                }
                next.settle();
                next.runs = None;
                next.inspected = None;
                next.resume_offer = None;
            }
            Action::SaveProgress => {
                if let Some(driver) = next.driver.clone() {
                    let timeline = next.timeline.borrow();
                    let mut store = next.store.borrow_mut();
                    driver
                        .borrow_mut()
                        .save_progress(&timeline, &mut *store, js_sys::Date::now());
                }
                return self;
            }
            Action::Share => {
                let bytes = next.scenario_bytes();
                let key = next.url_key();
                // The compressed link, for sharing, when the browser has
                // made it; the address bar then holds it too.
                next.effect(Effect::ShareLink { bytes, key });
            }
            Action::Shared(Ok(shared)) => {
                // The address bar takes the shorter link only if the run
                // has not moved on since Share was pressed.
                if next.live_url && next.url_key() == shared.key {
                    next.url_written.set(Some(shared.key));
                    next.effect(Effect::WriteAddress(shared.link));
                }
                next.share_link = Some(shared.url);
            }
            Action::Shared(Err(e)) => next.notice = Some(format!("No link was made: {e}.")),
            Action::DismissShare => next.share_link = None,
            Action::Open(body) => match open_scenario::<P>(&body) {
                Ok((timeline, body)) => {
                    next.playing = false;
                    next.start_over(timeline);
                    next.take_view(body);
                    next.from_link = false;
                    next.sync_diagram();
                }
                Err(e) => next.notice = Some(format!("The scenario could not be opened: {e}.")),
            },
            Action::LoadPreset(id) => match P::preset(&id) {
                Some((timeline, what)) => {
                    next.start_over(timeline);
                    next.notice = Some(what);
                }
                None => next.notice = Some(format!("There is no preset {id:?}.")),
            },
        }
        next.sync_diagram();
        Rc::new(next)
    }
}

/// A scenario of this page's protocol, compiled and at its view's moment.
fn open_scenario<P: WebProtocol>(body: &Body<P>) -> Result<(Timeline<P>, Body<P>), String> {
    let body = body.clone();
    let mut timeline = body.compile().map_err(|e| e.to_string())?;
    timeline.seek(body.view.cursor_us.unwrap_or(0));
    Ok((timeline, body))
}

/// (generation, actions, cursor, view): the run's link changes only when
/// one of these does.
pub type UrlKey = (usize, u64, usize, u64, u64);

/// A link Share made: the link, the page's address with it, and the state
/// it was made for.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedLink {
    pub link: String,
    pub url: String,
    pub key: UrlKey,
}

/// A name for a new run: unique enough across tabs and reloads.
fn new_run_id() -> String {
    let now = js_sys::Date::now() as u64;
    let salt = (js_sys::Math::random() * 1_679_616.0) as u64;
    format!("run-{}-{}", radix36(now), radix36(salt))
}

fn radix36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("ascii")
}
