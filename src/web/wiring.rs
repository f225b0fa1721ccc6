//! Where the page's state meets the components: each component's view,
//! built from the state, and its callbacks, which become the reducer's
//! actions. Components take these, never the reducer's handle.

use super::components::{RingDot, RingNode, RingView, StorageCallbacks, StorageView};
use super::protocol::WebProtocol;
use super::state::{Action, Playground};
use super::store::{Disk, WebStore};
use paxos_core::types::{Actor, NodeId};
use paxos_sim::timeline::Action as SimAction;
use yew::prelude::*;

/// Something done to the cluster, from a component: recorded by the
/// reducer.
pub fn on_act<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Callback<SimAction<P>> {
    let state = state.clone();
    Callback::from(move |action| state.dispatch(Action::Act(action)))
}

/// Something a component must tell the user.
pub fn on_notice<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) -> Callback<String> {
    let state = state.clone();
    Callback::from(move |notice| state.dispatch(Action::SetNotice(Some(notice))))
}

/// The disk panel's view of the state.
pub fn storage_view<P: WebProtocol>(state: &Playground<P>) -> StorageView {
    let store = state.store.borrow();
    let (status, status_class) = storage_status(&store);
    let in_memory = matches!(store.disk, Disk::Memory { .. });
    drop(store);
    let inspected = state.inspected.as_ref().map(|found| {
        found
            .iter()
            .map(|(node, result)| {
                let (text, class, key) = match result {
                    Ok(None) => (
                        "no record: nothing promised or accepted".to_string(),
                        "empty",
                        P::disk_key(&Default::default()),
                    ),
                    Ok(Some(disk)) => (P::describe_disk(disk), "ok", P::disk_key(disk)),
                    Err(e) => (e.to_string(), "bad", "unusable".to_string()),
                };
                (*node, text, class, key)
            })
            .collect()
    });
    StorageView {
        status,
        status_class,
        durable: state.durable(),
        in_memory,
        busy: state.disk_busy(),
        run: state.run_id(),
        protocol: P::NAME,
        open: state.show_storage,
        inspected,
        runs: state.runs.clone(),
    }
}

/// What the disk panel asks of the reducer.
pub fn storage_callbacks<P: WebProtocol>(
    state: &UseReducerHandle<Playground<P>>,
) -> StorageCallbacks {
    let send = |action: fn() -> Action<P>| {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(action()))
    };
    StorageCallbacks {
        on_toggle: send(|| Action::ToggleStorage),
        on_refresh: send(|| Action::RefreshStorage),
        on_clear: send(|| Action::ClearAll),
        on_resume: {
            let state = state.clone();
            Callback::from(move |record| state.dispatch(Action::ResumeRun(record)))
        },
        on_delete: {
            let state = state.clone();
            Callback::from(move |run| state.dispatch(Action::DeleteRun(run)))
        },
    }
}

/// The cluster ring's view of the state: the cut links, the messages in
/// flight at the cursor (of the kinds shown), and each node in the
/// protocol's words.
pub fn ring_view<P: WebProtocol>(state: &Playground<P>) -> RingView {
    let timeline = state.timeline();
    let sim = timeline.state();
    let cursor = timeline.cursor();
    let visible = timeline.visible_trace_len();
    let diagram = state.diagram();
    // When each message in flight at the frontier arrives. (Inserted one
    // by one: collecting into a map would link a sort for its pairs.)
    let mut planned = paxos_core::collections::LiteMap::new_vec();
    for (id, .., at) in timeline.frontier().in_flight() {
        planned.insert(id, at);
    }
    let dots = diagram
        .arrows_in(cursor.time_us, cursor.time_us, visible)
        .filter(|a| !state.hidden_kinds.contains(a.kind))
        .filter_map(|a| {
            let (Actor::Node(from), Actor::Node(to)) = (a.from, a.to) else {
                return None;
            };
            let along = a.progress(cursor.time_us, visible, planned.get(&a.id).copied())?;
            let label = paxos_front::diagram::label(timeline.frontier().trace(), a);
            Some(RingDot {
                kind: a.kind,
                from,
                to,
                along,
                title: format!("{label} {from} → {to}"),
            })
        })
        .collect();
    let nodes = sim
        .nodes()
        .map(|id| {
            let (classes, badge, title) = P::ring_node(sim, id);
            RingNode {
                id,
                classes,
                badge,
                title,
            }
        })
        .collect();
    RingView {
        n: P::cluster_size(&sim.config().protocol),
        cut: sim.cut_links().clone(),
        dots,
        nodes,
    }
}

/// The ring's partition editor: the network cut to these directions.
pub fn on_cut<P: WebProtocol>(
    state: &UseReducerHandle<Playground<P>>,
) -> Callback<Vec<(NodeId, NodeId)>> {
    on_act(state).reform(|cut| SimAction::SetCut { cut })
}

/// The disk panel's status line and its class: where the disks live, with
/// the store's figures.
fn storage_status<P: WebProtocol>(store: &WebStore<P>) -> (String, &'static str) {
    match &store.disk {
        Disk::Opening => ("Opening IndexedDB…".to_string(), "opening"),
        Disk::IndexedDb(_) => {
            let mut sorted = store.latencies_ms.clone();
            sorted.sort_by(f64::total_cmp);
            let latency = if sorted.is_empty() {
                String::new()
            } else {
                format!(
                    " · write p50 {:.1} ms, p95 {:.1} ms",
                    percentile(&sorted, 50.0),
                    percentile(&sorted, 95.0)
                )
            };
            let durability = store.last_durability.as_deref().unwrap_or("strict");
            (
                format!(
                    "IndexedDB · {durability} durability · {} writes committed{latency}",
                    store.committed
                ),
                "idb",
            )
        }
        Disk::Memory { why } => (format!("Memory only ({why}): a reload loses it"), "memory"),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}
