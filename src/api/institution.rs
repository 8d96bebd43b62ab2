//! Institutions: the entity, its lookup and its list with their filter and order, the
//! partners it collaborates with, and the one root field for those (`collaborators`).

use std::sync::Arc;

use async_graphql::{Context, Enum, ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    agreement::{Agreement, Party},
    enums::{InstitutionKind, SortDirection, Status},
    inputs::{Country, CountryInput},
    lab::{Lab, LabHost},
    node::{Handle, entity, entity_object, lookup_query},
    pages::{connection, page_complexity, paginate},
    person::Position,
    plain::{Many, One},
    provenance::{Source, sources},
    require, snapshot,
    values::{Count, Date, Founding, LocalizedName, Ranking, localized, texts},
};
use crate::{
    graph::{InstitutionQuery, InstitutionSortKey, KnowledgeGraph, Relation},
    model::{self, CountryCode, NodeKind},
};

/// A university, institute, academy or other organisation.
#[derive(Clone)]
pub struct Institution(Handle);
entity!(
    Institution,
    NodeKind::Institution,
    institutions,
    model::Institution
);

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
            sources: sources(&self.0.kg, &f.sources),
        }).map(One)
    }

    /// Places in rankings, optionally of one system (matched case-insensitively, by substring).
    async fn rankings(&self, #[graphql(desc = "Only rankings whose system contains this text, ignoring case.")] system: Option<String>) -> Many<Ranking> {
        let system = system.map(|s| s.to_lowercase());
        self.record()
            .rankings
            .iter()
            .filter(|r| system.as_ref().is_none_or(|s| r.system.as_str().to_lowercase().contains(s)))
            .map(|r| Ranking {
                system: r.system.to_string(),
                edition: r.edition.map(model::Year::get),
                rank: r.rank,
                scope: r.scope.into(),
                sources: sources(&self.0.kg, &r.sources),
            })
            .collect()
    }

    /// Counted facts (students, papers, patents, partner institutions...), optionally of one metric.
    async fn counts(&self, #[graphql(desc = "Only this metric, such as `students`.")] metric: Option<String>) -> Many<Count> {
        self.record()
            .counts
            .iter()
            .filter(|c| metric.as_ref().is_none_or(|m| c.metric.as_str() == m))
            .map(|c| Count {
                metric: c.metric.to_string(),
                value: c.value,
                qualifier: c.qualifier.into(),
                approximate: c.qualifier != model::CountQualifier::Exact,
                period_years: c.period_years,
                as_of: c.as_of.map(Date::from),
                note: c.note.as_ref().map(ToString::to_string),
                sources: sources(&self.0.kg, &c.sources),
            })
            .collect()
    }

    /// The institution it is part of, such as the academy an institute belongs to.
    async fn parent(&self) -> Option<One<Institution>> {
        self.0.kg.ancestors_of(self.0.index).first().map(|&i| Institution::at(&self.0.kg, i)).map(One)
    }

    /// Every institution above it, nearest first.
    async fn ancestors(&self) -> Many<Institution> {
        self.0.kg.ancestors_of(self.0.index).into_iter().map(|i| Institution::at(&self.0.kg, i)).collect()
    }

    /// Institutions that are part of it.
    async fn children(&self) -> Many<Institution> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::PartOf)
            .into_iter()
            .map(|n| Institution::at(&self.0.kg, n.index))
            .collect()
    }

    /// Posts held at this institution, with the people who hold them.
    async fn people(&self) -> Many<Position> {
        self.0
            .kg
            .edges(self.node(), Direction::Incoming, Some(Relation::HoldsPosition))
            .into_iter()
            .map(|e| Position { kg: self.0.kg.clone(), person: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// Agreements it is party to, optionally with one status.
    async fn agreements(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::PartyTo)
            .into_iter()
            .filter(|n| status.is_none_or(|s| self.0.kg.agreements[n.index].status == s.into()))
            .map(|n| Agreement::at(&self.0.kg, n.index))
            .collect()
    }

    /// Its memberships of agreements as edges, with their sources.
    async fn party_to(&self) -> Many<Party> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::PartyTo))
            .into_iter()
            .map(|e| Party { kg: self.0.kg.clone(), agreement: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// Labs it hosts, existing or planned, as hosting edges.
    async fn labs(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> Many<LabHost> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::Hosts))
            .into_iter()
            .filter(|e| status.is_none_or(|s| self.0.kg.labs[e.edge.record].status == s.into()))
            .map(|e| LabHost { kg: self.0.kg.clone(), lab: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// The institutions it shares an agreement or a lab with, heaviest first, with what links them.
    async fn collaborators(&self) -> Many<Collaboration> {
        self.0
            .kg
            .collaborators_of(self.0.index)
            .into_iter()
            .map(|c| Collaboration { kg: self.0.kg.clone(), inner: c })
            .collect()
    }

    /// Sources it published.
    async fn published(&self) -> Many<Source> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::PublishedBy)
            .into_iter()
            .map(|n| Source::at(&self.0.kg, n.index))
            .collect()
    }
});

/// A partner institution and what links the two: shared agreements and shared labs.
pub struct Collaboration {
    kg: Arc<KnowledgeGraph>,
    inner: crate::graph::Collaboration,
}

/// A partner institution and what links the two: shared agreements and shared labs.
#[Object(serial)]
impl Collaboration {
    /// The partner.
    async fn partner(&self) -> One<Institution> {
        One(Institution::at(&self.kg, self.inner.partner))
    }

    /// Shared agreements plus shared labs.
    async fn weight(&self) -> usize {
        self.inner.weight()
    }

    /// Agreements both are party to.
    async fn agreements(&self) -> Many<Agreement> {
        self.inner
            .agreements
            .iter()
            .map(|&i| Agreement::at(&self.kg, i))
            .collect()
    }

    /// Labs both host, existing or planned.
    async fn labs(&self) -> Many<Lab> {
        self.inner
            .labs
            .iter()
            .map(|&i| Lab::at(&self.kg, i))
            .collect()
    }
}

/// Which institutions to list. Conditions combine with AND; list values match any.
#[derive(InputObject, Default)]
pub struct InstitutionFilter {
    /// ISO 3166-1 alpha-2 country codes, in any case, such as ["KZ", "CN"].
    country: Option<Vec<CountryInput<Country>>>,
    /// Kinds of organisation.
    kind: Option<Vec<InstitutionKind>>,
    /// Founded in this year or later.
    founded_from: Option<i32>,
    /// Founded in this year or earlier.
    founded_to: Option<i32>,
    /// Party to an agreement covering, or host of a lab working on, this topic (id).
    topic: Option<ID>,
    /// Part of this institution (id), directly.
    parent: Option<ID>,
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
pub struct InstitutionOrder {
    /// What to sort by.
    #[graphql(default)]
    field: InstitutionSort,
    /// Which way.
    #[graphql(default)]
    direction: SortDirection,
}

lookup_query!(
    /// One institution by id (`kaznu` or `Institution:kaznu`) or by exact name, acronym or
    /// alias in any language (`KazNU`, `深圳大学`); null if there is none. Give `id` or `name`,
    /// not both.
    InstitutionLookup,
    institution -> Institution,
    NodeKind::Institution,
    id = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).",
    name = "An exact name, acronym or alias, in any language, such as `Shenzhen University` or `KazNU`; case, accents and punctuation are ignored."
);

connection!(
    InstitutionConnection,
    InstitutionEdge,
    Institution,
    "the institutions"
);

/// The institutions, filtered and ordered.
#[derive(Default)]
pub struct InstitutionList;

#[Object]
impl InstitutionList {
    /// Institutions, filtered and ordered, a page at a time (default 20, at most 100).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn institutions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<InstitutionFilter>,
        #[graphql(desc = "How to order the list.")] order_by: Option<InstitutionOrder>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<InstitutionConnection>> {
        let kg = snapshot(ctx);
        let filter = filter.unwrap_or_default();
        let topic = filter
            .topic
            .as_ref()
            .map(|t| require(kg, NodeKind::Topic, t))
            .transpose()?;
        let parent = filter
            .parent
            .as_ref()
            .map(|p| require(kg, NodeKind::Institution, p))
            .transpose()?;
        let order = order_by.unwrap_or_default();
        let items = kg.institutions_where(&InstitutionQuery {
            countries: filter
                .country
                .map(|codes| codes.into_iter().map(CountryCode::from).collect()),
            kinds: filter.kind.map(|kinds| {
                kinds
                    .into_iter()
                    .map(model::InstitutionKind::from)
                    .collect()
            }),
            founded_from: filter.founded_from,
            founded_to: filter.founded_to,
            topic,
            parent,
            sort: match order.field {
                InstitutionSort::Name => InstitutionSortKey::Name,
                InstitutionSort::Founded => InstitutionSortKey::Founded,
                InstitutionSort::Country => InstitutionSortKey::Country,
                InstitutionSort::Id => InstitutionSortKey::Id,
            },
            descending: order.direction == SortDirection::Desc,
        });
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Institution(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }
}

/// The partners of an institution.
#[derive(Default)]
pub struct CollaboratorQuery;

#[Object]
impl CollaboratorQuery {
    /// The partners of an institution (id), heaviest first, with the agreements and labs that
    /// link them. NOT_FOUND if there is no such institution.
    async fn collaborators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The institution, by id (`kaznu` or `Institution:kaznu`).")]
        institution: ID,
    ) -> Result<Many<Collaboration>> {
        let kg = snapshot(ctx);
        let index = require(kg, NodeKind::Institution, &institution)?;
        Ok(kg
            .collaborators_of(index)
            .into_iter()
            .map(|c| Collaboration {
                kg: kg.clone(),
                inner: c,
            })
            .collect())
    }
}
