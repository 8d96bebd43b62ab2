//! Graph algorithms over an undirected, weighted analysis graph: the shape every network view
//! (the whole graph, or a projection) is turned into before it is measured.
//!
//! Nodes are numbered `0..n` in the view's order. Where a well-kept implementation exists for
//! petgraph, it is used (rustworkx-core: betweenness, closeness, articulation points, bridges);
//! PageRank is ours because petgraph 0.8's costs O(|V|²|E|) per iteration; Louvain communities
//! are ours because no Rust crate for petgraph has them. Each function states its complexity.

use std::collections::{HashMap, VecDeque};

use petgraph::{
    graph::{NodeIndex, UnGraph},
    visit::EdgeRef,
};

/// An undirected graph with edge weights (shared agreements and labs, or 1).
pub type AnalysisGraph = UnGraph<(), f64>;

/// Builds an analysis graph of `n` nodes from `(a, b, weight)` edges; parallel edges stay
/// parallel (their weights add up wherever weights are summed).
pub fn analysis_graph(
    n: usize,
    edges: impl IntoIterator<Item = (usize, usize, f64)>,
) -> AnalysisGraph {
    let mut graph = AnalysisGraph::with_capacity(n, 0);
    for _ in 0..n {
        graph.add_node(());
    }
    for (a, b, w) in edges {
        graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), w);
    }
    graph
}

/// Connected components, largest first, each sorted; O(V + E).
pub fn components(graph: &AnalysisGraph) -> Vec<Vec<usize>> {
    let n = graph.node_count();
    let mut seen = vec![false; n];
    let mut result = Vec::new();
    let mut queue = VecDeque::new();
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        queue.push_back(start);
        let mut members = Vec::new();
        while let Some(node) = queue.pop_front() {
            members.push(node);
            for next in graph.neighbors(NodeIndex::new(node)) {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    queue.push_back(next.index());
                }
            }
        }
        members.sort_unstable();
        result.push(members);
    }
    result.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
    result
}

/// Number of distinct neighbours of each node; O(V + E).
pub fn degree(graph: &AnalysisGraph) -> Vec<usize> {
    (0..graph.node_count())
        .map(|i| {
            let mut neighbours: Vec<usize> = graph
                .neighbors(NodeIndex::new(i))
                .map(|n| n.index())
                .filter(|&n| n != i)
                .collect();
            neighbours.sort_unstable();
            neighbours.dedup();
            neighbours.len()
        })
        .collect()
}

/// Degree centrality as networkx defines it: degree / (n - 1).
pub fn degree_centrality(graph: &AnalysisGraph) -> Vec<f64> {
    let n = graph.node_count();
    let scale = if n > 1 { 1.0 / (n - 1) as f64 } else { 1.0 };
    degree(graph)
        .into_iter()
        .map(|d| d as f64 * scale)
        .collect()
}

/// PageRank by power iteration, as networkx's `pagerank` computes it on an undirected graph:
/// each edge counts both ways with its weight, dangling nodes spread their rank evenly, and
/// iteration stops when the L1 change is below `n * tolerance`. O(iterations * (V + E)).
pub fn pagerank(
    graph: &AnalysisGraph,
    damping: f64,
    tolerance: f64,
    max_iterations: usize,
) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let out_weight: Vec<f64> = (0..n)
        .map(|i| graph.edges(NodeIndex::new(i)).map(|e| *e.weight()).sum())
        .collect();
    let uniform = 1.0 / n as f64;
    let mut rank = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iterations {
        let dangling: f64 = (0..n)
            .filter(|&i| out_weight[i] == 0.0)
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - damping) * uniform + damping * dangling * uniform;
        next.iter_mut().for_each(|x| *x = base);
        for i in 0..n {
            if out_weight[i] == 0.0 {
                continue;
            }
            let share = damping * rank[i] / out_weight[i];
            for edge in graph.edges(NodeIndex::new(i)) {
                let other = if edge.source().index() == i {
                    edge.target()
                } else {
                    edge.source()
                };
                next[other.index()] += share * edge.weight();
                // A self-loop's edge is listed once but goes both ways.
                if other.index() == i {
                    next[i] += share * edge.weight();
                }
            }
        }
        let change: f64 = rank.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < n as f64 * tolerance {
            break;
        }
    }
    rank
}

/// Betweenness centrality (unweighted shortest paths), normalized as networkx does for an
/// undirected graph; rustworkx-core's Brandes algorithm, O(V * E).
pub fn betweenness(graph: &AnalysisGraph) -> Vec<f64> {
    rustworkx_core::centrality::betweenness_centrality(graph, false, true, 200)
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect()
}

/// Closeness centrality (unweighted), with the Wasserman-Faust correction for graphs that are
/// not connected, as networkx's default; rustworkx-core, O(V * (V + E)).
pub fn closeness(graph: &AnalysisGraph) -> Vec<f64> {
    rustworkx_core::centrality::closeness_centrality(graph, true, 200)
        .into_iter()
        .map(|v| v.unwrap_or(0.0))
        .collect()
}

/// Nodes whose removal disconnects their component, sorted; rustworkx-core, O(V + E).
pub fn articulation_points(graph: &AnalysisGraph) -> Vec<usize> {
    let mut points: Vec<usize> = rustworkx_core::connectivity::articulation_points(graph, None)
        .into_iter()
        .map(|n| n.index())
        .collect();
    points.sort_unstable();
    points
}

/// Edges whose removal disconnects their component, as sorted `(low, high)` pairs;
/// rustworkx-core, O(V + E).
pub fn bridges(graph: &AnalysisGraph) -> Vec<(usize, usize)> {
    let mut found: Vec<(usize, usize)> = rustworkx_core::connectivity::bridges(graph)
        .into_iter()
        .map(|(a, b)| (a.index().min(b.index()), a.index().max(b.index())))
        .collect();
    found.sort_unstable();
    found
}

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
        let mut merged: Vec<HashMap<usize, f64>> = vec![HashMap::new(); groups];
        for (a, neighbours) in adjacency.iter().enumerate() {
            for (&b, &w) in neighbours {
                *merged[level[a]].entry(level[b]).or_default() += w;
            }
        }
        // Each undirected edge between two groups was added from both ends; a self-loop once
        // per end of every internal edge, so halve internal weights to keep one count.
        for (g, row) in merged.iter_mut().enumerate() {
            if let Some(w) = row.get_mut(&g) {
                *w /= 2.0;
            }
        }
        adjacency = merged;
    }
    renumber_by_size(&membership)
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

/// Shortest path from `from` to `to` by breadth-first search from both ends, at most
/// `max_length` edges, over any graph given by its `neighbours` function. Visits only the two
/// balls around the ends, not the whole graph. Returns the nodes on the path, ends included.
pub fn shortest_path(
    from: usize,
    to: usize,
    max_length: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> Option<Vec<usize>> {
    if from == to {
        return Some(vec![from]);
    }
    let mut parent_fwd: HashMap<usize, usize> = HashMap::from([(from, from)]);
    let mut parent_bwd: HashMap<usize, usize> = HashMap::from([(to, to)]);
    let mut frontier_fwd = vec![from];
    let mut frontier_bwd = vec![to];
    let mut length = 0;
    let mut buffer = Vec::new();
    while !frontier_fwd.is_empty() && !frontier_bwd.is_empty() && length < max_length {
        // Grow the smaller frontier by one level.
        let forward = frontier_fwd.len() <= frontier_bwd.len();
        let (frontier, parents, others) = if forward {
            (&mut frontier_fwd, &mut parent_fwd, &parent_bwd)
        } else {
            (&mut frontier_bwd, &mut parent_bwd, &parent_fwd)
        };
        length += 1;
        let mut next_frontier = Vec::new();
        let mut meeting = None;
        for &node in frontier.iter() {
            buffer.clear();
            neighbours(node, &mut buffer);
            for &next in &buffer {
                if parents.contains_key(&next) {
                    continue;
                }
                parents.insert(next, node);
                if others.contains_key(&next) {
                    meeting = Some(next);
                    break;
                }
                next_frontier.push(next);
            }
            if meeting.is_some() {
                break;
            }
        }
        if let Some(meet) = meeting {
            let mut path = vec![meet];
            let mut at = meet;
            while at != from {
                at = parent_fwd[&at];
                path.push(at);
            }
            path.reverse();
            let mut at = meet;
            while at != to {
                at = parent_bwd[&at];
                path.push(at);
            }
            return Some(path);
        }
        *frontier = next_frontier;
    }
    None
}

/// Simple paths from `from` to `to` of at most `max_length` edges, shortest first, at most
/// `limit` of them; the bool says whether more were left out. Depth-first, bounded by both.
pub fn simple_paths(
    from: usize,
    to: usize,
    max_length: usize,
    limit: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> (Vec<Vec<usize>>, bool) {
    let mut found = Vec::new();
    let mut more = false;
    let mut path = vec![from];
    // Depth-first with an explicit stack of neighbour lists.
    let mut stack: Vec<Vec<usize>> = Vec::new();
    let mut first = Vec::new();
    neighbours(from, &mut first);
    stack.push(first);
    let mut steps = 0usize;
    while let Some(options) = stack.last_mut() {
        steps += 1;
        if steps > 1_000_000 {
            more = true;
            break;
        }
        let Some(next) = options.pop() else {
            stack.pop();
            path.pop();
            continue;
        };
        if path.contains(&next) {
            continue;
        }
        if next == to {
            if found.len() == limit {
                more = true;
                break;
            }
            let mut complete = path.clone();
            complete.push(to);
            found.push(complete);
            continue;
        }
        if path.len() < max_length {
            path.push(next);
            let mut options = Vec::new();
            neighbours(next, &mut options);
            stack.push(options);
        }
    }
    found.sort_by_key(Vec::len);
    (found, more)
}

/// Nodes within `depth` steps of `start`, in breadth-first order with their distance, at most
/// `limit` of them; the bool says whether the limit cut the neighbourhood.
pub fn neighbourhood(
    start: usize,
    depth: usize,
    limit: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> (Vec<(usize, usize)>, bool) {
    let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    let mut order = vec![(start, 0)];
    let mut queue = VecDeque::from([start]);
    let mut buffer = Vec::new();
    while let Some(node) = queue.pop_front() {
        let distance = seen[&node];
        if distance == depth {
            continue;
        }
        buffer.clear();
        neighbours(node, &mut buffer);
        for &next in &buffer {
            if seen.contains_key(&next) {
                continue;
            }
            if order.len() == limit {
                return (order, true);
            }
            seen.insert(next, distance + 1);
            order.push((next, distance + 1));
            queue.push_back(next);
        }
    }
    (order, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two triangles joined by one edge (2-3), and an isolated node 6.
    fn barbell() -> AnalysisGraph {
        analysis_graph(
            7,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (2, 3, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
            ],
        )
    }

    fn adjacency(graph: &AnalysisGraph) -> impl FnMut(usize, &mut Vec<usize>) + '_ {
        |node, out| out.extend(graph.neighbors(NodeIndex::new(node)).map(|n| n.index()))
    }

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

    #[test]
    fn pagerank_sums_to_one_and_favours_the_joints() {
        let rank = pagerank(&barbell(), 0.85, 1e-10, 1000);
        assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(rank[2] > rank[0] && rank[3] > rank[4]);
        assert!((rank[2] - rank[3]).abs() < 1e-9, "symmetric");
    }

    #[test]
    fn betweenness_is_highest_on_the_joints() {
        let b = betweenness(&barbell());
        assert!(b[2] > b[0] && b[3] > b[5]);
        // Node 2 lies on the shortest paths of 6 pairs ({0, 1} x {3, 4, 5}); networkx
        // normalizes by the (n - 1)(n - 2) / 2 = 15 pairs that exclude a node, n = 7.
        assert!((b[2] - 6.0 / 15.0).abs() < 1e-9, "{b:?}");
    }

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

    #[test]
    fn shortest_paths_search_from_both_ends_and_respect_the_maximum() {
        let g = barbell();
        assert_eq!(
            shortest_path(0, 5, 10, adjacency(&g)),
            Some(vec![0, 2, 3, 5])
        );
        assert_eq!(shortest_path(0, 5, 2, adjacency(&g)), None);
        assert_eq!(shortest_path(0, 6, 10, adjacency(&g)), None);
        assert_eq!(shortest_path(4, 4, 0, adjacency(&g)), Some(vec![4]));
    }

    #[test]
    fn simple_paths_are_bounded_in_length_and_count() {
        let g = barbell();
        let (paths, more) = simple_paths(0, 5, 10, 100, adjacency(&g));
        assert_eq!(paths.len(), 4, "{paths:?}");
        assert!(!more);
        assert_eq!(paths[0].len(), 4);
        let (paths, more) = simple_paths(0, 5, 10, 1, adjacency(&g));
        assert_eq!(paths.len(), 1);
        assert!(more);
    }

    #[test]
    fn neighbourhoods_stop_at_the_depth_and_say_when_the_limit_cut_them() {
        let g = barbell();
        let (nodes, cut) = neighbourhood(0, 1, 100, adjacency(&g));
        let mut ids: Vec<usize> = nodes.iter().map(|n| n.0).collect();
        ids.sort();
        assert_eq!(ids, [0, 1, 2]);
        assert!(!cut);
        let (nodes, cut) = neighbourhood(0, 5, 3, adjacency(&g));
        assert_eq!(nodes.len(), 3);
        assert!(cut);
    }
}
