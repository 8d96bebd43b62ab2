//! collabgraph: a GraphQL knowledge graph of academic collaborations.
//!
//! Data flows one way, one module per step:
//!
//! ```text
//! seed/*.json
//!   -> seed    read, check and merge seed files; every problem reported with file, path, line
//!   -> model   the typed records (checked ids, dates, country codes); no petgraph, no GraphQL
//!   -> graph   KnowledgeGraph: a petgraph graph of typed nodes and edges over the records,
//!              id indexes, traversal (relations both ways, collaborators, provenance)
//!   -> network views of the graph (whole, institution or country projections, filtered) and
//!              paths; `algorithms` measures them (centralities, communities, bridges)
//!   -> export  views written for drawing tools: Cytoscape.js and graphology JSON, GEXF, GraphML
//!   -> search  the name index behind `search(text:)`
//!   -> api     async-graphql objects wrapping (snapshot, index); thin, no algorithms
//!   -> server  axum routes: /graphql (POST, GET), /export/{format}, /healthz, and `web`'s pages;
//!              `documents` keeps parsed queries by text, `limits` checks them
//!   -> web     the front end built from web/ and embedded: the playground (/), the explorer
//!              (/explore) and their assets, served with no CDN
//! ```
//!
//! The graph is immutable: the server holds the current one in an `ArcSwap`, each request
//! takes it once, and a new seed means a new graph swapped in whole. `main.rs` is the CLI.
//! `generate` writes realistic seeds of any size for benchmarks (`benches/`).

pub mod algorithms;
pub mod api;
pub mod documents;
pub mod export;
pub mod generate;
pub mod graph;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod network;
pub mod reload;
pub mod search;
pub mod seed;
pub mod server;
pub mod web;

use std::path::PathBuf;

/// The seed bundled with the source: the directory `seed/` beside Cargo.toml.
pub fn bundled_seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// Loads, checks and builds the graph of the seed at `path`.
pub fn load_graph(path: &std::path::Path) -> Result<graph::KnowledgeGraph, seed::SeedReport> {
    // The search index is built while the records are checked, the graph once they are found
    // good (see `seed::load_alongside`).
    seed::load_alongside(path, search::SearchIndex::build, |records, ids| {
        graph::Topology::build(records, Some(ids))
    })
    .map(|(records, search, topology)| graph::KnowledgeGraph::from_parts(records, search, topology))
}
