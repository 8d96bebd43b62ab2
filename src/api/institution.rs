//! Institutions: the entity, the filter and order of their list, and the partners each
//! collaborates with (`Collaboration`, and the `collaborators` root field's answer).

use std::sync::Arc;

use async_graphql::{Enum, ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    agreement::{Agreement, AgreementConnection, Party, PartyConnection},
    budget::{interrupt, interrupted_error},
    enums::{
        IdScheme, InstitutionKind, InstitutionStatus, OrganisationType, SortDirection, Status,
    },
    inputs::{Country, CountryInput},
    lab::{Lab, LabConnection, LabHost, LabHostConnection},
    node::{Handle, entity, entity_object},
    pages::{Page, connection, nested, nested_complexity},
    person::{Position, PositionConnection},
    plain::{Many, One},
    provenance::{Cited, Source, SourceConnection},
    require,
    values::{
        Count, Date, ExternalId, Founding, Link, LocalizedName, Location, Ranking, external_ids,
        localized, preferred_id, texts,
    },
    work::{Work, WorkConnection, newest_first},
};
use crate::{
    graph::{InstitutionQuery, InstitutionSortKey, KnowledgeGraph, Relation, WorkQuery},
    interrupt::Interrupt,
    model::{self, CountryCode, NodeKind},
    search::normalize,
};

/// A university, institute, academy or other organisation.
#[derive(Clone)]
pub(super) struct Institution(Handle);
entity!(
    Institution,
    NodeKind::Institution,
    institutions,
    model::Institution
);

impl Institution {
    /// The API's view of `counts[i]`.
    fn count_at(&self, i: usize) -> Count {
        let record = self.record();
        let c = &record.counts[i];
        Count {
            metric: c.metric.to_string(),
            value: c.value,
            qualifier: c.qualifier.into(),
            approximate: c.qualifier != model::CountQualifier::Exact,
            period_years: c.period_years,
            as_of: c.as_of.map(Date::from),
            note: c.note.as_ref().map(ToString::to_string),
            rank: c.rank.into(),
            rank_reason: c.rank_reason.as_ref().map(ToString::to_string),
            preferred: record.preferred_count(c.metric.as_str()) == Some(i),
            cited: Cited::new(&self.0.kg, &c.sources),
        }
    }
}

entity_object!(
    /// A university, institute, academy or other organisation.
    Institution ("kaznu") {

    /// Primary name, in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts (Kazakh, Russian, Chinese).
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// Acronyms, such as KazNU.
    async fn acronyms(&self) -> Vec<String> {
        texts(&self.record().acronyms)
    }

    /// Other names it is known by.
    async fn aliases(&self) -> Vec<String> {
        texts(&self.record().aliases)
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> InstitutionKind {
        self.record().kind.into()
    }

    /// ISO 3166-1 alpha-2 code of its country, such as KZ or CN.
    async fn country(&self) -> &str {
        self.record().country.as_str()
    }

    /// When it was founded, if the sources say.
    async fn founded(&self) -> Option<One<Founding>> {
        self.record().founded.as_ref().map(|f| Founding {
            year: f.year.get(),
            note: f.note.as_ref().map(ToString::to_string),
            cited: Cited::new(&self.0.kg, &f.sources),
        }).map(One)
    }

    /// Places in rankings, optionally of one system (matched case-insensitively, by substring).
    async fn rankings(&self, #[graphql(desc = "Only rankings whose system contains this text, ignoring case.")] system: Option<String>) -> Many<Ranking> {
        self.record()
            .rankings_in(system.as_deref())
            .map(|r| Ranking {
                system: r.system.to_string(),
                edition: r.edition.map(model::Year::get),
                rank: r.rank,
                scope: r.scope.into(),
                cited: Cited::new(&self.0.kg, &r.sources),
            })
            .collect()
    }

    /// Counted facts (students, papers, patents, partner institutions...), optionally of one
    /// metric, in seed order.
    async fn counts(&self, #[graphql(desc = "Only this metric, such as `students`.")] metric: Option<String>) -> Many<Count> {
        let counts = &self.record().counts;
        (0..counts.len())
            .filter(|&i| metric.as_deref().is_none_or(|m| counts[i].metric.as_str() == m))
            .map(|i| self.count_at(i))
            .collect()
    }

    /// The count of a metric to use, such as the number of students: the one ranked
    /// PREFERRED, else the latest that is not deprecated; null when there is none.
    /// `fact(field: "counts.students")` gives every count of it with its rank.
    async fn count(&self, #[graphql(desc = "The metric, such as `students`.", validator(chars_max_length = 64))] metric: String) -> Option<Count> {
        self.record().preferred_count(&metric).map(|i| self.count_at(i))
    }

    /// Whether it still operates, as its registry records it: ACTIVE unless a registry says
    /// it is INACTIVE or its record WITHDRAWN.
    async fn status(&self) -> InstitutionStatus {
        self.record().status.into()
    }

    /// Its ids in registries (ROR, GRID, ISNI, Wikidata, FundRef, OpenAlex), optionally of
    /// one registry.
    async fn external_ids(&self, #[graphql(desc = "Only this registry's ids.")] scheme: Option<IdScheme>) -> Many<ExternalId> {
        external_ids(&self.0.kg, &self.record().external_ids, scheme)
    }

    /// Its ROR id (such as `03q0vrn42`), the preferred one if it has several; null if it has
    /// none.
    async fn ror(&self) -> Option<String> {
        preferred_id(&self.record().external_ids, model::IdScheme::Ror)
    }

    /// Where it is: city, subdivision, country and coordinates, as registries give them.
    async fn locations(&self) -> Many<Location> {
        self.record()
            .locations
            .iter()
            .map(|l| Location {
                city: l.city.as_ref().map(ToString::to_string),
                subdivision: l.subdivision.as_ref().map(ToString::to_string),
                subdivision_code: l.subdivision_code.as_ref().map(ToString::to_string),
                country: l.country.to_string(),
                lat: l.lat,
                lng: l.lng,
                geonames_id: l.geonames_id,
                cited: Cited::new(&self.0.kg, &l.sources),
            })
            .collect()
    }

    /// Every type its registry gives it (`kind` is the one this graph files it under).
    async fn types(&self) -> Vec<OrganisationType> {
        self.record().types.iter().map(|&t| t.into()).collect()
    }

    /// Its web site and other pages about it.
    async fn links(&self) -> Many<Link> {
        self.record()
            .links
            .iter()
            .map(|l| Link { kind: l.kind.into(), url: l.url.to_string(), cited: Cited::new(&self.0.kg, &l.sources) })
            .collect()
    }

    /// Its internet domains, such as `farabi.university`.
    async fn domains(&self) -> Vec<String> {
        texts(&self.record().domains)
    }

    /// The institution it is part of, such as the academy an institute belongs to.
    async fn parent(&self) -> Option<One<Institution>> {
        self.0.kg.ancestors_of(self.0.index).first().map(|&i| Institution::at(&self.0.kg, i)).map(One)
    }

    /// Every institution above it, nearest first.
    async fn ancestors(&self) -> Many<Institution> {
        self.0.kg.ancestors_of(self.0.index).into_iter().map(|i| Institution::at(&self.0.kg, i)).collect()
    }

} pages {

    /// Institutions that are part of it, a page at a time.
    async fn children(&self) -> InstitutionConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::PartOf);
        nested(&items, first, after, |n| Institution::at(&self.0.kg, n.index))
    }

    /// Posts held at this institution, with the people who hold them, a page at a time.
    async fn people(&self) -> PositionConnection |first, after| {
        let items = self.0.kg.edges(self.node(), Direction::Incoming, Some(Relation::HoldsPosition));
        nested(&items, first, after, |e| Position { kg: self.0.kg.clone(), person: e.edge.record, item: e.edge.item })
    }

    /// Works one of whose authors was affiliated with it, newest first, optionally published
    /// within some years, a page at a time.
    async fn works(&self, #[graphql(desc = "Published in or after this year.")] from_year: Option<i32>, #[graphql(desc = "Published in or before this year.")] to_year: Option<i32>) -> WorkConnection |first, after| {
        let query = WorkQuery { institution: Some(self.0.index), from_year, to_year, ..Default::default() };
        let items = self.0.kg.works_where(&query);
        nested(&items, first, after, |w| Work::at(&self.0.kg, w))
    }

    /// Agreements it is party to, optionally with one status, a page at a time.
    async fn agreements(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> AgreementConnection |first, after| {
        let items = self.0.kg.agreements_of(self.0.index, status.map(Into::into));
        nested(&items, first, after, |a| Agreement::at(&self.0.kg, a))
    }

    /// Its memberships of agreements as edges, with their sources, a page at a time.
    async fn party_to(&self) -> PartyConnection |first, after| {
        let items = self.0.kg.edges(self.node(), Direction::Outgoing, Some(Relation::PartyTo));
        nested(&items, first, after, |e| Party { kg: self.0.kg.clone(), agreement: e.edge.record, item: e.edge.item })
    }

    /// Labs it hosts, existing or planned, as hosting edges, a page at a time.
    async fn labs(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> LabHostConnection |first, after| {
        let items = self.0.kg.labs_hosted_by(self.0.index, status.map(Into::into));
        nested(&items, first, after, |e| LabHost { kg: self.0.kg.clone(), lab: e.edge.record, item: e.edge.item })
    }

    /// The institutions it shares an agreement, a lab or a work with, heaviest first, with
    /// what links them, a page at a time.
    async fn collaborators(&self, ctx: &async_graphql::Context<'_>) -> CollaborationConnection |first, after| {
        partners(&self.0.kg, self.0.index, interrupt(ctx), first, after)
    }

    /// Sources it published, a page at a time.
    async fn published(&self) -> SourceConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::PublishedBy);
        nested(&items, first, after, |n| Source::at(&self.0.kg, n.index))
    }
});

/// A partner institution and what links the two: shared agreements, labs and works.
#[derive(Clone)]
pub(super) struct Collaboration {
    kg: Arc<KnowledgeGraph>,
    inner: crate::graph::Collaboration,
}

/// A partner institution and what links the two: shared agreements, labs and works.
#[Object(serial)]
impl Collaboration {
    /// The partner.
    async fn partner(&self) -> One<Institution> {
        One(Institution::at(&self.kg, self.inner.partner))
    }

    /// Shared agreements plus shared labs plus shared works.
    async fn weight(&self) -> usize {
        self.inner.weight()
    }

    /// How many works both contributed to (co-publications).
    async fn work_count(&self) -> usize {
        self.inner.works.len()
    }

    /// Works both contributed to (co-publications), newest first, a page at a time.
    #[graphql(complexity = "nested_complexity(first, child_complexity)")]
    async fn works(
        &self,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<WorkConnection>> {
        newest_first(&self.kg, &self.inner.works, first, after)
    }

    /// Agreements both are party to, a page at a time.
    #[graphql(complexity = "nested_complexity(first, child_complexity)")]
    async fn agreements(
        &self,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<AgreementConnection>> {
        nested(&self.inner.agreements, first, after, |i| {
            Agreement::at(&self.kg, i)
        })
        .map(Into::into)
    }

    /// Labs both host, existing or planned, a page at a time.
    #[graphql(complexity = "nested_complexity(first, child_complexity)")]
    async fn labs(
        &self,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<LabConnection>> {
        nested(&self.inner.labs, first, after, |i| Lab::at(&self.kg, i)).map(Into::into)
    }
}

connection!(
    CollaborationConnection,
    CollaborationEdge,
    Collaboration,
    "an institution's partners"
);

/// Which institutions to list. Conditions combine with AND; list values match any.
#[derive(InputObject, Default)]
pub(super) struct InstitutionFilter {
    /// ISO 3166-1 alpha-2 country codes, in any case, such as ["KZ", "CN"].
    #[graphql(validator(max_items = 256))]
    country: Option<Vec<CountryInput<Country>>>,
    /// Kinds of organisation.
    #[graphql(validator(max_items = 256))]
    kind: Option<Vec<InstitutionKind>>,
    /// Founded in this year or later.
    founded_from: Option<i32>,
    /// Founded in this year or earlier.
    founded_to: Option<i32>,
    /// Party to an agreement covering, or host of a lab working on, this topic (id).
    topic: Option<ID>,
    /// Part of this institution (id), directly.
    parent: Option<ID>,
    /// With one of these statuses, as registries record them (ACTIVE unless said).
    #[graphql(validator(max_items = 16))]
    status: Option<Vec<InstitutionStatus>>,
    /// With one of these registry types, such as [EDUCATION, FACILITY].
    #[graphql(validator(max_items = 16))]
    types: Option<Vec<OrganisationType>>,
    /// With a location in this city, in any case and with or without accents, such as "Almaty".
    #[graphql(validator(chars_max_length = 200))]
    city: Option<String>,
    /// With an id in this registry, such as ROR or WIKIDATA.
    has_external_id: Option<IdScheme>,
}

impl InstitutionFilter {
    /// The graph's query for this filter in `order`; NOT_FOUND for a topic or parent id with
    /// no record.
    pub(super) fn query(
        self,
        kg: &KnowledgeGraph,
        order: InstitutionOrder,
    ) -> Result<InstitutionQuery> {
        Ok(InstitutionQuery {
            countries: self
                .country
                .map(|codes| codes.into_iter().map(CountryCode::from).collect()),
            kinds: self.kind.map(|kinds| {
                kinds
                    .into_iter()
                    .map(model::InstitutionKind::from)
                    .collect()
            }),
            founded_from: self.founded_from,
            founded_to: self.founded_to,
            topic: self
                .topic
                .map(|t| require(kg, NodeKind::Topic, &t))
                .transpose()?,
            parent: self
                .parent
                .map(|p| require(kg, NodeKind::Institution, &p))
                .transpose()?,
            statuses: self
                .status
                .map(|s| s.into_iter().map(model::InstitutionStatus::from).collect()),
            types: self
                .types
                .map(|t| t.into_iter().map(model::OrganisationType::from).collect()),
            city: self.city.map(|c| normalize(&c)),
            has_external_id: self.has_external_id.map(model::IdScheme::from),
            sort: match order.field {
                InstitutionSort::Name => InstitutionSortKey::Name,
                InstitutionSort::Founded => InstitutionSortKey::Founded,
                InstitutionSort::Country => InstitutionSortKey::Country,
                InstitutionSort::Id => InstitutionSortKey::Id,
            },
            descending: order.direction == SortDirection::Desc,
        })
    }
}

/// What to sort institutions by.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum InstitutionSort {
    /// Primary name.
    #[default]
    Name,
    /// Founding year (unknown years last).
    Founded,
    /// Country code, then name.
    Country,
    /// Seed id.
    Id,
}

/// Order of an institution list.
#[derive(InputObject, Default)]
pub(super) struct InstitutionOrder {
    /// What to sort by.
    #[graphql(default)]
    field: InstitutionSort,
    /// Which way.
    #[graphql(default)]
    direction: SortDirection,
}

connection!(
    InstitutionConnection,
    InstitutionEdge,
    Institution,
    "the institutions"
);

/// The `collaborators` root field: the partners of `institution`, heaviest first, a page at a
/// time; NOT_FOUND if there is no such institution.
pub(super) fn collaborators(
    kg: &Arc<KnowledgeGraph>,
    institution: &ID,
    interrupt: &Interrupt,
    first: Option<i32>,
    after: Option<String>,
) -> Result<One<CollaborationConnection>> {
    let index = require(kg, NodeKind::Institution, institution)?;
    partners(kg, index, interrupt, first, after).map(Into::into)
}

/// A page of the partners of institution `index`, heaviest first.
fn partners(
    kg: &Arc<KnowledgeGraph>,
    index: usize,
    interrupt: &Interrupt,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Page<Collaboration>> {
    let items = kg
        .collaborators_of(index, interrupt)
        .map_err(interrupted_error)?;
    nested(&items, first, after, |inner| Collaboration {
        kg: kg.clone(),
        inner,
    })
}
