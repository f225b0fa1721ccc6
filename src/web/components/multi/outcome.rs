//! What the replicated log has achieved.

use paxos_front::view::format_time;
use paxos_front::view::multi::MultiOutcomeView;
use paxos_sim::sim::format_hash;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: MultiOutcomeView,
    /// Shown under the figures (the safety monitor's note).
    #[prop_or_default]
    pub children: Html,
}

/// What the replicated log has achieved: the leader, the commands the
/// clients got answers for, and how fast.
#[function_component(MultiOutcome)]
pub fn multi_outcome(props: &Props) -> Html {
    let MultiOutcomeView {
        leader,
        chosen,
        window,
        totals,
        trace_hash,
    } = &props.view;
    let (chosen, window) = (*chosen, *window);
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
            { props.children.clone() }
            <div class="hash" title="Identifies this exact run: the same seed and scenario always give the same hash">
                {"trace "}<code data-testid="trace-hash">{format_hash(*trace_hash)}</code>
            </div>
        </section>
    }
}
