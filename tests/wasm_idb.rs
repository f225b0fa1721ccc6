//! The IndexedDB backend against the real IndexedDB of headless Chromium.
//! Run with `cargo test --target wasm32-unknown-unknown --test wasm_idb`.
#![cfg(target_arch = "wasm32")]

use paxos_core::paxos::{Durable, SingleDecree};
use paxos_core::types::{Ballot, NodeId, Proposal, Value};
use paxos_playground::web::idb::{classify, Idb};
use paxos_sim::storage::{Batch, RecordError, RunBody, RunRecord, StorageError, SCHEMA_VERSION};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn n(i: u8) -> NodeId {
    NodeId(i)
}

/// A database name no other test uses.
fn fresh(what: &str) -> String {
    format!("test-{what}-{}", js_sys::Math::random())
}

async fn open(name: &str) -> Idb {
    Idb::open(name, || {}, || {}).await.expect("opens")
}

fn promised_and_accepted(round: u64, value: &str) -> Durable {
    let ballot = Ballot::new(round, n(0));
    Durable {
        promised: Some(ballot),
        accepted: Some(Proposal {
            ballot,
            value: Value::new(value),
        }),
    }
}

fn meta(run: &str, position: u64) -> RunRecord {
    RunRecord {
        schema: SCHEMA_VERSION,
        run: run.to_string(),
        created_ms: 1.0,
        updated_ms: 2.0,
        seed: u64::MAX,
        nodes: 3,
        position,
        time_us: 123,
        protocol: "paxos".into(),
        outcome: Some("chose \"A\"".into()),
        body: RunRecord::encode_body(&RunBody {
            config: paxos_front::runs::paxos::config(3, 1, u64::MAX),
            actions: Vec::new(),
        }),
    }
}

fn batch(run: &str, puts: Vec<(NodeId, Durable)>, meta: Option<RunRecord>) -> Batch<SingleDecree> {
    Batch {
        id: 1,
        run: run.to_string(),
        puts,
        meta,
    }
}

/// A Multi-Paxos replica's disk (one promise, many accepted slots, with
/// their commands) survives IndexedDB unchanged, and a run's record names
/// its protocol.
#[wasm_bindgen_test]
async fn a_multi_paxos_disk_with_many_slots_is_read_back_unchanged() {
    use paxos_core::kv::{Command, Request};
    use paxos_core::multi::{Accepted, Acceptor, MultiPaxos};
    use paxos_core::types::ClientId;
    let name = fresh("multi");
    let ballot = Ballot::new(7, n(2));
    let mut disk = Acceptor {
        promised: Some(ballot),
        ..Acceptor::default()
    };
    let commands = [
        Command::put("x", "1"),
        Command::get("x"),
        Command::cas("x", None, "2"),
        Command::cas("y", Some("1"), "3"),
        Command::Noop,
    ];
    for slot in 1..=300u64 {
        let request = Request {
            client: ClientId((slot % 7) as u8),
            seq: slot + (1 << 40),
            command: commands[(slot % 5) as usize].clone(),
        };
        disk.accepted.insert(slot * 3, Accepted { ballot, request });
    }
    let db = open(&name).await;
    let batch: Batch<MultiPaxos> = Batch {
        id: 1,
        run: "m".to_string(),
        puts: vec![(n(1), disk.clone())],
        meta: None,
    };
    db.write(&batch).await.unwrap();
    db.close();
    let db = open(&name).await;
    assert_eq!(db.read::<MultiPaxos>("m", n(1)).await, Ok(Some(disk)));
    assert_eq!(db.read::<MultiPaxos>("m", n(0)).await, Ok(None));
}

#[wasm_bindgen_test]
async fn what_was_written_is_read_back_after_closing_and_reopening() {
    let name = fresh("reopen");
    let a = promised_and_accepted(3, "A");
    let promised_only = Durable {
        promised: Some(Ballot::new(4, n(1))),
        accepted: None,
    };
    let db = open(&name).await;
    let puts = vec![(n(0), a.clone()), (n(1), promised_only.clone())];
    db.write(&batch("r", puts, None)).await.unwrap();
    db.close();

    let db = open(&name).await;
    assert_eq!(db.read::<SingleDecree>("r", n(0)).await, Ok(Some(a)));
    assert_eq!(
        db.read::<SingleDecree>("r", n(1)).await,
        Ok(Some(promised_only))
    );
    assert_eq!(
        db.read::<SingleDecree>("r", n(2)).await,
        Ok(None),
        "never written"
    );
    // Writing the empty state removes the record (a wiped disk).
    db.write(&batch("r", vec![(n(0), Durable::default())], None))
        .await
        .unwrap();
    assert_eq!(db.read::<SingleDecree>("r", n(0)).await, Ok(None));
}

#[wasm_bindgen_test]
async fn every_write_asks_for_strict_durability() {
    let db = open(&fresh("strict")).await;
    let committed = db
        .write(&batch(
            "r",
            vec![(n(0), promised_and_accepted(1, "A"))],
            None,
        ))
        .await
        .unwrap();
    // What the browser reports for the transaction itself.
    assert_eq!(committed.durability, "strict");
}

#[wasm_bindgen_test]
async fn runs_are_namespaced_and_deleting_one_leaves_the_other() {
    let db = open(&fresh("namespaces")).await;
    let (one, two) = (
        promised_and_accepted(1, "ONE"),
        promised_and_accepted(2, "TWO"),
    );
    db.write(&batch(
        "run-1",
        vec![(n(0), one.clone())],
        Some(meta("run-1", 5)),
    ))
    .await
    .unwrap();
    // "run-10" shares a prefix with "run-1": it must not be caught by it.
    db.write(&batch(
        "run-10",
        vec![(n(0), two.clone())],
        Some(meta("run-10", 7)),
    ))
    .await
    .unwrap();
    assert_eq!(db.read::<SingleDecree>("run-1", n(0)).await, Ok(Some(one)));
    assert_eq!(
        db.read::<SingleDecree>("run-10", n(0)).await,
        Ok(Some(two.clone()))
    );
    let runs = db.runs::<SingleDecree>().await.unwrap();
    assert_eq!(runs.len(), 2);
    let first = runs[0].as_ref().unwrap();
    assert_eq!(first.seed, u64::MAX, "large seeds survive the round trip");
    assert_eq!(first.body::<SingleDecree>().unwrap().config.seed, u64::MAX);

    db.delete_run("run-1").await.unwrap();
    assert_eq!(db.read::<SingleDecree>("run-1", n(0)).await, Ok(None));
    assert_eq!(db.read::<SingleDecree>("run-10", n(0)).await, Ok(Some(two)));
    let runs = db.runs::<SingleDecree>().await.unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].as_ref().unwrap().run, "run-10");

    db.clear().await.unwrap();
    assert_eq!(db.read::<SingleDecree>("run-10", n(0)).await, Ok(None));
    assert!(db.runs::<SingleDecree>().await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn corrupt_and_unknown_version_records_are_reported_not_guessed() {
    let db = open(&fresh("bad-records")).await;
    db.put_raw("r", n(0), JsValue::from_str("garbage"))
        .await
        .unwrap();
    let future: JsValue = js_sys::JSON::parse(r#"{"schema": 99, "whatever": true}"#).unwrap();
    db.put_raw("r", n(1), future).await.unwrap();
    let wrong_types: JsValue = js_sys::JSON::parse(
        r#"{"schema": 2, "run": "r", "node": 2, "state": {"promised": "high"}}"#,
    )
    .unwrap();
    db.put_raw("r", n(2), wrong_types).await.unwrap();

    match db.read::<SingleDecree>("r", n(0)).await {
        Err(StorageError::Record {
            node,
            error: RecordError::Corrupt(_),
        }) => assert_eq!(node, n(0)),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        db.read::<SingleDecree>("r", n(1)).await,
        Err(StorageError::Record {
            node: n(1),
            error: RecordError::UnknownVersion(99)
        })
    );
    let err = db.read::<SingleDecree>("r", n(2)).await.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("n2's record in IndexedDB is unusable: it could not be decoded"),
        "{err}"
    );
}

#[wasm_bindgen_test]
async fn opening_fails_with_a_clear_error_when_the_database_is_newer() {
    let name = fresh("newer");
    // Another (newer) version of the playground made the database version 5.
    let newer = Idb::open_version(&name, 5, || {}, || {}).await.unwrap();
    newer.close();
    match Idb::open(&name, || {}, || {}).await {
        Err(StorageError::Unavailable(why)) => {
            assert!(why.starts_with("it could not be opened"), "{why}")
        }
        other => panic!("expected a failure to open, got {:?}", other.err()),
    }
}

#[wasm_bindgen_test]
async fn an_upgrade_blocked_by_another_connection_is_reported_then_proceeds() {
    let name = fresh("blocked");
    let blocked = Rc::new(Cell::new(false));
    let old = Idb::open(&name, || {}, || {}).await.unwrap();
    // `old` closes itself when asked to (its versionchange handler); hold a
    // second, raw connection that does not, like an old tab would.
    let raw = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        let request = factory.open_with_u32(&name, 1).unwrap();
        let req = request.clone();
        let done = wasm_bindgen::closure::Closure::once_into_js(move || {
            resolve
                .call1(&JsValue::NULL, &req.result().unwrap())
                .unwrap();
        });
        request.set_onsuccess(Some(done.unchecked_ref()));
    }))
    .await
    .unwrap();
    let raw: web_sys::IdbDatabase = raw.into();
    let flag = blocked.clone();
    let raw_for_close = raw.clone();
    let upgrade = Idb::open_version(
        &name,
        2,
        move || {
            flag.set(true);
            // The user closes the old tab.
            raw_for_close.close();
        },
        || {},
    );
    let upgraded = upgrade.await;
    assert!(blocked.get(), "the blocked upgrade was reported");
    assert!(upgraded.is_ok());
    old.close();
}

#[wasm_bindgen_test]
fn a_full_quota_is_named_as_such() {
    let full =
        web_sys::DomException::new_with_message_and_name("no space", "QuotaExceededError").unwrap();
    assert_eq!(classify(Some(full), "aborted"), StorageError::QuotaExceeded);
    let other = web_sys::DomException::new_with_message_and_name("x", "UnknownError").unwrap();
    assert_eq!(
        classify(Some(other), "aborted"),
        StorageError::Failed("UnknownError: x".to_string())
    );
    assert_eq!(
        classify(None, "aborted"),
        StorageError::Failed("aborted".to_string())
    );
}

/// A value the browser cannot store aborts the whole transaction, which
/// reports the browser's own error (here `DataCloneError`), and nothing of
/// it is written.
#[wasm_bindgen_test]
async fn a_refused_write_reports_the_browsers_error_and_writes_nothing() {
    let db = open(&fresh("refused")).await;
    let unstorable = js_sys::Function::new_no_args("");
    let err = db.put_raw("r", n(0), unstorable.into()).await.unwrap_err();
    assert!(
        matches!(&err, StorageError::Failed(why) if why.starts_with("DataCloneError")),
        "{err}"
    );
    assert_eq!(db.read::<SingleDecree>("r", n(0)).await, Ok(None));
    db.close();
}
