//! Search by name: the results, and the `search` root field's answer.

use std::sync::Arc;

use async_graphql::{Enum, Object, Result};

use super::{
    enums::NodeType,
    node::Node,
    pages::MAX_PAGE_SIZE,
    plain::{Many, One},
};
use crate::{error::ErrorCode, graph::KnowledgeGraph, model::NodeKind, search::NameField};

/// Which kind of name a search matched.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum MatchedField {
    /// The primary name or title.
    Name,
    /// An acronym.
    Acronym,
    /// An alias.
    Alias,
    /// A name in another language or script.
    LocalizedName,
    /// The record's id.
    Id,
}

impl From<NameField> for MatchedField {
    fn from(field: NameField) -> Self {
        match field {
            NameField::Name => MatchedField::Name,
            NameField::Acronym => MatchedField::Acronym,
            NameField::Alias => MatchedField::Alias,
            NameField::LocalizedName => MatchedField::LocalizedName,
            NameField::Id => MatchedField::Id,
        }
    }
}

/// One search result.
pub(super) struct SearchResult {
    kg: Arc<KnowledgeGraph>,
    hit: crate::search::SearchHit,
}

/// One search result.
#[Object(serial)]
impl SearchResult {
    /// The record found.
    async fn node(&self) -> One<Node> {
        One(Node::new(&self.kg, self.hit.node))
    }

    /// Relevance in (0, 1]: 1 is an exact match of a primary name or acronym.
    async fn score(&self) -> f32 {
        self.hit.score
    }

    /// The name that matched, as written in the data.
    async fn matched(&self) -> &str {
        &self.hit.matched
    }

    /// Which kind of name matched.
    async fn field(&self) -> MatchedField {
        self.hit.field.into()
    }
}

/// The `search` root field: at most `first` hits for `text`, of `types` when given.
pub(super) fn search(
    kg: &Arc<KnowledgeGraph>,
    text: &str,
    types: Option<Vec<NodeType>>,
    first: i32,
) -> Result<Many<SearchResult>> {
    if !(0..=MAX_PAGE_SIZE as i32).contains(&first) {
        return Err(
            ErrorCode::LimitExceeded.error(format!("first must be between 0 and {MAX_PAGE_SIZE}"))
        );
    }
    if text.chars().count() > 200 {
        return Err(ErrorCode::LimitExceeded.error("search text is limited to 200 characters"));
    }
    let kinds: Option<Vec<NodeKind>> = types.map(|t| t.into_iter().map(NodeKind::from).collect());
    Ok(kg
        .search(text, kinds.as_deref(), first as usize)
        .into_iter()
        .map(|hit| SearchResult {
            kg: kg.clone(),
            hit,
        })
        .collect())
}
