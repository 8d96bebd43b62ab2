//! Limits that keep one request from costing the service more than its share, and the
//! production switches. Every limit has a safe default and can be set from the command line or
//! the environment (see `main.rs`).
//!
//! async-graphql enforces depth and complexity itself; this module adds what it does not: the
//! query's length, its aliases, and the number of fields once fragments are expanded (a
//! "fragment bomb" of a few lines can expand to millions of fields, and validation would walk
//! them all). Those are checked before async-graphql parses and validates, by [`QueryLimits`].

use std::{collections::HashMap, sync::Arc, time::Duration};

use async_graphql::{
    ServerError, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

/// Every limit, with its default.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Deepest selection nesting.
    pub max_depth: usize,
    /// Highest complexity (each field costs 1).
    pub max_complexity: usize,
    /// Most aliased fields in one query.
    pub max_aliases: usize,
    /// Most fields once fragments are expanded.
    pub max_fields: usize,
    /// Longest query text, in bytes.
    pub max_query_bytes: usize,
    /// Largest request body, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Most operations in a batch.
    pub max_batch: usize,
    /// Longest time one request may take.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 16,
            max_complexity: 20_000,
            max_aliases: 50,
            max_fields: 5_000,
            max_query_bytes: 32 * 1024,
            max_body_bytes: crate::server::MAX_BODY_BYTES,
            max_batch: crate::server::MAX_BATCH,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// How the service is exposed.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The limits.
    pub limits: Limits,
    /// Origins allowed to call the API from a browser (CORS); empty allows none, `*` any.
    pub cors_origins: Vec<String>,
    /// Whether the schema can be introspected (the playground needs it).
    pub introspection: bool,
    /// Whether the playground is served at `/`.
    pub playground: bool,
    /// Whether the network explorer is served at `/explore`.
    pub explorer: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            cors_origins: Vec::new(),
            introspection: true,
            playground: true,
            explorer: true,
        }
    }
}

/// The async-graphql extension that enforces [`Limits`] on query length, aliases and expanded
/// fields.
pub struct QueryLimits(pub Limits);

impl ExtensionFactory for QueryLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryLimitsExtension(self.0.clone()))
    }
}

struct QueryLimitsExtension(Limits);

/// A request error with `extensions.code = LIMIT_EXCEEDED`.
pub fn limit_error(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", "LIMIT_EXCEEDED");
    error.extensions = Some(extensions);
    error
}

#[async_graphql::async_trait::async_trait]
impl Extension for QueryLimitsExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let limits = &self.0;
        if query.len() > limits.max_query_bytes {
            return Err(limit_error(format!(
                "the query is {} bytes long; the limit is {}",
                query.len(),
                limits.max_query_bytes
            )));
        }
        // Measure a parse of our own before async-graphql's: its recursion-depth check (run with
        // the parse) walks every fragment spread without memoising, so a fragment bomb within the
        // depth limit would cost it 2^depth steps before we could refuse it. A query that does
        // not parse gets async-graphql's own error from `next`.
        if let Ok(document) = async_graphql::parser::parse_query(query) {
            check_shape(&document, limits)?;
        }
        next.run(ctx, query, variables).await
    }
}

fn check_shape(document: &ExecutableDocument, limits: &Limits) -> ServerResult<()> {
    {
        let shape = measure(document, limits.max_fields);
        if shape.aliases > limits.max_aliases {
            return Err(limit_error(format!(
                "the query has {} aliases; the limit is {}",
                shape.aliases, limits.max_aliases
            )));
        }
        if shape.fields > limits.max_fields {
            return Err(limit_error(format!(
                "the query selects more than {} fields once its fragments are expanded",
                limits.max_fields
            )));
        }
        Ok(())
    }
}

/// Aliases written in a document, and fields selected once fragments are expanded (counting
/// stops a little past `cap`, so a fragment bomb costs no more than that to measure).
#[derive(Debug, PartialEq, Eq)]
pub struct Shape {
    /// Aliased fields, as written.
    pub aliases: usize,
    /// Fields after expanding fragment spreads, capped just past `cap`.
    pub fields: usize,
}

/// Measures a parsed document. Fragment sizes are memoised, and a fragment that spreads itself
/// (which validation will refuse) counts as empty rather than looping.
pub fn measure(document: &ExecutableDocument, cap: usize) -> Shape {
    let mut aliases = 0;
    let mut sets: Vec<&SelectionSet> = document
        .operations
        .iter()
        .map(|(_, op)| &op.node.selection_set.node)
        .collect();
    sets.extend(
        document
            .fragments
            .values()
            .map(|f| &f.node.selection_set.node),
    );
    while let Some(set) = sets.pop() {
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    aliases += usize::from(field.node.alias.is_some());
                    sets.push(&field.node.selection_set.node);
                }
                Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
                Selection::FragmentSpread(_) => {}
            }
        }
    }
    let mut memo: HashMap<&str, usize> = HashMap::new();
    let mut fields = 0usize;
    for (_, operation) in document.operations.iter() {
        fields = fields.saturating_add(expanded(
            document,
            &operation.node.selection_set.node,
            &mut memo,
            &mut Vec::new(),
            cap,
        ));
        if fields > cap {
            break;
        }
    }
    Shape { aliases, fields }
}

fn expanded<'a>(
    document: &'a ExecutableDocument,
    set: &'a SelectionSet,
    memo: &mut HashMap<&'a str, usize>,
    visiting: &mut Vec<&'a str>,
    cap: usize,
) -> usize {
    let mut count = 0usize;
    for selection in &set.items {
        let add = match &selection.node {
            Selection::Field(field) => {
                1 + expanded(
                    document,
                    &field.node.selection_set.node,
                    memo,
                    visiting,
                    cap,
                )
            }
            Selection::InlineFragment(inline) => expanded(
                document,
                &inline.node.selection_set.node,
                memo,
                visiting,
                cap,
            ),
            Selection::FragmentSpread(spread) => {
                let name = spread.node.fragment_name.node.as_str();
                if let Some(&known) = memo.get(name) {
                    known
                } else if visiting.contains(&name) {
                    0
                } else if let Some((key, fragment)) = document
                    .fragments
                    .get_key_value(&spread.node.fragment_name.node)
                {
                    visiting.push(key.as_str());
                    let size = expanded(
                        document,
                        &fragment.node.selection_set.node,
                        memo,
                        visiting,
                        cap,
                    );
                    visiting.pop();
                    memo.insert(key.as_str(), size);
                    size
                } else {
                    0
                }
            }
        };
        count = count.saturating_add(add);
        if count > cap {
            break;
        }
    }
    count.min(cap + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(query: &str) -> Shape {
        measure(&async_graphql::parser::parse_query(query).unwrap(), 1000)
    }

    #[test]
    fn counts_aliases_and_fields() {
        assert_eq!(
            shape("{ a: stats { nodes } b: stats { nodes } }"),
            Shape {
                aliases: 2,
                fields: 4
            }
        );
    }

    #[test]
    fn expands_fragments_once_each_and_stops_at_the_cap() {
        // Each level doubles: 2^31 fields once expanded, from a query of a few lines.
        let mut query = String::from("{ ...f0 }\n");
        for i in 0..20 {
            query.push_str(&format!(
                "fragment f{i} on Query {{ ...f{} ...f{} }}\n",
                i + 1,
                i + 1
            ));
        }
        query.push_str("fragment f20 on Query { __typename }\n");
        let s = shape(&query);
        assert!(s.fields > 1000 && s.fields < 10_000, "{s:?}");
    }

    #[test]
    fn a_fragment_that_spreads_itself_does_not_loop() {
        let s = shape("{ ...a } fragment a on Query { __typename ...a }");
        assert_eq!(s.fields, 1);
    }
}
