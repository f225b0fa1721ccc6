//! The `paxos bench` workload in headless Chromium. Not part of the test
//! suite: run it with `scripts/bench.sh`, which prints the figure.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `performance.now()`: sub-millisecond resolution.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

#[wasm_bindgen_test]
fn bench_single_decree_rounds() {
    let rounds = 20_000;
    let result = paxos_front::bench::run(rounds, now_ms);
    console_log!(
        "WASM_BENCH {}",
        serde_json::to_string(&result).expect("serializes")
    );
    assert_eq!(result.rounds, rounds);
}

/// `paxos bench --protocol multi`, in the browser: 10,000 commands through
/// 5 replicas in steady state, windows 1 and 8.
#[wasm_bindgen_test]
fn bench_multi_paxos_commands() {
    for window in [1, 8] {
        let result = paxos_front::bench::multi(10_000, window, now_ms);
        console_log!(
            "WASM_MULTI {}",
            serde_json::to_string(&result).expect("serializes")
        );
        assert!(result.commands >= 10_000);
    }
}

// ----- IndexedDB: what durability costs -----

use paxos_core::paxos::Durable;
use paxos_core::types::{Ballot, NodeId};
use paxos_playground::web::idb::{Idb, DB_NAME};
use paxos_sim::storage::{Backend, Batch, Driver, MemoryStore, Progress, ReadResult, StorageError};
use paxos_sim::timeline::Timeline;
use std::collections::VecDeque;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

/// One strict write of one node's state, 300 times in a row: the latency of
/// a `Persist` made real.
#[wasm_bindgen_test]
async fn bench_idb_strict_write_latency() {
    let idb = Idb::open(&format!("{DB_NAME}-bench"), || {}, || {})
        .await
        .unwrap();
    let mut latencies = Vec::new();
    for i in 0..300u64 {
        let state = Durable {
            promised: Some(Ballot::new(i + 1, NodeId(0))),
            accepted: None,
        };
        let batch: Batch<paxos_core::paxos::SingleDecree> = Batch {
            id: i,
            run: "bench".into(),
            puts: vec![(NodeId((i % 3) as u8), state)],
            meta: None,
        };
        let start = now_ms();
        let committed = idb.write(&batch).await.unwrap();
        latencies.push(now_ms() - start);
        assert_eq!(committed.durability, "strict");
    }
    idb.clear().await.unwrap();
    latencies.sort_by(f64::total_cmp);
    console_log!(
        "IDB_WRITE {}",
        serde_json::json!({
            "writes": latencies.len(),
            "p50_ms": percentile(&latencies, 50.0),
            "p95_ms": percentile(&latencies, 95.0),
            "max_ms": latencies[latencies.len() - 1],
        })
    );
}

/// Collects writes, to send them as the browser driver does: one strict
/// transaction per batch, each batch holding every write issued since the
/// last time the simulation had to wait.
#[derive(Default)]
struct Queue {
    writes: VecDeque<Batch<paxos_core::paxos::SingleDecree>>,
}

impl Backend<paxos_core::paxos::SingleDecree> for Queue {
    fn write(
        &mut self,
        batch: Batch<paxos_core::paxos::SingleDecree>,
    ) -> Option<Result<(), StorageError>> {
        self.writes.push_back(batch);
        None
    }

    fn read(
        &mut self,
        _run: &str,
        _node: NodeId,
        _ticket: u64,
    ) -> Option<ReadResult<paxos_core::paxos::SingleDecree>> {
        Some(Ok(None))
    }
}

/// How fast the simulation can go when every disk write must commit in
/// IndexedDB first, against the same run with an in-memory store: in
/// simulated milliseconds per wall-clock second.
#[wasm_bindgen_test]
async fn bench_simulation_speed_with_idb() {
    let idb = Idb::open(&format!("{DB_NAME}-bench-sim"), || {}, || {})
        .await
        .unwrap();
    // A duel with backoff off never ends: a steady stream of ballots, and
    // of disk writes, on 3 nodes.
    let mut config = paxos_front::bench::duel_config(3, 1);
    config.until_us = paxos_sim::sim::MAX_TIME_US;
    let sim_ms = 2_000u64;

    let mut timeline = Timeline::new(config.clone()).unwrap();
    let mut driver = Driver::new("bench-sim", 3, 0.0);
    let mut queue = Queue::default();
    let (mut transactions, mut waits) = (0u64, 0u64);
    let start = now_ms();
    while driver.seek(&mut timeline, &mut queue, sim_ms * 1000, 0.0) == Progress::Waiting {
        waits += 1;
        while let Some(batch) = queue.writes.pop_front() {
            idb.write(&batch).await.unwrap();
            driver.write_done(batch.id, Ok(()));
            transactions += 1;
        }
    }
    let idb_wall = now_ms() - start;
    let writes = timeline.frontier().stats().disk_writes;

    let mut timeline = Timeline::new(config).unwrap();
    let mut driver = Driver::new("bench-sim", 3, 0.0);
    let mut memory = MemoryStore::default();
    let start = now_ms();
    assert_eq!(
        driver.seek(&mut timeline, &mut memory, sim_ms * 1000, 0.0),
        Progress::Done
    );
    let memory_wall = now_ms() - start;
    idb.clear().await.unwrap();
    console_log!(
        "IDB_SIM {}",
        serde_json::json!({
            "sim_ms": sim_ms,
            "disk_writes": writes,
            "transactions": transactions,
            "waits": waits,
            "idb_wall_ms": idb_wall,
            "idb_sim_ms_per_s": sim_ms as f64 / idb_wall * 1000.0,
            "memory_wall_ms": memory_wall,
            "memory_sim_ms_per_s": sim_ms as f64 / memory_wall * 1000.0,
        })
    );
}
