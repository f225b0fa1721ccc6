//! The log: one row per replica, one cell per slot.

use paxos_core::kv::Command;
use paxos_front::view::multi::{self, LogCell};
use yew::prelude::*;

/// Slots the log view shows at once.
pub const LOG_WIDTH: u64 = 16;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The log's last `LOG_WIDTH` slots, per replica.
    pub view: multi::LogView,
}

/// A command in two short lines, to fit a log cell: `put x` / `3`.
fn command_lines(command: &Command) -> (String, String) {
    match command {
        Command::Put { key, value } => (format!("put {key}"), value.clone()),
        Command::Get { key } => (format!("get {key}"), String::new()),
        Command::Cas { key, expected, new } => (
            format!("cas {key}"),
            format!("{}→{new}", expected.as_deref().unwrap_or("∅")),
        ),
        Command::Noop => ("no-op".to_string(), String::new()),
    }
}

/// A cell's two lines, and its tooltip.
fn cell_text(cell: &LogCell) -> (String, String, String) {
    match cell {
        LogCell::Empty => (String::new(), String::new(), "nothing accepted".to_string()),
        LogCell::Accepted { ballot, command } => {
            // The ballot, not the argument: it is what a new leader compares.
            let (a, _) = command_lines(command);
            (
                a,
                ballot.to_string(),
                format!("accepted {command} in ballot {ballot}, not known to be chosen"),
            )
        }
        LogCell::Chosen { command } => {
            let (a, b) = command_lines(command);
            (
                a,
                b,
                format!("{command} is chosen, and waits for an earlier slot before it runs"),
            )
        }
        LogCell::Executed { command } => {
            let (a, b) = command_lines(command);
            (a, b, format!("{command}: chosen and applied"))
        }
        LogCell::Noop => (
            "no-op".to_string(),
            String::new(),
            "a no-op a new leader put in a hole".to_string(),
        ),
    }
}

/// The log: one row per replica, one column per slot.
#[function_component(LogView)]
pub fn log_view_panel(props: &Props) -> Html {
    let view = &props.view;
    let slots = view.first..view.first + LOG_WIDTH;
    html! {
        <section class="panel log-view" aria-label="Replicated log" data-testid="log-view">
            <header class="panel-head">
                <h2>{"Log"}</h2>
                <span class="hint">{ if view.highest == 0 { "empty".to_string() } else { format!("slots {} to {}", view.first, view.first + LOG_WIDTH - 1) } }</span>
            </header>
            <div class="log-scroll">
                <table class="log" role="table">
                    <thead>
                        <tr>
                            <th scope="col" class="row-head">{"slot"}</th>
                            { for slots.clone().map(|s| html! { <th scope="col" class="slot">{s.to_string()}</th> }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for view.rows.iter().map(|row| html! {
                            <tr class={classes!((!row.up).then_some("down"), row.leader.then_some("leader"))}
                                data-testid={format!("log-row-{}", row.node.0)}>
                                <th scope="row" title={ if row.leader { "the leader" } else if row.up { "a replica" } else { "crashed: only its disk is shown" } }>
                                    { if row.leader { format!("★ {}", row.node) } else { row.node.to_string() } }
                                </th>
                                { for row.cells.iter().zip(slots.clone()).map(|(cell, slot)| {
                                    let (first, second, title) = cell_text(cell);
                                    html! {
                                        <td class={classes!("cell", cell.name())} data-testid={format!("log-{}-{}", row.node.0, slot)}
                                            data-state={cell.name()} title={format!("{} slot {slot}: {title}", row.node)}>
                                            <span class="op">{first}</span>
                                            <span class="arg">{second}</span>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p class="legend-row hint">
                <span class="cell executed">{"applied"}</span>
                <span class="cell chosen">{"chosen, waiting"}</span>
                <span class="cell accepted">{"accepted only"}</span>
                <span class="cell noop">{"no-op"}</span>
                {" ★ leader; a crashed replica shows only its disk."}
            </p>
        </section>
    }
}
