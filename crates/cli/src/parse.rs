//! Parsing the values of flags: times, ranges, probabilities, seeds, a
//! storage design's operations and the diagram's scale. Each error says
//! what was wrong and what to write instead.

use paxos_core::designs;
use paxos_core::types::Value;
use std::ops::Range;

#[derive(Clone, Debug)]
pub struct Ops(pub Vec<(designs::Op, u64)>);

/// `write:V`, `read` or `cas:X:Y`, each maybe with `@MS`, comma-separated.
pub fn parse_ops(text: &str) -> Result<Ops, String> {
    text.split(',')
        .map(|item| {
            let item = item.trim();
            let (op, at) = match item.split_once('@') {
                Some((op, at)) => (op, parse_ms(at)?),
                None => (item, 0),
            };
            let parts: Vec<&str> = op.split(':').collect();
            let op = match parts.as_slice() {
                ["write", v] if !v.is_empty() => designs::Op::Write(Value::new(v)),
                ["read"] => designs::Op::Read,
                ["cas", x, y] if !x.is_empty() && !y.is_empty() => designs::Op::Cas {
                    expect: Value::new(x),
                    new: Value::new(y),
                },
                _ => {
                    return Err(format!(
                        "{item:?} is not an operation: use write:V, read or cas:X:Y, with @MS for a start time"
                    ))
                }
            };
            Ok((op, at))
        })
        .collect::<Result<Vec<_>, String>>()
        .map(Ops)
}

pub fn parse_probability(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=1.0).contains(&p) {
        Ok(p)
    } else {
        Err(format!(
            "{p} is not a probability: use a number from 0 to 1"
        ))
    }
}

/// Milliseconds, possibly fractional, to whole microseconds.
pub fn parse_ms(text: &str) -> Result<u64, String> {
    let ms: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of milliseconds"))?;
    let limit_ms = (paxos_sim::sim::MAX_TIME_US / 1000) as f64;
    if !(0.0..=limit_ms).contains(&ms) {
        return Err(format!("{ms} ms is outside 0..{limit_ms} ms"));
    }
    Ok((ms * 1000.0).round() as u64)
}

fn split_range(text: &str) -> Result<(&str, &str), String> {
    text.split_once("..")
        .ok_or_else(|| format!("{text:?} is not a range: write it as MIN..MAX"))
}

pub fn parse_ms_range(text: &str) -> Result<Range<u64>, String> {
    let (min, max) = split_range(text)?;
    let (min, max) = (parse_ms(min)?, parse_ms(max)?);
    if min > max {
        return Err(format!("{text:?}: the minimum is above the maximum"));
    }
    Ok(min..max)
}

pub fn parse_seed_range(text: &str) -> Result<Range<u64>, String> {
    let (start, end) = split_range(text)?;
    let parse = |s: &str| {
        s.parse::<u64>()
            .map_err(|_| format!("{s:?} is not a seed (a whole number)"))
    };
    let (start, end) = (parse(start)?, parse(end)?);
    if start >= end {
        return Err(format!("{text:?} is empty: END must be above START"));
    }
    Ok(start..end)
}

pub fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

pub fn parse_zoom(text: &str) -> Result<f64, String> {
    let zoom: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number of pixels per ms"))?;
    if (0.01..=100.0).contains(&zoom) {
        Ok(zoom)
    } else {
        Err(format!("{zoom} pixels per ms is outside 0.01..100"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_probabilities_are_checked() {
        assert_eq!(parse_ms_range("0.5..2"), Ok(500..2000));
        assert!(parse_ms_range("5").unwrap_err().contains("MIN..MAX"));
        assert!(parse_ms_range("9..3").unwrap_err().contains("minimum"));
        assert!(parse_probability("1.5").unwrap_err().contains("0 to 1"));
        assert!(parse_probability("-0.1").is_err());
        assert!(parse_probability("NaN").is_err());
        assert!(parse_seed_range("5..5").unwrap_err().contains("empty"));
        assert_eq!(parse_seed_range("0..1000"), Ok(0..1000));
        assert!(parse_ms("1e12").unwrap_err().contains("outside"));
    }
}
