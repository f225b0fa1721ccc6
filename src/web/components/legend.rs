//! The diagram's legend: the message kinds with their colours (clicking one
//! hides or shows it), and what the lifeline marks mean.

use paxos_core::collections::LiteSet;
use paxos_core::types::Actor;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The message kinds this run can send, in legend order.
    pub kinds: &'static [&'static str],
    pub hidden_kinds: LiteSet<&'static str>,
    pub hidden_lanes: LiteSet<Actor>,
    /// A kind's chip was clicked: hide it if shown, show it if hidden.
    pub on_toggle: Callback<&'static str>,
    /// Show every kind and lane again.
    pub on_show_all: Callback<()>,
}

/// The message kinds with their colours; clicking one hides or shows it.
#[function_component]
pub fn Legend(props: &Props) -> Html {
    let chips = props.kinds.iter().map(|&kind| {
        let hidden = props.hidden_kinds.contains(kind);
        let onclick = props.on_toggle.reform(move |_: MouseEvent| kind);
        html! {
            <button class={classes!("chip", format!("kind-{kind}"), hidden.then_some("off"))}
                aria-pressed={(!hidden).to_string()} {onclick}
                title={format!("{} {kind} messages", if hidden { "Show" } else { "Hide" })}>
                <svg class="swatch" viewBox="0 0 24 8" aria-hidden="true"><line x1="1" y1="4" x2="23" y2="4" /></svg>{kind}
            </button>
        }
    });
    let hidden_lanes: Vec<String> = props.hidden_lanes.iter().map(Actor::to_string).collect();
    let show_all = props.on_show_all.reform(|_: MouseEvent| ());
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
            if !hidden_lanes.is_empty() || !props.hidden_kinds.is_empty() {
                <button class="link" onclick={show_all}>
                    { if hidden_lanes.is_empty() { "show all".to_string() }
                      else { format!("show all (hidden: {})", hidden_lanes.join(", ")) } }
                </button>
            }
        </div>
    }
}
