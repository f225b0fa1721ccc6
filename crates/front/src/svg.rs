//! The sequence diagram as a standalone SVG document, fit for slides: a
//! title, the legend, lane headers, a time axis with units, every arrow
//! with its arrowhead (or the cross where it was lost) and a label laid out
//! so that none overlap, every lifeline mark (crashes with the downtime
//! they cause, restarts, disk writes, timers, decisions, quorums), and the
//! folds of quiet time, all clipped to the part of the run drawn. Built
//! from the same diagram model and layout as the page, so `paxos run
//! --svg` and the page's export show the same messages. Text is escaped,
//! so a value with markup in it is shown as text.

use crate::diagram::{
    page_layout, place_labels, Arrow, ArrowShape, Diagram, Fate, Layout, MarkKind,
};
use crate::palette::style;
use crate::view::{format_span, format_time};
use paxos_core::collections::LiteSet;
use paxos_core::protocol::Protocol;
use paxos_core::types::{Actor, ClientId};
use paxos_sim::sim::Sim;
use paxos_sim::timeline::Timeline;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Escapes text for SVG content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The whole run of `sim` (its recorded trace) as an SVG document, at
/// `px_per_ms` pixels per simulated millisecond, with quiet time folded as
/// the playground draws it by default.
pub fn render<P: Protocol>(sim: &Sim<P>, px_per_ms: f64) -> String {
    let mut diagram = Diagram::default();
    diagram.update(sim.trace());
    let clients = (0..sim.config().clients.len() as u8).map(ClientId);
    let layout = Layout {
        lanes: Layout::lanes(sim.nodes(), clients, &LiteSet::new()),
        lane_width_px: crate::diagram::LANE_MAX_PX,
        left_px: AXIS_PX,
        px_per_ms,
        top_px: 0.0,
        folds: diagram.folds(sim.now_us()),
    };
    draw(&Picture {
        diagram: &diagram,
        label: &|arrow| crate::diagram::label(sim.trace(), arrow),
        layout,
        kinds: P::kinds(&sim.config().protocol),
        hidden_kinds: &LiteSet::new(),
        end_us: sim.now_us(),
        visible: sim.trace().len(),
        window: None,
        title: format!("{} · seed {}", P::NAME, sim.config().seed),
    })
}

/// How the page shows a run, sent with the run's link bytes to the tools
/// bundle, which draws the picture ([`picture_of`], through
/// `catalog::Scenario::picture`): the pages hold no SVG code of their own.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    /// How far the page has simulated (its frontier's position and
    /// simulated time), and where its cursor is (position and time: a
    /// cursor can stand later than the last event before it).
    pub frontier: usize,
    pub frontier_us: u64,
    pub cursor: usize,
    pub cursor_us: u64,
    /// The zoom.
    pub px_per_ms: f64,
    /// Quiet stretches are folded.
    pub compress: bool,
    pub hidden_lanes: Vec<Actor>,
    pub hidden_kinds: Vec<String>,
    /// The span of simulated time on screen (µs); `None` for the whole run
    /// up to the cursor.
    pub window: Option<(u64, u64)>,
    /// What the picture shows, for its heading.
    pub title: String,
}

impl Shown {
    /// In postcard, as the page sends it to the tools bundle.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("a view encodes")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Shown, String> {
        postcard::from_bytes(bytes)
            .map_err(|e| format!("the page described its view wrongly ({e})"))
    }
}

/// The tallest whole-run picture, in pixels: longer runs are drawn at a
/// smaller scale.
pub const WHOLE_RUN_MAX_PX: f64 = 6_000.0;

/// The picture of `timeline` as the page shows it (`shown`): what is on
/// screen, or the whole run up to the cursor, with the page's lanes,
/// folds and hidden kinds, at full lane width with room for the time axis.
pub fn picture_of<P: Protocol>(timeline: &mut Timeline<P>, shown: &Shown) -> String {
    // The page's frontier, then its cursor: by position (the page may have
    // stepped through the events of one moment one at a time), then on to
    // its time, if that is later (every event up to it had happened).
    timeline.seek_position(shown.frontier);
    if shown.frontier_us > timeline.frontier_time_us() {
        timeline.seek(shown.frontier_us);
    }
    timeline.seek_position(shown.cursor);
    if shown.cursor_us > timeline.cursor().time_us {
        timeline.seek(shown.cursor_us);
    }
    let mut diagram = Diagram::default();
    diagram.update(timeline.frontier().trace());
    let hidden_lanes = shown.hidden_lanes.iter().copied().collect();
    let mut layout = page_layout(
        timeline,
        &diagram,
        shown.px_per_ms,
        &hidden_lanes,
        shown.compress,
    );
    layout.left_px = AXIS_PX;
    layout.top_px = 0.0;
    let cursor_us = timeline.cursor().time_us;
    if shown.window.is_none() {
        let tall = layout.y(cursor_us);
        if tall > WHOLE_RUN_MAX_PX {
            layout.px_per_ms *= WHOLE_RUN_MAX_PX / tall;
        }
    }
    let kinds = P::kinds(&timeline.state().config().protocol);
    let hidden_kinds = kinds
        .iter()
        .copied()
        .filter(|kind| shown.hidden_kinds.iter().any(|hidden| hidden == kind))
        .collect();
    let trace = timeline.frontier().trace();
    draw(&Picture {
        diagram: &diagram,
        label: &|arrow| crate::diagram::label(trace, arrow),
        layout,
        kinds,
        hidden_kinds: &hidden_kinds,
        end_us: cursor_us,
        visible: timeline.visible_trace_len(),
        window: shown.window,
        title: shown.title.clone(),
    })
}

/// The width of the time axis, left of the lanes.
pub const AXIS_PX: f64 = 64.0;

/// What to draw: a diagram, its layout (lanes, zoom, folds), kinds, how far
/// the run has got, and (for the part of a run on screen) a window of time.
pub struct Picture<'a> {
    pub diagram: &'a Diagram,
    /// A message's label (see [`crate::diagram::label`]).
    pub label: &'a dyn Fn(&Arrow) -> String,
    /// Where things go. Its `left_px` leaves room for the time axis
    /// (see [`AXIS_PX`]); its `top_px` is ignored.
    pub layout: Layout,
    /// The run's message kinds, for the legend.
    pub kinds: &'static [&'static str],
    /// Kinds left out (hidden on the page).
    pub hidden_kinds: &'a LiteSet<&'static str>,
    /// The time drawn up to (the cursor), and the trace events up to it.
    pub end_us: u64,
    pub visible: usize,
    /// Only this span of simulated time (µs), if set: the messages in it,
    /// clipped at its edges.
    pub window: Option<(u64, u64)>,
    /// What the picture shows, for its heading.
    pub title: String,
}

const TEXT: &str = "#1c2330";
const MUTED: &str = "#5d6776";
const LINE: &str = "#c2c8d2";
const BAD: &str = "#c81e3a";
const OK: &str = "#0f8a5f";
const WARN: &str = "#b45309";
const GOLD: &str = "#d97706";
const MARGIN_PX: f64 = 10.0;

/// A round step for axis ticks at least `min_ms` apart: 1, 2 or 5 times a
/// power of ten.
fn tick_step_ms(min_ms: f64) -> f64 {
    // The largest power of ten at most `min_ms` (from a table, not
    // `powf` and `log10`: the web page would link libm's for them).
    const POWERS: [f64; 16] = [
        1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    ];
    let mut step = POWERS
        .into_iter()
        .take_while(|p| *p <= min_ms)
        .last()
        .unwrap_or(POWERS[0]);
    for factor in [1.0, 2.0, 5.0, 10.0] {
        if step * factor >= min_ms {
            step *= factor;
            break;
        }
    }
    step
}

/// `picture` as a standalone SVG document.
pub fn draw(picture: &Picture) -> String {
    let diagram = picture.diagram;
    let visible = picture.visible;
    let end_us = picture.end_us;
    let shown = |kind: &str| !picture.hidden_kinds.contains(kind);
    let (from_us, to_us) = picture.window.unwrap_or((0, end_us));
    let to_us = to_us.min(end_us);
    let mut layout = picture.layout.clone();
    layout.top_px = 0.0;

    // The heading: title, legend, lane names; then the clipped body.
    let title_px = 26.0;
    let legend_px = 22.0;
    let lanes_px = 22.0;
    let head_px = MARGIN_PX + title_px + legend_px + lanes_px;
    let (body_top, body_bottom) = (layout.y(from_us), layout.y(to_us));
    let body_px = (body_bottom - body_top).max(40.0) + 14.0;
    let width = layout.width().max(520.0);
    let height = head_px + body_px + MARGIN_PX;
    // Body coordinates are the layout's, shifted under the heading.
    let shift = head_px - body_top + 6.0;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11">"##
    );
    let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="white"/>"##);
    // Arrowheads in each kind's colour.
    out.push_str("<defs>");
    for kind in picture.kinds {
        let _ = write!(
            out,
            r##"<marker id="head-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{}"/></marker>"##,
            style(kind).light
        );
    }
    let _ = writeln!(
        out,
        r##"<clipPath id="body"><rect x="0" y="{:.1}" width="{width:.0}" height="{body_px:.1}"/></clipPath></defs>"##,
        head_px
    );
    // Title, and the span of time drawn.
    let span = if picture.window.is_some() {
        format!("{} to {}", format_time(from_us), format_time(to_us))
    } else {
        format!("0 to {}", format_time(to_us))
    };
    let _ = writeln!(
        out,
        r##"<text x="{MARGIN_PX}" y="{:.1}" font-family="system-ui, sans-serif" font-size="15" font-weight="700" fill="{TEXT}">{}</text><text x="{:.1}" y="{:.1}" text-anchor="end" fill="{MUTED}">{}</text>"##,
        MARGIN_PX + 16.0,
        escape(&picture.title),
        width - MARGIN_PX,
        MARGIN_PX + 16.0,
        escape(&span)
    );
    // The legend: each kind drawn as its line, dashes and all.
    let legend_y = MARGIN_PX + title_px + 10.0;
    let mut x = MARGIN_PX;
    for kind in picture.kinds.iter().filter(|k| shown(k)) {
        let s = style(kind);
        let dash = s
            .dash
            .map_or(String::new(), |d| format!(r##" stroke-dasharray="{d}""##));
        let _ = writeln!(
            out,
            r##"<line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{}" stroke-width="{}"{dash}/><text x="{:.1}" y="{:.1}" fill="{TEXT}">{kind}</text>"##,
            x + 20.0,
            s.light,
            s.width,
            x + 24.0,
            legend_y + 4.0,
            y = legend_y,
        );
        x += 32.0 + 7.0 * kind.len() as f64;
    }
    // Lane names.
    let lanes_y = MARGIN_PX + title_px + legend_px + 14.0;
    for actor in &layout.lanes {
        let Some(lx) = layout.x(*actor) else { continue };
        let colour = if matches!(actor, Actor::Client(_)) {
            MUTED
        } else {
            TEXT
        };
        let _ = writeln!(
            out,
            r##"<text x="{lx:.1}" y="{lanes_y:.1}" text-anchor="middle" font-weight="600" fill="{colour}">{actor}</text>"##
        );
    }
    let _ = writeln!(
        out,
        r##"<line x1="0" y1="{head_px:.1}" x2="{width:.0}" y2="{head_px:.1}" stroke="{LINE}"/>"##
    );

    // ----- the body, clipped -----
    let _ = writeln!(
        out,
        r##"<g clip-path="url(#body)"><g transform="translate(0 {shift:.1})">"##
    );
    let (top, bottom) = (body_top - 6.0, body_bottom + 14.0);
    // The time axis: round ticks, none inside a fold.
    let step_ms = tick_step_ms(64.0 / layout.px_per_ms);
    let step_us = (step_ms * 1000.0).round().max(1.0) as u64;
    let mut t = from_us.div_ceil(step_us) * step_us;
    let folds: Vec<_> = layout.folds.within(from_us, to_us).collect();
    let mut last_tick_y = f64::NEG_INFINITY;
    while t <= to_us {
        let y = layout.y(t);
        // No tick inside a fold, nor where a fold's band would cover it.
        let inside = folds
            .iter()
            .any(|f| (layout.y(f.from_us) - 8.0..=layout.y(f.to_us) + 8.0).contains(&y));
        if !inside && y - last_tick_y >= 28.0 {
            let _ = writeln!(
                out,
                r##"<line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{LINE}"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="{MUTED}">{}</text>"##,
                AXIS_PX - 8.0,
                AXIS_PX - 2.0,
                AXIS_PX - 10.0,
                y + 4.0,
                if t == 0 {
                    "0".to_string()
                } else {
                    format_span(t)
                }
            );
            last_tick_y = y;
        }
        t += step_us;
    }
    let _ = writeln!(
        out,
        r##"<line x1="{:.1}" y1="{top:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="{LINE}"/><text x="4" y="{:.1}" fill="{MUTED}" font-size="10">time ↓</text>"##,
        AXIS_PX - 2.0,
        AXIS_PX - 2.0,
        top + 12.0
    );
    // Lifelines, and when each node was down.
    for actor in &layout.lanes {
        let Some(lx) = layout.x(*actor) else { continue };
        let dash = if matches!(actor, Actor::Client(_)) {
            r##" stroke-dasharray="4 4""##
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r##"<line x1="{lx:.1}" y1="{top:.1}" x2="{lx:.1}" y2="{bottom:.1}" stroke="{LINE}" stroke-width="2"{dash}/>"##
        );
    }
    for down in diagram.downtime(visible) {
        let Some(lx) = layout.x(Actor::Node(down.node)) else {
            continue;
        };
        let until = down.until.map_or(end_us, |(t, _)| t);
        let (y1, y2) = (layout.y(down.from_us), layout.y(until));
        let _ = writeln!(
            out,
            r##"<rect data-mark="downtime" x="{:.1}" y="{y1:.1}" width="10" height="{:.1}" fill="#fde8ec" stroke="{BAD}" stroke-dasharray="2 2"><title>{} is down</title></rect>"##,
            lx - 5.0,
            (y2 - y1).max(1.0),
            down.node
        );
    }
    // Folded quiet time.
    for fold in &folds {
        let (y1, y2) = (layout.y(fold.from_us), layout.y(fold.to_us));
        let _ = writeln!(
            out,
            r##"<g data-mark="fold"><rect x="0" y="{y1:.1}" width="{width:.0}" height="{:.1}" fill="#eef0f4"/>"##,
            y2 - y1
        );
        for actor in &layout.lanes {
            let Some(lx) = layout.x(*actor) else { continue };
            let (a, b) = (y1 + (y2 - y1) * 0.3, y1 + (y2 - y1) * 0.7);
            let m = (a + b) / 2.0;
            let _ = write!(
                out,
                r##"<path d="M{lx:.1} {a:.1}L{:.1} {:.1}L{:.1} {:.1}L{lx:.1} {b:.1}" stroke="{MUTED}" stroke-width="1.5" fill="none"/>"##,
                lx - 5.0,
                m - 2.0,
                lx + 5.0,
                m + 2.0
            );
        }
        if y2 - y1 >= 14.0 {
            let text = format!("… {} quiet …", format_span(fold.duration_us()));
            let w = text.chars().count() as f64 * crate::diagram::LABEL_CHAR_PX + 12.0;
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="16" rx="8" fill="white" stroke="{LINE}"/><text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{MUTED}" font-style="italic">{text}</text>"##,
                width / 2.0 - w / 2.0,
                (y1 + y2) / 2.0 - 8.0,
                width / 2.0,
                (y1 + y2) / 2.0 + 4.0,
            );
        }
        out.push_str("</g>\n");
    }
    // Quorums: across their members' lifelines, gold where they meet.
    for q in diagram.quorums_in(from_us, to_us, visible) {
        let xs: Vec<(paxos_core::types::NodeId, f64)> = q
            .members
            .iter()
            .filter_map(|m| Some((*m, layout.x(Actor::Node(*m))?)))
            .collect();
        let (Some(min), Some(max)) = (
            xs.iter().map(|(_, x)| *x).reduce(f64::min),
            xs.iter().map(|(_, x)| *x).reduce(f64::max),
        ) else {
            continue;
        };
        let y = layout.y(q.time_us);
        let colour = if q.phase == 1 {
            style("Promise").light
        } else {
            style("Accepted").light
        };
        let _ = write!(
            out,
            r##"<g data-mark="quorum"><line x1="{:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{colour}" stroke-dasharray="3 3" stroke-width="1.5"/>"##,
            min - 9.0,
            max + 9.0
        );
        for (m, mx) in &xs {
            let (stroke, w) = if q.overlap.contains(m) {
                (GOLD, 3.0)
            } else {
                (colour, 1.5)
            };
            let _ = write!(
                out,
                r##"<circle cx="{mx:.1}" cy="{y:.1}" r="9" fill="none" stroke="{stroke}" stroke-width="{w}"/>"##
            );
        }
        out.push_str("</g>\n");
    }
    // Lifeline marks.
    for mark in diagram.marks_in(from_us, to_us, visible) {
        let Some(mx) = layout.x(Actor::Node(mark.node)) else {
            continue;
        };
        let y = layout.y(mark.time_us);
        let shape = match mark.kind {
            MarkKind::Crash => format!(
                r##"<path d="M-7 -7L7 7M-7 7L7 -7" stroke="{BAD}" stroke-width="3" stroke-linecap="round"/>"##
            ),
            MarkKind::Restart => {
                format!(r##"<circle r="6" fill="white" stroke="{OK}" stroke-width="2.5"/>"##)
            }
            MarkKind::PersistStart => format!(
                r##"<rect x="3" y="-3.5" width="7" height="7" fill="white" stroke="{WARN}" stroke-width="1.5"/>"##
            ),
            MarkKind::PersistDone => {
                format!(r##"<rect x="3" y="-3.5" width="7" height="7" fill="{WARN}"/>"##)
            }
            MarkKind::Timer => format!(r##"<path d="M-10 -5L-3 0L-10 5z" fill="{MUTED}"/>"##),
            MarkKind::Decided => {
                format!(r##"<text y="5" text-anchor="middle" font-size="15" fill="{OK}">★</text>"##)
            }
            MarkKind::Wiped => format!(
                r##"<circle r="7" fill="white" stroke="{BAD}" stroke-width="2"/><path d="M-5 5L5 -5" stroke="{BAD}" stroke-width="2"/>"##
            ),
            MarkKind::Loaded => format!(
                r##"<path d="M-6 -6H6V6H-6zM-3 0H3" fill="none" stroke="{WARN}" stroke-width="1.5"/>"##
            ),
        };
        let _ = writeln!(
            out,
            r##"<g data-mark="{}" transform="translate({mx:.1} {y:.1})">{shape}</g>"##,
            mark.kind.name()
        );
    }
    // Arrows, with arrowheads or crosses, then their labels laid out so
    // that none overlap.
    let shapes: Vec<ArrowShape> = diagram
        .arrows_in(from_us, to_us, visible)
        .filter(|a| shown(a.kind))
        .filter_map(|arrow| {
            let mut s = arrow.shape(&layout, end_us, visible, None)?;
            s.label = (picture.label)(arrow);
            Some(s)
        })
        .collect();
    for s in &shapes {
        let st = style(s.kind);
        let dash = st
            .dash
            .map_or(String::new(), |d| format!(r##" stroke-dasharray="{d}""##));
        let head = match s.fate {
            Fate::Dropped(_) => String::new(),
            _ => format!(r##" marker-end="url(#head-{})""##, s.kind),
        };
        let _ = write!(
            out,
            r##"<g data-kind="{}"><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="{}"{dash}{head}/>"##,
            s.kind, s.x1, s.y1, s.x2, s.y2, st.light, st.width
        );
        if matches!(s.fate, Fate::Dropped(_)) {
            let _ = write!(
                out,
                r##"<path d="M{:.1} {:.1}l10 10m0 -10l-10 10" stroke="{BAD}" stroke-width="2.4" stroke-linecap="round"/>"##,
                s.x2 - 5.0,
                s.y2 - 5.0
            );
        }
        if s.duplicate {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{:.1}" fill="{}">×2</text>"##,
                s.x1 + 6.0,
                s.y1 + 12.0,
                st.light
            );
        }
        out.push_str("</g>\n");
    }
    let spots = place_labels(&shapes, None, |s| s.label.chars().count());
    for (s, spot) in shapes.iter().zip(&spots) {
        let Some(spot) = spot else { continue };
        let _ = writeln!(
            out,
            r##"<text class="label" x="{:.1}" y="{:.1}" text-anchor="middle" fill="{}" stroke="white" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{}</text>"##,
            spot.x,
            spot.y,
            style(s.kind).light,
            escape(&s.label)
        );
    }
    out.push_str("</g></g>\n</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use paxos_core::protocol::Core;

    #[test]
    fn ticks_are_one_two_or_five_times_a_power_of_ten() {
        for (min_ms, step) in [
            (0.0, 0.001),
            (0.0004, 0.001),
            (0.3, 0.5),
            (1.0, 1.0),
            (3.0, 5.0),
            (7.0, 10.0),
            (64.0, 100.0),
            (150.0, 200.0),
            (1000.0, 1000.0),
            (2500.0, 5000.0),
        ] {
            assert_eq!(tick_step_ms(min_ms), step, "{min_ms} ms apart");
        }
    }

    fn layout_of(
        sim: &Sim<paxos_core::paxos::SingleDecree>,
        diagram: &Diagram,
        px_per_ms: f64,
    ) -> Layout {
        Layout {
            lanes: Layout::lanes(sim.nodes(), (0..2).map(ClientId), &LiteSet::new()),
            lane_width_px: 150.0,
            left_px: AXIS_PX,
            px_per_ms,
            top_px: 0.0,
            folds: diagram.folds(sim.now_us()),
        }
    }

    #[test]
    fn the_whole_run_is_drawn_with_a_legend_and_escaped_labels() {
        let mut config = crate::runs::paxos::config(3, 2, 4);
        config.clients[0].value = paxos_core::types::Value::new("<script>x</script>");
        let mut sim = Sim::new(config).unwrap();
        while sim.step() {}
        let svg = render(&sim, 2.0);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        let arrows = svg.matches("<g data-kind=").count() as u64;
        let stats = sim.stats();
        assert_eq!(
            arrows,
            stats.messages + stats.client_messages,
            "one arrow per message"
        );
        for kind in ["Prepare", "Promise", "Accept", "Accepted", "Decided"] {
            assert!(svg.contains(&format!("data-kind=\"{kind}\"")), "{kind}");
        }
        assert!(!svg.contains("<script>"), "markup in a value is text");
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn an_export_has_arrowheads_marks_an_axis_and_a_title_and_is_clipped() {
        let mut config = crate::runs::paxos::config(3, 2, 5);
        config.network.drop_prob = 0.2;
        config.faults.until_us = config.until_us;
        config.faults.crash_prob = 0.3;
        let mut sim = Sim::new(config).unwrap();
        while sim.step() {}
        let svg = render(&sim, 4.0);
        let delivered = sim.stats().messages + sim.stats().client_messages - sim.stats().dropped;
        assert!(
            svg.matches("marker-end=\"url(#head-").count() as u64 >= delivered,
            "every delivered arrow has a head"
        );
        assert!(svg.contains("<marker id=\"head-Prepare\""));
        assert!(svg.contains("data-mark=\"crash\""), "crashes are marked");
        assert!(svg.contains("data-mark=\"downtime\""), "and the downtime");
        assert!(
            svg.contains("data-mark=\"persist-start\"")
                && svg.contains("data-mark=\"persist-done\"")
        );
        assert!(svg.contains("data-mark=\"quorum\""), "quorums are drawn");
        assert!(
            svg.contains("data-mark=\"fold\"") && svg.contains(" quiet …"),
            "folds"
        );
        assert!(
            svg.contains(">20 ms</text>") || svg.contains(">10 ms</text>"),
            "an axis with units"
        );
        assert!(svg.contains(">paxos · seed 5</text>"), "a title");
        assert!(
            svg.contains("clip-path=\"url(#body)\""),
            "clipped to the body"
        );
    }

    #[test]
    fn exported_labels_never_overlap() {
        let mut sim = Sim::new(crate::bench::duel_config(5, 1)).unwrap();
        sim.run_until(200_000);
        let svg = render(&sim, 3.0);
        let boxes: Vec<crate::diagram::Rect> = svg
            .lines()
            .filter(|l| l.starts_with("<text class=\"label\""))
            .map(|l| {
                let attr = |name: &str| -> f64 {
                    let from = l.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                    l[from..from + l[from..].find('"').unwrap()]
                        .parse()
                        .unwrap()
                };
                let text = &l[l.find('>').unwrap() + 1..l.rfind("</text>").unwrap()];
                let chars = text.replace("&quot;", "\"").chars().count();
                crate::diagram::label_rect(attr("x"), attr("y"), chars)
            })
            .collect();
        assert!(boxes.len() > 20, "{} labels", boxes.len());
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let ox = (a.x + a.width).min(b.x + b.width) - a.x.max(b.x);
                let oy = (a.y + a.height).min(b.y + b.height) - a.y.max(b.y);
                assert!(ox <= 0.5 || oy <= 0.5, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn a_window_draws_only_the_messages_in_it_and_hidden_kinds_are_left_out() {
        let mut sim = Sim::new(crate::runs::paxos::config(3, 2, 4)).unwrap();
        while sim.step() {}
        let mut diagram = Diagram::default();
        diagram.update(sim.trace());
        let hidden: LiteSet<&'static str> = ["Request"].into_iter().collect();
        let (from_us, to_us) = (5_000, 12_000);
        let svg = draw(&Picture {
            diagram: &diagram,
            label: &|a| crate::diagram::label(sim.trace(), a),
            layout: layout_of(&sim, &diagram, 10.0),
            kinds: paxos_core::paxos::SingleDecree::KINDS,
            hidden_kinds: &hidden,
            end_us: sim.now_us(),
            visible: sim.trace().len(),
            window: Some((from_us, to_us)),
            title: "A window".into(),
        });
        let expected = diagram
            .arrows()
            .iter()
            .filter(|a| a.kind != "Request")
            .filter(|a| a.sent_us <= to_us && a.end.map_or(u64::MAX, |e| e.time_us) >= from_us)
            .count();
        assert!(expected > 0 && expected < diagram.arrows().len());
        assert_eq!(svg.matches("<g data-kind=").count(), expected);
        assert!(!svg.contains("data-kind=\"Request\""));
        assert!(
            !svg.contains(">Request</text>"),
            "a hidden kind leaves the legend"
        );
        assert!(svg.contains(">Prepare</text>"));
        assert!(svg.contains("5.000 ms to 12.000 ms"));
    }

    #[test]
    fn a_picture_from_link_bytes_is_the_run_as_the_page_shows_it() {
        use crate::catalog::{body_bytes, Scenario};
        use paxos_core::paxos::SingleDecree;
        use paxos_core::types::NodeId;
        let example = crate::course::gallery::EXAMPLES
            .iter()
            .find(|e| e.body::<SingleDecree>().is_some())
            .expect("a single-decree gallery run");
        let body = example.body::<SingleDecree>().unwrap();
        // The page has played the run to its end.
        let mut played = body.compile().unwrap();
        played.seek(u64::MAX);
        let (frontier, frontier_us) = (played.frontier_position(), played.frontier_time_us());
        played.seek_position(frontier * 2 / 3);
        let shown = Shown {
            frontier,
            frontier_us,
            cursor: frontier * 2 / 3,
            cursor_us: played.cursor().time_us,
            px_per_ms: 6.0,
            compress: true,
            hidden_lanes: vec![Actor::Node(NodeId(2))],
            hidden_kinds: vec!["Promise".into()],
            window: None,
            title: "As the page shows it".into(),
        };
        // What the tools bundle draws: from the link's bytes and the view's.
        let scenario = Scenario::from_bytes(&body_bytes(&body)).unwrap();
        let svg = scenario
            .picture(&Shown::from_bytes(&shown.to_bytes()).unwrap())
            .unwrap();
        assert_eq!(svg, picture_of(&mut body.compile().unwrap(), &shown));
        assert!(svg.contains(">As the page shows it</text>"), "the title");
        assert!(
            svg.contains(">n0</text>") && !svg.contains(">n2</text>"),
            "a hidden lane is left out"
        );
        assert!(
            svg.contains("data-kind=\"Prepare\"") && !svg.contains("data-kind=\"Promise\""),
            "and a hidden kind"
        );
        // At the end, the cursor stands at the run's end time, after the
        // last event: the picture ends there too, as the page does.
        let whole = picture_of(
            &mut body.compile().unwrap(),
            &Shown {
                cursor: frontier,
                cursor_us: frontier_us,
                ..shown.clone()
            },
        );
        let last_event_us = played.frontier().trace().last().unwrap().time_us;
        assert!(
            frontier_us > last_event_us,
            "the run ends after its last event"
        );
        assert!(
            whole.contains(&format!("0 to {}", format_time(frontier_us))),
            "the picture runs to the cursor's time"
        );
        // A cursor in the past, between two events (the page paused there).
        let trace = played.frontier().trace();
        let gap = trace
            .windows(2)
            .find(|w| w[1].time_us > w[0].time_us + 1)
            .expect("two events at different times");
        let paused_us = gap[0].time_us + 1;
        played.seek(paused_us);
        let paused = picture_of(
            &mut body.compile().unwrap(),
            &Shown {
                cursor: played.cursor().position,
                cursor_us: paused_us,
                ..shown.clone()
            },
        );
        assert!(
            paused.contains(&format!("0 to {}", format_time(paused_us))),
            "a paused cursor's time"
        );
        assert!(
            whole.matches("<g data-kind=").count() > svg.matches("<g data-kind=").count(),
            "the picture stops at the cursor"
        );
        let on_screen = picture_of(
            &mut body.compile().unwrap(),
            &Shown {
                window: Some((0, 1_000)),
                ..shown
            },
        );
        assert!(
            on_screen.matches("<g data-kind=").count() < svg.matches("<g data-kind=").count(),
            "a window draws only what is on screen"
        );
    }
}
