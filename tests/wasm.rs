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

/// Every example of the gallery, compiled and run in the browser, gives the hashes
/// the native suite and the CLI give.
/// The model checker explores the same states in the browser as natively,
/// and counts them the same: its fingerprints are platform-stable.
#[wasm_bindgen_test]
fn the_model_checker_counts_the_same_states_as_natively() {
    assert_eq!(golden::checked(), golden::CHECKED);
    assert_eq!(golden::checked_multi(), golden::CHECKED_MULTI);
}

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

/// The settings' numbers are read by the browser's own parser (Rust's
/// float parser costs the page 15 KB): blanks around a number are allowed,
/// anything that is not a finite number is refused, never read as 0.
#[wasm_bindgen_test]
fn typed_numbers_are_read_by_the_browser_and_refused_when_not_numbers() {
    use paxos_playground::web::math::parse_number;
    assert_eq!(parse_number("0.25"), Some(0.25));
    assert_eq!(parse_number(" 3 "), Some(3.0));
    assert_eq!(parse_number(".5"), Some(0.5));
    assert_eq!(parse_number("1e3"), Some(1000.0));
    assert_eq!(parse_number("-2"), Some(-2.0));
    for bad in [
        "", "   ", "abc", "0.1.2", "1,5", "5%", "NaN", "Infinity", "1e400",
    ] {
        assert_eq!(parse_number(bad), None, "{bad:?}");
    }
}

#[wasm_bindgen_test]
fn nodes_sit_evenly_on_the_ring_starting_at_the_top() {
    use paxos_playground::web::math::ring_position;
    let (x, y) = ring_position(0, 4);
    assert!((x - 150.0).abs() < 1e-9 && (y - 45.0).abs() < 1e-9);
    let (x, y) = ring_position(1, 4);
    assert!((x - 255.0).abs() < 1e-9 && (y - 150.0).abs() < 1e-9);
    assert_eq!(
        ring_position(0, 1),
        (150.0, 150.0),
        "a lone node sits in the middle"
    );
}
