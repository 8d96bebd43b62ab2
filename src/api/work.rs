//! Works: the entity, its authorships (who wrote it and where they were affiliated), the
//! filter of their list, and co-authorship seen from a person.

use std::sync::Arc;

use async_graphql::{ID, InputObject, Object, Result};

use super::{
    enums::{AuthorPosition, IdScheme, WorkType},
    institution::{Institution, InstitutionConnection},
    lookup,
    node::{Handle, entity, entity_object},
    pages::{connection, nested},
    person::Person,
    plain::{Many, One},
    provenance::{Citation, Source, citations_from, sources},
    require,
    values::{Date, ExternalId, external_ids, preferred_id},
};
use crate::{
    graph::{CoAuthor as GraphCoAuthor, KnowledgeGraph, ListOrder, WorkQuery},
    model::{self, NodeKind},
};

/// A publication: an article, book, dataset or other work, with its authors and the
/// institutions they were affiliated with on it.
#[derive(Clone)]
pub(super) struct Work(Handle);
entity!(Work, NodeKind::Work, works, model::Work);

entity_object!(
    /// A publication: an article, book, dataset or other work, with its authors and the
    /// institutions they were affiliated with on it. Institutions that share works are
    /// linked by co-publication in the INSTITUTIONS and COUNTRIES views.
    Work ("openalex-W2741809807") {

    /// Its title.
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// What kind of publication it is.
    async fn kind(&self) -> WorkType {
        self.record().kind.into()
    }

    /// When it was published: a year, month or day.
    async fn published(&self) -> Option<One<Date>> {
        self.record().published.map(Date::from).map(One)
    }

    /// The year it was published.
    async fn year(&self) -> Option<i32> {
        self.record().year()
    }

    /// Its DOI, such as `10.7717/peerj.4375`.
    async fn doi(&self) -> Option<&str> {
        self.record().doi.as_ref().map(model::Text::as_str)
    }

    /// Its DOI as a web address: `https://doi.org/` and the DOI.
    async fn doi_url(&self) -> Option<String> {
        self.record().doi.as_ref().map(|doi| format!("https://doi.org/{doi}"))
    }

    /// Its ids in registries (OpenAlex, PubMed, PubMed Central, MAG), optionally of one
    /// registry.
    async fn external_ids(&self, #[graphql(desc = "Only this registry's ids.")] scheme: Option<IdScheme>) -> Many<ExternalId> {
        external_ids(&self.0.kg, &self.record().external_ids, scheme)
    }

    /// Its OpenAlex id, such as `W2741809807`; null if it has none.
    async fn openalex(&self) -> Option<String> {
        preferred_id(&self.record().external_ids, model::IdScheme::Openalex)
    }

    /// How many authors it lists.
    async fn author_count(&self) -> usize {
        self.record().authorships.len()
    }
} pages {

    /// Its authors in the order the work lists them, each with where they were affiliated on
    /// it, a page at a time.
    async fn authorships(&self) -> AuthorshipConnection |first, after| {
        let items: Vec<usize> = (0..self.record().authorships.len()).collect();
        nested(&items, first, after, |item| Authorship { kg: self.0.kg.clone(), work: self.0.index, item })
    }

    /// The institutions its authors were affiliated with on it, each once, in the order of
    /// the authorships, a page at a time.
    async fn institutions(&self) -> InstitutionConnection |first, after| {
        let kg = &self.0.kg;
        let items: Vec<usize> = self
            .record()
            .institutions()
            .into_iter()
            .filter_map(|(_, id)| lookup(kg, NodeKind::Institution, id.as_str()))
            .collect();
        nested(&items, first, after, |i| Institution::at(kg, i))
    }
});

/// One author of a work, and the institutions they were affiliated with on it: the AUTHORED
/// relation with its attributes.
#[derive(Clone)]
pub(super) struct Authorship {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) work: usize,
    pub(super) item: usize,
}

impl Authorship {
    fn record(&self) -> &model::Authorship {
        &self.kg.works[self.work].authorships[self.item]
    }
}

/// One author of a work, and the institutions they were affiliated with on it: the AUTHORED
/// relation with its attributes.
#[Object(serial)]
impl Authorship {
    /// Where the author stands in the work's list, counted from 1.
    async fn order(&self) -> usize {
        self.item + 1
    }

    /// FIRST, MIDDLE or LAST author, as the work's record says; null if it does not.
    async fn position(&self) -> Option<AuthorPosition> {
        self.record().position.map(Into::into)
    }

    /// Whether they are a corresponding author.
    async fn corresponding(&self) -> bool {
        self.record().corresponding
    }

    /// The author, when the graph knows them as a person.
    async fn person(&self) -> Option<One<Person>> {
        let id = self.record().person.as_ref()?;
        lookup(&self.kg, NodeKind::Person, id.as_str()).map(|i| One(Person::at(&self.kg, i)))
    }

    /// The author's name as the work writes it, else the person's name.
    async fn name(&self) -> String {
        let record = self.record();
        match (&record.name, &record.person) {
            (Some(name), _) => name.to_string(),
            (None, Some(id)) => lookup(&self.kg, NodeKind::Person, id.as_str())
                .map(|i| self.kg.people[i].name.to_string())
                .unwrap_or_default(),
            (None, None) => String::new(),
        }
    }

    /// The work.
    async fn work(&self) -> One<Work> {
        One(Work::at(&self.kg, self.work))
    }

    /// The institutions the author was affiliated with on this work (a few at most).
    async fn institutions(&self) -> Many<Institution> {
        self.record()
            .institutions
            .iter()
            .filter_map(|id| lookup(&self.kg, NodeKind::Institution, id.as_str()))
            .map(|i| Institution::at(&self.kg, i))
            .collect()
    }

    /// The documents that give it: the work's sources.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.kg.works[self.work].sources)
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
        citations_from(&self.kg, &self.kg.works[self.work].sources, source.as_ref())
    }
}

/// A person someone shares works with: who, through which works, since when.
#[derive(Clone)]
pub(super) struct CoAuthor {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) shared: Arc<GraphCoAuthor>,
}

/// A person someone shares works with: who, through which works, since when.
#[Object(serial)]
impl CoAuthor {
    /// The co-author.
    async fn person(&self) -> One<Person> {
        One(Person::at(&self.kg, self.shared.person))
    }

    /// How many works the two share.
    async fn work_count(&self) -> usize {
        self.shared.works.len()
    }

    /// The year of their first shared work that is dated.
    async fn since(&self) -> Option<i32> {
        self.shared.since
    }

    /// The year of their latest shared work that is dated.
    async fn until(&self) -> Option<i32> {
        self.shared.until
    }

    /// The works they share, newest first, a page at a time.
    #[graphql(complexity = "crate::api::pages::nested_complexity(first, child_complexity)")]
    async fn works(
        &self,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<WorkConnection>> {
        nested(&self.shared.works, first, after, |w| Work::at(&self.kg, w)).map(Into::into)
    }
}

/// A page of `works` (indexes in any order), newest first: the works two institutions share.
pub(super) fn newest_first(
    kg: &Arc<KnowledgeGraph>,
    works: &[usize],
    first: Option<i32>,
    after: Option<String>,
) -> Result<One<WorkConnection>> {
    let mut works = works.to_vec();
    kg.sort_into(ListOrder::WorksNewestFirst, &mut works);
    nested(&works, first, after, |w| Work::at(kg, w)).map(Into::into)
}

/// Which works to list.
#[derive(InputObject, Default)]
pub(super) struct WorkFilter {
    /// One of its authors was affiliated with this institution on it (id).
    institution: Option<ID>,
    /// This person is one of its authors (id).
    person: Option<ID>,
    /// Published in or after this year.
    from_year: Option<i32>,
    /// Published in or before this year.
    to_year: Option<i32>,
    /// Of these kinds.
    #[graphql(validator(max_items = 32))]
    kinds: Option<Vec<WorkType>>,
}

impl WorkFilter {
    /// The graph's query for this filter; NOT_FOUND for an id with no record.
    pub(super) fn query(self, kg: &KnowledgeGraph) -> Result<WorkQuery> {
        Ok(WorkQuery {
            institution: self
                .institution
                .map(|i| require(kg, NodeKind::Institution, &i))
                .transpose()?,
            person: self
                .person
                .map(|p| require(kg, NodeKind::Person, &p))
                .transpose()?,
            from_year: self.from_year,
            to_year: self.to_year,
            kinds: self
                .kinds
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
        })
    }
}

connection!(WorkConnection, WorkEdge, Work, "the works");
connection!(
    AuthorshipConnection,
    AuthorshipEdge,
    Authorship,
    "the authorships"
);
connection!(CoAuthorConnection, CoAuthorEdge, CoAuthor, "the co-authors");
