//! Single-decree Paxos's disk controls: the durability bug toggle and the
//! amnesia demo, in the storage panel.

use paxos_core::paxos::{Durability, Knob};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DurabilityProps {
    /// The acceptors' way with their disks now.
    pub durability: Durability,
    /// A new durability mode chosen.
    pub on_tune: Callback<Knob>,
    /// The amnesia demonstration asked for.
    pub on_amnesia_demo: Callback<()>,
}

/// The durability bug toggle and the amnesia demo (single-decree Paxos).
#[function_component(DurabilityControls)]
pub fn durability_controls(props: &DurabilityProps) -> Html {
    let durability = props.durability;
    let on_durability = {
        let on_tune = props.on_tune.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(mode) = select.value().parse::<Durability>() {
                on_tune.emit(Knob::Durability(mode));
            }
        })
    };
    let amnesia = props.on_amnesia_demo.reform(|_: MouseEvent| ());
    html! {
        <>
            <label class="setting" title="Whether acceptors write to disk before they answer. The two bugs break Paxos on purpose.">
                <span class="name">{"Durability"}</span>
                <select data-testid="durability" onchange={on_durability} aria-label="Durability">
                    { for Durability::ALL.iter().map(|mode| html! {
                        <option value={mode.name()} selected={*mode == durability}>
                            { match mode {
                                Durability::WriteAhead => "write before replying (correct)",
                                Durability::ReplyFirst => "bug: reply before the write completes",
                                Durability::NoWrites => "bug: never write to disk",
                            } }
                        </option>
                    }) }
                </select>
            </label>
            <p class={classes!("hint", (durability != Durability::WriteAhead).then_some("danger-text"))}>{durability.explain()}</p>
            <div class="setting">
                <button class="small danger" data-testid="amnesia-demo" onclick={amnesia}
                    title="Load a run where acceptors never write to disk, set up so that one press of play makes Paxos choose two values">
                    {"Amnesia demo"}</button>
                <span class="hint">{"see a forgetful acceptor break Paxos"}</span>
            </div>
        </>
    }
}
