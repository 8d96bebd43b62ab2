//! GraphQL for network questions: paths, neighbourhoods, network views for drawing, centrality,
//! components, communities, bridges and timelines. The work is done in `network` and
//! `algorithms`; this module turns arguments into a `NetworkFilter` and results into objects.

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result, SimpleObject};

use super::{
    agreement::Agreement,
    budget::{interrupt, interrupted_error},
    enums::{InstitutionKind, NodeType, RelationType},
    inputs::{Countries, CountryInput, DateInput, WindowFrom, WindowTo},
    lab::Lab,
    node::{Node, RelationEdge},
    plain::{Many, One},
    snapshot,
    work::{WorkConnection, newest_first},
};
use crate::{
    error::ErrorCode,
    graph::{KnowledgeGraph, Relation, TimelineCount, TimelineKey},
    model::{self, CountryCode, NodeKind, NodeRef},
    network::{
        self, AttrValue, Centrality, GraphPath, Measures, NetworkFilter, NetworkView, Projection,
        ViewEdgeKind, ViewError, ViewNode,
    },
    snapshot::Snapshot,
};

/// The longest path `shortestPath` looks for.
const MAX_PATH_LENGTH: i32 = 12;
/// The longest path `paths` enumerates.
const MAX_SIMPLE_PATH_LENGTH: i32 = 6;
/// Largest view betweenness and closeness (O(V * E)) are computed on within a request.
const MAX_COSTLY_NODES: usize = 5_000;

/// Which network to look at.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum NetworkProjection {
    /// Every kind of node and relation.
    #[default]
    Full,
    /// Institutions, linked when they share agreements, labs or works (weight: how many,
    /// each at the weight `collaboration` gives it).
    Institutions,
    /// Countries, linked when their institutions share agreements, labs or works.
    Countries,
}

/// What a collaboration means in the INSTITUTIONS and COUNTRIES projections: how much each
/// shared agreement, lab and work (co-publication) weighs in an edge. A signal weighing 0 is
/// left out and makes no edges: `{agreements: 0, labs: 0}` is the co-publication network,
/// `{works: 0}` the network of formal ties.
#[derive(InputObject, Clone, Copy)]
pub(super) struct CollaborationInput {
    /// Each shared agreement (default 1).
    #[graphql(default = 1.0)]
    agreements: f64,
    /// Each shared lab (default 1).
    #[graphql(default = 1.0)]
    labs: f64,
    /// Each shared work: a co-publication (default 1). Works have no research areas, so a
    /// `topics` filter leaves them out.
    #[graphql(default = 1.0)]
    works: f64,
}

impl From<NetworkProjection> for Projection {
    fn from(p: NetworkProjection) -> Self {
        match p {
            NetworkProjection::Full => Projection::Full,
            NetworkProjection::Institutions => Projection::Institutions,
            NetworkProjection::Countries => Projection::Countries,
        }
    }
}

/// Which part of the graph to look at. Conditions combine with AND; lists match any of their
/// values; leave everything out for the whole network.
#[derive(InputObject, Default)]
pub(super) struct NetworkInput {
    /// The whole graph (default) or a projection.
    #[graphql(default)]
    projection: NetworkProjection,
    /// Institutions in these countries (ISO codes).
    #[graphql(validator(max_items = 256))]
    countries: Option<Vec<CountryInput<Countries>>>,
    /// Institutions of these kinds.
    #[graphql(validator(max_items = 256))]
    kinds: Option<Vec<InstitutionKind>>,
    /// Agreements covering, and labs working on, one of these research areas (ids).
    #[graphql(validator(max_items = 256))]
    topics: Option<Vec<ID>>,
    /// The network from this date on: agreements not ended before it (YYYY, YYYY-MM or
    /// YYYY-MM-DD).
    from: Option<DateInput<WindowFrom>>,
    /// The network as it stood on this date: agreements signed and labs opened by then, or
    /// that may have been, for dates known loosely ("on or before 2023-05-19" is in the
    /// network as of 2023-05-18; "circa 2023" from 2022 on).
    to: Option<DateInput<WindowTo>>,
    /// Only nodes within `depth` steps of this node (a global id, such as `Institution:kaznu`).
    seed: Option<ID>,
    /// Steps from `seed`, 0 (the seed alone) to 5 (default 2).
    depth: Option<i32>,
    /// Full graph only: kinds of node to keep.
    #[graphql(validator(max_items = 256))]
    node_types: Option<Vec<NodeType>>,
    /// Full graph only: relations to keep.
    #[graphql(validator(max_items = 256))]
    relation_types: Option<Vec<RelationType>>,
    /// Most nodes to return (default 500, at most 20000); `truncated` says when it cut.
    limit: Option<i32>,
    /// Projections only: what a collaboration means, as the weight of each shared agreement,
    /// lab and work (default 1 each). `from` and `to` count the works published within
    /// them: `{from: "2020", to: "2020"}` is the co-publication network of 2020.
    collaboration: Option<CollaborationInput>,
}

impl NetworkInput {
    /// The checked filter; an error names the argument at fault, the seed's as
    /// `seed_argument` (`neighbourhood` calls it `id`).
    fn into_filter(self, kg: &KnowledgeGraph, seed_argument: &str) -> Result<NetworkFilter> {
        use network::{FilterField as Field, FilterProblem as Problem};
        let request = network::FilterRequest {
            projection: Some(self.projection.into()),
            node_kinds: self
                .node_types
                .unwrap_or_default()
                .into_iter()
                .map(NodeKind::from)
                .collect(),
            relations: self
                .relation_types
                .unwrap_or_default()
                .into_iter()
                .map(Relation::from)
                .collect(),
            countries: self
                .countries
                .unwrap_or_default()
                .into_iter()
                .map(|code| CountryCode::from(code).to_string())
                .collect(),
            institution_kinds: self
                .kinds
                .unwrap_or_default()
                .into_iter()
                .map(model::InstitutionKind::from)
                .collect(),
            topics: self
                .topics
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.0)
                .collect(),
            from: self.from.map(Into::into),
            to: self.to.map(Into::into),
            seed: self.seed.map(|id| id.0),
            depth: self.depth.map(i64::from),
            limit: self.limit.map(i64::from),
            weights: self.collaboration.map(|c| network::Weights {
                agreements: c.agreements,
                labs: c.labs,
                works: c.works,
            }),
        };
        network::check(kg, request).map_err(|e| {
            let argument = match e.field {
                Field::NodeKinds => "nodeTypes",
                Field::Relations => "relationTypes",
                Field::Countries => "countries",
                Field::Topics => "topics",
                Field::From => "from",
                Field::Seed => seed_argument,
                Field::Depth => "depth",
                Field::Limit => "limit",
                Field::Weights => "collaboration",
            };
            let code = match e.problem {
                Problem::NotFound => ErrorCode::NotFound,
                Problem::OutOfRange => ErrorCode::LimitExceeded,
                Problem::Invalid => ErrorCode::BadUserInput,
            };
            code.error(format!("{argument}: {e}"))
        })
    }
}

/// A record by global id, or NOT_FOUND.
fn global(kg: &KnowledgeGraph, id: &ID) -> Result<NodeRef> {
    kg.find_global(id).ok_or_else(|| {
        ErrorCode::NotFound.error(format!(
            "no node has id \"{}\" (global ids look like Institution:kaznu)",
            id.as_str()
        ))
    })
}

/// The view `input` asks for, of the request's snapshot (cached there when unfiltered).
fn build_view(ctx: &Context<'_>, input: Option<NetworkInput>) -> Result<Arc<NetworkView>> {
    let snapshot = ctx.data_unchecked::<Arc<Snapshot>>();
    let filter = input
        .unwrap_or_default()
        .into_filter(snapshot.graph(), "seed")?;
    view_of(ctx, snapshot, &filter)
}

/// The view of `snapshot` that `filter` keeps, built unless the request is stopped.
fn view_of(
    ctx: &Context<'_>,
    snapshot: &Snapshot,
    filter: &NetworkFilter,
) -> Result<Arc<NetworkView>> {
    snapshot
        .view(filter, interrupt(ctx))
        .map_err(|error| match error {
            ViewError::Interrupted(why) => interrupted_error(why),
            too_large @ ViewError::TooLarge { .. } => {
                ErrorCode::LimitExceeded.error(too_large.to_string())
            }
        })
}

/// The measures of `view`, computed now unless cached or the request is stopped.
fn measures<'v>(view: &'v NetworkView, ctx: &Context<'_>) -> Result<&'v Measures> {
    view.measures(interrupt(ctx)).map_err(interrupted_error)
}

fn relations(types: Option<Vec<RelationType>>) -> Vec<Relation> {
    types
        .unwrap_or_default()
        .into_iter()
        .map(Relation::from)
        .collect()
}

/// A path through the graph: the nodes on it and the relations between them.
pub(super) struct Path {
    kg: Arc<KnowledgeGraph>,
    path: GraphPath,
}

/// A path through the graph: the nodes on it and the relations between them.
#[Object(serial)]
impl Path {
    /// How many relations the path has.
    async fn length(&self) -> usize {
        self.path.edges.len()
    }

    /// The nodes on the path, both ends included.
    async fn nodes(&self) -> Many<Node> {
        self.path
            .nodes
            .iter()
            .map(|&n| Node::new(&self.kg, n))
            .collect()
    }

    /// The relation between each consecutive pair of nodes, with its attributes and sources.
    async fn relations(&self) -> Many<RelationEdge> {
        self.path
            .edges
            .iter()
            .map(|&edge| RelationEdge {
                kg: self.kg.clone(),
                edge,
            })
            .collect()
    }
}

/// Simple paths between two nodes, shortest first.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct PathList {
    /// The paths found, shortest first.
    paths: Vec<Path>,
    /// Whether more paths exist than were returned (raise `first` or lower `maxLength`).
    more: bool,
}

/// A named attribute of a network node or edge.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct Attribute {
    /// Its name: country, kind, status, founded, signed, date, agreements, labs.
    name: String,
    /// Its value, as text.
    value: String,
}

fn attributes(list: &[(&'static str, AttrValue)]) -> Many<Attribute> {
    list.iter()
        .map(|(name, value)| Attribute {
            name: (*name).to_owned(),
            value: match value {
                AttrValue::Text(t) => t.clone(),
                AttrValue::Int(i) => i.to_string(),
                AttrValue::Float(f) => f.to_string(),
            },
        })
        .collect()
}

/// A node of a network view, ready to draw.
pub(super) struct NetworkNode {
    kg: Arc<KnowledgeGraph>,
    view: Arc<NetworkView>,
    position: usize,
}

/// A node of a network view, ready to draw.
#[Object(serial)]
impl NetworkNode {
    /// Stable id: the node's global id (`Institution:kaznu`), or `Country:KZ`.
    async fn id(&self) -> String {
        self.view.node_id(&self.kg, self.position)
    }

    /// `Institution`, `Person`, `Lab`, `Agreement`, `Topic`, `Source`, `Event`, `Work` or
    /// `Country`.
    #[graphql(name = "type")]
    async fn node_type(&self) -> &'static str {
        self.view.node_type(self.position)
    }

    /// A name to show.
    async fn label(&self) -> String {
        self.view.node_label(&self.kg, self.position)
    }

    /// What to style by: country, kind, status, founded, signed...
    async fn attributes(&self) -> Many<Attribute> {
        attributes(&self.view.node_info(&self.kg, self.position).attributes)
    }

    /// Distinct neighbours in this view.
    async fn degree(&self, ctx: &Context<'_>) -> Result<usize> {
        Ok(measures(&self.view, ctx)?.degree[self.position])
    }

    /// PageRank in this view (they sum to 1): a size for drawing.
    async fn weight(&self, ctx: &Context<'_>) -> Result<f64> {
        Ok(measures(&self.view, ctx)?.pagerank[self.position])
    }

    /// Louvain community in this view, numbered from 0, largest first: a colour for drawing.
    async fn community(&self, ctx: &Context<'_>) -> Result<usize> {
        Ok(measures(&self.view, ctx)?.community[self.position])
    }

    /// The record behind the node; null for a country.
    async fn node(&self) -> Option<One<Node>> {
        match &self.view.nodes[self.position] {
            ViewNode::Record(n) => Some(One(Node::new(&self.kg, *n))),
            ViewNode::Country(_) => None,
        }
    }
}

/// An edge of a network view, ready to draw.
pub(super) struct NetworkEdge {
    kg: Arc<KnowledgeGraph>,
    view: Arc<NetworkView>,
    position: usize,
}

impl NetworkEdge {
    /// What the two ends share, for a collaboration.
    fn shared(&self) -> Option<&network::Shared> {
        match &self.view.edges[self.position].kind {
            ViewEdgeKind::Collaboration(shared) => Some(shared),
            ViewEdgeKind::Relation(_) => None,
        }
    }
}

/// An edge of a network view, ready to draw.
#[Object(serial)]
impl NetworkEdge {
    /// Stable id: the relation's (`PARTY_TO:kaznu>mou-kaznu-cup-2023`), or
    /// `COLLABORATES_WITH:kaznu>szu` in a projection.
    async fn id(&self) -> String {
        self.view.edge_info(&self.kg, self.position).id
    }

    /// The source node's id.
    async fn source(&self) -> String {
        self.view
            .node_id(&self.kg, self.view.edges[self.position].a)
    }

    /// The target node's id.
    async fn target(&self) -> String {
        self.view
            .node_id(&self.kg, self.view.edges[self.position].b)
    }

    /// The relation type, or `COLLABORATES_WITH` in a projection.
    #[graphql(name = "type")]
    async fn edge_type(&self) -> &'static str {
        self.view.edge_type(self.position)
    }

    /// 1 for a relation; for a collaboration, its shared agreements, labs and works, each at
    /// the weight `collaboration` gives it (by default how many they share).
    async fn weight(&self) -> f64 {
        self.view.edges[self.position].weight
    }

    /// Whether the edge has a direction: relations do, collaborations do not.
    async fn directed(&self) -> bool {
        self.view.directed(self.position)
    }

    /// The relation behind the edge, with its sources; null for a collaboration.
    async fn relation(&self) -> Option<One<RelationEdge>> {
        match &self.view.edges[self.position].kind {
            ViewEdgeKind::Relation(edge) => Some(One(RelationEdge {
                kg: self.kg.clone(),
                edge: *edge,
            })),
            ViewEdgeKind::Collaboration(_) => None,
        }
    }

    /// For a collaboration: the agreements the two ends share.
    async fn agreements(&self) -> Many<Agreement> {
        self.shared()
            .map(|s| &s.agreements[..])
            .unwrap_or_default()
            .iter()
            .map(|&index| Agreement::at(&self.kg, index))
            .collect()
    }

    /// For a collaboration: the labs the two ends share.
    async fn labs(&self) -> Many<Lab> {
        self.shared()
            .map(|s| &s.labs[..])
            .unwrap_or_default()
            .iter()
            .map(|&index| Lab::at(&self.kg, index))
            .collect()
    }

    /// For a collaboration: how many works the two ends share (in the view's years, when
    /// `from` or `to` is given); 0 for a relation.
    async fn work_count(&self) -> usize {
        self.shared().map_or(0, |s| s.works.len())
    }

    /// For a collaboration: the works the two ends share (co-publications), newest first, a
    /// page at a time; none for a relation.
    #[graphql(complexity = "crate::api::pages::nested_complexity(first, child_complexity)")]
    async fn works(
        &self,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<WorkConnection>> {
        let works = self.shared().map(|s| &s.works[..]).unwrap_or_default();
        newest_first(&self.kg, works, first, after)
    }
}

/// A network view: nodes and edges in one answer, ready for Cytoscape.js or graphology.
pub(super) struct Network {
    kg: Arc<KnowledgeGraph>,
    view: Arc<NetworkView>,
}

impl Network {
    fn node(&self, position: usize) -> NetworkNode {
        NetworkNode {
            kg: self.kg.clone(),
            view: self.view.clone(),
            position,
        }
    }

    fn edge(&self, position: usize) -> NetworkEdge {
        NetworkEdge {
            kg: self.kg.clone(),
            view: self.view.clone(),
            position,
        }
    }
}

/// A network view: nodes and edges in one answer, ready for Cytoscape.js or graphology.
#[Object(serial)]
impl Network {
    /// The nodes.
    async fn nodes(&self) -> Many<NetworkNode> {
        (0..self.view.nodes.len()).map(|p| self.node(p)).collect()
    }

    /// The edges between them.
    async fn edges(&self) -> Many<NetworkEdge> {
        (0..self.view.edges.len()).map(|p| self.edge(p)).collect()
    }

    /// Whether the node limit cut the view.
    async fn truncated(&self) -> bool {
        self.view.truncated
    }

    /// Modularity of the communities: above about 0.3, the network has clear clusters.
    async fn modularity(&self, ctx: &Context<'_>) -> Result<f64> {
        Ok(measures(&self.view, ctx)?.modularity)
    }

    /// How many connected components the view has.
    async fn component_count(&self, ctx: &Context<'_>) -> Result<usize> {
        Ok(measures(&self.view, ctx)?.components.len())
    }
}

/// Centrality measures.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum CentralityMeasure {
    /// Distinct neighbours, divided by (n - 1).
    Degree,
    /// PageRank (weighted, damping 0.85): importance from important neighbours.
    Pagerank,
    /// Betweenness (normalized, unweighted): how many shortest paths go through the node.
    Betweenness,
    /// Closeness (Wasserman-Faust): how near the node is to all others it can reach.
    Closeness,
}

/// A node with a score.
pub(super) struct Scored {
    node: NetworkNode,
    score: f64,
}

/// A node with a score.
#[Object(serial)]
impl Scored {
    /// The node.
    async fn node(&self) -> &NetworkNode {
        &self.node
    }

    /// Its score.
    async fn score(&self) -> f64 {
        self.score
    }
}

/// A group of nodes: a connected component or a community.
pub(super) struct Group {
    network: Network,
    index: usize,
    members: Vec<usize>,
}

/// A group of nodes: a connected component or a community.
#[Object(serial)]
impl Group {
    /// Its number, from 0, largest first.
    async fn id(&self) -> usize {
        self.index
    }

    /// How many nodes it has.
    async fn size(&self) -> usize {
        self.members.len()
    }

    /// Its nodes (at most `first`, default 100).
    async fn nodes(
        &self,
        #[graphql(desc = "How many nodes, at most 1000.", default = 100)] first: i32,
    ) -> Result<Many<NetworkNode>> {
        if !(0..=1000).contains(&first) {
            return Err(ErrorCode::LimitExceeded.error("first must be between 0 and 1000"));
        }
        Ok(self
            .members
            .iter()
            .take(first as usize)
            .map(|&p| self.network.node(p))
            .collect())
    }
}

/// Communities of a network view and how clearly it splits into them.
pub(super) struct Communities {
    network: Network,
}

/// Communities of a network view and how clearly it splits into them.
#[Object(serial)]
impl Communities {
    /// Modularity of the partition.
    async fn modularity(&self, ctx: &Context<'_>) -> Result<f64> {
        Ok(measures(&self.network.view, ctx)?.modularity)
    }

    /// The communities, largest first (at most `first`, default 50).
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many communities, at most 1000.", default = 50)] first: i32,
    ) -> Result<Many<Group>> {
        if !(0..=1000).contains(&first) {
            return Err(ErrorCode::LimitExceeded.error("first must be between 0 and 1000"));
        }
        Ok(self
            .network
            .view
            .communities(interrupt(ctx))
            .map_err(interrupted_error)?
            .into_iter()
            .take(first as usize)
            .map(|(index, members)| Group {
                network: self.network_clone(),
                index,
                members,
            })
            .collect())
    }
}

impl Communities {
    fn network_clone(&self) -> Network {
        Network {
            kg: self.network.kg.clone(),
            view: self.network.view.clone(),
        }
    }
}

/// The nodes and edges that hold a network together: remove one and a cluster falls apart.
pub(super) struct CutPoints {
    network: Network,
}

/// The nodes and edges that hold a network together: remove one and a cluster falls apart.
#[Object(serial)]
impl CutPoints {
    /// Articulation points: nodes whose removal disconnects their component.
    async fn articulation_points(&self, ctx: &Context<'_>) -> Result<Many<NetworkNode>> {
        Ok(measures(&self.network.view, ctx)?
            .articulation_points
            .iter()
            .map(|&p| self.network.node(p))
            .collect())
    }

    /// Bridges: edges whose removal disconnects their component.
    async fn bridges(&self, ctx: &Context<'_>) -> Result<Many<NetworkEdge>> {
        Ok(self
            .network
            .view
            .bridge_edges(interrupt(ctx))
            .map_err(interrupted_error)?
            .into_iter()
            .map(|p| self.network.edge(p))
            .collect())
    }
}

/// How to group a timeline.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum TimelineGrouping {
    /// Agreements per year.
    #[default]
    Year,
    /// Agreements per year and party country.
    Country,
    /// Agreements per year and research area.
    Topic,
}

/// Agreements signed in one year (and, when grouped, one country or topic).
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct TimelineEntry {
    /// The year signed.
    year: i32,
    /// The country code or topic id, when grouped by one; null for plain years.
    key: Option<String>,
    /// How many agreements.
    count: usize,
    /// How many of those agreements are dated loosely: circa, on or before, on or after, or
    /// known only to the month or year. Each agreement counts in the year its date names, so
    /// these may belong to a year nearby (an agreement signed "on or before 2023-05-19" counts
    /// in 2023).
    approximate: usize,
}

/// Questions about the network: paths, neighbourhoods, views, centrality, structure, time.
#[derive(Default)]
pub(super) struct NetworkQuery;

/// Questions about the network: paths, neighbourhoods, views, centrality, structure, time.
#[Object]
impl NetworkQuery {
    /// The shortest path between two nodes (global ids), optionally only through some relation
    /// types and at most `maxLength` relations long (default 6, at most 12); null if there is
    /// none. Searched from both ends.
    async fn shortest_path(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the path starts (a global id).")] from: ID,
        #[graphql(desc = "Where the path ends (a global id).")] to: ID,
        #[graphql(desc = "Only through these relation types.")] relation_types: Option<
            Vec<RelationType>,
        >,
        #[graphql(desc = "Most relations on the path, at most 12.", default = 6)] max_length: i32,
    ) -> Result<Option<One<Path>>> {
        if !(0..=MAX_PATH_LENGTH).contains(&max_length) {
            return Err(ErrorCode::LimitExceeded
                .error(format!("maxLength must be between 0 and {MAX_PATH_LENGTH}")));
        }
        let kg = snapshot(ctx);
        let (from, to) = (global(kg, &from)?, global(kg, &to)?);
        Ok(network::shortest_path(
            kg,
            from,
            to,
            &relations(relation_types),
            max_length as usize,
            interrupt(ctx),
        )
        .map_err(interrupted_error)?
        .map(|path| Path {
            kg: kg.clone(),
            path,
        })
        .map(One))
    }

    /// Simple paths (no node twice) between two nodes, shortest first: at most `maxLength`
    /// relations long (default 4, at most 6) and at most `first` of them (default 20, at most 100).
    async fn paths(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Where the paths start (a global id).")] from: ID,
        #[graphql(desc = "Where the paths end (a global id).")] to: ID,
        #[graphql(desc = "Only through these relation types.")] relation_types: Option<
            Vec<RelationType>,
        >,
        #[graphql(desc = "Most relations on a path, at most 6.", default = 4)] max_length: i32,
        #[graphql(desc = "Most paths to return, at most 100.", default = 20)] first: i32,
    ) -> Result<One<PathList>> {
        if !(0..=MAX_SIMPLE_PATH_LENGTH).contains(&max_length) || !(0..=100).contains(&first) {
            return Err(ErrorCode::LimitExceeded.error(format!(
                    "maxLength must be between 0 and {MAX_SIMPLE_PATH_LENGTH} and first between 0 and 100"
                ),
            ));
        }
        let kg = snapshot(ctx);
        let (from, to) = (global(kg, &from)?, global(kg, &to)?);
        let (paths, more) = network::simple_paths(
            kg,
            from,
            to,
            &relations(relation_types),
            max_length as usize,
            first as usize,
            interrupt(ctx),
        )
        .map_err(interrupted_error)?;
        Ok(One(PathList {
            paths: paths
                .into_iter()
                .map(|path| Path {
                    kg: kg.clone(),
                    path,
                })
                .collect(),
            more,
        }))
    }

    /// The ego network of a node: everything within `depth` steps (default 1, at most 5),
    /// optionally only some node and relation types, at most `limit` nodes (default 200).
    async fn neighbourhood(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The centre (a global id).")] id: ID,
        #[graphql(desc = "Steps from the centre, at most 5.", default = 1)] depth: i32,
        #[graphql(desc = "Only these kinds of node.", validator(max_items = 256))]
        node_types: Option<Vec<NodeType>>,
        #[graphql(desc = "Only these relation types.", validator(max_items = 256))]
        relation_types: Option<Vec<RelationType>>,
        #[graphql(
            desc = "Most nodes to return, at most 20000; `truncated` says when it cut.",
            default = 200
        )]
        limit: i32,
    ) -> Result<One<Network>> {
        let snapshot = ctx.data_unchecked::<Arc<Snapshot>>();
        let filter = NetworkInput {
            seed: Some(id),
            depth: Some(depth),
            node_types,
            relation_types,
            limit: Some(limit),
            ..Default::default()
        }
        .into_filter(snapshot.graph(), "id")?;
        Ok(One(Network {
            kg: snapshot.graph().clone(),
            view: view_of(ctx, snapshot, &filter)?,
        }))
    }

    /// A network view: the whole graph or a projection, filtered, as nodes and edges with
    /// degree, weight and community, ready to draw.
    async fn network(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which part of the graph; the whole graph if left out.")] network: Option<
            NetworkInput,
        >,
    ) -> Result<One<Network>> {
        let kg = snapshot(ctx);
        Ok(One(Network {
            kg: kg.clone(),
            view: build_view(ctx, network)?,
        }))
    }

    /// The most central nodes of a network view by one measure, best first (default 10, at
    /// most 100). Measures of an unfiltered view are computed once per graph and cached;
    /// betweenness and closeness are refused on views of more than 5,000 nodes.
    async fn centrality(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which measure.")] measure: CentralityMeasure,
        #[graphql(desc = "Which part of the graph; the whole graph if left out.")] network: Option<
            NetworkInput,
        >,
        #[graphql(desc = "How many nodes, at most 100.", default = 10)] first: i32,
    ) -> Result<Many<Scored>> {
        if !(0..=100).contains(&first) {
            return Err(ErrorCode::LimitExceeded.error("first must be between 0 and 100"));
        }
        let kg = snapshot(ctx);
        let view = build_view(ctx, network)?;
        let costly = matches!(
            measure,
            CentralityMeasure::Betweenness | CentralityMeasure::Closeness
        );
        if costly && view.nodes.len() > MAX_COSTLY_NODES {
            return Err(ErrorCode::LimitExceeded.error(format!(
                    "betweenness and closeness cost O(V * E); this view has {} nodes, the limit is {MAX_COSTLY_NODES}: narrow it with filters, a seed or a lower limit",
                    view.nodes.len()
                ),
            ));
        }
        let measure = match measure {
            CentralityMeasure::Degree => Centrality::Degree,
            CentralityMeasure::Pagerank => Centrality::PageRank,
            CentralityMeasure::Betweenness => Centrality::Betweenness,
            CentralityMeasure::Closeness => Centrality::Closeness,
        };
        let ranked = view
            .most_central(measure, first as usize, interrupt(ctx))
            .map_err(interrupted_error)?;
        let network = Network {
            kg: kg.clone(),
            view,
        };
        Ok(ranked
            .into_iter()
            .map(|(p, score)| Scored {
                node: network.node(p),
                score,
            })
            .collect())
    }

    /// Connected components of a network view, largest first (at most `first`, default 20).
    async fn components(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which part of the graph; the whole graph if left out.")] network: Option<
            NetworkInput,
        >,
        #[graphql(desc = "How many components, at most 1000.", default = 20)] first: i32,
    ) -> Result<Many<Group>> {
        if !(0..=1000).contains(&first) {
            return Err(ErrorCode::LimitExceeded.error("first must be between 0 and 1000"));
        }
        let kg = snapshot(ctx);
        let view = build_view(ctx, network)?;
        let components = measures(&view, ctx)?.components.clone();
        Ok(components
            .into_iter()
            .enumerate()
            .take(first as usize)
            .map(|(index, members)| Group {
                network: Network {
                    kg: kg.clone(),
                    view: view.clone(),
                },
                index,
                members,
            })
            .collect())
    }

    /// Louvain communities of a network view and their modularity.
    async fn communities(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which part of the graph; the whole graph if left out.")] network: Option<
            NetworkInput,
        >,
    ) -> Result<One<Communities>> {
        let kg = snapshot(ctx);
        Ok(One(Communities {
            network: Network {
                kg: kg.clone(),
                view: build_view(ctx, network)?,
            },
        }))
    }

    /// Articulation points and bridges of a network view: which institution links the
    /// clusters, which collaboration holds them together.
    async fn cut_points(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which part of the graph; the whole graph if left out.")] network: Option<
            NetworkInput,
        >,
    ) -> Result<One<CutPoints>> {
        let kg = snapshot(ctx);
        Ok(One(CutPoints {
            network: Network {
                kg: kg.clone(),
                view: build_view(ctx, network)?,
            },
        }))
    }

    /// Agreements signed per year, optionally per party country or per research area, in a
    /// range of years. Each agreement counts once, in the year its date names; `approximate`
    /// says how many of a year's count are dated loosely. Agreements with no signing date are
    /// left out.
    async fn timeline(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "Per year (default), per year and country, or per year and topic.",
            default
        )]
        group_by: TimelineGrouping,
        #[graphql(desc = "First year to count.")] from_year: Option<i32>,
        #[graphql(desc = "Last year to count.")] to_year: Option<i32>,
    ) -> Many<TimelineEntry> {
        let kg = snapshot(ctx);
        let key = match group_by {
            TimelineGrouping::Year => TimelineKey::Year,
            TimelineGrouping::Country => TimelineKey::Country,
            TimelineGrouping::Topic => TimelineKey::Topic,
        };
        kg.timeline(key, from_year, to_year)
            .into_iter()
            .map(
                |TimelineCount {
                     year,
                     key,
                     count,
                     approximate,
                 }| TimelineEntry {
                    year,
                    key,
                    count,
                    approximate,
                },
            )
            .collect()
    }
}
