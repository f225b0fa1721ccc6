//! What the model checker starts from, for each protocol it covers: the
//! bounds a search takes until someone sets them, the same in `paxos
//! check` and in the page's Model check panel.

use paxos_check::Bounds;
use paxos_core::designs::{Design, Storage};
use paxos_core::multi::MultiPaxos;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Protocol;
use paxos_sim::sim::SimConfig;

/// A protocol the model checker covers.
pub trait Checkable: Protocol {
    /// The bounds for a run of `config`: ones that finish within about a
    /// minute natively and reach every broken variant's counterexample.
    fn bounds(config: &SimConfig<Self>) -> Bounds;

    /// The run to check, from one to simulate ([`paxos_check::for_checking`],
    /// and whatever else the protocol needs for time to stay out of a
    /// state).
    fn for_checking(config: SimConfig<Self>) -> SimConfig<Self> {
        paxos_check::for_checking(config)
    }
}

impl Checkable for SingleDecree {
    /// Depth 13 and 2 ballots per proposer; a crash only for a disk that
    /// forgets (only a crash shows that bug, and without one a disk write
    /// completes with the step that issued it, which keeps the space
    /// small).
    fn bounds(config: &SimConfig<SingleDecree>) -> Bounds {
        Bounds {
            max_crashes: u32::from(config.protocol.durability.forgets()),
            ..Bounds::default()
        }
    }
}

impl Checkable for Storage {
    /// Depth 12 for designs 1 to 3, whose clients send once and wait:
    /// that covers every order of three writers' requests reaching three
    /// servers, where design 3's split first shows (3 sends and 9
    /// deliveries). Depth 10 for design 5, whose two phases make its space
    /// grow fastest (three clients at depth 12 are about ten million
    /// states).
    fn bounds(config: &SimConfig<Storage>) -> Bounds {
        Bounds {
            max_depth: match config.protocol.design {
                Design::Generations => 10,
                Design::Single | Design::Two | Design::Voting => 12,
            },
            // The servers start no ballots: design 5's clients run the
            // phases, and their attempts are bounded by the design.
            max_ballots: 0,
            ..Bounds::default()
        }
    }
}

impl Checkable for MultiPaxos {
    /// Depth 11, one election per replica, and 2 log slots: room for two
    /// clients' commands to be chosen, and for a second leader to take
    /// over a chosen slot (about a million states, 10 s natively).
    fn bounds(_: &SimConfig<MultiPaxos>) -> Bounds {
        Bounds {
            max_depth: 11,
            max_ballots: 1,
            max_slots: Some(2),
            ..Bounds::default()
        }
    }

    /// A leader resends each proposal still open at every heartbeat (a
    /// retry period of 1 µs): whether one was sent long enough ago is a
    /// matter of time, which a state leaves out. Resending more often only
    /// adds copies the network may hold back for ever, so every run of a
    /// longer retry period is still among those checked.
    fn for_checking(config: SimConfig<MultiPaxos>) -> SimConfig<MultiPaxos> {
        let mut config = paxos_check::for_checking(config);
        config.protocol.retry_us = 1;
        config
    }
}
