//! Which design runs, a switch to another, and every operation's fate.

use super::Props;
use super::{about, fresh};
use crate::web::board::BoardHandle;
use crate::web::components::ViolationNote;
use crate::web::state::Action;
use paxos_core::designs::{self, Design};
use paxos_core::types::ClientId;
use paxos_front::view::format_time;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The design running, a switch to another, and every operation's fate.
#[function_component]
pub fn DesignOutcome(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let sim = timeline.state();
    let config = sim.config();
    let design = config.protocol.design;
    let seed = config.seed;
    let switch = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if select.value() == "paxos" {
                // Design 4 is single-decree Paxos, on its own page.
                crate::web::site::go_to("paxos", "lesson=already-chosen", "", false);
            } else if let Ok(design) = select.value().parse::<Design>() {
                state.dispatch(Action::Open(Rc::new(fresh(design, seed))));
            }
        })
    };
    let clients: Vec<&designs::Client> = (0..config.clients.len())
        .filter_map(|i| sim.client(ClientId(i as u8)))
        .collect();
    let report = designs::client::report(sim.clients());
    html! {
        <section class="outcome design-outcome" aria-label="Design and outcomes" data-testid="design-outcome">
            <div class="setting">
                <label class="name" for="design">{"Design"}</label>
                <select id="design" data-testid="design-select" onchange={switch}>
                    { for Design::ALL.iter().copied().filter(|d| d.number() < 4).map(|d| html! {
                        <option value={d.name()} selected={d == design}>{d.title()}</option>
                    }) }
                    <option value="paxos">{"Design 4: two-phase Paxos (opens the Paxos page)"}</option>
                    { for Design::ALL.iter().copied().filter(|d| d.number() > 4).map(|d| html! {
                        <option value={d.name()} selected={d == design}>{d.title()}</option>
                    }) }
                </select>
            </div>
            <p class="hint" data-testid="design-about">{about(design)}</p>
            if clients.is_empty() {
                <p class="muted">{"No operations yet: send one below."}</p>
            } else {
                <ul class="operations" data-testid="operations">
                    { for clients.iter().zip(&config.clients).map(|(c, spec)| {
                        let (class, text) = match &c.outcome {
                            Some(o) if o.succeeded() => ("ok", o.to_string()),
                            Some(o) => ("failed", o.to_string()),
                            None if c.started_us.is_some() => ("running", "running…".to_string()),
                            None => ("waiting", format!("starts at {}", format_time(spec.at_us))),
                        };
                        html! {
                            <li class={classes!("operation", class)} data-testid={format!("operation-{}", c.id.0)}
                                data-result={class}>
                                <span class="who mono">{format!("{} → {}", c.id, c.node)}</span>
                                <span class="op">{c.op.to_string()}</span>
                                <span class="result">{text}</span>
                            </li>
                        }
                    }) }
                </ul>
                <p class="hint" data-testid="design-summary">{report.headline()}</p>
            }
            <ViolationNote board={BoardHandle::of(state)} />
            <p class="hint mono">{"trace "}<code data-testid="trace-hash">{paxos_sim::sim::format_hash(sim.trace_hash())}</code></p>
        </section>
    }
}
