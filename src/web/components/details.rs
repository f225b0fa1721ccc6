//! The details of the selected message: every field, what it means, the
//! states of its sender and receiver around it, and (while it is still in
//! flight) buttons to drop, duplicate or delay it.

use crate::web::board::{Board, BoardHandle, Cmd};
use paxos_front::diagram::Arrow;
use paxos_front::view::format_time;
use paxos_sim::sim::DropReason;
use yew::prelude::*;

/// How much "Delay" holds a message back, in µs.
const DELAY_US: u64 = 20_000;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub board: BoardHandle,
}

/// The sender just after sending, and the receiver just after receiving
/// (once it has), rebuilt by replay.
fn around(
    board: &dyn Board,
    id: u64,
    reached_end: Option<usize>,
) -> (Option<String>, Option<String>) {
    let Some(arrow) = board.diagram().arrow(id).cloned() else {
        return (None, None);
    };
    (
        board.node_after(arrow.from, arrow.sent_index),
        reached_end.and_then(|index| board.node_after(arrow.to, index)),
    )
}

#[function_component]
pub fn Details(props: &Props) -> Html {
    let state = &props.board;
    let clock = state.clock();
    let visible = clock.visible_len;
    // Which message, and how far it has got: the states around it are
    // replayed once per change, not on every frame.
    let key = state.selected().map(|id| {
        let reached = state
            .diagram()
            .arrow(id)
            .and_then(|a| a.end)
            .filter(|e| e.index < visible)
            .map(|e| e.index);
        (clock.generation, id, reached)
    });
    let around_states = {
        let state = state.clone();
        use_memo(key, move |key| {
            key.map(|(_, id, reached)| around(&*state, id, reached))
        })
    };
    let Some(id) = state.selected() else {
        return html! {
            <section class="panel details empty" aria-label="Message details">
                <p class="hint">{"Click an arrow in the diagram to see the message's fields and what it means."}</p>
            </section>
        };
    };
    let diagram = state.diagram();
    let close = state.on(Cmd::Select(None));
    let Some(arrow): Option<&Arrow> = diagram.arrow(id) else {
        return html! {};
    };
    let Some(text) = state.message(arrow.sent_index) else {
        return html! {};
    };
    let label = state.label(arrow.sent_index);
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
    let reached = arrow.end.filter(|e| e.index < visible);
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
    let in_flight = state.in_flight_fate(id);
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
                    if doomed.is_none() {
                        <button class="small danger" data-testid="drop-message" onclick={state.on(Cmd::DropMessage(id))}
                            title="Lose this message: it will never arrive">{"Drop it"}</button>
                    }
                    <button class="small" data-testid="duplicate-message" onclick={state.on(Cmd::DuplicateMessage(id))}
                        title="The network delivers an extra copy">{"Duplicate"}</button>
                    <button class="small" data-testid="delay-message" onclick={state.on(Cmd::DelayMessage(id, DELAY_US))}
                        title="Hold it back 20 ms: messages can overtake each other">{"Delay 20 ms"}</button>
                </div>
            }
        </section>
    }
}
