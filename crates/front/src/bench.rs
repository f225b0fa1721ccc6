//! The benchmark workload, shared by `paxos bench` (native) and the wasm
//! benchmark in headless Chromium, so both measure exactly the same thing.
//!
//! One round is a fresh 5-node single-decree run in which two clients race,
//! with 5% message loss and 5% duplication, run until nothing is left to do.
//! Traces are hashed but not stored, as in a seed sweep.

use crate::runs::multi as report;
use paxos_core::multi::MultiPaxos;
use paxos_sim::sim::{Sim, SimConfig};
use paxos_sim::timeline::Timeline;
use serde::Serialize;

pub const NODES: u8 = 5;
pub const PROPOSERS: u8 = 2;
pub const DROP_PROB: f64 = 0.05;
pub const DUP_PROB: f64 = 0.05;

/// The configuration of benchmark round `seed`.
pub fn round_config(seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut config = crate::runs::paxos::config(NODES, PROPOSERS, seed);
    config.network.drop_prob = DROP_PROB;
    config.network.dup_prob = DUP_PROB;
    config.record_trace = false;
    config
}

#[derive(Clone, Debug, Serialize)]
pub struct BenchResult {
    pub workload: &'static str,
    pub rounds: u64,
    /// Simulator steps (scheduled events processed) across all rounds.
    pub events: u64,
    pub decided_rounds: u64,
    pub elapsed_ms: f64,
    pub events_per_sec: f64,
}

/// Untimed rounds run first, so that a JIT (wasm in the browser) has settled.
pub const WARM_UP_ROUNDS: u64 = 1_000;

/// Runs `rounds` rounds and times them with `now_ms`, a wall clock supplied
/// by the caller (the library itself never reads a clock). The same
/// `WARM_UP_ROUNDS` run first, untimed.
pub fn run(rounds: u64, mut now_ms: impl FnMut() -> f64) -> BenchResult {
    play_rounds(0..WARM_UP_ROUNDS.min(rounds));
    let start = now_ms();
    let (events, decided_rounds) = play_rounds(0..rounds);
    let elapsed_ms = now_ms() - start;
    BenchResult {
        workload: "single-decree rounds, 5 nodes, 2 proposers, 5% drop, 5% duplicate",
        rounds,
        events,
        decided_rounds,
        elapsed_ms,
        events_per_sec: events as f64 / (elapsed_ms / 1000.0),
    }
}

/// Plays the rounds with these seeds; returns (events, rounds decided).
fn play_rounds(seeds: std::ops::Range<u64>) -> (u64, u64) {
    let (mut events, mut decided_rounds) = (0, 0);
    for seed in seeds {
        let summary = Sim::new(round_config(seed))
            .expect("the benchmark config is valid")
            .run();
        events += summary.stats.steps;
        decided_rounds += u64::from(summary.decided.is_some());
    }
    (events, decided_rounds)
}

/// Multi-Paxos steady state: 5 replicas, no faults, enough clients (four
/// per slot of the window, at most 64) to keep the pipeline full, starting
/// once the first leader is elected.
pub fn multi_config(commands: u64, window: u64) -> SimConfig<MultiPaxos> {
    let clients = (4 * window).clamp(1, 64);
    let per_client = commands.div_ceil(clients);
    let mut config = crate::runs::multi::workload(NODES, clients as u8, per_client, 8, 1);
    config.protocol.window = window;
    for client in &mut config.clients {
        client.at_us = 1_000_000;
    }
    config
}

#[derive(Clone, Debug, Serialize)]
pub struct MultiBenchResult {
    pub workload: &'static str,
    pub window: u64,
    pub clients: usize,
    pub commands: u64,
    /// Simulated time from the first command to the last answer.
    pub busy_ms: f64,
    pub round_trip_ms: f64,
    /// Commands answered per simulated round trip: the target is the
    /// window (one round trip per command, `window` at a time).
    pub per_round_trip: f64,
    pub latency_p50_ms: f64,
    pub latency_p99_ms: f64,
    /// Wall clock, and commands simulated per wall-clock second.
    pub elapsed_ms: f64,
    pub commands_per_sec: f64,
    pub events: u64,
}

/// Runs about `commands` commands through a steady-state cluster with
/// pipeline window `window`, timed with `now_ms` (supplied by the caller).
pub fn multi(commands: u64, window: u64, mut now_ms: impl FnMut() -> f64) -> MultiBenchResult {
    let config = multi_config(commands, window);
    let clients = config.clients.len();
    let start = now_ms();
    let mut sim = Sim::new(config).expect("the benchmark config is valid");
    while !sim.clients_done() && sim.step() {}
    let elapsed_ms = now_ms() - start;
    let r = report::report(&sim);
    let ms = |us: u64| us as f64 / 1000.0;
    MultiBenchResult {
        workload: "Multi-Paxos steady state, 5 replicas, no faults",
        window,
        clients,
        commands: r.commands_committed,
        busy_ms: ms(r.busy_us),
        round_trip_ms: r.round_trip_us / 1000.0,
        per_round_trip: r.per_round_trip,
        latency_p50_ms: ms(r.latency_p50_us),
        latency_p99_ms: ms(r.latency_p99_us),
        elapsed_ms,
        commands_per_sec: r.commands_committed as f64 / (elapsed_ms / 1000.0),
        events: sim.steps(),
    }
}

/// The most messages a stress run may ask for.
pub const STRESS_MESSAGES_MAX: u64 = 1_000_000;

/// Duelling proposers: two clients on a network with a fixed 5 ms latency
/// and a fixed 1 ms disk, with backoff off. Each proposer's Prepare reaches
/// the acceptors just before the other's Accept, so no ballot ever wins.
pub fn duel_config(nodes: u8, seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut config = crate::runs::paxos::config(nodes, 2, seed);
    config.network.latency_min_us = 5_000;
    config.network.latency_max_us = 5_000;
    config.disk.write_min_us = 1_000;
    config.disk.write_max_us = 1_000;
    config.protocol.backoff = false;
    config
}

/// A run that never ends, so messages keep flowing: a 5-node duel. Used to
/// load very large traces into the diagram (`?stress=N` in the playground).
pub fn stress_config(seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut config = duel_config(5, seed);
    config.until_us = paxos_sim::sim::MAX_TIME_US;
    config
}

/// A stress timeline simulated until it holds at least `messages` messages
/// (or its end), with the cursor at the frontier.
pub fn stress_timeline(messages: u64) -> Timeline<paxos_core::paxos::SingleDecree> {
    grow(stress_config(1), messages)
}

/// A timeline of `config` simulated until it holds at least `messages`
/// messages (or its end), with the cursor at the frontier.
pub fn grow<P: paxos_core::protocol::Protocol>(config: SimConfig<P>, messages: u64) -> Timeline<P> {
    let mut timeline = Timeline::new(config).expect("the stress config is valid");
    let sent = |t: &Timeline<P>| {
        let stats = t.frontier().stats();
        stats.messages + stats.client_messages
    };
    let mut time_us = 0;
    while sent(&timeline) < messages && !timeline.is_finished() {
        time_us += 100_000;
        timeline.seek(time_us);
    }
    timeline
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stress_run_keeps_sending_until_it_has_enough_messages() {
        let timeline = stress_timeline(20_000);
        let stats = timeline.frontier().stats();
        assert!(stats.messages + stats.client_messages >= 20_000);
        assert!(timeline.frontier().violations().is_empty());
        assert_eq!(
            timeline.frontier().monitor().chosen(),
            None,
            "a duel never decides"
        );
    }
}
