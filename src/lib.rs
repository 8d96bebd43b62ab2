//! collabgraph: a GraphQL knowledge graph of academic collaborations.
//!
//! # Layout
//!
//! Data flows one way, top to bottom; each folder may use the ones above it and none below:
//!
//! ```text
//! seed/*.json
//!   -> config    every setting and its default: request limits, what is exposed
//!   -> error     the error codes clients see (`extensions.code`) and their HTTP statuses
//!   -> interrupt stopping a request's work when its time is up or its client has gone
//!   -> model     the typed records (checked ids, dates, country codes) and the record
//!                vocabulary (`Records`, `NodeKind`, `NodeRef`); no petgraph, no GraphQL
//!   -> search    the name index behind `search(text:)`: normalisation, words, typo distances
//!   -> seed      read, check and merge seed files; every problem reported with file, path, line
//!   -> graph     KnowledgeGraph: a petgraph graph of typed nodes and edges over the records,
//!                id indexes, kept orders, traversals, and the list queries (filters, sorts,
//!                counts, timeline) the API asks of it
//!   -> network   views of the graph (whole, institution or country projections, filtered),
//!                their cache, paths, and the measures of a view (centrality, community,
//!                connectivity)
//!   -> export    views written for drawing tools: Cytoscape.js and graphology JSON, GEXF, GraphML
//!   -> snapshot  the graph requests read now and its cached views, swapped whole on reload
//!   -> api       async-graphql objects over a snapshot, one file per domain; thin: each field
//!                translates arguments into a graph call and its result into GraphQL
//!   -> http      axum: app state and routes, GraphQL over HTTP with its limits and parsed-query
//!                cache, where requests' work runs (lanes off the async workers), export
//!                parameters and streaming, the web pages, health, metrics, reload, `serve`
//! ```
//!
//! `main.rs` is the command line and calls into [`http::serve`]; the integration tests start
//! the same server. `generate` writes realistic seeds of any size for benchmarks (`benches/`),
//! and with `generate::registries` what registries publish (ROR and OpenAlex records) at their
//! scale; `import` writes registries' records (ROR; OpenAlex's institutions, works and authors)
//! as seeds. Both sit between `graph` and `network`.

pub mod api;
pub mod config;
mod error;
pub mod export;
pub mod generate;
pub mod graph;
pub mod http;
pub mod import;
pub mod interrupt;
pub mod model;
pub mod network;
pub mod search;
pub mod seed;
mod snapshot;

pub use snapshot::{bundled_seed_dir, load_graph, load_graph_limited, load_graph_with};
