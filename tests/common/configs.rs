//! Configurations shared by the native and wasm suites.

use paxos_sim::sim::SimConfig;

/// The sweeps' standard fault mix, for the first 2 s of a run: 10% message
/// loss, 10% duplication, and at every 20 ms fault tick a 30% chance of a
/// crash and a 20% chance of cutting or healing the network. Client i starts
/// at i × 300 ms, so later proposers arrive while faults are in progress.
pub fn faulty(nodes: u8, proposers: u8, seed: u64) -> SimConfig<paxos_core::paxos::SingleDecree> {
    let mut c = paxos_front::runs::paxos::config(nodes, proposers, seed);
    c.network.drop_prob = 0.1;
    c.network.dup_prob = 0.1;
    c.faults.crash_prob = 0.3;
    c.faults.partition_prob = 0.2;
    for (i, client) in c.clients.iter_mut().enumerate() {
        client.at_us = i as u64 * 300_000;
    }
    c
}
