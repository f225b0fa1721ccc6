//! Where the page's state meets the components: each component's view,
//! built from the state, and its callbacks, which become the reducer's
//! actions. Components take these, never the reducer's handle.
//!
//! The panels that know no protocol are built from the [`BoardHandle`]
//! (the state with its protocol erased), so that they and their wiring are
//! in the bundle once; the protocol's own panels from the typed state.

use super::board::{BoardHandle, Cmd};
use super::components::{
    Banners, BannersCallbacks, BannersView, Controls, ControlsCallbacks, ControlsView, Details,
    DiagramCallbacks, DiagramView, Legend, NetworkPanel, RingDot, RingNode, RingView,
    ScenariosPanel, SelectedMessage, SequenceDiagram, Settings, SharedDiagram, StorageCallbacks,
    StorageView,
};
use super::files;
use super::protocol::WebProtocol;
use super::state::{Action, Playground};
use super::store::{Disk, WebStore};
use paxos_core::types::{Actor, NodeId};
use paxos_sim::sim::message_choice;
use paxos_sim::timeline::Action as SimAction;
use std::rc::Rc;
use yew::prelude::*;

/// Something done to the cluster, from a component: recorded by the
/// reducer.
pub fn on_act<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Callback<SimAction<P>> {
    let state = state.clone();
    Callback::from(move |action| state.dispatch(Action::Act(action)))
}

/// Something a component must tell the user.
pub fn on_notice<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |notice| state.dispatch(Action::SetNotice(Some(notice))))
}

/// The disk panel's view of the state.
pub fn storage_view<P: WebProtocol>(state: &Playground<P>) -> StorageView {
    let store = state.store.borrow();
    let (status, status_class) = storage_status(&store);
    let in_memory = matches!(store.disk, Disk::Memory { .. });
    drop(store);
    let inspected = state.inspected.as_ref().map(|found| {
        found
            .iter()
            .map(|(node, result)| {
                let (text, class, key) = match result {
                    Ok(None) => (
                        "no record: nothing promised or accepted".to_string(),
                        "empty",
                        P::disk_key(&Default::default()),
                    ),
                    Ok(Some(disk)) => (P::describe_disk(disk), "ok", P::disk_key(disk)),
                    Err(e) => (e.to_string(), "bad", "unusable".to_string()),
                };
                (*node, text, class, key)
            })
            .collect()
    });
    StorageView {
        status,
        status_class,
        durable: state.durable(),
        in_memory,
        busy: state.disk_busy(),
        run: state.run_id(),
        protocol: P::NAME,
        open: state.show_storage,
        inspected,
        runs: state.runs.clone(),
    }
}

/// What the disk panel asks of the reducer.
pub fn storage_callbacks<P: WebProtocol>(
    state: &UseReducerHandle<Playground<P>>,
) -> StorageCallbacks {
    let send = |action: fn() -> Action<P>| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action()))
    };
    StorageCallbacks {
        on_toggle: send(|| Action::ToggleStorage),
        on_refresh: send(|| Action::RefreshStorage),
        on_clear: send(|| Action::ClearAll),
        on_resume: {
            let state = state.clone();
            Callback::from(move |record| state.dispatch(Action::ResumeRun(record)))
        },
        on_delete: {
            let state = state.clone();
            Callback::from(move |run| state.dispatch(Action::DeleteRun(run)))
        },
    }
}

/// The cluster ring's view of the state: the cut links, the messages in
/// flight at the cursor (of the kinds shown), and each node in the
/// protocol's words.
pub fn ring_view<P: WebProtocol>(state: &Playground<P>) -> RingView {
    let timeline = state.timeline();
    let sim = timeline.state();
    let cursor = timeline.cursor();
    let visible = timeline.visible_trace_len();
    let diagram = state.diagram();
    // When each message in flight at the frontier arrives. (Inserted one
    // by one: collecting into a map would link a sort for its pairs.)
    let mut planned = paxos_core::collections::LiteMap::new_vec();
    for (id, .., at) in timeline.frontier().in_flight() {
        planned.insert(id, at);
    }
    let dots = diagram
        .arrows_in(cursor.time_us, cursor.time_us, visible)
        .filter(|a| !state.hidden_kinds.contains(a.kind))
        .filter_map(|a| {
            let (Actor::Node(from), Actor::Node(to)) = (a.from, a.to) else {
                return None;
            };
            let along = a.progress(cursor.time_us, visible, planned.get(&a.id).copied())?;
            let label = paxos_front::diagram::label(timeline.frontier().trace(), a);
            Some(RingDot {
                kind: a.kind,
                from,
                to,
                along,
                title: format!("{label} {from} → {to}"),
            })
        })
        .collect();
    let nodes = sim
        .nodes()
        .map(|id| {
            let (classes, badge, title) = P::ring_node(sim, id);
            RingNode {
                id,
                classes,
                badge,
                title,
            }
        })
        .collect();
    RingView {
        n: P::cluster_size(&sim.config().protocol),
        cut: sim.cut_links().clone(),
        dots,
        nodes,
    }
}

/// The ring's partition editor: the network cut to these directions.
pub fn on_cut<P: WebProtocol>(
    state: &UseReducerHandle<Playground<P>>,
) -> Callback<Vec<(NodeId, NodeId)>> {
    on_act(state).reform(|cut| SimAction::SetCut { cut })
}

/// The disk panel's status line and its class: where the disks live, with
/// the store's figures.
fn storage_status<P: WebProtocol>(store: &WebStore<P>) -> (String, &'static str) {
    match &store.disk {
        Disk::Opening => ("Opening IndexedDB…".to_string(), "opening"),
        Disk::IndexedDb(_) => {
            // (Inserted one by one: a sort would link kilobytes into
            // every page for a list this short.)
            let mut sorted = Vec::with_capacity(store.latencies_ms.len());
            for &ms in &store.latencies_ms {
                paxos_core::collections::insert_sorted_by(&mut sorted, ms, f64::total_cmp);
            }
            let latency = if sorted.is_empty() {
                String::new()
            } else {
                format!(
                    " · write p50 {:.1} ms, p95 {:.1} ms",
                    percentile(&sorted, 50.0),
                    percentile(&sorted, 95.0)
                )
            };
            let durability = store.last_durability.as_deref().unwrap_or("strict");
            (
                format!(
                    "IndexedDB · {durability} durability · {} writes committed{latency}",
                    store.committed
                ),
                "idb",
            )
        }
        Disk::Memory { why } => (format!("Memory only ({why}): a reload loses it"), "memory"),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// The time controls (`only` these, in an embed), each a command.
pub fn controls(board: &BoardHandle, only: Option<Rc<Vec<String>>>) -> Html {
    let view = ControlsView {
        clock: board.clock(),
        playing: board.playing(),
        speed: board.speed(),
        follow: board.follow(),
        compress: board.compress(),
        waiting: board.waiting(),
        disk_bound_speed: board.disk_bound_speed(),
        replaying_scenario: board.about().is_some() && !board.edited(),
        manual: board.manual() && board.clock().at_frontier,
    };
    let on = |cmd: Cmd| board.on::<()>(cmd);
    let callbacks = ControlsCallbacks {
        on_play: on(Cmd::Play),
        on_pause: on(Cmd::Pause),
        on_step_back: on(Cmd::StepBack),
        on_step: on(Cmd::Step),
        on_reset: on(Cmd::Reset),
        on_share: on(Cmd::Share),
        on_help: on(Cmd::ToggleHelp),
        on_compress: on(Cmd::ToggleCompress),
        on_speed: board.with(Cmd::SetSpeed),
        on_seek: board.with(Cmd::Seek),
        on_follow: board.with(Cmd::SetFollow),
        on_zoom: board.with(Cmd::Zoom),
    };
    html! { <Controls {view} {callbacks} {only} /> }
}

#[derive(Properties, PartialEq)]
pub struct ModelCheckProps {
    pub board: BoardHandle,
    /// The bounds until the student sets them (see
    /// `WebProtocol::check_bounds`).
    pub defaults: crate::web::hooks::CheckBounds,
}

/// Model check: the panel, with its search (a hook of its own, so that
/// the worker's progress redraws the panel alone, not the page).
#[function_component]
pub fn ModelCheck(props: &ModelCheckProps) -> Html {
    let checker = crate::web::hooks::use_checker(props.board.clone(), props.defaults);
    let on_notice = props.board.with(|m| Cmd::SetNotice(Some(m)));
    html! { <crate::web::components::CheckPanel {checker} {on_notice} /> }
}

/// You are the network: manual scheduling's switch and choices.
pub fn network_panel(board: &BoardHandle) -> Html {
    let manual = board.manual();
    let choices = if manual { board.choices() } else { Vec::new() };
    html! {
        <NetworkPanel {manual} {choices} at_frontier={board.clock().at_frontier}
            on_manual={board.with(Cmd::SetManual)} on_pick={board.with(Cmd::Pick)} />
    }
}

/// The banners above the workspace, with the protocol's words for what
/// made a violation possible.
pub fn banners(board: &BoardHandle, why_violated: &'static str) -> Html {
    let view = BannersView {
        about: board.about(),
        edited: board.edited(),
        notice: board.notice(),
        share_link: board.share_link(),
        resume_offer: board.resume_offer(),
        replayed: board.replayed_from_link(),
        power_failure: board.power_failure(),
        violations: board.violations(),
        why_violated,
    };
    let on = |cmd: Cmd| board.on::<()>(cmd);
    let callbacks = BannersCallbacks {
        on_dismiss_notice: on(Cmd::SetNotice(None)),
        on_dismiss_share: on(Cmd::DismissShare),
        on_resume: on(Cmd::Resume),
        on_dismiss_resume: on(Cmd::DismissResume),
        on_dismiss_power_failure: on(Cmd::DismissPowerFailure),
        on_jump: board.with(Cmd::JumpToViolation),
    };
    html! { <Banners {view} {callbacks} /> }
}

/// The scenarios panel: the gallery, files made from the run and opened.
pub fn scenarios(board: &BoardHandle) -> Html {
    let settings = board.settings();
    let scenario = {
        let board = board.clone();
        Callback::from(move |()| board.scenario_bytes())
    };
    let on_open_example = {
        let board = board.clone();
        Callback::from(move |id| board.open_example(id))
    };
    let notice = |board: &BoardHandle, message: String| board.send(Cmd::SetNotice(Some(message)));
    let on_export = {
        let board = board.clone();
        Callback::from(move |what: files::Export| {
            // A file name for this run: protocol, seed, what
            // (`paxos-seed1-scenario.json`, `multi-paxos-seed3-diagram.svg`).
            let settings = board.settings();
            let protocol = match settings.protocol {
                "multi" => "multi-paxos",
                other => other,
            };
            let stem = format!("{protocol}-seed{}", settings.seed);
            let whole = matches!(
                what,
                files::Export::Svg { whole: true } | files::Export::Png { whole: true }
            );
            let (bytes, position, shown) = (
                board.scenario_bytes(),
                board.clock().position,
                shown(&board, whole),
            );
            let board = board.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = files::export(what, &stem, bytes, position, &shown).await {
                    notice(&board, e);
                }
            });
        })
    };
    let on_open_file = {
        let board = board.clone();
        Callback::from(move |input: web_sys::HtmlInputElement| {
            let board = board.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::chosen_file(&input).await;
                input.set_value("");
                let opened = match read {
                    Ok(None) => Ok(()),
                    Ok(Some(text)) => board.open_json(text).await.map_err(|e| {
                        format!("The file could not be opened: {e}. Nothing was changed.")
                    }),
                    Err(e) => Err(format!(
                        "The file could not be read: {e}. Nothing was changed."
                    )),
                };
                if let Err(e) = opened {
                    notice(&board, e);
                }
            });
        })
    };
    html! {
        <ScenariosPanel protocol={settings.protocol} title={board.about().map(|(title, _)| title)}
            abouts={Rc::from(board.example_abouts())} {scenario} {on_open_example} {on_export} {on_open_file} />
    }
}

/// How the page shows the run now, for the tools bundle to draw it: what
/// is on screen, or the whole run up to the cursor.
fn shown(board: &BoardHandle, whole: bool) -> paxos_front::svg::Shown {
    let clock = board.clock();
    let settings = board.settings();
    paxos_front::svg::Shown {
        frontier: board.frontier_position(),
        frontier_us: clock.end_us,
        cursor: clock.position,
        cursor_us: clock.cursor_us,
        px_per_ms: board.zoom(),
        compress: board.compress(),
        hidden_lanes: board.hidden_lanes().iter().copied().collect(),
        hidden_kinds: board.hidden_kinds().iter().map(|k| k.to_string()).collect(),
        window: (!whole).then(|| board.view_window()),
        title: board.about().map_or_else(
            || format!("{} · seed {}", settings.protocol, settings.seed),
            |(title, _)| title,
        ),
    }
}

/// The selected message's details, with its buttons.
pub fn details(board: &BoardHandle) -> Html {
    let clock = board.clock();
    let selected = board.selected();
    let message = selected.and_then(|id| {
        let arrow = board.diagram().arrow(id).cloned()?;
        let text = board.message(arrow.sent_index)?;
        let label = board.label(arrow.sent_index);
        Some(SelectedMessage { arrow, label, text })
    });
    let node_after = {
        let board = board.clone();
        Callback::from(move |(actor, index)| board.node_after(actor, index))
    };
    // You are the network: the message may be delivered from here, and
    // dropping or duplicating it is a pick, as in the network panel.
    let manual = board.manual();
    let pick = |kind: &'static str| board.with(move |id| Cmd::Pick(message_choice(kind, id)));
    let (on_drop, on_duplicate) = if manual {
        (pick("drop"), pick("duplicate"))
    } else {
        (
            board.with(Cmd::DropMessage),
            board.with(Cmd::DuplicateMessage),
        )
    };
    let on_deliver = manual.then(|| pick("deliver"));
    html! {
        <Details {selected} {message} visible={clock.visible_len} generation={clock.generation}
            in_flight={selected.and_then(|id| board.in_flight_fate(id))} {node_after}
            on_close={board.on::<()>(Cmd::Select(None))} {on_drop} {on_duplicate} {on_deliver}
            on_delay={board.with(|(id, by)| Cmd::DelayMessage(id, by))} />
    }
}

/// The sequence diagram, drawn from the page's diagram, with the words for
/// what it shows.
pub fn sequence_diagram(board: &BoardHandle) -> Html {
    let view = DiagramView {
        diagram: SharedDiagram(board.shared_diagram()),
        layout: board.layout(),
        clock: board.clock(),
        zoom: board.zoom(),
        follow: board.follow(),
        playing: board.playing(),
        selected: board.selected(),
        hidden_kinds: board.hidden_kinds().clone(),
        highlight: board.highlight(),
        arrivals: board.arrivals(),
    };
    let callbacks = DiagramCallbacks {
        label: {
            let board = board.clone();
            Callback::from(move |index| board.label(index))
        },
        explain: {
            let board = board.clone();
            Callback::from(move |index| board.explain_event(index))
        },
        on_select: board.with(|id| Cmd::Select(Some(id))),
        on_follow: board.with(Cmd::SetFollow),
        on_zoom: board.with(Cmd::Zoom),
        on_toggle_lane: board.with(Cmd::ToggleLane),
        on_view_window: {
            let board = board.clone();
            Callback::from(move |window| board.set_view_window(window))
        },
    };
    html! { <SequenceDiagram {view} {callbacks} /> }
}

/// The cluster, network and disk settings, each change a command.
pub fn settings(board: &BoardHandle) -> Html {
    html! {
        <Settings view={board.settings()} on_network={board.with(Cmd::SetNetwork)}
            on_disk={board.with(Cmd::SetDisk)} on_backoff={board.with(Cmd::SetBackoff)}
            on_nodes={board.with(Cmd::SetClusterSize)} on_seed={board.with(Cmd::SetSeed)}
            on_notice={board.with(|m| Cmd::SetNotice(Some(m)))} />
    }
}

/// The diagram's legend, with the board's hidden kinds and lanes.
pub fn legend(board: &BoardHandle) -> Html {
    html! {
        <Legend kinds={board.kinds()} hidden_kinds={board.hidden_kinds().clone()}
            hidden_lanes={board.hidden_lanes().clone()}
            on_toggle={board.with(Cmd::ToggleKind)} on_show_all={board.with(|()| Cmd::ShowAll)} />
    }
}
