//! Graph algorithms over an undirected, weighted analysis graph: the shape every network view
//! (the whole graph, or a projection) is turned into before it is measured.
//!
//! Nodes are numbered `0..n` in the view's order. Where a well-kept implementation exists for
//! petgraph, it is used (rustworkx-core: articulation points, bridges); PageRank is ours
//! because petgraph 0.8's costs O(|V|²|E|) per iteration; Louvain communities are ours because
//! no Rust crate for petgraph has them; betweenness and closeness are ours so that a request's
//! interrupt can stop them (their tests check them against rustworkx-core's). Each function
//! states its complexity.
//!
//! - `mod.rs`: the analysis graph, its flat [`Adjacency`], the [`Walker`] over it, and the
//!   simple-graph copy centrality and connectivity share.
//! - `centrality.rs`: degree, PageRank, betweenness (exact and sampled), closeness.
//! - `community.rs`: Louvain communities and modularity.
//! - `connectivity.rs`: components, articulation points, bridges.
//! - `traversal.rs`: walks over any graph given by a neighbours function: shortest path (from
//!   both ends), simple paths, neighbourhoods.
//! - `properties.rs` (tests only): properties of the traversals and partitions on random
//!   graphs, checked against plain breadth-first search and brute force.

mod centrality;
mod community;
mod connectivity;
#[cfg(test)]
mod properties;
mod traversal;

use std::collections::HashMap;

use petgraph::{
    graph::{NodeIndex, UnGraph},
    visit::EdgeRef,
};

pub use self::{
    centrality::{
        betweenness, betweenness_sampled, closeness, degree, degree_centrality, pagerank,
    },
    community::{louvain, modularity},
    connectivity::{articulation_points, bridges, components, components_of},
    traversal::{neighbourhood, shortest_path, simple_paths},
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

/// The neighbours of every node in two flat arrays (compressed sparse rows): those of `v` are
/// `targets[offsets[v]..offsets[v + 1]]`, a parallel edge once per edge. Built in O(V + E); a
/// walk over it reads memory in order, where petgraph's adjacency follows a linked list of
/// edges scattered over the edge array, which costs a cache miss a step on a large graph.
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Adjacency {
    /// The adjacency of an analysis graph (of fewer than 2^32 nodes).
    pub fn of(graph: &AnalysisGraph) -> Self {
        let n = graph.node_count();
        assert!(
            u32::try_from(n).is_ok(),
            "{n} nodes do not fit in u32 indexes"
        );
        let mut offsets = vec![0usize; n + 1];
        for edge in graph.edge_references() {
            offsets[edge.source().index() + 1] += 1;
            if edge.source() != edge.target() {
                offsets[edge.target().index() + 1] += 1;
            }
        }
        for v in 0..n {
            offsets[v + 1] += offsets[v];
        }
        let mut next = offsets[..n].to_vec();
        let mut targets = vec![0u32; offsets[n]];
        let mut put = |from: usize, to: usize| {
            targets[next[from]] = to as u32;
            next[from] += 1;
        };
        for edge in graph.edge_references() {
            let (a, b) = (edge.source().index(), edge.target().index());
            put(a, b);
            if a != b {
                put(b, a);
            }
        }
        Adjacency { offsets, targets }
    }

    /// The adjacency of the simple graph: each node's distinct neighbours, in order, itself
    /// left out (parallel edges and self-loops merged away).
    pub fn simple(graph: &AnalysisGraph) -> Self {
        let Adjacency {
            offsets,
            mut targets,
        } = Self::of(graph);
        // Each node's list sorted and compacted in place: what is kept never passes what is
        // read.
        let mut simple_offsets = Vec::with_capacity(offsets.len());
        simple_offsets.push(0);
        let mut kept = 0;
        for (node, ends) in offsets.windows(2).enumerate() {
            let list = &mut targets[ends[0]..ends[1]];
            list.sort_unstable();
            let mut last = None;
            for i in ends[0]..ends[1] {
                let next = targets[i];
                if next as usize != node && last != Some(next) {
                    targets[kept] = next;
                    kept += 1;
                }
                last = Some(next);
            }
            simple_offsets.push(kept);
        }
        targets.truncate(kept);
        Adjacency {
            offsets: simple_offsets,
            targets,
        }
    }

    /// How many nodes the graph has.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The neighbours of `node`.
    pub fn neighbours(&self, node: usize) -> &[u32] {
        &self.targets[self.offsets[node]..self.offsets[node + 1]]
    }
}

/// Breadth-first walks over an [`Adjacency`] that keep their marks from one walk to the next:
/// a walk costs what it visits, not the size of the graph, so many small walks (k-hop
/// neighbourhoods of many sources) stay cheap, and one walk over everything needs no hashing.
pub struct Walker<'a> {
    adjacency: &'a Adjacency,
    /// `marks[v] == walk` when `v` was reached in the current walk.
    marks: Vec<u32>,
    walk: u32,
    /// The nodes reached, with their distance, in breadth-first order; also the walk's queue.
    reached: Vec<(u32, u32)>,
}

impl<'a> Walker<'a> {
    /// A walker over `adjacency`, with one mark per node.
    pub fn new(adjacency: &'a Adjacency) -> Self {
        Walker {
            adjacency,
            marks: vec![0; adjacency.node_count()],
            walk: 0,
            reached: Vec::new(),
        }
    }

    /// The nodes within `depth` steps of `start` (itself first, at 0), with their distance,
    /// in breadth-first order; O(what is reached and its edges).
    pub fn within(&mut self, start: usize, depth: usize) -> &[(u32, u32)] {
        self.walk = self.walk.wrapping_add(1);
        if self.walk == 0 {
            // Marks of 2^32 walks ago could pass for this walk's: start the count again.
            self.marks.fill(0);
            self.walk = 1;
        }
        let walk = self.walk;
        self.reached.clear();
        self.reached.push((start as u32, 0));
        self.marks[start] = walk;
        let mut head = 0;
        while let Some(&(node, distance)) = self.reached.get(head) {
            head += 1;
            if distance as usize >= depth {
                continue;
            }
            for &next in self.adjacency.neighbours(node as usize) {
                let mark = &mut self.marks[next as usize];
                if *mark != walk {
                    *mark = walk;
                    self.reached.push((next, distance + 1));
                }
            }
        }
        &self.reached
    }
}

/// Runs `f` on the graph made simple: each set of parallel edges merged into one edge of their
/// summed weight, self-loops dropped. rustworkx-core's connectivity and centrality functions
/// assume a simple graph; a view has neither, so the copy is made only when needed. O(V + E).
fn with_simple_graph<T>(graph: &AnalysisGraph, f: impl FnOnce(&AnalysisGraph) -> T) -> T {
    let mut weights: HashMap<(usize, usize), f64> = HashMap::with_capacity(graph.edge_count());
    let mut order = Vec::with_capacity(graph.edge_count());
    for edge in graph.edge_references() {
        let (a, b) = (edge.source().index(), edge.target().index());
        if a == b {
            continue;
        }
        let key = (a.min(b), a.max(b));
        let weight = weights.entry(key).or_insert_with(|| {
            order.push(key);
            0.0
        });
        *weight += *edge.weight();
    }
    if order.len() == graph.edge_count() {
        return f(graph);
    }
    let simple = analysis_graph(
        graph.node_count(),
        order.into_iter().map(|(a, b)| (a, b, weights[&(a, b)])),
    );
    f(&simple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walker_whose_walk_count_wraps_starts_its_marks_again() {
        let graph = barbell();
        let adjacency = Adjacency::of(&graph);
        let mut walker = Walker::new(&adjacency);
        assert_eq!(walker.within(0, 9).len(), 6);
        // The next walk would be numbered 0 again; marks left over must not read as visited.
        walker.walk = u32::MAX;
        walker.marks[1] = 0;
        let reached: Vec<u32> = walker.within(0, 9).iter().map(|&(v, _)| v).collect();
        assert_eq!(reached.len(), 6, "{reached:?}");
        assert_eq!(walker.within(6, 9), &[(6, 0)]);
    }

    #[test]
    fn the_simple_adjacency_merges_parallel_edges_and_drops_self_loops() {
        let graph = analysis_graph(
            4,
            [(0, 1), (1, 0), (0, 1), (1, 1), (2, 1), (3, 3)].map(|(a, b)| (a, b, 1.0)),
        );
        let simple = Adjacency::simple(&graph);
        let lists: Vec<&[u32]> = (0..4).map(|v| simple.neighbours(v)).collect();
        assert_eq!(lists, [&[1][..], &[0, 2], &[1], &[]]);
    }

    /// Two triangles joined by one edge (2-3), and an isolated node 6.
    pub(super) fn barbell() -> AnalysisGraph {
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
}
