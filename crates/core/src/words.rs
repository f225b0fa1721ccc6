//! Numbers in words, for the sentences protocols and front ends show.

/// `count` and `noun`, in the plural unless there is one: `1 node`,
/// `3 nodes`. `plural` is the plural form (`"replies"`), when it is not
/// the noun with an `s`.
pub fn count(count: impl Into<u64>, noun: &str, plural: Option<&str>) -> String {
    let n = count.into();
    match (n, plural) {
        (1, _) => format!("1 {noun}"),
        (n, Some(plural)) => format!("{n} {plural}"),
        (n, None) => format!("{n} {noun}s"),
    }
}

/// Nodes by name, in order: `n0, n2`.
pub fn names(nodes: &[crate::types::NodeId]) -> String {
    nodes
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
