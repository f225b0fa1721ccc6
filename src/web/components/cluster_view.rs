//! The cluster as a ring of nodes, in sync with the diagram's cursor:
//! messages in flight move along the links, crashed nodes look crashed, cut
//! links look cut. Clicking a link cycles it through whole → cut both ways →
//! cut one way → cut the other way → whole: the partition editor.

use crate::web::math::ring_position;
use paxos_core::collections::LiteSet;
use paxos_core::types::NodeId;
use paxos_front::view::cycle_link;
use yew::prelude::*;

const SIZE: f64 = paxos_front::view::RING_SIZE;
const NODE_R: f64 = 22.0;

/// On a link cut one way: an arrowhead at the middle pointing the way
/// messages cannot go, stopped by a bar.
fn blocked_arrow(from: (f64, f64), to: (f64, f64)) -> Html {
    let (dx, dy) = (to.0 - from.0, to.1 - from.1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length, dy / length);
    let (px, py) = (-uy, ux);
    let (mx, my) = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
    let tip = (mx + ux * 7.0, my + uy * 7.0);
    let back = (mx - ux * 7.0, my - uy * 7.0);
    let head = format!(
        "M{:.1} {:.1}L{:.1} {:.1}L{:.1} {:.1}z",
        tip.0,
        tip.1,
        back.0 + px * 6.0,
        back.1 + py * 6.0,
        back.0 - px * 6.0,
        back.1 - py * 6.0
    );
    let bar = format!(
        "M{:.1} {:.1}L{:.1} {:.1}",
        tip.0 + ux * 3.0 + px * 8.0,
        tip.1 + uy * 3.0 + py * 8.0,
        tip.0 + ux * 3.0 - px * 8.0,
        tip.1 + uy * 3.0 - py * 8.0
    );
    html! {
        <g class="blocked" data-testid="blocked-direction">
            <path class="head" d={head} />
            <path class="bar" d={bar} />
        </g>
    }
}

/// The cluster at the cursor, as the ring draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct RingView {
    /// Nodes on the ring.
    pub n: u8,
    /// Cut directions `(from, to)`.
    pub cut: LiteSet<(NodeId, NodeId)>,
    /// Messages between nodes in flight at the cursor.
    pub dots: Vec<RingDot>,
    pub nodes: Vec<RingNode>,
}

/// A message in flight, a fraction `along` the way from one node to another.
#[derive(Clone, Debug, PartialEq)]
pub struct RingDot {
    pub kind: &'static str,
    pub from: NodeId,
    pub to: NodeId,
    pub along: f64,
    pub title: String,
}

/// A node on the ring: its classes (`down`, `leader`, …), a badge under it
/// and a tooltip, in the protocol's words.
#[derive(Clone, Debug, PartialEq)]
pub struct RingNode {
    pub id: NodeId,
    pub classes: Vec<&'static str>,
    pub badge: String,
    pub title: String,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: RingView,
    /// The network cut to these directions (none: healed).
    pub on_cut: Callback<Vec<(NodeId, NodeId)>>,
}

#[function_component]
pub fn ClusterView(props: &Props) -> Html {
    let RingView {
        n,
        cut,
        dots,
        nodes,
    } = &props.view;
    let n = *n;
    let pos = |id: NodeId| ring_position(id.0, n);

    let mut links = Vec::new();
    for a in 0..n {
        for b in (a + 1)..n {
            let (a, b) = (NodeId(a), NodeId(b));
            let (pa, pb) = (pos(a), pos(b));
            let (ab, ba) = (cut.contains(&(a, b)), cut.contains(&(b, a)));
            let status = match (ab, ba) {
                (false, false) => "whole",
                (true, true) => "cut",
                _ => "one-way",
            };
            let title = match (ab, ba) {
                (false, false) => format!("{a}↔{b} is whole. Click to cut it both ways."),
                (true, true) => format!("{a}↔{b} is cut both ways. Click to let {b}→{a} through."),
                (true, false) => format!("Only {a}→{b} is cut. Click to cut {b}→{a} instead."),
                (false, true) => format!("Only {b}→{a} is cut. Click to heal the link."),
            };
            let onclick = {
                let next: Vec<(NodeId, NodeId)> = cycle_link(cut, a, b).into_iter().collect();
                props.on_cut.reform(move |_: MouseEvent| next.clone())
            };
            // For a one-way cut, an arrowhead shows the blocked direction.
            let blocked = match (ab, ba) {
                (true, false) => Some((pa, pb)),
                (false, true) => Some((pb, pa)),
                _ => None,
            };
            let blocks = match (ab, ba) {
                (true, false) => format!("{a}→{b}"),
                (false, true) => format!("{b}→{a}"),
                _ => String::new(),
            };
            links.push(html! {
                <g class={classes!("link", status)} data-testid={format!("link-{}-{}", a.0, b.0)}
                    data-cut={status} data-blocks={blocks} {onclick} role="button" aria-label={title.clone()}>
                    <title>{title}</title>
                    <line class="hit" x1={pa.0.to_string()} y1={pa.1.to_string()} x2={pb.0.to_string()} y2={pb.1.to_string()} />
                    <line class="wire" x1={pa.0.to_string()} y1={pa.1.to_string()} x2={pb.0.to_string()} y2={pb.1.to_string()} />
                    { for blocked.map(|(from, to)| blocked_arrow(from, to)) }
                </g>
            });
        }
    }

    let dots = dots
        .iter()
        .map(|dot| {
            let (p, q) = (pos(dot.from), pos(dot.to));
            let (x, y) = (p.0 + (q.0 - p.0) * dot.along, p.1 + (q.1 - p.1) * dot.along);
            html! {
                <circle class={classes!("dot", format!("kind-{}", dot.kind))} cx={x.to_string()} cy={y.to_string()} r="5">
                    <title>{&dot.title}</title>
                </circle>
            }
        })
        .collect::<Html>();

    let nodes = nodes.iter().map(|node| {
        let (x, y) = pos(node.id);
        let RingNode { id, classes, badge, title } = node;
        html! {
            <g class={classes!("ring-node", classes.clone())} data-testid={format!("ring-{}", id.0)}>
                <title>{title}</title>
                <circle cx={x.to_string()} cy={y.to_string()} r={NODE_R.to_string()} />
                <text class="name" x={x.to_string()} y={(y + 5.0).to_string()} text-anchor="middle">{id.to_string()}</text>
                if !badge.is_empty() {
                    <text class="badge" x={x.to_string()} y={(y + NODE_R + 14.0).to_string()} text-anchor="middle">{badge}</text>
                }
            </g>
        }
    });

    let heal = (!cut.is_empty()).then(|| {
        let onclick = props.on_cut.reform(|_: MouseEvent| Vec::new());
        html! { <button class="small" data-testid="heal" {onclick}>{"Heal the network"}</button> }
    });

    html! {
        <section class={classes!("panel", "cluster-view", (n >= 7).then_some("dense"))} aria-label="Cluster view">
            <header class="panel-head">
                <h2>{"Cluster"}</h2>
                { for heal }
            </header>
            <svg viewBox={format!("0 0 {SIZE} {SIZE}")} class="ring" data-testid="cluster-view">
                { for links }
                { dots }
                { for nodes }
            </svg>
            <p class="hint">{"Click a link to cut it: both ways, then one way, then the other, then whole again."}</p>
        </section>
    }
}
