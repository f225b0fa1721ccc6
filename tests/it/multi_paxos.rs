//! Multi-Paxos on the simulator: agreement, linearizability, exactly-once,
//! compare-and-set, the seeds' gap example, pipelining.

use paxos_core::kv::{Command, Outcome, Request};
use paxos_core::multi::{Accepted, Acceptor, HistoryEvent, MultiPaxos};
use paxos_core::types::{Actor, Ballot, ClientId, NodeId};
use paxos_front::runs::multi as report;
use paxos_front::runs::multi::client_script as script;
use paxos_sim::sim::{Event, Payload, Sim, SimConfig};

fn faulty(seed: u64) -> SimConfig<MultiPaxos> {
    let mut config = paxos_front::runs::multi::workload(5, 4, 8, 3, seed);
    config.network.drop_prob = 0.05;
    config.network.dup_prob = 0.05;
    config.faults.crash_prob = 0.05;
    config.faults.partition_prob = 0.05;
    config.faults.until_us = 1_500_000;
    config.until_us = 60_000_000;
    config
}

fn run(config: SimConfig<MultiPaxos>) -> Sim<MultiPaxos> {
    let mut sim = Sim::new(config).expect("valid config");
    report::run(&mut sim);
    sim
}

/// Every chosen slot is the same on every replica, with crashes, restarts,
/// loss, duplication and partitions, over 500 seeds.
#[test]
fn replicas_agree_on_every_chosen_slot_across_500_faulty_seeds() {
    let mut executed = 0;
    for seed in 0..500 {
        let sim = run(faulty(seed));
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
        if let Err(why) = report::agreement(&sim) {
            panic!("seed {seed}: logs disagree: {why}");
        }
        assert!(sim.clients_done(), "seed {seed}: a client never finished");
        // In the end every replica has caught up and applied the same log.
        let nodes: Vec<_> = sim
            .nodes()
            .map(|id| sim.node(id).expect("all up"))
            .collect();
        for node in &nodes[1..] {
            assert_eq!(
                node.executed(),
                nodes[0].executed(),
                "seed {seed}: {} lags",
                node.id()
            );
            assert_eq!(
                node.kv(),
                nodes[0].kv(),
                "seed {seed}: {} applied differently",
                node.id()
            );
        }
        assert!(
            nodes[0].executed() >= 32,
            "seed {seed}: every command is in the log"
        );
        executed += nodes[0].executed();
    }
    assert!(executed >= 500 * 32, "{executed} slots executed");
}

/// What the clients saw can be explained by one order of the commands, on
/// every seed, with faults: zero non-linearizable histories.
#[test]
fn client_histories_are_linearizable_across_faulty_seeds() {
    let (mut checked, mut leader_changes) = (0, 0);
    let (mut cas_ok, mut cas_failed) = (0, 0);
    for seed in 1000..1200 {
        let sim = run(faulty(seed));
        leader_changes += u64::from(sim.summary().ballots > 1);
        let result = report::report(&sim);
        if let Err(failure) = result.linearizable {
            panic!("seed {seed}: {failure}");
        }
        checked += result.commands_committed;
        cas_ok += result.cas_ok;
        cas_failed += result.cas_failed;
    }
    assert!(checked >= 200 * 32, "{checked} commands checked");
    // The workload exercises compare-and-sets that match, not just ones
    // that fail: at least a fifth of them succeed.
    assert!(
        cas_ok * 5 >= cas_ok + cas_failed && cas_ok > 0,
        "only {cas_ok} of {} compare-and-sets matched",
        cas_ok + cas_failed
    );
    assert!(
        leader_changes >= 100,
        "only {leader_changes} runs changed leader"
    );
}

fn completions(sim: &Sim<MultiPaxos>, client: u8) -> Vec<Outcome> {
    sim.client(ClientId(client))
        .unwrap()
        .history()
        .iter()
        .filter_map(|e| match e {
            HistoryEvent::Complete { outcome, .. } => Some(outcome.clone()),
            _ => None,
        })
        .collect()
}

/// Two clients compare-and-set the same key from the same expected value
/// at the same moment, through different replicas: exactly one wins, and
/// the loser is told the winner's value.
#[test]
fn two_concurrent_compare_and_sets_from_the_same_value_exactly_one_wins() {
    for seed in 0..50 {
        let mut config = paxos_front::runs::multi::workload(5, 0, 0, 1, seed);
        config.clients = vec![
            script(400_000, 1, vec![Command::cas("x", None, "a")]),
            script(400_000, 3, vec![Command::cas("x", None, "b")]),
        ];
        let sim = run(config);
        let (a, b) = (completions(&sim, 0), completions(&sim, 1));
        let done = [&a, &b].iter().filter(|o| o[..] == [Outcome::Done]).count();
        assert_eq!(done, 1, "seed {seed}: exactly one wins: {a:?} {b:?}");
        let winner = if a[0] == Outcome::Done { "a" } else { "b" };
        let loser = if a[0] == Outcome::Done { &b } else { &a };
        assert_eq!(
            loser[0],
            Outcome::CasFailed {
                current: Some(winner.into())
            },
            "seed {seed}"
        );
    }
}

/// Inside a random workload with faults, clients that last saw the same
/// value of a key compare-and-set from it at overlapping times. Of all the
/// compare-and-sets from one value of one key, at most one can win (every
/// value is written once, so once it is replaced it never comes back). The
/// random workload makes races with exactly one winner common, not just
/// possible. (In the other races a put got in first, and all of them
/// failed.)
#[test]
fn compare_and_sets_racing_from_one_value_in_a_faulty_random_workload_have_one_winner() {
    use std::collections::BTreeMap;
    let (mut races, mut one_winner) = (0, 0);
    for seed in 0..100 {
        let mut config = faulty(seed);
        config.clients = (0..6)
            .map(|i| paxos_core::multi::ClientPlan {
                node: paxos_core::types::NodeId(i % 5),
                ..config.clients[0].clone()
            })
            .collect();
        for client in &mut config.clients {
            client.commands = paxos_core::multi::Commands::random(12, 2);
        }
        let sim = run(config);
        // Per (key, expected value): each answered compare-and-set's
        // client, interval and whether it won.
        type Attempt = (u8, u64, u64, bool);
        let mut from: BTreeMap<(String, Option<String>), Vec<Attempt>> = BTreeMap::new();
        for op in paxos_core::multi::operations(report::histories(&sim)) {
            if let (Command::Cas { key, expected, .. }, Some((done, outcome))) =
                (&op.command, &op.completed)
            {
                from.entry((key.clone(), expected.clone()))
                    .or_default()
                    .push((op.client.0, op.invoked_us, *done, *outcome == Outcome::Done));
            }
        }
        for ((key, expected), casts) in &from {
            let winners = casts.iter().filter(|c| c.3).count();
            assert!(
                winners <= 1,
                "seed {seed}: {winners} compare-and-sets of {key} from {expected:?} won: {casts:?}"
            );
            let raced = casts.iter().enumerate().any(|(i, a)| {
                casts[i + 1..]
                    .iter()
                    .any(|b| a.0 != b.0 && a.1 <= b.2 && b.1 <= a.2)
            });
            if raced {
                races += 1;
                one_winner += usize::from(winners == 1);
            }
        }
    }
    assert!(
        one_winner >= 100,
        "only {one_winner} of {races} races had exactly one winner"
    );
}

/// A client whose answer was lost retries the same command (same sequence
/// number) at another replica. The command is applied once, and the retry
/// gets the original answer, even though another client changed the key
/// in between.
#[test]
fn a_retried_command_is_applied_once_and_answered_with_its_first_result() {
    let mut config = paxos_front::runs::multi::workload(3, 0, 0, 1, 7);
    config.record_trace = true;
    config.client_retry_us = 400_000;
    config.clients = vec![
        script(400_000, 0, vec![Command::cas("x", None, "a")]),
        script(900_000, 1, vec![Command::put("x", "b")]),
    ];
    let mut sim = Sim::new(config).unwrap();
    // Lose every answer to c0's first send.
    let mut dropped = 0;
    while sim.now_us() < 800_000 && sim.step() {
        let ids: Vec<_> = sim
            .in_flight()
            .into_iter()
            .filter(|(_, _, to, payload, _)| {
                *to == Actor::Client(ClientId(0)) && matches!(payload, Payload::Reply { .. })
            })
            .map(|(id, ..)| id)
            .collect();
        for id in ids {
            dropped += usize::from(sim.drop_message(id));
        }
    }
    assert!(dropped >= 1, "c0's answer was lost");
    report::run(&mut sim);
    assert_eq!(completions(&sim, 1), vec![Outcome::Done], "c1's put");
    assert_eq!(
        completions(&sim, 0),
        vec![Outcome::Done],
        "the retry is answered with the original success, not a failed CAS against b"
    );
    let sends = sim
        .trace()
        .iter()
        .filter(|e| {
            matches!(
                &e.event,
                Event::Send {
                    from: Actor::Client(ClientId(0)),
                    ..
                }
            )
        })
        .count();
    assert!(sends >= 2, "c0 really retried ({sends} sends)");
    for id in sim.nodes() {
        let node = sim.node(id).unwrap();
        assert_eq!(
            node.kv().data().get("x").unwrap(),
            "b",
            "{id}: c1's put came last and the retry changed nothing"
        );
    }
}

fn ballot(round: u64, node: u8) -> Ballot {
    Ballot::new(round, NodeId(node))
}

fn put(seq: u64) -> Request {
    Request {
        client: ClientId(9),
        seq,
        command: Command::put("x", &seq.to_string()),
    }
}

/// The seeds' example on a live cluster: the old leader n0 had slots 1–134,
/// 138 and 139 chosen (accepted by n0, n1, n2) and 136 accepted by itself
/// alone, then vanished. The new leader runs phase 1 for every slot, keeps
/// what may be chosen, fills 135 and 137 with no-ops, and carries on after
/// 139.
#[test]
fn a_new_leader_fills_the_gaps_it_finds_with_no_ops() {
    let mut config = paxos_front::runs::multi::workload(5, 0, 0, 1, 3);
    let mut chosen = Acceptor {
        promised: Some(ballot(1, 0)),
        ..Acceptor::default()
    };
    for slot in (1..=134).chain([138, 139]) {
        chosen.accepted.insert(
            slot,
            Accepted {
                ballot: ballot(1, 0),
                request: put(slot),
            },
        );
    }
    let mut old_leader = chosen.clone();
    old_leader.accepted.insert(
        136,
        Accepted {
            ballot: ballot(1, 0),
            request: put(136),
        },
    );
    config.initial_disks = vec![
        old_leader,
        chosen.clone(),
        chosen,
        Acceptor::default(),
        Acceptor::default(),
    ];
    config.clients = vec![script(0, 1, vec![Command::put("y", "after the gap")])];
    let mut sim = Sim::new(config).unwrap();
    sim.crash(NodeId(0));
    report::run(&mut sim);
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    let leader = sim
        .nodes()
        .filter_map(|id| sim.node(id))
        .find(|n| n.leading().is_some())
        .expect("a new leader");
    for slot in [135, 137] {
        assert_eq!(
            leader.log()[&slot].request.command,
            Command::Noop,
            "slot {slot}"
        );
    }
    assert_eq!(
        leader.log()[&136].request.command,
        Command::Noop,
        "136 was never chosen and n0 is down"
    );
    for slot in (1..=134).chain([138, 139]) {
        assert_eq!(
            leader.log()[&slot].request,
            put(slot),
            "slot {slot} kept its chosen value"
        );
    }
    assert_eq!(
        leader.log()[&140].request.command,
        Command::put("y", "after the gap")
    );
    assert_eq!(leader.kv().data().get("y").unwrap(), "after the gap");
    assert_eq!(
        leader.kv().data().get("x").unwrap(),
        "139",
        "commands ran in log order"
    );
}

/// The same seed gives the same run.
#[test]
fn multi_paxos_runs_are_deterministic() {
    let a = run(faulty(42));
    let b = run(faulty(42));
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_ne!(a.trace_hash(), run(faulty(43)).trace_hash());
}

/// Each replica's per-slot acceptor state goes through the same storage
/// layer as single-decree Paxos: every write waits for the store, every
/// restart reads the disk back, and the run is exactly the run without a
/// store. At the end the store holds every replica's disk.
#[test]
fn replica_disks_are_mirrored_write_ahead_without_changing_the_run() {
    use paxos_sim::storage::{Driver, MemoryStore, Progress};
    use paxos_sim::timeline::Timeline;
    let mut restarts = 0;
    for seed in 0..40 {
        let config = faulty(seed);
        let mut plain = Sim::new(config.clone()).unwrap();
        report::run(&mut plain);
        let end = plain.now_us();
        let mut timeline = Timeline::new(config).unwrap();
        let mut driver: Driver<MultiPaxos> = Driver::new("multi", 5, 0.0);
        let mut store = MemoryStore::<MultiPaxos>::default();
        assert_eq!(
            driver.seek(&mut timeline, &mut store, end, 0.0),
            Progress::Done
        );
        let sim = timeline.frontier();
        assert_eq!(sim.trace_hash(), plain.trace_hash(), "seed {seed}");
        assert!(
            timeline.actions().is_empty(),
            "seed {seed}: no disk read back differently"
        );
        for id in sim.nodes() {
            let expected = sim
                .pending_writes()
                .into_iter()
                .rfind(|(_, node, _)| *node == id)
                .map(|(_, _, state)| state)
                .unwrap_or_else(|| sim.disk(id).unwrap().clone());
            assert_eq!(
                store.read("multi", id).unwrap().unwrap_or_default(),
                expected,
                "seed {seed} {id}"
            );
        }
        restarts += sim.summary().stats.crashes;
    }
    assert!(restarts > 40, "{restarts} crashes (and restarts read back)");
}

mod presets {
    use super::*;
    use paxos_front::course::presets::{multi_preset, MULTI_PRESETS};

    #[test]
    fn every_preset_loads_and_stays_safe() {
        for (id, ..) in MULTI_PRESETS {
            let mut timeline = multi_preset(id).unwrap_or_else(|| panic!("{id}"));
            timeline.seek(timeline.cursor().time_us + 3_000_000);
            assert!(timeline.frontier().violations().is_empty(), "{id}");
        }
        assert!(multi_preset("nope").is_none());
    }

    /// The seeds' story in small: after the leader crash, the new leader
    /// keeps slot 8, re-proposes 5 and 6 (a follower accepted them: they may
    /// have been chosen), fills 7 with a no-op, and carries on from 9.
    #[test]
    fn the_gaps_preset_ends_with_a_no_op_in_the_hole() {
        let mut timeline = multi_preset("gaps").unwrap();
        let before = timeline.frontier().clone();
        let old = before
            .nodes()
            .find(|id| before.node(*id).is_none())
            .expect("the old leader is down");
        timeline.seek(timeline.cursor().time_us + 2_000_000);
        let sim = timeline.frontier();
        let leader = sim
            .nodes()
            .filter_map(|id| sim.node(id))
            .find(|n| n.leading().is_some())
            .expect("a new leader");
        assert_ne!(leader.id(), old);
        assert_eq!(leader.log()[&7].request.command, Command::Noop, "the hole");
        for slot in [5, 6] {
            assert_ne!(
                leader.log()[&slot].request.command,
                Command::Noop,
                "slot {slot} was accepted by a follower"
            );
        }
        assert_ne!(
            leader.log()[&8].request.command,
            Command::Noop,
            "slot 8 was chosen"
        );
        // The command that was in slot 7 was lost with it: its client
        // retries, and it lands in a later slot. Every client finishes.
        assert!(leader.executed() >= 9, "{}", leader.executed());
        assert!(sim.clients_done());
    }

    #[test]
    fn a_window_of_8_commits_several_times_faster_than_a_window_of_1() {
        let rate = |id: &str| {
            let mut timeline = multi_preset(id).unwrap();
            timeline.seek(1_200_000);
            paxos_front::view::multi::client_totals(timeline.frontier()).committed
        };
        let (one, eight) = (rate("window-1"), rate("window-8"));
        assert!(
            eight >= 4 * one,
            "window 1: {one} commands, window 8: {eight}"
        );
    }

    #[test]
    fn without_backoff_leaders_duel() {
        let ballots = |backoff: bool| {
            let mut timeline = multi_preset("duel").unwrap();
            timeline
                .act(paxos_sim::timeline::Action::Tune {
                    knob: paxos_core::multi::Knob::Backoff(backoff),
                })
                .ok();
            timeline.seek(3_000_000);
            timeline.frontier().summary().ballots
        };
        let (duel, calm) = (ballots(false), ballots(true));
        assert!(
            duel > 10 * calm,
            "without backoff {duel} ballots, with {calm}"
        );
    }
}

/// Duelling leaders may stall progress, never safety.
#[test]
fn duelling_leaders_without_backoff_never_break_agreement() {
    for seed in 0..100 {
        let mut config = faulty(seed);
        config.protocol.backoff = false;
        config.until_us = 5_000_000;
        let sim = run(config);
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
        if let Err(why) = report::agreement(&sim) {
            panic!("seed {seed}: {why}");
        }
        assert!(report::report(&sim).linearizable.is_ok(), "seed {seed}");
    }
}

/// The seeds' example as a preset: the new leader knows 1–134, 138 and 139;
/// its phase 1 starts at 135; it fills 135 and 137 with no-ops, keeps 138
/// and 139, and puts new commands after 139.
#[test]
fn the_seeds_preset_runs_phase_1_from_135_and_fills_135_and_137_with_no_ops() {
    use paxos_core::multi::Message;
    let mut timeline = paxos_front::course::presets::multi_preset("seeds").unwrap();
    let start = timeline.frontier().trace().len();
    timeline.seek(timeline.cursor().time_us + 2_000_000);
    let sim = timeline.frontier();
    let prepares: Vec<u64> = sim.trace()[start..]
        .iter()
        .filter_map(|e| match &e.event {
            Event::Send {
                payload: Payload::Message(Message::Prepare { from, .. }),
                ..
            } => Some(*from),
            _ => None,
        })
        .collect();
    assert!(!prepares.is_empty(), "a new leader campaigns");
    assert!(
        prepares.iter().all(|from| *from == 135),
        "phase 1 from slot 135: {prepares:?}"
    );
    let leader = sim
        .nodes()
        .filter_map(|id| sim.node(id))
        .find(|n| n.leading().is_some())
        .expect("a leader");
    for slot in [135, 137] {
        assert_eq!(
            leader.log()[&slot].request.command,
            Command::Noop,
            "slot {slot}"
        );
    }
    for slot in [138, 139] {
        assert_ne!(
            leader.log()[&slot].request.command,
            Command::Noop,
            "slot {slot}"
        );
    }
    assert_eq!(leader.log()[&134].request.command, Command::put("x", "134"));
    assert!(
        leader.executed() >= 140,
        "the lost commands are retried after 139"
    );
    assert!(sim.clients_done());
    assert!(sim.violations().is_empty());
}
