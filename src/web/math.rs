//! Numbers typed by a student, and the trigonometry of the drawings, done
//! by the browser's own JavaScript.
//!
//! Rust's `str::parse::<f64>` links a 10 KB table of powers of five and
//! its decimal arithmetic into the bundle, and `f64::sin`, `cos` and
//! `powf` link libm's software versions; the browser has all of them for
//! nothing (about 19 KB gzipped of the page, measured). Nothing here feeds
//! the simulator, whose arithmetic stays in Rust so that every build gives
//! the same trace. Whole numbers (seeds, counts) keep Rust's integer
//! parsers, which are exact and small.

use js_sys::Math;
use wasm_bindgen::JsValue;

/// The finite number `text` spells (surrounding blanks allowed, as in
/// `"0.25 "`, `"1e3"` or `".5"`), or `None` if it spells none: an empty
/// field, a word, or a number too large to be finite.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    // The unary `+` of JavaScript, which is what `Number(text)` does.
    let x = JsValue::from_str(text).unchecked_into_f64();
    x.is_finite().then_some(x)
}

/// The point at `angle` radians (clockwise from the x axis, as SVG's y
/// axis points down) on the circle of `radius` around (`x`, `y`).
pub fn on_circle(x: f64, y: f64, radius: f64, angle: f64) -> (f64, f64) {
    (x + radius * Math::cos(angle), y + radius * Math::sin(angle))
}

/// `10` to the power `exponent`.
pub fn pow10(exponent: f64) -> f64 {
    Math::pow(10.0, exponent)
}

/// The base-10 logarithm of `x`.
pub fn log10(x: f64) -> f64 {
    Math::log10(x)
}

/// Where node `i` of `n` sits on the cluster ring (the first at the top,
/// the rest clockwise), in the ring's SVG units
/// ([`RING_SIZE`](paxos_front::view::RING_SIZE) square).
pub fn ring_position(i: u8, n: u8) -> (f64, f64) {
    let c = paxos_front::view::RING_SIZE / 2.0;
    if n <= 1 {
        return (c, c);
    }
    let angle = std::f64::consts::TAU * f64::from(i) / f64::from(n) - std::f64::consts::FRAC_PI_2;
    on_circle(c, c, RING_RADIUS, angle)
}

/// The ring's radius, in SVG units: room for a node's circle and label
/// inside the square.
const RING_RADIUS: f64 = 105.0;
