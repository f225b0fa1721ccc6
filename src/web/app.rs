//! The page: controls on top, the sequence diagram beside the cluster, node
//! panels and controls; the play timer; keyboard shortcuts.

use super::board::{BoardHandle, Cmd};
use super::components::{EventLog, Help, History, LessonPanel, StoragePanel};
use super::embed::{use_embed, EmbedOptions};
use super::files;
use super::hooks::{use_effects, use_play_timer, use_shortcuts, use_storage, use_url};
use super::panels::Panels;
use super::protocol::WebProtocol;
use super::state::Playground;
use super::wiring::{
    banners, controls, details, legend, network_panel, scenarios, sequence_diagram, settings,
};
use paxos_front::catalog::Found;
use paxos_sim::scenario::{Body, ScenarioError};
use std::rc::Rc;
use yew::prelude::*;

/// How many recent events the log shows.
const LOG_LINES: usize = 12;

/// A parameter of the page's query.
fn query_param(name: &str) -> Option<String> {
    super::address::Query::of_page().get(name)
}

/// `?example=ID`: an example of the gallery to open (`?lesson=ID`, its
/// name before version 4, still opens it).
fn example_param() -> Option<String> {
    query_param("example").or_else(|| query_param("lesson"))
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
fn bundle_page<P: Panels>(protocol: Option<&str>, props: PageProps<P>) -> Option<Html> {
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
                "?protocol= takes {} or {last}, not \"{other}\". Showing {}.",
                rest.join(", "),
                P::TITLE
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
pub fn app<P: Panels>() -> Html {
    let link = use_memo((), |_| super::address::link_param());
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
    // `?course=ID&step=N`: a step of a guided lesson, whose scenario is an
    // example of the gallery.
    let (course, notice) = match (query_param("course"), query_param("step")) {
        (Some(id), step) => match paxos_front::course::outline(&id) {
            None => (None, Some(format!("There is no guided lesson {id:?}."))),
            Some(lesson) => {
                let steps = lesson.steps;
                match step.as_deref().map(|s| s.trim().parse::<usize>()) {
                    None => (Some((lesson.id, 1)), notice),
                    Some(Ok(n)) if (1..=steps).contains(&n) => (Some((lesson.id, n)), notice),
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
    let step_example = course
        .and_then(|(id, n)| paxos_front::course::lesson_in(P::LESSONS, id)?.step(n))
        .map(|step| step.scenario.to_string());
    // A lesson none of whose steps is on this page opens on its own.
    let lesson_page = course
        .filter(|(id, _)| paxos_front::course::lesson_in(P::LESSONS, id).is_none())
        .and_then(|(id, _)| paxos_front::course::outline(id))
        .map(|outline| outline.page.to_string());
    // `?example=ID` (without a link): an example of the gallery, built here
    // if it is this page's protocol, else on its own page.
    let mut example_protocol = None;
    let (scenario, notice) = match (scenario, !has_link, example_param().or(step_example)) {
        (None, true, Some(id)) => match paxos_front::course::gallery::get(&id) {
            Some(example) => match example.body::<P>() {
                Some(built) => (Some(Rc::new(built)), notice),
                None => {
                    example_protocol = Some(example.page().to_string());
                    (None, notice)
                }
            },
            None => (
                None,
                Some(format!(
                    "There is no example {id:?} in the gallery. Showing the default scenario."
                )),
            ),
        },
        (scenario, ..) => (scenario, notice),
    };
    let protocol = match (&scenario, elsewhere) {
        (Some(_), _) => Some(P::NAME.to_string()),
        (None, Some(family)) => Some(family.to_string()),
        (None, None) => example_protocol.or(lesson_page).or_else(protocol_param),
    };
    let opening = scenario;
    let embed = EmbedOptions::from_page().map(|mut embed| {
        // The scenario's own choice of panels, unless the page chose.
        if !embed.panels_given {
            embed.panels = match opening.as_ref().and_then(|s| s.view.panels.clone()) {
                Some(panels) => panels,
                None => super::embed::default_panels(protocol.as_deref().unwrap_or(P::NAME))
                    .into_iter()
                    .map(String::from)
                    .collect(),
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

#[derive(Properties, Clone)]
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

/// The same props: the same scenario and embed options (the same `Rc`s:
/// the page makes them once, and comparing a whole scenario would link
/// its comparison into the page for nothing).
impl<P: WebProtocol> PartialEq for PageProps<P> {
    fn eq(&self, other: &PageProps<P>) -> bool {
        fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Rc::ptr_eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
        }
        same(&self.opening, &other.opening)
            && same(&self.embed, &other.embed)
            && self.notice == other.notice
            && self.course == other.course
    }
}

#[function_component]
fn Page<P: Panels>(props: &PageProps<P>) -> Html {
    let state = {
        let opening = props.opening.clone();
        let notice = props.notice.clone();
        use_reducer(move || {
            Playground::<P>::new(opening.as_deref(), notice, super::address::start::<P>())
        })
    };
    use_effects(&state);
    // What the lesson panel needs of the page's address, read once, and a
    // way to leave it: the same props at every render, so the panel
    // renders only when its step does.
    let example = use_memo((), |_| example_param());
    let keep = use_memo((), |_| {
        super::address::Query::of_page()
            .rewritten(&["course", "step", "example", "lesson", "protocol"], &[])
    });
    let on_go = use_callback((), |address: String, _| super::site::go(&address));
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
        let only = Rc::new(embed.controls.clone());
        return html! {
            <div class="app embed" data-testid="embed">
                <header class="embed-bar">
                    <span class="logo" aria-hidden="true">{"Π"}</span>
                    <strong class="embed-title" data-testid="embed-title">{title}</strong>
                    <a href={super::embed::full_url(&board)} target="_blank" rel="noopener"
                        data-testid="open-full">{"Open in the full playground ↗"}</a>
                </header>
                { controls(&board, Some(only)) }
                { banners(&board, P::WHY_VIOLATED) }
                <div class="embed-body">
                    <section class="diagram-panel" aria-label="Sequence diagram" style={diagram_style}>
                        { legend(&board) }
                        { sequence_diagram(&board) }
                    </section>
                    if embed.has_panel("log") { <div class="embed-main">{ P::main_panels(&state) }</div> }
                    if embed.has_panel("outcome") || embed.has_panel("details") {
                        <aside class="embed-side">
                            if embed.has_panel("outcome") { { P::outcome_panel(&state) } }
                            if embed.has_panel("details") { { details(&board) } }
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
            { controls(&board, None) }
            { banners(&board, P::WHY_VIOLATED) }
            <div class="workspace">
                <div class="main-column">
                    <section class="diagram-panel" aria-label="Sequence diagram">
                        { legend(&board) }
                        { sequence_diagram(&board) }
                    </section>
                    { P::main_panels(&state) }
                </div>
                <aside class="side">
                    <LessonPanel lessons={P::LESSONS} at={props.course} example={(*example).clone()}
                        keep={AttrValue::from((*keep).clone())} {on_go} />
                    { P::outcome_panel(&state) }
                    { network_panel(&board) }
                    if P::CHECKS {
                        <super::wiring::ModelCheck board={board.clone()}
                            defaults={P::check_bounds(config)} />
                    }
                    { details(&board) }
                    <History branches={board.branches()} actions={board.action_count()}
                        on_switch={board.with(Cmd::SwitchBranch)} />
                    { P::panels(&state) }
                    { settings(&board) }
                    { scenarios(&board) }
                    <StoragePanel view={super::wiring::storage_view(&state)}
                        callbacks={super::wiring::storage_callbacks(&state)}>
                        { P::disk_controls(&state) }
                    </StoragePanel>
                    <EventLog lines={log} />
                </aside>
            </div>
            <Help open={board.show_help()} on_close={board.with(|()| Cmd::CloseHelp)} />
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
