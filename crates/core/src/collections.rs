//! The sorted collections every layer uses: [`LiteMap`], a map on one
//! sorted `Vec` (ICU4X's `litemap`), and [`LiteSet`], a set on it.
//!
//! They iterate in key order, as `LiteMap` and `LiteSet` do, so a run
//! visits nodes, ballots and slots in the same order and its trace hash is
//! the same; postcard writes them byte for byte as it writes a `LiteMap`
//! or a `LiteSet`. What they save is code: every key and value type of a
//! B-tree is a few kilobytes of balancing and node handling in each page's
//! wasm, and the maps here hold a handful of nodes, timers or ballots, or
//! slots that arrive in order. (`LiteMap` stays where a map can grow
//! large out of order: the linearizability checker's search.)
//!
//! Build them with `insert` rather than `collect` where it is no bother:
//! `collect` sorts, and each sort is code of its own.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::marker::PhantomData;

pub use litemap::LiteMap;

/// A [`LiteSet`]'s values in order.
pub type Iter<'a, T> = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&'a (T, ())) -> &'a T>;

/// A set in sorted order: the keys of a [`LiteMap`] with no values.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LiteSet<T>(LiteMap<T, ()>);

impl<T> Default for LiteSet<T> {
    fn default() -> Self {
        LiteSet(LiteMap::new_vec())
    }
}

impl<T: Ord> LiteSet<T> {
    pub const fn new() -> Self {
        LiteSet(LiteMap::new_vec())
    }

    /// Adds `value`; false if it was there already.
    pub fn insert(&mut self, value: T) -> bool {
        self.0.try_insert(value, ()).is_none()
    }

    /// Removes `value`; false if it was not there.
    pub fn remove<Q: Ord + ?Sized>(&mut self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.remove(value).is_some()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, value: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.contains_key(value)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|k, _| keep(k));
    }
}

impl<T> LiteSet<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// In sorted order.
    pub fn iter(&self) -> Iter<'_, T> {
        self.0.as_slice().iter().map(|(k, ())| k)
    }

    pub fn first(&self) -> Option<&T> {
        self.0.first().map(|(k, _)| k)
    }

    pub fn last(&self) -> Option<&T> {
        self.0.last().map(|(k, _)| k)
    }
}

impl<T: Ord> FromIterator<T> for LiteSet<T> {
    /// One insert per value (see the module's note on `collect`).
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = LiteSet::new();
        set.extend(iter);
        set
    }
}

impl<T: Ord> Extend<T> for LiteSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        for value in iter {
            self.insert(value);
        }
    }
}

impl<T: Ord, const N: usize> From<[T; N]> for LiteSet<T> {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

impl<T> IntoIterator for LiteSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_tuple_vec().into_iter().map(|(k, ())| k)
    }
}

impl<'a, T> IntoIterator for &'a LiteSet<T> {
    type Item = &'a T;
    type IntoIter = Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: fmt::Debug> fmt::Debug for LiteSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// As a sequence, as serde writes a `LiteSet`.
impl<T: Serialize> Serialize for LiteSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for value in self.iter() {
            seq.serialize_element(value)?;
        }
        seq.end()
    }
}

impl<'de, T: Deserialize<'de> + Ord> Deserialize<'de> for LiteSet<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Values<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Ord> Visitor<'de> for Values<T> {
            type Value = LiteSet<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LiteSet<T>, A::Error> {
                let mut set = LiteSet::new();
                while let Some(value) = seq.next_element()? {
                    set.insert(value);
                }
                Ok(set)
            }
        }
        deserializer.deserialize_seq(Values(PhantomData))
    }
}

/// The entries of `map` from `key` on, in order (`BTreeMap::range(key..)`).
pub fn from_key<'a, K: Ord, V>(map: &'a LiteMap<K, V>, key: &K) -> &'a [(K, V)] {
    let start = map.find_index(key).unwrap_or_else(|i| i);
    &map.as_slice()[start..]
}

/// The entries of `map` before `key`, in order (`BTreeMap::range(..key)`).
pub fn before_key<'a, K: Ord, V>(map: &'a LiteMap<K, V>, key: &K) -> &'a [(K, V)] {
    let end = map.find_index(key).unwrap_or_else(|i| i);
    &map.as_slice()[..end]
}

/// Puts `value` into `sorted` after every element that does not compare
/// greater: a list built this way is in the order a stable sort by `cmp`
/// would give, without linking a sort (a few kilobytes of code per element
/// type in every page). For the short lists the simulator reports, such as
/// a node's timers, the messages in flight and a scenario's cues; a long
/// list is still sorted with `sort`.
pub fn insert_sorted_by<T>(sorted: &mut Vec<T>, value: T, cmp: impl Fn(&T, &T) -> Ordering) {
    let at = sorted.partition_point(|x| cmp(x, &value) != Ordering::Greater);
    sorted.insert(at, value);
}

/// [`insert_sorted_by`] by a key.
pub fn insert_sorted_by_key<T, K: Ord>(sorted: &mut Vec<T>, value: T, key: impl Fn(&T) -> K) {
    insert_sorted_by(sorted, value, |a, b| key(a).cmp(&key(b)));
}

/// [`insert_sorted_by`] in the elements' own order.
pub fn insert_sorted<T: Ord>(sorted: &mut Vec<T>, value: T) {
    insert_sorted_by(sorted, value, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const KEYS: [u64; 6] = [40, 3, 17, 3, 99, 0];

    #[test]
    fn a_lite_map_iterates_and_encodes_as_a_btree_map_does() {
        let mut lite = LiteMap::new_vec();
        let mut btree = BTreeMap::new();
        for (i, k) in KEYS.into_iter().enumerate() {
            assert_eq!(lite.insert(k, i), btree.insert(k, i));
        }
        assert_eq!(
            lite.iter().collect::<Vec<_>>(),
            btree.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            postcard::to_allocvec(&lite).unwrap(),
            postcard::to_allocvec(&btree).unwrap()
        );
        let back: LiteMap<u64, usize> =
            postcard::from_bytes(&postcard::to_allocvec(&btree).unwrap()).unwrap();
        assert_eq!(back, lite);
        assert_eq!(from_key(&lite, &17), &[(17, 2), (40, 0), (99, 4)]);
        assert_eq!(before_key(&lite, &17), &[(0, 5), (3, 3)]);
    }

    #[test]
    fn a_lite_set_iterates_encodes_and_prints_as_a_btree_set_does() {
        let lite: LiteSet<u64> = KEYS.into_iter().collect();
        let btree: BTreeSet<u64> = KEYS.into_iter().collect();
        assert_eq!(
            lite.iter().collect::<Vec<_>>(),
            btree.iter().collect::<Vec<_>>()
        );
        assert_eq!(
            postcard::to_allocvec(&lite).unwrap(),
            postcard::to_allocvec(&btree).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&lite).unwrap(),
            serde_json::to_string(&btree).unwrap()
        );
        let back: LiteSet<u64> = serde_json::from_str("[99, 3, 3, 0]").unwrap();
        assert_eq!(back.iter().copied().collect::<Vec<_>>(), [0, 3, 99]);
        assert_eq!(format!("{lite:?}"), format!("{btree:?}"));
        let mut set = lite.clone();
        assert!(!set.insert(17), "already there");
        assert!(set.remove(&17));
        assert!(!set.contains(&17));
        assert_eq!(
            (set.first(), set.last(), set.len()),
            (Some(&0), Some(&99), 4)
        );
    }
}
