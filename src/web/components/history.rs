//! History: the branches that acting in the past set aside, to switch
//! back to. Each is replayed from the seed and its actions, exactly.

use crate::web::board::BranchView;
use paxos_front::view::{count, format_time};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The futures that forks set aside, oldest first.
    pub branches: Vec<BranchView>,
    /// The actions recorded in the run shown.
    pub actions: usize,
    /// Switch to branch `i`.
    pub on_switch: Callback<usize>,
}

#[function_component]
pub fn History(props: &Props) -> Html {
    let branches = &props.branches;
    if branches.is_empty() {
        return html! {};
    }
    let actions = props.actions;
    html! {
        <section class="panel history" aria-label="History" data-testid="history">
            <header class="panel-head"><h2>{"History"}</h2></header>
            <p class="hint">{"Acting in the past forked the run. Each branch below replays exactly as it went; Share links the one you are on."}</p>
            <ul class="branches">
                <li class="current" data-testid="branch-current">
                    <span class="dot" aria-hidden="true">{"●"}</span>
                    <span>{format!("This run ({})", count(actions as u64, "action", None))}</span>
                </li>
                { for branches.iter().enumerate().rev().map(|(i, b)| html! {
                    <li data-testid={format!("branch-{i}")}>
                        <span class="dot" aria-hidden="true">{"○"}</span>
                        <span>{format!("Forked at {}: {}, run to {}",
                            format_time(b.forked_at_us), count(b.actions as u64, "action", None), format_time(b.reached_us))}</span>
                        <button class="small" data-testid={format!("switch-branch-{i}")}
                            onclick={props.on_switch.reform(move |_: MouseEvent| i)}>{"Switch to it"}</button>
                    </li>
                }) }
            </ul>
        </section>
    }
}
