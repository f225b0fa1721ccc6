//! The small vocabulary every protocol and the simulator share: node and
//! client identities, ballots and values.
//!
//! All of these are plain values (`Clone`, `Eq`, `Hash`, `Ord`), so whole
//! cluster states can be cloned, hashed and compared.

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use std::fmt;

/// A set of nodes as one word: what a vote count needs, in 8 bytes rather
/// than a tree's allocation (the learner and the monitor keep one per
/// ballot, and every snapshot of a run copies them). Iterates in id order.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct NodeSet(u64);

impl NodeSet {
    /// Adds `node`; false if it was there already.
    pub fn insert(&mut self, node: NodeId) -> bool {
        assert!(node.0 < 64, "a node set holds nodes n0 to n63");
        let bit = 1u64 << node.0;
        let new = self.0 & bit == 0;
        self.0 |= bit;
        new
    }

    pub fn contains(&self, node: &NodeId) -> bool {
        node.0 < 64 && self.0 & (1u64 << node.0) != 0
    }

    pub fn len(&self) -> usize {
        self.0.count_ones() as usize
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn union(self, other: NodeSet) -> NodeSet {
        NodeSet(self.0 | other.0)
    }

    pub fn iter(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..64u8).filter(|i| self.0 & (1u64 << i) != 0).map(NodeId)
    }
}

/// A server in the cluster. Displayed as `n0`, `n1`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u8);

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n{}", self.0)
    }
}

/// A client outside the cluster that asks a node to propose a value.
/// Displayed as `c0`, `c1`, ...
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClientId(pub u8);

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "c{}", self.0)
    }
}

/// Anything that can send or receive a message: a node or a client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Actor {
    Node(NodeId),
    Client(ClientId),
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::Node(n) => n.fmt(f),
            Actor::Client(c) => c.fmt(f),
        }
    }
}

/// A ballot (also called a proposal number): a round number paired with the
/// node that owns it.
///
/// Ballots are totally ordered: first by round, then by node id. Because no
/// two nodes share an id, no two proposers ever use the same ballot, and any
/// proposer can always pick a ballot above one it has seen by taking the next
/// round. Displayed as `(3,n1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ballot {
    pub round: u64,
    pub node: NodeId,
}

impl Ballot {
    pub const fn new(round: u64, node: NodeId) -> Ballot {
        Ballot { round, node }
    }
}

impl fmt::Display for Ballot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({},{})", self.round, self.node)
    }
}

/// A value a client wants chosen. Cheap to clone (a short one is kept
/// inline, a long one shared); compared by content.
/// Displayed in quotes: `"B"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Value(SmolStr);

impl Value {
    pub fn new(text: &str) -> Value {
        Value(SmolStr::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::new(text)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", &*self.0)
    }
}

/// A proposal: a value paired with the ballot it was proposed in. An
/// acceptor's "accepted (ballot, value)" is one of these.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Proposal {
    pub ballot: Ballot,
    pub value: Value,
}

impl fmt::Display for Proposal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.ballot, self.value)
    }
}

/// The size of the smallest majority of `cluster_size` nodes.
pub const fn majority(cluster_size: u8) -> usize {
    cluster_size as usize / 2 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ballots_order_by_round_then_node() {
        let b = |r, n| Ballot::new(r, NodeId(n));
        assert!(b(1, 2) < b(2, 0), "a higher round wins regardless of node");
        assert!(b(3, 0) < b(3, 1), "equal rounds are ordered by node id");
        let mut ballots = vec![b(2, 1), b(1, 2), b(2, 0), b(1, 0)];
        ballots.sort();
        assert_eq!(ballots, vec![b(1, 0), b(1, 2), b(2, 0), b(2, 1)]);
    }

    #[test]
    fn display_uses_the_protocol_notation() {
        let p = Proposal {
            ballot: Ballot::new(3, NodeId(1)),
            value: Value::new("B"),
        };
        assert_eq!(p.to_string(), "(3,n1):\"B\"");
        assert_eq!(Actor::Client(ClientId(2)).to_string(), "c2");
    }

    #[test]
    fn majority_of_odd_and_even_clusters() {
        assert_eq!(
            [1, 2, 3, 4, 5, 9].map(majority),
            [1, 2, 2, 3, 3, 5],
            "a majority is more than half"
        );
    }
}
