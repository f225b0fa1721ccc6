//! View models: plain data the UI draws, derived from the simulator. Kept
//! free of web dependencies so it is tested natively. What every protocol
//! shares is here; each protocol's own views are in its module
//! (`paxos`, `multi`, `designs`).

use paxos_core::collections::LiteSet;
use paxos_core::types::NodeId;

pub mod designs;
pub mod multi;
pub mod paxos;

/// The cluster view's square, in SVG units.
pub const RING_SIZE: f64 = 300.0;

/// The cut links after clicking the link between `a` and `b` in the
/// partition editor: whole → cut both ways → only a→b cut → only b→a cut →
/// whole.
pub fn cycle_link(
    cut: &LiteSet<(NodeId, NodeId)>,
    a: NodeId,
    b: NodeId,
) -> LiteSet<(NodeId, NodeId)> {
    let (ab, ba) = (cut.contains(&(a, b)), cut.contains(&(b, a)));
    let mut next = cut.clone();
    next.remove(&(a, b));
    next.remove(&(b, a));
    match (ab, ba) {
        (false, false) => {
            next.insert((a, b));
            next.insert((b, a));
        }
        (true, true) => {
            next.insert((a, b));
        }
        (true, false) => {
            next.insert((b, a));
        }
        (false, true) => {}
    }
    next
}

/// Formats simulated microseconds as milliseconds, e.g. `12.345 ms`.
pub fn format_time(time_us: u64) -> String {
    format!("{}.{:03} ms", time_us / 1000, time_us % 1000)
}

/// A length of time rounded for reading at a glance: `300 ms`, `1.5 s`,
/// `2 min 5 s`.
pub fn format_span(span_us: u64) -> String {
    let ms = span_us as f64 / 1000.0;
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{} min {} s", s / 60, s % 60)
    }
}

pub use paxos_core::words::count;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_and_counts_read_as_people_write_them() {
        assert_eq!(format_span(2_500), "2.5 ms");
        assert_eq!(format_span(300_400), "300 ms");
        assert_eq!(format_span(1_460_000), "1.5 s");
        assert_eq!(format_span(125_000_000), "2 min 5 s");
        assert_eq!(count(1u8, "node", None), "1 node");
        assert_eq!(count(3u8, "node", None), "3 nodes");
        assert_eq!(count(0u64, "reply", Some("replies")), "0 replies");
    }

    #[test]
    fn clicking_a_link_cycles_through_every_kind_of_cut() {
        let (a, b) = (NodeId(0), NodeId(2));
        let whole = LiteSet::new();
        let both = cycle_link(&whole, a, b);
        assert_eq!(both, [(a, b), (b, a)].into_iter().collect());
        let one = cycle_link(&both, a, b);
        assert_eq!(one, [(a, b)].into_iter().collect());
        let other = cycle_link(&one, a, b);
        assert_eq!(other, [(b, a)].into_iter().collect());
        assert_eq!(cycle_link(&other, a, b), whole);
    }

    #[test]
    fn times_read_as_milliseconds() {
        assert_eq!(format_time(12_345), "12.345 ms");
        assert_eq!(format_time(7), "0.007 ms");
    }
}
