//! Labs, centres and networks: the entity, its lookup and list, and the institutions that
//! host them (`LabHost`).

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Result};
use petgraph::Direction;

use super::{
    agreement::Agreement,
    enums::{LabKind, Status},
    institution::Institution,
    lookup,
    node::{Handle, entity, entity_object, lookup_query},
    pages::{connection, page_complexity, paginate},
    plain::{Many, One},
    provenance::{Source, sources},
    require, snapshot,
    topic::Topic,
    values::{LocalizedName, QualifiedDate, localized},
};
use crate::{
    graph::{KnowledgeGraph, LabQuery, Relation},
    model::{self, NodeKind},
};
/// A laboratory, centre or network, existing or planned.
#[derive(Clone)]
pub struct Lab(Handle);
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

    /// The institutions that host or run it.
    async fn hosts(&self) -> Many<LabHost> {
        (0..self.record().hosts.len()).map(|item| LabHost { kg: self.0.kg.clone(), lab: self.0.index, item }).collect()
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

    /// Agreements that set it up.
    async fn established_by(&self) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Establishes)
            .into_iter()
            .map(|n| Agreement::at(&self.0.kg, n.index))
            .collect()
    }
});

/// An institution hosting a lab: the HOSTS relation.
pub struct LabHost {
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
}

/// Which labs to list. Conditions combine with AND.
#[derive(InputObject, Default)]
pub struct LabFilter {
    /// Its status.
    status: Option<Status>,
    /// Its kind.
    kind: Option<LabKind>,
    /// Hosted by this institution (id).
    host: Option<ID>,
    /// Works on this research area (id).
    topic: Option<ID>,
}

lookup_query!(
    /// One lab, centre or network by id (`kaznu-xieg-joint-lab` or `Lab:kaznu-xieg-joint-lab`) or
    /// by exact name in any language (`Center for Remote Sensing of the Earth`); null if there is none.
    /// Give `id` or `name`, not both.
    LabLookup,
    lab -> Lab,
    NodeKind::Lab,
    id = "A seed id (`kaznu-xieg-joint-lab`) or a global id (`Lab:kaznu-xieg-joint-lab`).",
    name = "An exact name, in any language or script, such as `Center for Remote Sensing of the Earth`; case, accents and punctuation are ignored."
);

connection!(LabConnection, LabEdge, Lab, "the labs");

/// The labs, centres and networks, filtered.
#[derive(Default)]
pub struct LabList;

#[Object]
impl LabList {
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
        let filter = filter.unwrap_or_default();
        let host = filter
            .host
            .as_ref()
            .map(|h| require(kg, NodeKind::Institution, h))
            .transpose()?;
        let topic = filter
            .topic
            .as_ref()
            .map(|t| require(kg, NodeKind::Topic, t))
            .transpose()?;
        let items = kg.labs_where(&LabQuery {
            status: filter.status.map(Into::into),
            kind: filter.kind.map(Into::into),
            host,
            topic,
        });
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Lab(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }
}
