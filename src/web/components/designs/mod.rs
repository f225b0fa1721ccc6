//! The storage designs' panels, one file per component: which design runs
//! and what it promises, with every client's operation and how it ended
//! (`outcome`), the servers, and a form to send a new operation. Each takes
//! its view (`paxos_front::view`) and callbacks, never the page's state.

mod clients;
mod outcome;
mod server_cards;

pub use clients::DesignClients;
pub use outcome::DesignOutcome;
pub use server_cards::ServerCards;

use paxos_core::designs::Design;

/// What each design promises, and where it fails, for a student.
pub fn about(design: Design) -> &'static str {
    match design {
        Design::Single => "One server holds the value. Simple and correct, but while it is down nobody can read or write.",
        Design::Two => "A write goes to both servers, a read to either. Reads survive one crash; writes need both servers, so one crash stops them.",
        Design::Voting => "A write needs a majority of acknowledgements, a read a majority that agree. Any minority may be down, but concurrent writes overwrite each other blindly.",
        Design::Generations => "Compare-and-set with Paxos: a generation is the high part of the ballot, and an update of generation G writes G+1. Races are safe; a half-done update can make reads and writes wait.",
    }
}
