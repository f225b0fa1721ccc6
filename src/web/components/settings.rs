//! Network, disk and liveness settings, and the cluster's size and seed.

use super::NumberField;
use crate::web::board::SettingsView;
use crate::web::math::parse_number;
use crate::web::state::{UI_NODES_MAX, UI_NODES_MIN};
use paxos_sim::sim::{DiskConfig, NetworkConfig};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties)]
pub struct Props {
    /// The settings at the cursor.
    pub view: SettingsView,
    pub on_network: Callback<NetworkConfig>,
    pub on_disk: Callback<DiskConfig>,
    pub on_backoff: Callback<bool>,
    /// A new cluster size (the run restarts).
    pub on_nodes: Callback<u8>,
    /// A new seed (the run restarts).
    pub on_seed: Callback<u64>,
    /// What was wrong with what the user typed.
    pub on_notice: Callback<String>,
}

renders_with_the_page!(Props);

/// Reads a number from an input event, or says what was wrong.
fn number(e: &Event, what: &str) -> Result<f64, String> {
    let input: HtmlInputElement = e.target_unchecked_into();
    let text = input.value();
    parse_number(&text).ok_or_else(|| format!("{what}: {text:?} is not a number."))
}

#[function_component]
pub fn Settings(props: &Props) -> Html {
    let config = &props.view;
    let net = config.network.clone();
    let disk = config.disk.clone();
    let nodes = config.nodes;

    // Each field edits one setting of the network (or disk) and submits it.
    let net_field = |what: &'static str,
                     check: fn(&str, f64) -> Result<f64, String>,
                     apply: fn(&mut NetworkConfig, f64)| {
        let (on_network, on_notice) = (props.on_network.clone(), props.on_notice.clone());
        let net = net.clone();
        Callback::from(
            move |e: Event| match number(&e, what).and_then(|x| check(what, x)) {
                Ok(x) => {
                    let mut network = net.clone();
                    apply(&mut network, x);
                    on_network.emit(network);
                }
                Err(message) => on_notice.emit(message),
            },
        )
    };
    let disk_field = |what: &'static str, apply: fn(&mut DiskConfig, f64)| {
        let (on_disk, on_notice) = (props.on_disk.clone(), props.on_notice.clone());
        let disk = disk.clone();
        Callback::from(
            move |e: Event| match number(&e, what).and_then(|x| checked_ms(what, x)) {
                Ok(x) => {
                    let mut disk = disk.clone();
                    apply(&mut disk, x);
                    on_disk.emit(disk);
                }
                Err(message) => on_notice.emit(message),
            },
        )
    };
    // What the user typed, checked in the units the field shows (ms, %),
    // so that a mistake is named the way the user sees it.
    fn us(ms: f64) -> u64 {
        (ms * 1000.0).round() as u64
    }
    fn prob(percent: f64) -> f64 {
        percent / 100.0
    }
    fn checked_ms(what: &str, ms: f64) -> Result<f64, String> {
        if ms < 0.0 {
            Err(format!(
                "{what}: {ms} ms is below zero; a latency is 0 ms or more."
            ))
        } else {
            Ok(ms)
        }
    }
    fn checked_percent(what: &str, percent: f64) -> Result<f64, String> {
        if (0.0..=100.0).contains(&percent) {
            Ok(percent)
        } else {
            Err(format!(
                "{what}: {percent}% is not a percentage from 0 to 100."
            ))
        }
    }
    let backoff = config.backoff;
    let toggle_backoff = props.on_backoff.reform(move |_: Event| !backoff);
    let resize = |delta: i8| {
        props
            .on_nodes
            .reform(move |_: MouseEvent| nodes.saturating_add_signed(delta))
    };
    let on_seed = {
        let (on_seed, on_notice) = (props.on_seed.clone(), props.on_notice.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match input.value().trim().parse::<u64>() {
                Ok(seed) => on_seed.emit(seed),
                Err(_) => on_notice.emit(format!(
                    "Seed: {:?} is not a whole number from 0 to {}.",
                    input.value(),
                    u64::MAX
                )),
            }
        })
    };
    let ms = |us: u64| format!("{}", us as f64 / 1000.0);
    let pct = |p: f64| format!("{}", (p * 100.0 * 10.0).round() / 10.0);
    html! {
        <section class="panel settings" aria-label="Settings">
            <header class="panel-head"><h2>{"Cluster & network"}</h2></header>
            <div class="setting">
                <span class="name">{"Nodes"}</span>
                <button class="small" data-testid="remove-node" onclick={resize(-1)}
                    disabled={nodes <= UI_NODES_MIN} aria-label="Remove a node">{"−"}</button>
                <span class="mono value" data-testid="cluster-size">{nodes}</span>
                <button class="small" data-testid="add-node" onclick={resize(1)}
                    disabled={nodes >= UI_NODES_MAX} aria-label="Add a node">{"+"}</button>
                <span class="hint">{"restarts the run"}</span>
            </div>
            <div class="setting" title="How long a message takes, drawn at random from this range. Overlapping ranges reorder messages.">
                <span class="name">{"Latency"}</span>
                <NumberField min="0" step="0.5" value={ms(net.latency_min_us)} label="Minimum latency in ms"
                    testid="latency-min" onchange={net_field("Minimum latency", checked_ms, |n, x| n.latency_min_us = us(x))} />
                {"to"}
                <NumberField min="0" step="0.5" value={ms(net.latency_max_us)} label="Maximum latency in ms"
                    testid="latency-max" onchange={net_field("Maximum latency", checked_ms, |n, x| n.latency_max_us = us(x))} />
                {"ms"}
            </div>
            <div class="setting" title="The chance that the network loses a message between nodes">
                <span class="name">{"Drop"}</span>
                <NumberField min="0" max="100" step="1" value={pct(net.drop_prob)} label="Drop percentage"
                    testid="drop" onchange={net_field("Drop", checked_percent, |n, x| n.drop_prob = prob(x))} />{"%"}
            </div>
            <div class="setting" title="The chance that the network delivers a message between nodes twice">
                <span class="name">{"Duplicate"}</span>
                <NumberField min="0" max="100" step="1" value={pct(net.dup_prob)} label="Duplicate percentage"
                    testid="dup" onchange={net_field("Duplicate", checked_percent, |n, x| n.dup_prob = prob(x))} />{"%"}
            </div>
            <div class="setting" title="How long a disk write takes; replies wait for it (write-ahead)">
                <span class="name">{"Disk write"}</span>
                <NumberField min="0" step="0.5" value={ms(disk.write_min_us)} label="Minimum disk latency in ms"
                    onchange={disk_field("Minimum disk latency", |d, x| d.write_min_us = us(x))} />
                {"to"}
                <NumberField min="0" step="0.5" value={ms(disk.write_max_us)} label="Maximum disk latency in ms"
                    onchange={disk_field("Maximum disk latency", |d, x| d.write_max_us = us(x))} />
                {"ms"}
            </div>
            // A protocol without backoff offers no such setting.
            if let Some(words) = config.backoff_words {
            <label class="setting" title="After a rejection, wait a random, growing time before trying again. Off: retry at once, and duelling proposers can livelock.">
                <span class="name">{"Backoff"}</span>
                <input type="checkbox" checked={backoff} onchange={toggle_backoff} data-testid="backoff" />
                <span class="hint">{ words[usize::from(!backoff)] }</span>
            </label>
            }
            <div class="setting" title="One seed drives every random choice: the same seed and actions replay the same run">
                <span class="name">{"Seed"}</span>
                <NumberField min="0" step="1" value={config.seed.to_string()} label="Seed"
                    testid="seed" onchange={on_seed} />
                <span class="hint">{"restarts the run"}</span>
            </div>
        </section>
    }
}
