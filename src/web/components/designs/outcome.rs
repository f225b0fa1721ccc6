//! Which design runs, a switch to another, and every operation's fate.

use super::about;
use paxos_core::designs::Design;
use paxos_front::view::designs::{DesignOutcomeView, OperationLine};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: DesignOutcomeView,
    /// Another design chosen: `None` for design 4, single-decree Paxos,
    /// which has its own page.
    pub on_design: Callback<Option<Design>>,
    /// Shown under the operations (the safety monitor's note).
    #[prop_or_default]
    pub children: Html,
}

/// The design running, a switch to another, and every operation's fate.
#[function_component]
pub fn DesignOutcome(props: &Props) -> Html {
    let DesignOutcomeView {
        design,
        operations,
        headline,
        trace_hash,
    } = &props.view;
    let design = *design;
    let switch = {
        let on_design = props.on_design.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if select.value() == "paxos" {
                on_design.emit(None);
            } else if let Ok(design) = select.value().parse::<Design>() {
                on_design.emit(Some(design));
            }
        })
    };
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
            if operations.is_empty() {
                <p class="muted">{"No operations yet: send one below."}</p>
            } else {
                <ul class="operations" data-testid="operations">
                    { for operations.iter().map(|OperationLine { client, who, op, result, text }| html! {
                        <li class={classes!("operation", *result)} data-testid={format!("operation-{}", client.0)}
                            data-result={*result}>
                            <span class="who mono">{who}</span>
                            <span class="op">{op}</span>
                            <span class="result">{text}</span>
                        </li>
                    }) }
                </ul>
                <p class="hint" data-testid="design-summary">{headline}</p>
            }
            { props.children.clone() }
            <p class="hint mono">{"trace "}<code data-testid="trace-hash">{paxos_sim::sim::format_hash(*trace_hash)}</code></p>
        </section>
    }
}
