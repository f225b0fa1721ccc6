//! The reducer's effects, done: what it left for the browser
//! ([`Effect`]), taken after every render and performed here, each
//! reporting back with an action. And the disks' store, told where to
//! report (the store knows nothing of the reducer).

use crate::web::protocol::WebProtocol;
use crate::web::state::{Action, Effect, Playground, SharedLink};
use yew::prelude::*;

/// Performs the effects `state` left, after each render.
#[hook]
pub fn use_effects<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>) {
    {
        let store = state.store.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            store.borrow_mut().attach(Callback::from(move |report| {
                dispatcher.dispatch(Action::Stored(report))
            }));
        });
    }
    let state = state.clone();
    use_effect(move || {
        for effect in state.take_effects() {
            perform(&state, effect);
        }
    });
}

fn perform<P: WebProtocol>(state: &UseReducerHandle<Playground<P>>, effect: Effect) {
    let dispatcher = state.dispatcher();
    let idb = state.store.borrow().idb();
    let later = move |task: std::pin::Pin<Box<dyn std::future::Future<Output = Action<P>>>>| {
        wasm_bindgen_futures::spawn_local(async move { dispatcher.dispatch(task.await) })
    };
    match effect {
        Effect::ShowRun { run, claim } => {
            crate::web::tabs::remember_run::<P>(&run);
            if claim {
                crate::web::tabs::claim_in_background(&run);
            }
        }
        Effect::WriteAddress(link) => {
            crate::web::address::write_address(&link);
        }
        Effect::ShareLink { bytes, key } => later(Box::pin(async move {
            let made = crate::web::link::encode(bytes)
                .await
                .map(|link| SharedLink {
                    url: crate::web::address::page_url(&link),
                    link,
                    key,
                });
            Action::Shared(made)
        })),
        // IndexedDB went away since the reducer asked (the store fell
        // back to memory): the storage panel is read again from memory.
        Effect::ListRuns | Effect::Inspect { .. } | Effect::DeleteRun(_) | Effect::ClearAll
            if idb.is_none() =>
        {
            state.dispatch(Action::RefreshStorage)
        }
        Effect::ListRuns => {
            let idb = idb.expect("checked");
            later(Box::pin(async move {
                Action::RunsListed(idb.runs::<P>().await.map_err(|e| e.to_string()))
            }))
        }
        Effect::Inspect { run, nodes } => {
            let idb = idb.expect("checked");
            later(Box::pin(async move {
                let mut found = Vec::new();
                for node in nodes {
                    found.push((node, idb.read::<P>(&run, node).await));
                }
                Action::Inspected(found)
            }))
        }
        Effect::DeleteRun(run) => {
            let idb = idb.expect("checked");
            later(Box::pin(async move {
                match idb.delete_run(&run).await {
                    Ok(()) => {
                        crate::web::tabs::announce_deleted(Some(&run));
                        Action::RefreshStorage
                    }
                    Err(e) => Action::SetNotice(Some(format!("Deleting run {run} failed: {e}."))),
                }
            }))
        }
        Effect::ClearAll => {
            let idb = idb.expect("checked");
            later(Box::pin(async move {
                match idb.clear().await {
                    Ok(()) => {
                        crate::web::tabs::announce_deleted(None);
                        Action::SetNotice(Some(
                            "All saved runs were deleted. The current run is written afresh as it goes on."
                                .to_string(),
                        ))
                    }
                    Err(e) => Action::SetNotice(Some(format!("Clearing the data failed: {e}."))),
                }
            }))
        }
    }
}
