//! Centrality: how important each node of a view is, by degree, PageRank, betweenness or
//! closeness.

use petgraph::{graph::NodeIndex, visit::EdgeRef};

use super::{Adjacency, AnalysisGraph};
use crate::interrupt::{Interrupt, Interrupted};

/// Number of distinct neighbours of each node, the node itself not counted; O(V + E).
/// (networkx's degree counts parallel edges apart and a self-loop twice; views have neither.)
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
/// each edge counts both ways with its weight (a self-loop once, as networkx's `to_directed`
/// makes it one arc), dangling nodes spread their rank evenly, and iteration stops when the
/// L1 change is below `n * tolerance`. O(iterations * (V + E)).
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
                // A self-loop is listed once here, as in `out_weight`: sending its share
                // twice would create rank out of nothing and make the iteration diverge.
                next[other.index()] += share * edge.weight();
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
/// undirected graph: Brandes' algorithm from every node, O(V * E). A shortest path is a
/// sequence of nodes, counted on the simple graph (networkx, on a Graph or a MultiGraph, does
/// not count parallel edges as other paths). Ours rather than rustworkx-core's so that
/// `interrupt` can stop it between two sources, and so that it keeps to the one thread its
/// request was given (rustworkx-core's spreads over every core, however many requests run).
pub fn betweenness(graph: &AnalysisGraph, interrupt: &Interrupt) -> Result<Vec<f64>, Interrupted> {
    let all: Vec<usize> = (0..graph.node_count()).collect();
    brandes(graph, &all, interrupt)
}

/// Betweenness centrality estimated from shortest paths that start at `sources` only (Brandes,
/// O(k * (V + E)) for k sources), scaled as networkx's `betweenness_centrality(G, k=..)` scales
/// it: normalized for an undirected graph, then multiplied by n / k. With every node as a source
/// it is the exact betweenness. Paths are sequences of nodes, as in [`betweenness`].
pub fn betweenness_sampled(graph: &AnalysisGraph, sources: &[usize]) -> Vec<f64> {
    brandes(graph, sources, Interrupt::never()).expect("never interrupted")
}

fn brandes(
    graph: &AnalysisGraph,
    sources: &[usize],
    interrupt: &Interrupt,
) -> Result<Vec<f64>, Interrupted> {
    let n = graph.node_count();
    let mut centrality = vec![0.0; n];
    if n <= 2 || sources.is_empty() {
        return Ok(centrality);
    }
    let adjacency = Adjacency::simple(graph);
    let mut sigma = vec![0.0f64; n];
    let mut distance = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    // The nodes reached, in breadth-first order: also the walk's queue.
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &source in sources {
        interrupt.check()?;
        for &v in &order {
            let v = v as usize;
            sigma[v] = 0.0;
            distance[v] = u32::MAX;
            delta[v] = 0.0;
        }
        order.clear();
        sigma[source] = 1.0;
        distance[source] = 0;
        order.push(source as u32);
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let v = v as usize;
            for &w in adjacency.neighbours(v) {
                let w_index = w as usize;
                if distance[w_index] == u32::MAX {
                    distance[w_index] = distance[v] + 1;
                    order.push(w);
                }
                if distance[w_index] == distance[v] + 1 {
                    sigma[w_index] += sigma[v];
                }
            }
        }
        // Accumulate dependencies from the farthest nodes back; a node's predecessors are
        // its neighbours one step nearer the source.
        for &w in order.iter().rev() {
            let w = w as usize;
            for &v in adjacency.neighbours(w) {
                let v = v as usize;
                if distance[v] != u32::MAX && distance[v] + 1 == distance[w] {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            if w != source {
                centrality[w] += delta[w];
            }
        }
    }
    let scale = 1.0 / ((n - 1) * (n - 2)) as f64 * n as f64 / sources.len() as f64;
    centrality.iter_mut().for_each(|c| *c *= scale);
    Ok(centrality)
}

/// Closeness centrality (unweighted), with the Wasserman-Faust correction for graphs that are
/// not connected, as networkx's default: for a node that reaches r nodes (itself included) at
/// distances summing to d, (r - 1) / d scaled by (r - 1) / (n - 1). A breadth-first walk from
/// each node, O(V * (V + E)); ours for the reasons [`betweenness`] gives.
pub fn closeness(graph: &AnalysisGraph, interrupt: &Interrupt) -> Result<Vec<f64>, Interrupted> {
    let n = graph.node_count();
    let adjacency = Adjacency::simple(graph);
    let mut distance = vec![u32::MAX; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut closeness = vec![0.0; n];
    for (source, score) in closeness.iter_mut().enumerate() {
        interrupt.check()?;
        for &v in &order {
            distance[v as usize] = u32::MAX;
        }
        order.clear();
        distance[source] = 0;
        order.push(source as u32);
        let mut head = 0;
        let mut total = 0u64;
        while let Some(&v) = order.get(head) {
            head += 1;
            let next = distance[v as usize] + 1;
            for &w in adjacency.neighbours(v as usize) {
                if distance[w as usize] == u32::MAX {
                    distance[w as usize] = next;
                    total += u64::from(next);
                    order.push(w);
                }
            }
        }
        let reached = (order.len() - 1) as f64;
        if total > 0 && n > 1 {
            *score = reached / total as f64 * (reached / (n - 1) as f64);
        }
    }
    Ok(closeness)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::algorithms::{
        analysis_graph, articulation_points, bridges, tests::barbell,
    };

    #[test]
    fn betweenness_and_closeness_are_rustworkx_cores_and_sampling_all_is_exact() {
        let mut graph = barbell();
        // A parallel edge and a longer tail, so paths branch and repeat.
        graph.add_edge(NodeIndex::new(2), NodeIndex::new(3), 1.0);
        graph.add_edge(NodeIndex::new(5), NodeIndex::new(6), 1.0);
        let never = Interrupt::never();
        let theirs = |values: Vec<Option<f64>>| -> Vec<f64> {
            values.into_iter().map(|v| v.unwrap_or(0.0)).collect()
        };
        let simple = super::super::with_simple_graph(&graph, Clone::clone);
        let close = |a: &[f64], b: &[f64]| {
            a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12) && a.len() == b.len()
        };
        let exact = betweenness(&graph, never).unwrap();
        let reference = theirs(rustworkx_core::centrality::betweenness_centrality(
            &simple, false, true, 200,
        ));
        assert!(close(&exact, &reference), "{exact:?} against {reference:?}");
        let closeness_ours = closeness(&graph, never).unwrap();
        let closeness_theirs = theirs(rustworkx_core::centrality::closeness_centrality(
            &simple, true, 200,
        ));
        assert!(
            close(&closeness_ours, &closeness_theirs),
            "{closeness_ours:?} against {closeness_theirs:?}"
        );
        let all: Vec<usize> = (0..graph.node_count()).collect();
        let sampled = betweenness_sampled(&graph, &all);
        assert!(close(&exact, &sampled), "{exact:?} against {sampled:?}");
        let stopped = Interrupt::new();
        stopped.stop(Interrupted::Abandoned);
        assert_eq!(betweenness(&graph, &stopped), Err(Interrupted::Abandoned));
        assert_eq!(closeness(&graph, &stopped), Err(Interrupted::Abandoned));
        assert!(sampled[2] > 0.0 && sampled[0] == 0.0);
        // Half the sources, scaled by n / k: the estimate keeps the exact scale.
        let half = betweenness_sampled(&graph, &[0, 2, 4, 6]);
        assert!(half.iter().all(|c| c.is_finite()));
        assert!(half[3] > 0.0);
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
        let b = betweenness(&barbell(), Interrupt::never()).unwrap();
        assert!(b[2] > b[0] && b[3] > b[5]);
        // Node 2 lies on the shortest paths of 6 pairs ({0, 1} x {3, 4, 5}); networkx
        // normalizes by the (n - 1)(n - 2) / 2 = 15 pairs that exclude a node, n = 7.
        assert!((b[2] - 6.0 / 15.0).abs() < 1e-9, "{b:?}");
    }

    #[test]
    fn pagerank_counts_a_self_loop_once_as_networkx_does() {
        // A triangle 0-1-2, node 3 hanging off 2 with a self-loop of weight 2. The values
        // are networkx 3.6's (`_pagerank_python`, tol 1e-12).
        let graph = analysis_graph(
            4,
            [
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 0, 1.0),
                (2, 3, 1.0),
                (3, 3, 2.0),
            ],
        );
        let rank = pagerank(&graph, 0.85, 1e-12, 1000);
        let expected = [
            0.21140443505891668,
            0.21140443505891668,
            0.296673706441688,
            0.28051742344047836,
        ];
        for (ours, theirs) in rank.iter().zip(expected) {
            assert!((ours - theirs).abs() < 1e-9, "{rank:?}");
        }
    }

    #[test]
    fn betweenness_counts_paths_by_nodes_not_by_parallel_edges() {
        // A 4-cycle with the edge 0-1 doubled: every node lies on one of the two shortest
        // paths between its neighbours, as in a plain 4-cycle: 0.5 / 3 pairs = 1/6 each.
        let graph = analysis_graph(
            4,
            [
                (0, 1, 1.0),
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 3, 1.0),
                (3, 0, 1.0),
            ],
        );
        for b in betweenness(&graph, Interrupt::never()).unwrap() {
            assert!((b - 1.0 / 6.0).abs() < 1e-12, "{b}");
        }
        // A pair joined by parallel edges only is still a bridge: the link is the pair. A
        // self-loop changes nothing.
        let path = analysis_graph(
            3,
            [
                (0, 1, 1.0),
                (0, 1, 1.0),
                (1, 2, 1.0),
                (2, 2, 1.0),
                (1, 1, 4.0),
            ],
        );
        assert_eq!(bridges(&path), vec![(0, 1), (1, 2)]);
        assert_eq!(articulation_points(&path), vec![1]);
        assert_eq!(
            closeness(&path, Interrupt::never()).unwrap(),
            [2.0 / 3.0, 1.0, 2.0 / 3.0]
        );
    }
}
