//! The root fields of records, in the order the schema lists them: lookups by id or name, the
//! lists a page at a time, collaborators, relations, search and counts (the network's root
//! fields are in `network.rs`). Each field names its arguments and hands them to its domain:
//! a filter becomes the graph's query (`InstitutionFilter::query`...), the graph answers, and
//! the answer becomes objects.
//!
//! They are one object rather than one per domain merged into `Query`: the schema lists the
//! lookups of every kind before the lists of every kind, so per-domain objects would have to be
//! twenty, and async-graphql asks a merged object's parts one after another, which showed in
//! the cost of a lookup by id.

use async_graphql::{Context, ID, Object, Result};

use super::{
    agreement::{Agreement, AgreementConnection, AgreementFilter, AgreementOrder},
    budget::interrupt,
    enums::NodeType,
    institution::{
        self, CollaborationConnection, Institution, InstitutionConnection, InstitutionFilter,
        InstitutionOrder,
    },
    lab::{Lab, LabConnection, LabFilter},
    node::{Node, RelationEdge, find},
    pages::{MAX_PAGE_SIZE, nested_complexity, page_complexity, paginate},
    person::{Person, PersonConnection, PersonFilter},
    plain::{Many, One},
    provenance::{Event, EventConnection, Fact, FactConnection, Source, SourceConnection},
    search::{SearchResult, search},
    snapshot,
    stats::Stats,
    topic::{Topic, TopicConnection},
    work::{Work, WorkConnection, WorkFilter},
};
use crate::{
    error::ErrorCode,
    graph::ListOrder,
    model::{self, NodeKind},
};

/// Records by id or name, lists of them a page at a time, search and counts.
#[derive(Default)]
pub(super) struct RecordQuery;

#[Object]
impl RecordQuery {
    /// Any record by global id (`Institution:kaznu`); null if there is none.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, such as `Institution:kaznu`.")] id: ID,
    ) -> Option<One<Node>> {
        let kg = snapshot(ctx);
        kg.find_global(&id).map(|n| Node::new(kg, n)).map(One)
    }

    /// Records by global id, in the order asked; null for ids with none. At most 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, such as `Institution:kaznu`.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_PAGE_SIZE {
            return Err(
                ErrorCode::LimitExceeded.error(format!("at most {MAX_PAGE_SIZE} ids at once"))
            );
        }
        // Each record counts towards the answer's objects, as a `Many` would count it.
        super::budget::spend_for(ctx, ids.len())?;
        let kg = snapshot(ctx);
        Ok(ids
            .iter()
            .map(|id| kg.find_global(id).map(|n| Node::new(kg, n)))
            .collect())
    }

    /// One institution by id (`kaznu` or `Institution:kaznu`), by exact name, acronym or
    /// alias in any language (`KazNU`, `深圳大学`), or by ROR id (`03q0vrn42`); null if there
    /// is none. Give one of `id`, `name` and `ror`.
    async fn institution(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language, such as `Shenzhen University` or `KazNU`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
        #[graphql(
            desc = "A ROR id, with or without `https://ror.org/`, such as `03q0vrn42`.",
            validator(chars_max_length = 256)
        )]
        ror: Option<String>,
    ) -> Result<Option<One<Institution>>> {
        let Some(ror) = ror else {
            return find(ctx, NodeKind::Institution, id, name, Institution::at);
        };
        if id.is_some() || name.is_some() {
            return Err(ErrorCode::BadUserInput.error("give exactly one of `id`, `name` and `ror`"));
        }
        let kg = snapshot(ctx);
        Ok(kg
            .institution_by_external_id(model::IdScheme::Ror, &ror)
            .map(|i| One(Institution::at(kg, i))))
    }

    /// One person by id (`chen-feng` or `Person:chen-feng`), by exact name in any language
    /// (`Zhang Xueji`), or by ORCID iD (`0000-0003-1613-5981`); null if there is none. Give
    /// one of `id`, `name` and `orcid`.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`chen-feng`) or a global id (`Person:chen-feng`).")]
        id: Option<ID>,
        #[graphql(
            desc = "An exact name, in any language or script, such as `Chen Feng`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
        #[graphql(
            desc = "An ORCID iD, with or without `https://orcid.org/`, such as `0000-0003-1613-5981`.",
            validator(chars_max_length = 256)
        )]
        orcid: Option<String>,
    ) -> Result<Option<One<Person>>> {
        let Some(orcid) = orcid else {
            return find(ctx, NodeKind::Person, id, name, Person::at);
        };
        if id.is_some() || name.is_some() {
            return Err(
                ErrorCode::BadUserInput.error("give exactly one of `id`, `name` and `orcid`")
            );
        }
        let kg = snapshot(ctx);
        Ok(kg
            .by_external_id(NodeKind::Person, model::IdScheme::Orcid, &orcid)
            .map(|i| One(Person::at(kg, i))))
    }

    /// One lab, centre or network by id (`kaznu-xieg-joint-lab` or `Lab:kaznu-xieg-joint-lab`) or
    /// by exact name in any language (`Center for Remote Sensing of the Earth`); null if there is none.
    /// Give `id` or `name`, not both.
    async fn lab(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A seed id (`kaznu-xieg-joint-lab`) or a global id (`Lab:kaznu-xieg-joint-lab`)."
        )]
        id: Option<ID>,
        #[graphql(
            desc = "An exact name, in any language or script, such as `Center for Remote Sensing of the Earth`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Lab>>> {
        find(ctx, NodeKind::Lab, id, name, Lab::at)
    }

    /// One agreement by id (`mou-kaznu-szu-2023` or `Agreement:mou-kaznu-szu-2023`) or by exact
    /// title; null if there is none. Give `id` or `name`, not both.
    async fn agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A seed id (`mou-kaznu-szu-2023`) or a global id (`Agreement:mou-kaznu-szu-2023`)."
        )]
        id: Option<ID>,
        #[graphql(
            desc = "An exact title, such as `Memorandum of cooperation between Al-Farabi Kazakh National University and the China University of Petroleum`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Agreement>>> {
        find(ctx, NodeKind::Agreement, id, name, Agreement::at)
    }

    /// One research area by id (`climate-change` or `Topic:climate-change`) or by exact name in any
    /// language (`Biotechnology`); null if there is none. Give `id` or `name`, not both.
    async fn topic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`climate-change`) or a global id (`Topic:climate-change`).")]
        id: Option<ID>,
        #[graphql(
            desc = "An exact name, in any language or script, such as `Climate change`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Topic>>> {
        find(ctx, NodeKind::Topic, id, name, Topic::at)
    }

    /// One source by id (`kaznu-press-2023-05-19` or `Source:kaznu-press-2023-05-19`) or by exact
    /// title; null if there is none. Give `id` or `name`, not both.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A seed id (`kaznu-press-2023-05-19`) or a global id (`Source:kaznu-press-2023-05-19`)."
        )]
        id: Option<ID>,
        #[graphql(
            desc = "An exact title, such as `KazNU establishes a partnership with leading universities of China`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Source>>> {
        find(ctx, NodeKind::Source, id, name, Source::at)
    }

    /// One event by id (`kaznu-china-working-trip-2023` or
    /// `Event:kaznu-china-working-trip-2023`) or by exact name; null if there is none. Give `id` or
    /// `name`, not both.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A seed id (`kaznu-china-working-trip-2023`) or a global id (`Event:kaznu-china-working-trip-2023`)."
        )]
        id: Option<ID>,
        #[graphql(
            desc = "An exact name, such as `KazNU rector's working trip to China`; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Event>>> {
        find(ctx, NodeKind::Event, id, name, Event::at)
    }

    /// One work by id (`openalex-W2741809807` or `Work:openalex-W2741809807`) or by DOI
    /// (`10.7717/peerj.4375`, with or without `https://doi.org/`, in any case); null if there
    /// is none. Give `id` or `doi`, not both.
    async fn work(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A seed id (`openalex-W2741809807`) or a global id (`Work:openalex-W2741809807`).",
            validator(chars_max_length = 256)
        )]
        id: Option<ID>,
        #[graphql(
            desc = "A DOI, such as `10.7717/peerj.4375`.",
            validator(chars_max_length = 256)
        )]
        doi: Option<String>,
    ) -> Result<Option<One<Work>>> {
        let kg = snapshot(ctx);
        let index = match (id, doi) {
            (Some(id), None) => super::lookup(kg, NodeKind::Work, &id),
            (None, Some(doi)) => kg.work_by_doi(&doi),
            _ => return Err(ErrorCode::BadUserInput.error("give exactly one of `id` and `doi`")),
        };
        Ok(index.map(|i| One(Work::at(kg, i))))
    }

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
        let items = kg.institutions_where(
            &filter
                .unwrap_or_default()
                .query(kg, order_by.unwrap_or_default())?,
        );
        paginate(&items, after, before, first, last, |index| {
            Institution::at(kg, index)
        })
        .map(Into::into)
    }

    /// Agreements, filtered and ordered, a page at a time (default 20, at most 100).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<AgreementFilter>,
        #[graphql(desc = "How to order the list.")] order_by: Option<AgreementOrder>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<AgreementConnection>> {
        let kg = snapshot(ctx);
        let items = kg.agreements_where(
            &filter
                .unwrap_or_default()
                .query(kg, order_by.unwrap_or_default())?,
        );
        paginate(&items, after, before, first, last, |index| {
            Agreement::at(kg, index)
        })
        .map(Into::into)
    }

    /// People, filtered, ordered by name, a page at a time (default 20, at most 100).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<PersonFilter>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<PersonConnection>> {
        let kg = snapshot(ctx);
        let items = kg.people_where(&filter.unwrap_or_default().query(kg)?);
        paginate(&items, after, before, first, last, |index| {
            Person::at(kg, index)
        })
        .map(Into::into)
    }

    /// Labs, centres and networks, filtered, ordered by name, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn labs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<LabFilter>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<LabConnection>> {
        let kg = snapshot(ctx);
        let items = kg.labs_where(&filter.unwrap_or_default().query(kg)?);
        paginate(&items, after, before, first, last, |index| {
            Lab::at(kg, index)
        })
        .map(Into::into)
    }

    /// Research areas, ordered by name, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<TopicConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::TopicsByName);
        paginate(items, after, before, first, last, |index| {
            Topic::at(kg, index)
        })
        .map(Into::into)
    }

    /// Sources, newest first, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<SourceConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::SourcesNewestFirst);
        paginate(items, after, before, first, last, |index| {
            Source::at(kg, index)
        })
        .map(Into::into)
    }

    /// Events, newest first, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<EventConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::EventsNewestFirst);
        paginate(items, after, before, first, last, |index| {
            Event::at(kg, index)
        })
        .map(Into::into)
    }

    /// Works (publications), filtered, newest first, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn works(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<WorkFilter>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<WorkConnection>> {
        let kg = snapshot(ctx);
        let items = kg.works_where(&filter.unwrap_or_default().query(kg)?);
        paginate(&items, after, before, first, last, |index| {
            Work::at(kg, index)
        })
        .map(Into::into)
    }

    /// The facts sources disagree on: each record field that sources give more than one
    /// value, with every value, its rank and why, a page at a time, records in type and seed
    /// order.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn conflicts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<FactConnection>> {
        Fact::conflicts(snapshot(ctx), after, before, first, last).map(Into::into)
    }

    /// The partners of an institution (id), heaviest first, with the agreements, labs and works
    /// that link them, a page at a time. NOT_FOUND if there is no such institution.
    #[graphql(complexity = "nested_complexity(first, child_complexity)")]
    async fn collaborators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The institution, by id (`kaznu` or `Institution:kaznu`).")]
        institution: ID,
        #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
    ) -> Result<One<CollaborationConnection>> {
        institution::collaborators(snapshot(ctx), &institution, interrupt(ctx), first, after)
    }

    /// One relation by its id (`PARTY_TO:kaznu>mou-kaznu-cup-2023`); null if there is none.
    async fn relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A relation id, such as `PARTY_TO:kaznu>mou-kaznu-cup-2023`.")] id: ID,
    ) -> Option<One<RelationEdge>> {
        let kg = snapshot(ctx);
        kg.find_edge(&id)
            .map(|edge| RelationEdge {
                kg: kg.clone(),
                edge,
            })
            .map(One)
    }

    /// Search every name, acronym, alias and other-language name, ranked by score: case- and
    /// accent-insensitive, tolerant of small typos, in any script (`kaznu`, `Shenzen`,
    /// `Казахский`, `深圳`). Kazakh letters match the Russian ones typed for them (`Казак` finds
    /// `Қазақ`), and Latin and Cyrillic find each other (`Kazakhskii` finds `Казахский`, a
    /// little below a match as typed). Words like "of" and "the" need not be in the name
    /// (`University of Ohio` finds Ohio University). Institutions a registry records as inactive or withdrawn
    /// rank below active ones of the same name (ask for their `status`). Optionally only some
    /// types; at most `first` results (up to 100).
    #[graphql(complexity = "page_complexity(Some(first), None, child_complexity)")]
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What to look for: a name, acronym or alias, in any script; small typos are forgiven."
        )]
        text: String,
        #[graphql(desc = "Only these types of node.", validator(max_items = 256))] types: Option<
            Vec<NodeType>,
        >,
        #[graphql(default = 10, desc = "How many results, at most 100.")] first: i32,
    ) -> Result<Many<SearchResult>> {
        search(snapshot(ctx), &text, types, first)
    }

    /// Counts by type, country, kind, status and year.
    async fn stats(&self, ctx: &Context<'_>) -> One<Stats> {
        One(Stats(snapshot(ctx).clone()))
    }
}
