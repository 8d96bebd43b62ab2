//! Cross-check of `collabgraph::network::algorithms` against networkx.
//!
//! Each test takes one graph (a view of the bundled seed, or one generated here from a fixed
//! seed), computes every measure with our algorithms, writes the graph to a temporary JSON file
//! and runs `tests/interop/crosscheck_networkx.py` with the interop venv's Python, which
//! computes the same measures with networkx. Then:
//!
//! - components, articulation points, bridges and shortest-path lengths must agree exactly;
//! - degree centrality, PageRank (alpha 0.85, tolerance 1e-10 per node, as networkx counts
//!   it), betweenness (normalized, unweighted) and closeness (Wasserman-Faust) within 1e-6;
//! - our modularity function must give networkx's modularity for our partition (1e-9);
//! - our Louvain partition's modularity must be at least networkx's Louvain (seed 42) less
//!   0.02, and on planted-partition graphs our Louvain must find the planted groups exactly.
//!
//! Definitional notes (where the two libraries could differ, and how the test stands):
//! - Our analysis graph keeps parallel edges; the script merges them into one edge whose
//!   weight is their sum. Wherever weights count (PageRank, modularity, Louvain) ours add up
//!   parallel weights; degree, betweenness and bridges look at linked pairs, not edges. So the
//!   merged networkx Graph is the reference. (networkx on a MultiGraph would differ in two
//!   ways we do not follow: its degree counts each parallel edge, and it never calls a
//!   doubled edge a bridge.)
//! - Our degree counts distinct *other* nodes; networkx counts a self-loop twice, so the
//!   script compares degree centrality on the graph without self-loops. PageRank, as in
//!   networkx, counts a self-loop once in the node's out-weight and sends it rank once.
//! - The seed's views have neither parallel edges nor self-loops; one generated graph has
//!   both, and found two bugs (see the unit tests in `src/algorithms.rs`).
//!
//! Rerun with `cargo test --test api crosscheck -- --nocapture` to see the numbers.

use std::{collections::BTreeMap, path::PathBuf, process::Command};

use collabgraph::interrupt::Interrupt;
use collabgraph::{
    bundled_seed_dir, load_graph,
    network::{
        MAX_VIEW_NODES, NetworkFilter, Projection, ViewCache,
        algorithms::{self, AnalysisGraph},
        view,
    },
};
use petgraph::graph::NodeIndex;
use serde_json::{Value, json};

/// Tolerance for centralities and PageRank.
const CLOSE: f64 = 1e-6;
/// How much lower than networkx's Louvain our Louvain's modularity may be.
const LOUVAIN_SLACK: f64 = 0.02;

/// A graph to check: `n` nodes, weighted edges, and the planted communities if it has them.
struct Case {
    name: &'static str,
    n: usize,
    edges: Vec<(usize, usize, f64)>,
    planted: Option<Vec<usize>>,
}

/// xorshift64*: enough randomness for test graphs, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// G(n, p): every pair linked with probability p.
fn erdos_renyi(rng: &mut Rng, n: usize, p: f64) -> Vec<(usize, usize, f64)> {
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if rng.unit() < p {
                edges.push((a, b, 1.0));
            }
        }
    }
    edges
}

/// Barabási–Albert: start from a triangle, then each new node links to `m` distinct earlier
/// nodes chosen with probability proportional to their degree.
fn preferential_attachment(rng: &mut Rng, n: usize, m: usize) -> Vec<(usize, usize, f64)> {
    let mut edges = vec![(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)];
    // Every edge's two ends: picking uniformly from it picks by degree.
    let mut ends = vec![0, 1, 1, 2, 0, 2];
    for node in 3..n {
        let mut targets: Vec<usize> = Vec::new();
        while targets.len() < m {
            let t = ends[rng.below(ends.len())];
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
        for t in targets {
            edges.push((t, node, 1.0));
            ends.extend([t, node]);
        }
    }
    edges
}

/// Groups of the given sizes (nodes numbered group by group), linked with probability `p_in`
/// inside a group and `p_out` between groups. Returns the edges and each node's group.
fn planted_partition(
    rng: &mut Rng,
    sizes: &[usize],
    p_in: f64,
    p_out: f64,
) -> (Vec<(usize, usize, f64)>, Vec<usize>) {
    let group: Vec<usize> = sizes
        .iter()
        .enumerate()
        .flat_map(|(g, &size)| std::iter::repeat_n(g, size))
        .collect();
    let n = group.len();
    let mut edges = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            let p = if group[a] == group[b] { p_in } else { p_out };
            if rng.unit() < p {
                edges.push((a, b, 1.0));
            }
        }
    }
    (edges, group)
}

fn seed_case(name: &'static str, projection: Projection) -> Case {
    let kg = load_graph(&bundled_seed_dir()).unwrap_or_else(|report| panic!("{report}"));
    let filter = NetworkFilter {
        projection,
        limit: MAX_VIEW_NODES,
        ..NetworkFilter::default()
    };
    let view =
        view(&kg, &ViewCache::default(), &filter, Interrupt::never()).expect("the seed's view");
    assert!(!view.truncated, "{name}: the view must be whole");
    Case {
        name,
        n: view.nodes.len(),
        edges: view.edges.iter().map(|e| (e.a, e.b, e.weight)).collect(),
        planted: None,
    }
}

fn erdos_renyi_case() -> Case {
    let edges = erdos_renyi(&mut Rng::new(0x5EED_0001), 200, 0.03);
    Case {
        name: "erdos-renyi n=200 p=0.03",
        n: 200,
        edges,
        planted: None,
    }
}

fn preferential_attachment_case() -> Case {
    let edges = preferential_attachment(&mut Rng::new(0x5EED_0002), 300, 2);
    Case {
        name: "preferential attachment n=300 m=2",
        n: 300,
        edges,
        planted: None,
    }
}

fn weighted_case() -> Case {
    let mut rng = Rng::new(0x5EED_0003);
    let mut edges = erdos_renyi(&mut rng, 150, 0.04);
    for edge in &mut edges {
        edge.2 = (1 + rng.below(3)) as f64;
    }
    Case {
        name: "weighted G(150, 0.04), weights 1-3",
        n: 150,
        edges,
        planted: None,
    }
}

/// G(120, 0.025) with a fifth of its edges doubled (another weight, 1-3) and a few
/// self-loops: what a view of a multigraph could hold.
fn parallel_edges_case() -> Case {
    let mut rng = Rng::new(0x5EED_0006);
    let mut edges = erdos_renyi(&mut rng, 120, 0.025);
    let mut doubled = Vec::new();
    for &(a, b, _) in &edges {
        if rng.below(5) == 0 {
            doubled.push((b, a, (1 + rng.below(3)) as f64));
        }
    }
    edges.extend(doubled);
    for _ in 0..6 {
        let node = rng.below(120);
        edges.push((node, node, (1 + rng.below(3)) as f64));
    }
    Case {
        name: "parallel edges and self-loops on G(120, 0.025)",
        n: 120,
        edges,
        planted: None,
    }
}

/// A random piece, a tree, a cycle, a path, a star and isolated nodes, their node numbers
/// shuffled so that components interleave.
fn components_case() -> Case {
    let mut rng = Rng::new(0x5EED_0004);
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    let mut block = |size: usize| {
        let start = next;
        next += size;
        start
    };
    // A sparse random piece (it may itself fall apart, which is fine).
    let random = block(40);
    for (a, b, _) in erdos_renyi(&mut rng, 40, 0.08) {
        edges.push((random + a, random + b));
    }
    // A random tree: every edge a bridge, every inner node an articulation point.
    let tree = block(20);
    for i in 1..20 {
        edges.push((tree + rng.below(i), tree + i));
    }
    let cycle = block(10);
    for i in 0..10 {
        edges.push((cycle + i, cycle + (i + 1) % 10));
    }
    let path = block(5);
    for i in 0..4 {
        edges.push((path + i, path + i + 1));
    }
    let star = block(5);
    for i in 1..5 {
        edges.push((star, star + i));
    }
    let pair = block(2);
    edges.push((pair, pair + 1));
    let _isolated = block(6);
    let n = next;
    // Shuffle node numbers (Fisher-Yates).
    let mut label: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        label.swap(i, rng.below(i + 1));
    }
    Case {
        name: "several components and isolated nodes",
        n,
        edges: edges
            .into_iter()
            .map(|(a, b)| (label[a], label[b], 1.0))
            .collect(),
        planted: None,
    }
}

/// Four cliques of eight, in a ring, each joined to the next by a single edge.
fn planted_cliques_case() -> Case {
    let (k, size) = (4, 8);
    let mut edges = Vec::new();
    for c in 0..k {
        let base = c * size;
        for a in 0..size {
            for b in a + 1..size {
                edges.push((base + a, base + b, 1.0));
            }
        }
        // The last node of this clique to the first of the next.
        edges.push((base + size - 1, (base + size) % (k * size), 1.0));
    }
    Case {
        name: "planted: 4 cliques of 8 in a ring",
        n: k * size,
        edges,
        planted: Some((0..k * size).map(|i| i / size).collect()),
    }
}

/// Five random groups of 20, dense inside and sparse between.
fn planted_random_case() -> Case {
    let (edges, group) =
        planted_partition(&mut Rng::new(0x5EED_0005), &[20, 20, 20, 20, 20], 0.5, 0.01);
    Case {
        name: "planted: 5 groups of 20, p_in 0.5, p_out 0.01",
        n: group.len(),
        edges,
        planted: Some(group),
    }
}

/// A partition as sorted groups of sorted members, for comparing partitions by content.
fn groups(labels: &[usize]) -> Vec<Vec<usize>> {
    let mut by_label: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (node, &label) in labels.iter().enumerate() {
        by_label.entry(label).or_default().push(node);
    }
    let mut groups: Vec<Vec<usize>> = by_label.into_values().collect();
    groups.sort();
    groups
}

/// Node pairs to ask shortest paths for: every node to itself once, some fixed pairs, and
/// random ones.
fn pairs(n: usize) -> Vec<(usize, usize)> {
    let mut rng = Rng::new(0xFA75_0000 ^ n as u64);
    let mut pairs = vec![(0, 0), (0, n - 1), (n / 2, n - 1)];
    for _ in 0..60 {
        pairs.push((rng.below(n), rng.below(n)));
    }
    pairs
}

fn floats(value: &Value) -> Vec<f64> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_f64().expect("a number"))
        .collect()
}

fn usizes(value: &Value) -> Vec<usize> {
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_u64().expect("an integer") as usize)
        .collect()
}

/// The largest difference between two vectors of numbers, and where it is.
fn max_difference(ours: &[f64], theirs: &[f64]) -> (f64, usize) {
    assert_eq!(ours.len(), theirs.len());
    ours.iter()
        .zip(theirs)
        .map(|(a, b)| (a - b).abs())
        .enumerate()
        .fold(
            (0.0, 0),
            |best, (i, d)| if d > best.0 { (d, i) } else { best },
        )
}

/// Runs the networkx script on `input`.
fn networkx(input: &Value) -> Value {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("graph.json");
    std::fs::write(&path, input.to_string()).expect("write the graph");
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop/crosscheck_networkx.py");
    let output = Command::new(crate::interop::python())
        .arg(&script)
        .arg(&path)
        .output()
        .expect("run the networkx script");
    assert!(
        output.status.success(),
        "crosscheck_networkx.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints JSON")
}

/// Computes everything with both libraries and compares; panics listing every disagreement.
fn crosscheck(case: Case) {
    let Case {
        name,
        n,
        edges,
        planted,
    } = case;
    assert!(n >= 2, "{name}: too small to check");
    let graph: AnalysisGraph = algorithms::analysis_graph(n, edges.iter().copied());
    let community = algorithms::louvain(&graph, 1.0);
    let pairs = pairs(n);
    let input = json!({
        "nodes": n,
        "edges": edges.iter().map(|&(a, b, w)| json!([a, b, w])).collect::<Vec<_>>(),
        "pairs": pairs.iter().map(|&(s, t)| json!([s, t])).collect::<Vec<_>>(),
        "communities": community,
        "louvain_seed": 42,
    });
    let nx = networkx(&input);

    let mut failures: Vec<String> = Vec::new();
    let mut report = vec![format!(
        "{name}: {n} nodes, {} edges ({} after merging parallel ones, {} self-loops); \
         networkx {}, {}",
        edges.len(),
        nx["merged_edges"],
        nx["self_loops"],
        nx["networkx"].as_str().unwrap_or("?"),
        nx["pagerank_impl"].as_str().unwrap_or("?"),
    )];

    // Exact: components, articulation points, bridges.
    let components = algorithms::components(&graph);
    let theirs: Vec<Vec<usize>> = nx["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(usizes)
        .collect();
    report.push(format!(
        "  components: ours {}, networkx {}",
        components.len(),
        theirs.len()
    ));
    if components != theirs {
        failures.push(format!(
            "components differ: ours {components:?}, networkx {theirs:?}"
        ));
    }
    let points = algorithms::articulation_points(&graph);
    let theirs = usizes(&nx["articulation_points"]);
    report.push(format!(
        "  articulation points: ours {}, networkx {}",
        points.len(),
        theirs.len()
    ));
    if points != theirs {
        failures.push(format!(
            "articulation points differ: ours {points:?}, networkx {theirs:?}"
        ));
    }
    let bridges = algorithms::bridges(&graph);
    let theirs: Vec<(usize, usize)> = nx["bridges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let pair = usizes(pair);
            (pair[0], pair[1])
        })
        .collect();
    report.push(format!(
        "  bridges: ours {}, networkx {}",
        bridges.len(),
        theirs.len()
    ));
    if bridges != theirs {
        failures.push(format!(
            "bridges differ: ours {bridges:?}, networkx {theirs:?}"
        ));
    }

    // Exact: shortest-path lengths, and whether a path exists.
    let adjacency: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            graph
                .neighbors(NodeIndex::new(i))
                .map(|x| x.index())
                .collect()
        })
        .collect();
    let theirs = nx["path_lengths"].as_array().unwrap();
    let mut found = 0;
    for (&(s, t), expected) in pairs.iter().zip(theirs) {
        let path =
            algorithms::shortest_path(s, t, usize::MAX, |node, out| out.extend(&adjacency[node]));
        if let Some(path) = &path {
            found += 1;
            let walks = path.windows(2).all(|w| adjacency[w[0]].contains(&w[1]));
            if path.first() != Some(&s) || path.last() != Some(&t) || !walks {
                failures.push(format!("shortest path {s}-{t} is not a path: {path:?}"));
            }
        }
        let ours = path.map(|p| p.len() - 1);
        let expected = expected.as_u64().map(|l| l as usize);
        if ours != expected {
            failures.push(format!(
                "shortest path {s}-{t}: ours {ours:?}, networkx {expected:?}"
            ));
        }
    }
    report.push(format!(
        "  shortest paths: {} pairs, {found} connected",
        pairs.len()
    ));

    // Within 1e-6: centralities and PageRank.
    let measures: [(&str, Vec<f64>, &str); 4] = [
        (
            "degree centrality",
            algorithms::degree_centrality(&graph),
            "degree_centrality",
        ),
        (
            "pagerank",
            algorithms::pagerank(&graph, 0.85, 1e-10, 1000),
            "pagerank",
        ),
        (
            "betweenness",
            algorithms::betweenness(&graph, Interrupt::never()).unwrap(),
            "betweenness",
        ),
        (
            "closeness",
            algorithms::closeness(&graph, Interrupt::never()).unwrap(),
            "closeness",
        ),
    ];
    for (label, ours, key) in measures {
        let theirs = floats(&nx[key]);
        let (difference, at) = max_difference(&ours, &theirs);
        report.push(format!(
            "  {label}: max |difference| {difference:.2e} (node {at})"
        ));
        if difference > CLOSE {
            failures.push(format!(
                "{label} differs by {difference:e} at node {at}: ours {}, networkx {}",
                ours[at], theirs[at]
            ));
        }
    }

    // Modularity and Louvain.
    let ours_q = algorithms::modularity(&graph, &community, 1.0);
    let nx_of_ours = nx["modularity_of_ours"].as_f64().expect("a modularity");
    let nx_q = nx["louvain_modularity"].as_f64().expect("a modularity");
    let nx_louvain: Vec<Vec<usize>> = nx["louvain_communities"]
        .as_array()
        .unwrap()
        .iter()
        .map(usizes)
        .collect();
    report.push(format!(
        "  louvain: ours {} communities, Q {ours_q:.6} (networkx says {nx_of_ours:.6}); \
         networkx {} communities, Q {nx_q:.6}",
        groups(&community).len(),
        nx_louvain.len(),
    ));
    if (ours_q - nx_of_ours).abs() > 1e-9 {
        failures.push(format!(
            "modularity of our partition: ours {ours_q}, networkx {nx_of_ours}"
        ));
    }
    if ours_q < nx_q - LOUVAIN_SLACK {
        failures.push(format!(
            "our Louvain's modularity {ours_q:.6} is more than {LOUVAIN_SLACK} below networkx's {nx_q:.6}"
        ));
    }
    if let Some(planted) = planted {
        let planted = groups(&planted);
        let mut theirs = nx_louvain.clone();
        theirs.sort();
        report.push(format!(
            "  planted {} groups: ours recovered {}, networkx recovered {}",
            planted.len(),
            groups(&community) == planted,
            theirs == planted,
        ));
        if groups(&community) != planted {
            failures.push(format!(
                "our Louvain missed the planted groups: found {:?}",
                groups(&community)
            ));
        }
    }

    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{name}: disagreements with networkx:\n  {}",
        failures.join("\n  ")
    );
}

#[test]
fn crosscheck_seed_institutions() {
    crosscheck(seed_case(
        "seed: institutions projection",
        Projection::Institutions,
    ));
}

#[test]
fn crosscheck_seed_countries() {
    crosscheck(seed_case(
        "seed: countries projection",
        Projection::Countries,
    ));
}

#[test]
fn crosscheck_seed_full_graph() {
    crosscheck(seed_case("seed: full graph", Projection::Full));
}

#[test]
fn crosscheck_erdos_renyi() {
    crosscheck(erdos_renyi_case());
}

#[test]
fn crosscheck_preferential_attachment() {
    crosscheck(preferential_attachment_case());
}

#[test]
fn crosscheck_weighted() {
    crosscheck(weighted_case());
}

#[test]
fn crosscheck_parallel_edges_and_self_loops() {
    crosscheck(parallel_edges_case());
}

#[test]
fn crosscheck_components_and_isolated_nodes() {
    crosscheck(components_case());
}

#[test]
fn crosscheck_planted_cliques() {
    crosscheck(planted_cliques_case());
}

#[test]
fn crosscheck_planted_random_groups() {
    crosscheck(planted_random_case());
}
