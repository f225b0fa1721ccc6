//! The core and simulator, running as WebAssembly in headless Chromium.
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm`.
#![cfg(target_arch = "wasm32")]

#[path = "common/configs.rs"]
mod configs;
#[path = "common/golden.rs"]
mod golden;

use paxos_core::types::Value;
use paxos_sim::sim::Sim;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The same runs as the native suite, compared with the same file: the two
/// builds produce identical traces.
#[wasm_bindgen_test]
fn trace_hashes_match_the_native_golden_file() {
    assert_eq!(golden::compute(), golden::GOLDEN);
}

/// Every gallery lesson, compiled and run in the browser, gives the hashes
/// the native suite and the CLI give.
#[wasm_bindgen_test]
fn gallery_hashes_match_the_native_golden_file() {
    assert_eq!(golden::gallery(), golden::GALLERY);
}

#[wasm_bindgen_test]
fn a_three_node_cluster_decides_in_the_browser() {
    let s = Sim::new(paxos_front::runs::paxos::config(3, 2, 1))
        .unwrap()
        .run();
    assert!(matches!(s.decided, Some(ref v) if *v == Value::new("A") || *v == Value::new("B")));
    assert_eq!(s.learned_by.len(), 3);
    assert!(s.violations.is_empty());
}

#[wasm_bindgen_test]
fn a_faulty_sweep_is_safe_in_the_browser() {
    for seed in 0..200 {
        let mut c = configs::faulty(5, 4, seed);
        c.record_trace = false;
        let s = Sim::new(c).unwrap().run();
        assert!(
            s.violations.is_empty(),
            "reproduce with seed={seed}: {}",
            s.violations[0]
        );
        assert!(s.decided.is_some(), "reproduce with seed={seed}: undecided");
    }
}
