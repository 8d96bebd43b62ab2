//! Research areas: the entity and its relations.

use petgraph::Direction;

use super::{
    agreement::{Agreement, AgreementConnection},
    lab::{Lab, LabConnection},
    lookup,
    node::{Handle, entity, entity_object},
    pages::{connection, nested},
    plain::{Many, One},
    values::{LocalizedName, localized},
};
use crate::{
    graph::Relation,
    model::{self, NodeKind},
};
/// A research area.
#[derive(Clone)]
pub(super) struct Topic(Handle);
entity!(Topic, NodeKind::Topic, topics, model::Topic);

entity_object!(
    /// A research area.
    Topic ("climate-change") {

    /// Primary name, in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// The broader research area this one belongs to.
    async fn broader(&self) -> Option<One<Topic>> {
        let id = self.record().broader.as_ref()?;
        lookup(&self.0.kg, NodeKind::Topic, id.as_str()).map(|i| Topic::at(&self.0.kg, i)).map(One)
    }
} pages {

    /// Narrower research areas, a page at a time.
    async fn narrower(&self) -> TopicConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::Broader);
        nested(&items, first, after, |n| Topic::at(&self.0.kg, n.index))
    }

    /// Agreements that cover it, a page at a time.
    async fn agreements(&self) -> AgreementConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::Covers);
        nested(&items, first, after, |n| Agreement::at(&self.0.kg, n.index))
    }

    /// Labs that work on it, a page at a time.
    async fn labs(&self) -> LabConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::FocusesOn);
        nested(&items, first, after, |n| Lab::at(&self.0.kg, n.index))
    }
});

connection!(TopicConnection, TopicEdge, Topic, "the research areas");
