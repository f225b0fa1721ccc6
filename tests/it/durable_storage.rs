//! The acceptors' disks mirrored to a real store (here the in-memory one):
//! the simulation waits for the store, restarts read the store back, a power
//! failure restarts everyone from it, and none of it changes the trace.

use crate::configs::faulty;
use paxos_core::paxos::{Durable, SingleDecree};
use paxos_core::types::{Ballot, NodeId, Value};
use paxos_sim::sim::{DiskNeed, Event, Sim, SimConfig};
use paxos_sim::storage::{
    Backend, Batch, Driver, MemoryStore, NodeRecord, Progress, ReadResult, ReadTicket, StorageError,
};
use paxos_sim::timeline::{Action, Timeline};

fn n(i: u8) -> NodeId {
    NodeId(i)
}

/// Runs `config` to `until_us` through a driver and a memory store.
fn mirrored(
    config: SimConfig<paxos_core::paxos::SingleDecree>,
    until_us: u64,
) -> (
    Timeline<paxos_core::paxos::SingleDecree>,
    Driver<paxos_core::paxos::SingleDecree>,
    MemoryStore<paxos_core::paxos::SingleDecree>,
) {
    let nodes = config.protocol.cluster_size;
    let mut timeline = Timeline::new(config).unwrap();
    let mut driver = Driver::new("run-a", nodes, 0.0);
    let mut store = MemoryStore::default();
    let progress = driver.seek(&mut timeline, &mut store, until_us, 0.0);
    assert_eq!(progress, Progress::Done);
    (timeline, driver, store)
}

fn assert_store_matches(
    timeline: &Timeline<paxos_core::paxos::SingleDecree>,
    store: &MemoryStore<paxos_core::paxos::SingleDecree>,
    run: &str,
) {
    let sim = timeline.frontier();
    for id in sim.config().protocol.nodes() {
        // What the disk holds, or what it is being written to hold.
        let expected = sim
            .pending_writes()
            .into_iter()
            .filter(|(_, node, _)| *node == id)
            .last()
            .map(|(_, _, state)| state)
            .unwrap_or_else(|| sim.disk(id).unwrap().clone());
        let stored = store.read(run, id).unwrap().unwrap_or_default();
        assert_eq!(stored, expected, "{id}'s record");
    }
}

#[test]
fn mirroring_to_a_store_changes_nothing_in_the_trace_over_200_faulty_seeds() {
    let (mut crashes, mut restarts_read) = (0, 0);
    for seed in 0..200 {
        let config = faulty(3, 3, seed);
        let plain = Sim::new(config.clone()).unwrap().run();
        let (timeline, _, store) = mirrored(config, u64::MAX);
        let sim = timeline.frontier();
        let repro = format!("reproduce with seed={seed}");
        assert!(
            sim.violations().is_empty(),
            "{}; {repro}",
            sim.violations()[0]
        );
        assert_eq!(sim.trace_hash(), plain.trace_hash, "{repro}");
        assert_eq!(sim.monitor().chosen().cloned(), plain.decided, "{repro}");
        assert!(timeline.actions().is_empty(), "no disk disagreed; {repro}");
        assert_store_matches(&timeline, &store, "run-a");
        crashes += plain.stats.crashes;
        restarts_read += sim
            .trace()
            .iter()
            .filter(|e| matches!(e.event, Event::Restart { .. }))
            .count();
    }
    assert!(crashes > 1000, "only {crashes} crashes");
    assert!(restarts_read > 1000, "only {restarts_read} restarts");
}

/// A store whose writes and reads finish only when the test says so.
#[derive(Default)]
struct SlowStore {
    store: MemoryStore<paxos_core::paxos::SingleDecree>,
    writes: Vec<Batch<paxos_core::paxos::SingleDecree>>,
    reads: Vec<(String, NodeId, ReadTicket)>,
    reads_sent: usize,
}

impl Backend<paxos_core::paxos::SingleDecree> for SlowStore {
    fn write(
        &mut self,
        batch: Batch<paxos_core::paxos::SingleDecree>,
    ) -> Option<Result<(), StorageError>> {
        self.writes.push(batch);
        None
    }

    fn read(
        &mut self,
        run: &str,
        node: NodeId,
        ticket: ReadTicket,
    ) -> Option<ReadResult<paxos_core::paxos::SingleDecree>> {
        self.reads.push((run.to_string(), node, ticket));
        self.reads_sent += 1;
        None
    }
}

impl SlowStore {
    fn commit_all(&mut self, driver: &mut Driver<paxos_core::paxos::SingleDecree>) -> usize {
        let writes = std::mem::take(&mut self.writes);
        for batch in &writes {
            self.store.apply(batch);
            driver.write_done(batch.id, Ok(()));
        }
        writes.len()
    }

    fn answer_reads(&mut self, driver: &mut Driver<paxos_core::paxos::SingleDecree>) -> usize {
        let reads = std::mem::take(&mut self.reads);
        for (run, node, ticket) in &reads {
            driver.read_done(*node, *ticket, self.store.read(run, *node));
        }
        reads.len()
    }
}

/// Every simulated write that completed had committed in the store.
fn assert_completed_only_if_committed(
    timeline: &Timeline<paxos_core::paxos::SingleDecree>,
    driver: &Driver<paxos_core::paxos::SingleDecree>,
) {
    let sim = timeline.frontier();
    let pending: Vec<u64> = sim.pending_writes().iter().map(|(op, ..)| *op).collect();
    for op in 1..=sim.stats().disk_writes {
        if !pending.contains(&op) {
            assert!(
                driver.mirror().is_committed(op),
                "write {op} completed uncommitted"
            );
        }
    }
}

/// Seed 7 on a store that never answers by itself: the run stops at the
/// first write's completion.
fn waiting_for_the_first_write() -> (
    Timeline<paxos_core::paxos::SingleDecree>,
    Driver<paxos_core::paxos::SingleDecree>,
    SlowStore,
) {
    let mut timeline = Timeline::new(paxos_front::runs::paxos::config(3, 1, 7)).unwrap();
    let mut driver = Driver::new("slow", 3, 0.0);
    let mut slow = SlowStore::default();
    assert_eq!(
        driver.seek(&mut timeline, &mut slow, 1_000_000, 0.0),
        Progress::Waiting
    );
    (timeline, driver, slow)
}

#[test]
fn a_simulated_write_completes_only_after_the_real_one_committed() {
    let mut timeline = Timeline::new(paxos_front::runs::paxos::config(3, 1, 7)).unwrap();
    let mut driver = Driver::new("slow", 3, 0.0);
    let mut slow = SlowStore::default();
    let mut waits = 0;
    while driver.seek(&mut timeline, &mut slow, 1_000_000, 0.0) == Progress::Waiting {
        waits += 1;
        // Stopped right before a write's completion, with that write sent
        // to the store and not committed.
        let DiskNeed::Write(op) = timeline.frontier().next_disk_need() else {
            panic!("waiting, but not for a write");
        };
        assert!(!driver.mirror().is_committed(op));
        assert!(!slow.writes.is_empty());
        assert_completed_only_if_committed(&timeline, &driver);
        assert!(slow.commit_all(&mut driver) > 0);
        assert!(waits < 1000, "the run should not need this many waits");
    }
    assert_completed_only_if_committed(&timeline, &driver);
    assert!(waits >= 2, "a decision needs at least promises and accepts");
    let mut plain_timeline = Timeline::new(paxos_front::runs::paxos::config(3, 1, 7)).unwrap();
    plain_timeline.seek(1_000_000);
    assert_eq!(
        timeline.frontier().trace_hash(),
        plain_timeline.frontier().trace_hash(),
        "waiting changes when things happen on the wall clock, never what happens"
    );
    assert_eq!(
        timeline.frontier().monitor().chosen(),
        Some(&Value::new("A"))
    );
}

#[test]
fn while_the_store_has_not_committed_no_reply_leaves() {
    let (timeline, ..) = waiting_for_the_first_write();
    let sim = timeline.frontier();
    let promises = sim
        .trace()
        .iter()
        .filter(|e| matches!(&e.event, Event::Send { payload, .. } if payload.kind() == "Promise"))
        .count();
    assert_eq!(promises, 0, "a promise left before its write committed");
    assert!(timeline.frontier_time_us() < 1_000_000);
}

#[test]
fn clearing_the_store_mid_write_sends_everything_again_and_late_acks_count_for_nothing() {
    let (mut timeline, mut driver, mut slow) = waiting_for_the_first_write();
    let DiskNeed::Write(op) = timeline.frontier().next_disk_need() else {
        panic!("waiting, but not for a write");
    };
    // "Clear all data" while the batch is in flight; then its ack arrives.
    slow.store.clear();
    driver.switch_store();
    let late = std::mem::take(&mut slow.writes);
    for batch in &late {
        driver.write_done(batch.id, Ok(()));
    }
    assert!(
        !driver.mirror().is_committed(op),
        "an ack from before the clear"
    );
    // The pending write is sent again, and the run goes on once it commits.
    let mut waits = 0;
    while driver.seek(&mut timeline, &mut slow, 1_000_000, 0.0) == Progress::Waiting {
        assert!(slow.commit_all(&mut driver) > 0, "nothing sent to wait for");
        waits += 1;
        assert!(waits < 1000);
    }
    assert_completed_only_if_committed(&timeline, &driver);
    assert_store_matches(&timeline, &slow.store, "slow");
}

/// A run where n1 crashed after promising and accepting: returns the
/// driver, store and timeline with n1 down.
fn with_n1_down() -> (
    Timeline<paxos_core::paxos::SingleDecree>,
    Driver<paxos_core::paxos::SingleDecree>,
    MemoryStore<paxos_core::paxos::SingleDecree>,
) {
    let (mut timeline, driver, store) =
        mirrored(paxos_front::runs::paxos::config(3, 1, 1), 1_000_000);
    assert_eq!(
        timeline.frontier().monitor().chosen(),
        Some(&Value::new("A"))
    );
    assert!(timeline.act(Action::Crash { node: n(1) }).unwrap());
    (timeline, driver, store)
}

#[test]
fn a_restart_reads_the_node_back_from_the_store() {
    let (mut timeline, mut driver, store) = with_n1_down();
    let on_disk = timeline.frontier().disk(n(1)).unwrap().clone();
    assert!(on_disk.accepted.is_some());
    let mut slow = SlowStore {
        store,
        ..SlowStore::default()
    };
    driver.restart(&mut timeline, &mut slow, n(1), 0.0).unwrap();
    assert!(
        timeline.frontier().node(n(1)).is_none(),
        "not before the read"
    );
    assert_eq!(
        driver.seek(&mut timeline, &mut slow, 1_100_000, 0.0),
        Progress::Waiting
    );
    assert_eq!(slow.reads_sent, 1);
    assert_eq!(slow.answer_reads(&mut driver), 1);
    driver.settle(&mut timeline, &mut slow, 0.0);
    let n1 = timeline.frontier().node(n(1)).expect("n1 is back up");
    assert_eq!(n1.acceptor().durable(), on_disk);
    assert!(driver.take_notices().is_empty());
    // Nothing disagreed, so nothing beyond the crash and restart was recorded.
    assert_eq!(timeline.actions().len(), 2);
}

#[test]
fn a_restart_whose_read_comes_back_while_the_user_looks_at_the_past_happens_at_the_live_edge() {
    let (mut timeline, mut driver, store) = with_n1_down();
    let mut slow = SlowStore {
        store,
        ..SlowStore::default()
    };
    driver.restart(&mut timeline, &mut slow, n(1), 0.0).unwrap();
    let live = timeline.frontier_position();
    timeline.rewind();
    slow.answer_reads(&mut driver);
    driver.settle(&mut timeline, &mut slow, 0.0);
    assert!(timeline.frontier().node(n(1)).is_some(), "restarted");
    assert_eq!(
        timeline.frontier_position(),
        live + 1,
        "no fork: one more position"
    );
    assert_eq!(
        timeline.cursor().position,
        0,
        "the user still looks at the start"
    );
}

#[test]
fn a_read_answered_after_history_forked_is_ignored_and_read_again() {
    let (mut timeline, mut driver, store) = with_n1_down();
    let mut slow = SlowStore {
        store,
        ..SlowStore::default()
    };
    let crashed_at = timeline.frontier_time_us();
    driver.seek(&mut timeline, &mut slow, crashed_at + 50_000, 0.0);
    driver.restart(&mut timeline, &mut slow, n(1), 0.0).unwrap();
    assert_eq!(slow.reads_sent, 1);
    // Before the read is back, the user goes back (n1 still down there) and
    // acts: history forks, and the store is rewritten to that past.
    timeline.seek(crashed_at + 10_000);
    let cut = vec![(n(0), n(2))];
    timeline.act(Action::SetCut { cut }).unwrap();
    let stale = slow.reads.remove(0);
    driver.settle(&mut timeline, &mut slow, 0.0);
    assert_eq!(slow.reads_sent, 2, "read again after the fork");
    // Only then does the old answer arrive, with a disk from the discarded
    // future.
    let (_, node, ticket) = stale;
    driver.read_done(node, ticket, Ok(Some(Durable::default())));
    driver.settle(&mut timeline, &mut slow, 0.0);
    assert!(
        timeline.frontier().node(n(1)).is_none(),
        "not from the stale read"
    );
    while !slow.reads.is_empty() || !slow.writes.is_empty() {
        slow.commit_all(&mut driver);
        slow.answer_reads(&mut driver);
        driver.settle(&mut timeline, &mut slow, 0.0);
    }
    assert!(timeline.frontier().node(n(1)).is_some());
    assert!(
        !timeline
            .actions()
            .iter()
            .any(|r| matches!(r.action, Action::LoadDisk { .. })),
        "the stale read was not taken for the disk"
    );
    assert!(driver.take_notices().is_empty());
}

#[test]
fn a_store_changed_behind_the_simulators_back_wins_and_is_recorded() {
    let (mut timeline, mut driver, mut store) = with_n1_down();
    // Someone wiped n1's record (DevTools, another tab clearing all data).
    let batch = Batch {
        id: 999,
        run: "run-a".into(),
        puts: vec![(n(1), Durable::default())],
        meta: None,
    };
    store.apply(&batch);
    driver
        .restart(&mut timeline, &mut store, n(1), 0.0)
        .unwrap();
    let n1 = timeline.frontier().node(n(1)).unwrap();
    assert_eq!(
        n1.acceptor().durable(),
        Durable::default(),
        "the store wins"
    );
    assert!(timeline.actions().iter().any(|r| matches!(
        &r.action,
        Action::LoadDisk { node, state } if *node == n(1) && *state == Durable::default()
    )));
    let notices = driver.take_notices();
    assert!(
        notices[0].contains("n1's disk in IndexedDB held promised nothing"),
        "{notices:?}"
    );
    // The recorded load makes the run replay exactly.
    let replayed = Timeline::replay(timeline.config().clone(), timeline.actions()).unwrap();
    assert_eq!(
        replayed.frontier().trace_hash(),
        timeline.frontier().trace_hash()
    );
}

#[test]
fn an_unusable_record_is_reported_and_the_simulated_disk_is_used_and_written_back() {
    for (record, why) in [
        (
            NodeRecord {
                schema: 99,
                run: "run-a".into(),
                node: 1,
                state: Durable::default(),
            },
            "schema version 99",
        ),
        (
            NodeRecord {
                schema: paxos_sim::storage::SCHEMA_VERSION,
                run: "someone-else".into(),
                node: 4,
                state: Durable {
                    promised: Some(Ballot::new(9, n(4))),
                    accepted: None,
                },
            },
            "could not be decoded",
        ),
    ] {
        let (mut timeline, mut driver, mut store) = with_n1_down();
        let on_disk = timeline.frontier().disk(n(1)).unwrap().clone();
        store.put_raw("run-a", n(1), record);
        driver
            .restart(&mut timeline, &mut store, n(1), 0.0)
            .unwrap();
        let notices = driver.take_notices();
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains(why), "{}", notices[0]);
        assert!(notices[0].contains("restarts from the simulator's copy"));
        let n1 = timeline.frontier().node(n(1)).unwrap();
        assert_eq!(n1.acceptor().durable(), on_disk);
        driver.seek(&mut timeline, &mut store, 1_100_000, 0.0);
        assert_eq!(store.read("run-a", n(1)), Ok(Some(on_disk)), "written back");
    }
}

#[test]
fn a_power_failure_restarts_every_node_from_the_store_and_keeps_the_chosen_value() {
    // Stop while writes are in flight: between a Persist and its completion.
    let config = paxos_front::runs::paxos::config(3, 2, 3);
    let (mut timeline, mut driver, mut store) = mirrored(config.clone(), 0);
    let mut stopped_mid_write = false;
    while !stopped_mid_write {
        driver.step(&mut timeline, &mut store, 0.0);
        stopped_mid_write = !timeline.frontier().pending_writes().is_empty()
            && timeline.frontier().monitor().chosen().is_some();
        assert!(timeline.frontier_time_us() < 2_000_000, "never chosen");
    }
    driver.save_progress(&timeline, &mut store, 0.0);
    let chosen = timeline.frontier().monitor().chosen().cloned().unwrap();
    let in_store: Vec<Durable> = config
        .protocol
        .nodes()
        .map(|id| store.read("run-a", id).unwrap().unwrap_or_default())
        .collect();

    // The page reloads: the run is replayed from its record, then loses power.
    let record = store.run("run-a").unwrap().clone();
    let body = record.body::<SingleDecree>().unwrap();
    let mut resumed = Timeline::replay(body.config, &body.actions).unwrap();
    resumed.seek_position(record.position as usize);
    assert_eq!(resumed.frontier_position() as u64, record.position);
    let mut driver = Driver::new("run-a", 3, 0.0);
    driver.power_failure(&mut resumed, &mut store, "run-a");
    let sim = resumed.frontier();
    assert!(matches!(
        resumed.actions().last().map(|r| &r.action),
        Some(Action::PowerFailure { .. })
    ));
    for (id, disk) in config.protocol.nodes().zip(&in_store) {
        let node = sim.node(id).expect("every node restarted");
        assert_eq!(
            &node.acceptor().durable(),
            disk,
            "{id} restarts from the store"
        );
    }
    assert!(sim
        .in_flight()
        .iter()
        .all(|(id, ..)| sim.in_flight_fate(*id) != Some(None)));
    driver.seek(&mut resumed, &mut store, 3_000_000, 0.0);
    let sim = resumed.frontier();
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
    assert_eq!(
        sim.monitor().chosen(),
        Some(&chosen),
        "the chosen value never changes"
    );
}

#[test]
fn forking_history_rewrites_the_store_to_the_new_past() {
    let (mut timeline, mut driver, mut store) =
        mirrored(paxos_front::runs::paxos::config(3, 1, 1), 1_000_000);
    assert!(store.read("run-a", n(0)).unwrap().is_some());
    timeline.seek(1);
    timeline.act(Action::Crash { node: n(2) }).unwrap();
    driver.seek(&mut timeline, &mut store, 1, 0.0);
    assert_store_matches(&timeline, &store, "run-a");
    assert_eq!(
        store.read("run-a", n(0)),
        Ok(None),
        "nothing was durable at 1 µs"
    );
}

#[test]
fn runs_are_namespaced_and_can_be_cleared_one_at_a_time() {
    let mut store = MemoryStore::default();
    let mut runs = Vec::new();
    for (run, seed) in [("one", 1), ("two", 2)] {
        let mut timeline = Timeline::new(paxos_front::runs::paxos::config(3, 1, seed)).unwrap();
        let mut driver = Driver::new(run, 3, 0.0);
        driver.seek(&mut timeline, &mut store, 1_000_000, 0.0);
        runs.push(timeline);
    }
    assert_eq!(store.runs().len(), 2);
    assert_eq!(store.run("two").unwrap().seed, 2);
    assert_store_matches(&runs[0], &store, "one");
    assert_store_matches(&runs[1], &store, "two");
    store.delete_run("one");
    assert!(store.run("one").is_none());
    assert_eq!(store.read("one", n(0)), Ok(None));
    assert_store_matches(&runs[1], &store, "two");
}

#[test]
fn a_run_record_round_trips_and_a_damaged_one_is_reported() {
    let (timeline, _, store) = mirrored(paxos_front::runs::paxos::config(3, 2, 5), 1_000_000);
    let mut record = store.run("run-a").unwrap().clone();
    let body = record.body().unwrap();
    assert_eq!(&body.config, timeline.config());
    assert_eq!(body.actions, timeline.actions());
    record.body.truncate(record.body.len() / 2);
    assert!(matches!(
        record.body::<SingleDecree>(),
        Err(paxos_sim::storage::RecordError::Corrupt(_))
    ));
    record.schema = 7;
    assert_eq!(
        record.body::<SingleDecree>(),
        Err(paxos_sim::storage::RecordError::UnknownVersion(7))
    );
}

/// A run saved by version 1 of the playground (record schema 2, protocol
/// "single", the old configuration layout) still resumes.
#[test]
fn a_schema_2_single_decree_run_still_resumes() {
    use paxos_core::paxos::Durability;
    use paxos_core::types::Value;
    use paxos_sim::sim::{DiskConfig, FaultConfig, NetworkConfig};
    use paxos_sim::storage::{RunBody, RunRecord};
    use paxos_sim::timeline::{Action, Recorded};
    use serde::Serialize;
    #[derive(Serialize)]
    struct OldConfig {
        cluster_size: u8,
        retry_timeout_us: u64,
        retry_timeout_max_us: u64,
        backoff: bool,
        backoff_base_us: u64,
        backoff_max_us: u64,
        durability: Durability,
    }
    #[derive(Serialize)]
    struct OldClient {
        node: NodeId,
        value: Value,
        at_us: u64,
    }
    #[derive(Serialize)]
    struct OldSimConfig {
        seed: u64,
        paxos: OldConfig,
        network: NetworkConfig,
        disk: DiskConfig,
        faults: FaultConfig,
        clients: Vec<OldClient>,
        client_retry_us: u64,
        until_us: u64,
        initial_disks: Vec<Durable>,
        record_trace: bool,
    }
    #[derive(Serialize)]
    struct OldBody {
        config: OldSimConfig,
        actions: Vec<Recorded<paxos_core::paxos::SingleDecree>>,
    }
    let config = paxos_front::runs::paxos::config(3, 2, 5);
    let actions = vec![Recorded {
        step: 4,
        time_us: 9_000,
        action: Action::Crash { node: n(1) },
    }];
    let p = &config.protocol;
    let old = OldBody {
        config: OldSimConfig {
            seed: config.seed,
            paxos: OldConfig {
                cluster_size: p.cluster_size,
                retry_timeout_us: p.retry_timeout_us,
                retry_timeout_max_us: p.retry_timeout_max_us,
                backoff: p.backoff,
                backoff_base_us: p.backoff_base_us,
                backoff_max_us: p.backoff_max_us,
                durability: p.durability,
            },
            network: config.network.clone(),
            disk: config.disk.clone(),
            faults: config.faults.clone(),
            clients: config
                .clients
                .iter()
                .map(|c| OldClient {
                    node: c.node,
                    value: c.value.clone(),
                    at_us: c.at_us,
                })
                .collect(),
            client_retry_us: config.client_retry_us,
            until_us: config.until_us,
            initial_disks: Vec::new(),
            record_trace: config.record_trace,
        },
        actions: actions.clone(),
    };
    let record = RunRecord {
        schema: 2,
        run: "old".into(),
        created_ms: 1.0,
        updated_ms: 2.0,
        protocol: "single".into(),
        seed: 5,
        nodes: 3,
        position: 10,
        time_us: 9_000,
        outcome: None,
        body: postcard::to_allocvec(&old).unwrap(),
    };
    assert_eq!(record.protocol(), "paxos");
    assert_eq!(
        paxos_front::catalog::check_run_body::<SingleDecree>(&record),
        Ok(())
    );
    assert_eq!(
        paxos_front::catalog::run_body::<SingleDecree>(&record),
        Ok(RunBody { config, actions })
    );
    // Only single-decree Paxos wrote schema 2: another protocol's reader
    // refuses it, saying why.
    assert_eq!(
        paxos_front::catalog::legacy::run_body::<paxos_core::multi::MultiPaxos>(2, &record.body),
        Err("schema 2 has no multi runs".to_string())
    );
    // Read as this version's layout, the old bytes do not fit.
    let mut as_new = record.clone();
    as_new.schema = paxos_sim::storage::SCHEMA_VERSION;
    as_new.protocol = "paxos".into();
    assert!(as_new.body::<SingleDecree>().is_err());
}

#[test]
fn the_saved_run_names_its_outcome_as_soon_as_it_changes_without_waiting_for_a_write() {
    // A value is chosen when the proposer hears a quorum of acceptances:
    // a step that writes nothing. The run's record must say so at once,
    // or a reload right after it lists the run as "nothing chosen".
    for seed in 1..=20 {
        let config = paxos_front::runs::paxos::config(3, 1, seed);
        let (mut timeline, mut driver, mut store) = mirrored(config, 0);
        while timeline.frontier().monitor().chosen().is_none() {
            driver.step(&mut timeline, &mut store, 0.0);
            assert!(
                timeline.frontier_time_us() < 2_000_000,
                "seed {seed}: never chosen"
            );
        }
        let chosen = timeline.frontier().monitor().chosen().cloned().unwrap();
        assert_eq!(
            store.run("run-a").unwrap().outcome,
            Some(format!("chose {chosen}")),
            "seed {seed}"
        );
    }
}

/// Manual scheduling keeps write-ahead: a disk write completed by hand
/// waits for its real write to commit, and a restart picked by hand reads
/// the real disk back, as the simulator's own steps do.
#[test]
fn a_disk_write_completed_by_hand_waits_for_the_real_write() {
    use paxos_sim::sim::Choice;
    use paxos_sim::timeline::Action;
    let mut timeline = Timeline::new(paxos_front::runs::paxos::config(3, 1, 7)).unwrap();
    let mut driver = Driver::new("slow", 3, 0.0);
    let mut slow = SlowStore::default();
    timeline.act(Action::Manual { on: true }).unwrap();
    for choice in [
        Choice::Wake {
            client: paxos_core::types::ClientId(0),
        },
        Choice::Deliver { id: 0 },
    ] {
        assert_eq!(
            driver.pick(&mut timeline, &mut slow, choice, 0.0),
            Ok(Progress::Done)
        );
    }
    let write = Choice::Persist { node: NodeId(0) };
    let before = timeline.frontier().trace_hash();
    assert_eq!(
        driver.pick(&mut timeline, &mut slow, write, 0.0),
        Ok(Progress::Waiting)
    );
    assert_eq!(timeline.frontier().trace_hash(), before, "not yet");
    assert!(!slow.writes.is_empty(), "the real write was sent");
    assert!(slow.commit_all(&mut driver) > 0);
    assert_eq!(
        driver.pick(&mut timeline, &mut slow, write, 0.0),
        Ok(Progress::Done)
    );
    assert_ne!(timeline.frontier().trace_hash(), before);
    assert_completed_only_if_committed(&timeline, &driver);
    // A restart by hand reads the disk back first.
    let crash = Choice::Crash { node: NodeId(0) };
    assert_eq!(
        driver.pick(&mut timeline, &mut slow, crash, 0.0),
        Ok(Progress::Done)
    );
    slow.commit_all(&mut driver);
    let restart = Choice::Restart { node: NodeId(0) };
    assert_eq!(
        driver.pick(&mut timeline, &mut slow, restart, 0.0),
        Ok(Progress::Waiting)
    );
    assert!(timeline.frontier().node(NodeId(0)).is_none());
    assert!(slow.answer_reads(&mut driver) > 0);
    driver.settle(&mut timeline, &mut slow, 0.0);
    assert!(timeline.frontier().node(NodeId(0)).is_some(), "restarted");
    // Something that cannot happen is refused, in words.
    let e = driver
        .pick(&mut timeline, &mut slow, Choice::Deliver { id: 99 }, 0.0)
        .unwrap_err();
    assert!(e.contains("not something that can happen now"), "{e}");
}
