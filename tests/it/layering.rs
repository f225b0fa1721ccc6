//! The layering the architecture promises: the generic layers (the
//! simulator, time travel, storage and the scenario format in
//! `crates/sim`, and the generic words) name no protocol. (That they name
//! no front end, and that the protocols' cores name none of them, is
//! enforced by Cargo: `crates/sim` depends only on `crates/core`, and
//! `crates/core` on neither.)

use std::path::{Path, PathBuf};

/// Words that name a specific protocol, or reach into one.
const PROTOCOL_NAMES: [&str; 12] = [
    "crate::paxos",
    "crate::multi",
    "crate::designs",
    "paxos_core::paxos",
    "paxos_core::multi",
    "paxos_core::designs",
    "paxos_core::kv",
    "paxos_core::linearizability",
    "SingleDecree",
    "MultiPaxos",
    "designs::Storage",
    "runs::",
];

/// The generic layers, files or folders of the workspace.
const GENERIC: [&str; 3] = [
    "crates/sim/src",
    "crates/front/src/explain.rs",
    "crates/core/src/protocol.rs",
];

fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            sources(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The source before its unit tests (which may use any protocol as an
/// example), without comments.
fn code(text: &str) -> String {
    let body = text.split("#[cfg(test)]").next().unwrap_or(text);
    body.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn generic_layers_name_no_protocol() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for layer in GENERIC {
        sources(&src.join(layer), &mut files);
    }
    assert!(files.len() >= 8, "found the layers: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let text = code(&std::fs::read_to_string(file).unwrap());
        for name in PROTOCOL_NAMES {
            if text.contains(name) {
                found.push(format!("{} names {name}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_layering_check_sees_a_protocol_named_in_code_but_not_in_comments() {
    assert!(code("use paxos_core::paxos::SingleDecree;").contains("SingleDecree"));
    assert!(!code("// see paxos_core::paxos for an example").contains("paxos_core::paxos"));
    assert!(!code("fn f() {}\n#[cfg(test)]\nmod tests { use crate::paxos; }").contains("paxos"));
}

/// Single-decree Paxos's vocabulary, which the generic sentences about
/// trace events must leave to the protocol's own words (`Words`): a
/// storage design's server has no promise to forget.
const PAXOS_WORDS: [&str; 5] = ["promise", "acceptance", "phase 2", "phase-2", "chosen"];

#[test]
fn the_generic_sentences_use_no_protocols_vocabulary() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = code(&std::fs::read_to_string(src.join("crates/front/src/explain.rs")).unwrap());
    let lower = text.to_lowercase();
    let found: Vec<&str> = PAXOS_WORDS
        .into_iter()
        .filter(|w| lower.contains(w))
        .collect();
    assert!(found.is_empty(), "explain.rs says {found:?}");
}

/// What only the page's hooks may do: start futures, write the address bar
/// or the tab's session, take locks, touch IndexedDB or the window.
const BROWSER_EFFECTS: [&str; 8] = [
    "spawn_local",
    "web_sys::",
    "history()",
    "session_storage",
    "tabs::",
    "link::encode",
    "address::",
    "idb.",
];

/// The reducer only reduces: every effect it wants is an `Effect` that
/// `hooks::use_effects` performs after the render. (It still reads the
/// wall clock, and its write-ahead driver issues the disks' writes.)
#[test]
fn the_reducer_leaves_its_effects_to_the_hooks() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = code(&std::fs::read_to_string(src.join("src/web/state.rs")).unwrap());
    let found: Vec<&str> = BROWSER_EFFECTS
        .into_iter()
        .filter(|effect| text.contains(effect))
        .collect();
    assert!(found.is_empty(), "the reducer does {found:?} itself");
    assert!(text.contains("enum Effect"), "its effects are data");
    let hooks = code(&std::fs::read_to_string(src.join("src/web/hooks/effects.rs")).unwrap());
    assert!(hooks.contains("take_effects"), "a hook performs them");
}

/// What a page would link from Rust's standard library for one call, and
/// the browser does for nothing (see `src/web/math.rs`): the float parser
/// (10 KB of tables), libm's software trigonometry and powers, and
/// Unicode's case tables.
const HEAVY_STD: [&str; 15] = [
    "parse::<f64>",
    ".sin()",
    ".cos()",
    ".tan()",
    ".sin_cos()",
    ".powf(",
    ".powi(",
    ".exp()",
    ".ln()",
    ".log10()",
    ".log2()",
    ".hypot(",
    ".cbrt()",
    "to_lowercase()",
    "to_uppercase()",
];

/// Everything a page links: the web app, what the front ends share, the
/// simulator and the protocols (the CLI and the tools bundle may use
/// anything).
const PAGE_CODE: [&str; 4] = [
    "src/web",
    "crates/front/src",
    "crates/sim/src",
    "crates/core/src",
];

#[test]
fn pages_leave_float_parsing_trigonometry_and_case_tables_to_the_browser() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for layer in PAGE_CODE {
        sources(&src.join(layer), &mut files);
    }
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("tests.rs")) {
        let text = code(&std::fs::read_to_string(file).unwrap());
        for call in HEAVY_STD {
            if text.contains(call) {
                found.push(format!("{} calls {call}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
