//! The playground's model-checker bundle (`checker/` on the site), built
//! for wasm32 by `scripts/pages.sh` and run in a Web Worker
//! (`checker/*-worker.js`, written there too), so that a search of
//! millions of states never blocks the page. A page starts the worker the
//! first time a student presses Check (see `web::checker`); nothing else
//! loads it.
//!
//! It speaks in link bytes, as the tools bundle does: the page's run as a
//! scenario in, and the shortest counterexample out as a scenario to open,
//! in manual scheduling, at its first step. The search is
//! `paxos_check::check` itself, the CLI's, over the same choices, so the
//! page and `paxos check` report the same counts for the same bounds.

#[cfg(target_arch = "wasm32")]
mod exports {
    use paxos_check::{check, counterexample, depth_of, Bounds, Limits, Order};
    use paxos_check::{Outcome, Progress, Report};
    use paxos_front::catalog::{body_bytes, Listed, Scenario};
    use paxos_front::checking::Checkable;
    use paxos_sim::sim::SimConfig;
    use serde::Serialize;
    use wasm_bindgen::prelude::*;

    /// The wasm heap's size, in bytes: what the memory bound measures.
    fn heap() -> u64 {
        core::arch::wasm32::memory_size::<0>() as u64 * 65_536
    }

    /// What the page shows of a finished search (its JSON).
    #[derive(Serialize)]
    struct Summary {
        result: &'static str,
        property: Option<&'static str>,
        detail: Option<String>,
        covered: String,
        #[serde(flatten)]
        progress: Progress,
        at_bound: u64,
        deadlocks: u64,
        /// The counterexample's steps in the network panel's words, and
        /// its choices (what the depth bound counts).
        steps: Vec<String>,
        choices: u32,
    }

    /// Checks the run `bytes` (a scenario's link bytes) holds, within
    /// `bounds` (depth, ballots per proposer, crashes, drops, duplicates,
    /// MiB of memory, log slots or 0 for a protocol without a log), telling `progress` (a `paxos_check::Progress` as
    /// JSON) now and then. Answers `[summary JSON, counterexample bytes or
    /// null]`.
    #[wasm_bindgen]
    pub fn check_scenario(
        bytes: &[u8],
        bounds: &[u32],
        progress: &js_sys::Function,
    ) -> Result<js_sys::Array, String> {
        let [max_depth, max_ballots, max_crashes, max_drops, max_duplicates, mib, slots] = bounds
        else {
            return Err("the checker takes seven bounds".into());
        };
        let bounds = Bounds {
            max_depth: *max_depth,
            max_ballots: *max_ballots,
            max_slots: (*slots > 0).then_some(*slots),
            max_crashes: *max_crashes,
            max_drops: *max_drops,
            max_duplicates: *max_duplicates,
            max_bytes: u64::from(*mib) << 20,
        };
        match Scenario::from_bytes(bytes).map_err(|e| e.to_string())? {
            Scenario::Paxos(body) => run(body.config, &bounds, progress),
            Scenario::Designs(body) => run(body.config, &bounds, progress),
            Scenario::Multi(body) => run(body.config, &bounds, progress),
        }
    }

    fn run<P: Listed + Checkable>(
        config: SimConfig<P>,
        bounds: &Bounds,
        progress: &js_sys::Function,
    ) -> Result<js_sys::Array, String>
    where
        P::Client: Serialize,
        P::Monitor: Serialize,
    {
        let config = P::for_checking(config);
        let mut tell = |p: &Progress| {
            let json = serde_json::to_string(p).unwrap_or_default();
            let _ = progress.call1(&JsValue::NULL, &JsValue::from_str(&json));
            true
        };
        let limits = Limits {
            memory: &heap,
            progress: &mut tell,
            // A worker has no threads of its own.
            threads: 1,
        };
        let report = check(&config, bounds, Order::Bfs, limits).map_err(|e| e.to_string())?;
        let found = shortest(&config, &report)?;
        let (property, detail, steps) = match &report.outcome {
            Outcome::Violation {
                property,
                detail,
                steps,
            } => (Some(property.name()), Some(detail.clone()), steps.clone()),
            _ => (None, None, Vec::new()),
        };
        let summary = Summary {
            result: report.outcome.name(),
            property,
            detail,
            covered: report.covered(),
            progress: report.progress,
            at_bound: report.at_bound,
            deadlocks: report.deadlocks,
            choices: depth_of(&steps, bounds),
            steps: steps.iter().map(|s| s.to_string()).collect(),
        };
        let json = serde_json::to_string(&summary).map_err(|e| e.to_string())?;
        let answer = js_sys::Array::new();
        answer.push(&JsValue::from_str(&json));
        answer.push(&found.map_or(JsValue::NULL, |bytes| {
            js_sys::Uint8Array::from(bytes.as_slice()).into()
        }));
        Ok(answer)
    }

    /// The counterexample as a scenario's link bytes, its cursor at the
    /// start: the student steps through it.
    fn shortest<P: Listed>(
        config: &SimConfig<P>,
        report: &Report<P>,
    ) -> Result<Option<Vec<u8>>, String> {
        let Outcome::Violation {
            property, steps, ..
        } = &report.outcome
        else {
            return Ok(None);
        };
        let title = format!("The shortest counterexample to {}", property.name());
        let body = counterexample(
            config,
            steps,
            &title,
            "the last one breaks the property",
            Some(0),
        )
        .map_err(|e| e.to_string())?;
        Ok(Some(body_bytes(&body)))
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        eprintln!("The checker bundle runs in the browser, in a Web Worker a page starts.");
        std::process::exit(2);
    }
}
