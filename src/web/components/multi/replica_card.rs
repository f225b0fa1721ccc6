//! One card per replica.

use paxos_core::multi::MultiPaxos;
use paxos_front::view::format_time;
use paxos_front::view::multi::ReplicaView;
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CardProps {
    pub view: ReplicaView,
    /// A crash or a restart.
    pub on_act: Callback<SimAction<MultiPaxos>>,
}

/// One replica: its role, acceptor, learner and disk, with crash/restart.
#[function_component(ReplicaCard)]
pub fn replica_card(props: &CardProps) -> Html {
    let ReplicaView {
        id,
        live,
        writing,
        disk_key,
        disk,
    } = &props.view;
    let (id, writing) = (*id, *writing);
    let act = |action: SimAction<MultiPaxos>| {
        let on_act = props.on_act.clone();
        Callback::from(move |_| on_act.emit(action.clone()))
    };
    let leader = live.as_ref().is_some_and(|n| n.leader);
    html! {
        <article data-testid={format!("node-{}", id.0)}
            class={classes!("node", live.is_none().then_some("down"), leader.then_some("leader"))}
            aria-label={format!("Replica {id}")}>
            <header>
                <h3>{ if leader { format!("★ {id}") } else { id.to_string() } }</h3>
                <span class="status">{ if live.is_some() { "up" } else { "crashed" } }</span>
                <span class="spacer"></span>
                if live.is_some() {
                    <button class="small danger" data-testid={format!("node-{}-crash", id.0)}
                        onclick={act(SimAction::Crash { node: id })}
                        title={format!("Crash {id}: it loses its log and store, and keeps only its disk")}>{"Crash"}</button>
                } else {
                    <button class="small" data-testid={format!("node-{}-restart", id.0)}
                        onclick={act(SimAction::Restart { node: id })}
                        title={format!("Restart {id} from its disk; it relearns the log from its peers")}>{"Restart"}</button>
                }
            </header>
            if let Some(n) = live {
                <dl>
                    <div title="Leader, campaigning candidate, or follower"><dt>{"Role"}</dt><dd>{&n.role}</dd></div>
                    <div title="Acceptor: one promise covers every slot"><dt>{"Promised"}</dt>
                        <dd class="mono">{n.promised.map_or("—".to_string(), |b| b.to_string())}</dd></div>
                    <div title="Learner and state machine: slots applied, in order"><dt>{"Executed"}</dt>
                        <dd class="mono">{format!("{}; {} more known chosen", paxos_front::view::count(n.executed, "slot", None), n.chosen_waiting)}</dd></div>
                    if let Some((in_flight, window, queued)) = n.pipeline {
                        <div title="Slots proposed and not yet chosen, and commands waiting for room in the window">
                            <dt>{"Pipeline"}</dt>
                            <dd class="mono">{format!("{in_flight} of {window} in flight, {queued} queued")}</dd>
                        </div>
                    }
                    <div title="Timers waiting to fire"><dt>{"Timers"}</dt><dd class="mono small">{
                        if n.timers.is_empty() {
                            "—".to_string()
                        } else {
                            n.timers.iter().map(|(t, at)| format!("{t} at {}", format_time(*at))).collect::<Vec<_>>().join(", ")
                        }
                    }</dd></div>
                </dl>
            }
            <footer class={classes!("disk", writing.then_some("writing"))}
                data-disk={disk_key.clone()}
                title="What is durable on this replica's disk: all that survives a crash">
                <span class="disk-label">{ if writing { "disk · writing…" } else { "disk" } }</span>
                <span class="mono">{disk}</span>
            </footer>
        </article>
    }
}
