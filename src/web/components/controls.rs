//! Time controls: play, pause, step back and forward, speed, the time
//! slider, and the diagram's zoom and follow mode.

use crate::web::board::Clock;
use crate::web::math::{log10, parse_number, pow10};
use crate::web::state::{SPEED_MAX, SPEED_MIN};
use paxos_front::view::format_time;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the controls show.
#[derive(Clone, PartialEq)]
pub struct ControlsView {
    pub clock: Clock,
    pub playing: bool,
    /// Simulated ms per wall second.
    pub speed: f64,
    pub follow: bool,
    /// Quiet stretches of the time axis are folded.
    pub compress: bool,
    /// The simulation waits for the disks.
    pub waiting: bool,
    /// The speed reached (× real time) while the disks hold the run back.
    pub disk_bound_speed: Option<f64>,
    /// An opened scenario (an example, a link), unchanged, is ahead of the
    /// cursor.
    pub replaying_scenario: bool,
    /// The user is the network, at the live edge: nothing plays; Step
    /// picks the earliest event.
    pub manual: bool,
}

/// What the controls ask for.
#[derive(Clone, PartialEq)]
pub struct ControlsCallbacks {
    pub on_play: Callback<()>,
    pub on_pause: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_step: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_share: Callback<()>,
    pub on_help: Callback<()>,
    pub on_compress: Callback<()>,
    /// A speed in simulated ms per wall second.
    pub on_speed: Callback<f64>,
    /// The cursor to this simulated time (µs).
    pub on_seek: Callback<u64>,
    pub on_follow: Callback<bool>,
    /// Zoom the diagram by this factor.
    pub on_zoom: Callback<f64>,
}

#[derive(Properties)]
pub struct Props {
    pub view: ControlsView,
    pub callbacks: ControlsCallbacks,
    /// Only these controls (embed mode: `play`, `step`, `back`, `reset`,
    /// `speed`, `time`, `zoom`); all of them, and Share, if unset.
    #[prop_or_default]
    pub only: Option<Rc<Vec<String>>>,
}

renders_with_the_page!(Props);

/// A speed in simulated ms per wall second, as a student reads it.
fn describe_speed(speed_ms_per_s: f64) -> String {
    let factor = speed_ms_per_s / 1000.0;
    if (0.95..1.05).contains(&factor) {
        "real time".to_string()
    } else if factor > 1.0 {
        format!("{factor:.0}× faster than real")
    } else {
        format!("{:.0}× slower than real", 1.0 / factor)
    }
}

#[function_component]
pub fn Controls(props: &Props) -> Html {
    let (view, on) = (&props.view, &props.callbacks);
    let clock = view.clock;
    let finished = clock.finished;
    let end_us = clock.end_us;
    let act = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    // A range input's number, if it reads as one.
    fn number(e: InputEvent) -> Option<f64> {
        let input: HtmlInputElement = e.target_unchecked_into();
        parse_number(&input.value())
    }
    let on_speed = {
        let on_speed = on.on_speed.clone();
        Callback::from(move |e| {
            if let Some(position) = number(e) {
                on_speed.emit(pow10(position));
            }
        })
    };
    let on_seek = {
        let on_seek = on.on_seek.clone();
        Callback::from(move |e| {
            if let Some(time) = number(e) {
                on_seek.emit(time.max(0.0) as u64);
            }
        })
    };
    let follow = view.follow;
    let toggle_follow = on.on_follow.reform(move |_: MouseEvent| !follow);
    let zoom = |factor: f64| on.on_zoom.reform(move |_: MouseEvent| factor);
    let behind = !clock.at_frontier;
    let speed = view.speed;
    let playing = view.playing;
    let compress = view.compress;
    let shows = |control: &str| {
        props
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|c| c == control))
    };
    html! {
        <section class="controls" aria-label="Time controls">
            <div class="buttons">
                if shows("play") {
                <button data-testid="play" class="primary" onclick={act(&on.on_play)}
                    disabled={playing || finished || view.manual}
                    title={if view.manual { "You are the network: nothing happens until you pick it" } else { "Run the simulation (Space)" }}>
                    <span aria-hidden="true">{"▶ "}</span>{"Play"}
                </button>
                <button data-testid="pause" onclick={act(&on.on_pause)}
                    disabled={!playing} title="Freeze the simulation (Space)">
                    <span aria-hidden="true">{"❚❚ "}</span>{"Pause"}
                </button>
                }
                if shows("back") {
                <button data-testid="step-back" onclick={act(&on.on_step_back)}
                    disabled={clock.position == 0} title="Back one event (←)" aria-label="Step back">
                    <span aria-hidden="true">{"‹"}</span>
                </button>
                }
                if shows("step") {
                <button data-testid="step" onclick={act(&on.on_step)} disabled={finished}
                    title={if view.manual { "Pick the earliest event: what the network would do next (→)" } else { "Forward one event: a message sent or received, a disk write, a timer (→)" }}>
                    {"Step"}<span aria-hidden="true">{" ›"}</span>
                </button>
                }
                if shows("reset") {
                <button data-testid="reset" onclick={act(&on.on_reset)}
                    title="Start the same scenario again from time 0">
                    <span aria-hidden="true">{"↺ "}</span>{"Reset"}
                </button>
                }
                if props.only.is_none() {
                <button data-testid="share" onclick={act(&on.on_share)}
                    title="A link that replays this run exactly, up to where you are now">
                    {"Share"}
                </button>
                }
            </div>
            if shows("speed") {
            <label class="speed">
                <span>{"Speed"}</span>
                <input data-testid="speed" type="range"
                    min={log10(SPEED_MIN).to_string()} max={log10(SPEED_MAX).to_string()} step="0.05"
                    value={log10(speed).to_string()} oninput={on_speed}
                    aria-valuetext={describe_speed(speed)} />
                <span class="speed-value">{describe_speed(speed)}</span>
            </label>
            }
            if shows("zoom") {
            <div class="view-buttons">
                <button class="small" onclick={zoom(0.8)} title="Zoom out (−)" aria-label="Zoom out">{"−"}</button>
                <button class="small" onclick={zoom(1.25)} title="Zoom in (+)" aria-label="Zoom in">{"+"}</button>
                <button class={classes!("small", follow.then_some("on"))} onclick={toggle_follow}
                    aria-pressed={follow.to_string()} title="Keep the live edge in view (F)">{"Follow"}</button>
                <button data-testid="compress" class={classes!("small", compress.then_some("on"))}
                    onclick={act(&on.on_compress)} aria-pressed={compress.to_string()}
                    title="Fold quiet stretches (over 20 ms with nothing on the wire) into short marked gaps, so a run with long lulls fits on one screen (C)">
                    {"Fold quiet time"}</button>
                if props.only.is_none() {
                <button class="small" onclick={act(&on.on_help)} title="Keyboard shortcuts (?)"
                    aria-label="Keyboard shortcuts">{"?"}</button>
                }
            </div>
            }
            <div class="timebar">
                if shows("time") {
                <input data-testid="time-slider" type="range" min="0" max={end_us.to_string()} step="1"
                    value={clock.cursor_us.to_string()} oninput={on_seek}
                    aria-label="Simulated time" aria-valuetext={format_time(clock.cursor_us)} />
                }
                <span class="clock-value" data-testid="clock">{format_time(clock.cursor_us)}</span>
                if let Some(reached) = view.disk_bound_speed {
                    <span class="badge waiting" data-testid="disk-limit"
                        title="Every reply waits until IndexedDB has committed the disk write before it (write-ahead, with a real disk): the browser's disk, not the speed slider, sets the pace now. Use ?storage=memory for full speed.">
                        {format!("disk-bound: {reached:.2}× real time")}
                    </span>
                } else if view.waiting {
                    <span class="badge waiting" data-testid="waiting-disk" title="The simulation waits for IndexedDB: a disk write must commit (or a disk be read back) before the next event">{"waiting for disk…"}</span>
                }
                if behind && view.replaying_scenario {
                    <span class="badge lesson" data-testid="replaying" title="This scenario's script is already simulated ahead of the cursor: Play to watch it. Acting now changes it from this moment; the scripted future is kept as a branch you can go back to.">{"replaying a scenario"}</span>
                } else if behind {
                    <span class="badge past" data-testid="in-the-past" title="You are looking at the past. Acting now forks history: the old future is kept as a branch you can switch back to.">{"in the past"}</span>
                } else if let Some(end_us) = clock.cut_off_us {
                    <span class="badge" data-testid="run-stopped" title="This scenario is given this much simulated time; the run would go on after it">
                        {format!("stopped at its end, {}", paxos_front::view::format_span(end_us))}</span>
                } else if finished {
                    <span class="badge" data-testid="run-complete" title="Nothing is left to happen: every message has arrived and no timer is set">{"run complete"}</span>
                }
            </div>
        </section>
    }
}
