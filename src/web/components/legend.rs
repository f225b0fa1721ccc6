//! The diagram's legend: the message kinds with their colours (clicking one
//! hides or shows it), and what the lifeline marks mean.

use crate::web::board::{BoardHandle, Cmd};
use paxos_core::types::Actor;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub board: BoardHandle,
}

/// The message kinds with their colours; clicking one hides or shows it.
#[function_component]
pub fn Legend(props: &Props) -> Html {
    let state = &props.board;
    let chips = state.kinds().iter().map(|&kind| {
        let hidden = state.hidden_kinds().contains(kind);
        let onclick = state.on(Cmd::ToggleKind(kind));
        html! {
            <button class={classes!("chip", format!("kind-{kind}"), hidden.then_some("off"))}
                aria-pressed={(!hidden).to_string()} {onclick}
                title={format!("{} {kind} messages", if hidden { "Show" } else { "Hide" })}>
                <svg class="swatch" viewBox="0 0 24 8" aria-hidden="true"><line x1="1" y1="4" x2="23" y2="4" /></svg>{kind}
            </button>
        }
    });
    let hidden_lanes: Vec<String> = state.hidden_lanes().iter().map(Actor::to_string).collect();
    let show_all = state.on(Cmd::ShowAll);
    html! {
        <div class="legend" role="group" aria-label="Message kinds">
            { for chips }
            <span class="marks-key" aria-label="Lifeline marks">
                <span class="key crash">{"✕ crash"}</span>
                <span class="key restart">{"○ restart"}</span>
                <span class="key persist">{"□ disk write · ■ durable"}</span>
                <span class="key timer">{"▸ timer"}</span>
                <span class="key decided">{"★ learned"}</span>
                <span class="key quorum" title="A quorum that promised (phase 1) or accepted (phase 2); gold rings: where it meets the latest quorum of the other phase">{"◯ quorum · ◎ overlap"}</span>
            </span>
            if !hidden_lanes.is_empty() || !state.hidden_kinds().is_empty() {
                <button class="link" onclick={show_all}>
                    { if hidden_lanes.is_empty() { "show all".to_string() }
                      else { format!("show all (hidden: {})", hidden_lanes.join(", ")) } }
                </button>
            }
        </div>
    }
}
