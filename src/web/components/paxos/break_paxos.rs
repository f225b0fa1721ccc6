//! "Break Paxos": the deliberate bugs, amnesia, and flexible quorums, each
//! with the rule it breaks in one line. Off (and majorities) is correct
//! Paxos; the safety monitor shouts when a bug does damage.

use crate::web::components::NumberField;
use paxos_core::paxos::{Bug, Bugs, Config, Durability, Knob};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The protocol's settings at the cursor.
    pub config: Config,
    /// Safety has broken in this run, at the cursor.
    pub violated: bool,
    /// A bug, the durability or the quorums changed.
    pub on_tune: Callback<Knob>,
    /// Something to tell the user (an out-of-range quorum).
    pub on_notice: Callback<String>,
    /// A gallery run asked for, by id.
    pub on_open_example: Callback<&'static str>,
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

/// The gallery run that shows the toggle breaking safety.
fn lesson(bug: Option<Bug>) -> &'static str {
    match bug {
        Some(Bug::OneBallot) => "bug-one-ballot",
        Some(Bug::IgnorePromises) => "bug-ignore-promises",
        Some(Bug::CountAcrossBallots) => "bug-count-across-ballots",
        Some(Bug::AcceptWithoutPromise) => "bug-accept-without-promise",
        None => "bug-amnesia",
    }
}

/// What a run needs before the broken rule matters, and how to give it
/// that by hand (most runs never need it: that is why the rules are easy
/// to get wrong).
fn by_hand(bug: Option<Bug>) -> &'static str {
    match bug {
        Some(Bug::OneBallot) => {
            "It shows only when an acceptor accepted a value, then promised a higher ballot that never finished, and a later proposer reads that promise. That takes a lossy network and some luck: set Drop to 20–30% and try a few seeds, or open the gallery run."
        }
        Some(Bug::IgnorePromises) => {
            "It shows when a proposer that never learned the outcome runs after a value is chosen: once \"A\" is chosen, crash n2 and restart it (what a learner knows is not on disk), then propose another value at n2."
        }
        Some(Bug::CountAcrossBallots) => {
            "It shows when acceptances of one value are spread over two ballots, neither a quorum by itself: that takes lost messages and a duel. Turn Backoff off, set Drop to 30% and try a few seeds, or open the gallery run."
        }
        Some(Bug::AcceptWithoutPromise) => {
            "It shows when an Accept arrives after its acceptor promised a higher ballot: turn Backoff off so the proposers duel and try a few seeds, or click an Accept in flight and delay it until a higher Prepare has arrived."
        }
        None => {
            "It shows after a crash: once a value is chosen, crash two nodes and restart them (they come back empty), cut the third off, and propose another value."
        }
    }
}

#[function_component]
pub fn BreakPaxos(props: &Props) -> Html {
    let config = props.config;
    let bugs = config.bugs;
    let n = config.cluster_size;
    let toggle = |bug: Bug| {
        let on_tune = props.on_tune.clone();
        Callback::from(move |_: Event| {
            let mut next: Bugs = bugs;
            next.set(bug, !bugs.get(bug));
            on_tune.emit(Knob::Bugs(next));
        })
    };
    let amnesia = config.durability == Durability::NoWrites;
    let toggle_amnesia = {
        let on_tune = props.on_tune.clone();
        Callback::from(move |_: Event| {
            let mode = if amnesia {
                Durability::WriteAhead
            } else {
                Durability::NoWrites
            };
            on_tune.emit(Knob::Durability(mode));
        })
    };
    let quorum = |phase: u8| {
        let (on_tune, on_notice) = (props.on_tune.clone(), props.on_notice.clone());
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
                    on_tune.emit(Knob::Quorums { q1, q2 });
                }
                _ => on_notice.emit(format!(
                    "Phase-{phase} quorum: {text:?} is not a number of acceptors from 1 to {n}."
                )),
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
    let violated = props.violated;
    // Under a toggle: the way to see it break, and, once on, whether this
    // run has broken yet and what it would take.
    let more = |bug: Option<Bug>, on: bool| {
        let id = lesson(bug);
        let open = props.on_open_example.reform(move |_: MouseEvent| id);
        let name = bug.map_or("amnesia", Bug::name);
        html! {
            <>
                if on {
                    <p class={classes!("status", violated.then_some("broke"))} data-testid={format!("bug-status-{name}")}>
                        { if violated {
                            "✗ Safety broke in this run: see the red banner.".to_string()
                        } else {
                            format!("On, but nothing has broken yet: this run has not needed the rule. {}", by_hand(bug))
                        } }
                    </p>
                }
                <button class="link see-it" data-testid={format!("see-it-break-{name}")} onclick={open}
                    title="Open the gallery run where this bug breaks safety">{"see it break →"}</button>
            </>
        }
    };
    html! {
        <section class={classes!("panel", "break-paxos", (broken > 0).then_some("broken"))}
            aria-label="Break Paxos" data-testid="break-paxos">
            <header class="panel-head">
                <h2>{"Break Paxos"}</h2>
                if broken > 0 {
                    <span class="badge warn" data-testid="broken-count">
                        {format!("{} broken", paxos_front::view::count(broken as u64, "rule", None))}
                    </span>
                }
            </header>
            <p class="hint">{"Deliberate bugs, all off in correct Paxos. Switch one on, run, and watch the safety monitor."}</p>
            <ul class="bugs">
                { for Bug::ALL.iter().copied().map(|bug| html! {
                    <li>
                        <label class="bug">
                            <input type="checkbox" checked={bugs.get(bug)} onchange={toggle(bug)}
                                data-testid={format!("bug-{}", bug.name())} />
                            <span class="name">{label(bug)}</span>
                        </label>
                        <p class="why">{bug.explain()}</p>
                        { more(Some(bug), bugs.get(bug)) }
                    </li>
                }) }
                <li>
                    <label class="bug">
                        <input type="checkbox" checked={amnesia} onchange={toggle_amnesia}
                            data-testid="bug-amnesia" />
                        <span class="name">{"Amnesia (no durable writes)"}</span>
                    </label>
                    <p class="why">{Durability::NoWrites.explain()}</p>
                    { more(None, amnesia) }
                </li>
            </ul>
            <h3>{"Flexible quorums"}</h3>
            <div class="setting quorums">
                <label class="inline" title="Promises a proposer needs before phase 2">{"Phase 1 (Q1)"}
                    <NumberField min="1" max={n.to_string()} step="1" value={q1.to_string()}
                        testid="q1" label="Phase-1 quorum size" onchange={quorum(1)} />
                </label>
                <label class="inline" title="Acceptances that make a value chosen">{"Phase 2 (Q2)"}
                    <NumberField min="1" max={n.to_string()} step="1" value={q2.to_string()}
                        testid="q2" label="Phase-2 quorum size" onchange={quorum(2)} />
                </label>
                <span class="hint">{ if default { format!("majorities of {n}") } else { format!("of {n} acceptors") } }</span>
            </div>
            <p class={classes!("rule", (!meet).then_some("warn"))} data-testid="quorum-rule">
                <strong>{ if meet { "✓ Q1 + Q2 > N. " } else { "✗ Q1 + Q2 ≤ N. " } }</strong>{rule}
            </p>
        </section>
    }
}
