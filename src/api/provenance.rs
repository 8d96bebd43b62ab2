//! Where facts come from: sources (the documents every record and relation cites, and the
//! `sources` fields that list them) and events (visits, meetings, signings) with who took part.

use std::sync::Arc;

use async_graphql::Object;
use petgraph::Direction;

use super::{
    agreement::{Agreement, AgreementConnection},
    enums::{EventKind, SourceKind},
    institution::Institution,
    lookup,
    node::{Handle, Node, NodeConnection, RelationConnection, RelationEdge, entity, entity_object},
    pages::{connection, nested},
    person::Person,
    plain::{Many, One},
    values::{Date, QualifiedDate},
};
use crate::{
    graph::{KnowledgeGraph, Relation},
    model::{self, Citation, NodeKind},
};
/// A document that facts come from.
#[derive(Clone)]
pub(super) struct Source(Handle);
entity!(Source, NodeKind::Source, sources, model::Source);

/// A visit, meeting or signing.
#[derive(Clone)]
pub(super) struct Event(Handle);
entity!(Event, NodeKind::Event, events, model::Event);

pub(super) fn sources(kg: &Arc<KnowledgeGraph>, citations: &[Citation]) -> Many<Source> {
    citations
        .iter()
        .filter_map(|c| kg.find(NodeKind::Source, c.source.as_str()))
        .map(|n| Source::at(kg, n.index))
        .collect()
}

entity_object!(
    /// A document that facts come from.
    Source ("kaznu-press-2023-05-19") {

    /// The document's title.
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// What kind of document it is.
    async fn kind(&self) -> SourceKind {
        self.record().kind.into()
    }

    /// Who published it, as printed.
    async fn publisher(&self) -> Option<String> {
        self.record().publisher.as_ref().map(ToString::to_string)
    }

    /// The publisher, when it is an institution in the graph.
    async fn publisher_institution(&self) -> Option<One<Institution>> {
        let id = self.record().publisher_institution.as_ref()?;
        lookup(&self.0.kg, NodeKind::Institution, id.as_str()).map(|i| Institution::at(&self.0.kg, i)).map(One)
    }

    /// When it was published.
    async fn date(&self) -> Option<One<Date>> {
        self.record().date.map(Date::from).map(One)
    }

    /// Where it can be read, if known.
    async fn url(&self) -> Option<String> {
        self.record().url.as_ref().map(ToString::to_string)
    }

    /// The BCP 47 tag of the language it is written in.
    async fn language(&self) -> &str {
        self.record().language.as_str()
    }

    /// Anything a reader should know about the source.
    async fn note(&self) -> Option<String> {
        self.record().note.as_ref().map(ToString::to_string)
    }
} pages {

    /// The records that cite this source, a page at a time.
    async fn supports(&self) -> NodeConnection |first, after| {
        let (nodes, _) = self.0.kg.supported_by(self.0.index);
        nested(&nodes, first, after, |n| Node::new(&self.0.kg, n))
    }

    /// The relations (positions, parties, signatories, hosts...) that cite this source, a page
    /// at a time.
    async fn supported_relations(&self) -> RelationConnection |first, after| {
        let (_, edges) = self.0.kg.supported_by(self.0.index);
        nested(&edges, first, after, |edge| RelationEdge { kg: self.0.kg.clone(), edge })
    }
});

entity_object!(
    /// A visit, meeting or signing.
    Event ("kaznu-china-working-trip-2023") {

    /// A name, as given or descriptive.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// What kind of event.
    async fn kind(&self) -> EventKind {
        self.record().kind.into()
    }

    /// When, and how exactly that is known.
    async fn date(&self) -> Option<One<QualifiedDate>> {
        self.record().date.map(QualifiedDate::from).map(One)
    }

    /// ISO code of the country it took place in.
    async fn country(&self) -> Option<&str> {
        self.record().country.as_ref().map(|c| c.as_str())
    }
} pages {

    /// Who took part, and in what capacity, a page at a time.
    async fn participants(&self) -> ParticipationConnection |first, after| {
        let items: Vec<usize> = (0..self.record().participants.len()).collect();
        nested(&items, first, after, |item| Participation { kg: self.0.kg.clone(), event: self.0.index, item })
    }

    /// Agreements concluded at it, a page at a time.
    async fn agreements(&self) -> AgreementConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::ConcludedAt);
        nested(&items, first, after, |n| Agreement::at(&self.0.kg, n.index))
    }
});

/// A person taking part in an event: the PARTICIPATED_IN relation.
#[derive(Clone)]
pub(super) struct Participation {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) event: usize,
    pub(super) item: usize,
}

impl Participation {
    fn record(&self) -> &model::Participant {
        &self.kg.events[self.event].participants[self.item]
    }
}

/// A person taking part in an event: the PARTICIPATED_IN relation.
#[Object(serial)]
impl Participation {
    /// Who.
    async fn person(&self) -> One<Person> {
        let index = lookup(&self.kg, NodeKind::Person, self.record().person.as_str())
            .expect("checked at load");
        One(Person::at(&self.kg, index))
    }

    /// The event.
    async fn event(&self) -> One<Event> {
        One(Event::at(&self.kg, self.event))
    }

    /// In what capacity.
    async fn role(&self) -> Option<String> {
        self.record().role.as_ref().map(ToString::to_string)
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

connection!(SourceConnection, SourceEdge, Source, "the sources");

connection!(EventConnection, EventEdge, Event, "the events");
connection!(
    ParticipationConnection,
    ParticipationEdge,
    Participation,
    "the participants"
);
