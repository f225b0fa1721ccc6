//! The cluster's result: the chosen value (every one, if safety broke),
//! and the violation the monitor found, if any.

use paxos_core::types::{NodeId, Value};
use paxos_front::view::format_time;
use paxos_sim::sim::format_hash;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Every value chosen, first first: one in correct Paxos.
    pub chosen: Vec<Value>,
    pub decided_at_us: Option<u64>,
    pub learned_by: Vec<NodeId>,
    pub trace_hash: u64,
    /// What the monitor found (a `ViolationNote`), shown in the card.
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Outcome)]
pub fn outcome(props: &Props) -> Html {
    let first = props.chosen.first();
    let others = props.chosen.get(1..).unwrap_or_default();
    let value = first.map(|v| v.as_str().to_string());
    let quote = |v: &Value| format!("\"{}\"", v.as_str());
    let detail = match (first, props.decided_at_us) {
        (None, _) => {
            "Nothing is chosen yet: no majority has accepted one value in one ballot.".to_string()
        }
        (Some(_), _) if !others.is_empty() => format!(
            "{} was chosen first, then {} as well: two values chosen, which Paxos exists to prevent.",
            quote(first.expect("some")),
            others.iter().map(quote).collect::<Vec<_>>().join(" and ")
        ),
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
    let broken = !others.is_empty();
    html! {
        <section class={classes!("outcome", first.is_some().then_some("chosen"), broken.then_some("violated"))}
            aria-label="Outcome">
            <div class="chosen">
                <span class="label">{ if broken { "Chosen values" } else { "Chosen value" } }</span>
                <span class="value" data-testid="decided-value">{value.clone().unwrap_or_default()}</span>
                { for others.iter().map(|v| html! {
                    <>
                        <span class="label">{"and"}</span>
                        <span class="value also" data-testid="also-chosen">{v.as_str().to_string()}</span>
                    </>
                }) }
                if value.is_none() {
                    <span class="placeholder" aria-hidden="true">{"—"}</span>
                }
            </div>
            <p class="detail">{detail}</p>
            { props.children.clone() }
            <div class="hash" title="Identifies this exact run: the same seed and scenario always give the same hash">
                {"trace "}<code data-testid="trace-hash">{format_hash(props.trace_hash)}</code>
            </div>
        </section>
    }
}
