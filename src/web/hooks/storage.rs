//! The disks' life in the page: IndexedDB opened (or given up on), the run
//! a reload may resume found and claimed, progress saved, and other tabs'
//! deletions heard.

use crate::web::board::{BoardHandle, Cmd};
use crate::web::idb::{Idb, DB_NAME};
use crate::web::protocol::WebProtocol;
use gloo_timers::callback::Interval;
use std::rc::Rc;
use yew::prelude::*;

/// The disks: open IndexedDB (unless the run keeps them in memory), then
/// look for the run this tab showed before a reload, to offer resuming it;
/// save how far the run got now and then, and when the page goes away.
#[hook]
pub fn use_storage<P: WebProtocol>(board: BoardHandle) {
    use_effect_with((), move |_| {
        let opening = board.disk_opening();
        let previous = board.previous_run();
        let slow = opening.then(|| {
            let board = board.clone();
            gloo_timers::callback::Timeout::new(crate::web::state::OPEN_TIMEOUT_MS, move || {
                board.send(Cmd::StorageSlow)
            })
        });
        if opening {
            let board = board.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let blocked = board.clone();
                let taken = board.clone();
                let opened = Idb::open(
                    DB_NAME,
                    move || blocked.send(Cmd::StorageBlocked),
                    move || taken.send(Cmd::StorageTakenOver),
                )
                .await;
                let idb = opened.map(Rc::new);
                let listing = idb.as_ref().ok().cloned();
                board.send(Cmd::StorageOpened(idb));
                let found = match (listing, previous) {
                    (Some(idb), Some(previous)) => idb.runs::<P>().await.ok().and_then(|runs| {
                        runs.into_iter()
                            .flatten()
                            .find(|r| r.run == previous && r.position > 0)
                    }),
                    _ => None,
                };
                // A duplicated tab remembers the same run as the tab it
                // came from, which may still have it open.
                let found = match found {
                    Some(record) => {
                        let free = crate::web::tabs::claim(&record.run).await;
                        Some((record, free))
                    }
                    None => None,
                };
                board.send(Cmd::Found(found));
            });
        }
        // Save how far the run got now and then, and when the page goes
        // away: a reload then resumes from there.
        let saver = {
            let board = board.clone();
            Interval::new(1_000, move || board.send(Cmd::SaveProgress))
        };
        let others = {
            let board = board.clone();
            crate::web::tabs::on_deleted(move |run| board.send(Cmd::OtherTabDeleted(run)))
        };
        let hide = web_sys::window().map(|window| {
            gloo_events::EventListener::new(&window, "pagehide", move |_| {
                board.send(Cmd::SaveProgress)
            })
        });
        move || drop((saver, hide, slow, others))
    });
}
