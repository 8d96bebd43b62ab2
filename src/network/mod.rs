//! Network views: the part of the graph a question is about, as nodes and weighted edges ready
//! to measure (see `algorithms`) or to draw and export (see `export`).
//!
//! A view is the whole graph or a projection of it (institution to institution, country to
//! country), narrowed by filters (countries, institution kinds, topics, a time window, a seed
//! node and depth) and bounded by a node limit that says when it cut. The unfiltered views and
//! their measures are computed once per graph snapshot and cached.

pub mod algorithms;

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::{Arc, OnceLock},
};

use petgraph::Direction;

use self::algorithms::AnalysisGraph;
use crate::{
    graph::{EdgeView, KnowledgeGraph, Relation},
    model::{InstitutionKind, NodeKind, NodeRef, PartialDate, Status},
};

/// Which network to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Projection {
    /// Every kind of node and relation.
    #[default]
    Full,
    /// Institutions, linked when they share agreements or labs.
    Institutions,
    /// Countries, linked when their institutions share agreements or labs.
    Countries,
}

/// What a view keeps. Empty lists and `None` keep everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkFilter {
    /// Which network.
    pub projection: Projection,
    /// Full graph only: kinds of node to keep.
    pub node_kinds: Vec<NodeKind>,
    /// Full graph only: relations to keep.
    pub relations: Vec<Relation>,
    /// Institutions in these countries (ISO codes).
    pub countries: Vec<String>,
    /// Institutions of these kinds.
    pub institution_kinds: Vec<InstitutionKind>,
    /// Agreements covering, and labs working on, one of these topics (indexes).
    pub topics: Vec<usize>,
    /// Agreements signed, and labs opened, on or before the window's end and not ended before
    /// its start: the network as it stood then.
    pub window: Option<(Option<PartialDate>, Option<PartialDate>)>,
    /// Only nodes within `depth` steps of this node.
    pub seed: Option<(NodeRef, usize)>,
    /// Most nodes to return.
    pub limit: usize,
}

impl NetworkFilter {
    /// Whether the filter keeps everything (its view can be cached).
    fn is_unfiltered(&self) -> bool {
        self.node_kinds.is_empty()
            && self.relations.is_empty()
            && self.countries.is_empty()
            && self.institution_kinds.is_empty()
            && self.topics.is_empty()
            && self.window.is_none()
            && self.seed.is_none()
    }
}

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
    /// Two institutions (or countries) share these agreements and labs.
    Collaboration {
        /// Shared agreements (indexes).
        agreements: Vec<usize>,
        /// Shared labs (indexes).
        labs: Vec<usize>,
    },
}

/// An edge of a view between nodes `a` and `b` (positions in the view's node list).
#[derive(Debug, Clone, PartialEq)]
pub struct ViewEdge {
    /// The edge's source, as a position in `nodes`.
    pub a: usize,
    /// The edge's target, as a position in `nodes`.
    pub b: usize,
    /// Shared agreements plus shared labs for a collaboration; 1 for a relation.
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

    /// Degree, PageRank, communities, components, bridges: computed once per view.
    pub fn measures(&self) -> &Measures {
        self.measures.get_or_init(|| {
            let graph = self.analysis_graph();
            let community = algorithms::louvain(&graph, 1.0);
            Measures {
                degree: algorithms::degree(&graph),
                pagerank: algorithms::pagerank(&graph, 0.85, 1e-6, 100),
                modularity: algorithms::modularity(&graph, &community, 1.0),
                community,
                components: algorithms::components(&graph),
                articulation_points: algorithms::articulation_points(&graph),
                bridges: algorithms::bridges(&graph),
            }
        })
    }

    /// Betweenness and closeness: computed once per view, when first asked for.
    pub fn costly_measures(&self) -> &CostlyMeasures {
        self.costly.get_or_init(|| {
            let graph = self.analysis_graph();
            CostlyMeasures {
                betweenness: algorithms::betweenness(&graph),
                closeness: algorithms::closeness(&graph),
            }
        })
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

/// The view `filter` asks for: cached when unfiltered, else built for the request.
pub fn view(
    kg: &KnowledgeGraph,
    cache: &ViewCache,
    filter: &NetworkFilter,
) -> Result<Arc<NetworkView>, ViewError> {
    if !filter.is_unfiltered() {
        return Ok(Arc::new(build(kg, filter)));
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
            slot.get_or_init(|| Arc::new(build(kg, &uncut))).clone()
        }
    };
    if whole.nodes.len() <= filter.limit {
        return Ok(whole);
    }
    Ok(Arc::new(restrict(
        whole.nodes.clone(),
        whole.edges.clone(),
        filter,
    )))
}

/// Which records a filter keeps, before projection.
struct Keep<'a> {
    kg: &'a KnowledgeGraph,
    filter: &'a NetworkFilter,
    topic_ids: HashSet<&'a str>,
}

impl<'a> Keep<'a> {
    fn new(kg: &'a KnowledgeGraph, filter: &'a NetworkFilter) -> Self {
        let topic_ids = filter
            .topics
            .iter()
            .map(|&t| kg.topics[t].id.as_str())
            .collect();
        Keep {
            kg,
            filter,
            topic_ids,
        }
    }

    fn institution(&self, index: usize) -> bool {
        let inst = &self.kg.institutions[index];
        (self.filter.countries.is_empty()
            || self
                .filter
                .countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(inst.country.as_str())))
            && (self.filter.institution_kinds.is_empty()
                || self.filter.institution_kinds.contains(&inst.kind))
    }

    /// An agreement is in the window if it was signed by the window's end (or its date is not
    /// known) and had not ended before the window's start.
    fn agreement(&self, index: usize) -> bool {
        let a = &self.kg.agreements[index];
        let on_topic = self.topic_ids.is_empty()
            || a.topics.iter().any(|t| self.topic_ids.contains(t.as_str()))
            || a.activities
                .iter()
                .flat_map(|x| &x.topics)
                .any(|t| self.topic_ids.contains(t.as_str()));
        on_topic && self.agreement_in_window(index)
    }

    fn agreement_in_window(&self, index: usize) -> bool {
        let a = &self.kg.agreements[index];
        match &self.filter.window {
            None => true,
            Some((from, to)) => {
                let signed_by_end = match (a.signed, to) {
                    (Some(signed), Some(to)) => signed.date().earliest() <= to.latest(),
                    _ => true,
                };
                let not_ended = match (a.valid_to, from) {
                    (Some(end), Some(from)) => end.latest() >= from.earliest(),
                    (None, Some(_)) if a.status == Status::Ended => false,
                    _ => true,
                };
                signed_by_end && not_ended
            }
        }
    }

    fn lab(&self, index: usize) -> bool {
        let lab = &self.kg.labs[index];
        let on_topic = self.topic_ids.is_empty()
            || lab
                .focus
                .iter()
                .any(|t| self.topic_ids.contains(t.as_str()));
        // A lab with no opening date stands from when an agreement that sets it up was signed.
        let in_window = match (&self.filter.window, lab.opened) {
            (Some((_, Some(to))), Some(opened)) => opened.date().earliest() <= to.latest(),
            (Some(_), None) => {
                let lab = NodeRef {
                    kind: NodeKind::Lab,
                    index,
                };
                let founding = self
                    .kg
                    .neighbours(lab, Direction::Incoming, Relation::Establishes);
                founding.is_empty() || founding.iter().any(|a| self.agreement_in_window(a.index))
            }
            _ => true,
        };
        on_topic && in_window
    }

    /// Whether a record survives the filter in the full graph.
    fn record(&self, node: NodeRef) -> bool {
        if !self.filter.node_kinds.is_empty() && !self.filter.node_kinds.contains(&node.kind) {
            return false;
        }
        match node.kind {
            NodeKind::Institution => self.institution(node.index),
            NodeKind::Agreement => self.agreement(node.index),
            NodeKind::Lab => self.lab(node.index),
            _ => true,
        }
    }
}

fn build(kg: &KnowledgeGraph, filter: &NetworkFilter) -> NetworkView {
    let keep = Keep::new(kg, filter);
    // Around a seed in the whole graph, walk out from it: the cost is the neighbourhood's, not
    // the graph's.
    if let (Projection::Full, Some((seed, depth))) = (filter.projection, filter.seed) {
        return ego_network(kg, &keep, seed, depth);
    }
    let (nodes, edges) = match filter.projection {
        Projection::Full => full(kg, &keep),
        Projection::Institutions => institutions(kg, &keep),
        Projection::Countries => countries(kg, &keep),
    };
    restrict(nodes, edges, filter)
}

/// The records within `depth` steps of `seed` that pass the filter, in breadth-first order,
/// at most `filter.limit`, and the relations among them.
fn ego_network(kg: &KnowledgeGraph, keep: &Keep, seed: NodeRef, depth: usize) -> NetworkView {
    let limit = keep.filter.limit.clamp(1, MAX_VIEW_NODES);
    if !keep.record(seed) {
        return NetworkView::new(Vec::new(), Vec::new(), false);
    }
    let relations = &keep.filter.relations;
    let (reached, truncated) =
        algorithms::neighbourhood(kg.dense_index(seed), depth, limit, |i, out| {
            out.extend(
                linked(kg, kg.node_at(i), relations)
                    .into_iter()
                    .filter(|(other, _)| keep.record(*other))
                    .map(|(other, _)| kg.dense_index(other)),
            );
        });
    let position: HashMap<usize, usize> = reached
        .iter()
        .enumerate()
        .map(|(p, &(i, _))| (i, p))
        .collect();
    let mut edges = Vec::new();
    for &(i, _) in &reached {
        for edge in kg.edges(kg.node_at(i), Direction::Outgoing, None) {
            if !relations.is_empty() && !relations.contains(&edge.edge.relation) {
                continue;
            }
            if let Some(&b) = position.get(&kg.dense_index(edge.to)) {
                edges.push(ViewEdge {
                    a: position[&i],
                    b,
                    weight: 1.0,
                    kind: ViewEdgeKind::Relation(edge),
                });
            }
        }
    }
    let nodes = reached
        .into_iter()
        .map(|(i, _)| ViewNode::Record(kg.node_at(i)))
        .collect();
    NetworkView::new(nodes, edges, truncated)
}

fn full(kg: &KnowledgeGraph, keep: &Keep) -> (Vec<ViewNode>, Vec<ViewEdge>) {
    let mut position: HashMap<NodeRef, usize> = HashMap::new();
    let mut nodes = Vec::new();
    for kind in NodeKind::ALL {
        for index in 0..kg.len(kind) {
            let node = NodeRef { kind, index };
            if keep.record(node) {
                position.insert(node, nodes.len());
                nodes.push(ViewNode::Record(node));
            }
        }
    }
    let edges = kg
        .all_edges()
        .filter(|e| {
            keep.filter.relations.is_empty() || keep.filter.relations.contains(&e.edge.relation)
        })
        .filter_map(|e| {
            let (a, b) = (*position.get(&e.from)?, *position.get(&e.to)?);
            Some(ViewEdge {
                a,
                b,
                weight: 1.0,
                kind: ViewEdgeKind::Relation(e),
            })
        })
        .collect();
    (nodes, edges)
}

/// Institution pairs and what links them, through agreements and labs that pass the filter.
fn collaborations(
    kg: &KnowledgeGraph,
    keep: &Keep,
    kept: &[bool],
) -> BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> {
    let mut pairs: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let mut link = |members: Vec<usize>, via: usize, is_lab: bool| {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let key = (a.min(b), a.max(b));
                let entry = pairs.entry(key).or_default();
                let list = if is_lab { &mut entry.1 } else { &mut entry.0 };
                if list.last() != Some(&via) {
                    list.push(via);
                }
            }
        }
    };
    let members = |node: NodeRef, relation: Relation| -> Vec<usize> {
        let mut found: Vec<usize> = kg
            .neighbours(node, Direction::Incoming, relation)
            .into_iter()
            .map(|n| n.index)
            .filter(|&i| kept[i])
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    };
    for agreement in (0..kg.agreements.len()).filter(|&a| keep.agreement(a)) {
        let node = NodeRef {
            kind: NodeKind::Agreement,
            index: agreement,
        };
        link(members(node, Relation::PartyTo), agreement, false);
    }
    for lab in (0..kg.labs.len()).filter(|&l| keep.lab(l)) {
        let node = NodeRef {
            kind: NodeKind::Lab,
            index: lab,
        };
        link(members(node, Relation::Hosts), lab, true);
    }
    pairs
}

fn institutions(kg: &KnowledgeGraph, keep: &Keep) -> (Vec<ViewNode>, Vec<ViewEdge>) {
    let kept: Vec<bool> = (0..kg.institutions.len())
        .map(|i| keep.institution(i))
        .collect();
    let pairs = collaborations(kg, keep, &kept);
    // With a topic filter, an institution belongs to the view only through a collaboration.
    let linked: HashSet<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    let mut position = vec![usize::MAX; kg.institutions.len()];
    let mut nodes = Vec::new();
    for (i, &k) in kept.iter().enumerate() {
        if k && (keep.filter.topics.is_empty() || linked.contains(&i)) {
            position[i] = nodes.len();
            nodes.push(ViewNode::Record(NodeRef {
                kind: NodeKind::Institution,
                index: i,
            }));
        }
    }
    let edges = pairs
        .into_iter()
        .map(|((a, b), (agreements, labs))| ViewEdge {
            a: position[a],
            b: position[b],
            weight: (agreements.len() + labs.len()) as f64,
            kind: ViewEdgeKind::Collaboration { agreements, labs },
        })
        .collect();
    (nodes, edges)
}

fn countries(kg: &KnowledgeGraph, keep: &Keep) -> (Vec<ViewNode>, Vec<ViewEdge>) {
    let kept: Vec<bool> = (0..kg.institutions.len())
        .map(|i| keep.institution(i))
        .collect();
    let pairs = collaborations(kg, keep, &kept);
    let country = |i: usize| kg.institutions[i].country.as_str();
    let mut codes: Vec<&str> = if keep.filter.topics.is_empty() {
        (0..kg.institutions.len())
            .filter(|&i| kept[i])
            .map(country)
            .collect()
    } else {
        pairs
            .keys()
            .flat_map(|&(a, b)| [country(a), country(b)])
            .collect()
    };
    codes.sort_unstable();
    codes.dedup();
    let position: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    // Country pairs: the agreements and labs their institutions share (each counted once).
    let mut links: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for ((a, b), (agreements, labs)) in pairs {
        let (ca, cb) = (position[country(a)], position[country(b)]);
        if ca == cb {
            continue;
        }
        let entry = links.entry((ca.min(cb), ca.max(cb))).or_default();
        entry.0.extend(agreements);
        entry.1.extend(labs);
    }
    let nodes = codes
        .iter()
        .map(|c| ViewNode::Country((*c).to_owned()))
        .collect();
    let edges = links
        .into_iter()
        .map(|((a, b), (mut agreements, mut labs))| {
            agreements.sort_unstable();
            agreements.dedup();
            labs.sort_unstable();
            labs.dedup();
            ViewEdge {
                a,
                b,
                weight: (agreements.len() + labs.len()) as f64,
                kind: ViewEdgeKind::Collaboration { agreements, labs },
            }
        })
        .collect();
    (nodes, edges)
}

/// Applies the seed-and-depth restriction and the node limit, renumbering edges.
fn restrict(nodes: Vec<ViewNode>, edges: Vec<ViewEdge>, filter: &NetworkFilter) -> NetworkView {
    let limit = filter.limit.clamp(1, MAX_VIEW_NODES);
    let seed_position = filter.seed.and_then(|(node, depth)| {
        let wanted = match filter.projection {
            Projection::Countries => return None,
            _ => ViewNode::Record(node),
        };
        nodes.iter().position(|n| *n == wanted).map(|p| (p, depth))
    });
    let (order, truncated): (Vec<usize>, bool) = match (filter.seed, seed_position) {
        (Some(_), None) => (Vec::new(), false),
        (_, Some((start, depth))) => {
            let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
            for e in &edges {
                adjacency[e.a].push(e.b);
                adjacency[e.b].push(e.a);
            }
            let (reached, cut) =
                algorithms::neighbourhood(start, depth, limit, |n, out| out.extend(&adjacency[n]));
            (reached.into_iter().map(|(n, _)| n).collect(), cut)
        }
        (None, None) => {
            if nodes.len() <= limit {
                return NetworkView::new(nodes, edges, false);
            }
            // Keep the best-connected nodes.
            let mut degree = vec![0usize; nodes.len()];
            for e in &edges {
                degree[e.a] += 1;
                degree[e.b] += 1;
            }
            let mut order: Vec<usize> = (0..nodes.len()).collect();
            order.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
            order.truncate(limit);
            order.sort_unstable();
            (order, true)
        }
    };
    let mut new_position = vec![usize::MAX; nodes.len()];
    for (i, &old) in order.iter().enumerate() {
        new_position[old] = i;
    }
    let kept_edges = edges
        .into_iter()
        .filter(|e| new_position[e.a] != usize::MAX && new_position[e.b] != usize::MAX)
        .map(|e| ViewEdge {
            a: new_position[e.a],
            b: new_position[e.b],
            ..e
        })
        .collect();
    let kept_nodes = order.into_iter().map(|old| nodes[old].clone()).collect();
    NetworkView::new(kept_nodes, kept_edges, truncated)
}

/// An attribute value of a node or edge, typed for formats that declare types (GEXF, GraphML).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A real number.
    Float(f64),
}

/// A node as drawn: a stable id, its type, a label and typed attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInfo {
    /// Global id (`Institution:kaznu`), or `Country:KZ` in the country projection.
    pub id: String,
    /// `Institution`, `Person`, ..., or `Country`.
    pub node_type: &'static str,
    /// A name to show.
    pub label: String,
    /// What a drawing may style by: country, kind, status, founded, signed...
    pub attributes: Vec<(&'static str, AttrValue)>,
}

/// An edge as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeInfo {
    /// A stable id: the relation's (`PARTY_TO:kaznu>mou-kaznu-cup-2023`), or
    /// `COLLABORATES_WITH:kaznu>szu` in a projection.
    pub id: String,
    /// The source node's id.
    pub source: String,
    /// The target node's id.
    pub target: String,
    /// The relation's name, or `COLLABORATES_WITH` in a projection.
    pub edge_type: &'static str,
    /// 1 for a relation; shared agreements plus labs for a collaboration.
    pub weight: f64,
    /// Whether the edge has a direction (relations do; collaborations do not).
    pub directed: bool,
    /// For a collaboration: the ids of the shared agreements and labs, joined by spaces.
    pub attributes: Vec<(&'static str, AttrValue)>,
}

impl NetworkView {
    /// Node `position`'s stable id: its global id, or `Country:KZ`. (The parts of
    /// `node_info` and `edge_info` that a view reads one by one, without building the rest.)
    pub fn node_id(&self, kg: &KnowledgeGraph, position: usize) -> String {
        match &self.nodes[position] {
            ViewNode::Country(code) => format!("Country:{code}"),
            ViewNode::Record(node) => kg.global_id(*node),
        }
    }

    /// Node `position`'s type: `Institution`, ..., or `Country`.
    pub fn node_type(&self, position: usize) -> &'static str {
        match &self.nodes[position] {
            ViewNode::Country(_) => "Country",
            ViewNode::Record(node) => node.kind.name(),
        }
    }

    /// Node `position`'s label.
    pub fn node_label(&self, kg: &KnowledgeGraph, position: usize) -> String {
        match &self.nodes[position] {
            ViewNode::Country(code) => code.clone(),
            ViewNode::Record(node) => kg.label_of(*node).to_owned(),
        }
    }

    /// Edge `position`'s type: the relation's name, or `COLLABORATES_WITH`.
    pub fn edge_type(&self, position: usize) -> &'static str {
        match &self.edges[position].kind {
            ViewEdgeKind::Relation(view) => view.edge.relation.name(),
            ViewEdgeKind::Collaboration { .. } => "COLLABORATES_WITH",
        }
    }

    /// Whether edge `position` has a direction: relations do, collaborations do not.
    pub fn directed(&self, position: usize) -> bool {
        matches!(self.edges[position].kind, ViewEdgeKind::Relation(_))
    }

    /// How node `position` is drawn.
    pub fn node_info(&self, kg: &KnowledgeGraph, position: usize) -> NodeInfo {
        use AttrValue::{Int, Text};
        match &self.nodes[position] {
            ViewNode::Country(code) => NodeInfo {
                id: self.node_id(kg, position),
                node_type: self.node_type(position),
                label: self.node_label(kg, position),
                attributes: vec![("country", Text(code.clone()))],
            },
            ViewNode::Record(node) => {
                let i = node.index;
                let text = |v: String| Text(v);
                let attributes = match node.kind {
                    NodeKind::Institution => {
                        let r = &kg.institutions[i];
                        let mut a = vec![
                            ("country", text(r.country.to_string())),
                            ("kind", text(snake(&r.kind))),
                        ];
                        if let Some(f) = &r.founded {
                            a.push(("founded", Int(f.year.get().into())));
                        }
                        a
                    }
                    NodeKind::Lab => {
                        let r = &kg.labs[i];
                        vec![
                            ("kind", text(snake(&r.kind))),
                            ("status", text(snake(&r.status))),
                        ]
                    }
                    NodeKind::Agreement => {
                        let r = &kg.agreements[i];
                        let mut a = vec![
                            ("kind", text(snake(&r.kind))),
                            ("status", text(snake(&r.status))),
                        ];
                        if let Some(signed) = r.signed {
                            a.push(("signed", text(signed.date().to_string())));
                        }
                        a
                    }
                    NodeKind::Event => {
                        let r = &kg.events[i];
                        let mut a = vec![("kind", text(snake(&r.kind)))];
                        if let Some(date) = r.date {
                            a.push(("date", text(date.date().to_string())));
                        }
                        a
                    }
                    NodeKind::Source => {
                        let r = &kg.sources[i];
                        let mut a = vec![("kind", text(snake(&r.kind)))];
                        if let Some(date) = r.date {
                            a.push(("date", text(date.to_string())));
                        }
                        a
                    }
                    NodeKind::Person | NodeKind::Topic => Vec::new(),
                };
                NodeInfo {
                    id: self.node_id(kg, position),
                    node_type: self.node_type(position),
                    label: self.node_label(kg, position),
                    attributes,
                }
            }
        }
    }

    /// How edge `position` is drawn.
    pub fn edge_info(&self, kg: &KnowledgeGraph, position: usize) -> EdgeInfo {
        let edge = &self.edges[position];
        let (source, target) = (self.node_id(kg, edge.a), self.node_id(kg, edge.b));
        match &edge.kind {
            ViewEdgeKind::Relation(view) => EdgeInfo {
                id: kg.edge_id(view),
                source,
                target,
                edge_type: self.edge_type(position),
                weight: edge.weight,
                directed: self.directed(position),
                attributes: Vec::new(),
            },
            ViewEdgeKind::Collaboration { agreements, labs } => {
                let short = |id: &str| id.split_once(':').map_or(id, |(_, rest)| rest).to_owned();
                let ids = |list: Vec<&str>| AttrValue::Text(list.join(" "));
                EdgeInfo {
                    id: format!("COLLABORATES_WITH:{}>{}", short(&source), short(&target)),
                    source,
                    target,
                    edge_type: self.edge_type(position),
                    weight: edge.weight,
                    directed: self.directed(position),
                    attributes: vec![
                        (
                            "agreements",
                            ids(agreements
                                .iter()
                                .map(|&a| kg.agreements[a].id.as_str())
                                .collect()),
                        ),
                        (
                            "labs",
                            ids(labs.iter().map(|&l| kg.labs[l].id.as_str()).collect()),
                        ),
                    ],
                }
            }
        }
    }
}

/// The seed format's snake_case name of a model enum value (`research_institute`).
fn snake<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A path between two records, as the records on it and the relations between them.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPath {
    /// The records, ends included.
    pub nodes: Vec<NodeRef>,
    /// The relation between each consecutive pair.
    pub edges: Vec<EdgeView>,
}

/// The records next to `node` through relations in `relations` (all if empty), either way.
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

/// The relation joining two adjacent records (the first one in seed order).
fn edge_between(kg: &KnowledgeGraph, a: NodeRef, b: NodeRef, relations: &[Relation]) -> EdgeView {
    linked(kg, a, relations)
        .into_iter()
        .find(|(other, _)| *other == b)
        .map(|(_, edge)| edge)
        .expect("consecutive path nodes are linked")
}

/// The shortest path between two records through the given relations (all if empty), of at
/// most `max_length` relations, searched from both ends.
pub fn shortest_path(
    kg: &KnowledgeGraph,
    from: NodeRef,
    to: NodeRef,
    relations: &[Relation],
    max_length: usize,
) -> Option<GraphPath> {
    let (index, node) = (|n| kg.dense_index(n), |i| kg.node_at(i));
    let found = algorithms::shortest_path(index(from), index(to), max_length, |i, out| {
        out.extend(
            linked(kg, node(i), relations)
                .into_iter()
                .map(|(n, _)| index(n)),
        );
    })?;
    Some(path_of(
        kg,
        found.into_iter().map(&node).collect(),
        relations,
    ))
}

/// Simple paths between two records of at most `max_length` relations, shortest first, at most
/// `limit`; the bool says whether more were left out.
pub fn simple_paths(
    kg: &KnowledgeGraph,
    from: NodeRef,
    to: NodeRef,
    relations: &[Relation],
    max_length: usize,
    limit: usize,
) -> (Vec<GraphPath>, bool) {
    let (index, node) = (|n| kg.dense_index(n), |i| kg.node_at(i));
    let (paths, more) =
        algorithms::simple_paths(index(from), index(to), max_length, limit, |i, out| {
            let mut next: Vec<usize> = linked(kg, node(i), relations)
                .into_iter()
                .map(|(n, _)| index(n))
                .collect();
            next.sort_unstable();
            next.dedup();
            next.reverse();
            out.extend(next);
        });
    let paths = paths
        .into_iter()
        .map(|p| path_of(kg, p.into_iter().map(&node).collect(), relations))
        .collect();
    (paths, more)
}

fn path_of(kg: &KnowledgeGraph, nodes: Vec<NodeRef>, relations: &[Relation]) -> GraphPath {
    let edges = nodes
        .windows(2)
        .map(|w| edge_between(kg, w[0], w[1], relations))
        .collect();
    GraphPath { nodes, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    fn record(kg: &KnowledgeGraph, kind: NodeKind, id: &str) -> NodeRef {
        kg.find(kind, id).unwrap()
    }

    fn label(kg: &KnowledgeGraph, view: &NetworkView, position: usize) -> String {
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
        let view = view(&kg, &ViewCache::default(), &filter).unwrap();
        assert_eq!(view.nodes.len(), 5);
        assert_eq!(
            view.edges.len(),
            3,
            "KazNU to each partner; CAS is isolated"
        );
        let measures = view.measures();
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
                view.costly_measures()
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
    fn the_country_projection_links_kazakhstan_and_china() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Countries,
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter).unwrap();
        assert_eq!(
            view.nodes,
            vec![
                ViewNode::Country("CN".into()),
                ViewNode::Country("KZ".into())
            ]
        );
        assert_eq!(view.edges.len(), 1);
        assert_eq!(
            view.edges[0].weight, 4.0,
            "three memoranda and the joint lab"
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
        let view = view(&kg, &ViewCache::default(), &filter).unwrap();
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
    fn paths_in_the_full_graph_carry_their_relations() {
        let kg = bundled();
        let cup = record(&kg, NodeKind::Institution, "cup");
        let szu = record(&kg, NodeKind::Institution, "szu");
        let path = shortest_path(&kg, cup, szu, &[Relation::PartyTo], 10).unwrap();
        let ids: Vec<String> = path
            .nodes
            .iter()
            .map(|&n| kg.id_of(n).to_string())
            .collect();
        assert_eq!(
            ids,
            [
                "cup",
                "mou-kaznu-cup-2023",
                "kaznu",
                "mou-kaznu-szu-2023",
                "szu"
            ]
        );
        assert!(
            path.edges
                .iter()
                .all(|e| e.edge.relation == Relation::PartyTo)
        );
        assert!(shortest_path(&kg, cup, szu, &[Relation::PartyTo], 3).is_none());
        let (paths, more) = simple_paths(&kg, cup, szu, &[], 4, 10);
        assert!(!paths.is_empty() && paths.iter().all(|p| p.edges.len() <= 4));
        assert!(!more || paths.len() == 10);
    }

    #[test]
    fn filters_narrow_the_view_and_the_limit_says_when_it_cut() {
        let kg = bundled();
        let medicine = record(&kg, NodeKind::Topic, "medicine").index;
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            topics: vec![medicine],
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter).unwrap();
        let ids: Vec<String> = (0..view.nodes.len())
            .map(|p| label(&kg, &view, p))
            .collect();
        assert_eq!(ids, ["kaznu", "szu"]);

        let before = NetworkFilter {
            projection: Projection::Institutions,
            window: Some((None, Some(PartialDate::parse("2022").unwrap()))),
            limit: 100,
            ..Default::default()
        };
        assert_eq!(view_edges(&kg, &before), 0, "nothing was signed by 2022");

        let kaznu = record(&kg, NodeKind::Institution, "kaznu");
        let ego = NetworkFilter {
            seed: Some((kaznu, 2)),
            limit: 3,
            ..Default::default()
        };
        let cut = self::view(&kg, &ViewCache::default(), &ego).unwrap();
        assert_eq!(cut.nodes.len(), 3);
        assert!(cut.truncated);
        assert_eq!(cut.nodes[0], ViewNode::Record(kaznu));
    }

    #[test]
    fn the_cached_whole_view_serves_every_limit() {
        let kg = bundled();
        let small = NetworkFilter {
            limit: 5,
            ..Default::default()
        };
        let cut = view(&kg, &ViewCache::default(), &small).unwrap();
        assert_eq!(cut.nodes.len(), 5);
        assert!(cut.truncated);
        let whole = view(
            &kg,
            &ViewCache::default(),
            &NetworkFilter {
                limit: 1000,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(whole.nodes.len(), kg.node_count());
        assert!(!whole.truncated);
    }

    fn view_edges(kg: &KnowledgeGraph, filter: &NetworkFilter) -> usize {
        view(kg, &ViewCache::default(), filter).unwrap().edges.len()
    }
}
