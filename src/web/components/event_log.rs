//! The most recent events, in plain language.

use paxos_front::view::format_time;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// (simulated time in µs, sentence), newest first.
    pub lines: Vec<(u64, String)>,
}

#[function_component(EventLog)]
pub fn event_log(props: &Props) -> Html {
    html! {
        <section class="log" aria-label="Recent events">
            <h2>{"What just happened"}</h2>
            if props.lines.is_empty() {
                <p class="empty">{"Nothing yet. Press Play, or Step through one event at a time."}</p>
            } else {
                <ol>
                    { for props.lines.iter().map(|(time_us, text)| html! {
                        <li><time>{format_time(*time_us)}</time><span>{text}</span></li>
                    }) }
                </ol>
            }
        </section>
    }
}
