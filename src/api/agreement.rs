//! Agreements: the entity, the filter and order of their list, and what an agreement binds:
//! its parties (`Party`), signatories (`Signatory`) and activities.

use std::sync::Arc;

use async_graphql::{Enum, ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    enums::{ActivityKind, ActivityScope, AgreementKind, SignatoryRole, SortDirection, Status},
    inputs::{DateInput, SignedFrom, SignedTo},
    institution::Institution,
    lab::{Lab, LabConnection},
    lookup,
    node::{Handle, entity, entity_object},
    pages::{connection, nested},
    person::Person,
    plain::{Many, One},
    provenance::{Citation, Event, EventConnection, Source, citations_from, sources},
    require,
    topic::Topic,
    values::{Date, QualifiedDate},
};
use crate::{
    error::ErrorCode,
    graph::{AgreementQuery, AgreementSortKey, KnowledgeGraph, Relation},
    model::{self, NodeKind, PartialDate},
};
/// A memorandum or other agreement between institutions.
#[derive(Clone)]
pub(super) struct Agreement(Handle);
entity!(Agreement, NodeKind::Agreement, agreements, model::Agreement);

entity_object!(
    /// A memorandum or other agreement between institutions.
    Agreement ("mou-kaznu-szu-2023") {

    /// A title, as given or descriptive.
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// What kind of agreement.
    async fn kind(&self) -> AgreementKind {
        self.record().kind.into()
    }

    /// What it is about, in the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// Whether it is in force.
    async fn status(&self) -> Status {
        self.record().status.into()
    }

    /// When it was signed, and how exactly that is known.
    async fn signed(&self) -> Option<One<QualifiedDate>> {
        self.record().signed.map(QualifiedDate::from).map(One)
    }

    /// When it takes effect, if different from signing.
    async fn valid_from(&self) -> Option<One<Date>> {
        self.record().valid_from.map(Date::from).map(One)
    }

    /// When it ends.
    async fn valid_to(&self) -> Option<One<Date>> {
        self.record().valid_to.map(Date::from).map(One)
    }

    /// The research areas it covers.
    async fn topics(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::Covers)
            .into_iter()
            .map(|n| Topic::at(&self.0.kg, n.index))
            .collect()
    }
} pages {

    /// The institutions bound by it, a page at a time.
    async fn parties(&self) -> PartyConnection |first, after| {
        let items: Vec<usize> = (0..self.record().parties.len()).collect();
        nested(&items, first, after, |item| Party { kg: self.0.kg.clone(), agreement: self.0.index, item })
    }

    /// Who signed or concluded it, for which party, a page at a time.
    async fn signatories(&self) -> SignatoryConnection |first, after| {
        let items: Vec<usize> = (0..self.record().signatories.len()).collect();
        nested(&items, first, after, |item| Signatory { kg: self.0.kg.clone(), agreement: self.0.index, item })
    }

    /// What the parties will do under it, optionally of one kind, a page at a time.
    async fn activities(&self, #[graphql(desc = "Only activities of this kind.")] kind: Option<ActivityKind>) -> ActivityConnection |first, after| {
        let items: Vec<usize> = self.record().activities_of(kind.map(Into::into)).collect();
        nested(&items, first, after, |item| Activity { kg: self.0.kg.clone(), agreement: self.0.index, item })
    }

    /// Labs it sets up, a page at a time.
    async fn establishes(&self) -> LabConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Outgoing, Relation::Establishes);
        nested(&items, first, after, |n| Lab::at(&self.0.kg, n.index))
    }

    /// Events it was concluded at, a page at a time.
    async fn events(&self) -> EventConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Outgoing, Relation::ConcludedAt);
        nested(&items, first, after, |n| Event::at(&self.0.kg, n.index))
    }
});

/// An institution bound by an agreement: the PARTY_TO relation.
#[derive(Clone)]
pub(super) struct Party {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) agreement: usize,
    pub(super) item: usize,
}

/// An institution bound by an agreement: the PARTY_TO relation.
#[Object(serial)]
impl Party {
    /// The party.
    async fn institution(&self) -> One<Institution> {
        let id = &self.kg.agreements[self.agreement].parties[self.item].institution;
        let index = lookup(&self.kg, NodeKind::Institution, id.as_str()).expect("checked at load");
        One(Institution::at(&self.kg, index))
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement::at(&self.kg, self.agreement))
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(
            &self.kg,
            &self.kg.agreements[self.agreement].parties[self.item].sources,
        )
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
        citations_from(
            &self.kg,
            &self.kg.agreements[self.agreement].parties[self.item].sources,
            source.as_ref(),
        )
    }
}

/// A person who signed or concluded an agreement, and for whom: the SIGNED relation.
#[derive(Clone)]
pub(super) struct Signatory {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) agreement: usize,
    pub(super) item: usize,
}

impl Signatory {
    fn record(&self) -> &model::Signatory {
        &self.kg.agreements[self.agreement].signatories[self.item]
    }
}

/// A person who signed or concluded an agreement, and for whom: the SIGNED relation.
#[Object(serial)]
impl Signatory {
    /// Who.
    async fn person(&self) -> One<Person> {
        let index = lookup(&self.kg, NodeKind::Person, self.record().person.as_str())
            .expect("checked at load");
        One(Person::at(&self.kg, index))
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement::at(&self.kg, self.agreement))
    }

    /// The party the person acted for.
    async fn on_behalf_of(&self) -> One<Institution> {
        let index = lookup(
            &self.kg,
            NodeKind::Institution,
            self.record().on_behalf_of.as_str(),
        )
        .expect("checked at load");
        One(Institution::at(&self.kg, index))
    }

    /// Whether the source says the person signed, or only that they concluded the agreement.
    async fn role(&self) -> SignatoryRole {
        self.record().role.into()
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

/// Something the parties will do under an agreement.
#[derive(Clone)]
pub(super) struct Activity {
    kg: Arc<KnowledgeGraph>,
    agreement: usize,
    item: usize,
}

impl Activity {
    fn record(&self) -> &model::Activity {
        &self.kg.agreements[self.agreement].activities[self.item]
    }
}

/// Something the parties will do under an agreement.
#[Object(serial)]
impl Activity {
    /// What kind.
    async fn kind(&self) -> ActivityKind {
        self.record().kind.into()
    }

    /// In the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// Stated for the agreements in general, or for this one in particular.
    async fn scope(&self) -> ActivityScope {
        self.record().scope.into()
    }

    /// The lab, for a joint lab.
    async fn lab(&self) -> Option<One<Lab>> {
        let id = self.record().lab.as_ref()?;
        lookup(&self.kg, NodeKind::Lab, id.as_str())
            .map(|index| Lab::at(&self.kg, index))
            .map(One)
    }

    /// Research areas this activity is about.
    async fn topics(&self) -> Many<Topic> {
        self.record()
            .topics
            .iter()
            .filter_map(|t| lookup(&self.kg, NodeKind::Topic, t.as_str()))
            .map(|index| Topic::at(&self.kg, index))
            .collect()
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement::at(&self.kg, self.agreement))
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

/// Which agreements to list. Conditions combine with AND.
#[derive(InputObject, Default)]
pub(super) struct AgreementFilter {
    /// An institution (id) that is party to it.
    party: Option<ID>,
    /// A person (id) who signed or concluded it.
    signatory: Option<ID>,
    /// Its status.
    status: Option<Status>,
    /// Its kind.
    kind: Option<AgreementKind>,
    /// A research area (id) it covers.
    topic: Option<ID>,
    /// It provides for this kind of activity.
    activity: Option<ActivityKind>,
    /// Signed on or after this date (YYYY, YYYY-MM or YYYY-MM-DD; a year or month counts
    /// from its first day). An agreement dated loosely is kept if it may have been signed
    /// then or later: one dated "2023" or "circa 2022" is kept from 2023-06, one dated "on or
    /// before 2023-05-19" from 2023-05-19 but not from the 20th. Undated agreements never
    /// match.
    signed_from: Option<DateInput<SignedFrom>>,
    /// Signed on or before this date (YYYY, YYYY-MM or YYYY-MM-DD; a year or month counts to
    /// its last day). An agreement dated loosely is kept if it may have been signed by then:
    /// "on or before 2023-05-19" matches 2023-05-18, "on or after 2023" does not match 2022.
    signed_to: Option<DateInput<SignedTo>>,
}

impl AgreementFilter {
    /// The graph's query for this filter in `order`; NOT_FOUND for a party, signatory or topic
    /// id with no record.
    pub(super) fn query(
        self,
        kg: &KnowledgeGraph,
        order: AgreementOrder,
    ) -> Result<AgreementQuery> {
        let signed_from: Option<PartialDate> = self.signed_from.map(Into::into);
        let signed_to: Option<PartialDate> = self.signed_to.map(Into::into);
        // A loosely known date may fall in any range, an empty one too: refused, not matched.
        if let (Some(from), Some(to)) = (signed_from, signed_to)
            && from.earliest() > to.latest()
        {
            return Err(ErrorCode::BadUserInput
                .error(format!("`signedFrom` ({from}) is after `signedTo` ({to})")));
        }
        Ok(AgreementQuery {
            party: self
                .party
                .map(|p| require(kg, NodeKind::Institution, &p))
                .transpose()?,
            signatory: self
                .signatory
                .map(|p| require(kg, NodeKind::Person, &p))
                .transpose()?,
            status: self.status.map(Into::into),
            kind: self.kind.map(Into::into),
            topic: self
                .topic
                .map(|t| require(kg, NodeKind::Topic, &t))
                .transpose()?,
            activity: self.activity.map(Into::into),
            signed_from,
            signed_to,
            sort: match order.field {
                AgreementSort::Signed => AgreementSortKey::Signed,
                AgreementSort::Title => AgreementSortKey::Title,
                AgreementSort::Id => AgreementSortKey::Id,
            },
            descending: order.direction == SortDirection::Desc,
        })
    }
}

/// What to sort agreements by.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum AgreementSort {
    /// Signing date (unknown dates last).
    #[default]
    Signed,
    /// Title.
    Title,
    /// Seed id.
    Id,
}

/// Order of an agreement list.
#[derive(InputObject, Default)]
pub(super) struct AgreementOrder {
    /// What to sort by.
    #[graphql(default)]
    field: AgreementSort,
    /// Which way.
    #[graphql(default)]
    direction: SortDirection,
}

connection!(
    AgreementConnection,
    AgreementEdge,
    Agreement,
    "the agreements"
);
connection!(PartyConnection, PartyEdge, Party, "an agreement's parties");
connection!(
    SignatoryConnection,
    SignatoryEdge,
    Signatory,
    "the signatories"
);
connection!(
    ActivityConnection,
    ActivityEdge,
    Activity,
    "an agreement's activities"
);
