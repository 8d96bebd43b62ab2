//! Properties of the traversals and partitions on random small graphs, checked against plain
//! breadth-first search and brute force. Parallel edges and self-loops are generated too: a view
//! has neither, but the algorithms must not depend on it.

use std::collections::{BTreeSet, HashSet, VecDeque};

use proptest::prelude::*;

use super::*;

/// Up to `max_nodes` nodes and three times as many edges, any pair (loops and repeats too).
fn graphs(max_nodes: usize) -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    graphs_of(1, max_nodes)
}

fn graphs_of(
    min_nodes: usize,
    max_nodes: usize,
) -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (min_nodes..=max_nodes).prop_flat_map(move |n| {
        let edges = proptest::collection::vec((0..n, 0..n), 0..=3 * n);
        (Just(n), edges)
    })
}

/// Each node's neighbours, self-loops and repeats kept, as the analysis graph lists them.
fn adjacency_lists(n: usize, edges: &[(usize, usize)]) -> Vec<Vec<usize>> {
    let graph = analysis_graph(n, edges.iter().map(|&(a, b)| (a, b, 1.0)));
    (0..n)
        .map(|i| {
            graph
                .neighbors(NodeIndex::new(i))
                .map(|m| m.index())
                .collect()
        })
        .collect()
}

/// Distance of every node from `start` by plain breadth-first search; `None` if unreachable.
fn bfs(adjacency: &[Vec<usize>], start: usize) -> Vec<Option<usize>> {
    let mut distance = vec![None; adjacency.len()];
    distance[start] = Some(0);
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let d = distance[node].unwrap();
        for &next in &adjacency[node] {
            if distance[next].is_none() {
                distance[next] = Some(d + 1);
                queue.push_back(next);
            }
        }
    }
    distance
}

fn is_walk(adjacency: &[Vec<usize>], path: &[usize]) -> bool {
    path.windows(2).all(|w| adjacency[w[0]].contains(&w[1]))
}

fn is_simple(path: &[usize]) -> bool {
    path.iter().collect::<HashSet<_>>().len() == path.len()
}

/// Every simple path from `from` to `to` of 1..=`max_length` edges, by brute force.
fn all_simple_paths(
    adjacency: &[Vec<usize>],
    from: usize,
    to: usize,
    max_length: usize,
) -> BTreeSet<Vec<usize>> {
    fn walk(
        adjacency: &[Vec<usize>],
        path: &mut Vec<usize>,
        to: usize,
        max_length: usize,
        found: &mut BTreeSet<Vec<usize>>,
    ) {
        let at = *path.last().unwrap();
        if path.len() > 1 && at == to {
            found.insert(path.clone());
            return;
        }
        if path.len() > max_length {
            return;
        }
        for &next in &adjacency[at] {
            if !path.contains(&next) {
                path.push(next);
                walk(adjacency, path, to, max_length, found);
                path.pop();
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(adjacency, &mut vec![from], to, max_length, &mut found);
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_flat_adjacency_lists_what_petgraph_lists_and_walks_reach_what_bfs_reaches(
        (n, edges) in graphs(24),
        start in any::<prop::sample::Index>(),
        depth in 0usize..6,
    ) {
        let lists = adjacency_lists(n, &edges);
        let flat = Adjacency::of(&analysis_graph(n, edges.iter().map(|&(a, b)| (a, b, 1.0))));
        prop_assert_eq!(flat.node_count(), n);
        for (node, list) in lists.iter().enumerate() {
            let mut expected = list.clone();
            expected.sort_unstable();
            let mut got: Vec<usize> =
                flat.neighbours(node).iter().map(|&m| m as usize).collect();
            got.sort_unstable();
            prop_assert_eq!(got, expected, "neighbours of {}", node);
        }
        let start = start.index(n);
        let distance = bfs(&lists, start);
        let mut walker = Walker::new(&flat);
        // Twice, so the second walk runs on marks the first one left.
        for _ in 0..2 {
            let reached = walker.within(start, depth).to_vec();
            prop_assert_eq!(reached[0], (start as u32, 0));
            for window in reached.windows(2) {
                prop_assert!(window[0].1 <= window[1].1, "not breadth-first: {:?}", reached);
            }
            let got: HashMap<usize, usize> =
                reached.iter().map(|&(v, d)| (v as usize, d as usize)).collect();
            prop_assert_eq!(got.len(), reached.len(), "a node twice: {:?}", reached);
            let expected: HashMap<usize, usize> = (0..n)
                .filter_map(|v| distance[v].filter(|&d| d <= depth).map(|d| (v, d)))
                .collect();
            prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn neighbourhoods_keep_to_depth_and_limit_and_are_closed_under_bfs(
        (n, edges) in graphs(24),
        start in any::<prop::sample::Index>(),
        depth in 0usize..5,
        limit in 1usize..30,
    ) {
        let adjacency = adjacency_lists(n, &edges);
        let start = start.index(n);
        let distance = bfs(&adjacency, start);
        let (reached, cut) =
            neighbourhood(start, depth, limit, |i, out| out.extend(&adjacency[i]));
        prop_assert_eq!(reached[0], (start, 0));
        prop_assert!(reached.len() <= limit);
        let nodes: HashSet<usize> = reached.iter().map(|&(node, _)| node).collect();
        prop_assert_eq!(nodes.len(), reached.len(), "a node twice: {:?}", reached);
        for window in reached.windows(2) {
            prop_assert!(window[0].1 <= window[1].1, "not breadth-first: {:?}", reached);
        }
        for &(node, d) in &reached {
            prop_assert!(d <= depth);
            prop_assert_eq!(Some(d), distance[node], "node {}", node);
        }
        let within: HashSet<usize> =
            (0..n).filter(|&v| distance[v].is_some_and(|d| d <= depth)).collect();
        if cut {
            // Only the limit stopped it: it is full, something within the depth is left
            // out, and every level but the last one reached is whole.
            prop_assert_eq!(reached.len(), limit);
            prop_assert!(within.len() > reached.len());
            let last = reached.last().unwrap().1;
            for (v, d) in distance.iter().enumerate() {
                if d.is_some_and(|d| d < last) {
                    prop_assert!(nodes.contains(&v), "{} missing from {:?}", v, reached);
                }
            }
        } else {
            // Closed: every neighbour of a reached node short of the depth is reached.
            prop_assert_eq!(&nodes, &within);
            for &(node, d) in &reached {
                if d < depth {
                    for next in &adjacency[node] {
                        prop_assert!(nodes.contains(next));
                    }
                }
            }
        }
    }

    #[test]
    fn shortest_paths_from_both_ends_are_as_short_as_plain_bfs(
        (n, edges) in graphs(24),
        from in any::<prop::sample::Index>(),
        to in any::<prop::sample::Index>(),
        max_length in 0usize..8,
    ) {
        let adjacency = adjacency_lists(n, &edges);
        let (from, to) = (from.index(n), to.index(n));
        let distance = bfs(&adjacency, from)[to];
        let neighbours = |i: usize, out: &mut Vec<usize>| out.extend(&adjacency[i]);
        let forward = shortest_path(from, to, max_length, neighbours);
        let backward = shortest_path(to, from, max_length, neighbours);
        match distance.filter(|&d| d <= max_length) {
            None => {
                prop_assert_eq!(forward, None);
                prop_assert_eq!(backward, None);
            }
            Some(d) => {
                for (path, (a, b)) in [(forward, (from, to)), (backward, (to, from))] {
                    let path = path.expect("a path within the maximum");
                    prop_assert_eq!(path.len(), d + 1, "{:?}", path);
                    prop_assert_eq!(path[0], a);
                    prop_assert_eq!(*path.last().unwrap(), b);
                    prop_assert!(is_walk(&adjacency, &path), "{:?}", path);
                    prop_assert!(is_simple(&path), "{:?}", path);
                }
            }
        }
    }

    #[test]
    fn simple_paths_are_simple_short_enough_and_all_there(
        (n, edges) in graphs_of(2, 8),
        from in any::<prop::sample::Index>(),
        to_offset in any::<prop::sample::Index>(),
        max_length in 0usize..6,
        limit in 0usize..40,
    ) {
        // Neighbours once each, as the network layer gives them.
        let adjacency: Vec<Vec<usize>> = adjacency_lists(n, &edges)
            .into_iter()
            .map(|mut next| {
                next.sort_unstable();
                next.dedup();
                next
            })
            .collect();
        // Two different nodes.
        let from = from.index(n);
        let to = (from + 1 + to_offset.index(n - 1)) % n;
        let (paths, more) =
            simple_paths(from, to, max_length, limit, |i, out| out.extend(&adjacency[i]));
        prop_assert!(paths.len() <= limit);
        for path in &paths {
            prop_assert_eq!(path[0], from);
            prop_assert_eq!(*path.last().unwrap(), to);
            prop_assert!(path.len() - 1 <= max_length, "{:?} is longer than {}", path, max_length);
            prop_assert!(is_simple(path), "{:?}", path);
            prop_assert!(is_walk(&adjacency, path), "{:?}", path);
        }
        for window in paths.windows(2) {
            prop_assert!(window[0].len() <= window[1].len(), "not shortest first");
        }
        let returned: BTreeSet<Vec<usize>> = paths.iter().cloned().collect();
        prop_assert_eq!(returned.len(), paths.len(), "a path twice");
        let all = all_simple_paths(&adjacency, from, to, max_length);
        prop_assert!(returned.is_subset(&all));
        prop_assert_eq!(more, all.len() > paths.len(), "{} of {}", paths.len(), all.len());
        if !more {
            prop_assert_eq!(returned, all);
        }
    }

    #[test]
    fn components_partition_the_nodes_into_connected_pieces(
        (n, edges) in graphs(30),
    ) {
        let graph = analysis_graph(n, edges.iter().map(|&(a, b)| (a, b, 1.0)));
        let adjacency = adjacency_lists(n, &edges);
        let found = components(&graph);
        let mut seen = vec![0usize; n];
        for component in &found {
            prop_assert!(!component.is_empty());
            prop_assert!(component.windows(2).all(|w| w[0] < w[1]), "not sorted");
            // Exactly the nodes reachable from its first one.
            let distance = bfs(&adjacency, component[0]);
            let reachable: Vec<usize> = (0..n).filter(|&v| distance[v].is_some()).collect();
            prop_assert_eq!(component, &reachable);
            for &v in component {
                seen[v] += 1;
            }
        }
        prop_assert!(seen.iter().all(|&count| count == 1), "not a partition: {:?}", found);
        for window in found.windows(2) {
            let (a, b) = (&window[0], &window[1]);
            prop_assert!(a.len() > b.len() || (a.len() == b.len() && a[0] < b[0]));
        }
    }

    #[test]
    fn pagerank_is_a_distribution(
        (n, edges) in graphs(20),
        weights in proptest::collection::vec(0.1f64..10.0, 60),
    ) {
        let graph = analysis_graph(
            n,
            edges.iter().zip(weights.iter().cycle()).map(|(&(a, b), &w)| (a, b, w)),
        );
        let rank = pagerank(&graph, 0.85, 1e-10, 1000);
        prop_assert_eq!(rank.len(), n);
        prop_assert!(rank.iter().all(|&r| r > 0.0 && r.is_finite()), "{:?}", rank);
        prop_assert!((rank.iter().sum::<f64>() - 1.0).abs() < 1e-6, "{:?}", rank);
    }
}
