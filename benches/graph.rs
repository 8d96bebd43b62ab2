//! Criterion benchmarks of the graph layer (issue 5, "Performance at scale"): BFS, shortest
//! paths between random pairs, 2-hop neighbourhoods, PageRank, components, sampled
//! betweenness, name search and collaborator lookup.
//!
//! The graph is generated in-process by our own generator (`collabgraph generate`, fixed
//! seed 1), loaded like any seed, and turned into the whole graph as one undirected analysis
//! graph, as examples/algorithms_compare.rs does, so the figures sit beside the comparison
//! with igraph and networkx in BENCHMARKS.md. Random pairs and sources are drawn once with
//! PCG-64 from a fixed seed, so every run measures the same work.
//!
//!     cargo bench --bench graph                    # 1,000 institutions (~17k nodes), minutes
//!     cargo bench --bench graph -- --test          # each benchmark once, a smoke run
//!     COLLABGRAPH_BENCH_INSTITUTIONS=100000 cargo bench --bench graph
//!
//! 100,000 institutions is the large size of BENCHMARKS.md (1.7M nodes, 3.1M edges): it first
//! generates and loads ~580 MB of seed (about a minute and 2.5 GB of memory) and each heavy
//! benchmark then takes seconds per iteration.

use std::{hint::black_box, time::Duration};

use collabgraph::{
    generate,
    graph::KnowledgeGraph,
    interrupt::Interrupt,
    model::{NodeKind, NodeRef},
    network::algorithms::{self, AnalysisGraph},
};
use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};

/// Random pairs for shortest paths, and sources for 2-hop neighbourhoods and betweenness.
const PAIRS: usize = 100;
const HOP_SOURCES: usize = 100;
const BETWEENNESS_SOURCES: usize = 10;
/// Search results asked for, as the API's default page.
const SEARCH_LIMIT: usize = 10;

/// Everything built once, before any benchmark runs.
struct Fixture {
    kg: KnowledgeGraph,
    graph: AnalysisGraph,
    /// The same graph's neighbours in flat arrays, which the walks use.
    flat: algorithms::Adjacency,
    pairs: Vec<(usize, usize)>,
    hop_sources: Vec<usize>,
    betweenness_sources: Vec<usize>,
    bfs_source: usize,
    /// Institutions with the most and the median number of collaborators.
    hub: usize,
    median: usize,
    /// Search queries: an institution's exact name, the same misspelt, and a prefix of it.
    exact: String,
    misspelt: String,
    prefix: String,
}

fn institutions() -> u32 {
    match std::env::var("COLLABGRAPH_BENCH_INSTITUTIONS") {
        Ok(v) => v
            .parse()
            .expect("COLLABGRAPH_BENCH_INSTITUTIONS: a number of institutions"),
        Err(_) => 1000,
    }
}

impl Fixture {
    fn build() -> Self {
        let institutions = institutions();
        let mut bytes = Vec::new();
        generate::write_seed(
            generate::Options {
                institutions,
                seed: 1,
                works: 0,
            },
            &mut bytes,
        )
        .expect("generating the seed");
        let text = String::from_utf8(bytes).expect("the generator writes UTF-8");
        let seed = collabgraph::seed::load_texts(&[("generated.json", text.as_str())])
            .unwrap_or_else(|report| panic!("the generated seed does not load: {report}"));
        drop(text);
        let kg = KnowledgeGraph::new(seed);

        let n = kg.node_count();
        let graph = algorithms::analysis_graph(
            n,
            kg.all_edges()
                .map(|e| (kg.dense_index(e.from), kg.dense_index(e.to), 1.0)),
        );
        let flat = algorithms::Adjacency::of(&graph);
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let mut pick = || rng.random_range(0..n as u64) as usize;
        let pairs = (0..PAIRS).map(|_| (pick(), pick())).collect();
        let hop_sources: Vec<usize> = (0..HOP_SOURCES).map(|_| pick()).collect();
        let betweenness_sources = (0..BETWEENNESS_SOURCES).map(|_| pick()).collect();
        let bfs_source = hop_sources[0];

        let mut by_collaborators: Vec<(usize, usize)> = (0..kg.len(NodeKind::Institution))
            .map(|i| (kg.collaborators_of(i, Interrupt::never()).unwrap().len(), i))
            .collect();
        by_collaborators.sort_unstable();
        let hub = by_collaborators.last().expect("some institutions").1;
        let median = by_collaborators[by_collaborators.len() / 2].1;

        let (exact, misspelt, prefix) = queries(&kg, median);
        eprintln!(
            "graph: {institutions} institutions, {n} nodes, {} edges; hub has {} collaborators, \
             median {}; search {exact:?} / {misspelt:?} / {prefix:?}",
            graph.edge_count(),
            by_collaborators.last().unwrap().0,
            by_collaborators[by_collaborators.len() / 2].0,
        );
        Fixture {
            kg,
            graph,
            flat,
            pairs,
            hop_sources,
            betweenness_sources,
            bfs_source,
            hub,
            median,
            exact,
            misspelt,
            prefix,
        }
    }

    /// The analysis graph's neighbours, in the form the traversals take.
    fn adjacency(&self) -> impl Fn(usize, &mut Vec<usize>) + '_ {
        |node, out| out.extend(self.flat.neighbours(node).iter().map(|&m| m as usize))
    }
}

/// An exact name, the same with one letter dropped from its longest word, and the name cut
/// inside its last word: from the first institution at or after `start` whose name has at
/// least two words and a word long enough to misspell, checked to be found.
fn queries(kg: &KnowledgeGraph, start: usize) -> (String, String, String) {
    let count = kg.len(NodeKind::Institution);
    for i in (start..count).chain(0..start) {
        let name = kg.label_of(NodeRef {
            kind: NodeKind::Institution,
            index: i,
        });
        let words: Vec<&str> = name.split(' ').collect();
        let longest = words.iter().copied().max_by_key(|w| w.chars().count());
        let last = words.last().copied().unwrap_or_default();
        let (Some(longest), true) = (longest, words.len() >= 2) else {
            continue;
        };
        if longest.chars().count() < 6 || !last.is_ascii() || last.len() < 4 {
            continue;
        }
        let mut chars: Vec<char> = longest.chars().collect();
        chars.remove(2);
        let typo: String = chars.into_iter().collect();
        let misspelt = name.replacen(longest, &typo, 1);
        let prefix = format!("{}{}", &name[..name.len() - last.len()], &last[..3]);
        let finds = |q: &str| {
            kg.search_index()
                .search(q, None, SEARCH_LIMIT)
                .iter()
                .any(|h| h.node.index == i && h.node.kind == NodeKind::Institution)
        };
        if finds(name) && finds(&misspelt) && finds(&prefix) {
            return (name.to_owned(), misspelt, prefix);
        }
    }
    panic!("no institution name found by its exact, misspelt and prefix searches");
}

fn benches(c: &mut Criterion) {
    let f = Fixture::build();
    let n = f.kg.node_count();
    let adjacency = f.adjacency();

    // Whole-graph work: seconds per iteration on the large graph, so few samples.
    let mut heavy = c.benchmark_group("graph");
    heavy
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    heavy.bench_function("bfs_whole_graph", |b| {
        let mut walker = algorithms::Walker::new(&f.flat);
        b.iter(|| walker.within(black_box(f.bfs_source), n).len())
    });
    heavy.bench_function("shortest_path_100_pairs", |b| {
        b.iter(|| {
            f.pairs
                .iter()
                .filter(|&&(a, z)| algorithms::shortest_path(a, z, n, &adjacency).is_some())
                .count()
        })
    });
    heavy.bench_function("two_hop_100_sources", |b| {
        let mut walker = algorithms::Walker::new(&f.flat);
        b.iter(|| {
            f.hop_sources
                .iter()
                .map(|&s| walker.within(s, 2).len())
                .sum::<usize>()
        })
    });
    heavy.bench_function("pagerank", |b| {
        b.iter(|| algorithms::pagerank(black_box(&f.graph), 0.85, 1e-6, 100))
    });
    heavy.bench_function("components", |b| {
        b.iter(|| algorithms::components_of(black_box(&f.flat)))
    });
    heavy.bench_function("betweenness_10_sources", |b| {
        b.iter(|| algorithms::betweenness_sampled(black_box(&f.graph), &f.betweenness_sources))
    });
    heavy.finish();

    // Per-request lookups: microseconds, so criterion's default sampling.
    let mut light = c.benchmark_group("lookup");
    light
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let index = f.kg.search_index();
    for (name, query) in [
        ("search_exact", &f.exact),
        ("search_misspelt", &f.misspelt),
        ("search_prefix", &f.prefix),
    ] {
        light.bench_function(name, |b| {
            b.iter(|| index.search(black_box(query), None, SEARCH_LIMIT))
        });
    }
    light.bench_function("collaborators_hub", |b| {
        b.iter(|| f.kg.collaborators_of(black_box(f.hub), Interrupt::never()))
    });
    light.bench_function("collaborators_median", |b| {
        b.iter(|| {
            f.kg.collaborators_of(black_box(f.median), Interrupt::never())
        })
    });
    light.finish();
}

criterion_group!(graph, benches);
criterion_main!(graph);
