//! Every replica's key-value store, side by side.

use paxos_front::view::multi::{KvCell, KvView};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: KvView,
}

/// Every replica's key-value store, side by side.
#[function_component(KvTables)]
pub fn kv_tables(props: &Props) -> Html {
    let KvView { nodes, rows } = &props.view;
    html! {
        <section class="panel kv" aria-label="Key-value store per replica" data-testid="kv-tables">
            <header class="panel-head">
                <h2>{"Key-value store"}</h2>
                <span class="hint">{"each replica applies the log in slot order"}</span>
            </header>
            if rows.is_empty() {
                <p class="hint">{"Empty: no put or compare-and-set has been applied yet."}</p>
            } else {
                <table class="kv-table">
                    <thead>
                        <tr>
                            <th scope="col">{"key"}</th>
                            { for nodes.iter().map(|id| html! { <th scope="col">{id.to_string()}</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|(key, cells)| html! {
                            <tr>
                                <th scope="row" class="mono">{key}</th>
                                { for nodes.iter().zip(cells).map(|(id, cell)| {
                                    let (text, class) = match cell {
                                        KvCell::Down => ("down".to_string(), "down"),
                                        KvCell::Set(v) => (v.clone(), "set"),
                                        KvCell::Unset => ("∅".to_string(), "unset"),
                                    };
                                    html! { <td class={classes!("mono", class)} data-testid={format!("kv-{}-{key}", id.0)}>{text}</td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
