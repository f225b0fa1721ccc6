//! Play, pause, step, reset and speed.

use crate::view::format_time;
use crate::web::state::{Action, SPEED_MAX, SPEED_MIN};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub playing: bool,
    pub finished: bool,
    /// Simulated ms per wall-clock second.
    pub speed: f64,
    pub now_us: u64,
    pub on_action: Callback<Action>,
}

/// The speed slider is logarithmic: its position is log10(speed).
fn slider_to_speed(position: f64) -> f64 {
    10f64.powf(position)
}

/// A speed in simulated ms per wall second, as a student reads it.
fn describe_speed(speed_ms_per_s: f64) -> String {
    let slowdown = 1000.0 / speed_ms_per_s;
    if slowdown < 1.05 {
        "real time".to_string()
    } else {
        format!("{slowdown:.0}× slower than real")
    }
}

#[function_component(Controls)]
pub fn controls(props: &Props) -> Html {
    let act = |make: fn() -> Action| {
        let on_action = props.on_action.clone();
        Callback::from(move |_| on_action.emit(make()))
    };
    let on_speed = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(position) = input.value().parse::<f64>() {
                on_action.emit(Action::SetSpeed(slider_to_speed(position)));
            }
        })
    };
    html! {
        <section class="controls" aria-label="Time controls">
            <div class="buttons">
                <button data-testid="play" class="primary" onclick={act(|| Action::Play)}
                    disabled={props.playing || props.finished}
                    title="Run the simulation in real time">
                    <span aria-hidden="true">{"▶ "}</span>{"Play"}
                </button>
                <button data-testid="pause" onclick={act(|| Action::Pause)}
                    disabled={!props.playing} title="Freeze the simulation">
                    <span aria-hidden="true">{"❚❚ "}</span>{"Pause"}
                </button>
                <button data-testid="step" onclick={act(|| Action::Step)}
                    disabled={props.finished}
                    title="Advance to the next event: a message sent or received, a disk write, a timer">
                    {"Step"}<span aria-hidden="true">{" ›"}</span>
                </button>
                <button data-testid="reset" onclick={act(|| Action::Reset)}
                    title="Start the same scenario again from time 0">
                    <span aria-hidden="true">{"↺ "}</span>{"Reset"}
                </button>
            </div>
            <label class="speed">
                <span>{"Speed"}</span>
                <input data-testid="speed" type="range"
                    min={SPEED_MIN.log10().to_string()} max={SPEED_MAX.log10().to_string()} step="0.05"
                    value={props.speed.log10().to_string()}
                    oninput={on_speed}
                    aria-valuetext={describe_speed(props.speed)} />
                <span class="speed-value">{describe_speed(props.speed)}</span>
            </label>
            <div class="clock" aria-live="off">
                <span class="clock-label">{"simulated time"}</span>
                <span class="clock-value" data-testid="clock">{format_time(props.now_us)}</span>
                if props.finished {
                    <span class="badge">{"run complete"}</span>
                }
            </div>
        </section>
    }
}
