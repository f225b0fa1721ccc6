//! You are the network: manual scheduling's switch, and, while it is on,
//! every choice of what happens next (deliver a message, fire a timer,
//! complete a disk write, let a client send; or a fault: drop or duplicate
//! a message, crash or restart a node), each a button that makes it
//! happen.

use crate::web::board::ChoiceView;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// Manual scheduling is on at the cursor.
    pub manual: bool,
    /// The choices at the cursor, events first, then faults.
    pub choices: Vec<ChoiceView>,
    /// The cursor is at the live edge (else a pick forks history).
    pub at_frontier: bool,
    pub on_manual: Callback<bool>,
    /// Make the choice of this key happen.
    pub on_pick: Callback<String>,
}

renders_with_the_page!(Props);

fn pick_button(choice: &ChoiceView, on_pick: &Callback<String>, class: &'static str) -> Html {
    let key = choice.key.clone();
    html! {
        <button class={classes!("choice", class)} data-testid="choice" data-action={choice.kind}
            data-key={choice.key.clone()} title={choice.title.clone()}
            onclick={on_pick.reform(move |_: MouseEvent| key.clone())}>{&choice.label}</button>
    }
}

#[function_component]
pub fn NetworkPanel(props: &Props) -> Html {
    let on_switch = props.on_manual.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        input.checked()
    });
    let (events, faults): (Vec<&ChoiceView>, Vec<&ChoiceView>) =
        props.choices.iter().partition(|c| !c.fault);
    // A message's drop and duplicate go beside its delivery.
    let of_message = |id| {
        faults
            .iter()
            .filter(move |c| c.message == Some(id))
            .copied()
            .collect::<Vec<_>>()
    };
    let nodes: Vec<&ChoiceView> = faults
        .iter()
        .filter(|c| c.message.is_none())
        .copied()
        .collect();
    html! {
        <section class={classes!("panel", "network", props.manual.then_some("on"))}
            aria-label="You are the network" data-testid="network-panel">
            <header class="panel-head">
                <h2>{"You are the network"}</h2>
                <label class="switch" title="Manual scheduling: nothing happens until you pick it (M)">
                    <input type="checkbox" data-testid="manual-mode" checked={props.manual}
                        onchange={on_switch} />
                    <span>{if props.manual { "on" } else { "off" }}</span>
                </label>
            </header>
            if !props.manual {
                <p class="hint">{"Take over from the network: every message, timer and disk write waits until you pick it, so you can try the orders a real network seldom chooses."}</p>
            } else {
                <p class="hint">
                    {"Pick what happens next; Step (→) picks the earliest. Each pick is recorded: rewind, fork and share it like any run."}
                    if !props.at_frontier { {" You are in the past: a pick forks history here."} }
                </p>
                if events.is_empty() {
                    <p class="hint" data-testid="no-choices">{"Nothing is left to happen: every message has arrived and no timer is set. Crash or restart a node, or switch this off."}</p>
                } else {
                    <ol class="choices" data-testid="choices">
                        { for events.iter().map(|event| html! {
                            <li>
                                { pick_button(event, &props.on_pick, "event") }
                                if let Some(id) = event.message {
                                    // Together: beside the message, or both
                                    // under it in a narrow side bar.
                                    <span class="message-faults">
                                        { for of_message(id).into_iter().map(|fault| pick_button(fault, &props.on_pick, "fault")) }
                                    </span>
                                }
                            </li>
                        }) }
                    </ol>
                }
                <div class="faults">
                    <span class="muted">{"Faults:"}</span>
                    { for nodes.into_iter().map(|fault| pick_button(fault, &props.on_pick, "fault")) }
                </div>
            }
        </section>
    }
}
