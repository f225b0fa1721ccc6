//! The sequence diagram as a standalone SVG document: the whole run, with
//! lane headers, lifelines, every arrow with its label, drops, crashes and
//! a legend. Built from the same diagram model the playground draws, so
//! `paxos run --svg` and the page show the same messages. Text is escaped,
//! so a value with markup in it is shown as text.

use crate::diagram::{Arrow, Diagram, Fate, Layout, MarkKind};
use crate::protocol::Protocol;
use crate::sim::Sim;
use crate::types::{Actor, ClientId};
use std::collections::BTreeSet;
use std::fmt::Write;

/// The colour of a message kind (the playground's light theme).
fn colour(kind: &str) -> &'static str {
    crate::palette::style(kind).light
}

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
/// `px_per_ms` pixels per simulated millisecond.
pub fn render<P: Protocol>(sim: &Sim<P>, px_per_ms: f64) -> String {
    let mut diagram = Diagram::default();
    diagram.update(sim.trace());
    let clients = (0..sim.config().clients.len() as u8).map(ClientId);
    draw(&Picture {
        diagram: &diagram,
        label: &|arrow| crate::diagram::label(sim.trace(), arrow),
        lanes: Layout::lanes(sim.nodes(), clients, &BTreeSet::new()),
        kinds: P::kinds(&sim.config().paxos),
        hidden_kinds: &BTreeSet::new(),
        end_us: sim.now_us(),
        visible: sim.trace().len(),
        px_per_ms,
        window: None,
    })
}

/// What to draw: a diagram, its lanes and kinds, how far the run has got,
/// and (for the part of a run on screen) a window of time.
pub struct Picture<'a> {
    pub diagram: &'a Diagram,
    /// A message's label (see [`crate::diagram::label`]).
    pub label: &'a dyn Fn(&Arrow) -> String,
    pub lanes: Vec<Actor>,
    /// The protocol's message kinds, for the legend.
    pub kinds: &'static [&'static str],
    /// Kinds left out (hidden on the page).
    pub hidden_kinds: &'a BTreeSet<&'static str>,
    /// The time drawn up to (the cursor), and the trace events up to it.
    pub end_us: u64,
    pub visible: usize,
    pub px_per_ms: f64,
    /// Only this span of simulated time (µs), if set: the messages in it
    /// (one that crosses an edge is drawn whole).
    pub window: Option<(u64, u64)>,
}

/// `picture` as a standalone SVG document, legend included.
pub fn draw(picture: &Picture) -> String {
    let diagram = picture.diagram;
    let legend_px = 28.0;
    let (from_us, to_us) = picture.window.unwrap_or((0, u64::MAX));
    let arrows: Vec<_> = diagram
        .arrows()
        .iter()
        .filter(|a| a.sent_index < picture.visible && !picture.hidden_kinds.contains(a.kind))
        .filter(|a| a.sent_us <= to_us && a.end.map_or(picture.end_us, |e| e.time_us) >= from_us)
        .collect();
    let marks: Vec<_> = diagram
        .marks()
        .iter()
        .filter(|m| m.index < picture.visible && (from_us..=to_us).contains(&m.time_us))
        .collect();
    // From the first thing drawn down to the last (not to the end time: a
    // run often ends with idle timers).
    let first_us = arrows
        .iter()
        .map(|a| a.sent_us)
        .chain(marks.iter().map(|m| m.time_us))
        .min()
        .unwrap_or(0)
        .max(from_us.min(picture.end_us));
    let first_us = if picture.window.is_some() {
        first_us
    } else {
        0
    };
    let last_us = arrows
        .iter()
        .map(|a| {
            a.end
                .map_or(picture.end_us, |e| e.time_us)
                .min(picture.end_us)
        })
        .chain(marks.iter().map(|m| m.time_us))
        .max()
        .unwrap_or(0);
    let px_per_ms = picture.px_per_ms;
    let top_px = 40.0 + legend_px - first_us as f64 / 1000.0 * px_per_ms;
    let layout = Layout {
        lanes: picture.lanes.clone(),
        lane_width_px: 150.0,
        left_px: 8.0,
        px_per_ms,
        top_px,
        folds: crate::diagram::Folds::none(),
    };
    let end_us = picture.end_us;
    let visible = picture.visible;
    let (width, height) = (layout.width(), layout.y(last_us) + 30.0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11">"##
    );
    let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="white"/>"##);
    // The legend: the protocol's message kinds.
    let mut x = 10.0;
    for kind in picture.kinds {
        let _ = writeln!(
            out,
            r##"<rect x="{x:.1}" y="10" width="10" height="10" rx="2" fill="{}"/><text x="{:.1}" y="19" fill="#1c2330">{kind}</text>"##,
            colour(kind),
            x + 14.0
        );
        x += 24.0 + 7.0 * kind.len() as f64;
    }
    // Lanes.
    for actor in &layout.lanes {
        let Some(x) = layout.x(*actor) else { continue };
        let dashed = matches!(actor, Actor::Client(_));
        let _ = writeln!(
            out,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" font-weight="600" fill="#1c2330">{actor}</text><line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#c2c8d2"{}/>"##,
            40.0 + legend_px - 10.0,
            40.0 + legend_px,
            height - 4.0,
            if dashed {
                r##" stroke-dasharray="4 4""##
            } else {
                ""
            }
        );
    }
    // Arrows.
    for arrow in arrows {
        let Some(mut s) = arrow.shape(&layout, end_us, visible, None) else {
            continue;
        };
        s.label = (picture.label)(arrow);
        let colour = colour(s.kind);
        let dash = if s.duplicate {
            r##" stroke-dasharray="5 3""##
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r##"<g data-kind="{}"><line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="1.5"{dash}/>"##,
            s.kind, s.x1, s.y1, s.x2, s.y2
        );
        match s.fate {
            Fate::Dropped(_) => {
                let _ = writeln!(
                    out,
                    r##"<path d="M{:.1} {:.1} l8 8 m0 -8 l-8 8" stroke="#c81e3a" stroke-width="2"/>"##,
                    s.x2 - 4.0,
                    s.y2 - 4.0
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{colour}"/>"##,
                    s.x2, s.y2
                );
            }
        }
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="{colour}">{}</text></g>"##,
            (s.x1 + s.x2) / 2.0,
            (s.y1 + s.y2) / 2.0 - 3.0,
            escape(&s.label)
        );
    }
    // Marks: crashes, restarts, decisions.
    for mark in marks {
        let Some(x) = layout.x(Actor::Node(mark.node)) else {
            continue;
        };
        let y = layout.y(mark.time_us);
        let glyph = match mark.kind {
            MarkKind::Crash => ("✕", "#c81e3a"),
            MarkKind::Restart => ("○", "#0f8a5f"),
            MarkKind::Decided => ("★", "#0f8a5f"),
            _ => continue,
        };
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="13" fill="{}">{}</text>"##,
            x,
            y + 4.0,
            glyph.1,
            glyph.0
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimConfig;

    #[test]
    fn the_whole_run_is_drawn_with_a_legend_and_escaped_labels() {
        let mut config = SimConfig::new(3, 2, 4);
        config.clients[0].value = crate::types::Value::new("<script>x</script>");
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
    fn a_window_draws_only_the_messages_in_it_and_hidden_kinds_are_left_out() {
        let mut sim = Sim::new(SimConfig::new(3, 2, 4)).unwrap();
        while sim.step() {}
        let mut diagram = Diagram::default();
        diagram.update(sim.trace());
        let clients = (0..2).map(ClientId);
        let lanes = Layout::lanes(sim.nodes(), clients, &BTreeSet::new());
        let hidden: BTreeSet<&'static str> = ["Request"].into_iter().collect();
        let (from_us, to_us) = (5_000, 12_000);
        let svg = draw(&Picture {
            diagram: &diagram,
            label: &|a| crate::diagram::label(sim.trace(), a),
            lanes,
            kinds: crate::paxos::SingleDecree::KINDS,
            hidden_kinds: &hidden,
            end_us: sim.now_us(),
            visible: sim.trace().len(),
            px_per_ms: 10.0,
            window: Some((from_us, to_us)),
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
        // The legend still names every kind.
        assert!(svg.contains(">Request</text>"));
    }
}
