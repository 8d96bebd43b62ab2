//! Counts over the whole graph: `Stats` and its counts, as the `stats` root field answers them.

use std::sync::Arc;

use async_graphql::{Object, SimpleObject};

use super::{
    enums::{InstitutionKind, NodeType, RelationType, Status},
    plain::Many,
};
use crate::{graph::KnowledgeGraph, model::NodeKind};

/// A count for one value of a key.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct KeyCount {
    /// The value: a country code, a kind, a status.
    key: String,
    /// How many.
    count: usize,
}

/// A count for one year.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct YearCount {
    /// The year.
    year: i32,
    /// How many.
    count: usize,
}

/// How many nodes of one type.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct TypeCount {
    /// The type.
    #[graphql(name = "type")]
    node_type: NodeType,
    /// How many.
    count: usize,
}

/// How many relations of one type.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct RelationCount {
    /// The relation type.
    #[graphql(name = "type")]
    relation_type: RelationType,
    /// How many.
    count: usize,
}

/// Counts by key, as the graph gives them, as GraphQL objects.
fn key_counts<K: ToString>(counts: Vec<(K, usize)>) -> Many<KeyCount> {
    counts
        .into_iter()
        .map(|(key, count)| KeyCount {
            key: key.to_string(),
            count,
        })
        .collect()
}

/// The GraphQL name of an enum value, such as `UNIVERSITY`.
fn enum_name<T: async_graphql::resolver_utils::EnumType>(value: T) -> String {
    async_graphql::resolver_utils::enum_value(value).to_string()
}

/// Counts over the whole graph.
pub(super) struct Stats(pub(super) Arc<KnowledgeGraph>);

/// Counts over the whole graph.
#[Object(serial)]
impl Stats {
    /// All nodes.
    async fn nodes(&self) -> usize {
        self.0.node_count()
    }

    /// All relations.
    async fn relations(&self) -> usize {
        self.0.edge_count()
    }

    /// Nodes by type.
    async fn by_type(&self) -> Many<TypeCount> {
        NodeKind::ALL
            .into_iter()
            .map(|k| TypeCount {
                node_type: k.into(),
                count: self.0.len(k),
            })
            .collect()
    }

    /// Relations by type (types with none are left out).
    async fn relations_by_type(&self) -> Many<RelationCount> {
        self.0
            .relations_by_type()
            .into_iter()
            .map(|(r, count)| RelationCount {
                relation_type: r.into(),
                count,
            })
            .collect()
    }

    /// Institutions by country code.
    async fn institutions_by_country(&self) -> Many<KeyCount> {
        key_counts(self.0.institutions_by_country())
    }

    /// Institutions by kind.
    async fn institutions_by_kind(&self) -> Many<KeyCount> {
        key_counts(
            self.0
                .institutions_by(|i| enum_name(InstitutionKind::from(i.kind))),
        )
    }

    /// Agreements by the year they were signed (agreements with no date are left out).
    async fn agreements_by_year(&self) -> Many<YearCount> {
        self.0
            .agreements_by_year()
            .into_iter()
            .map(|(year, count)| YearCount { year, count })
            .collect()
    }

    /// Agreements by status.
    async fn agreements_by_status(&self) -> Many<KeyCount> {
        key_counts(self.0.agreements_by(|a| enum_name(Status::from(a.status))))
    }

    /// Labs by status.
    async fn labs_by_status(&self) -> Many<KeyCount> {
        key_counts(self.0.labs_by(|l| enum_name(Status::from(l.status))))
    }
}
