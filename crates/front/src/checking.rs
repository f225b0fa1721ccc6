//! What the model checker starts from, for each protocol it covers: the
//! bounds a search takes until someone sets them, the same in `paxos
//! check` and in the page's Model check panel.

use paxos_check::Bounds;
use paxos_core::designs::Storage;
use paxos_core::paxos::SingleDecree;
use paxos_core::protocol::Protocol;
use paxos_sim::sim::SimConfig;

/// A protocol the model checker covers.
pub trait Checkable: Protocol {
    /// The bounds for a run of `config`: ones that finish within about a
    /// minute natively and reach every broken variant's counterexample.
    fn bounds(config: &SimConfig<Self>) -> Bounds;
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
    /// Depth 8: the designs' clients retry, and their spaces grow faster.
    fn bounds(_: &SimConfig<Storage>) -> Bounds {
        Bounds {
            max_depth: 8,
            ..Bounds::default()
        }
    }
}
