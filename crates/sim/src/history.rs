//! How long a run's history may grow, and vectors that grow gently.
//!
//! A run's history (its trace, the timeline's positions, the diagram built
//! from them) grows with every event. WebAssembly memory never shrinks
//! and ends at 4 GiB, so both the slack in growing vectors and the total
//! are kept in check here.

/// Trace events a run may record. At this length the run stops growing
/// (in the playground; a CLI run is limited by its end time instead):
/// everything recorded can still be rewound, explored and shared, and a
/// new run starts afresh. About 1.5 GiB of WebAssembly memory.
pub const HISTORY_EVENTS_MAX: usize = 6_000_000;

/// Vectors past this length grow by a quarter at a time, not double.
const GENTLE_FROM: usize = 1 << 16;

/// Pushes `item` onto `v`, a vector that may grow very long: once long, it
/// grows by a quarter of its length rather than doubling, so that at most
/// a fifth of its memory is slack (and a reallocation needs 2.25 times its
/// size at once, not 3 times). Amortized O(1) all the same.
#[inline]
pub fn push<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() && v.len() >= GENTLE_FROM {
        v.reserve_exact(v.len() / 4);
    }
    v.push(item);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_vector_grows_by_a_quarter() {
        let mut v: Vec<u32> = Vec::new();
        for i in 0..(GENTLE_FROM as u32 * 3) {
            push(&mut v, i);
        }
        assert!(
            v.capacity() <= v.len() * 5 / 4 + 1,
            "{} for {}",
            v.capacity(),
            v.len()
        );
        assert!(v.iter().enumerate().all(|(i, &x)| i as u32 == x));
    }
}
