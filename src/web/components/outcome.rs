//! The cluster's result: the chosen value, and any safety violation.

use crate::sim::format_hash;
use crate::types::{NodeId, Value};
use crate::view::format_time;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub chosen: Option<Value>,
    pub decided_at_us: Option<u64>,
    pub learned_by: Vec<NodeId>,
    pub trace_hash: u64,
}

#[function_component(Outcome)]
pub fn outcome(props: &Props) -> Html {
    let value = props.chosen.as_ref().map(|v| v.as_str().to_string());
    let detail = match (&props.chosen, props.decided_at_us) {
        (None, _) => {
            "Nothing is chosen yet: no majority has accepted one value in one ballot.".to_string()
        }
        (Some(_), None) => {
            "A majority accepted it in one ballot, but no learner knows yet.".to_string()
        }
        (Some(_), Some(at)) => {
            let who: Vec<String> = props.learned_by.iter().map(NodeId::to_string).collect();
            match who.is_empty() {
                true => format!("First learned at {}.", format_time(at)),
                false => format!(
                    "First learned at {}; known to {}.",
                    format_time(at),
                    who.join(", ")
                ),
            }
        }
    };
    html! {
        <section class={classes!("outcome", props.chosen.is_some().then_some("chosen"))} aria-label="Outcome">
            <div class="chosen">
                <span class="label">{"Chosen value"}</span>
                <span class="value" data-testid="decided-value">{value.clone().unwrap_or_default()}</span>
                if value.is_none() {
                    <span class="placeholder" aria-hidden="true">{"—"}</span>
                }
            </div>
            <p class="detail">{detail}</p>
            <div class="hash" title="Identifies this exact run: the same seed and scenario always give the same hash">
                {"trace "}<code data-testid="trace-hash">{format_hash(props.trace_hash)}</code>
            </div>
        </section>
    }
}
