//! Network views: the part of the graph a question is about, as nodes and weighted edges ready
//! to measure (see `algorithms`) or to draw and export (see `export`).
//!
//! A view is the whole graph or a projection of it (institution to institution, country to
//! country), narrowed by filters (countries, institution kinds, topics, a time window, a seed
//! node and depth) and bounded by a node limit that says when it cut. The unfiltered views and
//! their measures are computed once per graph snapshot and cached.
//!
//! - `mod.rs`: a view ([`NetworkView`]: nodes, edges, measures), its cache and [`view`].
//! - `filter.rs`: what a view keeps ([`NetworkFilter`], [`Projection`]), and [`check`], which
//!   turns a request's filter ([`FilterRequest`], from GraphQL or an export) into one.
//! - `build.rs`: building a view from the graph: which records pass, projections, seed and limit.
//! - `info.rs`: what a node or edge of a view says when drawn ([`NodeInfo`], [`EdgeInfo`]).
//! - `rank.rs`: rankings and groupings of a view's nodes by its measures (the most central,
//!   the communities, the bridges as edges of the view).
//! - `paths.rs`: paths between records of the graph ([`GraphPath`], shortest and simple paths).
//! - `algorithms/`: the measures, over a view turned into an [`AnalysisGraph`].

pub mod algorithms;
mod build;
mod filter;
mod info;
mod paths;
mod rank;

use std::sync::{Arc, OnceLock};

use petgraph::Direction;

use self::algorithms::AnalysisGraph;
#[cfg(test)]
pub(crate) use self::filter::{DEFAULT_DEPTH, DEFAULT_VIEW_LIMIT};
pub(crate) use self::filter::{
    FilterError, FilterField, FilterProblem, FilterRequest, MAX_DEPTH, MAX_LIST_VALUES, check,
};
pub use self::{
    filter::{NetworkFilter, Projection, Weights},
    info::{AttrValue, EdgeInfo, NodeInfo},
    paths::{GraphPath, shortest_path, simple_paths},
    rank::Centrality,
};
use crate::{
    graph::{EdgeView, KnowledgeGraph, Relation},
    interrupt::{Interrupt, Interrupted},
    model::{NodeKind, NodeRef},
};

/// A node of a view: a record of the graph, or a country in the country projection.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ViewNode {
    /// A record.
    Record(NodeRef),
    /// A country, by ISO code.
    Country(String),
}

/// What an edge of a view stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewEdgeKind {
    /// A relation of the graph.
    Relation(EdgeView),
    /// Two institutions (or countries) share these agreements, labs and works.
    Collaboration(Shared),
}

/// What two institutions (or countries) share: the records through which they collaborate,
/// each in index order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shared {
    /// Shared agreements (indexes).
    pub agreements: Vec<usize>,
    /// Shared labs (indexes).
    pub labs: Vec<usize>,
    /// Shared works (indexes): co-publications.
    pub works: Vec<usize>,
}

impl Shared {
    /// Adds a record of `kind` (an agreement, lab or work) they share.
    fn add(&mut self, kind: NodeKind, index: usize) {
        let list = match kind {
            NodeKind::Agreement => &mut self.agreements,
            NodeKind::Lab => &mut self.labs,
            _ => &mut self.works,
        };
        list.push(index);
    }

    /// The edge's weight: each shared record counted at its signal's weight.
    pub fn weight(&self, weights: &Weights) -> f64 {
        self.agreements.len() as f64 * weights.agreements
            + self.labs.len() as f64 * weights.labs
            + self.works.len() as f64 * weights.works
    }
}

/// An edge of a view between nodes `a` and `b` (positions in the view's node list).
#[derive(Debug, Clone, PartialEq)]
pub struct ViewEdge {
    /// The edge's source, as a position in `nodes`.
    pub a: usize,
    /// The edge's target, as a position in `nodes`.
    pub b: usize,
    /// For a collaboration, its shared records, each at its signal's weight (by default
    /// shared agreements plus labs plus works); 1 for a relation.
    pub weight: f64,
    /// What the edge stands for.
    pub kind: ViewEdgeKind,
}

/// A network view with its measures.
pub struct NetworkView {
    /// The nodes.
    pub nodes: Vec<ViewNode>,
    /// The edges.
    pub edges: Vec<ViewEdge>,
    /// Whether the node limit cut the view.
    pub truncated: bool,
    measures: OnceLock<Measures>,
    costly: OnceLock<CostlyMeasures>,
}

/// Measures cheap enough to compute for every view: O(V + E) or a few passes of it.
pub struct Measures {
    /// Distinct neighbours of each node.
    pub degree: Vec<usize>,
    /// PageRank of each node (weighted, damping 0.85, tolerance 1e-6).
    pub pagerank: Vec<f64>,
    /// Louvain community of each node (weighted, resolution 1), largest first.
    pub community: Vec<usize>,
    /// Modularity of those communities.
    pub modularity: f64,
    /// Connected components, largest first.
    pub components: Vec<Vec<usize>>,
    /// Articulation points.
    pub articulation_points: Vec<usize>,
    /// Bridges as pairs of node positions.
    pub bridges: Vec<(usize, usize)>,
}

/// Measures that cost O(V * E): computed only when asked for, and cached with the view.
pub struct CostlyMeasures {
    /// Betweenness centrality (normalized, unweighted).
    pub betweenness: Vec<f64>,
    /// Closeness centrality (Wasserman-Faust, unweighted).
    pub closeness: Vec<f64>,
}

/// The largest view a request may build.
pub const MAX_VIEW_NODES: usize = 20_000;

impl NetworkView {
    fn new(nodes: Vec<ViewNode>, edges: Vec<ViewEdge>, truncated: bool) -> Self {
        NetworkView {
            nodes,
            edges,
            truncated,
            measures: OnceLock::new(),
            costly: OnceLock::new(),
        }
    }

    /// The view as an undirected weighted graph for the algorithms.
    pub fn analysis_graph(&self) -> AnalysisGraph {
        algorithms::analysis_graph(
            self.nodes.len(),
            self.edges.iter().map(|e| (e.a, e.b, e.weight)),
        )
    }

    /// Degree, PageRank, communities, components, bridges: computed once per view, unless
    /// `interrupt` stops the work (between two measures: none takes long on a view a request
    /// may build).
    pub fn measures(&self, interrupt: &Interrupt) -> Result<&Measures, Interrupted> {
        if let Some(measures) = self.measures.get() {
            return Ok(measures);
        }
        let graph = self.analysis_graph();
        interrupt.check()?;
        let community = algorithms::louvain(&graph, 1.0);
        interrupt.check()?;
        let degree = algorithms::degree(&graph);
        let pagerank = algorithms::pagerank(&graph, 0.85, 1e-6, 100);
        interrupt.check()?;
        let components = algorithms::components(&graph);
        let articulation_points = algorithms::articulation_points(&graph);
        interrupt.check()?;
        let measures = Measures {
            degree,
            pagerank,
            modularity: algorithms::modularity(&graph, &community, 1.0),
            community,
            components,
            articulation_points,
            bridges: algorithms::bridges(&graph),
        };
        // Two requests may have computed them at once: the first kept is the one every
        // request sees.
        Ok(self.measures.get_or_init(|| measures))
    }

    /// Betweenness and closeness: computed once per view, when first asked for, unless
    /// `interrupt` stops the work (it is checked for each node the paths start from).
    pub fn costly_measures(&self, interrupt: &Interrupt) -> Result<&CostlyMeasures, Interrupted> {
        if let Some(costly) = self.costly.get() {
            return Ok(costly);
        }
        let graph = self.analysis_graph();
        let costly = CostlyMeasures {
            betweenness: algorithms::betweenness(&graph, interrupt)?,
            closeness: algorithms::closeness(&graph, interrupt)?,
        };
        Ok(self.costly.get_or_init(|| costly))
    }

    /// Position of a node in the view.
    pub fn position(&self, node: &ViewNode) -> Option<usize> {
        self.nodes.iter().position(|n| n == node)
    }
}

/// Views of one graph that are worth keeping: the unfiltered one of each projection. It belongs
/// to the graph it was built from ([`crate::snapshot::Snapshot`] keeps the two together).
#[derive(Default)]
pub struct ViewCache {
    full: OnceLock<Arc<NetworkView>>,
    institutions: OnceLock<Arc<NetworkView>>,
    countries: OnceLock<Arc<NetworkView>>,
}

/// Why a view could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// The request stopped the work before the view was done.
    #[error(transparent)]
    Interrupted(#[from] Interrupted),
    /// The view would hold more nodes than a request may build.
    #[error(
        "the view would hold {nodes} nodes, more than the {max} a request may build; narrow it with filters or a seed node"
    )]
    TooLarge {
        /// How many nodes it would hold.
        nodes: usize,
        /// The most allowed.
        max: usize,
    },
}

/// The view `filter` asks for: cached when unfiltered, else built for the request; `interrupt`
/// stops the building.
pub fn view(
    kg: &KnowledgeGraph,
    cache: &ViewCache,
    filter: &NetworkFilter,
    interrupt: &Interrupt,
) -> Result<Arc<NetworkView>, ViewError> {
    if !filter.is_unfiltered() {
        return Ok(Arc::new(build::build(kg, filter, interrupt)?));
    }
    // The unfiltered view is cached whole, whatever limit asked for it first; a smaller limit
    // then keeps its best-connected nodes in a view of its own.
    let slot = match filter.projection {
        Projection::Full => &cache.full,
        Projection::Institutions => &cache.institutions,
        Projection::Countries => &cache.countries,
    };
    let whole = match slot.get() {
        Some(view) => view.clone(),
        None => {
            let size = match filter.projection {
                Projection::Full => kg.node_count(),
                Projection::Institutions => kg.institutions.len(),
                Projection::Countries => 0,
            };
            if size > MAX_VIEW_NODES {
                return Err(ViewError::TooLarge {
                    nodes: size,
                    max: MAX_VIEW_NODES,
                });
            }
            let uncut = NetworkFilter {
                limit: MAX_VIEW_NODES,
                ..filter.clone()
            };
            let built = Arc::new(build::build(kg, &uncut, interrupt)?);
            slot.get_or_init(|| built).clone()
        }
    };
    if whole.nodes.len() <= filter.limit {
        return Ok(whole);
    }
    Ok(Arc::new(build::restrict(
        whole.nodes.clone(),
        whole.edges.clone(),
        filter,
    )))
}

/// The records next to `node` through relations in `relations` (all if empty), either way:
/// the step both an ego network (`build`) and a path (`paths`) take.
fn linked(kg: &KnowledgeGraph, node: NodeRef, relations: &[Relation]) -> Vec<(NodeRef, EdgeView)> {
    let mut found = Vec::new();
    for direction in [Direction::Outgoing, Direction::Incoming] {
        for edge in kg.edges(node, direction, None) {
            if relations.is_empty() || relations.contains(&edge.edge.relation) {
                let other = if direction == Direction::Outgoing {
                    edge.to
                } else {
                    edge.from
                };
                found.push((other, edge));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{graph::tests::bundled, model::NodeKind};

    pub(super) fn record(kg: &KnowledgeGraph, kind: NodeKind, id: &str) -> NodeRef {
        kg.find(kind, id).unwrap()
    }

    pub(super) fn label(kg: &KnowledgeGraph, view: &NetworkView, position: usize) -> String {
        match &view.nodes[position] {
            ViewNode::Record(n) => kg.id_of(*n).to_string(),
            ViewNode::Country(c) => c.clone(),
        }
    }

    #[test]
    fn the_institution_projection_puts_kaznu_at_the_centre() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter, Interrupt::never()).unwrap();
        assert_eq!(view.nodes.len(), 5);
        assert_eq!(
            view.edges.len(),
            3,
            "KazNU to each partner; CAS is isolated"
        );
        let measures = view.measures(Interrupt::never()).unwrap();
        let kaznu = view
            .position(&ViewNode::Record(record(
                &kg,
                NodeKind::Institution,
                "kaznu",
            )))
            .unwrap();
        let best = (0..view.nodes.len())
            .max_by(|&a, &b| measures.pagerank[a].total_cmp(&measures.pagerank[b]))
            .unwrap();
        assert_eq!(best, kaznu);
        assert_eq!(measures.articulation_points, vec![kaznu]);
        assert_eq!(measures.bridges.len(), 3);
        assert_eq!(measures.components.len(), 2);
        assert_eq!(
            label(
                &kg,
                &view,
                view.costly_measures(Interrupt::never())
                    .unwrap()
                    .betweenness
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap()
                    .0
            ),
            "kaznu"
        );
    }

    #[test]
    fn the_three_chinese_partners_are_two_hops_apart_through_kaznu() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter, Interrupt::never()).unwrap();
        let graph = view.analysis_graph();
        let cup = view
            .position(&ViewNode::Record(record(&kg, NodeKind::Institution, "cup")))
            .unwrap();
        let szu = view
            .position(&ViewNode::Record(record(&kg, NodeKind::Institution, "szu")))
            .unwrap();
        let path = algorithms::shortest_path(cup, szu, 10, |n, out| {
            out.extend(
                graph
                    .neighbors(petgraph::graph::NodeIndex::new(n))
                    .map(|x| x.index()),
            )
        })
        .unwrap();
        assert_eq!(
            path.iter()
                .map(|&p| label(&kg, &view, p))
                .collect::<Vec<_>>(),
            ["cup", "kaznu", "szu"]
        );
    }

    #[test]
    fn the_cached_whole_view_serves_every_limit() {
        let kg = bundled();
        let small = NetworkFilter {
            limit: 5,
            ..Default::default()
        };
        let cut = view(&kg, &ViewCache::default(), &small, Interrupt::never()).unwrap();
        assert_eq!(cut.nodes.len(), 5);
        assert!(cut.truncated);
        let whole = view(
            &kg,
            &ViewCache::default(),
            &NetworkFilter {
                limit: 1000,
                ..Default::default()
            },
            Interrupt::never(),
        )
        .unwrap();
        assert_eq!(whole.nodes.len(), kg.node_count());
        assert!(!whole.truncated);
    }
}
