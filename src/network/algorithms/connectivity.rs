//! Connectivity: the connected components of a view, and the nodes and links whose removal
//! would split one.

use super::{Adjacency, AnalysisGraph, with_simple_graph};

/// Connected components, largest first, each sorted; O(V + E).
pub fn components(graph: &AnalysisGraph) -> Vec<Vec<usize>> {
    components_of(&Adjacency::of(graph))
}

/// [`components`] over an adjacency already built.
pub fn components_of(adjacency: &Adjacency) -> Vec<Vec<usize>> {
    let n = adjacency.node_count();
    let mut seen = vec![false; n];
    let mut result = Vec::new();
    let mut queue = Vec::new();
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        queue.clear();
        queue.push(start as u32);
        let mut head = 0;
        while let Some(&node) = queue.get(head) {
            head += 1;
            for &next in adjacency.neighbours(node as usize) {
                if !seen[next as usize] {
                    seen[next as usize] = true;
                    queue.push(next);
                }
            }
        }
        let mut members: Vec<usize> = queue.iter().map(|&v| v as usize).collect();
        members.sort_unstable();
        result.push(members);
    }
    result.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    result
}

/// Nodes whose removal disconnects their component, sorted; rustworkx-core's depth-first
/// search on the simple graph, O(V + E).
pub fn articulation_points(graph: &AnalysisGraph) -> Vec<usize> {
    let mut points: Vec<usize> = with_simple_graph(graph, |g| {
        rustworkx_core::connectivity::articulation_points(g, None)
    })
    .into_iter()
    .map(|n| n.index())
    .collect();
    points.sort_unstable();
    points
}

/// Links whose removal disconnects their component, as sorted `(low, high)` pairs;
/// rustworkx-core's depth-first search on the simple graph, O(V + E). Parallel edges count as
/// one link: a pair joined only by them is a bridge (as networkx says on a Graph; on a
/// MultiGraph it would call no doubled edge a bridge).
pub fn bridges(graph: &AnalysisGraph) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> =
        with_simple_graph(graph, |g| rustworkx_core::connectivity::bridges(g))
            .into_iter()
            .map(|(a, b)| (a.index().min(b.index()), a.index().max(b.index())))
            .collect();
    found.sort_unstable();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::algorithms::tests::barbell;

    #[test]
    fn components_are_found_largest_first() {
        assert_eq!(
            components(&barbell()),
            vec![vec![0, 1, 2, 3, 4, 5], vec![6]]
        );
    }

    #[test]
    fn the_joining_edge_is_the_bridge_and_its_ends_the_articulation_points() {
        let g = barbell();
        assert_eq!(bridges(&g), vec![(2, 3)]);
        assert_eq!(articulation_points(&g), vec![2, 3]);
    }
}
