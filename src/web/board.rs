//! The playground as the protocol-independent panels see it.
//!
//! `Playground<P>` is generic over the protocol, and so would be all the
//! code that builds a panel's props from it. The diagram, the details, the
//! controls, the banners and the other panels that know no protocol have
//! their props built from a [`BoardHandle`] instead (in `web/wiring.rs`):
//! the same state behind a trait object ([`Board`]), with the
//! protocol-specific parts (explanations, fields, node states) already
//! turned into text, and commands ([`Cmd`]) that the page turns back into
//! the reducer's actions. [`BoardHandle::with`] makes a callback of a
//! command. Components never see the board: they take data and callbacks.
//! The hooks (the play timer, storage, the address bar, shortcuts,
//! embedding) take it.

use crate::web::idb::Idb;
use crate::web::protocol::WebProtocol;
use crate::web::state::{Action, Playground, PowerFailureReport};
use crate::web::store::Disk;
use paxos_core::collections::{LiteMap, LiteSet};
use paxos_core::types::Actor;
use paxos_front::catalog::Found;
use paxos_front::diagram::{Diagram, Layout};
use paxos_sim::sim::Violation;
use paxos_sim::sim::{DiskConfig, DropReason, Event, MsgId, NetworkConfig};
use paxos_sim::storage::{RunRecord, StorageError};
use paxos_sim::timeline::Action as SimAction;
use std::cell::{Ref, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use yew::prelude::*;

/// Where the timeline stands, in the terms the controls and the diagram use.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// Events shown so far (0: before anything happened).
    pub position: usize,
    pub cursor_us: u64,
    /// How far the run has been simulated (at least the cursor).
    pub end_us: u64,
    /// Trace events up to the cursor.
    pub visible_len: usize,
    /// The cursor is at the live edge: acting does not fork history.
    pub at_frontier: bool,
    /// Nothing is left to happen.
    pub finished: bool,
    /// It finished at the scenario's end time, with more still to happen
    /// (the simulated time it was given ran out).
    pub cut_off_us: Option<u64>,
    /// Changes whenever history is rewritten.
    pub generation: u64,
}

/// A branch of history, as the History panel lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct BranchView {
    pub forked_at_us: u64,
    pub reached_us: u64,
    /// Actions along it, from the start.
    pub actions: usize,
}

/// A choice of manual scheduling, as the network panel lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceView {
    /// The choice as the simulator names it (`deliver message 3`): what
    /// [`Cmd::Pick`] asks for.
    pub key: String,
    /// Its kind (`deliver`, `fire`, `drop`, ...: `data-action`).
    pub kind: &'static str,
    /// A short label, and a sentence for its title.
    pub label: String,
    pub title: String,
    /// The message it is about, if any.
    pub message: Option<MsgId>,
    /// A fault (drop, duplicate, crash, restart) rather than an event.
    pub fault: bool,
}

/// A message in words: what it means and each of its fields.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageText {
    pub explain: String,
    pub fields: Vec<(&'static str, String)>,
}

/// The settings panel's values.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingsView {
    /// The protocol's name (`single`, `multi`).
    pub protocol: &'static str,
    pub nodes: u8,
    pub network: NetworkConfig,
    pub disk: DiskConfig,
    pub backoff: bool,
    /// What Backoff does when on, and what may happen when off (`None`:
    /// the protocol has no backoff).
    pub backoff_words: Option<[&'static str; 2]>,
    pub seed: u64,
}

/// What the protocol-independent components can ask for. Every method
/// reads the current state; `send` asks the reducer for a change.
pub trait Board {
    /// Equal for two handles on the same state version (for `PartialEq`).
    fn identity(&self) -> (usize, u64);
    fn playing(&self) -> bool;
    fn speed(&self) -> f64;
    fn follow(&self) -> bool;
    /// Quiet stretches of the time axis are folded.
    fn compress(&self) -> bool;
    fn zoom(&self) -> f64;
    /// The simulation waits for the disks (IndexedDB).
    fn waiting(&self) -> bool;
    /// The speed reached (× real time) while the disks hold the run back.
    fn disk_bound_speed(&self) -> Option<f64>;
    fn show_help(&self) -> bool;
    fn selected(&self) -> Option<MsgId>;
    fn hidden_lanes(&self) -> &LiteSet<Actor>;
    fn hidden_kinds(&self) -> &LiteSet<&'static str>;
    /// The message kinds this run can send, in legend order.
    fn kinds(&self) -> &'static [&'static str];
    fn diagram(&self) -> Ref<'_, Diagram>;
    /// The diagram itself, shared (it is brought up to date in place).
    fn shared_diagram(&self) -> Rc<RefCell<Diagram>>;
    fn layout(&self) -> Layout;
    fn clock(&self) -> Clock;
    /// How far the run has been simulated, as a position.
    fn frontier_position(&self) -> usize;
    /// When each message still in flight at the live edge will arrive.
    fn arrivals(&self) -> LiteMap<MsgId, u64>;
    /// Trace event `index` in a sentence.
    fn explain_event(&self, index: usize) -> Option<String>;
    /// The label of the message sent at trace event `index`.
    fn label(&self, sent_index: usize) -> String;
    /// The message sent at trace event `index`, in words.
    fn message(&self, sent_index: usize) -> Option<MessageText>;
    /// A node's state just after trace event `index`, in a line.
    fn node_after(&self, actor: Actor, index: usize) -> Option<String>;
    /// For a message in flight at the live edge: `Some(None)` if it will
    /// arrive, `Some(Some(reason))` if it is already doomed.
    fn in_flight_fate(&self, id: MsgId) -> Option<Option<DropReason>>;
    /// What the user should be told about their last input.
    fn notice(&self) -> Option<String>;
    /// A run to offer resuming, and whether it goes on as a copy.
    fn resume_offer(&self) -> Option<(RunRecord, bool)>;
    fn power_failure(&self) -> Option<PowerFailureReport>;
    /// Safety violations at the cursor.
    fn violations(&self) -> Vec<Violation>;
    /// The link the user asked for with Share, while it is shown.
    fn share_link(&self) -> Option<String>;
    /// The opened scenario's title and description.
    fn about(&self) -> Option<(String, String)>;
    /// The user has changed the opened scenario's run since it opened.
    fn edited(&self) -> bool;
    /// The futures that forks set aside, oldest first.
    fn branches(&self) -> Vec<BranchView>;
    /// The actions recorded in this run.
    fn action_count(&self) -> usize;
    /// Trace events whose messages are highlighted (a violation's step).
    fn highlight(&self) -> Option<std::ops::Range<usize>>;
    /// The run shown was opened from a link.
    fn replayed_from_link(&self) -> bool;
    /// The cluster, network and disk settings at the cursor.
    fn settings(&self) -> SettingsView;
    /// The disks wait for IndexedDB to open.
    fn disk_opening(&self) -> bool;
    /// The run this tab showed before the page was (re)loaded.
    fn previous_run(&self) -> Option<String>;
    /// The run as a scenario, at the cursor, with the view: a link's
    /// bytes (`catalog::body_bytes`).
    fn scenario_bytes(&self) -> Vec<u8>;
    /// The settings in force at the cursor as a scenario with nothing
    /// recorded: what the model checker checks.
    fn checked_bytes(&self) -> Vec<u8>;
    /// Opens a scenario file's text: here if it is this page's protocol's,
    /// else on its own page (handed over).
    fn open_json(&self, text: String) -> Pin<Box<dyn Future<Output = Result<(), String>>>>;
    /// Opens an example of the gallery by id: here if it is this page's
    /// protocol's, else on its own page.
    fn open_example(&self, id: &str);
    /// What to watch in each of this page's protocol's gallery examples,
    /// by id (the page holds only its own examples' words).
    fn example_abouts(&self) -> Vec<(&'static str, &'static str)>;
    /// Opens a link (an embedding page's `load`): here if it is this
    /// page's protocol's, else on its own page, with the same options.
    fn open_link(&self, link: String) -> Pin<Box<dyn Future<Output = Result<(), String>>>>;
    /// Opens a scenario of this page's protocol from a link's bytes, as the
    /// model checker's worker hands its counterexample over.
    fn open_bytes(&self, bytes: &[u8]) -> Result<(), String>;
    /// The span of simulated time the diagram shows (µs).
    fn view_window(&self) -> (u64, u64);
    fn set_view_window(&self, window: (u64, u64));
    /// What the run achieved at the cursor (`chose "A"`, `12 slots chosen`).
    fn outcome(&self) -> Option<String>;
    /// The trace hash at the cursor, as the page shows it.
    fn trace_hash(&self) -> String;
    /// The run has played out (for looping embeds).
    fn run_over(&self) -> bool;
    /// The link the address bar should hold now, if it changed since
    /// last asked (see `Playground::address_change`).
    fn address_change(&self) -> Option<String>;
    /// Manual scheduling is on at the cursor: nothing happens unless
    /// picked.
    fn manual(&self) -> bool;
    /// What may happen next at the cursor, each a choice to pick (see
    /// `paxos_sim::sim::Choice`).
    fn choices(&self) -> Vec<ChoiceView>;
    fn send(&self, cmd: Cmd);
}

/// What the protocol-independent components ask of the reducer.
#[derive(Clone)]
pub enum Cmd {
    Play,
    Pause,
    TogglePlay,
    Rewind,
    Step,
    StepBack,
    Reset,
    Seek(u64),
    SetSpeed(f64),
    Zoom(f64),
    SetFollow(bool),
    ToggleCompress,
    JumpToViolation(paxos_sim::sim::Property),
    SwitchBranch(usize),
    ToggleHelp,
    CloseHelp,
    Select(Option<MsgId>),
    ToggleLane(Actor),
    ToggleKind(&'static str),
    ShowAll,
    DropMessage(MsgId),
    DuplicateMessage(MsgId),
    DelayMessage(MsgId, u64),
    SetNotice(Option<String>),
    Resume,
    DismissResume,
    DismissPowerFailure,
    Share,
    DismissShare,
    SetNetwork(NetworkConfig),
    SetDisk(DiskConfig),
    SetBackoff(bool),
    SetClusterSize(u8),
    SetSeed(u64),
    Tick {
        wall_ms: f64,
    },
    SaveProgress,
    StorageOpened(Result<Rc<Idb>, StorageError>),
    StorageBlocked,
    StorageSlow,
    StorageTakenOver,
    Found(Option<(RunRecord, bool)>),
    OtherTabDeleted(Option<String>),
    /// Manual scheduling on or off.
    SetManual(bool),
    /// Make this choice happen now (named as [`ChoiceView::key`]).
    Pick(String),
}

impl<P: WebProtocol> From<Cmd> for Action<P> {
    fn from(cmd: Cmd) -> Action<P> {
        match cmd {
            Cmd::Play => Action::Play,
            Cmd::Pause => Action::Pause,
            Cmd::TogglePlay => Action::TogglePlay,
            Cmd::Rewind => Action::Rewind,
            Cmd::Step => Action::Step,
            Cmd::StepBack => Action::StepBack,
            Cmd::Reset => Action::Reset,
            Cmd::Seek(time_us) => Action::Seek(time_us),
            Cmd::SetSpeed(speed) => Action::SetSpeed(speed),
            Cmd::Zoom(factor) => Action::Zoom(factor),
            Cmd::SetFollow(on) => Action::SetFollow(on),
            Cmd::ToggleCompress => Action::ToggleCompress,
            Cmd::JumpToViolation(p) => Action::JumpToViolation(p),
            Cmd::SwitchBranch(i) => Action::SwitchBranch(i),
            Cmd::ToggleHelp => Action::ToggleHelp,
            Cmd::CloseHelp => Action::CloseHelp,
            Cmd::Select(id) => Action::Select(id),
            Cmd::ToggleLane(actor) => Action::ToggleLane(actor),
            Cmd::ToggleKind(kind) => Action::ToggleKind(kind),
            Cmd::ShowAll => Action::ShowAll,
            Cmd::DropMessage(id) => Action::Act(SimAction::DropMessage { id }),
            Cmd::DuplicateMessage(id) => Action::Act(SimAction::DuplicateMessage { id }),
            Cmd::DelayMessage(id, by_us) => Action::Act(SimAction::DelayMessage { id, by_us }),
            Cmd::SetNotice(notice) => Action::SetNotice(notice),
            Cmd::Resume => Action::Resume,
            Cmd::DismissResume => Action::DismissResume,
            Cmd::DismissPowerFailure => Action::DismissPowerFailure,
            Cmd::Share => Action::Share,
            Cmd::DismissShare => Action::DismissShare,
            Cmd::SetNetwork(network) => Action::Act(SimAction::SetNetwork { network }),
            Cmd::SetDisk(disk) => Action::Act(SimAction::SetDisk { disk }),
            Cmd::SetBackoff(on) => match P::BACKOFF {
                Some(backoff) => Action::Act(SimAction::Tune {
                    knob: (backoff.knob)(on),
                }),
                None => Action::SetNotice(Some(format!("{} has no backoff.", P::TITLE))),
            },
            Cmd::SetClusterSize(nodes) => Action::SetClusterSize(nodes),
            Cmd::SetSeed(seed) => Action::SetSeed(seed),
            Cmd::Tick { wall_ms } => Action::Tick { wall_ms },
            Cmd::SaveProgress => Action::SaveProgress,
            Cmd::StorageOpened(idb) => Action::StorageOpened(idb),
            Cmd::StorageBlocked => Action::StorageBlocked,
            Cmd::StorageSlow => Action::StorageSlow,
            Cmd::StorageTakenOver => Action::StorageTakenOver,
            Cmd::Found(found) => Action::Found(found),
            Cmd::OtherTabDeleted(run) => Action::OtherTabDeleted(run),
            Cmd::SetManual(on) => Action::Act(SimAction::Manual { on }),
            Cmd::Pick(key) => Action::Pick(key),
        }
    }
}

impl<P: WebProtocol> Board for UseReducerHandle<Playground<P>> {
    fn identity(&self) -> (usize, u64) {
        (**self).identity()
    }
    fn playing(&self) -> bool {
        self.playing
    }
    fn speed(&self) -> f64 {
        self.speed
    }
    fn follow(&self) -> bool {
        self.follow
    }
    fn compress(&self) -> bool {
        self.compress
    }
    fn zoom(&self) -> f64 {
        self.zoom
    }
    fn waiting(&self) -> bool {
        self.waiting
    }
    fn disk_bound_speed(&self) -> Option<f64> {
        (**self).disk_bound_speed()
    }
    fn show_help(&self) -> bool {
        self.show_help
    }
    fn selected(&self) -> Option<MsgId> {
        self.selected
    }
    fn hidden_lanes(&self) -> &LiteSet<Actor> {
        &self.hidden_lanes
    }
    fn hidden_kinds(&self) -> &LiteSet<&'static str> {
        &self.hidden_kinds
    }
    fn kinds(&self) -> &'static [&'static str] {
        P::kinds(&self.timeline().config().protocol)
    }
    fn diagram(&self) -> Ref<'_, Diagram> {
        (**self).diagram()
    }
    fn shared_diagram(&self) -> Rc<RefCell<Diagram>> {
        (**self).shared_diagram()
    }
    fn layout(&self) -> Layout {
        (**self).layout()
    }
    fn frontier_position(&self) -> usize {
        self.timeline().frontier_position()
    }
    fn clock(&self) -> Clock {
        let timeline = self.timeline();
        let cursor = timeline.cursor();
        Clock {
            position: cursor.position,
            cursor_us: cursor.time_us,
            end_us: timeline.frontier_time_us().max(cursor.time_us),
            visible_len: timeline.visible_trace_len(),
            at_frontier: timeline.at_frontier(),
            finished: timeline.is_finished(),
            cut_off_us: (timeline.is_finished() && timeline.frontier().cut_off_at_end_time())
                .then(|| timeline.frontier().end_time_us()),
            generation: timeline.generation(),
        }
    }
    fn arrivals(&self) -> LiteMap<MsgId, u64> {
        let mut arrivals = LiteMap::new_vec();
        for (id, .., arrives) in self.timeline().frontier().in_flight() {
            arrivals.insert(id, arrives);
        }
        arrivals
    }
    fn explain_event(&self, index: usize) -> Option<String> {
        let timeline = self.timeline();
        let sim = timeline.frontier();
        let event = &sim.trace().get(index)?.event;
        Some(paxos_front::explain::event(event, |id| sim.sent(id)))
    }
    fn label(&self, sent_index: usize) -> String {
        let timeline = self.timeline();
        match timeline
            .frontier()
            .trace()
            .get(sent_index)
            .map(|e| &e.event)
        {
            Some(Event::Send { payload, .. }) => payload.to_string(),
            _ => String::new(),
        }
    }
    fn message(&self, sent_index: usize) -> Option<MessageText> {
        let timeline = self.timeline();
        match &timeline.frontier().trace().get(sent_index)?.event {
            Event::Send {
                from, to, payload, ..
            } => Some(MessageText {
                explain: P::explain_message(*from, *to, payload),
                fields: P::message_fields(payload),
            }),
            _ => None,
        }
    }
    fn node_after(&self, actor: Actor, index: usize) -> Option<String> {
        match actor {
            Actor::Node(node) => Some(P::node_line(
                &self.timeline().state_after_event(index),
                node,
            )),
            Actor::Client(_) => None,
        }
    }
    fn in_flight_fate(&self, id: MsgId) -> Option<Option<DropReason>> {
        let timeline = self.timeline();
        timeline
            .at_frontier()
            .then(|| timeline.frontier().in_flight_fate(id))
            .flatten()
    }
    fn notice(&self) -> Option<String> {
        self.notice.clone()
    }
    fn resume_offer(&self) -> Option<(RunRecord, bool)> {
        let record = self.resume_offer.clone()?;
        Some((record, self.resume_as_copy))
    }
    fn power_failure(&self) -> Option<PowerFailureReport> {
        self.power_failure.clone()
    }
    fn violations(&self) -> Vec<Violation> {
        self.timeline().state().violations().to_vec()
    }
    fn share_link(&self) -> Option<String> {
        self.share_link.clone()
    }
    fn about(&self) -> Option<(String, String)> {
        self.about.clone()
    }
    fn edited(&self) -> bool {
        (**self).edited()
    }
    fn action_count(&self) -> usize {
        self.timeline().actions().len()
    }
    fn branches(&self) -> Vec<BranchView> {
        self.timeline()
            .branches()
            .iter()
            .map(|b| BranchView {
                forked_at_us: b.forked_at_us,
                reached_us: b.reached_us,
                actions: b.actions.len(),
            })
            .collect()
    }
    fn highlight(&self) -> Option<std::ops::Range<usize>> {
        self.highlight.clone()
    }
    fn replayed_from_link(&self) -> bool {
        self.from_link
    }
    fn settings(&self) -> SettingsView {
        let timeline = self.timeline();
        let config = timeline.state().config();
        SettingsView {
            protocol: P::NAME,
            nodes: P::cluster_size(&config.protocol),
            network: config.network.clone(),
            disk: config.disk.clone(),
            backoff: P::BACKOFF.is_some_and(|backoff| (backoff.on)(&config.protocol)),
            backoff_words: P::BACKOFF.map(|backoff| backoff.words),
            seed: config.seed,
        }
    }
    fn disk_opening(&self) -> bool {
        matches!(self.store.borrow().disk, Disk::Opening)
    }
    fn previous_run(&self) -> Option<String> {
        self.previous_run.clone()
    }
    fn address_change(&self) -> Option<String> {
        (**self).address_change()
    }
    fn checked_bytes(&self) -> Vec<u8> {
        (**self).checked_bytes()
    }

    fn scenario_bytes(&self) -> Vec<u8> {
        (**self).scenario_bytes()
    }
    fn open_json(&self, text: String) -> Pin<Box<dyn Future<Output = Result<(), String>>>> {
        let state = self.clone();
        Box::pin(async move {
            let read = crate::web::files::read_scenario::<P>(&text).await;
            match read.map_err(|e| e.to_string())? {
                Found::Here(body) => {
                    state.dispatch(Action::Open(Rc::from(body)));
                    Ok(())
                }
                Found::Elsewhere(family) => crate::web::files::hand_over(family, &text),
            }
        })
    }
    fn open_example(&self, id: &str) {
        open_example(self, id);
    }
    fn example_abouts(&self) -> Vec<(&'static str, &'static str)> {
        P::BUILDERS
            .iter()
            .map(|(id, about, _)| (*id, *about))
            .collect()
    }
    fn open_link(&self, link: String) -> Pin<Box<dyn Future<Output = Result<(), String>>>> {
        let state = self.clone();
        Box::pin(async move {
            match crate::web::link::decode::<P>(&link).await {
                Ok(Found::Here(body)) => {
                    state.dispatch(Action::Open(Rc::from(body)));
                    Ok(())
                }
                Ok(Found::Elsewhere(family)) => {
                    // Its page, opened on this link, with the same query
                    // (embed options and all).
                    let query = crate::web::address::Query::of_page().rewritten(&["protocol"], &[]);
                    let link = paxos_sim::scenario::link_payload(&link);
                    crate::web::site::go_to(family, &query, &format!("s={link}"), false);
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            }
        })
    }
    fn open_bytes(&self, bytes: &[u8]) -> Result<(), String> {
        let version = paxos_sim::scenario::SCENARIO_VERSION;
        match paxos_front::catalog::read_bytes::<P>(version, bytes) {
            Ok(Found::Here(body)) => {
                self.dispatch(Action::Open(Rc::from(body)));
                Ok(())
            }
            Ok(Found::Elsewhere(family)) => Err(format!("it is a {family} scenario")),
            Err(e) => Err(e.to_string()),
        }
    }
    fn outcome(&self) -> Option<String> {
        self.timeline().state().outcome()
    }
    fn run_over(&self) -> bool {
        let timeline = self.timeline();
        timeline.is_finished() || P::played_out(timeline.state())
    }
    fn trace_hash(&self) -> String {
        paxos_sim::sim::format_hash(self.timeline().state().trace_hash())
    }
    fn view_window(&self) -> (u64, u64) {
        self.view_window.get()
    }
    fn set_view_window(&self, window: (u64, u64)) {
        self.view_window.set(window);
    }
    fn manual(&self) -> bool {
        self.timeline().state().is_manual()
    }
    fn choices(&self) -> Vec<ChoiceView> {
        let timeline = self.timeline();
        let sim = timeline.state();
        sim.choices()
            .iter()
            .map(|choice| {
                let (label, title) = paxos_front::explain::choice(sim, choice);
                ChoiceView {
                    key: choice.to_string(),
                    kind: choice.kind(),
                    label,
                    title,
                    message: choice.message(),
                    fault: choice.is_fault(),
                }
            })
            .collect()
    }
    fn send(&self, cmd: Cmd) {
        self.dispatch(cmd.into());
    }
}

/// A shared, cheaply cloned [`Board`]: what the protocol-independent
/// components take as props.
///
/// Two handles are equal when they were made for the same state version:
/// the identity is taken when the handle is made, because a reducer handle
/// reads the newest state whenever it is asked.
#[derive(Clone)]
pub struct BoardHandle {
    board: Rc<dyn Board>,
    /// The state version this handle was made for.
    pub identity: (usize, u64),
}

impl BoardHandle {
    pub fn of<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> BoardHandle {
        BoardHandle {
            board: Rc::new(state.clone()),
            identity: Board::identity(state),
        }
    }

    /// A callback that sends `cmd`, whatever the event.
    pub fn on<E: 'static>(&self, cmd: Cmd) -> Callback<E> {
        self.with(move |_: E| cmd.clone())
    }

    /// A callback that sends the command `cmd` makes of its argument (for
    /// components that take callbacks rather than the board).
    pub fn with<T: 'static>(&self, cmd: impl Fn(T) -> Cmd + 'static) -> Callback<T> {
        let board = self.clone();
        Callback::from(move |value: T| board.send(cmd(value)))
    }
}

impl std::ops::Deref for BoardHandle {
    type Target = dyn Board;
    fn deref(&self) -> &(dyn Board + 'static) {
        &*self.board
    }
}

impl PartialEq for BoardHandle {
    fn eq(&self, other: &BoardHandle) -> bool {
        self.identity == other.identity
    }
}

/// Opens the gallery's example `id`: built here if it is `P`'s, else on
/// the page of its protocol (a navigation, so not the reducer's).
pub fn open_example<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>, id: &str) {
    let Some(example) = paxos_front::course::gallery::get(id) else {
        state.dispatch(Action::SetNotice(Some(format!(
            "There is no example {id:?} in the gallery."
        ))));
        return;
    };
    if let Some(body) = example.body::<P>() {
        state.dispatch(Action::Open(Rc::new(body)));
    } else if !crate::web::site::go_to(example.page(), &format!("example={id}"), "", false) {
        state.dispatch(Action::SetNotice(Some(format!(
            "The example {id:?} has no page in this playground."
        ))));
    }
}
