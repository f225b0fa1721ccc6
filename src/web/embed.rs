//! Embed mode (`?embed=1`): the playground inside a course page's
//! `<iframe>`, with minimal chrome, the controls the author chose, optional
//! autoplay and loop, and a postMessage API for the host page.
//!
//! Options, in the query string:
//! * `controls=play,step,back,reset,speed,time,zoom` (default
//!   `play,step,reset,time`), `panels=outcome,details,log` (default
//!   `outcome`, and `log` for Multi-Paxos);
//! * `autoplay=1`, `loop=1`;
//! * `height=auto` (the default: the embedded page reports its height) or a
//!   number of pixels for the diagram;
//! * `origin=https://host.example`: accept commands only from that origin,
//!   and send events only to it.
//!
//! Messages (documented in the README, with `www/embed-example.html`):
//! * out: `{source: "paxos-playground", type: "ready" | "decided" |
//!   "violation" | "height" | "error", …}`;
//! * in: `{target: "paxos-playground", command: "play" | "pause" | "step" |
//!   "reset" | "load-scenario", scenario?: "s1.…"}`.

use crate::web::board::{BoardHandle, Cmd};
use js_sys::{Object, Reflect};
use paxos_sim::scenario::MAX_LINK_CHARS;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;
use yew::prelude::*;

/// The tallest diagram an embed may ask for, in pixels.
const HEIGHT_MAX_PX: u32 = 4_000;
/// How long a looping embed rests at the end before starting again, in ms.
const LOOP_PAUSE_MS: u32 = 2_000;

/// The controls an embed may show.
pub const CONTROLS: [(&str, &str); 7] = [
    ("play", "Play / pause"),
    ("step", "Step"),
    ("back", "Step back"),
    ("reset", "Reset"),
    ("speed", "Speed"),
    ("time", "Time slider"),
    ("zoom", "Zoom"),
];
pub const DEFAULT_CONTROLS: &str = "play,step,reset,time";
/// The side panels an embed may show.
pub const PANELS: [(&str, &str); 3] = [
    ("outcome", "Outcome"),
    ("details", "Message details"),
    ("log", "The log (Multi-Paxos)"),
];

/// The panels an embed shows when neither the page nor the scenario says.
pub fn default_panels(protocol: &str) -> Vec<&'static str> {
    match protocol {
        "multi" => vec!["outcome", "log"],
        _ => vec!["outcome"],
    }
}

/// What the embedding page asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions {
    pub controls: Vec<String>,
    pub panels: Vec<String>,
    pub autoplay: bool,
    pub looping: bool,
    /// The diagram's height in pixels; `None`: sized to fit, and reported.
    pub height_px: Option<u32>,
    pub origin: Option<String>,
    /// `panels=` was given (else the scenario's view may choose).
    pub panels_given: bool,
    /// What in the options was not understood, for the notice.
    pub problems: Vec<String>,
}

impl EmbedOptions {
    /// The options of this page's address, if it is embedded (`?embed=1`).
    pub fn from_page() -> Option<EmbedOptions> {
        let params = super::address::Query::of_page();
        if !params.embedded() {
            return None;
        }
        let mut problems = Vec::new();
        let mut list = |name: &str, default: &str, known: &[(&str, &str)]| {
            let value = params.get(name).unwrap_or_else(|| default.to_string());
            let mut chosen = Vec::new();
            for item in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if known.iter().any(|(k, _)| *k == item) {
                    chosen.push(item.to_string());
                } else {
                    let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                    problems.push(format!(
                        "{name}= has no {item:?} (it takes {})",
                        names.join(", ")
                    ));
                }
            }
            chosen
        };
        let controls = list("controls", DEFAULT_CONTROLS, &CONTROLS);
        let panels_given = params.has("panels");
        let panels = list("panels", "outcome", &PANELS);
        let flag = |name: &str| params.flag(name);
        let height_px = match params.get("height").as_deref() {
            None | Some("auto") => None,
            Some(text) => match text.parse::<u32>() {
                Ok(px) if (100..=HEIGHT_MAX_PX).contains(&px) => Some(px),
                _ => {
                    problems.push(format!(
                        "height= takes auto or a number of pixels from 100 to {HEIGHT_MAX_PX}, not {text:?}"
                    ));
                    None
                }
            },
        };
        let origin = params.get("origin").filter(|o| !o.is_empty());
        Some(EmbedOptions {
            controls,
            panels,
            autoplay: flag("autoplay"),
            looping: flag("loop"),
            height_px,
            origin,
            panels_given,
            problems,
        })
    }

    pub fn has_panel(&self, panel: &str) -> bool {
        self.panels.iter().any(|p| p == panel)
    }
}

/// The full playground's address for this run: the same scenario, without
/// the embed options.
pub fn full_url(board: &BoardHandle) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let path = location.pathname().unwrap_or_default();
    let link = paxos_front::catalog::stored_link(&board.scenario_bytes());
    format!("{path}?protocol={}#s={link}", board.settings().protocol)
}

/// An event object: `{source: "paxos-playground", type, ...fields}`.
fn event(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(k), v);
    };
    set("source", &JsValue::from_str("paxos-playground"));
    set("type", &JsValue::from_str(kind));
    for (k, v) in fields {
        set(k, v);
    }
    object.into()
}

/// Sends an event to the host page (the parent window), to its configured
/// origin only if there is one.
fn post(options: &EmbedOptions, message: &JsValue) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let target = options.origin.as_deref().unwrap_or("*");
    let _ = parent.post_message(message, target);
}

/// A command from the host page, checked: `Err` says what was wrong.
fn command(data: &JsValue) -> Result<Option<Inbound>, String> {
    if !data.is_object() {
        return Ok(None);
    }
    let get = |k: &str| Reflect::get(data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    if get("target").as_string().as_deref() != Some("paxos-playground") {
        // Someone else's message: not for us.
        return Ok(None);
    }
    let Some(name) = get("command").as_string() else {
        return Err("a message needs a \"command\" string".into());
    };
    Ok(Some(match name.as_str() {
        "play" => Inbound::Cmd(Cmd::Play),
        "pause" => Inbound::Cmd(Cmd::Pause),
        "step" => Inbound::Cmd(Cmd::Step),
        "reset" => Inbound::Cmd(Cmd::Reset),
        "load-scenario" => match get("scenario").as_string() {
            Some(link) if link.len() <= MAX_LINK_CHARS => Inbound::Load(link),
            Some(_) => {
                return Err(format!(
                    "a scenario link is at most {MAX_LINK_CHARS} characters"
                ))
            }
            None => return Err("load-scenario needs a \"scenario\" link string (s1.…)".into()),
        },
        other => {
            return Err(format!(
                "unknown command {other:?}: use play, pause, step, reset or load-scenario"
            ))
        }
    }))
}

enum Inbound {
    Cmd(Cmd),
    Load(String),
}

/// What the host has been told, so that each event goes out once.
#[derive(Default)]
struct Told {
    outcome: Option<String>,
    violations: usize,
    height: i32,
}

/// Everything embed mode does besides drawing: autoplay, loop, the
/// postMessage API and the height reports.
#[hook]
pub fn use_embed(board: BoardHandle, options: Option<Rc<EmbedOptions>>) {
    let told = use_mut_ref(Told::default);
    let looping = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    // Once: announce, autoplay, listen.
    {
        let board = board.clone();
        let options = options.clone();
        use_effect_with((), move |_| {
            let listener = options.map(|options| {
                post(
                    &options,
                    &event(
                        "ready",
                        &[
                            ("protocol", JsValue::from_str(board.settings().protocol)),
                            (
                                "title",
                                JsValue::from_str(&board.about().unwrap_or_default().0),
                            ),
                        ],
                    ),
                );
                if options.autoplay {
                    board.send(Cmd::Play);
                }
                let window = web_sys::window().expect("a window");
                let mut ignored = 0u32;
                gloo_events::EventListener::new(&window, "message", move |e| {
                    let Some(e) = e.dyn_ref::<MessageEvent>() else {
                        return;
                    };
                    let from_parent = web_sys::window()
                        .and_then(|w| w.parent().ok().flatten())
                        .zip(e.source())
                        .is_some_and(|(parent, source)| {
                            JsValue::from(parent) == JsValue::from(source)
                        });
                    let trusted = match &options.origin {
                        Some(origin) => e.origin() == *origin,
                        None => from_parent,
                    };
                    if !trusted {
                        ignored += 1;
                        super::mark_page("ignored-messages", &ignored.to_string());
                        return;
                    }
                    match command(&e.data()) {
                        Ok(None) => {}
                        Ok(Some(Inbound::Cmd(cmd))) => board.send(cmd),
                        Ok(Some(Inbound::Load(link))) => {
                            let board = board.clone();
                            let options = options.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                if let Err(why) = board.open_link(link).await {
                                    post(
                                        &options,
                                        &event("error", &[("message", JsValue::from_str(&why))]),
                                    );
                                }
                            });
                        }
                        Err(why) => post(
                            &options,
                            &event("error", &[("message", JsValue::from_str(&why))]),
                        ),
                    }
                })
            });
            move || drop(listener)
        });
    }
    // After every change: decided, violations, height, loop.
    let identity = board.identity;
    use_effect_with(identity, move |_| {
        let Some(options) = options else {
            return;
        };
        let mut told = told.borrow_mut();
        let outcome = board.outcome();
        if outcome.is_some() && outcome != told.outcome {
            let clock = board.clock();
            post(
                &options,
                &event(
                    "decided",
                    &[
                        (
                            "outcome",
                            JsValue::from_str(outcome.as_deref().unwrap_or_default()),
                        ),
                        ("time_us", JsValue::from_f64(clock.cursor_us as f64)),
                        ("trace_hash", JsValue::from_str(&board.trace_hash())),
                    ],
                ),
            );
        }
        told.outcome = outcome;
        let violations = board.violations();
        for v in violations.iter().skip(told.violations) {
            post(
                &options,
                &event(
                    "violation",
                    &[
                        ("property", JsValue::from_str(v.property.name())),
                        ("detail", JsValue::from_str(&v.detail)),
                        ("time_us", JsValue::from_f64(v.time_us as f64)),
                    ],
                ),
            );
        }
        told.violations = violations.len();
        // The page's own content (not the document, which is at least as
        // tall as the frame, so could only grow).
        let height = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".app.embed").ok().flatten())
            .map_or(0, |e| e.scroll_height() + 16);
        if height != told.height {
            told.height = height;
            post(
                &options,
                &event("height", &[("height", JsValue::from(height))]),
            );
        }
        let mut looping = looping.borrow_mut();
        let over = board.run_over();
        if options.looping && over {
            if looping.is_none() {
                let board = board.clone();
                *looping = Some(gloo_timers::callback::Timeout::new(
                    LOOP_PAUSE_MS,
                    move || {
                        board.send(Cmd::Rewind);
                        board.send(Cmd::Play);
                    },
                ));
            }
        } else if !over {
            *looping = None;
        }
    });
}

/// The shared state of the snippet generator: its options.
#[derive(Clone, PartialEq)]
pub struct SnippetOptions {
    pub protocol: &'static str,
    pub controls: Vec<&'static str>,
    pub panels: Vec<&'static str>,
    pub autoplay: bool,
    pub looping: bool,
    /// `None`: automatic height.
    pub height_px: Option<u32>,
}

impl SnippetOptions {
    /// The generator's first choice for a page of `protocol`: what an
    /// embed shows with no options.
    pub fn for_protocol(protocol: &'static str) -> SnippetOptions {
        SnippetOptions {
            controls: DEFAULT_CONTROLS
                .split(',')
                .filter_map(|c| CONTROLS.iter().find(|(k, _)| *k == c).map(|(k, _)| *k))
                .collect(),
            panels: default_panels(protocol),
            protocol,
            autoplay: false,
            looping: false,
            height_px: None,
        }
    }
}

impl SnippetOptions {
    /// The embed address for a scenario link, relative to `base` (the
    /// playground's address without query or fragment).
    pub fn src(&self, base: &str, link: &str) -> String {
        let mut src = format!("{base}?embed=1&controls={}", self.controls.join(","));
        if self.panels != default_panels(self.protocol) {
            src += &format!("&panels={}", self.panels.join(","));
        }
        if self.autoplay {
            src += "&autoplay=1";
        }
        if self.looping {
            src += "&loop=1";
        }
        if let Some(px) = self.height_px {
            src += &format!("&height={px}");
        }
        format!("{src}#s={link}")
    }

    /// The `<iframe>` to paste into a course page.
    pub fn html(&self, src: &str, title: &str) -> String {
        let height = self.height_px.map_or(520, |px| px + 160);
        format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>",
            paxos_front::svg::escape(src),
            paxos_front::svg::escape(title)
        )
    }
}
