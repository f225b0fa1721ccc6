//! Time travel: rewinding shows exactly what happened, replaying recorded
//! actions rebuilds the run, and acting in the past forks history.

use paxos_core::types::{NodeId, Value};
use paxos_sim::sim::{ClusterState, Event, SimConfig};
use paxos_sim::timeline::{Action, Timeline, SNAPSHOT_EVERY};
use std::collections::BTreeMap;

fn lossy(seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::runs::paxos::config(3, 2, seed);
    c.network.drop_prob = 0.1;
    c.network.dup_prob = 0.1;
    c.faults.until_us = c.until_us;
    c
}

/// The cluster state seen live at each cursor position visited, by step.
type Seen = BTreeMap<usize, ClusterState<paxos_core::paxos::SingleDecree>>;

fn look(t: &Timeline<paxos_core::paxos::SingleDecree>, seen: &mut Seen) {
    seen.insert(t.cursor().position, t.state().cluster_state());
}

/// Steps forward (one visible step at a time) up to `times` times, looking
/// each time.
fn forward(t: &mut Timeline<paxos_core::paxos::SingleDecree>, seen: &mut Seen, times: usize) {
    for _ in 0..times {
        if !t.step_forward() {
            break;
        }
        look(t, seen);
    }
}

/// A run with user actions along the way, and what was seen live.
fn run_with_actions(seed: u64) -> (Timeline<paxos_core::paxos::SingleDecree>, Seen) {
    let mut t = Timeline::new(lossy(seed)).unwrap();
    let mut seen = Seen::new();
    look(&t, &mut seen);
    forward(&mut t, &mut seen, 20);
    t.act(Action::Crash { node: NodeId(1) }).unwrap();
    look(&t, &mut seen);
    forward(&mut t, &mut seen, 25);
    t.act(Action::Propose {
        node: NodeId(2),
        value: Value::new("late"),
    })
    .unwrap();
    t.act(Action::Restart { node: NodeId(1) }).unwrap();
    look(&t, &mut seen);
    forward(&mut t, &mut seen, 60);
    (t, seen)
}

#[test]
fn rewinding_shows_each_past_state_exactly_as_it_was() {
    let (mut t, seen) = run_with_actions(3);
    let trace = t.frontier().trace().to_vec();
    assert!(seen.len() > 60, "{} states seen", seen.len());
    let mut checked = 0;
    while t.step_back() {
        let step = t.cursor().position;
        assert_eq!(
            Some(&t.state().cluster_state()),
            seen.get(&step),
            "step {step}"
        );
        checked += 1;
    }
    assert_eq!(checked, seen.len() - 1);
    assert_eq!(t.cursor().position, 0);
    assert_eq!(
        t.frontier().trace(),
        &trace[..],
        "rewinding changes nothing"
    );
}

#[test]
fn replaying_forward_after_a_rewind_gives_the_identical_diagram() {
    let (mut t, _) = run_with_actions(5);
    let end = t.frontier_time_us();
    let trace = t.frontier().trace().to_vec();
    let hash = t.frontier().trace_hash();
    // Time 0 shows everything that happens at time 0 (the client requests
    // leaving), and nothing later.
    t.seek(0);
    let at_zero = trace.iter().take_while(|e| e.time_us == 0).count();
    assert!(at_zero > 0);
    assert_eq!(t.visible_trace_len(), at_zero);
    let mut time = 0;
    while time < end {
        time += 777;
        t.seek(time.min(end));
        let visible = t.visible_trace_len();
        assert!(trace[..visible].iter().all(|e| e.time_us <= time));
    }
    assert_eq!(t.frontier().trace(), &trace[..]);
    assert_eq!(t.frontier().trace_hash(), hash);
    assert_eq!(t.visible_trace_len(), trace.len());
}

#[test]
fn recorded_actions_rebuild_the_run_exactly() {
    let (t, _) = run_with_actions(8);
    assert_eq!(t.actions().len(), 3);
    let mut rebuilt = Timeline::replay(t.config().clone(), t.actions()).unwrap();
    rebuilt.seek(t.frontier_time_us());
    assert_eq!(rebuilt.frontier().trace(), t.frontier().trace());
    assert_eq!(rebuilt.frontier().trace_hash(), t.frontier().trace_hash());
}

#[test]
fn acting_in_the_past_forks_history_and_discards_the_future() {
    let (mut t, _) = run_with_actions(11);
    let old_trace = t.frontier().trace().to_vec();
    let end = t.frontier_time_us();
    // Back to just after the first action.
    let fork_time = t.actions()[0].time_us + 1;
    t.seek(fork_time);
    let fork_position = t.cursor().position;
    let prefix = t.visible_trace_len();
    assert!(t.act(Action::Crash { node: NodeId(0) }).unwrap());
    assert_eq!(
        t.frontier_position(),
        fork_position + 1,
        "the future is gone; the crash is the new last position"
    );
    assert_eq!(t.actions().len(), 2, "later actions are discarded");
    assert_eq!(
        &t.frontier().trace()[..prefix],
        &old_trace[..prefix],
        "the past is kept"
    );
    assert_eq!(
        t.frontier().trace()[prefix].event,
        Event::Crash { node: NodeId(0) }
    );
    t.seek(end);
    assert_ne!(t.frontier().trace(), &old_trace[..], "a different future");
    // And the fork replays exactly too.
    let mut rebuilt = Timeline::replay(t.config().clone(), t.actions()).unwrap();
    rebuilt.seek(end);
    assert_eq!(rebuilt.frontier().trace_hash(), t.frontier().trace_hash());
}

#[test]
fn step_back_retraces_step_forward() {
    let mut t = Timeline::new(lossy(2)).unwrap();
    let mut forward = vec![(t.cursor(), t.visible_trace_len())];
    for _ in 0..30 {
        assert!(t.step_forward());
        forward.push((t.cursor(), t.visible_trace_len()));
    }
    for expected in forward.iter().rev().skip(1) {
        assert!(t.step_back());
        assert_eq!((t.cursor(), t.visible_trace_len()), *expected);
    }
    assert!(!t.step_back(), "nothing before the start");
}

#[test]
fn actions_that_change_nothing_are_not_recorded() {
    let mut t = Timeline::new(lossy(1)).unwrap();
    assert!(t.act(Action::Crash { node: NodeId(1) }).unwrap());
    assert!(!t.act(Action::Crash { node: NodeId(1) }).unwrap());
    assert!(!t.act(Action::Restart { node: NodeId(2) }).unwrap());
    assert_eq!(t.actions().len(), 1);
    let bad = t.act(Action::Propose {
        node: NodeId(7),
        value: Value::new("x"),
    });
    assert_eq!(bad.unwrap_err().to_string(), "there is no node n7");
}

#[test]
fn long_runs_rewind_from_snapshots() {
    // A duel without backoff runs forever: over two snapshot intervals.
    let mut c = paxos_front::runs::paxos::config(3, 2, 7);
    c.network.latency_min_us = 5_000;
    c.network.latency_max_us = 5_000;
    c.disk.write_min_us = 1_000;
    c.disk.write_max_us = 1_000;
    c.protocol.backoff = false;
    let mut t = Timeline::new(c.clone()).unwrap();
    t.seek(9_000_000);
    let steps = t.frontier_position() as u64;
    let every = SNAPSHOT_EVERY as u64;
    assert!(steps > 2 * every, "{steps} steps");
    for target in [steps - 1, every + 17, every, 3] {
        let mut fresh = paxos_sim::sim::Sim::new(c.clone()).unwrap();
        while fresh.steps() < target {
            fresh.step();
        }
        // Seek to the time of that step: the cursor lands on the last step
        // at that time.
        t.seek(fresh.now_us());
        while fresh.next_event_us() == Some(fresh.now_us()) {
            fresh.step();
        }
        assert_eq!(
            t.cursor().position as u64,
            fresh.steps(),
            "no actions: a position per step"
        );
        assert_eq!(
            t.state().cluster_state(),
            fresh.cluster_state(),
            "step {target}"
        );
    }
}

#[test]
fn an_action_taken_between_steps_is_seen_only_from_when_it_happened() {
    let mut t = Timeline::new(lossy(4)).unwrap();
    // Stop half-way between two steps, and crash n0 there.
    for _ in 0..10 {
        t.step_forward();
    }
    let step_time = t.cursor().time_us;
    let next = t.frontier().next_event_us().unwrap();
    let crash_time = step_time + (next - step_time) / 2;
    assert!(crash_time > step_time);
    t.seek(crash_time);
    assert!(t.act(Action::Crash { node: NodeId(0) }).unwrap());
    // Just before the crash: n0 is up, and no crash is visible.
    t.seek(crash_time - 1);
    assert!(t.state().node(NodeId(0)).is_some(), "n0 was still up then");
    let visible = &t.frontier().trace()[..t.visible_trace_len()];
    assert!(visible.iter().all(|e| e.time_us < crash_time));
    // And acting there forks at the right moment, dropping the later crash.
    assert!(t.act(Action::Crash { node: NodeId(1) }).unwrap());
    assert_eq!(t.actions().len(), 1);
    assert_eq!(t.actions()[0].time_us, crash_time - 1);
    assert!(t.state().node(NodeId(0)).is_some());
}

#[test]
fn stepping_to_the_end_reaches_the_live_edge() {
    let mut t = Timeline::new(lossy(6)).unwrap();
    while t.step_forward() {}
    assert!(t.at_frontier(), "the last step settles on the live edge");
    assert!(t.is_finished());
    assert!(!t.step_forward());
}

#[test]
fn snapshots_do_not_depend_on_where_play_paused() {
    // A duel that never ends, so there are snapshots to rewind from.
    let c = paxos_front::bench::stress_config(7);
    let straight = {
        let mut t = Timeline::new(c.clone()).unwrap();
        t.seek(6_000_000);
        t
    };
    // Paused half-way between the snapshot's position and the next event,
    // then played on in odd slices.
    let mut sliced = Timeline::new(c).unwrap();
    sliced.seek_position(SNAPSHOT_EVERY);
    let here = sliced.cursor().time_us;
    let next = sliced.frontier().next_event_us().unwrap();
    sliced.seek(here + (next - here) / 2);
    let mut time = sliced.cursor().time_us;
    while time < 6_000_000 {
        time += 3_331;
        sliced.seek(time);
    }
    assert!(straight.frontier_position() > SNAPSHOT_EVERY + 10);
    for position in [SNAPSHOT_EVERY, SNAPSHOT_EVERY + 5, SNAPSHOT_EVERY * 2 - 1] {
        let mut a = straight.clone();
        let mut b = sliced.clone();
        a.seek_position(position);
        b.seek_position(position);
        assert_eq!(
            a.state().now_us(),
            b.state().now_us(),
            "position {position}"
        );
        assert_eq!(a.state().cluster_state(), b.state().cluster_state());
    }
}

#[test]
fn a_change_that_changes_nothing_does_not_fork_the_past() {
    let (mut t, _) = run_with_actions(9);
    let frontier = t.frontier_position();
    let generation = t.generation();
    t.seek(t.actions()[0].time_us + 1);
    let network = t.state().config().network.clone();
    assert!(!t.act(Action::SetNetwork { network }).unwrap());
    let disk = t.state().config().disk.clone();
    assert!(!t.act(Action::SetDisk { disk }).unwrap());
    assert_eq!(t.frontier_position(), frontier, "the future is kept");
    assert_eq!(t.generation(), generation);
}

#[test]
fn replay_refuses_actions_out_of_order() {
    let (t, _) = run_with_actions(8);
    let mut actions = t.actions().to_vec();
    actions.swap(0, 2);
    let err = Timeline::replay(t.config().clone(), &actions)
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("in the order they happened"),
        "{err}"
    );
}

/// Acting in the past no longer throws the future away: it becomes a
/// branch, and switching back to it replays it exactly.
#[test]
fn a_fork_keeps_the_old_future_as_a_branch_that_replays_exactly() {
    let mut t = Timeline::new(lossy(3)).unwrap();
    t.act(Action::Crash { node: NodeId(2) }).unwrap();
    t.seek(40_000);
    t.act(Action::Restart { node: NodeId(2) }).unwrap();
    t.seek(300_000);
    let original_hash = t.frontier().trace_hash();
    let original_actions = t.actions().to_vec();
    assert!(t.branches().is_empty(), "no fork yet");

    // Back in time, act differently: history forks.
    t.seek(20_000);
    t.act(Action::Crash { node: NodeId(0) }).unwrap();
    t.seek(300_000);
    let forked_hash = t.frontier().trace_hash();
    assert_ne!(forked_hash, original_hash);
    assert_eq!(t.branches().len(), 1, "the old future is kept");
    let branch = &t.branches()[0];
    assert_eq!(branch.actions, original_actions);
    assert_eq!(branch.forked_at_us, 20_000);
    assert_eq!(branch.reached_us, 300_000);

    // Switch back: the same run, event for event.
    let back = t.switch_branch(0).unwrap().unwrap();
    assert_eq!(back.frontier().trace_hash(), original_hash);
    assert_eq!(back.actions(), &original_actions[..]);
    assert_eq!(back.cursor().time_us, 300_000);
    assert_eq!(back.branches().len(), 1, "and the fork became the branch");
    // And forward again, to the fork.
    let again = back.switch_branch(0).unwrap().unwrap();
    assert_eq!(again.frontier().trace_hash(), forked_hash);
    assert!(t.switch_branch(5).is_none());
}

#[test]
fn acting_at_the_live_edge_makes_no_branch() {
    let mut t = Timeline::new(lossy(4)).unwrap();
    t.seek(30_000);
    t.act(Action::Crash { node: NodeId(1) }).unwrap();
    t.seek(60_000);
    t.act(Action::Restart { node: NodeId(1) }).unwrap();
    assert!(t.branches().is_empty());
}

/// A long run keeps a bounded number of snapshots, further apart, and
/// still rewinds to exactly the state it passed through.
#[test]
fn a_long_run_keeps_few_snapshots_and_still_rewinds_exactly() {
    use paxos_sim::timeline::MAX_SNAPSHOTS;
    let mut t = Timeline::new(paxos_front::bench::stress_config(1)).unwrap();
    let target = SNAPSHOT_EVERY * MAX_SNAPSHOTS * 2 + 1_000;
    let mut seen = Vec::new();
    while t.frontier_position() < target {
        t.seek(t.frontier_time_us() + 50_000);
        if seen.len() < 40 {
            seen.push((t.cursor().position, t.state().cluster_state()));
        }
    }
    let probes: Vec<usize> = (0..20).map(|i| 1 + i * (target / 20)).collect();
    let mut straight = Vec::new();
    {
        let mut fresh = Timeline::new(paxos_front::bench::stress_config(1)).unwrap();
        for &p in &probes {
            fresh.seek_position(p);
            straight.push(fresh.state().cluster_state());
        }
    }
    let (kept, every) = t.snapshot_spacing();
    assert!(kept <= MAX_SNAPSHOTS, "{kept} snapshots");
    assert!(every >= SNAPSHOT_EVERY * 4, "spaced {every} apart");
    for (&p, want) in probes.iter().zip(&straight).rev() {
        t.seek_position(p);
        assert_eq!(&t.state().cluster_state(), want, "position {p}");
    }
    for (p, want) in seen.iter().rev() {
        t.seek_position(*p);
        assert_eq!(&t.state().cluster_state(), want, "position {p}");
    }
}
