//! "Break Paxos": the deliberate bugs, amnesia, and flexible quorums, each
//! with the rule it breaks in one line. Off (and majorities) is correct
//! Paxos; the safety monitor shouts when a bug does damage.

use crate::paxos::{Bug, Bugs, Durability, SingleDecree};
use crate::timeline::Action as SimAction;
use crate::web::state::{Action, Playground};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<Playground<SingleDecree>>,
}

/// The toggles' short names, as the panel lists them.
fn label(bug: Bug) -> &'static str {
    match bug {
        Bug::OneBallot => "One ballot number",
        Bug::IgnorePromises => "Ignore promised values",
        Bug::CountAcrossBallots => "Count votes across ballots",
        Bug::AcceptWithoutPromise => "Accept without checking the promise",
    }
}

#[function_component]
pub fn BreakPaxos(props: &Props) -> Html {
    let state = &props.state;
    let timeline = state.timeline();
    let config = timeline.state().config().paxos;
    let bugs = config.bugs;
    let n = config.cluster_size;
    let toggle = |bug: Bug| {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let mut next: Bugs = bugs;
            next.set(bug, !bugs.get(bug));
            state.dispatch(Action::Act(SimAction::SetBugs { bugs: next }));
        })
    };
    let amnesia = config.durability == Durability::NoWrites;
    let toggle_amnesia = {
        let state = state.clone();
        Callback::from(move |_: Event| {
            let mode = if amnesia {
                Durability::WriteAhead
            } else {
                Durability::NoWrites
            };
            state.dispatch(Action::SetDurability(mode));
        })
    };
    let quorum = |phase: u8| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            match text.trim().parse::<u8>() {
                Ok(q) if (1..=n).contains(&q) => {
                    let (q1, q2) = if phase == 1 {
                        (q, config.q2)
                    } else {
                        (config.q1, q)
                    };
                    state.dispatch(Action::Act(SimAction::SetQuorums { q1, q2 }));
                }
                _ => state.dispatch(Action::SetNotice(Some(format!(
                    "Phase-{phase} quorum: {text:?} is not a number of acceptors from 1 to {n}."
                )))),
            }
        })
    };
    let (q1, q2) = (config.q1(), config.q2());
    let meet = config.quorums_intersect();
    let default = config.q1 == 0 && config.q2 == 0;
    let rule = if meet {
        format!("{q1} + {q2} > {n}: every phase-1 quorum meets every phase-2 quorum, so a new proposer always hears of a value that may be chosen.")
    } else {
        format!("{q1} + {q2} is not above {n}: a phase-1 quorum can miss every acceptor of a phase-2 quorum, so two proposers can each get a different value chosen.")
    };
    let broken = bugs.on().len() + usize::from(amnesia) + usize::from(!meet);
    html! {
        <section class={classes!("panel", "break-paxos", (broken > 0).then_some("broken"))}
            aria-label="Break Paxos" data-testid="break-paxos">
            <header class="panel-head">
                <h2>{"Break Paxos"}</h2>
                if broken > 0 {
                    <span class="badge warn" data-testid="broken-count">
                        {format!("{broken} rule{} broken", if broken == 1 { "" } else { "s" })}
                    </span>
                }
            </header>
            <p class="hint">{"Deliberate bugs, all off in correct Paxos. Switch one on, run, and watch the safety monitor."}</p>
            <ul class="bugs">
                { for Bug::ALL.into_iter().map(|bug| html! {
                    <li>
                        <label class="bug">
                            <input type="checkbox" checked={bugs.get(bug)} onchange={toggle(bug)}
                                data-testid={format!("bug-{}", bug.name())} />
                            <span class="name">{label(bug)}</span>
                        </label>
                        <p class="why">{bug.explain()}</p>
                    </li>
                }) }
                <li>
                    <label class="bug">
                        <input type="checkbox" checked={amnesia} onchange={toggle_amnesia}
                            data-testid="bug-amnesia" />
                        <span class="name">{"Amnesia (no durable writes)"}</span>
                    </label>
                    <p class="why">{Durability::NoWrites.explain()}</p>
                </li>
            </ul>
            <h3>{"Flexible quorums"}</h3>
            <div class="setting quorums">
                <label class="inline" title="Promises a proposer needs before phase 2">{"Phase 1 (Q1)"}
                    <input type="number" min="1" max={n.to_string()} step="1" value={q1.to_string()}
                        data-testid="q1" aria-label="Phase-1 quorum size" onchange={quorum(1)} />
                </label>
                <label class="inline" title="Acceptances that make a value chosen">{"Phase 2 (Q2)"}
                    <input type="number" min="1" max={n.to_string()} step="1" value={q2.to_string()}
                        data-testid="q2" aria-label="Phase-2 quorum size" onchange={quorum(2)} />
                </label>
                <span class="hint">{ if default { format!("majorities of {n}") } else { format!("of {n} acceptors") } }</span>
            </div>
            <p class={classes!("rule", (!meet).then_some("warn"))} data-testid="quorum-rule">
                <strong>{ if meet { "✓ Q1 + Q2 > N. " } else { "✗ Q1 + Q2 ≤ N. " } }</strong>{rule}
            </p>
        </section>
    }
}
