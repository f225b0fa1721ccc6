//! The layering the architecture promises: the generic layers (the
//! simulator, time travel, storage, the scenario format, the generic
//! words) name no protocol. (That the protocols' cores name none of these
//! is enforced by Cargo: `crates/core` does not depend on this package.)

use std::path::{Path, PathBuf};

/// Words that name a specific protocol, or reach into one.
const PROTOCOL_NAMES: [&str; 8] = [
    "crate::paxos",
    "crate::multi",
    "crate::designs",
    "paxos_core::",
    "SingleDecree",
    "MultiPaxos",
    "designs::Storage",
    "runs::",
];

/// The generic layers, files or folders under `src/`.
const GENERIC: [&str; 5] = ["sim", "timeline.rs", "storage", "scenario.rs", "explain.rs"];

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
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
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
    assert!(code("use crate::paxos::SingleDecree;").contains("SingleDecree"));
    assert!(!code("// see crate::paxos for an example").contains("crate::paxos"));
    assert!(!code("fn f() {}\n#[cfg(test)]\nmod tests { use crate::paxos; }").contains("paxos"));
}
