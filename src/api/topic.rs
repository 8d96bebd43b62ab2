//! Research areas: the entity and its relations.

use petgraph::Direction;

use super::{
    agreement::Agreement,
    lab::Lab,
    lookup,
    node::{Handle, entity, entity_object},
    pages::connection,
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

    /// Narrower research areas.
    async fn narrower(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Broader)
            .into_iter()
            .map(|n| Topic::at(&self.0.kg, n.index))
            .collect()
    }

    /// Agreements that cover it.
    async fn agreements(&self) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Covers)
            .into_iter()
            .map(|n| Agreement::at(&self.0.kg, n.index))
            .collect()
    }

    /// Labs that work on it.
    async fn labs(&self) -> Many<Lab> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::FocusesOn)
            .into_iter()
            .map(|n| Lab::at(&self.0.kg, n.index))
            .collect()
    }
});

connection!(TopicConnection, TopicEdge, Topic, "the research areas");
