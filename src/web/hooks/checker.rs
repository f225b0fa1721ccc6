//! The model check panel's effects: a search in a Web Worker
//! (`web::checker`), its progress and result as the panel's state, and
//! Play it, which opens the counterexample in the playground.

use crate::web::board::{BoardHandle, Cmd};
use crate::web::checker::{self, Finished, Heard, Progress};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Where a search is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Checking {
    #[default]
    Idle,
    Running(Progress),
    Done(Rc<Finished>),
    Cancelled(Progress),
    Failed(String),
}

/// The bounds the panel sets: depth, ballots per proposer, crashes, drops,
/// duplicates, the memory in MiB, and log slots (0: the protocol has no
/// log).
pub type CheckBounds = [u32; 7];

/// The panel's state and what it can ask.
#[derive(Clone, PartialEq)]
pub struct Checker {
    pub status: Checking,
    pub bounds: CheckBounds,
    /// Set bound `i` to a value.
    pub on_bound: Callback<(usize, u32)>,
    pub on_start: Callback<()>,
    pub on_cancel: Callback<()>,
    /// Open the counterexample found in the playground.
    pub on_play: Callback<()>,
}

/// The model checker for the page's run, with `defaults` for the bounds
/// the student has not set (they follow the run: a forgetful disk wants a
/// crash).
#[hook]
pub fn use_checker(board: BoardHandle, defaults: CheckBounds) -> Checker {
    let status = use_state(Checking::default);
    let set: UseStateHandle<Option<CheckBounds>> = use_state(|| None);
    let listener = use_mut_ref(|| None);
    let last: Rc<RefCell<Progress>> = use_mut_ref(Progress::default);
    // A search stops when the page lets go of the panel.
    use_effect_with((), |_| checker::stop);
    let bounds = (*set).unwrap_or(defaults);
    let on_bound = {
        let set = set.clone();
        Callback::from(move |(i, value): (usize, u32)| {
            let mut bounds = (*set).unwrap_or(defaults);
            if let Some(bound) = bounds.get_mut(i) {
                *bound = value;
            }
            set.set(Some(bounds));
        })
    };
    let on_start = {
        let (status, board, last) = (status.clone(), board.clone(), last.clone());
        Callback::from(move |()| {
            let bytes = board.checked_bytes();
            *last.borrow_mut() = Progress::default();
            let (heard_status, last) = (status.clone(), last.clone());
            let listen = move |heard: Heard| match heard {
                Heard::Progress(p) => {
                    *last.borrow_mut() = p;
                    heard_status.set(Checking::Running(p));
                }
                Heard::Done(finished) => heard_status.set(Checking::Done(Rc::new(finished))),
                Heard::Failed(why) => heard_status.set(Checking::Failed(why)),
            };
            match checker::start(&bytes, &bounds, listen) {
                Ok(running) => {
                    *listener.borrow_mut() = Some(running);
                    status.set(Checking::Running(Progress::default()));
                }
                Err(why) => status.set(Checking::Failed(why)),
            }
        })
    };
    let on_cancel = {
        let status = status.clone();
        Callback::from(move |()| {
            checker::stop();
            status.set(Checking::Cancelled(*last.borrow()));
        })
    };
    let on_play = {
        let found = match &*status {
            Checking::Done(finished) => finished.scenario.clone(),
            _ => None,
        };
        Callback::from(move |()| {
            let Some(bytes) = &found else {
                return;
            };
            match board.open_bytes(bytes) {
                // The panel is far down the side: back to the top, where
                // the run's title, its controls and the diagram are (and
                // the violation's banner will be).
                Ok(()) => {
                    if let Some(window) = web_sys::window() {
                        window.scroll_to_with_x_and_y(0.0, 0.0);
                    }
                }
                Err(why) => board.send(Cmd::SetNotice(Some(format!(
                    "The counterexample could not be opened: {why}"
                )))),
            }
        })
    };
    Checker {
        status: (*status).clone(),
        bounds,
        on_bound,
        on_start,
        on_cancel,
        on_play,
    }
}
