//! Times the phases of loading a seed as `collabgraph::load_graph` does, and the memory held
//! once loaded and at most: read the files and type their records (parse + validate each
//! record), then check the records against each other and build the graph while the search
//! index is built on a second thread; then the index of what each source supports, which the
//! service builds on first use; prints one JSON object.
//! Part of the load benchmark (benches/run.sh):
//!
//!     cargo run --release --example load_phases -- target/bench/large.json

use std::time::Instant;

use collabgraph::{
    graph::{KnowledgeGraph, Topology},
    search::SearchIndex,
};

/// The allocator the `collabgraph` binary uses, so that these figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: load_phases SEED");
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let start = Instant::now();
    // The records are all read when the work alongside the check starts.
    let (records, (read, search), topology) = collabgraph::seed::load_alongside(
        std::path::Path::new(&path),
        &collabgraph::seed::LoadOptions {
            max_file_bytes: u64::MAX,
            ..Default::default()
        },
        |records| (start.elapsed().as_secs_f64(), SearchIndex::build(records)),
        |records, ids| Topology::build(records, Some(ids)),
    )
    .unwrap_or_else(|report| panic!("{report}"));
    let kg = KnowledgeGraph::from_parts(records, search, topology);
    let total = start.elapsed().as_secs_f64();
    let rss_built = status("VmRSS:");
    let peak = status("VmHWM:");
    let (nodes, edges) = (kg.node_count(), kg.edge_count());
    // What each source supports is indexed the first time it is asked for, not at load: its
    // build, and the bytes its entries take (each list is exactly as long as it holds).
    let start = Instant::now();
    let (citing_records, citing_relations) = (0..kg.sources.len())
        .map(|s| (kg.records_citing(s).len(), kg.relations_citing(s).len()))
        .fold((0, 0), |(r, e), (sr, se)| (r + sr, e + se));
    let citing_s = start.elapsed().as_secs_f64();
    let citing_bytes = citing_records * size_of::<collabgraph::model::NodeRef>()
        + citing_relations * size_of::<petgraph::graph::EdgeIndex>()
        + 2 * kg.sources.len() * size_of::<Vec<u8>>();
    println!(
        "{{\"seed_bytes\": {bytes}, \"nodes\": {nodes}, \"edges\": {edges}, \
         \"read_s\": {read:.3}, \"check_and_build_s\": {:.3}, \
         \"total_s\": {total:.3}, \"rss_loaded_mib\": {:.1}, \
         \"peak_rss_mib\": {:.1}, \"bytes_per_node\": {:.0}, \"bytes_per_edge\": {:.0}, \
         \"citing_index_s\": {citing_s:.3}, \"citing_records\": {citing_records}, \
         \"citing_relations\": {citing_relations}, \"citing_index_mib\": {:.1}}}",
        total - read,
        rss_built as f64 / 1024.0,
        peak as f64 / 1024.0,
        rss_built as f64 * 1024.0 / nodes.max(1) as f64,
        rss_built as f64 * 1024.0 / edges.max(1) as f64,
        citing_bytes as f64 / (1024.0 * 1024.0),
    );
    drop(kg);
}
