//! The page: controls on top, the sequence diagram beside the cluster, node
//! panels and controls; the play timer; keyboard shortcuts.

use super::board::{BoardHandle, Cmd};
use super::components::{
    Banners, Controls, Details, EventLog, Help, History, Legend, LessonPanel, ScenariosPanel,
    SequenceDiagram, Settings, StoragePanel,
};
use super::embed::{use_embed, EmbedOptions};
use super::files;
use super::idb::{Idb, DB_NAME};
use super::protocol::WebProtocol;
use super::state::{Action, Playground};
use gloo_timers::callback::Interval;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Core as _;
use paxos_front::catalog::Found;
use paxos_sim::scenario::{Body, ScenarioError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// How often the play timer fires, in wall-clock milliseconds.
const FRAME_MS: u32 = 16;
/// The shortest time between two rewrites of the address bar, in ms.
const URL_GAP_MS: f64 = 400.0;
/// How many recent events the log shows.
const LOG_LINES: usize = 12;

fn wall_clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The command a key press stands for, if any.
fn shortcut(key: &str) -> Option<Cmd> {
    Some(match key {
        " " => Cmd::TogglePlay,
        "ArrowRight" => Cmd::Step,
        "ArrowLeft" => Cmd::StepBack,
        "+" | "=" => Cmd::Zoom(1.25),
        "-" | "_" => Cmd::Zoom(0.8),
        "f" | "F" => Cmd::SetFollow(true),
        "c" | "C" => Cmd::ToggleCompress,
        "Home" => Cmd::Rewind,
        "Escape" => Cmd::Select(None),
        "?" => Cmd::ToggleHelp,
        _ => return None,
    })
}

/// While playing, a timer advances the simulation by the wall-clock time
/// that passed, scaled by the speed. Dropping the Interval stops it.
/// (`<html data-play-timer>` says whether one is running.)
#[hook]
fn use_play_timer(board: BoardHandle, playing: bool) {
    use_effect_with(playing, move |&playing| {
        super::mark_page("play-timer", if playing { "running" } else { "stopped" });
        let timer = playing.then(|| {
            let last = Rc::new(Cell::new(wall_clock_ms()));
            Interval::new(FRAME_MS, move || {
                let now = wall_clock_ms();
                let wall_ms = now - last.replace(now);
                board.send(Cmd::Tick { wall_ms });
            })
        });
        move || drop(timer)
    });
}

/// The disks: open IndexedDB (unless the run keeps them in memory), then
/// look for the run this tab showed before a reload, to offer resuming it;
/// save how far the run got now and then, and when the page goes away.
#[hook]
fn use_storage<P: WebProtocol>(board: BoardHandle) {
    use_effect_with((), move |_| {
        let opening = board.disk_opening();
        let previous = board.previous_run();
        let slow = opening.then(|| {
            let board = board.clone();
            gloo_timers::callback::Timeout::new(super::state::OPEN_TIMEOUT_MS, move || {
                board.send(Cmd::StorageSlow)
            })
        });
        if opening {
            let board = board.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let blocked = board.clone();
                let taken = board.clone();
                let opened = Idb::open(
                    DB_NAME,
                    move || blocked.send(Cmd::StorageBlocked),
                    move || taken.send(Cmd::StorageTakenOver),
                )
                .await;
                let idb = opened.map(Rc::new);
                let listing = idb.as_ref().ok().cloned();
                board.send(Cmd::StorageOpened(idb));
                let found = match (listing, previous) {
                    (Some(idb), Some(previous)) => idb.runs::<P>().await.ok().and_then(|runs| {
                        runs.into_iter()
                            .flatten()
                            .find(|r| r.run == previous && r.position > 0)
                    }),
                    _ => None,
                };
                // A duplicated tab remembers the same run as the tab it
                // came from, which may still have it open.
                let found = match found {
                    Some(record) => {
                        let free = super::tabs::claim(&record.run).await;
                        Some((record, free))
                    }
                    None => None,
                };
                board.send(Cmd::Found(found));
            });
        }
        // Save how far the run got now and then, and when the page goes
        // away: a reload then resumes from there.
        let saver = {
            let board = board.clone();
            Interval::new(1_000, move || board.send(Cmd::SaveProgress))
        };
        let others = {
            let board = board.clone();
            super::tabs::on_deleted(move |run| board.send(Cmd::OtherTabDeleted(run)))
        };
        let hide = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "pagehide", move |_| {
                board.send(Cmd::SaveProgress)
            })
        });
        move || drop((saver, hide, slow, others))
    });
}

/// Keeps the run in the address bar as it changes: at once, but not more
/// than every `URL_GAP_MS` (browsers limit how often a page may rewrite its
/// address), with the last change written when the gap is over. (The
/// board is read only from the render that made it, or from a timer that
/// lives at most one gap: a reducer handle kept longer would keep every
/// state it has seen.)
///
/// A link pasted into the address bar (or any change of the fragment the
/// page did not make: its own rewrites fire no event) reloads the page, so
/// that the link opens.
#[hook]
fn use_url(board: BoardHandle) {
    use_effect_with((), |_| {
        let listener = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "hashchange", |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            })
        });
        move || drop(listener)
    });
    let last_ms = use_mut_ref(|| f64::NEG_INFINITY);
    let trailing = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let identity = board.identity;
    use_effect_with(identity, move |_| {
        let now = js_sys::Date::now();
        let wait = URL_GAP_MS - (now - *last_ms.borrow());
        if wait <= 0.0 {
            *last_ms.borrow_mut() = now;
            board.keep_url();
            super::mark_page("address", "written");
        } else {
            // The newest state is read when the timer fires.
            let last_ms = last_ms.clone();
            super::mark_page("address", "waiting");
            *trailing.borrow_mut() = Some(gloo_timers::callback::Timeout::new(
                wait.ceil() as u32,
                move || {
                    *last_ms.borrow_mut() = js_sys::Date::now();
                    board.keep_url();
                    super::mark_page("address", "written");
                },
            ));
        }
    });
}

/// Keyboard shortcuts, except while typing in a field.
#[hook]
fn use_shortcuts(board: BoardHandle) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().map(|window| {
            // Not passive: a handled shortcut must stop the browser's
            // default (Space scrolling the page, say).
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            gloo_events::EventListener::new_with_options(
                &window,
                "keydown",
                options,
                move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    let typing = event
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                        });
                    if (typing && event.key() != "Escape")
                        || event.ctrl_key()
                        || event.meta_key()
                        || event.alt_key()
                    {
                        return;
                    }
                    if let Some(cmd) = shortcut(&event.key()) {
                        event.prevent_default();
                        if event.key() == "Escape" {
                            // Esc closes what is open: the shortcut sheet,
                            // the notice, the message details.
                            board.send(Cmd::CloseHelp);
                            board.send(Cmd::SetNotice(None));
                        }
                        board.send(cmd);
                    }
                },
            )
        });
        move || drop(listener)
    });
}

/// A parameter of the page's query.
fn query_param(name: &str) -> Option<String> {
    super::address::Query::of_page().get(name)
}

/// `?protocol=`: which playground the page shows (`paxos`, `multi`,
/// `designs`; `single`, the name before version 2, still opens Paxos).
fn protocol_param() -> Option<String> {
    query_param("protocol")
}

/// What the page opens with: a scenario from a link or a file handed over
/// by another page (or why it could not be read), once it is read.
#[derive(Clone, PartialEq)]
enum Opening<P: WebProtocol> {
    /// The link is being unpacked (the browser decompresses
    /// asynchronously).
    Unpacking,
    Ready {
        /// A scenario of this page's protocol.
        scenario: Option<Rc<Body<P>>>,
        /// Another family's, left to its page.
        elsewhere: Option<&'static str>,
        notice: Option<String>,
    },
}

impl<P: WebProtocol> Opening<P> {
    fn read(read: Result<Found<P>, ScenarioError>, what: &str) -> Opening<P> {
        match read {
            Ok(Found::Here(body)) => Opening::Ready {
                scenario: Some(Rc::from(body)),
                elsewhere: None,
                notice: None,
            },
            Ok(Found::Elsewhere(family)) => Opening::Ready {
                scenario: None,
                elsewhere: Some(family),
                notice: None,
            },
            Err(e) => Opening::Ready {
                scenario: None,
                elsewhere: None,
                notice: Some(format!(
                    "The {what} could not be opened: {e}. Showing the default scenario instead."
                )),
            },
        }
    }
}

/// `P`'s page, unless `protocol` is another page's.
fn bundle_page<P: WebProtocol>(protocol: Option<&str>, props: PageProps<P>) -> Option<Html> {
    let PageProps {
        opening,
        notice,
        embed,
        course,
    } = props;
    match protocol {
        None => Some(html! { <Page<P> {opening} {notice} {embed} {course} /> }),
        Some(name) if super::site::is_here(name) => {
            Some(html! { <Page<P> {opening} {notice} {embed} {course} /> })
        }
        Some(name) if super::site::page_of(name).is_some() => None,
        Some(other) => {
            let names: Vec<&str> = super::site::PAGES.iter().map(|p| p.protocol).collect();
            let (last, rest) = names.split_last().expect("pages");
            let notice = format!(
                "?protocol= takes {} or {last}, not {other:?}. Showing {}.",
                rest.join(", "),
                P::TITLE.to_lowercase()
            );
            Some(html! { <Page<P> notice={Some(notice)} {embed} {course} /> })
        }
    }
}

/// The page: this bundle's playground (each wasm bundle is built for one
/// protocol `P`, so it carries only that protocol's code; see `site`), or a
/// jump to the page of another protocol. A scenario link in the fragment
/// picks the protocol itself.
#[function_component(App)]
pub fn app<P: WebProtocol>() -> Html {
    let link = use_memo((), |_| super::state::link_param());
    // A scenario file opened on another page, handed over to this one.
    let handed = use_memo((), |_| match &*link {
        Some(_) => None,
        None => files::handed_over(),
    });
    let has_link = link.is_some() || handed.is_some();
    let opening = use_state(|| match (&*link, &*handed) {
        (None, None) => Opening::Ready {
            scenario: None,
            elsewhere: None,
            notice: None,
        },
        _ => Opening::Unpacking,
    });
    {
        let opening = opening.clone();
        let handed = handed.clone();
        use_effect_with((), move |_| match ((*link).clone(), (*handed).clone()) {
            (Some(link), _) => wasm_bindgen_futures::spawn_local(async move {
                let read = super::link::decode::<P>(&link).await;
                opening.set(Opening::read(read, "link"));
            }),
            (None, Some(Ok(text))) => wasm_bindgen_futures::spawn_local(async move {
                let read = files::read_scenario::<P>(&text).await;
                opening.set(Opening::read(read, "scenario file"));
            }),
            (None, Some(Err(missing))) => {
                opening.set(Opening::read(Err(ScenarioError(missing)), "scenario file"))
            }
            (None, None) => {}
        });
    }
    let Opening::Ready {
        scenario,
        elsewhere,
        notice,
    } = (*opening).clone()
    else {
        return html! { <p class="opening" data-testid="opening">{"Opening the shared scenario…"}</p> };
    };
    // `?course=ID&step=N`: a step of a guided lesson, whose scenario is a
    // gallery lesson.
    let (course, notice) = match (query_param("course"), query_param("step")) {
        (Some(id), step) => match paxos_front::course::lesson(&id) {
            None => (None, Some(format!("There is no guided lesson {id:?}."))),
            Some(lesson) => {
                let steps = lesson.steps.len();
                match step.as_deref().map(|s| s.trim().parse::<usize>()) {
                    None => (Some((lesson.id, 1)), notice),
                    Some(Ok(n)) if lesson.step(n).is_some() => (Some((lesson.id, n)), notice),
                    Some(Ok(n)) => (
                        Some((lesson.id, if n == 0 { 1 } else { steps })),
                        Some(format!(
                            "The lesson \"{}\" has steps 1 to {steps}, not {n}: showing step {}.",
                            lesson.title,
                            if n == 0 { 1 } else { steps }
                        )),
                    ),
                    Some(Err(_)) => (
                        Some((lesson.id, 1)),
                        Some(format!(
                            "?step= takes a step number from 1 to {steps}; {:?} is not one: showing step 1.",
                            step.unwrap_or_default()
                        )),
                    ),
                }
            }
        },
        (None, _) => (None, notice),
    };
    let step_lesson = course
        .and_then(|(id, n)| paxos_front::course::lesson(id)?.step(n))
        .map(|step| step.scenario.to_string());
    // `?lesson=ID` (without a link): a gallery lesson, built here if it is
    // this page's protocol, else on its own page.
    let mut lesson_protocol = None;
    let (scenario, notice) = match (scenario, !has_link, query_param("lesson").or(step_lesson)) {
        (None, true, Some(id)) => match paxos_front::course::gallery::get(&id) {
            Some(entry) => match entry.body::<P>() {
                Some(built) => (Some(Rc::new(built)), notice),
                None => {
                    lesson_protocol = Some(entry.page().to_string());
                    (None, notice)
                }
            },
            None => (
                None,
                Some(format!(
                    "There is no lesson {id:?} in the gallery. Showing the default scenario."
                )),
            ),
        },
        (scenario, ..) => (scenario, notice),
    };
    let protocol = match (&scenario, elsewhere) {
        (Some(_), _) => Some(P::NAME.to_string()),
        (None, Some(family)) => Some(family.to_string()),
        (None, None) => lesson_protocol.or_else(protocol_param),
    };
    let opening = scenario;
    let embed = EmbedOptions::from_page().map(|mut embed| {
        // The scenario's own choice of panels, unless the page chose.
        if !embed.panels_given {
            embed.panels = match opening.as_ref().and_then(|s| s.view.panels.clone()) {
                Some(panels) => panels,
                None => {
                    super::embed::default_panels(protocol.as_deref().unwrap_or(SingleDecree::NAME))
                        .into_iter()
                        .map(String::from)
                        .collect()
                }
            };
        }
        Rc::new(embed)
    });
    let notice = match embed.as_ref().map(|e| e.problems.join("; ")) {
        Some(problems) if !problems.is_empty() => {
            Some(notice.map_or(format!("Embed options: {problems}."), |n| {
                format!("{n} Embed options: {problems}.")
            }))
        }
        _ => notice,
    };
    let props = PageProps {
        opening,
        notice,
        embed,
        course,
    };
    match bundle_page::<P>(protocol.as_deref(), props) {
        Some(page) => page,
        None => {
            // Another bundle's page: go there with the same query and link
            // (or the same file).
            let target = protocol.unwrap_or_default();
            if let Some(Ok(text)) = &*handed {
                if let Err(e) = files::hand_over(&target, text) {
                    let notice = format!("The scenario file could not be opened: {e}.");
                    return html! { <Page<P> notice={Some(notice)} embed={None::<Rc<EmbedOptions>>} /> };
                }
                return html! { <p class="opening" data-testid="opening">{"Opening the playground of that protocol…"}</p> };
            }
            let location = web_sys::window().map(|w| w.location());
            let query = location
                .as_ref()
                .and_then(|l| l.search().ok())
                .unwrap_or_default();
            let fragment = location
                .as_ref()
                .and_then(|l| l.hash().ok())
                .unwrap_or_default();
            super::site::go_to(&target, &query, fragment.trim_start_matches('#'), true);
            html! { <p class="opening" data-testid="opening">{"Opening the playground of that protocol…"}</p> }
        }
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct PageProps<P: WebProtocol> {
    /// A scenario to open (from a link or a file).
    #[prop_or_default]
    pub opening: Option<Rc<Body<P>>>,
    /// Something to tell the user as the page opens.
    #[prop_or_default]
    pub notice: Option<String>,
    /// The guided lesson and step (from 1) the page opened on
    /// (`?course=ID&step=N`).
    #[prop_or_default]
    pub course: Option<(&'static str, usize)>,
    /// Embed mode's options (`?embed=1`).
    #[prop_or_default]
    pub embed: Option<Rc<EmbedOptions>>,
}

#[function_component]
fn Page<P: WebProtocol>(props: &PageProps<P>) -> Html {
    let state = {
        let opening = props.opening.clone();
        let notice = props.notice.clone();
        use_reducer(move || Playground::<P>::new(opening.as_deref(), notice))
    };

    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            dispatcher.dispatch(Action::Attach(dispatcher.clone()))
        });
    }
    let board = BoardHandle::of(&state);
    use_play_timer(board.clone(), state.playing);
    use_storage::<P>(board.clone());
    use_url(board.clone());
    use_shortcuts(board.clone());
    use_embed(board.clone(), props.embed.clone());

    if let Some(embed) = &props.embed {
        let title = state
            .about
            .as_ref()
            .map_or(P::TITLE.to_string(), |(title, _)| title.clone());
        let diagram_style = embed
            .height_px
            .map_or("height: 360px".to_string(), |px| format!("height: {px}px"));
        let controls = Rc::new(embed.controls.clone());
        return html! {
            <div class="app embed" data-testid="embed">
                <header class="embed-bar">
                    <span class="logo" aria-hidden="true">{"Π"}</span>
                    <strong class="embed-title" data-testid="embed-title">{title}</strong>
                    <a href={super::embed::full_url(&board)} target="_blank" rel="noopener"
                        data-testid="open-full">{"Open in the full playground ↗"}</a>
                </header>
                <Controls board={board.clone()} only={controls} />
                <Banners board={board.clone()} />
                <div class="embed-body">
                    <section class="diagram-panel" aria-label="Sequence diagram" style={diagram_style}>
                        <Legend board={board.clone()} />
                        <SequenceDiagram board={board.clone()} />
                    </section>
                    if embed.has_panel("log") { <div class="embed-main">{ P::main_panels(&state) }</div> }
                    if embed.has_panel("outcome") || embed.has_panel("details") {
                        <aside class="embed-side">
                            if embed.has_panel("outcome") { { P::outcome_panel(&state) } }
                            if embed.has_panel("details") { <Details board={board.clone()} /> }
                        </aside>
                    }
                </div>
            </div>
        };
    }

    let timeline = state.timeline();
    let sim = timeline.state();
    let config = sim.config();
    let log = recent_events(&timeline);

    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{"Π"}</span>
                    <h1>{"Paxos Playground"}</h1>
                </div>
                <nav class="protocols" aria-label="Protocol">
                    { for super::site::PAGES.iter().map(|page| {
                        let here = page.protocol == P::NAME;
                        html! {
                            <a href={super::site::page_path(page.protocol).unwrap_or_default()}
                                data-testid={format!("protocol-{}", page.protocol)}
                                class={classes!(here.then_some("current"))}
                                aria-current={here.then_some("page")}>{page.label}</a>
                        }
                    }) }
                </nav>
                <p class="subtitle">
                    {format!("{} · {} · seed {}", P::TITLE, paxos_front::view::count(P::cluster_size(&config.protocol), "node", None), config.seed)}
                </p>
            </header>
            <Controls board={board.clone()} />
            <Banners board={board.clone()} />
            <div class="workspace">
                <div class="main-column">
                    <section class="diagram-panel" aria-label="Sequence diagram">
                        <Legend board={board.clone()} />
                        <SequenceDiagram board={board.clone()} />
                    </section>
                    { P::main_panels(&state) }
                </div>
                <aside class="side">
                    <LessonPanel at={props.course} />
                    { P::outcome_panel(&state) }
                    <Details board={board.clone()} />
                    <History board={board.clone()} />
                    { P::panels(&state) }
                    <Settings board={board.clone()} />
                    <ScenariosPanel board={board.clone()} />
                    <StoragePanel<P> state={state.clone()} />
                    <EventLog lines={log} />
                </aside>
            </div>
            <Help board={board} />
        </div>
    }
}

/// The latest events up to the cursor, newest first, as (time, sentence).
fn recent_events<P: WebProtocol>(
    timeline: &paxos_sim::timeline::Timeline<P>,
) -> Vec<(u64, String)> {
    let sim = timeline.frontier();
    sim.trace()[..timeline.visible_trace_len()]
        .iter()
        .rev()
        .take(LOG_LINES)
        .map(|e| {
            (
                e.time_us,
                paxos_front::explain::event(&e.event, |id| sim.sent(id)),
            )
        })
        .collect()
}
