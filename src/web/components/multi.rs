//! The Multi-Paxos panels: what the log achieved, the log itself (one row
//! per replica, one cell per slot), every replica's key-value store, the
//! client panel, the presets, and one card per replica.

use crate::web::board::BoardHandle;
use crate::web::components::ViolationNote;
use crate::web::state::{Action, Playground};
use paxos_core::kv::Command;
use paxos_core::multi::{ClientPlan, Commands, HistoryEvent, MultiPaxos, Role};
use paxos_core::types::{ClientId, NodeId};
use paxos_front::runs::multi::MULTI_PRESETS;
use paxos_front::view::{format_time, log_view, multi_client_totals, LogCell};
use paxos_sim::sim::format_hash;
use paxos_sim::timeline::Action as SimAction;
use std::collections::BTreeSet;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

type State = UseReducerHandle<Playground<MultiPaxos>>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: State,
}

/// Slots the log view shows at once.
const LOG_WIDTH: u64 = 16;

/// What the replicated log has achieved: the leader, the commands the
/// clients got answers for, and how fast.
#[function_component(MultiOutcome)]
pub fn multi_outcome(props: &Props) -> Html {
    let timeline = props.state.timeline();
    let sim = timeline.state();
    let leader = sim
        .nodes()
        .filter_map(|id| sim.node(id))
        .find_map(|n| n.leading().map(|b| (n.id, b)));
    let chosen = paxos_front::view::multi_chosen_slots(sim);
    let totals = multi_client_totals(sim);
    let window = sim.config().protocol.window;
    let leader_text = match leader {
        Some((id, ballot)) => format!("{id} leads in ballot {ballot}"),
        None => "no leader right now".to_string(),
    };
    html! {
        <section class={classes!("outcome", (chosen > 0).then_some("chosen"))} aria-label="Outcome">
            <div class="chosen">
                <span class="label">{"Log"}</span>
                <span class="value" data-testid="slots-chosen">{chosen.to_string()}</span>
                <span class="label">{"slots chosen"}</span>
            </div>
            <p class="detail" data-testid="leader">{format!("{leader_text} · pipeline window {window}")}</p>
            <p class="detail" data-testid="commands-committed">
                {format!("{} of {} answered", totals.committed, paxos_front::view::count(totals.issued, "client command", None))}
                { totals.median_us.map(|m| format!(" · median latency {}", format_time(m))).unwrap_or_default() }
            </p>
            if totals.committed > 0 {
                <p class="detail" data-testid="throughput" title="Commands answered per simulated second, from the first command to the latest answer; and per round trip (two network hops and a disk write, on average): pipelining lets the leader answer more than one per round trip">
                    <b>{format!("{:.1} commands/s", totals.throughput_per_s)}</b>
                    {format!(" of simulated time · {:.2} per round trip", totals.per_round_trip)}
                </p>
            }
            <ViolationNote board={BoardHandle::of(&props.state)} />
            <div class="hash" title="Identifies this exact run: the same seed and scenario always give the same hash">
                {"trace "}<code data-testid="trace-hash">{format_hash(sim.trace_hash())}</code>
            </div>
        </section>
    }
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
    let timeline = props.state.timeline();
    let view = log_view(timeline.state(), LOG_WIDTH);
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

/// Every replica's key-value store, side by side.
#[function_component(KvTables)]
pub fn kv_tables(props: &Props) -> Html {
    let timeline = props.state.timeline();
    let sim = timeline.state();
    let nodes: Vec<NodeId> = sim.nodes().collect();
    let keys: BTreeSet<String> = nodes
        .iter()
        .filter_map(|id| sim.node(*id))
        .flat_map(|n| n.kv.data.keys().cloned())
        .collect();
    html! {
        <section class="panel kv" aria-label="Key-value store per replica" data-testid="kv-tables">
            <header class="panel-head">
                <h2>{"Key-value store"}</h2>
                <span class="hint">{"each replica applies the log in slot order"}</span>
            </header>
            if keys.is_empty() {
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
                        { for keys.iter().map(|key| html! {
                            <tr>
                                <th scope="row" class="mono">{key}</th>
                                { for nodes.iter().map(|id| {
                                    let (text, class) = match sim.node(*id) {
                                        None => ("down".to_string(), "down"),
                                        Some(n) => match n.kv.data.get(key) {
                                            Some(v) => (v.clone(), "set"),
                                            None => ("∅".to_string(), "unset"),
                                        },
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

fn input_value(node: &NodeRef) -> String {
    node.cast::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(node: &NodeRef) -> String {
    node.cast::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// A client's latest line, for the client list.
fn client_line(client: &paxos_core::multi::Client) -> (String, &'static str) {
    let done = client.is_done();
    let last = client.history.iter().rev().find_map(|e| match e {
        HistoryEvent::Complete { seq, outcome, .. } => Some(format!("#{seq} {outcome}")),
        _ => None,
    });
    let current = client
        .current
        .as_ref()
        .map(|r| format!("waiting on #{} {} (at {})", r.seq, r.command, client.target));
    let text = match (current, last) {
        (Some(now), _) => now,
        (None, Some(last)) => last,
        (None, None) => "not started".to_string(),
    };
    (text, if done { "done" } else { "waiting" })
}

/// Issue one command, or start a steady workload.
#[function_component(ClientPanel)]
pub fn client_panel(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let sim = timeline.state();
    let nodes: Vec<NodeId> = sim.nodes().collect();
    let (node, op, key, value, expected) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let (rate, count) = (use_node_ref(), use_node_ref());
    let send = {
        let state = state.clone();
        let (node, op, key, value, expected) = (
            node.clone(),
            op.clone(),
            key.clone(),
            value.clone(),
            expected.clone(),
        );
        Callback::from(move |_| {
            let target = select_value(&node).parse::<u8>().map(NodeId);
            let key = input_value(&key).trim().to_string();
            let value = input_value(&value).trim().to_string();
            let expected = input_value(&expected).trim().to_string();
            if key.is_empty() {
                state.dispatch(Action::SetNotice(Some("A command needs a key.".into())));
                return;
            }
            let command = match select_value(&op).as_str() {
                "get" => Command::get(&key),
                "cas" => Command::cas(
                    &key,
                    (!expected.is_empty()).then_some(expected.as_str()),
                    &value,
                ),
                _ => Command::put(&key, &value),
            };
            let Ok(target) = target else {
                return;
            };
            state.dispatch(Action::Act(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: 0,
                    commands: Commands::Script(vec![command]),
                },
            }));
        })
    };
    let workload = {
        let state = state.clone();
        let (node, rate, count) = (node.clone(), rate.clone(), count.clone());
        Callback::from(move |_| {
            let target = select_value(&node)
                .parse::<u8>()
                .map(NodeId)
                .unwrap_or(NodeId(0));
            let rate = input_value(&rate)
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|r| r.is_finite() && *r > 0.0 && *r <= 1000.0);
            let count = input_value(&count)
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|c| (1..=100_000).contains(c));
            let (Some(rate), Some(count)) = (rate, count) else {
                state.dispatch(Action::SetNotice(Some(
                    "A workload needs a rate from 0 to 1000 commands per second and a count from 1 to 100000.".into(),
                )));
                return;
            };
            state.dispatch(Action::Act(SimAction::Propose {
                node: target,
                value: ClientPlan {
                    at_us: 0,
                    node: target,
                    think_us: (1e6 / rate) as u64,
                    commands: Commands::Random { count, keys: 3 },
                },
            }));
        })
    };
    let clients: Vec<(ClientId, String, &'static str)> = (0..sim.config().clients.len() as u8)
        .map(ClientId)
        .filter_map(|id| sim.client(id).map(|c| (id, client_line(c))))
        .map(|(id, (text, class))| (id, text, class))
        .collect();
    html! {
        <section class="panel clients" aria-label="Clients">
            <header class="panel-head"><h2>{"Clients"}</h2></header>
            <div class="client-form">
                <label>{"to "}
                    <select ref={node} data-testid="client-node" aria-label="Replica to send to">
                        { for nodes.iter().map(|id| html! { <option value={id.0.to_string()} selected={id.0 == 0}>{id.to_string()}</option> }) }
                    </select>
                </label>
                <select ref={op} data-testid="client-op" aria-label="Operation">
                    <option value="put" selected=true>{"put"}</option>
                    <option value="get">{"get"}</option>
                    <option value="cas">{"cas"}</option>
                </select>
                <input ref={key} data-testid="client-key" aria-label="Key" placeholder="key" value="x" size="4" />
                <input ref={expected} data-testid="client-expected" aria-label="Expected value (cas only; empty: unset)" placeholder="expected" size="6" title="cas only: the value the key must hold now (empty: unset)" />
                <input ref={value} data-testid="client-value" aria-label="Value" placeholder="value" value="1" size="5" />
                <button class="primary small" data-testid="client-send" onclick={send}
                    title="A new client sends this one command to the chosen replica">{"Send"}</button>
            </div>
            <p class="hint">{"cas(key, expected, value) sets the key only if it holds expected now; otherwise it fails and reports what it found."}</p>
            <div class="client-form">
                <span>{"Workload"}</span>
                <input ref={rate} data-testid="workload-rate" aria-label="Commands per second" value="20" size="4" />
                <span class="hint">{"per s, "}</span>
                <input ref={count} data-testid="workload-count" aria-label="Number of commands" value="50" size="4" />
                <span class="hint">{"commands"}</span>
                <button class="small" data-testid="workload-start" onclick={workload}
                    title="A new client sends random puts, gets and compare-and-sets, one after another, at about this rate">{"Start"}</button>
            </div>
            if !clients.is_empty() {
                <ul class="client-list" data-testid="clients">
                    { for clients.iter().map(|(id, text, class)| html! {
                        <li data-testid={format!("client-{}", id.0)} data-state={*class} class={*class}>
                            <b>{id.to_string()}</b>{" "}<span class="mono">{text}</span>
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

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

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub node: NodeId,
    pub state: State,
}

/// One replica: its role, acceptor, learner and disk, with crash/restart.
#[function_component(ReplicaCard)]
pub fn replica_card(props: &CardProps) -> Html {
    let timeline = props.state.timeline();
    let sim = timeline.state();
    let id = props.node;
    let node = sim.node(id);
    let act = |action: SimAction<MultiPaxos>| {
        let state = props.state.clone();
        Callback::from(move |_| state.dispatch(Action::Act(action.clone())))
    };
    let disk = sim.disk(id).cloned().unwrap_or_default();
    let writing = node.is_some_and(|n| n.writes_done < n.writes_issued);
    let role = node.map_or("crashed".to_string(), |n| match &n.role {
        Role::Leader { ballot } => format!("leader, ballot {ballot}"),
        Role::Candidate {
            ballot, promises, ..
        } => format!(
            "campaigning with {ballot}: {} of {} promises",
            promises.len(),
            n.config.quorum()
        ),
        Role::Follower => match n.leader {
            Some((leader, _)) => format!("follower of {leader}"),
            None => "follower, no leader known".to_string(),
        },
    });
    let timers = sim
        .pending_timers(id)
        .iter()
        .map(|(t, at)| format!("{t:?} at {}", format_time(*at)))
        .collect::<Vec<_>>()
        .join(", ");
    let leader = node.is_some_and(|n| n.leading().is_some());
    html! {
        <article data-testid={format!("node-{}", id.0)}
            class={classes!("node", node.is_none().then_some("down"), leader.then_some("leader"))}
            aria-label={format!("Replica {id}")}>
            <header>
                <h3>{ if leader { format!("★ {id}") } else { id.to_string() } }</h3>
                <span class="status">{ if node.is_some() { "up" } else { "crashed" } }</span>
                <span class="spacer"></span>
                if node.is_some() {
                    <button class="small danger" data-testid={format!("node-{}-crash", id.0)}
                        onclick={act(SimAction::Crash { node: id })}
                        title={format!("Crash {id}: it loses its log and store, and keeps only its disk")}>{"Crash"}</button>
                } else {
                    <button class="small" data-testid={format!("node-{}-restart", id.0)}
                        onclick={act(SimAction::Restart { node: id })}
                        title={format!("Restart {id} from its disk; it relearns the log from its peers")}>{"Restart"}</button>
                }
            </header>
            if let Some(n) = node {
                <dl>
                    <div title="Leader, campaigning candidate, or follower"><dt>{"Role"}</dt><dd>{role}</dd></div>
                    <div title="Acceptor: one promise covers every slot"><dt>{"Promised"}</dt>
                        <dd class="mono">{n.acceptor.promised.map_or("—".to_string(), |b| b.to_string())}</dd></div>
                    <div title="Learner and state machine: slots applied, in order"><dt>{"Executed"}</dt>
                        <dd class="mono">{format!("{}; {} more known chosen", paxos_front::view::count(n.executed, "slot", None), n.log.len() as u64 - n.executed.min(n.log.len() as u64))}</dd></div>
                    if n.leading().is_some() {
                        <div title="Slots proposed and not yet chosen, and commands waiting for room in the window">
                            <dt>{"Pipeline"}</dt>
                            <dd class="mono">{format!("{} of {} in flight, {} queued", n.in_flight.len(), n.config.window, n.queue.len())}</dd>
                        </div>
                    }
                    <div title="Timers waiting to fire"><dt>{"Timers"}</dt><dd class="mono small">{ if timers.is_empty() { "—".to_string() } else { timers } }</dd></div>
                </dl>
            }
            <footer class={classes!("disk", writing.then_some("writing"))}
                data-disk={format!("p={} slots={}", disk.promised.map_or("-".to_string(), |b| b.to_string()), disk.accepted.len())}
                title="What is durable on this replica's disk: all that survives a crash">
                <span class="disk-label">{ if writing { "disk · writing…" } else { "disk" } }</span>
                <span class="mono">{<MultiPaxos as paxos_core::protocol::Words>::describe_disk(&disk)}</span>
            </footer>
        </article>
    }
}
