//! The knowledge graph: a petgraph graph of typed nodes and typed edges over the seed's records.
//!
//! Nodes and edges do not copy the records: a node is (kind, index into that kind's list) and an
//! edge is (relation, the record and item that state it), so an edge's attributes (a position's
//! title, a signatory's institution, its sources) are read from the record itself. Lookups by id
//! and the search index are built once here. Everything is read-only after [`KnowledgeGraph::new`];
//! a new seed means a new graph.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::{Arc, OnceLock},
};

use petgraph::{
    Direction,
    graph::{DiGraph, EdgeIndex, NodeIndex},
    visit::EdgeRef as _,
};

use crate::{
    model::{Id, NodeKind, NodeRef, Records},
    search::SearchIndex,
    seed::{IdMap, Seed, SeedIds},
};

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
}

impl Relation {
    /// Every relation, in a fixed order.
    pub const ALL: [Relation; 12] = [
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

/// An institution another one works with, and through what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    /// The partner institution's index.
    pub partner: usize,
    /// Agreements both are party to, by index.
    pub agreements: Vec<usize>,
    /// Labs both host, by index.
    pub labs: Vec<usize>,
}

impl Collaboration {
    /// Shared agreements plus shared labs.
    pub fn weight(&self) -> usize {
        self.agreements.len() + self.labs.len()
    }
}

/// The whole graph with its indexes. Immutable once built; share it as `Arc<KnowledgeGraph>`.
pub struct KnowledgeGraph {
    /// The seed's records, which the graph reads as its own (see the `Deref` below).
    records: Records,
    graph: DiGraph<NodeRef, EdgeRef>,
    /// Node index of each record, per kind (indexed like `NodeKind::ALL`).
    nodes: [Vec<NodeIndex>; 7],
    /// Record index by id, per kind.
    ids: [IdMap; 7],
    search: SearchIndex,
    /// Institutions of each country, in name order.
    by_country: HashMap<Arc<str>, Vec<usize>>,
    /// Each institution's place in name order (normalized name, then seed order).
    name_rank: Vec<u32>,
    /// The lists [`ListOrder`] names, each sorted the first time it is asked for.
    orders: [OnceLock<Vec<usize>>; ListOrder::ALL.len()],
}

/// An order the API lists every record of a kind in, kept sorted by the graph: sorting a large
/// seed's million people by name took 200 ms, too long to repeat for every page, and too long
/// to add to every load for a list that may never be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOrder {
    /// People by name (normalized, as search compares names), equal names in seed order.
    PeopleByName,
    /// Labs by name, as people are.
    LabsByName,
    /// Topics by name, as people are.
    TopicsByName,
    /// Agreements by signing date (the earliest it may be; undated last), then id.
    AgreementsBySigned,
    /// Agreements by title (normalized), equal titles in seed order.
    AgreementsByTitle,
    /// Agreements by id.
    AgreementsById,
    /// Sources, newest first (by the earliest their date may be; undated last), then id.
    SourcesNewestFirst,
    /// Events, newest first, as sources are.
    EventsNewestFirst,
}

impl ListOrder {
    /// Every order, each at its own place.
    pub const ALL: [ListOrder; 8] = [
        ListOrder::PeopleByName,
        ListOrder::LabsByName,
        ListOrder::TopicsByName,
        ListOrder::AgreementsBySigned,
        ListOrder::AgreementsByTitle,
        ListOrder::AgreementsById,
        ListOrder::SourcesNewestFirst,
        ListOrder::EventsNewestFirst,
    ];
}

/// The graph being built, taking edges between records.
struct Edges<'g> {
    graph: &'g mut DiGraph<NodeRef, EdgeRef>,
    nodes: &'g [Vec<NodeIndex>; 7],
}

impl Edges<'_> {
    fn push(&mut self, (from, to, edge): (NodeRef, NodeRef, EdgeRef)) {
        let at = |node: NodeRef| self.nodes[slot(node.kind)][node.index];
        self.graph.add_edge(at(from), at(to), edge);
    }
}

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

/// The graph over a seed's records: the petgraph graph of their relations, each kind's node
/// indexes, and the records by id. Built from the records alone, so that a load can build it
/// while other indexes of them are built (see [`crate::snapshot::load_graph`]).
pub struct Topology {
    graph: DiGraph<NodeRef, EdgeRef>,
    nodes: [Vec<NodeIndex>; 7],
    ids: [IdMap; 7],
}

impl Topology {
    /// The topology of `records`, with the records by id that the seed's check made, when they
    /// are still the records it checked.
    pub fn build(records: &Records, ids: Option<SeedIds>) -> Self {
        let mut graph = DiGraph::default();
        let mut all_nodes: [Vec<NodeIndex>; 7] = Default::default();
        let counts = NodeKind::ALL.map(|k| records.len(k));
        let total: usize = counts.iter().sum();
        graph.reserve_nodes(total);
        for kind in NodeKind::ALL {
            all_nodes[slot(kind)] = (0..counts[slot(kind)])
                .map(|index| graph.add_node(NodeRef { kind, index }))
                .collect();
        }
        let all_ids = match ids {
            Some(ids) => ids_by_kind(ids),
            None => NodeKind::ALL.map(|kind| {
                (0..counts[slot(kind)])
                    .map(|index| {
                        (
                            records.id_of(NodeRef { kind, index }).as_arc().clone(),
                            index,
                        )
                    })
                    .collect()
            }),
        };
        use NodeKind as K;
        use Relation as R;
        // Edges go straight into the graph, which is given room for all of them first: a list of
        // them beside the graph would be as large again while it is built.
        graph.reserve_exact_edges(records.relation_count());
        let mut edges = Edges {
            graph: &mut graph,
            nodes: &all_nodes,
        };
        let find = |kind: NodeKind, id: &Id| {
            let index = all_ids[slot(kind)][id.as_str()];
            NodeRef { kind, index }
        };
        let node = |kind, index| NodeRef { kind, index };
        let edge = |relation, record, item| EdgeRef {
            relation,
            record,
            item,
        };
        for (i, inst) in records.institutions.iter().enumerate() {
            if let Some(parent) = &inst.parent {
                edges.push((
                    node(K::Institution, i),
                    find(K::Institution, parent),
                    edge(R::PartOf, i, 0),
                ));
            }
        }
        for (i, person) in records.people.iter().enumerate() {
            for (j, position) in person.positions.iter().enumerate() {
                let to = find(K::Institution, &position.institution);
                edges.push((node(K::Person, i), to, edge(R::HoldsPosition, i, j)));
            }
        }
        for (i, lab) in records.labs.iter().enumerate() {
            for (j, host) in lab.hosts.iter().enumerate() {
                let from = find(K::Institution, &host.institution);
                edges.push((from, node(K::Lab, i), edge(R::Hosts, i, j)));
            }
            for (j, topic) in lab.focus.iter().enumerate() {
                edges.push((
                    node(K::Lab, i),
                    find(K::Topic, topic),
                    edge(R::FocusesOn, i, j),
                ));
            }
        }
        for (i, agreement) in records.agreements.iter().enumerate() {
            let this = node(K::Agreement, i);
            for (j, party) in agreement.parties.iter().enumerate() {
                edges.push((
                    find(K::Institution, &party.institution),
                    this,
                    edge(R::PartyTo, i, j),
                ));
            }
            for (j, signatory) in agreement.signatories.iter().enumerate() {
                edges.push((
                    find(K::Person, &signatory.person),
                    this,
                    edge(R::Signed, i, j),
                ));
            }
            for (j, topic) in agreement.topics.iter().enumerate() {
                edges.push((this, find(K::Topic, topic), edge(R::Covers, i, j)));
            }
            for (j, lab) in agreement.establishes.iter().enumerate() {
                edges.push((this, find(K::Lab, lab), edge(R::Establishes, i, j)));
            }
        }
        for (i, event) in records.events.iter().enumerate() {
            for (j, participant) in event.participants.iter().enumerate() {
                let from = find(K::Person, &participant.person);
                edges.push((from, node(K::Event, i), edge(R::ParticipatedIn, i, j)));
            }
            for (j, agreement) in event.agreements.iter().enumerate() {
                let from = find(K::Agreement, agreement);
                edges.push((from, node(K::Event, i), edge(R::ConcludedAt, i, j)));
            }
        }
        for (i, topic) in records.topics.iter().enumerate() {
            if let Some(broader) = &topic.broader {
                edges.push((
                    node(K::Topic, i),
                    find(K::Topic, broader),
                    edge(R::Broader, i, 0),
                ));
            }
        }
        for (i, source) in records.sources.iter().enumerate() {
            if let Some(publisher) = &source.publisher_institution {
                let to = find(K::Institution, publisher);
                edges.push((node(K::Source, i), to, edge(R::PublishedBy, i, 0)));
            }
        }
        debug_assert_eq!(graph.edge_count(), records.relation_count());
        Topology {
            graph,
            nodes: all_nodes,
            ids: all_ids,
        }
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
        };
        (kg.by_country, kg.name_rank) = kg.index_institutions();
        kg
    }

    /// Institutions by country in name order, and each institution's place in name order (by
    /// the names the search index normalized as it was built, rather than normalizing them
    /// again).
    fn index_institutions(&self) -> (HashMap<Arc<str>, Vec<usize>>, Vec<u32>) {
        let names: Vec<&str> = (0..self.institutions.len())
            .map(|index| {
                self.search.normalized_name(NodeRef {
                    kind: NodeKind::Institution,
                    index,
                })
            })
            .collect();
        let mut order: Vec<usize> = (0..self.institutions.len()).collect();
        // Stable: equal names keep seed order.
        order.sort_by_key(|&i| names[i]);
        let mut name_rank = vec![0; order.len()];
        for (rank, &i) in order.iter().enumerate() {
            name_rank[i] = rank as u32;
        }
        let mut by_country: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
        for i in order {
            let country = self.institutions[i].country.as_arc().clone();
            by_country.entry(country).or_default().push(i);
        }
        (by_country, name_rank)
    }

    /// The institutions of a country (an ISO code, in any case), in name order.
    pub fn institutions_in(&self, country: &str) -> &[usize] {
        self.by_country
            .get(country.to_ascii_uppercase().as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// Every record of the order's kind, in that order.
    pub fn ordered(&self, order: ListOrder) -> &[usize] {
        self.orders[order as usize].get_or_init(|| self.sort(order))
    }

    fn sort(&self, order: ListOrder) -> Vec<usize> {
        let records = match order {
            ListOrder::PeopleByName => self.people.len(),
            ListOrder::LabsByName => self.labs.len(),
            ListOrder::TopicsByName => self.topics.len(),
            ListOrder::AgreementsBySigned
            | ListOrder::AgreementsByTitle
            | ListOrder::AgreementsById => self.agreements.len(),
            ListOrder::SourcesNewestFirst => self.sources.len(),
            ListOrder::EventsNewestFirst => self.events.len(),
        };
        let mut items: Vec<usize> = (0..records).collect();
        self.sort_into(order, &mut items);
        items
    }

    /// Puts `items`, records of the order's kind in seed order, in `order`: the order
    /// [`KnowledgeGraph::ordered`] lists them in, for a few of them.
    pub fn sort_into(&self, order: ListOrder, items: &mut [usize]) {
        // Stable: equal keys keep seed order.
        fn by<K: Ord>(items: &mut [usize], key: impl Fn(usize) -> K) {
            items.sort_by_cached_key(|&i| key(i));
        }
        let name = |kind| move |index| self.search.normalized_name(NodeRef { kind, index });
        match order {
            ListOrder::PeopleByName => by(items, name(NodeKind::Person)),
            ListOrder::LabsByName => by(items, name(NodeKind::Lab)),
            ListOrder::TopicsByName => by(items, name(NodeKind::Topic)),
            ListOrder::AgreementsBySigned => by(items, |i| {
                let signed = self.agreements[i].signed.map(|s| s.date().earliest());
                (signed.is_none(), signed, self.agreements[i].id.as_str())
            }),
            ListOrder::AgreementsByTitle => by(items, name(NodeKind::Agreement)),
            ListOrder::AgreementsById => by(items, |i| self.agreements[i].id.as_str()),
            ListOrder::SourcesNewestFirst => {
                by(items, |i| {
                    let source = &self.sources[i];
                    let date = source.date.map(|d| d.earliest());
                    (date, std::cmp::Reverse(source.id.as_str()))
                });
                items.reverse();
            }
            ListOrder::EventsNewestFirst => {
                by(items, |i| {
                    let event = &self.events[i];
                    let date = event.date.map(|d| d.date().earliest());
                    (date, std::cmp::Reverse(event.id.as_str()))
                });
                items.reverse();
            }
        }
    }

    /// An institution's place when all are ordered by name (normalized, as search compares
    /// names; equal names in seed order): sorting by it is sorting by name, without normalizing.
    pub fn institution_name_rank(&self, institution: usize) -> u32 {
        self.name_rank[institution]
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

    /// The record of `kind` with this id (a seed id such as `kaznu`).
    pub fn find(&self, kind: NodeKind, id: &str) -> Option<NodeRef> {
        self.ids[slot(kind)]
            .get(id)
            .map(|&index| NodeRef { kind, index })
    }

    /// The node for a global id such as `Institution:kaznu`.
    pub fn find_global(&self, global_id: &str) -> Option<NodeRef> {
        let (kind, id) = global_id.split_once(':')?;
        self.find(NodeKind::from_name(kind)?, id)
    }

    /// The global id of a node: `Institution:kaznu`.
    pub fn global_id(&self, node: NodeRef) -> String {
        // Every `id` field of every answer comes through here: joined without the formatting
        // machinery, which was 4% of an institution-with-agreements query.
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

    fn view(&self, index: EdgeIndex) -> EdgeView {
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

    /// Edges at `node` in `direction` (Outgoing: the node is `from`), optionally of one relation,
    /// in the order the seed states them.
    pub fn edges(
        &self,
        node: NodeRef,
        direction: Direction,
        relation: Option<Relation>,
    ) -> Vec<EdgeView> {
        let mut found: Vec<EdgeView> = self
            .graph
            .edges_directed(self.node_index(node), direction)
            .filter(|e| relation.is_none_or(|r| e.weight().relation == r))
            .map(|e| self.view(e.id()))
            .collect();
        // petgraph lists a node's edges newest first; the seed's order reads better.
        found.sort_by_key(|e| e.index);
        found
    }

    /// Every edge, in index order.
    pub fn all_edges(&self) -> impl Iterator<Item = EdgeView> + '_ {
        self.graph.edge_indices().map(|e| self.view(e))
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

    /// The sources an edge names (those of the record item that states it; for a plain list of
    /// ids, such as an agreement's topics, those of the record; for PUBLISHED_BY, the source).
    pub fn edge_sources(&self, edge: &EdgeRef) -> &[Id] {
        let (r, j) = (edge.record, edge.item);
        match edge.relation {
            Relation::PartOf => &self.institutions[r].sources,
            Relation::HoldsPosition => &self.people[r].positions[j].sources,
            Relation::Hosts => &self.labs[r].hosts[j].sources,
            Relation::PartyTo => &self.agreements[r].parties[j].sources,
            Relation::Signed => &self.agreements[r].signatories[j].sources,
            Relation::Covers | Relation::Establishes => &self.agreements[r].sources,
            Relation::FocusesOn => &self.labs[r].sources,
            Relation::ParticipatedIn => &self.events[r].participants[j].sources,
            Relation::ConcludedAt => &self.events[r].sources,
            Relation::Broader => &self.topics[r].sources,
            // A source is its own evidence of who published it.
            Relation::PublishedBy => std::slice::from_ref(&self.sources[r].id),
        }
    }

    /// The nodes at the other end of `node`'s edges of `relation` in `direction`, in seed order,
    /// each once.
    pub fn neighbours(
        &self,
        node: NodeRef,
        direction: Direction,
        relation: Relation,
    ) -> Vec<NodeRef> {
        let mut seen = Vec::new();
        for edge in self.edges(node, direction, Some(relation)) {
            let other = if direction == Direction::Outgoing {
                edge.to
            } else {
                edge.from
            };
            if !seen.contains(&other) {
                seen.push(other);
            }
        }
        seen
    }

    /// The institutions `institution` shares an agreement or a lab with, heaviest first.
    pub fn collaborators_of(&self, institution: usize) -> Vec<Collaboration> {
        let me = NodeRef {
            kind: NodeKind::Institution,
            index: institution,
        };
        let mut partners: BTreeMap<usize, Collaboration> = BTreeMap::new();
        let mut link = |partner: usize, via: NodeRef| {
            let entry = partners.entry(partner).or_insert_with(|| Collaboration {
                partner,
                agreements: Vec::new(),
                labs: Vec::new(),
            });
            let list = if via.kind == NodeKind::Agreement {
                &mut entry.agreements
            } else {
                &mut entry.labs
            };
            if !list.contains(&via.index) {
                list.push(via.index);
            }
        };
        for (relation, direction) in [
            (Relation::PartyTo, Direction::Outgoing),
            (Relation::Hosts, Direction::Outgoing),
        ] {
            for via in self.neighbours(me, direction, relation) {
                for other in self.neighbours(via, Direction::Incoming, relation) {
                    if other != me {
                        link(other.index, via);
                    }
                }
            }
        }
        let mut list: Vec<Collaboration> = partners.into_values().collect();
        list.sort_by(|a, b| b.weight().cmp(&a.weight()).then(a.partner.cmp(&b.partner)));
        list
    }

    /// Ancestors of an institution, nearest first (the seed has no parent cycles).
    pub fn ancestors_of(&self, institution: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = institution;
        while let Some(parent) = &self.institutions[at].parent {
            at = self.ids[slot(NodeKind::Institution)][parent.as_str()];
            if chain.contains(&at) {
                break;
            }
            chain.push(at);
        }
        chain
    }

    /// Every record and relation that names `source`, for "what does this source support".
    pub fn supported_by(&self, source: usize) -> (Vec<NodeRef>, Vec<EdgeView>) {
        let id = &self.sources[source].id;
        let nodes = self
            .nodes()
            .filter(|&n| self.sources_of(n).contains(id))
            .collect();
        let edges = self
            .all_edges()
            .filter(|e| self.edge_sources(&e.edge).contains(id))
            .collect();
        (nodes, edges)
    }

    /// Institutions that are party to an agreement covering `topic`, or host a lab working on it.
    pub fn institutions_on_topic(&self, topic: usize) -> HashSet<usize> {
        let topic = NodeRef {
            kind: NodeKind::Topic,
            index: topic,
        };
        let mut found = HashSet::new();
        for (relation, via) in [
            (Relation::Covers, Relation::PartyTo),
            (Relation::FocusesOn, Relation::Hosts),
        ] {
            for holder in self.neighbours(topic, Direction::Incoming, relation) {
                let institutions = self.neighbours(holder, Direction::Incoming, via);
                found.extend(institutions.into_iter().map(|n| n.index));
            }
        }
        found
    }
}

/// The seed's id maps, indexed like [`NodeKind::ALL`].
fn ids_by_kind(ids: SeedIds) -> [IdMap; 7] {
    let SeedIds {
        sources,
        topics,
        institutions,
        people,
        labs,
        agreements,
        events,
    } = ids;
    let mut by_kind: [IdMap; 7] = Default::default();
    for (kind, map) in [
        (NodeKind::Institution, institutions),
        (NodeKind::Person, people),
        (NodeKind::Lab, labs),
        (NodeKind::Agreement, agreements),
        (NodeKind::Topic, topics),
        (NodeKind::Source, sources),
        (NodeKind::Event, events),
    ] {
        by_kind[slot(kind)] = map;
    }
    by_kind
}

/// The kinds of node a relation joins, as (from, to).
pub fn relation_ends(relation: Relation) -> (NodeKind, NodeKind) {
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

    fn institution(kg: &KnowledgeGraph, id: &str) -> NodeRef {
        kg.find(NodeKind::Institution, id).unwrap()
    }

    #[test]
    fn the_country_and_name_indexes_agree_with_a_scan() {
        for kg in [bundled(), crate::generate::generated_graph(400, 9)] {
            let mut by_name: Vec<usize> = (0..kg.institutions.len()).collect();
            by_name.sort_by_cached_key(|&i| {
                crate::search::normalize(kg.institutions[i].name.as_str())
            });
            let mut ranked: Vec<usize> = (0..kg.institutions.len()).collect();
            ranked.sort_by_key(|&i| kg.institution_name_rank(i));
            assert_eq!(ranked, by_name);
            for code in crate::model::country_codes() {
                let scanned: Vec<usize> = by_name
                    .iter()
                    .copied()
                    .filter(|&i| kg.institutions[i].country.as_str() == code)
                    .collect();
                assert_eq!(kg.institutions_in(code), scanned, "{code}");
                assert_eq!(kg.institutions_in(&code.to_lowercase()), scanned, "{code}");
            }
            assert!(kg.institutions_in("XX").is_empty());
        }
    }

    #[test]
    fn the_kept_orders_are_those_a_sort_of_the_records_gives() {
        use crate::search::normalize;
        fn sorted<K: Ord>(len: usize, key: impl Fn(usize) -> K) -> Vec<usize> {
            let mut items: Vec<usize> = (0..len).collect();
            items.sort_by_key(|&i| key(i));
            items
        }
        fn reversed(mut items: Vec<usize>) -> Vec<usize> {
            items.reverse();
            items
        }
        for kg in [bundled(), crate::generate::generated_graph(400, 9)] {
            for order in ListOrder::ALL {
                let expected = match order {
                    ListOrder::PeopleByName => {
                        sorted(kg.people.len(), |i| normalize(kg.people[i].name.as_str()))
                    }
                    ListOrder::LabsByName => {
                        sorted(kg.labs.len(), |i| normalize(kg.labs[i].name.as_str()))
                    }
                    ListOrder::TopicsByName => {
                        sorted(kg.topics.len(), |i| normalize(kg.topics[i].name.as_str()))
                    }
                    ListOrder::AgreementsBySigned => sorted(kg.agreements.len(), |i| {
                        let signed = kg.agreements[i].signed.map(|s| s.date().earliest());
                        (signed.is_none(), signed, kg.agreements[i].id.clone())
                    }),
                    ListOrder::AgreementsByTitle => sorted(kg.agreements.len(), |i| {
                        normalize(kg.agreements[i].title.as_str())
                    }),
                    ListOrder::AgreementsById => {
                        sorted(kg.agreements.len(), |i| kg.agreements[i].id.clone())
                    }
                    ListOrder::SourcesNewestFirst => reversed(sorted(kg.sources.len(), |i| {
                        let source = &kg.sources[i];
                        (
                            source.date.map(|d| d.earliest()),
                            std::cmp::Reverse(source.id.clone()),
                        )
                    })),
                    ListOrder::EventsNewestFirst => reversed(sorted(kg.events.len(), |i| {
                        let event = &kg.events[i];
                        (
                            event.date.map(|d| d.date().earliest()),
                            std::cmp::Reverse(event.id.clone()),
                        )
                    })),
                };
                assert!(!expected.is_empty(), "{order:?}");
                assert_eq!(kg.ordered(order), expected, "{order:?}");
                // A few of them, in seed order, are put in the same order.
                let mut some: Vec<usize> = (0..expected.len()).step_by(3).collect();
                kg.sort_into(order, &mut some);
                let kept: Vec<usize> = expected.into_iter().filter(|i| i % 3 == 0).collect();
                assert_eq!(some, kept, "{order:?}");
            }
        }
    }

    #[test]
    fn a_seed_changed_after_its_check_is_indexed_again() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
        let mut seed = seed::load(&path).unwrap();
        seed.records_mut().institutions.reverse();
        let kg = KnowledgeGraph::new(seed);
        for (i, institution) in kg.institutions.iter().enumerate() {
            let found = kg.find(NodeKind::Institution, institution.id.as_str());
            assert_eq!(found.map(|n| n.index), Some(i), "{}", institution.id);
        }
        let xieg = institution(&kg, "xieg").index;
        assert_eq!(kg.ancestors_of(xieg), [institution(&kg, "cas").index]);
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

    #[test]
    fn kaznu_collaborates_with_three_partners_and_xieg_also_through_a_lab() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu").index;
        let collaborators = kg.collaborators_of(kaznu);
        let ids: Vec<&str> = collaborators
            .iter()
            .map(|c| kg.institutions[c.partner].id.as_str())
            .collect();
        assert_eq!(ids, ["xieg", "cup", "szu"]);
        assert_eq!(
            collaborators[0].weight(),
            2,
            "one memorandum and the planned joint lab"
        );
        assert_eq!(collaborators[1].weight(), 1);
        let xieg = institution(&kg, "xieg").index;
        let back: Vec<usize> = kg
            .collaborators_of(xieg)
            .iter()
            .map(|c| c.partner)
            .collect();
        assert_eq!(back, [kaznu]);
    }

    #[test]
    fn relations_read_both_ways_with_their_attributes() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu");
        let staff = kg.edges(kaznu, Direction::Incoming, Some(Relation::HoldsPosition));
        assert_eq!(staff.len(), 1);
        let person = &kg.people[staff[0].edge.record];
        assert_eq!(person.name.as_str(), "Zhanseit Tuimebayev");
        assert_eq!(
            person.positions[staff[0].edge.item].title.as_str(),
            "Chairman of the Board-Rector"
        );
        let xieg = institution(&kg, "xieg").index;
        let cas = institution(&kg, "cas").index;
        assert_eq!(kg.ancestors_of(xieg), [cas]);
    }

    #[test]
    fn the_press_release_supports_every_record_but_itself() {
        let kg = bundled();
        let press = kg.find(NodeKind::Source, "kaznu-press-2023-05-19").unwrap();
        let (nodes, edges) = kg.supported_by(press.index);
        let non_sources: usize = NodeKind::ALL
            .into_iter()
            .filter(|&k| k != NodeKind::Source)
            .map(|k| kg.len(k))
            .sum();
        assert_eq!(nodes.len(), non_sources);
        assert!(edges.len() > 20);
    }
}
