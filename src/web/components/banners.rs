//! What the page has to tell the user above the workspace: the notice about
//! their last input, the offer to resume a run after a reload, what a power
//! failure did, and a safety violation.

use super::share_link::ShareLink;
use crate::web::state::PowerFailureReport;
use paxos_front::view::format_time;
use paxos_sim::sim::{Property, Violation};
use paxos_sim::storage::RunRecord;
use yew::prelude::*;

/// What the banners have to say.
#[derive(Clone, PartialEq)]
pub struct BannersView {
    /// The opened scenario's title and description.
    pub about: Option<(String, String)>,
    /// The user has changed the opened scenario's run since it opened.
    pub edited: bool,
    /// What the user should be told about their last input.
    pub notice: Option<String>,
    /// The link Share made, while it is shown.
    pub share_link: Option<String>,
    /// A run to offer resuming, and whether it goes on as a copy.
    pub resume_offer: Option<(RunRecord, bool)>,
    /// The run shown was opened from a link.
    pub replayed: bool,
    pub power_failure: Option<PowerFailureReport>,
    /// Safety violations at the cursor.
    pub violations: Vec<Violation>,
    /// What made a violation possible, in the protocol's words.
    pub why_violated: &'static str,
}

/// What the banners' buttons ask for.
#[derive(Clone, PartialEq)]
pub struct BannersCallbacks {
    pub on_dismiss_notice: Callback<()>,
    pub on_dismiss_share: Callback<()>,
    pub on_resume: Callback<()>,
    pub on_dismiss_resume: Callback<()>,
    pub on_dismiss_power_failure: Callback<()>,
    /// Move the cursor to where this property first failed.
    pub on_jump: Callback<Property>,
}

#[derive(Properties)]
pub struct Props {
    pub view: BannersView,
    pub callbacks: BannersCallbacks,
}

renders_with_the_page!(Props);

#[function_component]
pub fn Banners(props: &Props) -> Html {
    let (view, on) = (&props.view, &props.callbacks);
    let click = |callback: &Callback<()>| callback.reform(|_: MouseEvent| ());
    let violations = &view.violations;
    let replayed = view.replayed;
    let edited = view.edited;
    html! {
        <>
            if let Some((title, description)) = view.about.clone() {
                <div class={classes!("about", edited.then_some("edited"))} data-testid="scenario-about"
                    role="region" aria-label="This scenario">
                    <strong data-testid="scenario-title">{title}</strong>
                    <span data-testid="scenario-description" title={description.clone()}>{description}</span>
                    if edited {
                        <em class="edited-note" data-testid="scenario-edited">
                            {"You have changed this run since it opened, so the text above may no longer describe it. Reset (↺) replays your changes; open the lesson again to see it as written."}
                        </em>
                    }
                </div>
            }
            if let Some(notice) = view.notice.clone() {
                <div class="notice" data-testid="notice" role="status">
                    <span>{notice}</span>
                    <button class="small" onclick={click(&on.on_dismiss_notice)} aria-label="Dismiss">{"✕"}</button>
                </div>
            }
            if let Some(link) = view.share_link.clone() {
                <ShareLink {link} on_close={click(&on.on_dismiss_share)} />
            }
            if let Some((record, as_copy)) = &view.resume_offer {
                <div class="resume" data-testid="resume-banner" role="region" aria-label="Resume the last run">
                    <div>
                        <strong>{ match (*as_copy, replayed) {
                            (true, _) => "This tab was copied from one that is still running your last run.",
                            (false, true) => "The page was reloaded: the run is replayed from the link in the address bar.",
                            (false, false) => "The page was reloaded. For the cluster, that was a power failure.",
                        } }</strong>
                        <span>{format!(
                            " {}Your last run (seed {}, {}, {}{}) is still on disk in IndexedDB. Resume it: every node restarts from what its disk holds, and the messages that were on the wire are lost.",
                            if replayed { "For the cluster a reload is also a power failure. " } else { "" },
                            record.seed, paxos_front::view::count(record.nodes, "node", None), format_time(record.time_us),
                            record.outcome.as_ref().map_or(String::new(), |o| format!(", {o}")),
                        )}</span>
                        if *as_copy {
                            <span data-testid="resume-as-copy">{" That run is still open in another tab, so it goes on here as a copy, under a new name: the two tabs never write to the same run."}</span>
                        }
                    </div>
                    <button class="primary" data-testid="resume" onclick={click(&on.on_resume)}>{"Resume from disk"}</button>
                    <button data-testid="start-fresh" onclick={click(&on.on_dismiss_resume)}>
                        { if replayed { "Keep the replay" } else { "Start fresh" } }
                    </button>
                </div>
            }
            if let Some(report) = &view.power_failure {
                <div class="power-failure" data-testid="power-failure" role="status">
                    <div>
                        <strong>{format!("⚡ Power failure at {}.", format_time(report.time_us))}</strong>
                        <span>{format!(
                            " All {} nodes crashed at once and {} message{} on the wire {} lost. Each node restarted from what IndexedDB held:",
                            report.disks.len(), report.lost_messages,
                            if report.lost_messages == 1 { "" } else { "s" },
                            if report.lost_messages == 1 { "was" } else { "were" },
                        )}</span>
                        <ul>
                            { for report.disks.iter().map(|(node, disk)| html! { <li><b>{node.to_string()}</b>{": "}{disk}</li> }) }
                        </ul>
                        <span>{ &report.outcome_before }</span>
                    </div>
                    <button class="small" onclick={click(&on.on_dismiss_power_failure)} aria-label="Dismiss">{"✕"}</button>
                </div>
            }
            if !violations.is_empty() {
                <div class="violation" data-testid="violation" role="alert">
                    <strong>{"Safety violated. The monitor caught it."}</strong>
                    <span class="why">
                        { view.why_violated }
                    </span>
                    <ul>
                        { for violations.iter().map(|v| html! {
                            <li>
                                <b>{v.property.explain()}</b>{" "}
                                <code>{v.property.name()}</code>{": "}{&v.detail}
                                <span class="muted">{format!(" (t = {}, step {}, seed {})", format_time(v.time_us), v.step, v.seed)}</span>
                                {" "}
                                <button class="small danger" data-testid="banner-jump"
                                    onclick={{ let property = v.property; on.on_jump.reform(move |_: MouseEvent| property) }}
                                    title="Move the cursor to the step where this property first failed, with the messages that made it highlighted">
                                    {"Jump to the violation"}
                                </button>
                            </li>
                        }) }
                    </ul>
                </div>
            }
        </>
    }
}
