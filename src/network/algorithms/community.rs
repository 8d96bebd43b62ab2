//! Communities: Louvain's partition of a view into clusters, and the modularity that says how
//! clearly it splits.

use std::collections::HashMap;

use petgraph::visit::EdgeRef;

use super::AnalysisGraph;

/// Modularity of a partition (`community[node]`), weighted, as networkx computes it.
pub fn modularity(graph: &AnalysisGraph, community: &[usize], resolution: f64) -> f64 {
    let total: f64 = graph.edge_weights().sum();
    if total == 0.0 {
        return 0.0;
    }
    let mut internal: HashMap<usize, f64> = HashMap::new();
    let mut degree_sum: HashMap<usize, f64> = HashMap::new();
    for edge in graph.edge_references() {
        let (a, b, w) = (edge.source().index(), edge.target().index(), *edge.weight());
        *degree_sum.entry(community[a]).or_default() += w;
        *degree_sum.entry(community[b]).or_default() += w;
        if community[a] == community[b] {
            *internal.entry(community[a]).or_default() += w;
        }
    }
    degree_sum
        .iter()
        .map(|(c, d)| {
            internal.get(c).copied().unwrap_or(0.0) / total
                - resolution * (d / (2.0 * total)).powi(2)
        })
        .sum()
}

/// Louvain community detection (Blondel et al. 2008): move nodes to the neighbouring community
/// that gains most modularity until nothing moves, then merge communities into nodes and
/// repeat. Deterministic: nodes are visited in index order. Returns each node's community,
/// numbered 0.. by first member, largest communities first. About O(E) per pass.
pub fn louvain(graph: &AnalysisGraph, resolution: f64) -> Vec<usize> {
    let n = graph.node_count();
    // The current level's graph as weighted adjacency (self-loops hold merged internal weight).
    let mut adjacency: Vec<HashMap<usize, f64>> = vec![HashMap::new(); n];
    for edge in graph.edge_references() {
        let (a, b, w) = (edge.source().index(), edge.target().index(), *edge.weight());
        *adjacency[a].entry(b).or_default() += w;
        if a != b {
            *adjacency[b].entry(a).or_default() += w;
        }
    }
    let mut membership: Vec<usize> = (0..n).collect();
    loop {
        let level = one_level(&adjacency, resolution);
        let groups = level.iter().copied().max().map_or(0, |m| m + 1);
        if groups == adjacency.len() {
            break;
        }
        for m in membership.iter_mut() {
            *m = level[*m];
        }
        adjacency = aggregate(&adjacency, &level, groups);
    }
    renumber_by_size(&membership)
}

/// The next Louvain level: each group of `level` becomes one node, linked to the others by the
/// summed weight between them, with a self-loop holding the weight inside it (its members'
/// self-loops and the edges between its members). Total weight is kept.
fn aggregate(
    adjacency: &[HashMap<usize, f64>],
    level: &[usize],
    groups: usize,
) -> Vec<HashMap<usize, f64>> {
    let mut merged: Vec<HashMap<usize, f64>> = vec![HashMap::new(); groups];
    for (a, neighbours) in adjacency.iter().enumerate() {
        for (&b, &w) in neighbours {
            let (ga, gb) = (level[a], level[b]);
            let share = if a == b {
                // A self-loop is listed once, in its node's row.
                w
            } else if ga == gb {
                // An edge inside a group is listed from both ends and becomes one self-loop.
                w / 2.0
            } else {
                // An edge between groups is listed from both ends, once in each group's row.
                w
            };
            *merged[ga].entry(gb).or_default() += share;
        }
    }
    merged
}

/// One Louvain level: local moves until no node changes community. Returns communities
/// numbered 0..k.
fn one_level(adjacency: &[HashMap<usize, f64>], resolution: f64) -> Vec<usize> {
    let n = adjacency.len();
    // Weighted degree; a self-loop counts twice, as in networkx.
    let strength: Vec<f64> = adjacency
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.iter()
                .map(|(&j, &w)| if j == i { 2.0 * w } else { w })
                .sum()
        })
        .collect();
    let two_m: f64 = strength.iter().sum();
    if two_m == 0.0 {
        return (0..n).collect();
    }
    let mut community: Vec<usize> = (0..n).collect();
    let mut total: Vec<f64> = strength.clone();
    let mut improved = true;
    let mut rounds = 0;
    while improved && rounds < 100 {
        improved = false;
        rounds += 1;
        for node in 0..n {
            let current = community[node];
            let mut links: HashMap<usize, f64> = HashMap::new();
            for (&other, &w) in &adjacency[node] {
                if other != node {
                    *links.entry(community[other]).or_default() += w;
                }
            }
            total[current] -= strength[node];
            let gain =
                |c: usize, links_to: f64| links_to - resolution * strength[node] * total[c] / two_m;
            let mut best = (
                current,
                gain(current, links.get(&current).copied().unwrap_or(0.0)),
            );
            let mut candidates: Vec<(&usize, &f64)> = links.iter().collect();
            candidates.sort_by_key(|(c, _)| **c);
            for (&c, &w) in candidates {
                let g = gain(c, w);
                if g > best.1 + 1e-12 {
                    best = (c, g);
                }
            }
            total[best.0] += strength[node];
            if best.0 != current {
                community[node] = best.0;
                improved = true;
            }
        }
    }
    renumber_by_size(&community)
}

/// Renumbers labels 0..k: largest group first, ties by smallest member.
fn renumber_by_size(labels: &[usize]) -> Vec<usize> {
    let mut groups: HashMap<usize, (usize, usize)> = HashMap::new();
    for (node, &label) in labels.iter().enumerate() {
        let entry = groups.entry(label).or_insert((0, node));
        entry.0 += 1;
    }
    let mut order: Vec<(usize, (usize, usize))> = groups.into_iter().collect();
    order.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    let new: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (*label, i))
        .collect();
    labels.iter().map(|l| new[l]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::algorithms::{analysis_graph, tests::barbell};

    #[test]
    fn louvain_finds_the_two_triangles() {
        let communities = louvain(&barbell(), 1.0);
        assert_eq!(communities[0], communities[1]);
        assert_eq!(communities[1], communities[2]);
        assert_eq!(communities[3], communities[4]);
        assert_ne!(communities[2], communities[3]);
        assert_ne!(communities[6], communities[0]);
        let q = modularity(&barbell(), &communities, 1.0);
        assert!((q - 0.357142857).abs() < 1e-6, "{q}");
    }

    /// A sparse random graph from a fixed linear congruential generator: `n` nodes, each pair
    /// linked with probability `per_mille` / 1000.
    fn sparse_random(n: usize, per_mille: u64, seed: u64) -> AnalysisGraph {
        let mut state = seed;
        let mut edges = Vec::new();
        for a in 0..n {
            for b in a + 1..n {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if (state >> 33) % 1000 < per_mille {
                    edges.push((a, b, 1.0));
                }
            }
        }
        analysis_graph(n, edges)
    }

    #[test]
    fn merging_communities_keeps_the_weight_inside_them() {
        // Level graph: node 0 with a self-loop of 3 (a community merged before), linked to
        // node 1 by 2; node 1 linked to node 2 by 1; node 2 with a self-loop of 5.
        let adjacency = vec![
            HashMap::from([(0, 3.0), (1, 2.0)]),
            HashMap::from([(0, 2.0), (2, 1.0)]),
            HashMap::from([(1, 1.0), (2, 5.0)]),
        ];
        // Nodes 0 and 1 merge: inside, 3 (self-loop) + 2 (the edge between them).
        let merged = aggregate(&adjacency, &[0, 0, 1], 2);
        assert_eq!(merged[0], HashMap::from([(0, 5.0), (1, 1.0)]));
        assert_eq!(merged[1], HashMap::from([(0, 1.0), (1, 5.0)]));
        // Total weight 11 is kept, and merging everything puts all of it inside.
        let all = aggregate(&merged, &[0, 0], 1);
        assert_eq!(all[0], HashMap::from([(0, 11.0)]));
    }

    #[test]
    fn louvain_does_not_collapse_a_sparse_random_graph_into_one_community() {
        // Found by the networkx cross-check: when merged communities' self-loops were halved
        // at every level, later levels saw too little weight inside communities and merged
        // them all (modularity 0 here; networkx's Louvain finds about 0.47).
        let graph = sparse_random(50, 60, 1);
        let communities = louvain(&graph, 1.0);
        let q = modularity(&graph, &communities, 1.0);
        assert!(q > 0.45, "modularity {q}, communities {communities:?}");
    }
}
