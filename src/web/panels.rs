//! What a protocol shows of its own on the page: the outcome card, its
//! panels in the side bar and under the diagram, and its disk controls.
//! Each protocol's are in `web::protocols`.

use super::board::{BoardHandle, Cmd};
use super::components::ViolationNote;
use super::protocol::WebProtocol;
use super::state::Playground;
use yew::prelude::*;

pub trait Panels: WebProtocol {
    /// The panel at the top of the side bar: what the cluster achieved.
    fn outcome_panel(state: &UseReducerHandle<Playground<Self>>) -> Html;
    /// The protocol's own panels, below the cluster ring.
    fn panels(state: &UseReducerHandle<Playground<Self>>) -> Html;
    /// Panels under the diagram, at its full width.
    fn main_panels(state: &UseReducerHandle<Playground<Self>>) -> Html {
        let _ = state;
        html! {}
    }
    /// The disk controls in the storage panel (the durability bug toggles).
    fn disk_controls(state: &UseReducerHandle<Playground<Self>>) -> Html;
}

/// An outcome card's note on the violations at the cursor, if any.
pub fn violation_note<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Html {
    let board = BoardHandle::of(state);
    html! {
        <ViolationNote violations={board.violations()} on_jump={board.with(Cmd::JumpToViolation)} />
    }
}
