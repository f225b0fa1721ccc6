//! The details of the selected message: every field, what it means, the
//! states of its sender and receiver around it, and (while it is still in
//! flight) buttons to drop, duplicate or delay it, or, when the user is
//! the network, to deliver it now.

use crate::web::board::MessageText;
use paxos_core::types::Actor;
use paxos_front::diagram::Arrow;
use paxos_front::view::format_time;
use paxos_sim::sim::{DropReason, MsgId};
use yew::prelude::*;

/// How much "Delay" holds a message back, in µs.
const DELAY_US: u64 = 20_000;

/// The selected message: its arrow, its label and what it says.
#[derive(Clone, PartialEq)]
pub struct SelectedMessage {
    pub arrow: Arrow,
    pub label: String,
    pub text: MessageText,
}

#[derive(Properties)]
pub struct Props {
    /// The message selected, if any.
    pub selected: Option<MsgId>,
    /// ...and what there is to show of it (`None`: nothing).
    pub message: Option<SelectedMessage>,
    /// Trace events up to the cursor.
    pub visible: usize,
    /// Changes whenever history is rewritten.
    pub generation: u64,
    /// For a message in flight at the live edge: `Some(None)` if it will
    /// arrive, `Some(Some(reason))` if it is already doomed.
    pub in_flight: Option<Option<DropReason>>,
    /// A node's state just after trace event `index`, in a line (rebuilt
    /// by replay, so asked for only when the message or its progress
    /// changes).
    pub node_after: Callback<(Actor, usize), Option<String>>,
    pub on_close: Callback<()>,
    pub on_drop: Callback<MsgId>,
    pub on_duplicate: Callback<MsgId>,
    /// Hold a message back by this long (µs).
    pub on_delay: Callback<(MsgId, u64)>,
    /// Deliver it now: manual scheduling is on (and delaying means
    /// nothing, as time moves only with picks).
    pub on_deliver: Option<Callback<MsgId>>,
}

renders_with_the_page!(Props);

#[function_component]
pub fn Details(props: &Props) -> Html {
    let visible = props.visible;
    let reached = props
        .message
        .as_ref()
        .and_then(|m| m.arrow.end)
        .filter(|e| e.index < visible);
    // The sender just after sending, and the receiver just after receiving
    // (once it has): replayed once per change, not on every frame.
    let key = props.message.as_ref().map(|m| {
        let arrow = &m.arrow;
        let reached = reached.map(|e| e.index);
        (
            props.generation,
            arrow.id,
            (arrow.from, arrow.sent_index),
            reached.map(|i| (arrow.to, i)),
        )
    });
    let around_states = {
        let node_after = props.node_after.clone();
        use_memo(key, move |key| {
            key.map(|(_, _, sent, received)| {
                (
                    node_after.emit(sent),
                    received.and_then(|r| node_after.emit(r)),
                )
            })
        })
    };
    let Some(id) = props.selected else {
        return html! {
            <section class="panel details empty" aria-label="Message details">
                <p class="hint">{"Click an arrow in the diagram to see the message's fields and what it means."}</p>
            </section>
        };
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let Some(SelectedMessage { arrow, label, text }) = props.message.clone() else {
        return html! {};
    };
    if arrow.sent_index >= visible {
        return html! {
            <section class="panel details" aria-label="Message details" data-testid="details">
                <header class="panel-head">
                    <h2>{&label}</h2>
                    <button class="small" onclick={close} aria-label="Close details">{"✕"}</button>
                </header>
                <p class="hint">{format!("Not sent yet at this moment: it leaves {} at {}.", arrow.from, format_time(arrow.sent_us))}</p>
            </section>
        };
    }
    let fate = match reached {
        Some(end) => match end.dropped {
            None => format!("delivered at {}", format_time(end.time_us)),
            Some(DropReason::Loss) => {
                format!("lost by the network at {}", format_time(end.time_us))
            }
            Some(DropReason::Partition) => {
                format!("cut off by a partition ({})", format_time(end.time_us))
            }
            Some(DropReason::Crashed) => {
                format!("reached a crashed node at {}", format_time(end.time_us))
            }
            Some(DropReason::User) => format!("dropped by hand ({})", format_time(end.time_us)),
            Some(DropReason::PowerFailure) => {
                format!("lost in a power failure at {}", format_time(end.time_us))
            }
        },
        None => "still in flight".to_string(),
    };
    let (sender_state, receiver_state) = (*around_states).clone().unwrap_or((None, None));
    // Drop, duplicate and delay work on a message in flight at the live
    // edge; dropping only while it would still arrive.
    let in_flight = props.in_flight;
    html! {
        <section class={classes!("panel", "details", format!("kind-{}", arrow.kind))} aria-label="Message details" data-testid="details">
            <header class="panel-head">
                <h2><span class="swatch" aria-hidden="true"></span>{&label}</h2>
                <button class="small" onclick={close} aria-label="Close details">{"✕"}</button>
            </header>
            <p class="explain">{text.explain}</p>
            <dl class="fields">
                <div><dt>{"kind"}</dt><dd>{arrow.kind}</dd></div>
                <div><dt>{"from → to"}</dt><dd class="mono">{format!("{} → {}", arrow.from, arrow.to)}</dd></div>
                { for text.fields.into_iter().map(|(k, v)| html! { <div><dt>{k}</dt><dd class="mono">{v}</dd></div> }) }
                <div><dt>{"sent"}</dt><dd class="mono">{format_time(arrow.sent_us)}</dd></div>
                <div><dt>{"fate"}</dt><dd>{fate}</dd></div>
                if let Some(of) = arrow.copy_of {
                    <div><dt>{"duplicate"}</dt><dd>{format!("an extra copy of message #{of}")}</dd></div>
                }
                <div><dt>{"message"}</dt><dd class="mono">{format!("#{}", arrow.id)}</dd></div>
            </dl>
            if sender_state.is_some() || receiver_state.is_some() {
                <div class="around">
                    <h3>{"Around it"}</h3>
                    if let Some(s) = sender_state { <p><span class="muted">{"after sending · "}</span>{s}</p> }
                    if let Some(r) = receiver_state { <p><span class="muted">{"after receiving · "}</span>{r}</p> }
                </div>
            }
            if let Some(doomed) = in_flight {
                <div class="row">
                    if let Some(on_deliver) = &props.on_deliver {
                        <button class="small primary" data-testid="deliver-message" onclick={on_deliver.reform(move |_: MouseEvent| id)}
                            title="You are the network: this message arrives now">
                            {if doomed.is_none() { "Deliver now" } else { "Let it be lost now" }}</button>
                    }
                    if doomed.is_none() {
                        <button class="small danger" data-testid="drop-message" onclick={props.on_drop.reform(move |_: MouseEvent| id)}
                            title="Lose this message: it will never arrive">{"Drop it"}</button>
                    }
                    <button class="small" data-testid="duplicate-message" onclick={props.on_duplicate.reform(move |_: MouseEvent| id)}
                        title="The network delivers an extra copy">{"Duplicate"}</button>
                    if props.on_deliver.is_none() {
                    <button class="small" data-testid="delay-message" onclick={props.on_delay.reform(move |_: MouseEvent| (id, DELAY_US))}
                        title="Hold it back 20 ms: messages can overtake each other">{"Delay 20 ms"}</button>
                    }
                </div>
            }
        </section>
    }
}
