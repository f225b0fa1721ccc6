//! What an outcome card says when the safety monitor has fired: which
//! property failed, and a way to see where.

use paxos_sim::sim::{Property, Violation};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The safety violations at the cursor.
    pub violations: Vec<Violation>,
    /// Move the cursor to where `property` first failed.
    pub on_jump: Callback<Property>,
}

/// Inside an outcome card: the first property that failed, named, with
/// "Jump to the violation". Nothing while the run is safe.
#[function_component]
pub fn ViolationNote(props: &Props) -> Html {
    let violations = &props.violations;
    // The worst first: two values chosen outranks a forgotten promise.
    let Some(first) = violations.iter().min_by_key(|v| v.property) else {
        return html! {};
    };
    let more = violations.len() - 1;
    let property = first.property;
    html! {
        <div class="violation-note" data-testid="outcome-violation" data-property={first.property.name()}>
            <strong>{"⚠ Safety violated: "}</strong>
            <span>{first.property.explain()}</span>
            <code>{first.property.name()}</code>
            if more > 0 {
                <span class="muted">{format!(" (and {})", paxos_front::view::count(more as u64, "more property", Some("more properties")))}</span>
            }
            <button class="small danger" data-testid="outcome-jump"
                onclick={props.on_jump.reform(move |_: MouseEvent| property)}
                title="Move the cursor to the step where this property first failed, with the messages that made it highlighted">
                {"Jump to the violation"}
            </button>
        </div>
    }
}
