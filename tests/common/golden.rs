//! Runs whose trace hashes are pinned in `tests/golden/trace_hashes.txt`.
//! Both the native suite and the wasm suite (in headless Chromium) compute
//! these and compare them with the same file, which is how we know the two
//! builds produce identical traces.

use super::configs::faulty;
use paxos_sim::sim::{format_hash, Sim, SimConfig};

pub const GOLDEN: &str = include_str!("../golden/trace_hashes.txt");

fn duel(seed: u64, backoff: bool) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::bench::duel_config(3, seed);
    c.protocol.backoff = backoff;
    c.until_us = 2_000_000;
    c
}

/// The pinned runs, by name.
pub fn runs() -> Vec<(String, SimConfig<paxos_core::paxos::SingleDecree>)> {
    let mut runs = Vec::new();
    for seed in [0, 1, 42] {
        runs.push((
            format!("calm-3-nodes seed={seed}"),
            paxos_front::runs::paxos::config(3, 2, seed),
        ));
        runs.push((format!("faulty-5-nodes seed={seed}"), faulty(5, 4, seed)));
    }
    runs.push(("duel-no-backoff seed=7".into(), duel(7, false)));
    runs.push(("duel-backoff seed=7".into(), duel(7, true)));
    runs
}

/// The pinned Multi-Paxos workloads, by name: each random workload
/// generator on the same faulty cluster. (A link keeps the generator it was
/// made with, so each must go on drawing the same commands.)
pub fn workloads() -> Vec<(String, SimConfig<paxos_core::multi::MultiPaxos>)> {
    let config = |seed| {
        let mut c = paxos_front::runs::multi::workload(5, 4, 25, 3, seed);
        c.network.drop_prob = 0.05;
        c.faults.crash_prob = 0.02;
        c.faults.until_us = 1_500_000;
        c
    };
    let mut runs = Vec::new();
    for seed in [0, 1] {
        let mut first = config(seed);
        for client in &mut first.clients {
            client.commands = client.commands.with_generator_1();
        }
        runs.push((format!("multi-generator-1 seed={seed}"), first));
        runs.push((format!("multi-generator-2 seed={seed}"), config(seed)));
    }
    runs
}

/// One line per run: `<name> <trace hash> <events>`.
pub fn compute() -> String {
    let mut out: String = runs()
        .into_iter()
        .map(|(name, config)| {
            let s = Sim::new(config).expect("valid config").run();
            format!("{name} {} {}\n", format_hash(s.trace_hash), s.trace_events)
        })
        .collect();
    for (name, config) in workloads() {
        let mut sim = Sim::new(config).expect("valid config");
        paxos_front::runs::multi::run(&mut sim);
        let s = sim.summary();
        out += &format!("{name} {} {}\n", format_hash(s.trace_hash), s.trace_events);
    }
    out += &picked(
        "picked-mixed paxos seed=5",
        paxos_front::runs::paxos::config(3, 2, 5),
    );
    out += &picked(
        "picked-mixed multi seed=3",
        paxos_front::runs::multi::workload(3, 2, 4, 2, 3),
    );
    out += &picked(
        "picked-mixed designs seed=4",
        paxos_front::runs::designs::playground(3, 4),
    );
    out
}

/// A hand-made interleaving, as manual scheduling records it: 60 picks,
/// the i-th of choice i × 7 mod their number (a mix of every kind, far from
/// the simulator's own order), then the run on to 3 s of simulated time.
/// `<name> <trace hash> <events>`.
fn picked<P: paxos_core::protocol::Protocol>(name: &str, config: SimConfig<P>) -> String {
    let mut timeline = paxos_sim::timeline::Timeline::new(config).expect("valid config");
    for i in 0..60 {
        let choices = timeline.frontier().events();
        if choices.is_empty() {
            break;
        }
        let choice = choices[i * 7 % choices.len()];
        timeline
            .act(paxos_sim::timeline::Action::Pick { choice })
            .expect("a choice can be picked");
    }
    let mut sim = timeline.frontier().clone();
    while sim.now_us() < 3_000_000 && sim.step() {}
    let s = sim.summary();
    format!("{name} {} {}\n", format_hash(s.trace_hash), s.trace_events)
}

/// Every example of the gallery run to its end (as `paxos run --scenario
/// gallery:ID` runs it): `<id> <trace hash> <end µs>`, pinned in
/// `tests/golden/gallery_hashes.txt` for native, wasm and the CLI alike.
pub const GALLERY: &str = include_str!("../golden/gallery_hashes.txt");

pub fn gallery() -> String {
    paxos_front::course::gallery::EXAMPLES
        .iter()
        .map(|example| {
            let (hash, end_us) = example.scenario().run_to_end().expect("an example runs");
            format!("{} {} {end_us}\n", example.id, format_hash(hash))
        })
        .collect()
}

/// The model checker's counts for correct single-decree Paxos (3 nodes, 2
/// proposers, depth ≤ 8, one ballot each, no faults, so disk writes
/// complete with the step that issued them): states generated,
/// unique, at a bound. The same natively and in wasm: the fingerprint is
/// platform-stable.
pub const CHECKED: (u64, u64, u64) = (1354, 595, 531);

pub fn checked() -> (u64, u64, u64) {
    let config = paxos_check::for_checking(paxos_front::runs::paxos::config(3, 2, 0));
    counted(
        &config,
        paxos_check::Bounds {
            max_depth: 8,
            max_ballots: 1,
            ..paxos_check::Bounds::default()
        },
    )
}

/// The same for Multi-Paxos: 3 replicas, 2 clients with one random
/// command each (drawn from each client's stream of seed 0, so the wasm
/// search draws the same), depth ≤ 6, one election per replica, 2 slots.
pub const CHECKED_MULTI: (u64, u64, u64) = (8120, 3010, 2832);

pub fn checked_multi() -> (u64, u64, u64) {
    use paxos_front::checking::Checkable;
    let workload = paxos_front::runs::multi::workload(3, 2, 1, 3, 0);
    let config = <paxos_core::multi::MultiPaxos as Checkable>::for_checking(workload);
    counted(
        &config,
        paxos_check::Bounds {
            max_depth: 6,
            max_ballots: 1,
            max_slots: Some(2),
            ..paxos_check::Bounds::default()
        },
    )
}

fn counted<P: paxos_core::protocol::Protocol>(
    config: &paxos_sim::sim::SimConfig<P>,
    bounds: paxos_check::Bounds,
) -> (u64, u64, u64)
where
    P::Client: serde::Serialize,
    P::Monitor: serde::Serialize,
    paxos_sim::sim::Sim<P>: Send + Sync,
    paxos_sim::sim::Choice<P>: Send + Sync,
{
    let report = paxos_check::check(
        config,
        &bounds,
        paxos_check::Order::Bfs,
        paxos_check::Limits {
            memory: &|| 0,
            progress: &mut |_| true,
            threads: 1,
        },
    )
    .expect("a valid configuration");
    assert_eq!(report.outcome, paxos_check::Outcome::Ok);
    (
        report.progress.states,
        report.progress.unique,
        report.at_bound,
    )
}
