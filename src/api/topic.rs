//! Research areas: the entity, its lookup and its list.

use async_graphql::{Context, Object, Result};
use petgraph::Direction;

use super::{
    agreement::Agreement,
    lab::Lab,
    lookup,
    node::{Handle, entity, entity_object, lookup_query},
    pages::{connection, page_complexity, paginate},
    plain::{Many, One},
    snapshot,
    values::{LocalizedName, localized},
};
use crate::{
    graph::{ListOrder, Relation},
    model::{self, NodeKind},
};
/// A research area.
#[derive(Clone)]
pub struct Topic(Handle);
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

lookup_query!(
    /// One research area by id (`climate-change` or `Topic:climate-change`) or by exact name in any
    /// language (`Biotechnology`); null if there is none. Give `id` or `name`, not both.
    TopicLookup,
    topic -> Topic,
    NodeKind::Topic,
    id = "A seed id (`climate-change`) or a global id (`Topic:climate-change`).",
    name = "An exact name, in any language or script, such as `Climate change`; case, accents and punctuation are ignored."
);

connection!(TopicConnection, TopicEdge, Topic, "the research areas");

/// The research areas.
#[derive(Default)]
pub struct TopicList;

#[Object]
impl TopicList {
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
}
