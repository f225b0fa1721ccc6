//! Each protocol's page: how `WebProtocol` (its words and configurations)
//! and `Panels` (what it shows of its own) are answered for it. Nothing
//! else in `web` names a protocol.

mod designs;
mod multi;
mod paxos;
