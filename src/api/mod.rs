//! The GraphQL API: thin async-graphql types over one graph snapshot, one file per domain.
//!
//! Each object holds the snapshot (`Arc<KnowledgeGraph>`) and the index of its record, so a
//! request reads one consistent graph without locks. Resolvers translate arguments into graph
//! calls and graph results into objects; algorithms live in `graph` and `search`. The `///`
//! comments here are the descriptions shown in the playground's docs pane.
//!
//! Resolvers return objects as `One(..)` and lists of them as `Many(..)` (see `plain`): their
//! fields are resolved on the spot instead of as the executor's boxed futures. No resolver
//! waits for anything (the graph is in memory), so what the executor still resolves (a
//! selection with fragments) resolves its fields one after another too (`#[Object(serial)]`,
//! `#[graphql(serial)]`) rather than as a task per field.
//!
//! # Layout
//!
//! - `mod.rs`: the schema builders, the root `Query`, and the helpers every file uses
//!   (`snapshot`, `lookup`, `require`).
//! - `root.rs`: the root fields of records, in the schema's order, each a translation into its
//!   domain's types and the graph's calls.
//! - `node.rs`: the `Node` interface, `Handle`, the `entity!`/`entity_object!` macros,
//!   `RelationEdge`, and `find` for the lookups.
//! - One file per domain, each with its entity, the relations it owns, and its list's filter and
//!   order (which become the graph's query): `institution.rs` (and collaborators),
//!   `person.rs` (positions), `agreement.rs` (parties, signatories, activities), `lab.rs`
//!   (hosts), `topic.rs`, `provenance.rs` (sources, events, participation, and the `sources`
//!   fields of everything).
//! - `search.rs` and `stats.rs`: search results and counts.
//! - `inputs.rs`: dates and country codes, parsed where they arrive.
//! - `network.rs`: paths, views and measures of the network, and their root fields.
//! - `pages.rs`: paging (`paginate`, `connection!`, `PageInfo`, cursors, complexity).
//! - `enums.rs`: the enums; `values.rs`: value objects (names, dates, counts, rankings).
//! - `plain.rs`: `One` and `Many`, the shorter way through the executor, which spend each
//!   answer's objects from its `Budget` (`budget.rs`: objects and the interrupt of one request).

use std::sync::Arc;

use async_graphql::{
    Context, EmptyMutation, EmptySubscription, ID, MergedObject, Result, Schema, ValidationResult,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation},
};

mod agreement;
mod budget;
mod enums;
mod inputs;
mod institution;
mod lab;
mod network;
mod node;
mod pages;
mod person;
mod plain;
mod provenance;
mod root;
mod search;
mod stats;
mod topic;
mod values;
mod work;

pub(crate) use self::budget::Budget;

use crate::{
    error::ErrorCode,
    graph::KnowledgeGraph,
    model::{NodeKind, NodeRef},
    search::did_you_mean,
    snapshot::Snapshot,
};

/// The root fields that look records up by id: each answers one record (or one per id given),
/// so a request of these alone costs what it returns, and one that returns little may be
/// answered on the async worker that received it (see `http::graphql`).
pub(crate) const LOOKUP_ROOT_FIELDS: &[&str] = &[
    "__typename",
    "node",
    "nodes",
    "institution",
    "person",
    "lab",
    "agreement",
    "topic",
    "source",
    "event",
    "work",
    "relation",
];

/// Fields inside records whose answer walks far more of the graph than it returns: what a
/// source supports (every record and relation is looked at) and an institution's
/// collaborators (two hops of partners). A lookup that asks for one is never answered on the
/// async worker, however small its answer.
pub(crate) const WALKING_FIELDS: &[&str] = &["supports", "supportedRelations", "collaborators"];

/// The root fields beside the lookups whose cost is still bounded by what they return:
/// search (a page of at most 100 hits) and the schema's own description. A request that asks
/// only for these and lookups runs among the light ones; any other root field (lists, network
/// views and measures, paths) makes it heavy (see `http::work`).
pub(crate) const LIGHT_ROOT_FIELDS: &[&str] = &["__schema", "__type", "search"];

pub(crate) type CollabSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The root of every query: records by id or name, lists of them a page at a time, search,
/// counts, and questions about the network.
#[derive(MergedObject, Default)]
pub struct Query(root::RecordQuery, network::NetworkQuery);

/// Builds the schema with the default limits. The graph is not part of it: each request
/// carries its snapshot as data (an `Arc<Snapshot>`), so a new graph can replace the old one
/// between requests.
pub fn build_schema() -> CollabSchema {
    build_schema_with(&crate::config::Settings::default())
}

/// Builds the schema with these limits and switches. Depth and complexity are enforced by
/// async-graphql; the other limits, error codes and error counts by the HTTP handler
/// (`http::graphql::run`), which is the only caller of the executor. The schema has no
/// extensions on purpose: with any, async-graphql sends every field it resolves itself through
/// them (see [`build_schema_trusting`] for the one exception).
pub(crate) fn build_schema_with(settings: &crate::config::Settings) -> CollabSchema {
    schema_builder(settings).finish()
}

/// Like [`build_schema_with`], for requests whose document passed validation before: a request
/// that carries [`ValidatedBefore`] as data is not validated again. Validation reads the
/// document, the variables, the operation name and the schema's limits, so a document that
/// passed once, sent again with no variables and no operation name, would pass again; walking it
/// again was a large share of the cost of a small query. A request without
/// [`ValidatedBefore`] is validated as usual.
///
/// The price is an extension: async-graphql then passes the fields it resolves itself (the
/// root's, and items of lists of scalars; the `plain` module answers the rest) through the
/// extension chain. That costs less than the walk it saves, except for long lists of scalars
/// (a page of institutions with their acronyms and aliases costs a little more).
pub(crate) fn build_schema_trusting(settings: &crate::config::Settings) -> CollabSchema {
    schema_builder(settings).extension(TrustValidated).finish()
}

fn schema_builder(
    settings: &crate::config::Settings,
) -> async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    let limits = &settings.limits;
    let builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .register_output_type::<node::Node>()
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity);
    if settings.introspection {
        builder
    } else {
        builder.disable_introspection()
    }
}

/// A request's document passed validation before, with this cache control: see
/// [`build_schema_trusting`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct ValidatedBefore(pub async_graphql::CacheControl);

/// The extension of [`build_schema_trusting`].
struct TrustValidated;

impl ExtensionFactory for TrustValidated {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(TrustValidated)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for TrustValidated {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<async_graphql::ServerError>> {
        match ctx.data_opt::<ValidatedBefore>() {
            // The executor reads only the cache control from the result; the limits on
            // complexity and depth were checked when the document was validated.
            Some(&ValidatedBefore(cache_control)) => Ok(ValidationResult {
                cache_control,
                complexity: 0,
                depth: 0,
            }),
            None => next.run(ctx).await,
        }
    }
}

/// The graph of the snapshot a request reads (each request carries its
/// `Arc<crate::snapshot::Snapshot>` as data).
fn snapshot<'a>(ctx: &Context<'a>) -> &'a Arc<KnowledgeGraph> {
    ctx.data_unchecked::<Arc<Snapshot>>().graph()
}

/// Finds a record of `kind` by seed id (`kaznu`) or global id (`Institution:kaznu`).
fn lookup(kg: &KnowledgeGraph, kind: NodeKind, id: &str) -> Option<usize> {
    let local = match id.split_once(':') {
        Some((prefix, rest)) if prefix == kind.name() => rest,
        Some(_) => return None,
        None => id,
    };
    kg.find(kind, local).map(|n| n.index)
}

/// Like [`lookup`], but an unknown id is a NOT_FOUND error that suggests the closest id.
fn require(kg: &KnowledgeGraph, kind: NodeKind, id: &ID) -> Result<usize> {
    lookup(kg, kind, id).ok_or_else(|| {
        let ids = (0..kg.len(kind)).map(|index| kg.id_of(NodeRef { kind, index }).as_str());
        let hint = did_you_mean(id.as_str(), ids);
        ErrorCode::NotFound.error(format!(
            "no {} has id \"{}\"{hint}",
            kind.name(),
            id.as_str()
        ))
    })
}

#[cfg(test)]
mod tests {
    use async_graphql::{CacheControl, Request};

    use super::*;
    use crate::config::Settings;

    #[tokio::test]
    async fn the_trusting_schema_skips_validation_only_when_told() {
        let schema = build_schema_trusting(&Settings::default());
        // Validated as usual without the mark: refused.
        let refused = schema.execute(Request::new("{ nope }")).await;
        assert_eq!(refused.errors.len(), 1, "{refused:?}");
        assert!(refused.errors[0].message.contains("nope"), "{refused:?}");

        // With the mark, its result stands in for validation's: the response carries the
        // cache control it names, where validation would have given the default.
        let cache_control = CacheControl {
            public: false,
            max_age: 60,
        };
        let validated = schema.execute(Request::new("{ __typename }")).await;
        assert_eq!(validated.cache_control, CacheControl::default());
        let trusted = schema
            .execute(Request::new("{ __typename }").data(ValidatedBefore(cache_control)))
            .await;
        assert!(trusted.errors.is_empty(), "{trusted:?}");
        assert_eq!(trusted.cache_control, cache_control);
        assert_eq!(trusted.data, validated.data);
    }
}
