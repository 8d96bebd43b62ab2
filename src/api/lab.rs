//! Labs, centres and networks: the entity, the filter of their list, and the institutions that
//! host them (`LabHost`).

use std::sync::Arc;

use async_graphql::{ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    agreement::{Agreement, AgreementConnection},
    enums::{LabKind, Status},
    institution::Institution,
    lookup,
    node::{Handle, entity, entity_object},
    pages::{connection, nested},
    plain::{Many, One},
    provenance::{Citation, Source, citations_from, sources},
    require,
    topic::Topic,
    values::{LocalizedName, QualifiedDate, localized},
};
use crate::{
    graph::{KnowledgeGraph, LabQuery, Relation},
    model::{self, NodeKind},
};
/// A laboratory, centre or network, existing or planned.
#[derive(Clone)]
pub(super) struct Lab(Handle);
entity!(Lab, NodeKind::Lab, labs, model::Lab);

entity_object!(
    /// A laboratory, centre or network, existing or planned.
    Lab ("kaznu-xieg-joint-lab") {

    /// Name, or a description when it has no name yet.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// What kind of unit it is.
    async fn kind(&self) -> LabKind {
        self.record().kind.into()
    }

    /// Whether it exists yet.
    async fn status(&self) -> Status {
        self.record().status.into()
    }

    /// What it is for, in the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// When it was or will be opened.
    async fn opened(&self) -> Option<One<QualifiedDate>> {
        self.record().opened.map(QualifiedDate::from).map(One)
    }

    /// The research areas it works on.
    async fn focus(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::FocusesOn)
            .into_iter()
            .map(|n| Topic::at(&self.0.kg, n.index))
            .collect()
    }
} pages {

    /// The institutions that host or run it, a page at a time.
    async fn hosts(&self) -> LabHostConnection |first, after| {
        let items: Vec<usize> = (0..self.record().hosts.len()).collect();
        nested(&items, first, after, |item| LabHost { kg: self.0.kg.clone(), lab: self.0.index, item })
    }

    /// Agreements that set it up, a page at a time.
    async fn established_by(&self) -> AgreementConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::Establishes);
        nested(&items, first, after, |n| Agreement::at(&self.0.kg, n.index))
    }

    /// Labs and centres a source says this one is meant to strengthen, a page at a time; the
    /// STRENGTHENS relations among `relations` carry the citations.
    async fn strengthens(&self) -> LabConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Outgoing, Relation::Strengthens);
        nested(&items, first, after, |n| Lab::at(&self.0.kg, n.index))
    }

    /// Labs a source says are meant to strengthen this one, a page at a time.
    async fn strengthened_by(&self) -> LabConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::Strengthens);
        nested(&items, first, after, |n| Lab::at(&self.0.kg, n.index))
    }
});

/// An institution hosting a lab: the HOSTS relation.
#[derive(Clone)]
pub(super) struct LabHost {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) lab: usize,
    pub(super) item: usize,
}

impl LabHost {
    fn record(&self) -> &model::LabHost {
        &self.kg.labs[self.lab].hosts[self.item]
    }
}

/// An institution hosting a lab: the HOSTS relation.
#[Object(serial)]
impl LabHost {
    /// The host.
    async fn institution(&self) -> One<Institution> {
        let index = lookup(
            &self.kg,
            NodeKind::Institution,
            self.record().institution.as_str(),
        )
        .expect("checked at load");
        One(Institution::at(&self.kg, index))
    }

    /// The lab.
    async fn lab(&self) -> One<Lab> {
        One(Lab::at(&self.kg, self.lab))
    }

    /// The host's part, if the source says.
    async fn note(&self) -> Option<String> {
        self.record().note.as_ref().map(ToString::to_string)
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

/// Which labs to list. Conditions combine with AND.
#[derive(InputObject, Default)]
pub(super) struct LabFilter {
    /// Its status.
    status: Option<Status>,
    /// Its kind.
    kind: Option<LabKind>,
    /// Hosted by this institution (id).
    host: Option<ID>,
    /// Works on this research area (id).
    topic: Option<ID>,
}

impl LabFilter {
    /// The graph's query for this filter; NOT_FOUND for a host or topic id with no record.
    pub(super) fn query(self, kg: &KnowledgeGraph) -> Result<LabQuery> {
        Ok(LabQuery {
            status: self.status.map(Into::into),
            kind: self.kind.map(Into::into),
            host: self
                .host
                .map(|h| require(kg, NodeKind::Institution, &h))
                .transpose()?,
            topic: self
                .topic
                .map(|t| require(kg, NodeKind::Topic, &t))
                .transpose()?,
        })
    }
}

connection!(LabConnection, LabEdge, Lab, "the labs");
connection!(LabHostConnection, LabHostEdge, LabHost, "a lab's hosts");
