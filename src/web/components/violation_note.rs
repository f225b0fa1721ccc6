//! What an outcome card says when the safety monitor has fired: which
//! property failed, and a way to see where.

use crate::web::board::{BoardHandle, Cmd};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub board: BoardHandle,
}

/// Inside an outcome card: the first property that failed, named, with
/// "Jump to the violation". Nothing while the run is safe.
#[function_component]
pub fn ViolationNote(props: &Props) -> Html {
    let violations = props.board.violations();
    // The worst first: two values chosen outranks a forgotten promise.
    let Some(first) = violations.iter().min_by_key(|v| v.property) else {
        return html! {};
    };
    let more = violations.len() - 1;
    html! {
        <div class="violation-note" data-testid="outcome-violation" data-property={first.property.name()}>
            <strong>{"⚠ Safety violated: "}</strong>
            <span>{first.property.explain()}</span>
            <code>{first.property.name()}</code>
            if more > 0 {
                <span class="muted">{format!(" (and {})", paxos_front::view::count(more as u64, "more property", Some("more properties")))}</span>
            }
            <button class="small danger" data-testid="outcome-jump"
                onclick={props.board.on(Cmd::JumpToViolation(first.property))}
                title="Move the cursor to the step where this property first failed, with the messages that made it highlighted">
                {"Jump to the violation"}
            </button>
        </div>
    }
}
