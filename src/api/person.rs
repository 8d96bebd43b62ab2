//! People: the entity, the filter of their list, and the posts they hold (`Position`).

use std::sync::Arc;

use async_graphql::{ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    agreement::{Signatory, SignatoryConnection},
    enums::IdScheme,
    institution::Institution,
    lookup,
    node::{Handle, entity, entity_object},
    pages::{connection, nested},
    plain::{Many, One},
    provenance::{
        Citation, Event, Participation, ParticipationConnection, Source, citations_from, sources,
    },
    require,
    values::{Date, ExternalId, LocalizedName, external_ids, localized, preferred_id},
    work::{Authorship, AuthorshipConnection, CoAuthor, CoAuthorConnection},
};
use crate::{
    graph::{KnowledgeGraph, PersonQuery, Relation},
    model::{self, NodeKind},
};
/// A person.
#[derive(Clone)]
pub(super) struct Person(Handle);
entity!(Person, NodeKind::Person, people, model::Person);

entity_object!(
    /// A person.
    Person ("chen-feng") {

    /// Name as usually written in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// The person's ids in registries (ORCID, OpenAlex), optionally of one registry.
    async fn external_ids(&self, #[graphql(desc = "Only this registry's ids.")] scheme: Option<IdScheme>) -> Many<ExternalId> {
        external_ids(&self.0.kg, &self.record().external_ids, scheme)
    }

    /// The person's ORCID iD, such as `0000-0003-1613-5981`; null if the graph has none.
    async fn orcid(&self) -> Option<String> {
        preferred_id(&self.record().external_ids, model::IdScheme::Orcid)
    }
} pages {

    /// Posts the person holds or held, with titles and dates, a page at a time.
    async fn positions(&self) -> PositionConnection |first, after| {
        let items: Vec<usize> = (0..self.record().positions.len()).collect();
        nested(&items, first, after, |item| Position { kg: self.0.kg.clone(), person: self.0.index, item })
    }

    /// Agreements the person signed or concluded, and for whom, a page at a time.
    async fn signed(&self) -> SignatoryConnection |first, after| {
        let items = self.0.kg.edges(self.node(), Direction::Outgoing, Some(Relation::Signed));
        nested(&items, first, after, |e| Signatory { kg: self.0.kg.clone(), agreement: e.edge.record, item: e.edge.item })
    }

    /// The person's authorships (each a work and where they were affiliated on it), newest
    /// work first, a page at a time.
    async fn works(&self) -> AuthorshipConnection |first, after| {
        let kg = &self.0.kg;
        let items = kg.authorships_of(self.0.index);
        nested(&items, first, after, |(work, item)| Authorship { kg: kg.clone(), work, item })
    }

    /// The people the person shares works with: most shared works first, then the longest
    /// standing, each with the works and the years of the first and latest, a page at a time.
    async fn coauthors(&self) -> CoAuthorConnection |first, after| {
        let kg = &self.0.kg;
        let items: Vec<Arc<crate::graph::CoAuthor>> = kg.coauthors_of(self.0.index).into_iter().map(Arc::new).collect();
        nested(&items, first, after, |shared| CoAuthor { kg: kg.clone(), shared })
    }

    /// Events the person took part in, a page at a time.
    async fn events(&self) -> ParticipationConnection |first, after| {
        let items = self.0.kg.edges(self.node(), Direction::Outgoing, Some(Relation::ParticipatedIn));
        nested(&items, first, after, |e| Participation { kg: self.0.kg.clone(), event: e.edge.record, item: e.edge.item })
    }

    /// The people a source says this person met, whichever of the two it is told of, a page
    /// at a time.
    async fn met(&self) -> MeetingConnection |first, after| {
        let kg = &self.0.kg;
        let items = kg.edges_of(self.node(), &[Direction::Outgoing, Direction::Incoming], Some(&[Relation::Met]));
        nested(&items, first, after, |e| Meeting {
            kg: kg.clone(),
            person: e.edge.record,
            item: e.edge.item,
            other: if e.from == self.node() { e.to.index } else { e.from.index },
        })
    }
});

/// Two people meeting, as a source reports it: the MET relation, seen from one of them.
#[derive(Clone)]
pub(super) struct Meeting {
    kg: Arc<KnowledgeGraph>,
    /// The person whose record tells of the meeting, and its place in their list.
    person: usize,
    item: usize,
    /// The other person, seen from the one asked about.
    other: usize,
}

impl Meeting {
    fn record(&self) -> &model::Meeting {
        &self.kg.people[self.person].met[self.item]
    }
}

/// Two people meeting, as a source reports it: the MET relation, seen from one of them.
#[Object(serial)]
impl Meeting {
    /// The person met.
    async fn person(&self) -> One<Person> {
        One(Person::at(&self.kg, self.other))
    }

    /// The event they met during, when the source places the meeting in one.
    async fn during(&self) -> Option<One<Event>> {
        let id = self.record().during.as_ref()?;
        lookup(&self.kg, NodeKind::Event, id.as_str()).map(|i| One(Event::at(&self.kg, i)))
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }

    /// The documents that give it, with where and in which words each does and how it is
    /// known.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        citations_from(&self.kg, &self.record().sources, source.as_ref())
    }
}

/// A post held by a person at an institution: the HOLDS_POSITION relation with its attributes.
#[derive(Clone)]
pub(super) struct Position {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) person: usize,
    pub(super) item: usize,
}

impl Position {
    fn record(&self) -> &model::Position {
        &self.kg.people[self.person].positions[self.item]
    }
}

/// A post held by a person at an institution: the HOLDS_POSITION relation with its attributes.
#[Object(serial)]
impl Position {
    /// The title as given, such as "Vice President".
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// Who holds it.
    async fn person(&self) -> One<Person> {
        One(Person::at(&self.kg, self.person))
    }

    /// Where.
    async fn institution(&self) -> One<Institution> {
        let id = self.record().institution.as_str();
        let index = lookup(&self.kg, NodeKind::Institution, id).expect("checked at load");
        One(Institution::at(&self.kg, index))
    }

    /// Since when, if known.
    async fn from(&self) -> Option<One<Date>> {
        self.record().from.map(Date::from).map(One)
    }

    /// Until when, if it ended.
    async fn to(&self) -> Option<One<Date>> {
        self.record().to.map(Date::from).map(One)
    }

    /// A date the post is known to be held on, when start and end are not known.
    async fn as_of(&self) -> Option<One<Date>> {
        self.record().as_of.map(Date::from).map(One)
    }

    /// Whether the post has no end date.
    async fn current(&self) -> bool {
        self.record().to.is_none()
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }

    /// The documents that give it, with where and in which words each does and how it is
    /// known.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        citations_from(&self.kg, &self.record().sources, source.as_ref())
    }
}

/// Which people to list.
#[derive(InputObject, Default)]
pub(super) struct PersonFilter {
    /// Holds or held a post at this institution (id).
    institution: Option<ID>,
    /// Holds or held a post whose title has these words (or words beginning so), in any case:
    /// "rector" finds a "Chairman of the Board-Rector", not a "Director General".
    title: Option<String>,
}

impl PersonFilter {
    /// The graph's query for this filter; NOT_FOUND for an institution id with no record.
    pub(super) fn query(self, kg: &KnowledgeGraph) -> Result<PersonQuery> {
        Ok(PersonQuery {
            institution: self
                .institution
                .map(|i| require(kg, NodeKind::Institution, &i))
                .transpose()?,
            title: self.title,
        })
    }
}

connection!(PersonConnection, PersonEdge, Person, "the people");
connection!(PositionConnection, PositionEdge, Position, "the posts");
connection!(MeetingConnection, MeetingEdge, Meeting, "the meetings");
