//! The storage designs' panels: which design runs and what it promises,
//! every client's operation and how it ended, the servers, and a form to
//! send a new operation.

use crate::web::board::BoardHandle;
use crate::web::components::ViolationNote;
use crate::web::state::{Action, Playground};
use paxos_core::designs::{self, Design, Op, Storage};
use paxos_core::types::{ClientId, NodeId, Value};
use paxos_front::view::format_time;
use paxos_sim::scenario::{Body, View};
use paxos_sim::timeline::Action as SimAction;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground<Storage>>,
}

/// What each design promises, and where it fails, for a student.
pub fn about(design: Design) -> &'static str {
    match design {
        Design::Single => "One server holds the value. Simple and correct, but while it is down nobody can read or write.",
        Design::Two => "A write goes to both servers, a read to either. Reads survive one crash; writes need both servers, so one crash stops them.",
        Design::Voting => "A write needs a majority of acknowledgements, a read a majority that agree. Any minority may be down, but concurrent writes overwrite each other blindly.",
        Design::Generations => "Compare-and-set with Paxos: a generation is the high part of the ballot, and an update of generation G writes G+1. Races are safe; a half-done update can make reads and writes wait.",
    }
}

/// A fresh run of `design`: its servers, no clients, the page's seed.
pub fn fresh(design: Design, seed: u64) -> Body<Storage> {
    let mut config = paxos_front::runs::designs::config(design, Vec::new(), seed);
    config.until_us = paxos_sim::sim::MAX_TIME_US;
    Body {
        title: String::new(),
        description: String::new(),
        config,
        script: Vec::new(),
        actions: Vec::new(),
        view: View::default(),
    }
}

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

/// A server: up or down, what its disk holds, crash and restart.
#[function_component]
pub fn ServerCards(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let sim = timeline.state();
    let act = |action: SimAction<Storage>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.dispatch(Action::Act(action.clone())))
    };
    html! {
        <div class="nodes">
            { for sim.nodes().map(|node| {
                let id = node.0;
                let up = sim.node(node).is_some();
                let disk = sim.disk(node).cloned().unwrap_or_default();
                let held = disk.value.as_ref().map_or("nothing".to_string(), Value::to_string);
                html! {
                    <article data-testid={format!("node-{id}")} class={classes!("node", (!up).then_some("down"))}
                        aria-label={format!("Server {node}")}>
                        <header>
                            <h3>{node.to_string()}</h3>
                            <span class="status">{ if up { "up" } else { "crashed" } }</span>
                            <span class="spacer"></span>
                            if up {
                                <button class="small danger" data-testid={format!("node-{id}-crash")}
                                    onclick={act(SimAction::Crash { node })}
                                    title={format!("Crash {node}: it answers nothing until it restarts")}>{"Crash"}</button>
                            } else {
                                <button class="small" data-testid={format!("node-{id}-restart")}
                                    onclick={act(SimAction::Restart { node })}
                                    title={format!("Restart {node} from its disk")}>{"Restart"}</button>
                            }
                        </header>
                        <dl>
                            <dt>{"holds"}</dt>
                            <dd class="mono" data-testid={format!("node-{id}-value")}>{held}</dd>
                            if let Some(b) = disk.accepted {
                                <dt>{"generation"}</dt><dd class="mono">{format!("{} ({b})", b.generation)}</dd>
                            }
                            if let Some(p) = disk.promised.filter(|p| Some(*p) != disk.accepted) {
                                <dt>{"promised"}</dt><dd class="mono">{p.to_string()}</dd>
                            }
                        </dl>
                    </article>
                }
            }) }
        </div>
    }
}

/// The longest value the form accepts, in characters.
const VALUE_MAX_CHARS: usize = 24;

/// Send an operation: write, read, or (design 5) compare-and-set.
#[function_component]
pub fn DesignClients(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let config = timeline.state().config();
    let design = config.protocol.design;
    let nodes: Vec<NodeId> = config.protocol.nodes().collect();
    let op_ref = use_node_ref();
    let node_ref = use_node_ref();
    let value_ref = use_node_ref();
    let expect_ref = use_node_ref();
    let send = {
        let state = state.clone();
        let (op_ref, node_ref, value_ref, expect_ref) = (
            op_ref.clone(),
            node_ref.clone(),
            value_ref.clone(),
            expect_ref.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_string())
                    .unwrap_or_default()
            };
            let kind = op_ref
                .cast::<HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            let node = node_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u8>().ok())
                .unwrap_or(0);
            let (value, expect) = (text(&value_ref), text(&expect_ref));
            let too_long = [&value, &expect]
                .iter()
                .any(|v| v.chars().count() > VALUE_MAX_CHARS);
            let op = match kind.as_str() {
                _ if too_long => Err(format!(
                    "A value can be at most {VALUE_MAX_CHARS} characters long."
                )),
                "read" => Ok(Op::Read),
                "write" if value.is_empty() => Err("Write what? Type a value.".to_string()),
                "write" => Ok(Op::Write(Value::new(&value))),
                "cas" if value.is_empty() || expect.is_empty() => {
                    Err("A compare-and-set needs the value expected and the new value.".to_string())
                }
                "cas" => Ok(Op::Cas {
                    expect: Value::new(&expect),
                    new: Value::new(&value),
                }),
                other => Err(format!("Unknown operation {other:?}.")),
            };
            match op {
                Ok(value) => state.dispatch(Action::Act(SimAction::Propose {
                    node: NodeId(node),
                    value,
                })),
                Err(message) => state.dispatch(Action::SetNotice(Some(message))),
            }
        })
    };
    let cas = design == Design::Generations;
    html! {
        <section class="panel propose design-clients" aria-label="Clients">
            <header class="panel-head"><h2>{"Clients"}</h2></header>
            <form class="row" onsubmit={send}>
                <select ref={op_ref} aria-label="Operation" data-testid="design-op">
                    <option value="write" selected=true>{"write"}</option>
                    <option value="read">{"read"}</option>
                    if cas {
                        <option value="cas">{"if … then set"}</option>
                    }
                </select>
                if cas {
                    <input ref={expect_ref} type="text" placeholder="expected" maxlength={VALUE_MAX_CHARS.to_string()}
                        aria-label="Value expected (compare-and-set)" data-testid="design-expect" />
                }
                <input ref={value_ref} type="text" placeholder="value" maxlength={VALUE_MAX_CHARS.to_string()}
                    aria-label="Value to write" data-testid="design-value" />
                <label class="inline">{"via"}
                    <select ref={node_ref} aria-label="Server the client starts at">
                        { for nodes.iter().map(|n| html! { <option value={n.0.to_string()}>{n.to_string()}</option> }) }
                    </select>
                </label>
                <button type="submit" class="primary small" data-testid="design-send"
                    title="A new client runs this operation against the servers">{"Send"}</button>
            </form>
            <p class="hint">{ match design {
                Design::Single => "The client talks to the one server.",
                Design::Two => "A write goes to both servers; a read to the chosen one, then the other if it is silent.",
                Design::Voting => "The client sends to every server and counts the answers.",
                Design::Generations => "The client reads the generation, then runs Paxos at the next one.",
            } }</p>
        </section>
    }
}
