//! Time controls: play, pause, step back and forward, speed, the time
//! slider, and the diagram's zoom and follow mode.

use crate::web::board::{BoardHandle, Cmd};
use crate::web::math::{log10, parse_number, pow10};
use crate::web::state::{SPEED_MAX, SPEED_MIN};
use paxos_front::view::format_time;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub board: BoardHandle,
    /// Only these controls (embed mode: `play`, `step`, `back`, `reset`,
    /// `speed`, `time`, `zoom`); all of them, and Share, if unset.
    #[prop_or_default]
    pub only: Option<Rc<Vec<String>>>,
}

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
    let state = &props.board;
    let clock = state.clock();
    let finished = clock.finished;
    let end_us = clock.end_us;
    let act = |cmd: Cmd| state.on(cmd);
    let on_speed = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(position) = parse_number(&input.value()) {
                state.send(Cmd::SetSpeed(pow10(position)));
            }
        })
    };
    let on_seek = {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(time) = parse_number(&input.value()) {
                state.send(Cmd::Seek(time.max(0.0) as u64));
            }
        })
    };
    let follow = state.follow();
    let toggle_follow = state.on(Cmd::SetFollow(!follow));
    let zoom = |factor: f64| state.on(Cmd::Zoom(factor));
    let behind = !clock.at_frontier;
    let speed = state.speed();
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
                <button data-testid="play" class="primary" onclick={act(Cmd::Play)}
                    disabled={state.playing() || finished} title="Run the simulation (Space)">
                    <span aria-hidden="true">{"▶ "}</span>{"Play"}
                </button>
                <button data-testid="pause" onclick={act(Cmd::Pause)}
                    disabled={!state.playing()} title="Freeze the simulation (Space)">
                    <span aria-hidden="true">{"❚❚ "}</span>{"Pause"}
                </button>
                }
                if shows("back") {
                <button data-testid="step-back" onclick={act(Cmd::StepBack)}
                    disabled={clock.position == 0} title="Back one event (←)" aria-label="Step back">
                    <span aria-hidden="true">{"‹"}</span>
                </button>
                }
                if shows("step") {
                <button data-testid="step" onclick={act(Cmd::Step)} disabled={finished}
                    title="Forward one event: a message sent or received, a disk write, a timer (→)">
                    {"Step"}<span aria-hidden="true">{" ›"}</span>
                </button>
                }
                if shows("reset") {
                <button data-testid="reset" onclick={act(Cmd::Reset)}
                    title="Start the same scenario again from time 0">
                    <span aria-hidden="true">{"↺ "}</span>{"Reset"}
                </button>
                }
                if props.only.is_none() {
                <button data-testid="share" onclick={act(Cmd::Share)}
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
                <button data-testid="compress" class={classes!("small", state.compress().then_some("on"))}
                    onclick={act(Cmd::ToggleCompress)} aria-pressed={state.compress().to_string()}
                    title="Fold quiet stretches (over 20 ms with nothing on the wire) into short marked gaps, so a run with long lulls fits on one screen (C)">
                    {"Fold quiet time"}</button>
                if props.only.is_none() {
                <button class="small" onclick={act(Cmd::ToggleHelp)} title="Keyboard shortcuts (?)"
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
                if let Some(reached) = state.disk_bound_speed() {
                    <span class="badge waiting" data-testid="disk-limit"
                        title="Every reply waits until IndexedDB has committed the disk write before it (write-ahead, with a real disk): the browser's disk, not the speed slider, sets the pace now. Use ?storage=memory for full speed.">
                        {format!("disk-bound: {reached:.2}× real time")}
                    </span>
                } else if state.waiting() {
                    <span class="badge waiting" data-testid="waiting-disk" title="The simulation waits for IndexedDB: a disk write must commit (or a disk be read back) before the next event">{"waiting for disk…"}</span>
                }
                if behind && state.about().is_some() && !state.edited() {
                    <span class="badge lesson" data-testid="replaying" title="This scenario's script is already simulated ahead of the cursor: Play to watch it. Acting now changes it from this moment; the scripted future is kept as a branch you can go back to.">{"replaying a lesson"}</span>
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
