//! The storage designs that lead to Paxos, each failing the way the source
//! says it does, on the simulator.

use paxos_core::designs::{ClientSpec, Design, Durable, GenBallot, Op, Outcome, Storage};
use paxos_core::types::{ClientId, NodeId, Value};
use paxos_sim::sim::{Property, Sim};

fn v(text: &str) -> Value {
    Value::new(text)
}

fn op_at(node: u8, op: Op, at_us: u64) -> ClientSpec {
    ClientSpec {
        node: NodeId(node),
        op,
        at_us,
    }
}

fn outcome(sim: &Sim<Storage>, client: u8) -> Outcome {
    sim.client(ClientId(client))
        .and_then(|c| c.outcome().cloned())
        .unwrap_or_else(|| panic!("c{client} has not finished"))
}

fn values(sim: &Sim<Storage>) -> Vec<Option<Value>> {
    sim.nodes()
        .map(|n| sim.disk(n).and_then(|d| d.value.clone()))
        .collect()
}

fn run(design: Design, clients: Vec<ClientSpec>, seed: u64) -> Sim<Storage> {
    let mut sim =
        Sim::new(paxos_front::runs::designs::config(design, clients, seed)).expect("valid");
    while sim.step() {}
    sim
}

#[test]
fn design_1_a_single_server_is_unavailable_while_it_is_down() {
    let config = paxos_front::runs::designs::config(
        Design::Single,
        vec![op_at(0, Op::Write(v("A")), 0), op_at(0, Op::Read, 100_000)],
        1,
    );
    let mut sim = Sim::new(config).expect("valid");
    sim.run_until(200_000);
    assert_eq!(
        outcome(&sim, 0),
        Outcome::Saved {
            value: v("A"),
            generation: 0
        }
    );
    assert_eq!(
        outcome(&sim, 1),
        Outcome::Read {
            value: Some(v("A")),
            generation: 0
        }
    );
    sim.crash(NodeId(0));
    sim.propose(NodeId(0), Op::Write(v("B"))).unwrap();
    sim.propose(NodeId(0), Op::Read).unwrap();
    while sim.step() {}
    assert_eq!(
        outcome(&sim, 2).to_string(),
        "failed to save \"B\": n0 did not answer: the only server is down"
    );
    assert_eq!(
        outcome(&sim, 3).to_string(),
        "read failed: no server answered (n0 is silent)"
    );
    assert!(sim.violations().is_empty());
}

#[test]
fn design_2_two_servers_keep_reads_but_lose_writes_when_one_is_down() {
    let config =
        paxos_front::runs::designs::config(Design::Two, vec![op_at(0, Op::Write(v("A")), 0)], 2);
    let mut sim = Sim::new(config).expect("valid");
    sim.run_until(100_000);
    assert_eq!(
        outcome(&sim, 0),
        Outcome::Saved {
            value: v("A"),
            generation: 0
        }
    );
    sim.crash(NodeId(0));
    // A read that starts at the dead server falls back to the other.
    sim.propose(NodeId(0), Op::Read).unwrap();
    sim.run_until(300_000);
    assert_eq!(
        outcome(&sim, 1),
        Outcome::Read {
            value: Some(v("A")),
            generation: 0
        }
    );
    sim.propose(NodeId(1), Op::Write(v("B"))).unwrap();
    while sim.step() {}
    assert_eq!(
        outcome(&sim, 2).to_string(),
        "failed to save \"B\": n0 did not answer: a write needs both servers"
    );
    // And yet n1 took it: a write reported as failed still changed what
    // the next read returns.
    assert_eq!(values(&sim), vec![Some(v("A")), Some(v("B"))]);
}

#[test]
fn design_3_majority_voting_survives_a_dead_server() {
    let config =
        paxos_front::runs::designs::config(Design::Voting, vec![op_at(0, Op::Write(v("A")), 0)], 3);
    let mut sim = Sim::new(config).expect("valid");
    sim.crash(NodeId(2));
    sim.run_until(100_000);
    sim.propose(NodeId(1), Op::Read).unwrap();
    while sim.step() {}
    assert_eq!(
        outcome(&sim, 0),
        Outcome::Saved {
            value: v("A"),
            generation: 0
        }
    );
    assert_eq!(
        outcome(&sim, 1),
        Outcome::Read {
            value: Some(v("A")),
            generation: 0
        }
    );
}

/// Three clients write A, B and C at once; a read follows.
fn three_writers(seed: u64) -> Sim<Storage> {
    let clients = vec![
        op_at(0, Op::Write(v("A")), 0),
        op_at(1, Op::Write(v("B")), 0),
        op_at(2, Op::Write(v("C")), 0),
        op_at(0, Op::Read, 200_000),
    ];
    run(Design::Voting, clients, seed)
}

/// The first seed whose three concurrent writes split the servers.
pub fn split_seed() -> u64 {
    (0..500)
        .find(|seed| {
            let sim = three_writers(*seed);
            let mut held = values(&sim);
            held.sort();
            held.dedup();
            held.len() == 3
        })
        .expect("some seed in 0..500 splits the servers three ways")
}

#[test]
fn design_3_concurrent_writers_all_succeed_and_leave_nothing_readable() {
    let seed = split_seed();
    let sim = three_writers(seed);
    for (client, value) in [(0, "A"), (1, "B"), (2, "C")] {
        assert_eq!(
            outcome(&sim, client),
            Outcome::Saved {
                value: v(value),
                generation: 0
            },
            "seed {seed}: every writer is told it succeeded"
        );
    }
    let mut held: Vec<Value> = values(&sim).into_iter().flatten().collect();
    held.sort();
    assert_eq!(held, vec![v("A"), v("B"), v("C")], "seed {seed}");
    match outcome(&sim, 3) {
        Outcome::ReadFailed {
            why,
            no_majority: true,
        } => {
            assert!(why.starts_with("no majority agrees"), "{why}")
        }
        other => panic!("seed {seed}: the read should fail, got {other}"),
    }
    let violation = sim.violations().first().expect("the monitor names it");
    assert_eq!(
        violation.property,
        paxos_core::designs::monitor::ACKNOWLEDGED_READABLE,
        "seed {seed}"
    );
    assert!(
        violation.detail.contains("no value is on a majority"),
        "{}",
        violation.detail
    );
}

#[test]
fn design_3_the_monitor_stays_quiet_when_writes_do_not_overlap() {
    for seed in 0..100 {
        let clients = vec![
            op_at(0, Op::Write(v("A")), 0),
            op_at(1, Op::Write(v("B")), 100_000),
            op_at(2, Op::Write(v("C")), 200_000),
            op_at(0, Op::Read, 300_000),
        ];
        let sim = run(Design::Voting, clients, seed);
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
        assert_eq!(
            outcome(&sim, 3),
            Outcome::Read {
                value: Some(v("C")),
                generation: 0
            },
            "seed {seed}"
        );
    }
}

fn cas(expect: &str, new: &str) -> Op {
    Op::Cas {
        expect: v(expect),
        new: v(new),
    }
}

#[test]
fn design_5_two_clients_race_a_cas_from_the_same_value_and_exactly_one_wins() {
    let mut wins = 0;
    for seed in 0..200 {
        let clients = vec![
            op_at(0, Op::Write(v("X")), 0),
            op_at(0, cas("X", "Y"), 100_000),
            op_at(2, cas("X", "Z"), 100_000),
        ];
        let sim = run(Design::Generations, clients, seed);
        assert!(
            sim.violations().is_empty(),
            "seed {seed}: {:?}",
            sim.violations()
        );
        assert_eq!(
            outcome(&sim, 0),
            Outcome::Saved {
                value: v("X"),
                generation: 1
            },
            "seed {seed}"
        );
        let (a, b) = (outcome(&sim, 1), outcome(&sim, 2));
        let swapped = [&a, &b]
            .iter()
            .filter(|o| matches!(o, Outcome::Swapped { .. }))
            .count();
        assert!(swapped <= 1, "seed {seed}: both won: {a} / {b}");
        if swapped == 1 {
            wins += 1;
            let (winner, loser) = if matches!(a, Outcome::Swapped { .. }) {
                (a, b)
            } else {
                (b, a)
            };
            let Outcome::Swapped {
                to, generation: 2, ..
            } = winner
            else {
                panic!("seed {seed}: {winner}")
            };
            assert_eq!(
                loser,
                Outcome::NoLonger {
                    expected: Some(v("X")),
                    current: Some(to.clone())
                },
                "seed {seed}: the loser is told the value is no longer X"
            );
            assert!(
                values(&sim)
                    .iter()
                    .filter(|held| held.as_ref() == Some(&to))
                    .count()
                    >= 2
            );
        }
    }
    assert!(
        wins >= 190,
        "a race almost always has a winner ({wins}/200)"
    );
}

fn at(generation: u64, value: &str, client: u8) -> Durable {
    let ballot = GenBallot {
        generation,
        round: 1,
        client: ClientId(client),
    };
    Durable {
        value: Some(v(value)),
        accepted: Some(ballot),
        promised: Some(ballot),
    }
}

#[test]
fn design_5_a_read_during_an_update_finds_no_majority_and_retries_after_a_pause() {
    // n2 is dead; everyone holds X at generation 1. c0 swaps X for Y, and
    // its Accept to n1 is slow (40 ms), so for a while n0 holds Y at generation 2
    // and n1 still X at generation 1. A read in between finds no majority.
    let mut config = paxos_front::runs::designs::config(
        Design::Generations,
        vec![op_at(0, cas("X", "Y"), 0)],
        7,
    );
    config.initial_disks = vec![at(1, "X", 9), at(1, "X", 9), at(1, "X", 9)];
    let mut sim = Sim::new(config).expect("valid");
    sim.crash(NodeId(2));
    let accept_to_n1 = loop {
        assert!(sim.step(), "c0 sends its Accepts");
        let found = sim.in_flight().into_iter().find(|(_, _, to, payload, _)| {
            *to == paxos_core::types::Actor::Node(NodeId(1)) && payload.kind() == "Accept"
        });
        if let Some((id, ..)) = found {
            break id;
        }
    };
    sim.delay_message(accept_to_n1, 40_000);
    // Once n0 holds generation 2, a reader asks.
    while sim.disk(NodeId(0)).unwrap().generation() < 2 {
        assert!(sim.step());
    }
    let reader = sim.propose(NodeId(1), Op::Read).unwrap();
    while sim.step() {}
    let reader = sim.client(reader).unwrap();
    assert_eq!(
        reader.outcome().cloned(),
        Some(Outcome::Read {
            value: Some(v("Y")),
            generation: 2
        })
    );
    assert!(
        reader.read_attempts() > 1,
        "it found no majority first ({} tries)",
        reader.read_attempts()
    );
    assert_eq!(
        outcome(&sim, 0),
        Outcome::Swapped {
            from: v("X"),
            to: v("Y"),
            generation: 2
        }
    );
}

#[test]
fn design_5_a_writer_that_cannot_tell_whether_a_generation_was_committed_does_not_commit() {
    // n2 is dead. n1 holds Y at generation 1 from another client's write,
    // n0 holds nothing: generation 1 was committed if n2 took Y too. A new
    // write at generation 1 must not go ahead.
    let mut config = paxos_front::runs::designs::config(
        Design::Generations,
        vec![op_at(0, Op::Write(v("Z")), 0)],
        4,
    );
    config.initial_disks = vec![Durable::default(), at(1, "Y", 9), at(1, "Y", 9)];
    let mut sim = Sim::new(config).expect("valid");
    sim.crash(NodeId(2));
    while sim.step() {}
    match outcome(&sim, 0) {
        Outcome::Unsure { why } => assert!(
            why.starts_with("cannot tell whether generation 1 was already committed: n1 holds it, n2 did not answer"),
            "{why}"
        ),
        other => panic!("{other}"),
    }
    assert_eq!(
        values(&sim),
        vec![None, Some(v("Y")), Some(v("Y"))],
        "nothing was overwritten"
    );
    // With n2 back, the same write finds generation 1 taken by a majority.
    sim.restart(NodeId(2));
    sim.propose(NodeId(0), Op::Write(v("Z"))).unwrap();
    while sim.step() {}
    assert_eq!(
        outcome(&sim, 1),
        Outcome::NoLonger {
            expected: None,
            current: Some(v("Y"))
        }
    );
}

#[test]
fn design_5_keeps_one_value_per_generation_under_faults() {
    use paxos_sim::sim::NetworkConfig;
    for seed in 0..300 {
        let clients = vec![
            op_at(0, Op::Write(v("X")), 0),
            op_at(1, Op::Write(v("W")), 0),
            op_at(0, cas("X", "Y"), 60_000),
            op_at(1, cas("X", "Z"), 60_000),
            op_at(2, cas("W", "Q"), 60_000),
            op_at(2, Op::Read, 400_000),
        ];
        let mut config = paxos_front::runs::designs::config(Design::Generations, clients, seed);
        config.network = NetworkConfig {
            drop_prob: 0.1,
            dup_prob: 0.1,
            ..config.network
        };
        config.faults.crash_prob = 0.05;
        let sim = Sim::new(config).expect("valid").run();
        assert!(
            sim.violations.is_empty(),
            "seed {seed}: {:?}",
            sim.violations
        );
    }
}

#[test]
fn the_gallery_shows_the_first_seed_that_splits() {
    assert_eq!(
        split_seed(),
        paxos_front::course::gallery::DESIGN_3_SPLIT_SEED
    );
}

/// The designs' page opens on design 3 with three writers racing and a
/// read: with its opening seed they split the servers, so a student who
/// presses Play on a cold open sees the design's flaw.
#[test]
fn the_designs_page_opens_on_a_run_where_design_3_splits() {
    use paxos_core::designs::PLAYGROUND_SEED;
    use paxos_front::runs::designs::playground as playground_config;
    let mut sim = Sim::new(playground_config(3, PLAYGROUND_SEED)).unwrap();
    sim.run_until(1_000_000);
    let violated: Vec<Property> = sim.violations().iter().map(|v| v.property).collect();
    assert_eq!(
        violated,
        vec![paxos_core::designs::monitor::ACKNOWLEDGED_READABLE]
    );
    assert!(matches!(
        outcome(&sim, 3),
        Outcome::ReadFailed {
            no_majority: true,
            ..
        }
    ));
}
