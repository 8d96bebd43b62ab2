//! The record vocabulary: every record of a seed in one place ([`Records`]), and the names the
//! layers above use to point at one ([`NodeKind`], [`NodeRef`]). Below search and graph, so that
//! both can speak of records without knowing of each other.

use std::sync::Arc;

use super::{Agreement, Citation, Event, Facts, Id, Institution, Lab, Person, Source, Topic};

/// The kinds of node in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    /// An institution.
    Institution,
    /// A person.
    Person,
    /// A lab, centre or network.
    Lab,
    /// An agreement.
    Agreement,
    /// A research area.
    Topic,
    /// A source document.
    Source,
    /// An event.
    Event,
}

impl NodeKind {
    /// Every kind, in a fixed order.
    pub const ALL: [NodeKind; 7] = [
        NodeKind::Institution,
        NodeKind::Person,
        NodeKind::Lab,
        NodeKind::Agreement,
        NodeKind::Topic,
        NodeKind::Source,
        NodeKind::Event,
    ];

    /// The kind's name as used in global ids (`Institution:kaznu`).
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Institution => "Institution",
            NodeKind::Person => "Person",
            NodeKind::Lab => "Lab",
            NodeKind::Agreement => "Agreement",
            NodeKind::Topic => "Topic",
            NodeKind::Source => "Source",
            NodeKind::Event => "Event",
        }
    }

    /// The kind with that name.
    pub fn from_name(name: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The fields of a record of this kind that its `facts` may cite: its own values, not its
    /// lists of items (names, positions, parties...), whose items carry their own sources. A
    /// source's fields are its own account of itself, and cite nothing.
    pub fn fact_fields(self) -> &'static [&'static str] {
        match self {
            NodeKind::Topic => &["name", "broader"],
            NodeKind::Institution => &["name", "acronyms", "aliases", "kind", "country", "parent"],
            NodeKind::Person => &["name"],
            NodeKind::Lab => &["name", "kind", "status", "focus", "description", "opened"],
            NodeKind::Agreement => &[
                "title",
                "kind",
                "description",
                "status",
                "signed",
                "validFrom",
                "validTo",
                "topics",
                "establishes",
            ],
            NodeKind::Event => &["name", "kind", "date", "country", "agreements"],
            NodeKind::Source => &[],
        }
    }

    /// The field that names a record of this kind: `title` for agreements and sources, `name`
    /// for the rest.
    pub fn label_field(self) -> &'static str {
        match self {
            NodeKind::Agreement | NodeKind::Source => "title",
            _ => "name",
        }
    }
}

/// A node: which kind of record, and its index in that kind's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NodeRef {
    /// The kind.
    pub kind: NodeKind,
    /// Index into the graph's list of that kind.
    pub index: usize,
}

/// The records of a seed, in file order within each type.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Documents facts come from.
    pub sources: Vec<Source>,
    /// Research areas.
    pub topics: Vec<Topic>,
    /// Organisations.
    pub institutions: Vec<Institution>,
    /// People.
    pub people: Vec<Person>,
    /// Labs, centres and networks.
    pub labs: Vec<Lab>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Events.
    pub events: Vec<Event>,
}

/// The records by node, for the indexes built from them before the graph is.
impl Records {
    /// Every record, kind by kind (in [`NodeKind::ALL`] order) and in seed order within a kind.
    pub fn nodes(&self) -> impl Iterator<Item = NodeRef> + '_ {
        NodeKind::ALL
            .into_iter()
            .flat_map(|kind| (0..self.len(kind)).map(move |index| NodeRef { kind, index }))
    }

    /// How many records of `kind` there are.
    pub fn len(&self, kind: NodeKind) -> usize {
        match kind {
            NodeKind::Institution => self.institutions.len(),
            NodeKind::Person => self.people.len(),
            NodeKind::Lab => self.labs.len(),
            NodeKind::Agreement => self.agreements.len(),
            NodeKind::Topic => self.topics.len(),
            NodeKind::Source => self.sources.len(),
            NodeKind::Event => self.events.len(),
        }
    }

    /// The record's id.
    pub fn id_of(&self, node: NodeRef) -> &Id {
        let i = node.index;
        match node.kind {
            NodeKind::Institution => &self.institutions[i].id,
            NodeKind::Person => &self.people[i].id,
            NodeKind::Lab => &self.labs[i].id,
            NodeKind::Agreement => &self.agreements[i].id,
            NodeKind::Topic => &self.topics[i].id,
            NodeKind::Source => &self.sources[i].id,
            NodeKind::Event => &self.events[i].id,
        }
    }

    /// The record's display name (a title for agreements and sources).
    pub fn label_of(&self, node: NodeRef) -> &str {
        self.label_arc_of(node)
    }

    /// The record's display name as the shared string, for indexes that keep it.
    pub fn label_arc_of(&self, node: NodeRef) -> &Arc<str> {
        let i = node.index;
        match node.kind {
            NodeKind::Institution => self.institutions[i].name.as_arc(),
            NodeKind::Person => self.people[i].name.as_arc(),
            NodeKind::Lab => self.labs[i].name.as_arc(),
            NodeKind::Agreement => self.agreements[i].title.as_arc(),
            NodeKind::Topic => self.topics[i].name.as_arc(),
            NodeKind::Source => self.sources[i].title.as_arc(),
            NodeKind::Event => self.events[i].name.as_arc(),
        }
    }

    /// The citations of the record's own fields.
    pub fn facts_of(&self, node: NodeRef) -> &Facts {
        let i = node.index;
        match node.kind {
            NodeKind::Institution => &self.institutions[i].facts,
            NodeKind::Person => &self.people[i].facts,
            NodeKind::Lab => &self.labs[i].facts,
            NodeKind::Agreement => &self.agreements[i].facts,
            NodeKind::Topic => &self.topics[i].facts,
            NodeKind::Source => &Facts::NONE,
            NodeKind::Event => &self.events[i].facts,
        }
    }

    /// The citations of the sources that mention the record.
    pub fn sources_of(&self, node: NodeRef) -> &[Citation] {
        let i = node.index;
        match node.kind {
            NodeKind::Institution => &self.institutions[i].sources,
            NodeKind::Person => &self.people[i].sources,
            NodeKind::Lab => &self.labs[i].sources,
            NodeKind::Agreement => &self.agreements[i].sources,
            NodeKind::Topic => &self.topics[i].sources,
            NodeKind::Source => &[],
            NodeKind::Event => &self.events[i].sources,
        }
    }

    /// How many edges [`crate::graph::Topology::build`] makes: one per reference it turns into a relation.
    pub(crate) fn relation_count(&self) -> usize {
        let parents = self.institutions.iter().filter(|i| i.parent.is_some());
        let positions: usize = self.people.iter().map(|p| p.positions.len()).sum();
        let labs: usize = self
            .labs
            .iter()
            .map(|l| l.hosts.len() + l.focus.len())
            .sum();
        let agreements: usize = self
            .agreements
            .iter()
            .map(|a| a.parties.len() + a.signatories.len() + a.topics.len() + a.establishes.len())
            .sum();
        let events: usize = self
            .events
            .iter()
            .map(|e| e.participants.len() + e.agreements.len())
            .sum();
        let broader = self.topics.iter().filter(|t| t.broader.is_some());
        let published = self
            .sources
            .iter()
            .filter(|s| s.publisher_institution.is_some());
        parents.count()
            + positions
            + labs
            + agreements
            + events
            + broader.count()
            + published.count()
    }
}
