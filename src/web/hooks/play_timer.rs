//! The play timer: while playing, it advances the simulation by the
//! wall-clock time that passed, scaled by the speed.

use crate::web::board::{BoardHandle, Cmd};
use gloo_timers::callback::Interval;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// How often the play timer fires, in wall-clock milliseconds.
const FRAME_MS: u32 = 16;

fn wall_clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// While playing, a timer advances the simulation by the wall-clock time
/// that passed, scaled by the speed. Dropping the Interval stops it.
/// (`<html data-play-timer>` says whether one is running.)
#[hook]
pub fn use_play_timer(board: BoardHandle, playing: bool) {
    use_effect_with(playing, move |&playing| {
        crate::web::mark_page("play-timer", if playing { "running" } else { "stopped" });
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
