//! Liveness: two proposers can pre-empt each other forever. Randomized
//! backoff breaks the symmetry.
//!
//! With a fixed 5 ms latency, each proposer's Prepare reaches the acceptors
//! just before the other's Accept, so every Accept is rejected.

use paxos_sim::sim::{Sim, SimConfig};

const SEED: u64 = 7;

fn duel(backoff: bool) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::bench::duel_config(3, SEED);
    c.protocol.backoff = backoff;
    c.until_us = 10_000_000;
    c
}

#[test]
fn without_backoff_duelling_proposers_livelock_for_the_whole_run() {
    let s = Sim::new(duel(false)).unwrap().run();
    assert_eq!(s.decided, None, "seed {SEED} should duel for all 10 s");
    assert!(s.ballots > 500, "they keep trying: {} ballots", s.ballots);
    assert!(
        s.violations.is_empty(),
        "duelling is a liveness problem only"
    );
    assert_eq!(s.end_us, 10_000_000);
}

#[test]
fn with_backoff_the_same_seed_decides() {
    let s = Sim::new(duel(true)).unwrap().run();
    assert!(s.decided.is_some());
    assert!(s.decided_at_us.unwrap() < 500_000, "decided quickly");
    assert_eq!(s.clients_answered, 2);
    assert!(s.violations.is_empty());
}
