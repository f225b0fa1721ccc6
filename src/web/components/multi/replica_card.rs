//! One card per replica.

use super::State;
use crate::web::state::Action;
use paxos_core::multi::{MultiPaxos, Role};
use paxos_core::types::NodeId;
use paxos_front::view::format_time;
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

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
