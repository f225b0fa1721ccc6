//! How each message kind is drawn: a colour for the light and the dark
//! theme, a dash pattern and a line width. The page's stylesheet
//! (`www/style.css`) and the SVG export both follow this table (a test
//! checks that the stylesheet does).
//!
//! Every pair of kinds that can appear on one page must be told apart,
//! also by people with the common colour-vision deficiencies (protanopia
//! and deuteranopia): a request and its reply share a hue and differ in
//! dashes; kinds of the same dash differ in colour under each deficiency,
//! as the tests measure. The hues are from Okabe and Ito's palette for
//! colour-blind readers.

/// How a kind of message is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KindStyle {
    /// The colour on a light background, and on a dark one.
    pub light: &'static str,
    pub dark: &'static str,
    /// An SVG `stroke-dasharray`, or `None` for a solid line.
    pub dash: Option<&'static str>,
    /// Line width, in pixels.
    pub width: f64,
}

/// The hues, as (name, light, dark).
pub const HUES: [(&str, &str, &str); 7] = [
    ("grey", "#414a59", "#aab3c0"),
    ("blue", "#0072b2", "#56b4e9"),
    ("vermillion", "#d55e00", "#ff8a4c"),
    ("green", "#009e73", "#3ddc97"),
    ("violet", "#7b2ff7", "#9955ff"),
    ("crimson", "#c2185b", "#ff6b8a"),
    ("faint", "#a3acb8", "#6b7585"),
];

/// A reply's dashes, a reject's dots, a forwarded request's dash-dot.
pub const REPLY_DASH: &str = "6 3";
pub const REJECT_DASH: &str = "1.5 3";
pub const FORWARD_DASH: &str = "8 3 2 3";
pub const WIDTH: f64 = 1.6;

fn hue(name: &str) -> (&'static str, &'static str) {
    HUES.iter()
        .find(|(n, ..)| *n == name)
        .map_or(("#334155", "#cbd5e1"), |&(_, light, dark)| (light, dark))
}

/// The hue of a kind (see [`HUES`]).
pub fn hue_of(kind: &str) -> &'static str {
    match kind {
        "Request" | "Reply" | "Forward" => "grey",
        "Prepare" | "Promise" => "blue",
        "Accept" | "Accepted" => "vermillion",
        "Decided" | "Write" | "Ack" => "green",
        "Read" | "ReadReply" | "CatchUp" | "Entries" => "violet",
        "Reject" => "crimson",
        "Heartbeat" => "faint",
        _ => "other",
    }
}

/// How messages of `kind` are drawn.
pub fn style(kind: &str) -> KindStyle {
    let (light, dark) = hue(hue_of(kind));
    let (dash, width) = match kind {
        "Reply" | "Promise" | "Accepted" | "ReadReply" | "Ack" | "Entries" => {
            (Some(REPLY_DASH), WIDTH)
        }
        "Reject" => (Some(REJECT_DASH), 2.0),
        "Forward" => (Some(FORWARD_DASH), WIDTH),
        "Decided" => (None, 2.6),
        "Heartbeat" => (None, 1.1),
        _ => (None, WIDTH),
    };
    KindStyle {
        light,
        dark,
        dash,
        width,
    }
}

/// Colour science for the tests: CIE L*a*b* of an sRGB colour as someone
/// with a colour-vision deficiency sees it (Machado, Oliveira and
/// Fernandes, 2009, at full severity), and the distance between two.
#[cfg(test)]
mod vision {
    /// Who is looking.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Vision {
        Typical,
        Protanopia,
        Deuteranopia,
    }

    pub const ALL: [Vision; 3] = [Vision::Typical, Vision::Protanopia, Vision::Deuteranopia];

    fn matrix(vision: Vision) -> [[f64; 3]; 3] {
        match vision {
            Vision::Typical => [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            Vision::Protanopia => [
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ],
            Vision::Deuteranopia => [
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ],
        }
    }

    fn to_linear(c: f64) -> f64 {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }

    /// `#rrggbb` as linear RGB, each 0 to 1.
    pub fn linear_rgb(hex: &str) -> [f64; 3] {
        let channel = |i: usize| {
            let byte = u8::from_str_radix(&hex[1 + 2 * i..3 + 2 * i], 16).expect("#rrggbb");
            to_linear(f64::from(byte) / 255.0)
        };
        [channel(0), channel(1), channel(2)]
    }

    /// CIE L*a*b* (D65) of `hex` as `vision` sees it.
    pub fn lab(hex: &str, vision: Vision) -> [f64; 3] {
        let rgb = linear_rgb(hex);
        let m = matrix(vision);
        let seen: Vec<f64> = (0..3)
            .map(|i| {
                (0..3)
                    .map(|j| m[i][j] * rgb[j])
                    .sum::<f64>()
                    .clamp(0.0, 1.0)
            })
            .collect();
        let (r, g, b) = (seen[0], seen[1], seen[2]);
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        let f = |t: f64| {
            if t > 0.008856 {
                t.cbrt()
            } else {
                7.787 * t + 16.0 / 116.0
            }
        };
        let (fx, fy, fz) = (f(x), f(y), f(z));
        [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
    }

    /// The CIE 1976 colour difference between two colours as `vision`
    /// sees them: about 2.3 is just noticeable; 20 is plainly different.
    pub fn delta_e(a: &str, b: &str, vision: Vision) -> f64 {
        let (p, q) = (lab(a, vision), lab(b, vision));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::vision::{delta_e, Vision, ALL};
    use super::*;
    use paxos_core::protocol::Core;

    /// Two kinds of one dash pattern and width must differ this much in
    /// colour for every viewer, on both themes.
    const MIN_DELTA_E: f64 = 20.0;

    fn told_apart(a: &str, b: &str) -> Result<(), String> {
        let (sa, sb) = (style(a), style(b));
        if (sa.dash, sa.width) != (sb.dash, sb.width) {
            return Ok(());
        }
        for vision in ALL {
            for (ca, cb, theme) in [(sa.light, sb.light, "light"), (sa.dark, sb.dark, "dark")] {
                let d = delta_e(ca, cb, vision);
                if d < MIN_DELTA_E {
                    return Err(format!(
                        "{a} and {b} look alike to {vision:?} on the {theme} theme (ΔE {d:.1})"
                    ));
                }
            }
        }
        Ok(())
    }

    fn pages() -> Vec<(String, Vec<&'static str>)> {
        let mut pages = vec![
            (
                "paxos".to_string(),
                paxos_core::paxos::SingleDecree::KINDS.to_vec(),
            ),
            (
                "multi".to_string(),
                paxos_core::multi::MultiPaxos::KINDS.to_vec(),
            ),
        ];
        for &design in paxos_core::designs::Design::ALL {
            let config = paxos_core::designs::Config {
                design,
                ..Default::default()
            };
            pages.push((
                format!("design {}", design.number()),
                paxos_core::designs::Storage::kinds(&config).to_vec(),
            ));
        }
        pages
    }

    #[test]
    fn every_pair_of_kinds_on_a_page_can_be_told_apart_with_colour_blindness() {
        for (page, kinds) in pages() {
            for (i, a) in kinds.iter().enumerate() {
                assert_ne!(hue_of(a), "other", "{a} has a hue");
                for b in &kinds[i + 1..] {
                    if let Err(why) = told_apart(a, b) {
                        panic!("on the {page} page: {why}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_request_and_its_reply_share_a_hue_and_differ_in_dashes() {
        for (request, reply) in [
            ("Request", "Reply"),
            ("Prepare", "Promise"),
            ("Accept", "Accepted"),
            ("Read", "ReadReply"),
            ("Write", "Ack"),
            ("CatchUp", "Entries"),
        ] {
            assert_eq!(hue_of(request), hue_of(reply));
            assert_eq!(style(request).dash, None);
            assert_eq!(style(reply).dash, Some(REPLY_DASH));
        }
    }

    #[test]
    fn typical_vision_sees_its_own_colours() {
        let d = delta_e("#0072b2", "#0072b2", Vision::Typical);
        assert!(d < 1e-9);
        // Red and green, far apart normally, come close to a deuteranope.
        let normal = delta_e("#d55e00", "#009e73", Vision::Typical);
        let deutan = delta_e("#d55e00", "#009e73", Vision::Deuteranopia);
        assert!(normal > deutan, "{normal} vs {deutan}");
    }

    /// The page's stylesheet gives every kind this table's hue, dashes and
    /// width, and the hues their colours.
    #[test]
    fn the_stylesheet_draws_every_kind_as_this_table_does() {
        let css = include_str!("../../../www/style.css");
        for (name, light, dark) in HUES {
            let var = format!("--c-{name}:");
            let found: Vec<&str> = css
                .lines()
                .filter_map(|l| l.trim().strip_prefix(&var))
                .map(|v| v.trim().trim_end_matches(';'))
                .collect();
            assert_eq!(
                found,
                vec![light, dark],
                "{var} in the light and dark themes"
            );
        }
        let all: std::collections::BTreeSet<&str> =
            pages().into_iter().flat_map(|(_, kinds)| kinds).collect();
        for kind in all {
            let rule = format!(".kind-{kind} {{");
            let line = css
                .lines()
                .find(|l| l.starts_with(&rule))
                .unwrap_or_else(|| panic!("the stylesheet has no rule {rule}"));
            let s = style(kind);
            assert!(
                line.contains(&format!("--k: var(--c-{});", hue_of(kind))),
                "{line}"
            );
            match s.dash {
                Some(dash) => assert!(line.contains(&format!("--dash: {dash};")), "{line}"),
                None => assert!(!line.contains("--dash"), "{line}"),
            }
            if s.width != WIDTH {
                assert!(line.contains(&format!("--w: {};", s.width)), "{line}");
            }
        }
    }
}
