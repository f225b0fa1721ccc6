//! The IndexedDB backend: the acceptors' disks, for real.
//!
//! One database holds two object stores: `nodes`, one record per node and
//! run (keyed `run/node`, see [`storage::node_key`]), and `runs`, one record
//! per run. Every write is a `readwrite` transaction that asks for
//! **strict** durability (Chrome's default is relaxed: "complete" before
//! the data reaches the disk), and counts as done only at its `complete`
//! event. Records are plain objects, so DevTools shows them as they are.
//!
//! `indexed_db_futures` does the opening, the upgrade, the transactions and
//! the requests. Three things it does not offer are read from the
//! underlying web-sys objects (through its `as_sys`), each in one place:
//! the durability the browser granted a transaction (it has no getter;
//! the benchmark asserts `strict`), why a transaction was aborted at
//! commit (its `commit` consumes the transaction and reports an abort
//! without the browser's `error`, such as `QuotaExceededError`), and the
//! `versionchange` event (its listener needs the `version-change` feature
//! and an async task; a gloo `EventListener` that closes the connection
//! does the same job).

use indexed_db_futures::database::Database;
use indexed_db_futures::error::{DomException, Error, OpenDbError};
use indexed_db_futures::internals::SystemRepr;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{
    Transaction, TransactionDurability, TransactionMode, TransactionOptions,
};
use indexed_db_futures::KeyRange;
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;
use paxos_front::catalog::Listed;
use paxos_sim::storage::{
    self, node_key, run_key_range, Batch, NodeRecord, ReadResult, RecordError, RunRecord,
    StorageError,
};
use wasm_bindgen::{JsCast, JsValue};

/// The playground's database.
pub const DB_NAME: &str = "paxos-playground";
/// The database's version: its object stores. (Records carry their own
/// [`storage::SCHEMA_VERSION`].)
pub const DB_VERSION: u32 = 1;
const NODES: &str = "nodes";
const RUNS: &str = "runs";

/// An open database.
pub struct Idb {
    db: Database,
}

/// What a committed write reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Committed {
    /// The durability the browser says the transaction had.
    pub durability: String,
}

fn failed(e: impl std::fmt::Display) -> StorageError {
    StorageError::Failed(e.to_string())
}

/// Names the failure of a transaction, from the error the browser gave it.
pub fn classify(error: Option<web_sys::DomException>, fallback: &str) -> StorageError {
    match error {
        Some(e) if e.name() == "QuotaExceededError" => StorageError::QuotaExceeded,
        Some(e) => StorageError::Failed(format!("{}: {}", e.name(), e.message())),
        None => StorageError::Failed(fallback.to_string()),
    }
}

fn from_error(e: Error) -> StorageError {
    match e {
        Error::DomException(DomException::Other(dom)) if dom.name() == "QuotaExceededError" => {
            StorageError::QuotaExceeded
        }
        e => failed(e),
    }
}

impl Idb {
    /// Opens (creating or upgrading) database `name`. `on_blocked` runs if
    /// another tab holds it open at an older version; the open then waits
    /// until that tab lets go. `on_version_change` runs if another tab
    /// later needs a newer version: this connection then closes itself, so
    /// as not to block it.
    pub async fn open(
        name: &str,
        on_blocked: impl FnOnce() + 'static,
        on_version_change: impl FnOnce() + 'static,
    ) -> Result<Idb, StorageError> {
        Idb::open_version(name, DB_VERSION, on_blocked, on_version_change).await
    }

    /// [`Idb::open`] at a given database version (for tests of upgrades).
    pub async fn open_version(
        name: &str,
        version: u32,
        on_blocked: impl FnOnce() + 'static,
        on_version_change: impl FnOnce() + 'static,
    ) -> Result<Idb, StorageError> {
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    db.create_object_store(NODES).build()?;
                    db.create_object_store(RUNS).build()?;
                }
                Ok(())
            })
            .await
            .map_err(|e| match e {
                OpenDbError::NullFactory | OpenDbError::UnsupportedEnvironment => {
                    StorageError::Unavailable(
                        "this browser context has no IndexedDB (a private window, or storage \
                         blocked by settings)"
                            .to_string(),
                    )
                }
                e => StorageError::Unavailable(format!("it could not be opened ({e})")),
            })?;
        let raw: web_sys::IdbDatabase = db.as_sys().clone().unchecked_into();
        let closing = raw.clone();
        let mut on_version_change = Some(on_version_change);
        let listener = gloo_events::EventListener::new(&raw, "versionchange", move |_| {
            closing.close();
            if let Some(callback) = on_version_change.take() {
                callback();
            }
        });
        listener.forget();
        Ok(Idb { db })
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }

    fn transaction(&self, mode: TransactionMode) -> Result<Transaction<'_>, StorageError> {
        let options = TransactionOptions::new().with_durability(TransactionDurability::Strict);
        self.db
            .transaction([NODES, RUNS])
            .with_mode(mode)
            .with_options(options)
            .build()
            .map_err(from_error)
    }

    /// Writes a batch in one strict transaction, and returns once it
    /// committed (its `complete` event).
    pub async fn write<P: Protocol>(&self, batch: &Batch<P>) -> Result<Committed, StorageError> {
        let tx = self.transaction(TransactionMode::Readwrite)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let durability = js_sys::Reflect::get(&raw, &"durability".into())
            .ok()
            .and_then(|d| d.as_string())
            .unwrap_or_else(|| "unknown".to_string());
        let result = async {
            let nodes = tx.object_store(NODES).map_err(from_error)?;
            for (node, state) in &batch.puts {
                let key = node_key(&batch.run, *node);
                if *state == P::Durable::default() {
                    nodes.delete(key).primitive().map_err(from_error)?;
                } else {
                    let record = NodeRecord::<P>::new(&batch.run, *node, state);
                    let value = to_js(&record)?;
                    nodes
                        .put(value)
                        .with_key(key)
                        .primitive()
                        .map_err(from_error)?;
                }
            }
            if let Some(meta) = &batch.meta {
                let runs = tx.object_store(RUNS).map_err(from_error)?;
                let value = to_js(meta)?;
                runs.put(value)
                    .with_key(meta.run.clone())
                    .primitive()
                    .map_err(from_error)?;
            }
            Ok::<(), StorageError>(())
        }
        .await;
        result?;
        tx.commit()
            .await
            .map_err(|_| classify(raw.error(), "the transaction was aborted"))?;
        Ok(Committed { durability })
    }

    /// Reads `node`'s record of `run`. `Ok(None)` if there is none.
    pub async fn read<P: Protocol>(&self, run: &str, node: NodeId) -> ReadResult<P> {
        let tx = self.transaction(TransactionMode::Readonly)?;
        let nodes = tx.object_store(NODES).map_err(from_error)?;
        let value: Option<JsValue> = nodes
            .get(node_key(run, node))
            .primitive()
            .map_err(from_error)?
            .await
            .map_err(from_error)?;
        match value {
            None => Ok(None),
            Some(value) => decode_node::<P>(value, run, node)
                .map(Some)
                .map_err(|error| StorageError::Record { node, error }),
        }
    }

    /// Every run's record, newest first; ones that fail to decode are
    /// returned as errors naming their key.
    /// (`P`'s bodies are checked; another protocol's are read on its own
    /// page.)
    pub async fn runs<P: Listed>(&self) -> Result<Vec<Result<RunRecord, String>>, StorageError> {
        let tx = self.transaction(TransactionMode::Readonly)?;
        let runs = tx.object_store(RUNS).map_err(from_error)?;
        let keys: Vec<JsValue> = runs
            .get_all_keys::<JsValue>()
            .primitive()
            .map_err(from_error)?
            .await
            .map_err(from_error)?
            .collect::<Result<_, _>>()
            .map_err(from_error)?;
        let values: Vec<JsValue> = runs
            .get_all::<JsValue>()
            .primitive()
            .map_err(from_error)?
            .await
            .map_err(from_error)?
            .collect::<Result<_, _>>()
            .map_err(from_error)?;
        let mut out: Vec<Result<RunRecord, String>> = keys
            .into_iter()
            .zip(values)
            .map(|(key, value)| {
                let key = key.as_string().unwrap_or_else(|| format!("{key:?}"));
                decode_run::<P>(value).map_err(|e| format!("run {key}: {e}"))
            })
            .collect();
        out.sort_by(|a, b| {
            let at = |r: &Result<RunRecord, String>| r.as_ref().map_or(f64::MAX, |r| r.updated_ms);
            at(b).total_cmp(&at(a))
        });
        Ok(out)
    }

    /// Deletes a run: its record and every node record.
    pub async fn delete_run(&self, run: &str) -> Result<(), StorageError> {
        let tx = self.transaction(TransactionMode::Readwrite)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        let (low, high) = run_key_range(run);
        let range: KeyRange<String> = KeyRange::Bound(low, false, high, true);
        tx.object_store(NODES)
            .map_err(from_error)?
            .delete::<String, _>(range)
            .primitive()
            .map_err(from_error)?;
        tx.object_store(RUNS)
            .map_err(from_error)?
            .delete(run.to_string())
            .primitive()
            .map_err(from_error)?;
        tx.commit()
            .await
            .map_err(|_| classify(raw.error(), "deleting the run was aborted"))
    }

    /// Deletes every record of every run.
    pub async fn clear(&self) -> Result<(), StorageError> {
        let tx = self.transaction(TransactionMode::Readwrite)?;
        let raw: web_sys::IdbTransaction = tx.as_sys().clone().unchecked_into();
        for store in [NODES, RUNS] {
            tx.object_store(store)
                .map_err(from_error)?
                .clear()
                .map_err(from_error)?;
        }
        tx.commit()
            .await
            .map_err(|_| classify(raw.error(), "clearing the data was aborted"))
    }

    /// Writes a raw value under a node's key, bypassing every check (for
    /// tests of corrupt records).
    pub async fn put_raw(
        &self,
        run: &str,
        node: NodeId,
        value: JsValue,
    ) -> Result<(), StorageError> {
        let tx = self.transaction(TransactionMode::Readwrite)?;
        tx.object_store(NODES)
            .map_err(from_error)?
            .put(value)
            .with_key(node_key(run, node))
            .primitive()
            .map_err(from_error)?;
        tx.commit().await.map_err(from_error)
    }
}

/// A record as a plain JavaScript object. 64-bit numbers become BigInts, so
/// that no seed or time is rounded.
fn to_js(value: &impl serde::Serialize) -> Result<JsValue, StorageError> {
    let serializer =
        serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    value.serialize(&serializer).map_err(failed)
}

/// Decodes a node record, telling an unknown version from a corrupt one.
fn decode_node<P: Protocol>(
    value: JsValue,
    run: &str,
    node: NodeId,
) -> Result<P::Durable, RecordError> {
    check_version(&value)?;
    let record: NodeRecord<P> =
        serde_wasm_bindgen::from_value(value).map_err(|e| RecordError::Corrupt(e.to_string()))?;
    record.durable(run, node)
}

fn decode_run<P: Listed>(value: JsValue) -> Result<RunRecord, RecordError> {
    check_version(&value)?;
    let record: RunRecord =
        serde_wasm_bindgen::from_value(value).map_err(|e| RecordError::Corrupt(e.to_string()))?;
    paxos_front::catalog::check_run_body::<P>(&record)?;
    Ok(record)
}

fn check_version(value: &JsValue) -> Result<(), RecordError> {
    let schema = js_sys::Reflect::get(value, &"schema".into())
        .ok()
        .and_then(|s| s.as_f64());
    match schema {
        Some(v) if v.fract() == 0.0 && (0.0..=9.0).contains(&v) && storage::readable(v as u32) => {
            Ok(())
        }
        Some(v) if v.fract() == 0.0 && v >= 0.0 && v <= f64::from(u32::MAX) => {
            Err(RecordError::UnknownVersion(v as u32))
        }
        _ => Err(RecordError::Corrupt("it has no schema version".to_string())),
    }
}
