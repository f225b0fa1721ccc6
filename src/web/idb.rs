//! The IndexedDB backend: the acceptors' disks, for real.
//!
//! One database holds two object stores: `nodes`, one record per node and
//! run (keyed `run/node`, see [`storage::node_key`]), and `runs`, one record
//! per run. Every write is a `readwrite` transaction that asks for
//! **strict** durability (Chrome's default is relaxed: "complete" before
//! the data reaches the disk), and counts as done only at its `complete`
//! event. Records are plain objects, so DevTools shows them as they are.
//!
//! The browser's IndexedDB is spoken to through a few promise-returning
//! JavaScript functions below, one per operation: IndexedDB is an event
//! API, and a promise per request or transaction is all a future needs.
//! They report what the browser reports: the durability it granted a
//! transaction (the benchmark asserts `strict`), the `DOMException` that
//! aborted one (so a full disk is told as `QuotaExceededError`), a blocked
//! upgrade, and another tab's `versionchange` (this connection then closes
//! itself, so as not to block it).

use paxos_core::collections::insert_sorted_by;
use paxos_core::protocol::Protocol;
use paxos_core::types::NodeId;
use paxos_front::catalog::Listed;
use paxos_sim::storage::{
    self, node_key, run_key_range, Batch, NodeRecord, ReadResult, RecordError, RunRecord,
    StorageError,
};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(inline_js = r#"
function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
// Resolves at the transaction's `complete` event with the durability the
// browser granted it; rejects with the error that aborted it (null for an
// abort without one).
function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve(tx.durability || 'unknown');
    tx.onabort = () => reject(tx.error);
  });
}
function writing(db) {
  return db.transaction(['nodes', 'runs'], 'readwrite', { durability: 'strict' });
}
// Runs `fill` on a strict read-write transaction and waits for it to
// commit; a request that throws aborts the whole transaction.
async function write(db, fill) {
  const tx = writing(db);
  const done = finished(tx);
  try {
    fill(tx);
  } catch (e) {
    tx.abort();
    done.catch(() => {});
    throw e;
  }
  return await done;
}
export function idb_open(name, version, on_blocked, on_version_change) {
  return new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined' || indexedDB === null) {
      reject('no-indexeddb');
      return;
    }
    const r = indexedDB.open(name, version);
    r.onblocked = () => on_blocked();
    r.onupgradeneeded = (event) => {
      if (event.oldVersion < 1) {
        r.result.createObjectStore('nodes');
        r.result.createObjectStore('runs');
      }
    };
    r.onsuccess = () => {
      const db = r.result;
      db.onversionchange = () => {
        db.close();
        on_version_change();
      };
      resolve(db);
    };
    r.onerror = () => reject(r.error);
  });
}
export function idb_write(db, puts, meta) {
  return write(db, (tx) => {
    const nodes = tx.objectStore('nodes');
    for (const [key, value] of puts) {
      if (value === undefined) nodes.delete(key);
      else nodes.put(value, key);
    }
    if (meta) tx.objectStore('runs').put(meta[1], meta[0]);
  });
}
export async function idb_get(db, key) {
  return await request(db.transaction(['nodes'], 'readonly').objectStore('nodes').get(key));
}
export async function idb_runs(db) {
  const runs = db.transaction(['runs'], 'readonly').objectStore('runs');
  return await Promise.all([request(runs.getAllKeys()), request(runs.getAll())]);
}
export function idb_delete_run(db, run, low, high) {
  return write(db, (tx) => {
    tx.objectStore('nodes').delete(IDBKeyRange.bound(low, high, false, true));
    tx.objectStore('runs').delete(run);
  });
}
export function idb_clear(db) {
  return write(db, (tx) => {
    tx.objectStore('nodes').clear();
    tx.objectStore('runs').clear();
  });
}
export function idb_put_raw(db, key, value) {
  return write(db, (tx) => tx.objectStore('nodes').put(value, key));
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn idb_open(
        name: &str,
        version: u32,
        on_blocked: &JsValue,
        on_version_change: &JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_write(
        db: &web_sys::IdbDatabase,
        puts: js_sys::Array,
        meta: JsValue,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_get(db: &web_sys::IdbDatabase, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_runs(db: &web_sys::IdbDatabase) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_delete_run(
        db: &web_sys::IdbDatabase,
        run: &str,
        low: &str,
        high: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_clear(db: &web_sys::IdbDatabase) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    async fn idb_put_raw(
        db: &web_sys::IdbDatabase,
        key: &str,
        value: JsValue,
    ) -> Result<JsValue, JsValue>;
}

/// The playground's database.
pub const DB_NAME: &str = "paxos-playground";
/// The database's version: its object stores. (Records carry their own
/// [`storage::SCHEMA_VERSION`].)
pub const DB_VERSION: u32 = 1;

/// An open database.
pub struct Idb {
    db: web_sys::IdbDatabase,
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

/// What the browser threw or rejected with: a `DOMException` (see
/// [`classify`]), another error (its message), or nothing (`fallback`).
fn thrown(error: JsValue, fallback: &str) -> StorageError {
    match error.dyn_into::<web_sys::DomException>() {
        Ok(dom) => classify(Some(dom), fallback),
        Err(other) => match other.dyn_into::<js_sys::Error>() {
            Ok(e) => StorageError::Failed(format!("{fallback} ({})", String::from(e.message()))),
            Err(_) => classify(None, fallback),
        },
    }
}

/// A callback the browser may call, at most once.
fn once(callback: impl FnOnce() + 'static) -> JsValue {
    let mut callback = Some(callback);
    Closure::<dyn FnMut()>::new(move || {
        if let Some(callback) = callback.take() {
            callback();
        }
    })
    .into_js_value()
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
        let opened = idb_open(name, version, &once(on_blocked), &once(on_version_change)).await;
        match opened {
            Ok(db) => Ok(Idb {
                db: db.unchecked_into(),
            }),
            Err(e) if e.as_string().as_deref() == Some("no-indexeddb") => {
                Err(StorageError::Unavailable(
                    "this browser context has no IndexedDB (a private window, or storage \
                     blocked by settings)"
                        .to_string(),
                ))
            }
            Err(e) => Err(StorageError::Unavailable(format!(
                "it could not be opened ({})",
                thrown(e, "the browser refused")
            ))),
        }
    }

    /// Closes the connection.
    pub fn close(self) {
        self.db.close();
    }

    /// Writes a batch in one strict transaction, and returns once it
    /// committed (its `complete` event).
    pub async fn write<P: Protocol>(&self, batch: &Batch<P>) -> Result<Committed, StorageError> {
        let puts = js_sys::Array::new();
        for (node, state) in &batch.puts {
            let key = JsValue::from_str(&node_key(&batch.run, *node));
            // An empty disk is no record at all.
            let value = if *state == P::Durable::default() {
                JsValue::UNDEFINED
            } else {
                to_js(&NodeRecord::<P>::new(&batch.run, *node, state))?
            };
            puts.push(&js_sys::Array::of2(&key, &value));
        }
        let meta = match &batch.meta {
            Some(meta) => js_sys::Array::of2(&JsValue::from_str(&meta.run), &to_js(meta)?).into(),
            None => JsValue::NULL,
        };
        let durability = idb_write(&self.db, puts, meta)
            .await
            .map_err(|e| thrown(e, "the transaction was aborted"))?;
        Ok(Committed {
            durability: durability.as_string().unwrap_or_else(|| "unknown".into()),
        })
    }

    /// Reads `node`'s record of `run`. `Ok(None)` if there is none.
    pub async fn read<P: Protocol>(&self, run: &str, node: NodeId) -> ReadResult<P> {
        let value = idb_get(&self.db, &node_key(run, node))
            .await
            .map_err(|e| thrown(e, "the read failed"))?;
        if value.is_undefined() {
            return Ok(None);
        }
        decode_node::<P>(value, run, node)
            .map(Some)
            .map_err(|error| StorageError::Record { node, error })
    }

    /// Every run's record, newest first; ones that fail to decode are
    /// returned as errors naming their key.
    /// (`P`'s bodies are checked; another protocol's are read on its own
    /// page.)
    pub async fn runs<P: Listed>(&self) -> Result<Vec<Result<RunRecord, String>>, StorageError> {
        let listed: js_sys::Array = idb_runs(&self.db)
            .await
            .map_err(|e| thrown(e, "listing the runs failed"))?
            .unchecked_into();
        let keys: js_sys::Array = listed.get(0).unchecked_into();
        let values: js_sys::Array = listed.get(1).unchecked_into();
        // Newest first, unreadable ones at the top.
        let at = |r: &Result<RunRecord, String>| r.as_ref().map_or(f64::MAX, |r| r.updated_ms);
        let mut out = Vec::new();
        for (key, value) in keys.iter().zip(values.iter()) {
            let key = key.as_string().unwrap_or_else(|| format!("{key:?}"));
            let run = decode_run::<P>(value).map_err(|e| format!("run {key}: {e}"));
            insert_sorted_by(&mut out, run, |a, b| at(b).total_cmp(&at(a)));
        }
        Ok(out)
    }

    /// Deletes a run: its record and every node record.
    pub async fn delete_run(&self, run: &str) -> Result<(), StorageError> {
        let (low, high) = run_key_range(run);
        idb_delete_run(&self.db, run, &low, &high)
            .await
            .map(drop)
            .map_err(|e| thrown(e, "deleting the run was aborted"))
    }

    /// Deletes every record of every run.
    pub async fn clear(&self) -> Result<(), StorageError> {
        idb_clear(&self.db)
            .await
            .map(drop)
            .map_err(|e| thrown(e, "clearing the data was aborted"))
    }

    /// Writes a raw value under a node's key, bypassing every check (for
    /// tests of corrupt records).
    pub async fn put_raw(
        &self,
        run: &str,
        node: NodeId,
        value: JsValue,
    ) -> Result<(), StorageError> {
        idb_put_raw(&self.db, &node_key(run, node), value)
            .await
            .map(drop)
            .map_err(|e| thrown(e, "the write was aborted"))
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
