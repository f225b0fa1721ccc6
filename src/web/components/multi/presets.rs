//! The Multi-Paxos presets: one-click scenarios.

use paxos_front::course::presets::MULTI_PRESETS;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// A preset asked for, by id.
    pub on_preset: Callback<&'static str>,
}

/// One-click scenarios.
#[function_component(Presets)]
pub fn presets(props: &Props) -> Html {
    html! {
        <section class="panel presets" aria-label="Presets">
            <header class="panel-head"><h2>{"Presets"}</h2></header>
            <div class="preset-buttons">
                { for MULTI_PRESETS.iter().map(|(id, title, what)| {
                    let onclick = props.on_preset.reform(move |_: MouseEvent| *id);
                    html! { <button class="small" data-testid={format!("preset-{id}")} title={*what} {onclick}>{*title}</button> }
                }) }
            </div>
        </section>
    }
}
