//! The sequence diagram: lifelines down the page, one arrow per message.
//!
//! Only the visible window is drawn. The scroll container holds a spacer as
//! tall as the whole run; one SVG covers just the visible part, with a
//! `viewBox` in diagram coordinates, and draws what `Diagram::arrows_in`
//! returns for that window.

use crate::web::board::Clock;
use crate::web::math::on_circle;
use paxos_core::collections::{LiteMap, LiteSet};
use paxos_core::types::{Actor, NodeId};
use paxos_front::diagram::{
    place_labels, ArrowShape, Diagram, Fate, Fold, LabelSpot, Layout, MarkKind,
};
use paxos_front::view::format_time;
use paxos_sim::sim::{DropReason, MsgId};
use std::cell::{Ref, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Element, WheelEvent};
use yew::prelude::*;

/// Extra height drawn above and below the visible window, in pixels, so
/// that scrolling does not show a blank edge before the next frame.
const OVERSCAN_PX: f64 = 200.0;
/// Follow mode keeps the cursor this far down the visible window.
const FOLLOW_AT: f64 = 0.8;
/// A cursor this close to the window's top or bottom edge (as a share of
/// its height) is brought back to `FOLLOW_AT`.
const EDGE: f64 = 0.08;
/// Past this many arrows in the window, the diagram draws how dense the
/// traffic is instead of each message: zoom in to see them. More would be an
/// unreadable tangle anyway (one arrow every 5 px), and every shape drawn
/// costs style and layout on every zoom step.
const ARROW_BUDGET: usize = 120;
/// Past this many lifeline marks in the window, marks are left out.
const MARK_BUDGET: usize = 160;
/// The height of one density band, in pixels.
const DENSITY_BAND_PX: f64 = 10.0;

/// The page's diagram, shared rather than copied: it grows with the trace
/// in place. Two are equal when they are the same one; what changed in it
/// shows in the clock.
#[derive(Clone)]
pub struct SharedDiagram(pub Rc<RefCell<Diagram>>);

impl SharedDiagram {
    fn borrow(&self) -> Ref<'_, Diagram> {
        self.0.borrow()
    }
}

impl PartialEq for SharedDiagram {
    fn eq(&self, other: &SharedDiagram) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What the diagram draws.
#[derive(Clone, PartialEq)]
pub struct DiagramView {
    pub diagram: SharedDiagram,
    /// The layout for the lanes shown and the zoom (before fitting it to
    /// the width on screen).
    pub layout: Layout,
    pub clock: Clock,
    /// Pixels per simulated ms.
    pub zoom: f64,
    pub follow: bool,
    pub playing: bool,
    pub selected: Option<MsgId>,
    pub hidden_kinds: LiteSet<&'static str>,
    /// Trace events whose messages are highlighted (a violation's step).
    pub highlight: Option<std::ops::Range<usize>>,
    /// When each message still in flight at the live edge will arrive.
    pub arrivals: LiteMap<MsgId, u64>,
}

/// What the diagram asks: the words for what it draws, and changes.
#[derive(Clone, PartialEq)]
pub struct DiagramCallbacks {
    /// The label of the message sent at trace event `index`.
    pub label: Callback<usize, String>,
    /// Trace event `index` in a sentence (a mark's tooltip).
    pub explain: Callback<usize, Option<String>>,
    pub on_select: Callback<MsgId>,
    pub on_follow: Callback<bool>,
    /// Zoom by this factor.
    pub on_zoom: Callback<f64>,
    /// Hide or show an actor's lifeline.
    pub on_toggle_lane: Callback<Actor>,
    /// The span of simulated time on screen now (µs), for exports.
    pub on_view_window: Callback<(u64, u64)>,
}

#[derive(Properties)]
pub struct Props {
    pub view: DiagramView,
    pub callbacks: DiagramCallbacks,
}

renders_with_the_page!(Props);

#[function_component]
pub fn SequenceDiagram(props: &Props) -> Html {
    let (view, on) = (&props.view, &props.callbacks);
    let scroller = use_node_ref();
    // The scroll position follow mode last set, so that the scroll event it
    // causes is not mistaken for the user scrolling away.
    let auto_scrolled = use_mut_ref(|| None::<i32>);
    // (scroll top, viewport height, viewport width), measured from the
    // scroll container. A ref, not state: a zoom sets it during render, and
    // only a scroll or resize that changes it needs another render.
    let viewport = use_mut_ref(|| (0.0_f64, 600.0_f64, 800.0_f64));
    let rerender = use_force_update();
    let hover_state = use_state(|| None::<Hover>);
    let hover = *hover_state;
    // The zoom of the last render, and the scroll position a zoom computed
    // for the DOM to take once rendered.
    let last_zoom = use_mut_ref(|| view.zoom);
    let zoom_scroll = use_mut_ref(|| None::<f64>);

    let measure = {
        let scroller = scroller.clone();
        let viewport = viewport.clone();
        Callback::from(move |_: ()| {
            if let Some(el) = scroller.cast::<Element>() {
                let next = (
                    f64::from(el.scroll_top()),
                    f64::from(el.client_height()),
                    f64::from(el.client_width()),
                );
                if next != *viewport.borrow() {
                    *viewport.borrow_mut() = next;
                    rerender.force_update();
                }
            }
        })
    };

    // What handlers registered once and run later (a scroll, the wheel)
    // read: the latest follow mode, and the latest callbacks.
    let latest = use_mut_ref(|| (view.follow && view.playing, on.clone()));
    *latest.borrow_mut() = (view.follow && view.playing, on.clone());
    let diagram = view.diagram.borrow();
    let layout = view.layout.clone().fitted(viewport.borrow().2);
    let clock = view.clock;
    let visible_len = clock.visible_len;
    let end_us = clock.end_us;
    let cursor_y = layout.y(clock.cursor_us);
    // What the eye should rest on: the cursor, or, in a long lull after the
    // last event on a linear time axis, the last events (a run that has
    // settled shows what happened, not empty time).
    let last_event_y = layout.y(diagram.last_event_us().min(clock.cursor_us));
    let focus_y = cursor_y.min(last_event_y + viewport.borrow().1 * (1.0 - FOLLOW_AT));

    // Zooming keeps the cursor (or, if it is off screen, the middle of the
    // view) at the same height on screen, in this very render.
    let zoom = view.zoom;
    if *last_zoom.borrow() != zoom {
        let before = Layout {
            px_per_ms: *last_zoom.borrow(),
            ..layout.clone()
        };
        let (top, height, _) = *viewport.borrow();
        let cursor_before = before.y(clock.cursor_us);
        let anchor_us = if (top..=top + height).contains(&cursor_before) {
            clock.cursor_us
        } else {
            before.time_at(top + height / 2.0)
        };
        let on_screen = before.y(anchor_us) - top;
        let new_top = (layout.y(anchor_us) - on_screen).max(0.0);
        viewport.borrow_mut().0 = new_top;
        *zoom_scroll.borrow_mut() = Some(new_top);
        *last_zoom.borrow_mut() = zoom;
    }
    {
        let scroller = scroller.clone();
        let zoom_scroll = zoom_scroll.clone();
        let auto_scrolled = auto_scrolled.clone();
        use_effect_with(zoom, move |_| {
            if let (Some(top), Some(el)) =
                (zoom_scroll.borrow_mut().take(), scroller.cast::<Element>())
            {
                *auto_scrolled.borrow_mut() = Some(top as i32);
                el.set_scroll_top(top as i32);
            }
        });
    }

    // Keep the cursor in view: while playing with Follow on, and whenever
    // it moves while paused (a step, a seek, a rewind), so that it sits
    // where the eye expects, with the moments before it above it.
    {
        let scroller = scroller.clone();
        let measure = measure.clone();
        let auto_scrolled = auto_scrolled.clone();
        let reveal = view.follow || !view.playing;
        let height = viewport.borrow().1;
        use_effect_with((focus_y.round() as i64, reveal), move |_| {
            if reveal {
                if let Some(el) = scroller.cast::<Element>() {
                    let top = f64::from(el.scroll_top());
                    let comfortable = top + height * EDGE..=top + height * (1.0 - EDGE);
                    if !comfortable.contains(&focus_y) {
                        let max = el.scroll_height() - el.client_height();
                        let target =
                            ((focus_y - height * FOLLOW_AT).max(0.0) as i32).min(max.max(0));
                        if target != el.scroll_top() {
                            *auto_scrolled.borrow_mut() = Some(target);
                            el.set_scroll_top(target);
                        }
                    }
                }
            }
            measure.emit(());
        });
    }
    // Measure once mounted, and whenever the window is resized.
    {
        let measure = measure.clone();
        use_effect_with((), move |_| {
            measure.emit(());
            let listener = web_sys::window()
                .map(|w| gloo_events::EventListener::new(&w, "resize", move |_| measure.emit(())));
            move || drop(listener)
        });
    }

    let onscroll = {
        let measure = measure.clone();
        let latest = latest.clone();
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            measure.emit(());
            let top = scroller.cast::<Element>().map(|el| el.scroll_top());
            let ours = auto_scrolled.borrow_mut().take();
            let by_hand = match (ours, top) {
                (Some(set), Some(now)) => (set - now).abs() > 1,
                _ => true,
            };
            let (following, on) = &*latest.borrow();
            if by_hand && *following {
                // Scrolling away by hand while playing stops following.
                on.on_follow.emit(false);
            }
        })
    };
    // Ctrl + wheel zooms. The listener is registered by hand, not passive,
    // so that it can stop the browser from zooming the page instead.
    {
        let scroller = scroller.clone();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = scroller.cast::<Element>().map(|el| {
                let options = gloo_events::EventListenerOptions::enable_prevent_default();
                gloo_events::EventListener::new_with_options(&el, "wheel", options, move |event| {
                    let Some(e) = event.dyn_ref::<WheelEvent>() else {
                        return;
                    };
                    if e.ctrl_key() || e.meta_key() {
                        e.prevent_default();
                        let factor = if e.delta_y() < 0.0 { 1.25 } else { 0.8 };
                        latest.borrow().1.on_zoom.emit(factor);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let (scroll_top, height, _) = *viewport.borrow();
    let window_top = (scroll_top - OVERSCAN_PX).max(0.0);
    let window_height = height + 2.0 * OVERSCAN_PX;
    let from_us = layout.time_at(window_top);
    let to_us = layout.time_at(window_top + window_height);
    // What is on screen (without the overscan), for exporting the view.
    on.on_view_window.emit((
        layout.time_at(scroll_top),
        layout.time_at(scroll_top + height).min(end_us),
    ));
    let width = layout.width();
    let total_height = layout.height(end_us) + height * (1.0 - FOLLOW_AT);

    // Arrival times of messages still in flight at the frontier.
    let planned = &view.arrivals;
    let in_window = || {
        diagram
            .arrows_in(from_us, to_us, visible_len)
            .filter(|a| !view.hidden_kinds.contains(a.kind))
    };
    let crowded = in_window().nth(ARROW_BUDGET).is_some();
    let shapes: Vec<ArrowShape> = if crowded {
        Vec::new()
    } else {
        in_window()
            .filter_map(|a| {
                let mut shape = a.shape(
                    &layout,
                    clock.cursor_us,
                    visible_len,
                    planned.get(&a.id).copied(),
                )?;
                shape.label = on.label.emit(a.sent_index);
                Some(shape)
            })
            .collect()
    };
    // Too many to draw one by one: how many messages each lane sends, per
    // band of height.
    let density = crowded.then(|| {
        let mut bands: LiteMap<(usize, i64), u32> = LiteMap::new_vec();
        let mut total = 0u64;
        for a in in_window() {
            let Some(lane) = layout.lanes.iter().position(|&l| l == a.from) else {
                continue;
            };
            let band = ((layout.y(a.sent_us) - window_top) / DENSITY_BAND_PX).floor() as i64;
            *bands.entry((lane, band)).or_default() += 1;
            total += 1;
        }
        let peak = f64::from(bands.values().copied().max().unwrap_or(1));
        let rects = bands.iter().map(|(&(lane, band), &count)| {
            let x = layout.x(layout.lanes[lane]).unwrap_or_default();
            let half = 4.0 + 30.0 * (f64::from(count) / peak).sqrt();
            html! {
                <rect class="density" x={fmt(x - half)} width={fmt(2.0 * half)}
                    y={fmt(window_top + band as f64 * DENSITY_BAND_PX)} height={fmt(DENSITY_BAND_PX)} />
            }
        });
        let note_y = scroll_top + 28.0;
        html! {
            <g class="density-view">
                { for rects }
                <text class="density-note" x="12" y={fmt(note_y)}>
                    {format!("{total} messages in view: zoom in (+) to see each one")}
                </text>
            </g>
        }
    });
    let lifelines = layout.lanes.iter().map(|&actor| {
        let x = layout.x(actor).unwrap_or_default();
        html! {
            <line key={actor.to_string()} class={classes!("lifeline", matches!(actor, Actor::Client(_)).then_some("client"))}
                x1={x.to_string()} x2={x.to_string()}
                y1={layout.y(0).to_string()} y2={cursor_y.to_string()} />
        }
    });
    let downtime = diagram.downtime(visible_len).filter_map(|d| {
        let x = layout.x(Actor::Node(d.node))?;
        let until = d.until.map_or(clock.cursor_us, |(t, _)| t);
        Some(html! {
            <rect key={d.from_index.to_string()} class="downtime" x={(x - 5.0).to_string()} width="10"
                y={layout.y(d.from_us).to_string()}
                height={(layout.y(until) - layout.y(d.from_us)).max(1.0).to_string()}>
                <title>{format!("{} is down", d.node)}</title>
            </rect>
        })
    });
    let marks_crowded = diagram
        .marks_in(from_us, to_us, visible_len)
        .nth(MARK_BUDGET)
        .is_some();
    let marks = diagram
        .marks_in(from_us, to_us, visible_len)
        .filter(|_| !marks_crowded)
        .filter_map(|m| {
            let x = layout.x(Actor::Node(m.node))?;
            let y = layout.y(m.time_us);
            Some(mark_shape(m.index, &m.kind, x, y))
        });
    // The quorums heard, across their members' lifelines; where a quorum
    // meets the latest one of the other phase, those members are ringed.
    let quorums = diagram
        .quorums_in(from_us, to_us, visible_len)
        .filter(|_| !marks_crowded)
        .filter_map(|q| {
            let xs: Vec<(NodeId, f64)> = q
                .members
                .iter()
                .filter_map(|m| Some((*m, layout.x(Actor::Node(*m))?)))
                .collect();
            let min = xs.iter().map(|(_, x)| *x).fold(f64::INFINITY, f64::min);
            let max = xs.iter().map(|(_, x)| *x).fold(f64::NEG_INFINITY, f64::max);
            if xs.is_empty() {
                return None;
            }
            let y = layout.y(q.time_us);
            let list = |ns: &[NodeId]| ns.iter().map(NodeId::to_string).collect::<Vec<_>>().join(",");
            let what = if q.phase == 1 { "promised" } else { "accepted" };
            let meets = match (q.other, q.overlap.is_empty()) {
                (Some(other), false) => format!("; meets {other}'s quorum at {}", list(&q.overlap)),
                (Some(other), true) => format!("; shares no member with {other}'s quorum"),
                (None, _) => String::new(),
            };
            let title = format!(
                "Phase-{} quorum of {} for {}: {} {what}{meets}",
                q.phase,
                q.node,
                q.ballot,
                list(&q.members)
            );
            Some(html! {
                <g key={q.index.to_string()} class={classes!("quorum", format!("phase-{}", q.phase))}
                    data-testid="quorum" data-phase={q.phase.to_string()}
                    data-members={list(&q.members)} data-overlap={list(&q.overlap)}
                    data-other={q.other.map(|b| b.to_string()).unwrap_or_default()}>
                    <title>{title}</title>
                    <line x1={fmt(min - 9.0)} x2={fmt(max + 9.0)} y1={fmt(y)} y2={fmt(y)} />
                    { for xs.iter().map(|(m, x)| html! {
                        <circle class={classes!(q.overlap.contains(m).then_some("overlap"))}
                            cx={fmt(*x)} cy={fmt(y)} r="9" />
                    }) }
                </g>
            })
        });
    // One tooltip for whatever is under the pointer, built only for it.
    let tip = hover.and_then(|h| {
        let (x, y, text) = match h {
            Hover::Arrow(id) => {
                let s = shapes.iter().find(|s| s.id == id)?;
                let text = format!("{} · {} → {} · {}", s.label, s.from, s.to, fate_text(s.fate));
                ((s.x1 + s.x2) / 2.0, (s.y1 + s.y2) / 2.0, text)
            }
            Hover::Mark(index) => {
                let m = diagram.marks().iter().find(|m| m.index == index)?;
                let x = layout.x(Actor::Node(m.node))?;
                (x, layout.y(m.time_us), on.explain.emit(index)?)
            }
        };
        Some(html! {
            <div class="tip" role="tooltip" style={format!("left:{}px; top:{}px", fmt(x + 12.0), fmt(y + 10.0))}>{text}</div>
        })
    });
    let onmouseover = {
        let hover = hover_state.clone();
        Callback::from(move |e: MouseEvent| {
            let now = hovered(&e);
            if *hover != now {
                hover.set(now);
            }
        })
    };
    let onmouseleave = {
        let hover = hover_state.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let selected = view.selected;
    // The messages of the step where a property failed, after a jump.
    let culprits: Vec<u64> = view.highlight.clone().map_or_else(Vec::new, |range| {
        diagram
            .arrows_in(from_us, to_us, visible_len)
            .filter(|a| {
                range.contains(&a.sent_index) || a.end.is_some_and(|e| range.contains(&e.index))
            })
            .map(|a| a.id)
            .collect()
    });
    let arrows = shapes
        .iter()
        .map(|s| arrow_html(s, selected == Some(s.id), culprits.contains(&s.id)));
    // Labels in a layer of their own, above every arrow, placed so that no
    // two overlap; one that finds no room is left to the tooltip.
    let spots = place_labels(&shapes, selected, |s| s.label.chars().count());
    let labels = shapes.iter().zip(&spots).filter_map(|(s, spot)| {
        let LabelSpot { x, y, .. } = (*spot)?;
        Some(html! {
            <text key={s.id.to_string()} class={classes!("label", format!("kind-{}", s.kind), (selected == Some(s.id)).then_some("selected"))}
                data-testid="message-label" data-id={s.id.to_string()}
                transform={at(x, y)} text-anchor="middle">{&s.label}</text>
        })
    });
    // Quiet stretches, folded: a band across the lifelines with a break in
    // each, and how much time it stands for.
    let folds = layout
        .folds
        .within(from_us, to_us)
        .map(|f| fold_html(&layout, f, width));
    // One click handler for every arrow: the clicked one carries its id.
    let onclick = {
        let on_select = on.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|el| el.closest("[data-id]").ok().flatten())
                .and_then(|el| el.get_attribute("data-id"))
                .and_then(|id| id.parse::<u64>().ok());
            if let Some(id) = id {
                on_select.emit(id);
            }
        })
    };

    let cursor_line = html! {
        <g class="cursor">
            <line x1="0" x2={width.to_string()} y1={cursor_y.to_string()} y2={cursor_y.to_string()} />
            <text x={(width - 6.0).to_string()} y={(cursor_y - 4.0).to_string()} text-anchor="end">
                {format_time(clock.cursor_us)}
            </text>
        </g>
    };

    // Power failures (page reloads): a line across every lifeline.
    let power_failures = diagram
        .power_failures
        .iter()
        .filter(|(_, index)| *index < visible_len)
        .map(|(time_us, index)| {
            let y = layout.y(*time_us);
            html! {
                <g key={index.to_string()} class="power-failure-line" data-testid="power-failure-line">
                    <line x1="0" x2={width.to_string()} y1={y.to_string()} y2={y.to_string()} />
                    <text x="6" y={(y - 4.0).to_string()}>{format!("⚡ power failure (page reload) at {}", format_time(*time_us))}</text>
                </g>
            }
        });

    let headers = layout.lanes.iter().map(|&actor| {
        let onclick = on.on_toggle_lane.reform(move |_: MouseEvent| actor);
        html! {
            <button class={classes!("lane", matches!(actor, Actor::Client(_)).then_some("client"))}
                style={format!("width:{}px", layout.lane_width_px)} {onclick}
                aria-label={format!("Hide {actor}")} title={format!("Hide {actor}'s lifeline")}>
                {actor.to_string()}
            </button>
        }
    });

    html! {
        <div class="diagram-scroll" ref={scroller} {onscroll}
            data-testid="diagram" data-events={visible_len.to_string()} tabindex="0"
            aria-label="Sequence diagram: one lifeline per node and client, time flowing down">
            <div class="lane-headers" style={format!("width:{width}px; padding-left:{}px", layout.left_px)}>
                { for headers }
            </div>
            <div class="diagram-content" style={format!("width:{width}px; height:{total_height}px")}>
                <svg class="diagram-svg" width={width.to_string()} height={window_height.to_string()}
                    style={format!("top:{window_top}px")}
                    viewBox={format!("0 {window_top} {width} {window_height}")}
                    role="img" aria-label="Messages between nodes over time" {onclick}
                    {onmouseover} {onmouseleave}>
                    <defs>
                        <marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5"
                            markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke" />
                        </marker>
                    </defs>
                    // Each list gets its own group: Yew flattens lists into
                    // their parent, and only a fully keyed child list is
                    // diffed by key. Mixed with other children, arrows would
                    // be matched by position and rebuilt on every scroll.
                    <g class="lifelines">{ for lifelines }</g>
                    <g class="downtimes">{ for downtime }</g>
                    <g class="power-failures">{ for power_failures }</g>
                    <g class="density-layer">{ for density }</g>
                    // Marks under arrows: arrows are what one clicks.
                    <g class="marks">{ for marks }</g>
                    <g class="quorums">{ for quorums }</g>
                    <g class="arrows">{ for arrows }</g>
                    <g class="labels">{ for labels }</g>
                    <g class="folds">{ for folds }</g>
                    { cursor_line }
                </svg>
                // One child always, so that the SVG is never re-created
                // when the tooltip comes and goes.
                <div class="tip-layer">{ for tip }</div>
            </div>
        </div>
    }
}

/// An SVG coordinate with one decimal, formatted with integer arithmetic
/// (float formatting is slow in wasm and this runs for every shape, every
/// frame).
fn fmt(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let (sign, tenths) = if tenths < 0 {
        ("-", -tenths)
    } else {
        ("", tenths)
    };
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

/// How a message ended, in words.
fn fate_text(fate: Fate) -> &'static str {
    match fate {
        Fate::Delivered => "delivered",
        Fate::InFlight => "in flight",
        Fate::Dropped(DropReason::Loss) => "lost",
        Fate::Dropped(DropReason::Partition) => "cut off by a partition",
        Fate::Dropped(DropReason::Crashed) => "arrived at a crashed node",
        Fate::Dropped(DropReason::User) => "dropped by hand",
        Fate::Dropped(DropReason::PowerFailure) => "lost in a power failure",
    }
}

/// What the pointer is over.
#[derive(Clone, Copy, PartialEq)]
enum Hover {
    Arrow(u64),
    Mark(usize),
}

/// The arrow or mark under an event's target, if any.
fn hovered(e: &MouseEvent) -> Option<Hover> {
    let el = e.target()?.dyn_into::<Element>().ok()?;
    let found = el.closest("[data-id],[data-index]").ok()??;
    if let Some(id) = found.get_attribute("data-id") {
        return id.parse().ok().map(Hover::Arrow);
    }
    found
        .get_attribute("data-index")?
        .parse()
        .ok()
        .map(Hover::Mark)
}

/// `translate(x,y)`: shapes are drawn around the origin and placed with one
/// attribute, so that a zoom rewrites a single attribute per shape.
fn at(x: f64, y: f64) -> String {
    format!("translate({},{})", fmt(x), fmt(y))
}

fn arrow_html(s: &ArrowShape, selected: bool, culprit: bool) -> Html {
    let (delivered, dropped) = match (s.fate, s.end_us) {
        (Fate::Delivered, Some(t)) => (Some(t.to_string()), None),
        (Fate::Dropped(_), Some(t)) => (None, Some(t.to_string())),
        _ => (None, None),
    };
    let cross = matches!(s.fate, Fate::Dropped(_)).then(
        || html! { <path class="cross" transform={at(s.x2, s.y2)} d="M-5 -5L5 5M-5 5L5 -5" /> },
    );
    let dup = s
        .duplicate
        .then(|| html! { <text class="dup" transform={at(s.x1 + 6.0, s.y1 + 12.0)}>{"×2"}</text> });
    let head = matches!(s.fate, Fate::Delivered | Fate::InFlight);
    // One `d` attribute rather than four coordinates.
    let d = format!("M{} {}L{} {}", fmt(s.x1), fmt(s.y1), fmt(s.x2), fmt(s.y2));
    html! {
        <g key={s.id.to_string()} data-testid="message"
            class={classes!("msg", format!("kind-{}", s.kind), selected.then_some("selected"), culprit.then_some("culprit"),
                matches!(s.fate, Fate::Dropped(_)).then_some("dropped"),
                (s.fate == Fate::InFlight).then_some("in-flight"), s.duplicate.then_some("duplicate"))}
            data-kind={s.kind} data-from={s.from.to_string()} data-to={s.to.to_string()}
            data-sent={s.sent_us.to_string()} data-delivered={delivered} data-dropped={dropped}
            data-inflight={(s.fate == Fate::InFlight).then_some("true")}
            data-id={s.id.to_string()} data-culprit={culprit.then_some("true")}>
            if culprit { <path class="glow" d={d.clone()} /> }
            <path class="hit" d={d.clone()} />
            <path class="shaft" {d} marker-end={head.then_some("url(#arrowhead)")} />
            { for cross }
            { for dup }
        </g>
    }
}

/// A folded quiet stretch: a band across the diagram, a zig-zag break in
/// every lifeline, and the time it stands for.
fn fold_html(layout: &Layout, fold: Fold, width: f64) -> Html {
    let top = layout.y(fold.from_us);
    let height = layout.y(fold.to_us) - top;
    let breaks: String = layout
        .lanes
        .iter()
        .filter_map(|&lane| layout.x(lane))
        .map(|x| {
            let (a, b) = (top + height * 0.3, top + height * 0.7);
            let m = (a + b) / 2.0;
            format!(
                "M{} {}L{} {}L{} {}L{} {}",
                fmt(x),
                fmt(a),
                fmt(x - 5.0),
                fmt(m - 2.0),
                fmt(x + 5.0),
                fmt(m + 2.0),
                fmt(x),
                fmt(b)
            )
        })
        .collect();
    let text = format!(
        "… {} quiet …",
        paxos_front::view::format_span(fold.duration_us())
    );
    let label_px = text.chars().count() as f64 * paxos_front::diagram::LABEL_CHAR_PX + 12.0;
    let key = format!("{}-{}", fold.from_us, fold.to_us);
    html! {
        <g {key} class="fold" data-testid="time-fold" data-from={fold.from_us.to_string()}
            data-to={fold.to_us.to_string()}>
            <title>{format!("Nothing happened for {} (from {} to {}), and no message was on the wire: folded. Untick Fold quiet time to see it at full length.",
                paxos_front::view::format_span(fold.duration_us()), format_time(fold.from_us), format_time(fold.to_us))}</title>
            <rect class="fold-band" x="0" y={fmt(top)} width={fmt(width)} height={fmt(height)} />
            <path class="fold-edge" d={format!("M0 {t}H{w}M0 {b}H{w}", t = fmt(top), b = fmt(top + height), w = fmt(width))} />
            <path class="fold-break" d={breaks} />
            if height >= 14.0 {
                <rect class="fold-tag" x={fmt(width / 2.0 - label_px / 2.0)} y={fmt(top + height / 2.0 - 8.0)}
                    width={fmt(label_px)} height="16" rx="8" />
                <text class="fold-label" x={fmt(width / 2.0)} y={fmt(top + height / 2.0 + 4.0)} text-anchor="middle">{text}</text>
            }
        </g>
    }
}

/// A lifeline mark, drawn around the origin.
fn mark_shape(index: usize, kind: &MarkKind, x: f64, y: f64) -> Html {
    let shape = match kind {
        MarkKind::Crash => html! { <path d="M-7 -7L7 7M-7 7L7 -7" /> },
        MarkKind::Restart => html! { <circle r="6" /> },
        MarkKind::PersistStart | MarkKind::PersistDone => {
            html! { <rect x="3" y="-3.5" width="7" height="7" /> }
        }
        MarkKind::Timer => html! { <path d="M-10 -5L-3 0L-10 5z" /> },
        MarkKind::Decided => html! { <path d={STAR.with(|s| s.clone())} /> },
        MarkKind::Wiped => html! { <g><circle r="7" /><path d="M-5 5L5 -5" /></g> },
        MarkKind::Loaded => html! { <path d="M-6 -6H6V6H-6zM-3 0H3" /> },
    };
    html! {
        <g key={index.to_string()} class={classes!("mark", kind.name())} data-mark={kind.name()}
            data-index={index.to_string()} transform={at(x, y)}>
            { shape }
        </g>
    }
}

thread_local! {
    /// The "learned" star, around the origin.
    static STAR: String = star(0.0, 0.0, 8.0);
}

/// A five-pointed star centred on (x, y).
fn star(x: f64, y: f64, r: f64) -> String {
    let mut d = String::new();
    for i in 0..10 {
        let radius = if i % 2 == 0 { r } else { r * 0.45 };
        let angle = std::f64::consts::PI / 5.0 * i as f64 - std::f64::consts::FRAC_PI_2;
        let (px, py) = on_circle(x, y, radius, angle);
        d += &format!(
            "{} {} {} ",
            if i == 0 { "M" } else { "L" },
            fmt(px),
            fmt(py)
        );
    }
    d + "z"
}
