//! The record vocabulary: every record of a seed in one place ([`Records`]), and the names the
//! layers above use to point at one ([`NodeKind`], [`NodeRef`]). Below search and graph, so that
//! both can speak of records without knowing of each other.

use std::sync::Arc;

use super::{
    Agreement, Citation, Event, Facts, Id, Institution, Lab, OtherValues, Person, Source, Topic,
    Work,
};

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
    /// A publication.
    Work,
}

impl NodeKind {
    /// Every kind, in a fixed order.
    pub const ALL: [NodeKind; 8] = [
        NodeKind::Institution,
        NodeKind::Person,
        NodeKind::Lab,
        NodeKind::Agreement,
        NodeKind::Topic,
        NodeKind::Source,
        NodeKind::Event,
        NodeKind::Work,
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
            NodeKind::Work => "Work",
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
            NodeKind::Work => &["title", "kind", "published", "doi"],
            NodeKind::Source => &[],
        }
    }

    /// The fields of a record of this kind that sources may give other values than the
    /// record's own (its `values`): the single values among its facts, and an institution's
    /// founding year.
    pub fn value_fields(self) -> &'static [&'static str] {
        match self {
            NodeKind::Topic => &["name", "broader"],
            NodeKind::Institution => &["name", "kind", "country", "parent", "founded"],
            NodeKind::Person => &["name"],
            NodeKind::Lab => &["name", "kind", "status", "description", "opened"],
            NodeKind::Agreement => &[
                "title",
                "kind",
                "description",
                "status",
                "signed",
                "validFrom",
                "validTo",
            ],
            NodeKind::Event => &["name", "kind", "date", "country"],
            NodeKind::Work => &["title", "kind", "published", "doi"],
            NodeKind::Source => &[],
        }
    }

    /// The kind of record a value field names by id, for the fields that are references.
    pub fn value_reference(self, field: &str) -> Option<NodeKind> {
        match (self, field) {
            (NodeKind::Topic, "broader") => Some(NodeKind::Topic),
            (NodeKind::Institution, "parent") => Some(NodeKind::Institution),
            _ => None,
        }
    }

    /// The field that names a record of this kind: `title` for agreements and sources, `name`
    /// for the rest.
    pub fn label_field(self) -> &'static str {
        match self {
            NodeKind::Agreement | NodeKind::Source | NodeKind::Work => "title",
            _ => "name",
        }
    }
}

/// One fact of a record with a provenance of its own: one of its fields, or an institution's
/// counts of one metric (`counts.students`), which several sources may give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactKey {
    /// A field, as the record's type names it.
    Field(&'static str),
    /// The counts of one metric.
    Counts(Id),
}

impl FactKey {
    /// Its name in the API: the field's, or `counts.` and the metric.
    pub fn name(&self) -> String {
        match self {
            FactKey::Field(field) => (*field).to_owned(),
            FactKey::Counts(metric) => format!("counts.{metric}"),
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
    /// Publications.
    pub works: Vec<Work>,
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
            NodeKind::Work => self.works.len(),
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
            NodeKind::Work => &self.works[i].id,
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
            NodeKind::Work => self.works[i].title.as_arc(),
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
            NodeKind::Work => &self.works[i].facts,
        }
    }

    /// The values sources give the record's fields besides its own.
    pub fn values_of(&self, node: NodeRef) -> &OtherValues {
        let i = node.index;
        match node.kind {
            NodeKind::Institution => &self.institutions[i].values,
            NodeKind::Person => &self.people[i].values,
            NodeKind::Lab => &self.labs[i].values,
            NodeKind::Agreement => &self.agreements[i].values,
            NodeKind::Topic => &self.topics[i].values,
            NodeKind::Source => &OtherValues::NONE,
            NodeKind::Event => &self.events[i].values,
            NodeKind::Work => &self.works[i].values,
        }
    }

    /// The record as its seed file writes it.
    pub fn record_json(&self, node: NodeRef) -> serde_json::Value {
        let i = node.index;
        let json = match node.kind {
            NodeKind::Institution => serde_json::to_value(&self.institutions[i]),
            NodeKind::Person => serde_json::to_value(&self.people[i]),
            NodeKind::Lab => serde_json::to_value(&self.labs[i]),
            NodeKind::Agreement => serde_json::to_value(&self.agreements[i]),
            NodeKind::Topic => serde_json::to_value(&self.topics[i]),
            NodeKind::Source => serde_json::to_value(&self.sources[i]),
            NodeKind::Event => serde_json::to_value(&self.events[i]),
            NodeKind::Work => serde_json::to_value(&self.works[i]),
        };
        json.expect("a record serializes")
    }

    /// The record's own value of one of its [`NodeKind::value_fields`], as its seed file
    /// writes it; None when it has none.
    pub fn field_value(&self, node: NodeRef, field: &str) -> Option<serde_json::Value> {
        value_at(&self.record_json(node), field).cloned()
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
            NodeKind::Work => &self.works[i].sources,
        }
    }

    /// How many edges [`crate::graph::Topology::build`] makes: one per reference it turns into a
    /// relation, besides those of institutions' registry relationships (a relation stated from
    /// both sides is one edge, which only the ids can tell).
    pub(crate) fn relation_count(&self) -> usize {
        let parents = self.institutions.iter().filter(|i| i.parent.is_some());
        let positions: usize = self
            .people
            .iter()
            .map(|p| p.positions.len() + p.met.len())
            .sum();
        let labs: usize = self
            .labs
            .iter()
            .map(|l| l.hosts.len() + l.focus.len() + l.strengthens.len())
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
        let works: usize = self
            .works
            .iter()
            .map(|w| {
                w.authorships.iter().filter(|a| a.person.is_some()).count() + w.institution_count()
            })
            .sum();
        parents.count()
            + works
            + positions
            + labs
            + agreements
            + events
            + broader.count()
            + published.count()
    }
}

/// Where a value field's value sits in a record's JSON: the field, or for `founded` the year
/// inside it. None when the record has no value for it.
fn value_at<'j>(record: &'j serde_json::Value, field: &str) -> Option<&'j serde_json::Value> {
    let value = match field {
        "founded" => record.get("founded")?.get("year")?,
        _ => record.get(field)?,
    };
    (!value.is_null()).then_some(value)
}

/// `value` as the value of `field` of a record of `kind` whose JSON is `record`, checked by
/// reading the record back with it in place, and written the way the record writes it; or why
/// it is not one. The record must have a value of its own for the field.
pub(crate) fn checked_value(
    kind: NodeKind,
    record: &serde_json::Value,
    field: &str,
    value: &serde_json::Value,
) -> Result<serde_json::Value, String> {
    fn reread<R: serde::de::DeserializeOwned + serde::Serialize>(
        json: serde_json::Value,
    ) -> Result<serde_json::Value, String> {
        let record: R = serde_json::from_value(json).map_err(|e| e.to_string())?;
        Ok(serde_json::to_value(record).expect("a record serializes"))
    }
    let mut json = record.clone();
    let slot = match field {
        "founded" => json.get_mut("founded").and_then(|f| f.get_mut("year")),
        _ => json.get_mut(field),
    };
    *slot.ok_or_else(|| format!("the record has no {field}"))? = value.clone();
    let json = match kind {
        NodeKind::Institution => reread::<Institution>(json),
        NodeKind::Person => reread::<Person>(json),
        NodeKind::Lab => reread::<Lab>(json),
        NodeKind::Agreement => reread::<Agreement>(json),
        NodeKind::Topic => reread::<Topic>(json),
        NodeKind::Source => reread::<Source>(json),
        NodeKind::Event => reread::<Event>(json),
        NodeKind::Work => reread::<Work>(json),
    }?;
    Ok(value_at(&json, field).cloned().unwrap_or_default())
}
