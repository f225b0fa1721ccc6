//! The `paxos bench` workload in headless Chromium. Not part of the test
//! suite: run it with `scripts/bench.sh`, which prints the figure.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// `performance.now()`: sub-millisecond resolution.
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(js_sys::Date::now, |p| p.now())
}

#[wasm_bindgen_test]
fn bench_single_decree_rounds() {
    let rounds = 20_000;
    let result = paxos_playground::bench::run(rounds, now_ms);
    console_log!(
        "WASM_BENCH {}",
        serde_json::to_string(&result).expect("serializes")
    );
    assert_eq!(result.rounds, rounds);
}
