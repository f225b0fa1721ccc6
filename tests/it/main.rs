//! Native integration tests, one module per concept. (One binary, so the
//! crate is linked once.)
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/configs.rs"]
mod configs;
#[path = "../common/golden.rs"]
mod golden;

mod amnesia;
mod determinism;
mod duelling_proposers;
mod durable_storage;
mod layering;
mod liveness;
mod manual_scheduling;
mod model_check;
mod multi_paxos;
mod safety_sweep;
mod seed_question;
mod storage_designs;
mod time_travel;
mod user_actions;
mod write_ahead;
