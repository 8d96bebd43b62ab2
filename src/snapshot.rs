//! The graph requests read now: one immutable [`Snapshot`] (the graph and the network views
//! cached for it), held in [`Current`] and replaced whole when the seed is reloaded.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use arc_swap::ArcSwap;

use crate::{
    config::DEFAULT_MAX_SEED_FILE_BYTES,
    graph::{KnowledgeGraph, Topology},
    interrupt::Interrupt,
    network::{self, NetworkFilter, NetworkView, ViewCache, ViewError},
    search::SearchIndex,
    seed::{self, LoadOptions, SeedReport},
};

/// One version of the graph with the views worth keeping for it. A view belongs to the graph
/// it was built from, so the cache lives and dies with its snapshot: a reload starts empty.
pub struct Snapshot {
    graph: Arc<KnowledgeGraph>,
    views: ViewCache,
}

impl Snapshot {
    /// A snapshot of `graph`, with no view cached yet.
    pub fn new(graph: KnowledgeGraph) -> Self {
        Snapshot {
            graph: Arc::new(graph),
            views: ViewCache::default(),
        }
    }

    /// The graph.
    pub fn graph(&self) -> &Arc<KnowledgeGraph> {
        &self.graph
    }

    /// The network view `filter` asks for, from this snapshot's cache when it keeps one;
    /// `interrupt` stops the building.
    pub fn view(
        &self,
        filter: &NetworkFilter,
        interrupt: &Interrupt,
    ) -> Result<Arc<NetworkView>, ViewError> {
        network::view(&self.graph, &self.views, filter, interrupt)
    }
}

/// The snapshot being served. ArcSwap, not a lock: each request takes the current snapshot
/// once, without waiting, and a reload replaces it in one atomic store while the requests in
/// flight finish on the one they took.
pub(crate) struct Current(ArcSwap<Snapshot>);

impl Current {
    /// Serving `graph`.
    pub(crate) fn new(graph: KnowledgeGraph) -> Self {
        Current(ArcSwap::from_pointee(Snapshot::new(graph)))
    }

    /// The snapshot to read now.
    pub(crate) fn load(&self) -> Arc<Snapshot> {
        self.0.load_full()
    }

    /// Serves `graph` from now on.
    pub(crate) fn replace(&self, graph: KnowledgeGraph) {
        self.0.store(Arc::new(Snapshot::new(graph)));
    }
}

/// The seed bundled with the source: the directory `seed/` beside Cargo.toml.
pub fn bundled_seed_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seed")
}

/// Loads, checks and builds the graph of the seed at `path`, whose files may each hold up to
/// [`DEFAULT_MAX_SEED_FILE_BYTES`] bytes.
pub fn load_graph(path: &Path) -> Result<KnowledgeGraph, SeedReport> {
    load_graph_limited(path, DEFAULT_MAX_SEED_FILE_BYTES)
}

/// Loads, checks and builds the graph of the seed at `path`, refusing any file over
/// `max_file_bytes` before reading it.
pub fn load_graph_limited(path: &Path, max_file_bytes: u64) -> Result<KnowledgeGraph, SeedReport> {
    load_graph_with(
        path,
        &LoadOptions {
            max_file_bytes,
            ..LoadOptions::default()
        },
    )
}

/// Loads, checks and builds the graph of the seed at `path` as `options` say.
pub fn load_graph_with(path: &Path, options: &LoadOptions) -> Result<KnowledgeGraph, SeedReport> {
    // The search index is built while the records are checked, the graph once they are found
    // good (see `seed::load_alongside`).
    seed::load_alongside(path, options, SearchIndex::build, |records, ids| {
        Topology::build(records, Some(ids))
    })
    .map(|(records, search, topology)| KnowledgeGraph::from_parts(records, search, topology))
}
