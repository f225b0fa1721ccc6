//! Liveness: once the faults stop, a value is chosen, however slow the
//! network or the disks. The retry timeout doubles with each failed ballot,
//! so a slow round still gets the time it needs.

use paxos_sim::sim::{Sim, SimConfig};

fn slow(
    seed: u64,
    latency_ms: (u64, u64),
    disk_ms: (u64, u64),
) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::runs::paxos::config(3, 2, seed);
    c.network.latency_min_us = latency_ms.0 * 1000;
    c.network.latency_max_us = latency_ms.1 * 1000;
    c.disk.write_min_us = disk_ms.0 * 1000;
    c.disk.write_max_us = disk_ms.1 * 1000;
    c.until_us = 3_600_000_000;
    c.record_trace = false;
    c
}

#[test]
fn a_round_trip_longer_than_the_first_timeout_still_decides() {
    // The first retry timeout is 100 ms; one phase here takes 150 ms to 300 ms.
    for seed in 0..200 {
        let s = Sim::new(slow(seed, (70, 150), (1, 2))).unwrap().run();
        assert!(s.decided.is_some(), "undecided; reproduce with seed={seed}");
        assert_eq!(s.clients_answered, 2, "reproduce with seed={seed}");
    }
}

#[test]
fn the_slowest_allowed_network_and_disks_still_decide() {
    for seed in 0..20 {
        let s = Sim::new(slow(seed, (2_000, 10_000), (5_000, 10_000)))
            .unwrap()
            .run();
        assert!(s.decided.is_some(), "undecided; reproduce with seed={seed}");
    }
}
