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
/// undirected graph; rustworkx-core's Brandes algorithm, O(V * E). A shortest path is a
/// sequence of nodes: on the simple graph, since rustworkx-core would count each parallel
/// edge as another path (networkx, on a Graph or a MultiGraph, does not).
pub fn betweenness(graph: &AnalysisGraph) -> Vec<f64> {
    with_simple_graph(graph, |g| {
        rustworkx_core::centrality::betweenness_centrality(g, false, true, 200)
    })
    .into_iter()
    .map(|v| v.unwrap_or(0.0))
    .collect()
}

/// Betweenness centrality estimated from shortest paths that start at `sources` only (Brandes,
/// O(k * (V + E)) for k sources), scaled as networkx's `betweenness_centrality(G, k=..)` scales
/// it: normalized for an undirected graph, then multiplied by n / k. With every node as a source
/// it is the exact betweenness. Paths are sequences of nodes, as in [`betweenness`].
pub fn betweenness_sampled(graph: &AnalysisGraph, sources: &[usize]) -> Vec<f64> {
    let n = graph.node_count();
    let mut centrality = vec![0.0; n];
    if n <= 2 || sources.is_empty() {
        return centrality;
    }
    let adjacency = Adjacency::simple(graph);
    let mut sigma = vec![0.0f64; n];
    let mut distance = vec![u32::MAX; n];
    let mut delta = vec![0.0f64; n];
    // The nodes reached, in breadth-first order: also the walk's queue.
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &source in sources {
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
    centrality
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

/// Closeness centrality (unweighted), with the Wasserman-Faust correction for graphs that are
/// not connected, as networkx's default; rustworkx-core on the simple graph, O(V * (V + E)).
pub fn closeness(graph: &AnalysisGraph) -> Vec<f64> {
    with_simple_graph(graph, |g| {
        rustworkx_core::centrality::closeness_centrality(g, true, 200)
    })
    .into_iter()
    .map(|v| v.unwrap_or(0.0))
    .collect()
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
    // A path between two nodes has at least one edge: none fits in 0. (The walk below checks
    // the length only before it steps further, so it would take the first edge regardless.)
    if max_length == 0 {
        return (Vec::new(), false);
    }
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

    #[test]
    fn sampled_betweenness_from_every_node_is_the_exact_betweenness() {
        let mut graph = barbell();
        // A parallel edge and a longer tail, so paths branch and repeat.
        graph.add_edge(NodeIndex::new(2), NodeIndex::new(3), 1.0);
        graph.add_edge(NodeIndex::new(5), NodeIndex::new(6), 1.0);
        let all: Vec<usize> = (0..graph.node_count()).collect();
        let exact = betweenness(&graph);
        let sampled = betweenness_sampled(&graph, &all);
        for (a, b) in exact.iter().zip(&sampled) {
            assert!((a - b).abs() < 1e-12, "{exact:?} against {sampled:?}");
        }
        assert!(sampled[2] > 0.0 && sampled[0] == 0.0);
        // Half the sources, scaled by n / k: the estimate keeps the exact scale.
        let half = betweenness_sampled(&graph, &[0, 2, 4, 6]);
        assert!(half.iter().all(|c| c.is_finite()));
        assert!(half[3] > 0.0);
    }

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
        for b in betweenness(&graph) {
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
        assert_eq!(closeness(&path), [2.0 / 3.0, 1.0, 2.0 / 3.0]);
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
    fn no_simple_path_fits_in_length_0() {
        // Found by the property tests: with `maxLength: 0`, neighbours came back as paths of
        // one relation (and, with `first: 0`, as "more paths left out").
        let g = barbell();
        assert_eq!(simple_paths(0, 1, 0, 10, adjacency(&g)), (vec![], false));
        assert_eq!(simple_paths(0, 1, 0, 0, adjacency(&g)), (vec![], false));
        assert_eq!(simple_paths(0, 1, 1, 10, adjacency(&g)).0, [vec![0, 1]]);
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

/// Properties of the traversals and partitions on random small graphs, checked against plain
/// breadth-first search and brute force. Parallel edges and self-loops are generated too: a view
/// has neither, but the algorithms must not depend on it.
#[cfg(test)]
mod properties {
    use std::collections::{BTreeSet, HashSet};

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
}
