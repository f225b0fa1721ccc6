//! Model check: every interleaving of the run's cluster, within bounds,
//! searched in a Web Worker; its progress, its result, and the shortest
//! counterexample to play on the diagram.

use super::NumberField;
use crate::web::hooks::{Checker, Checking};
use paxos_check::grouped;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub checker: Checker,
    /// What was wrong with a bound the user typed.
    pub on_notice: Callback<String>,
}

/// Each bound a student sets: its place among the checker's bounds, its
/// field's test id, its label, its range.
const BOUNDS: [(usize, &str, &str, u32, u32); 6] = [
    (0, "check-depth", "Depth (choices)", 1, 40),
    (1, "check-ballots", "Ballots per proposer", 1, 4),
    (6, "check-slots", "Log slots", 1, 8),
    (2, "check-crashes", "Crashes", 0, 3),
    (3, "check-drops", "Drops", 0, 3),
    (4, "check-duplicates", "Duplicates", 0, 3),
];

fn stats(p: &crate::web::checker::Progress, max_depth: u32) -> String {
    let rate = if p.elapsed_s > 0.0 {
        format!(
            " · {} unique/s",
            grouped((p.unique as f64 / p.elapsed_s) as u64)
        )
    } else {
        String::new()
    };
    format!(
        "{} states, {} unique · depth {} of {max_depth}{rate} · {} MiB",
        grouped(p.states),
        grouped(p.unique),
        p.depth,
        p.bytes >> 20
    )
}

#[function_component]
pub fn CheckPanel(props: &Props) -> Html {
    let c = &props.checker;
    let running = matches!(c.status, Checking::Running(_));
    // A bound of no ballots is a protocol whose nodes start none (the
    // storage designs), and of no slots one without a log: nothing to set.
    let shown = |i: usize| !matches!(i, 1 | 6) || c.bounds[i] > 0;
    let fields = BOUNDS.iter().filter(|b| shown(b.0)).map(|&(i, testid, label, min, max)| {
        let (on_bound, on_notice) = (c.on_bound.clone(), props.on_notice.clone());
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u32>() {
                Ok(value) if (min..=max).contains(&value) => on_bound.emit((i, value)),
                _ => on_notice.emit(format!(
                    "{label}: {:?} is not a whole number from {min} to {max}.",
                    input.value()
                )),
            }
        });
        html! {
            <label class="check-bound">
                <span>{label}</span>
                <NumberField value={c.bounds[i].to_string()} {onchange} step="1"
                    min={Some(AttrValue::from(min.to_string()))} max={Some(AttrValue::from(max.to_string()))}
                    label={label} testid={Some(AttrValue::from(testid))} />
            </label>
        }
    });
    let max_depth = c.bounds[0];
    let status = match &c.status {
        Checking::Idle => html! {},
        Checking::Running(p) => html! {
            <div class="check-running">
                <progress data-testid="check-progress" max={max_depth.to_string()}
                    value={p.depth.to_string()} />
                <p class="muted" data-testid="check-stats">{stats(p, max_depth)}</p>
            </div>
        },
        Checking::Cancelled(p) => html! {
            <p class="check-result" data-testid="check-result" data-result="cancelled">
                {format!("Cancelled after {} unique states, at depth {}.", grouped(p.unique), p.depth)}
            </p>
        },
        Checking::Failed(why) => html! {
            <p class="check-result bad" data-testid="check-result" data-result="error">{why.clone()}</p>
        },
        Checking::Done(f) => {
            let time = format!("{:.1} s", f.progress.elapsed_s);
            let (unique, elapsed) = (
                f.progress.unique.to_string(),
                format!("{:.3}", f.progress.elapsed_s),
            );
            let result = match f.result.as_str() {
                "violation" => html! {
                    <div class="check-result bad" data-testid="check-result" data-result="violation">
                        <p><strong>{format!("Violation of {}", f.property.clone().unwrap_or_default())}</strong>
                            {format!(" after {} choices ({} steps), the shortest there is; found in {} unique states, {time}.", f.choices, f.steps.len(), grouped(f.progress.unique))}</p>
                        <p>{f.detail.clone().unwrap_or_default()}</p>
                        <button class="primary" data-testid="check-play" onclick={c.on_play.reform(|_| ())}
                            title="Open it as a run you schedule: step through it to the violation">{"▶ Play it"}</button>
                        <details>
                            <summary>{"The steps"}</summary>
                            <ol class="check-steps">{ for f.steps.iter().map(|s| html! { <li>{s}</li> }) }</ol>
                        </details>
                    </div>
                },
                "out_of_memory" => html! {
                    <p class="check-result bad" data-testid="check-result" data-result="out_of_memory">
                        {format!("Stopped at the memory bound ({} MiB) after {}: lower the depth or the ballots to cover the space.", c.bounds[5], f.covered)}
                    </p>
                },
                _ => html! {
                    <p class="check-result good" data-testid="check-result" data-result="ok">
                        {format!("✓ No violation in {}, {time}.", f.covered)}
                    </p>
                },
            };
            // The figures, for the benchmark (tests/e2e/bench-check.mjs).
            html! { <div class="check-done" data-unique={unique} data-elapsed-s={elapsed}>{result}</div> }
        }
    };
    html! {
        <section class="panel check" aria-label="Model check" data-testid="check-panel">
            <header class="panel-head"><h2>{"Model check"}</h2></header>
            <p class="hint">{"Every order of this run's messages, timers and disk writes, and every fault within the bounds, breadth first, so a violation found is a shortest one. The run's settings and toggles are what is checked; random loss and crashes are left to the bounds."}</p>
            <div class="check-bounds">{ for fields }</div>
            <div class="check-actions">
                if running {
                    <button data-testid="check-cancel" onclick={c.on_cancel.reform(|_| ())}>{"Cancel"}</button>
                } else {
                    <button class="primary" data-testid="check-start" onclick={c.on_start.reform(|_| ())}>{"Check"}</button>
                }
            </div>
            { status }
        </section>
    }
}
