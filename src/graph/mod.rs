//! The knowledge graph: a petgraph graph of typed nodes and typed edges over the seed's records.
//!
//! Nodes and edges do not copy the records: a node is (kind, index into that kind's list) and an
//! edge is (relation, the record and item that state it), so an edge's attributes (a position's
//! title, a signatory's institution, its sources) are read from the record itself. Lookups by id
//! and the search index are built once here. Everything is read-only after [`KnowledgeGraph::new`];
//! a new seed means a new graph.
//!
//! - `mod.rs`: [`KnowledgeGraph`] (the struct, its construction, counts, lookups of nodes and
//!   edges by id), [`Relation`] and the edge types.
//! - `topology.rs`: [`Topology`], the petgraph graph and id maps built from the records.
//! - `order.rs`: [`ListOrder`] and the orders the graph keeps: each kind's lists, institutions
//!   by country and their place in name order.
//! - `query.rs`: the list queries: which records a filter keeps and in what order, counts by
//!   key, and the timeline of agreements.
//! - `traverse.rs`: walks along the edges: a node's relations both ways, neighbours,
//!   collaborators, ancestors, and the sources behind an edge.
//! - `works.rs`: works and who wrote them: a person's or institution's works, co-authors.
//! - `citing.rs`: what each source supports, indexed once.

use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};

use petgraph::{
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef as _,
};

use crate::{
    model::{IdScheme, NodeKind, NodeRef, Records},
    search::{SearchHit, SearchIndex},
    seed::{IdMap, Seed},
};

mod citing;
mod keyed;
mod order;
mod query;
mod topology;
mod traverse;
mod works;

#[cfg(test)]
pub(crate) use works::tests as works_fixture;

pub use order::ListOrder;
pub use query::{
    AgreementQuery, AgreementSortKey, InstitutionQuery, InstitutionSortKey, LabQuery, PersonQuery,
    TimelineCount, TimelineKey,
};
pub use topology::Topology;
pub use traverse::Collaboration;
pub use works::{CoAuthor, WorkQuery};

/// The kinds of relation, each directed as its name reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// Institution -> the institution it is part of.
    PartOf,
    /// Person -> institution, with a title and dates.
    HoldsPosition,
    /// Institution -> lab it hosts.
    Hosts,
    /// Institution -> agreement it is bound by.
    PartyTo,
    /// Person -> agreement, on behalf of a party.
    Signed,
    /// Agreement -> topic.
    Covers,
    /// Lab -> topic.
    FocusesOn,
    /// Agreement -> lab it sets up.
    Establishes,
    /// Person -> event.
    ParticipatedIn,
    /// Agreement -> event it was concluded at.
    ConcludedAt,
    /// Topic -> broader topic.
    Broader,
    /// Source -> institution that published it.
    PublishedBy,
    /// Lab -> lab or centre it is meant to strengthen.
    Strengthens,
    /// Person -> person they met, as a source reports.
    Met,
    /// Institution -> institution a registry relates it to otherwise.
    RelatedTo,
    /// Institution -> institution that succeeded it.
    SucceededBy,
    /// Person -> work they are an author of.
    Authored,
    /// Institution -> work one of whose authors was affiliated with it on the work.
    ContributedTo,
}

impl Relation {
    /// Every relation, in a fixed order.
    pub const ALL: [Relation; 18] = [
        Relation::PartOf,
        Relation::HoldsPosition,
        Relation::Hosts,
        Relation::PartyTo,
        Relation::Signed,
        Relation::Covers,
        Relation::FocusesOn,
        Relation::Establishes,
        Relation::ParticipatedIn,
        Relation::ConcludedAt,
        Relation::Broader,
        Relation::PublishedBy,
        Relation::Strengthens,
        Relation::Met,
        Relation::RelatedTo,
        Relation::SucceededBy,
        Relation::Authored,
        Relation::ContributedTo,
    ];

    /// The relation's name, as in edge ids (`PARTY_TO`).
    pub fn name(self) -> &'static str {
        match self {
            Relation::PartOf => "PART_OF",
            Relation::HoldsPosition => "HOLDS_POSITION",
            Relation::Hosts => "HOSTS",
            Relation::PartyTo => "PARTY_TO",
            Relation::Signed => "SIGNED",
            Relation::Covers => "COVERS",
            Relation::FocusesOn => "FOCUSES_ON",
            Relation::Establishes => "ESTABLISHES",
            Relation::ParticipatedIn => "PARTICIPATED_IN",
            Relation::ConcludedAt => "CONCLUDED_AT",
            Relation::Broader => "BROADER",
            Relation::PublishedBy => "PUBLISHED_BY",
            Relation::Strengthens => "STRENGTHENS",
            Relation::Met => "MET",
            Relation::RelatedTo => "RELATED_TO",
            Relation::SucceededBy => "SUCCEEDED_BY",
            Relation::Authored => "AUTHORED",
            Relation::ContributedTo => "CONTRIBUTED_TO",
        }
    }
}

/// An edge: its relation, and the record item that states it (`record` is the index of the
/// record that holds the list, `item` the index in that list), so attributes stay in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeRef {
    /// The relation.
    pub relation: Relation,
    /// The record that states the edge (for example the person, for a position).
    pub record: usize,
    /// The item in that record's list (for example the position's index).
    pub item: usize,
}

/// One edge as seen from a query: its index, relation, ends and the record item behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EdgeView {
    /// The edge's index in the graph.
    pub index: EdgeIndex,
    /// The relation and the record item that states it.
    pub edge: EdgeRef,
    /// The node the edge leaves.
    pub from: NodeRef,
    /// The node the edge enters.
    pub to: NodeRef,
}

/// The whole graph with its indexes. Immutable once built; share it as `Arc<KnowledgeGraph>`.
pub struct KnowledgeGraph {
    /// The seed's records, which the graph reads as its own (see the `Deref` below).
    records: Records,
    graph: DiGraph<NodeRef, EdgeRef>,
    /// Node index of each record, per kind (indexed like `NodeKind::ALL`).
    nodes: [Vec<NodeIndex>; 8],
    /// Record index by id, per kind.
    ids: [IdMap; 8],
    search: SearchIndex,
    /// Institutions of each country, in name order.
    by_country: HashMap<Arc<str>, Vec<usize>>,
    /// Each institution's place in name order (normalized name, then seed order).
    name_rank: Vec<u32>,
    /// The lists [`ListOrder`] names, each sorted the first time it is asked for.
    orders: [OnceLock<Vec<usize>>; ListOrder::ALL.len()],
    /// What each source supports, indexed the first time it is asked for.
    citing: OnceLock<citing::Citing>,
    /// The facts sources disagree on, found the first time they are asked for.
    disputed: OnceLock<Vec<(NodeRef, crate::model::FactKey)>>,
    /// Institutions, people and works by registry id, indexed the first time one is looked up.
    by_external_id: OnceLock<keyed::HashedKeys>,
    /// Works by DOI, likewise.
    by_doi: OnceLock<keyed::HashedKeys>,
}

/// How much a match on an institution that no longer operates counts against an active one.
const NOT_OPERATING_WEIGHT: f32 = 0.9;

fn slot(kind: NodeKind) -> usize {
    kind as usize
}

/// A graph reads as the records it was built from: `kg.institutions`, `kg.id_of(node)`.
impl std::ops::Deref for KnowledgeGraph {
    type Target = Records;

    fn deref(&self) -> &Records {
        &self.records
    }
}

impl KnowledgeGraph {
    /// Builds the graph and its indexes from a checked seed.
    pub fn new(seed: Seed) -> Self {
        let (records, ids) = seed.into_parts();
        // The search index needs only the records, so it is built on a second thread while
        // this one builds the graph.
        let (search, topology) = std::thread::scope(|scope| {
            let search = scope.spawn(|| SearchIndex::build(&records));
            let topology = Topology::build(&records, ids);
            (
                search.join().expect("the index thread does not panic"),
                topology,
            )
        });
        Self::from_parts(records, search, topology)
    }

    /// The graph of `records` from their search index and topology, built from them already
    /// ([`crate::snapshot::load_graph`] builds both while the seed is checked).
    pub fn from_parts(records: Records, search: SearchIndex, topology: Topology) -> Self {
        let Topology { graph, nodes, ids } = topology;
        let mut kg = KnowledgeGraph {
            records,
            graph,
            nodes,
            ids,
            search,
            by_country: HashMap::new(),
            name_rank: Vec::new(),
            orders: Default::default(),
            citing: OnceLock::new(),
            disputed: OnceLock::new(),
            by_external_id: OnceLock::new(),
            by_doi: OnceLock::new(),
        };
        (kg.by_country, kg.name_rank) = kg.index_institutions();
        kg
    }

    /// Total number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Total number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Whether the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The record of `kind` with this id (a seed id such as `kaznu`). An imported registry
    /// record merged into another (`ror-03q0vrn42` into `kaznu`, `openalex-I27837315` into
    /// `ror-00jmfr291`) is found by its old id.
    pub fn find(&self, kind: NodeKind, id: &str) -> Option<NodeRef> {
        let index = self.ids[slot(kind)].get(id).copied().or_else(|| {
            let (scheme, value) = match id.split_once('-')? {
                ("ror", ror) if kind == NodeKind::Institution => (IdScheme::Ror, ror),
                ("openalex", openalex) => (IdScheme::Openalex, openalex),
                _ => return None,
            };
            self.by_external_id(kind, scheme, value)
        });
        index.map(|index| NodeRef { kind, index })
    }

    /// The institution with this id in a registry (for ROR, with or without
    /// `https://ror.org/`): the first in seed order when several claim it.
    pub fn institution_by_external_id(&self, scheme: IdScheme, id: &str) -> Option<usize> {
        self.by_external_id(NodeKind::Institution, scheme, id)
    }

    /// The record of `kind` (an institution, person or work) with this id in a registry: the
    /// first in seed order when several claim it. Indexed on first use.
    pub fn by_external_id(&self, kind: NodeKind, scheme: IdScheme, id: &str) -> Option<usize> {
        self.external_id_index()
            .candidates(external_id_hash(kind, scheme, id))
            .find(|&i| {
                self.external_ids_of(kind, i)
                    .iter()
                    .any(|own| own.scheme == scheme && scheme.same_id(own.value.as_str(), id))
            })
    }

    fn external_ids_of(&self, kind: NodeKind, i: usize) -> &[crate::model::ExternalId] {
        match kind {
            NodeKind::Institution => &self.institutions[i].external_ids,
            NodeKind::Person => &self.people[i].external_ids,
            NodeKind::Work => &self.works[i].external_ids,
            _ => &[],
        }
    }

    fn external_id_index(&self) -> &keyed::HashedKeys {
        self.by_external_id.get_or_init(|| {
            let kinds = [
                (NodeKind::Institution, self.institutions.len()),
                (NodeKind::Person, self.people.len()),
                (NodeKind::Work, self.works.len()),
            ];
            keyed::HashedKeys::build(kinds.into_iter().flat_map(|(kind, records)| {
                (0..records).flat_map(move |i| {
                    self.external_ids_of(kind, i)
                        .iter()
                        .map(move |id| (external_id_hash(kind, id.scheme, id.value.as_str()), i))
                })
            }))
        })
    }

    /// The work with this DOI (`10.7717/peerj.4375`, with or without `https://doi.org/`, in
    /// any case): the first in seed order when several have it. Indexed on first use.
    pub fn work_by_doi(&self, doi: &str) -> Option<usize> {
        self.doi_index().candidates(doi_hash(doi)).find(|&i| {
            self.works[i]
                .doi
                .as_ref()
                .is_some_and(|own| doi_part(own.as_str()).eq_ignore_ascii_case(doi_part(doi)))
        })
    }

    fn doi_index(&self) -> &keyed::HashedKeys {
        self.by_doi.get_or_init(|| {
            keyed::HashedKeys::build(
                self.works.iter().enumerate().filter_map(|(i, work)| {
                    work.doi.as_ref().map(|doi| (doi_hash(doi.as_str()), i))
                }),
            )
        })
    }

    /// Builds now the indexes that are otherwise built on first use (registry ids, DOIs,
    /// the lists' orders), so that on a large graph the first analyst to look something up
    /// does not wait for them. The service does it on a blocking thread once it serves.
    pub fn warm(&self) {
        self.external_id_index();
        self.doi_index();
        for order in ListOrder::ALL {
            self.ordered(order);
        }
    }

    /// The node for a global id such as `Institution:kaznu`.
    pub fn find_global(&self, global_id: &str) -> Option<NodeRef> {
        let (kind, id) = global_id.split_once(':')?;
        self.find(NodeKind::from_name(kind)?, id)
    }

    /// The global id of a node: `Institution:kaznu`.
    pub fn global_id(&self, node: NodeRef) -> String {
        // Every `id` field of every answer comes through here: joined without the formatting
        // machinery, whose cost showed in a query of institutions with their agreements.
        let (kind, id) = (node.kind.name(), self.id_of(node).as_str());
        let mut global = String::with_capacity(kind.len() + 1 + id.len());
        global.push_str(kind);
        global.push(':');
        global.push_str(id);
        global
    }

    /// The search index.
    pub fn search_index(&self) -> &SearchIndex {
        &self.search
    }

    /// Records matching `text`, best first, at most `limit`, of `kinds` if given: the search
    /// index's ranking, with the institutions a registry records as no longer operating
    /// (inactive, withdrawn) below active ones of the same name.
    pub fn search(&self, text: &str, kinds: Option<&[NodeKind]>, limit: usize) -> Vec<SearchHit> {
        // Twice the page: a closed record pushed down makes room for one that ranked below it.
        let mut hits = self.search.search(text, kinds, limit.saturating_mul(2));
        for hit in &mut hits {
            if hit.node.kind == NodeKind::Institution
                && !self.institutions[hit.node.index].status.is_active()
            {
                hit.score *= NOT_OPERATING_WEIGHT;
            }
        }
        // Stable: hits of equal score keep the index's order.
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        hits
    }

    /// A dense number for every record, 0..node_count (its petgraph index).
    pub fn dense_index(&self, node: NodeRef) -> usize {
        self.node_index(node).index()
    }

    /// The record with dense number `i`.
    pub fn node_at(&self, i: usize) -> NodeRef {
        self.graph[NodeIndex::new(i)]
    }

    fn node_index(&self, node: NodeRef) -> NodeIndex {
        self.nodes[slot(node.kind)][node.index]
    }

    /// The edge at `index`, with its ends.
    pub fn view(&self, index: EdgeIndex) -> EdgeView {
        let (from, to) = self
            .graph
            .edge_endpoints(index)
            .expect("edge index from this graph");
        EdgeView {
            index,
            edge: self.graph[index],
            from: self.graph[from],
            to: self.graph[to],
        }
    }

    /// A stable, readable id for an edge: `PARTY_TO:kaznu>mou-kaznu-cup-2023` (with `#n` when
    /// the same two nodes share more than one edge of a relation, as two posts at one place do).
    pub fn edge_id(&self, edge: &EdgeView) -> String {
        let mut id = format!(
            "{}:{}>{}",
            edge.edge.relation.name(),
            self.id_of(edge.from),
            self.id_of(edge.to)
        );
        let twins = self
            .graph
            .edges_connecting(self.node_index(edge.from), self.node_index(edge.to))
            .filter(|e| e.weight().relation == edge.edge.relation && e.id() < edge.index)
            .count();
        if twins > 0 {
            id.push_str(&format!("#{twins}"));
        }
        id
    }

    /// The edge with this id, as made by [`KnowledgeGraph::edge_id`].
    pub fn find_edge(&self, edge_id: &str) -> Option<EdgeView> {
        let (relation, ends) = edge_id.split_once(':')?;
        let relation = Relation::ALL.into_iter().find(|r| r.name() == relation)?;
        let (ends, nth) = match ends.split_once('#') {
            Some((ends, n)) => (ends, n.parse::<usize>().ok()?),
            None => (ends, 0),
        };
        let (from, to) = ends.split_once('>')?;
        let (from_kind, to_kind) = relation_ends(relation);
        let from = self.node_index(self.find(from_kind, from)?);
        let to = self.node_index(self.find(to_kind, to)?);
        let mut matching: Vec<EdgeIndex> = self
            .graph
            .edges_connecting(from, to)
            .filter(|e| e.weight().relation == relation)
            .map(|e| e.id())
            .collect();
        matching.sort();
        matching.get(nth).map(|&e| self.view(e))
    }
}

/// Where a registry id of a record of `kind` is in the index: by its kind, its registry
/// and the part that names it, without case.
fn external_id_hash(kind: NodeKind, scheme: IdScheme, id: &str) -> u64 {
    keyed::folded_hash([kind as u8, scheme as u8], scheme.id_part(id))
}

/// Where a DOI is in the index: by the part that names the work, without case.
fn doi_hash(doi: &str) -> u64 {
    keyed::folded_hash([0, 0], doi_part(doi))
}

/// The part of a DOI that names the work, compared without case (DOIs are matched without
/// case): without its resolver's address.
fn doi_part(doi: &str) -> &str {
    let doi = doi.trim();
    [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|prefix| {
        doi.get(..prefix.len())
            .filter(|start| start.eq_ignore_ascii_case(prefix))
            .map(|_| &doi[prefix.len()..])
    })
    .unwrap_or(doi)
}

/// The kinds of node a relation joins, as (from, to).
pub(crate) fn relation_ends(relation: Relation) -> (NodeKind, NodeKind) {
    use NodeKind as K;
    match relation {
        Relation::PartOf => (K::Institution, K::Institution),
        Relation::HoldsPosition => (K::Person, K::Institution),
        Relation::Hosts => (K::Institution, K::Lab),
        Relation::PartyTo => (K::Institution, K::Agreement),
        Relation::Signed => (K::Person, K::Agreement),
        Relation::Covers => (K::Agreement, K::Topic),
        Relation::FocusesOn => (K::Lab, K::Topic),
        Relation::Establishes => (K::Agreement, K::Lab),
        Relation::ParticipatedIn => (K::Person, K::Event),
        Relation::ConcludedAt => (K::Agreement, K::Event),
        Relation::Broader => (K::Topic, K::Topic),
        Relation::PublishedBy => (K::Source, K::Institution),
        Relation::Strengthens => (K::Lab, K::Lab),
        Relation::Met => (K::Person, K::Person),
        Relation::RelatedTo | Relation::SucceededBy => (K::Institution, K::Institution),
        Relation::Authored => (K::Person, K::Work),
        Relation::ContributedTo => (K::Institution, K::Work),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::seed;

    /// The bundled seed, as a graph.
    pub(crate) fn bundled() -> KnowledgeGraph {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
        KnowledgeGraph::new(seed::load(&path).unwrap_or_else(|report| panic!("{report}")))
    }

    pub(super) fn institution(kg: &KnowledgeGraph, id: &str) -> NodeRef {
        kg.find(NodeKind::Institution, id).unwrap()
    }

    #[test]
    fn warming_builds_every_index_built_on_first_use() {
        let kg = bundled();
        assert!(kg.by_external_id.get().is_none() && kg.by_doi.get().is_none());
        kg.warm();
        assert!(kg.by_external_id.get().is_some());
        assert!(kg.by_doi.get().is_some());
        assert!(kg.orders.iter().all(|order| order.get().is_some()));
    }

    #[test]
    fn an_institution_that_no_longer_operates_ranks_below_an_active_one_of_its_name() {
        let text = r#"{"version": 2, "institutions": [
          {"id": "old", "name": "Institute of Physics", "kind": "research_institute", "country": "KZ", "status": "withdrawn"},
          {"id": "new", "name": "Institute of Physics", "kind": "research_institute", "country": "KZ"}]}"#;
        let kg = KnowledgeGraph::new(
            seed::load_texts(&[("s.json", text)]).unwrap_or_else(|r| panic!("{r}")),
        );
        let hits = kg.search("Institute of Physics", None, 1);
        assert_eq!(kg.id_of(hits[0].node).as_str(), "new");
        let both = kg.search("Institute of Physics", None, 5);
        assert_eq!(both.len(), 2);
        assert!(both[1].score < both[0].score);
    }

    #[test]
    fn global_ids_round_trip() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu");
        assert_eq!(kg.global_id(kaznu), "Institution:kaznu");
        assert_eq!(kg.find_global("Institution:kaznu"), Some(kaznu));
        assert_eq!(kg.find_global("Person:kaznu"), None);
        assert_eq!(kg.find_global("kaznu"), None);
    }

    #[test]
    fn every_edge_id_finds_its_edge() {
        let kg = bundled();
        assert!(kg.edge_count() > 20);
        for edge in kg.all_edges() {
            let id = kg.edge_id(&edge);
            assert_eq!(kg.find_edge(&id), Some(edge), "{id}");
        }
        assert_eq!(kg.find_edge("PARTY_TO:kaznu>nothing"), None);
    }
}
