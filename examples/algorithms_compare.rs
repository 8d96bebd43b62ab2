//! Our side of the algorithm comparison (benches/compare/compare.py runs igraph and networkx
//! on the same input): loads a seed, writes its whole graph as an undirected edge list with
//! dense node numbers, draws the same random pairs and sources for everyone (PCG-64, seed 7),
//! and times each operation on our analysis graph. Prints one JSON object of seconds.
//!
//!     cargo run --release --example algorithms_compare -- SEED.json OUT_DIR

use std::{io::Write, time::Instant};

use collabgraph::network::algorithms::{self, AnalysisGraph};
use rand::{RngExt, SeedableRng};

/// How many of each: pairs for shortest paths, sources for k-hop and sampled betweenness.
const PAIRS: usize = 100;
const HOPS: usize = 100;
const BETWEENNESS_SOURCES: usize = 10;

fn main() {
    let mut args = std::env::args().skip(1);
    let (seed, out) = (
        args.next().expect("SEED.json"),
        args.next().expect("OUT_DIR"),
    );
    let kg = collabgraph::load_graph(std::path::Path::new(&seed)).unwrap_or_else(|r| panic!("{r}"));
    let n = kg.node_count();
    let edges: Vec<(usize, usize)> = kg
        .all_edges()
        .map(|e| (kg.dense_index(e.from), kg.dense_index(e.to)))
        .collect();
    let out = std::path::Path::new(&out);
    std::fs::create_dir_all(out).unwrap();
    let mut file = std::io::BufWriter::new(std::fs::File::create(out.join("edges.txt")).unwrap());
    writeln!(file, "{n}").unwrap();
    for (a, b) in &edges {
        writeln!(file, "{a} {b}").unwrap();
    }
    file.flush().unwrap();
    let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
    let mut pick = || rng.random_range(0..n as u64) as usize;
    let pairs: Vec<(usize, usize)> = (0..PAIRS).map(|_| (pick(), pick())).collect();
    let hops: Vec<usize> = (0..HOPS).map(|_| pick()).collect();
    let sources: Vec<usize> = (0..BETWEENNESS_SOURCES).map(|_| pick()).collect();
    let bfs_source = hops[0];
    std::fs::write(
        out.join("samples.json"),
        format!(
            "{{\"pairs\": {:?}, \"hops\": {hops:?}, \"sources\": {sources:?}, \"bfs_source\": {bfs_source}}}",
            pairs.iter().map(|&(a, b)| [a, b]).collect::<Vec<_>>()
        ),
    )
    .unwrap();

    let start = Instant::now();
    let graph: AnalysisGraph =
        algorithms::analysis_graph(n, edges.iter().map(|&(a, b)| (a, b, 1.0)));
    let flat = algorithms::Adjacency::of(&graph);
    let build = start.elapsed().as_secs_f64();
    let adjacency = |node: usize, out: &mut Vec<usize>| {
        out.extend(flat.neighbours(node).iter().map(|&m| m as usize))
    };
    let mut walker = algorithms::Walker::new(&flat);
    let time = |f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let result = f();
        (start.elapsed().as_secs_f64(), result)
    };
    let (bfs, reached) = time(&mut || walker.within(bfs_source, n).len());
    let (paths, found) = time(&mut || {
        pairs
            .iter()
            .filter(|&&(a, b)| algorithms::shortest_path(a, b, n, adjacency).is_some())
            .count()
    });
    let (khop, khop_nodes) = time(&mut || hops.iter().map(|&s| walker.within(s, 2).len()).sum());
    let (pagerank, _) = time(&mut || algorithms::pagerank(&graph, 0.85, 1e-6, 100).len());
    let (components, count) = time(&mut || algorithms::components_of(&flat).len());
    let (betweenness, _) = time(&mut || algorithms::betweenness_sampled(&graph, &sources).len());
    println!(
        "{{\"tool\": \"collabgraph\", \"nodes\": {n}, \"edges\": {}, \"build_s\": {build:.4}, \
         \"bfs_s\": {bfs:.4}, \"bfs_reached\": {reached}, \"shortest_paths_s\": {paths:.4}, \
         \"paths_found\": {found}, \"khop_s\": {khop:.4}, \"khop_nodes\": {khop_nodes}, \
         \"pagerank_s\": {pagerank:.4}, \"components_s\": {components:.4}, \
         \"components\": {count}, \"betweenness_sampled_s\": {betweenness:.4}}}",
        edges.len()
    );
}
