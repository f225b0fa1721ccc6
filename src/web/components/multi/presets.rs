//! The Multi-Paxos presets: one-click scenarios.

use super::Props;
use crate::web::state::Action;
use paxos_front::course::presets::MULTI_PRESETS;
use yew::prelude::*;

/// One-click scenarios.
#[function_component(Presets)]
pub fn presets(props: &Props) -> Html {
    html! {
        <section class="panel presets" aria-label="Presets">
            <header class="panel-head"><h2>{"Presets"}</h2></header>
            <div class="preset-buttons">
                { for MULTI_PRESETS.iter().map(|(id, title, what)| {
                    let state = props.state.clone();
                    let onclick = Callback::from(move |_| state.dispatch(Action::LoadPreset(id.to_string())));
                    html! { <button class="small" data-testid={format!("preset-{id}")} title={*what} {onclick}>{*title}</button> }
                }) }
            </div>
        </section>
    }
}
