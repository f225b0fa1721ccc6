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
const GENERIC: [&str; 4] = [
    "crates/sim/src",
    "crates/check/src",
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

/// Where `files` (outside their unit tests, comments aside) use any of
/// `words`, each as "FILE VERB WORD".
fn uses(files: &[PathBuf], words: &[&str], verb: &str) -> Vec<String> {
    let mut found = Vec::new();
    for file in files {
        let text = code(&std::fs::read_to_string(file).unwrap());
        for word in words {
            if text.contains(word) {
                found.push(format!("{} {verb} {word}", file.display()));
            }
        }
    }
    found
}

#[test]
fn generic_layers_name_no_protocol() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for layer in GENERIC {
        sources(&src.join(layer), &mut files);
    }
    assert!(files.len() >= 8, "found the layers: {files:?}");
    let found = uses(&files, &PROTOCOL_NAMES, "names");
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

/// What a component may not take: the reducer's handle, the page state,
/// or the protocol-erased board and its commands. Each takes its data and
/// callbacks (`web/wiring.rs` builds them).
const STATE_HANDLES: [&str; 8] = [
    "UseReducerHandle",
    "Playground<",
    "BoardHandle",
    "Cmd::",
    // Nor do they read the page's address or make its files.
    "Query::",
    "location()",
    "files::export",
    "files::chosen_file",
];

#[test]
fn components_take_data_and_callbacks_not_the_page_state() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&src.join("src/web/components"), &mut files);
    assert!(files.len() > 20, "the components are where they were");
    let found = uses(&files, &STATE_HANDLES, "uses");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn each_component_has_a_file_of_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&src.join("src/web/components"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = code(&std::fs::read_to_string(file).unwrap());
        let components = text.matches("#[function_component").count();
        if components > 1 {
            found.push(format!("{} holds {components} components", file.display()));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
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
    files.retain(|f| !f.ends_with("tests.rs"));
    let found = uses(&files, &HEAVY_STD, "calls");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The modules directly under `root` (a file `x.rs` or a folder `x/`) and
/// which of them each names outside its unit tests, through `prefix` (`crate::` in a crate's
/// root, `crate::web::` in the web app) or, in a file directly under
/// `root`, through `super::`.
fn module_imports(root: &Path, prefix: &str) -> Vec<(String, Vec<String>)> {
    let mut files = Vec::new();
    sources(root, &mut files);
    // Unit tests may use anything.
    files.retain(|f| !f.ends_with("tests.rs"));
    let module = |file: &Path| -> String {
        let rel = file.strip_prefix(root).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_string()
    };
    let modules: Vec<String> = files.iter().map(|f| module(f)).collect();
    let mut graph: Vec<(String, Vec<String>)> = Vec::new();
    for file in &files {
        let from = module(file);
        let text = code(&std::fs::read_to_string(file).unwrap());
        let direct = file.parent() == Some(root);
        let mut to = Vec::new();
        for name in &modules {
            let named = text.contains(&format!("{prefix}{name}::"))
                || text.contains(&format!("{prefix}{name}}}"))
                || text.contains(&format!("{prefix}{{{name}"))
                || (direct && text.contains(&format!("super::{name}::")));
            if named && *name != from && !to.contains(name) {
                to.push(name.clone());
            }
        }
        match graph.iter_mut().find(|(m, _)| *m == from) {
            Some((_, edges)) => edges.extend(to),
            None => graph.push((from, to)),
        }
    }
    graph
}

/// A loop of modules that import each other, if there is one.
fn import_loop(graph: &[(String, Vec<String>)]) -> Option<Vec<String>> {
    fn visit(
        graph: &[(String, Vec<String>)],
        at: &str,
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == at) {
            let mut found = path[start..].to_vec();
            found.push(at.to_string());
            return Some(found);
        }
        if done.iter().any(|m| m == at) {
            return None;
        }
        path.push(at.to_string());
        let edges = graph.iter().find(|(m, _)| m == at).map(|(_, e)| e.clone());
        for next in edges.unwrap_or_default() {
            if let Some(found) = visit(graph, &next, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(at.to_string());
        None
    }
    let mut done = Vec::new();
    graph
        .iter()
        .find_map(|(m, _)| visit(graph, m, &mut Vec::new(), &mut done))
}

#[test]
fn modules_import_each_other_in_no_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (root, prefix) in [
        ("src/web", "crate::web::"),
        ("crates/front/src", "crate::"),
        ("crates/sim/src", "crate::"),
        ("crates/core/src", "crate::"),
        ("crates/cli/src", "crate::"),
    ] {
        let graph = module_imports(&src.join(root), prefix);
        assert!(graph.len() > 3, "{root} has its modules");
        if let Some(found) = import_loop(&graph) {
            panic!(
                "in {root}, {} import each other in a loop",
                found.join(" → ")
            );
        }
    }
}
