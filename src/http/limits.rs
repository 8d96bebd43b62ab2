//! The checks that keep one request within [`Limits`] (see [`crate::config`] for the limits
//! themselves and their defaults).
//!
//! async-graphql enforces depth and complexity itself; this module adds what it does not: the
//! query's length, its aliases, and the number of fields once fragments are expanded (a
//! "fragment bomb" of a few lines can expand to millions of fields, and validation would walk
//! them all). The HTTP handler checks those on its own parse, before async-graphql validates
//! ([`check_length`], [`check_shape`]), and gives the executor's refusals their codes
//! ([`refusal`]). The schema has no extensions: with any, async-graphql runs every field of
//! every query through the extension chain.

use std::collections::HashMap;

use async_graphql::{
    ServerError, ServerResult,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};

use crate::{config::Limits, error::ErrorCode};

/// A request error with `extensions.code = LIMIT_EXCEEDED`.
pub(crate) fn limit_error(message: String) -> ServerError {
    ErrorCode::LimitExceeded.server_error(message)
}

/// An error the executor refused a request with (before running it), with its code.
/// async-graphql refuses a query over the depth, complexity or fragment-recursion limit with a
/// bare message; those become LIMIT_EXCEEDED, with the limit's value where it is ours, and
/// every other refusal (an unknown field, a bad argument...) GRAPHQL_VALIDATION_FAILED.
pub(crate) fn refusal(error: ServerError, limits: &Limits) -> ServerError {
    match error.message.as_str() {
        "Query is nested too deep." => limit_error(format!(
            "the query is nested more than {} levels deep",
            limits.max_depth
        )),
        "Query is too complex." => limit_error(format!(
            "the query's complexity is over the limit of {}: select fewer fields or ask for \
             smaller pages (`first`)",
            limits.max_complexity
        )),
        message if message.starts_with("The recursion depth") => {
            ErrorCode::LimitExceeded.set_on(error)
        }
        _ => ErrorCode::GraphqlValidationFailed.set_on(error),
    }
}

/// Refuses a query longer than `max_query_bytes`.
pub(crate) fn check_length(query: &str, limits: &Limits) -> ServerResult<()> {
    if query.len() > limits.max_query_bytes {
        return Err(limit_error(format!(
            "the query is {} bytes long; the limit is {}",
            query.len(),
            limits.max_query_bytes
        )));
    }
    Ok(())
}

/// Refuses a document with too many aliases, or too many fields once fragments are expanded.
pub(crate) fn check_shape(document: &ExecutableDocument, limits: &Limits) -> ServerResult<()> {
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

/// Aliases written in a document, and fields selected once fragments are expanded (counting
/// stops a little past `cap`, so a fragment bomb costs no more than that to measure).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Aliased fields, as written.
    pub aliases: usize,
    /// Fields after expanding fragment spreads, capped just past `cap`.
    pub fields: usize,
}

/// Measures a parsed document. Fragment sizes are memoised, and a fragment that spreads itself
/// (which validation will refuse) counts as empty rather than looping.
pub(crate) fn measure(document: &ExecutableDocument, cap: usize) -> Shape {
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
        // Each level doubles: 2^20 fields once expanded, from a query of a few lines.
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

    #[test]
    fn refusals_get_a_code_and_ours_the_limit() {
        let limits = Limits::default();
        let code = |message: &str| {
            let error = refusal(ServerError::new(message, None), &limits);
            (crate::error::code_of(&error).to_owned(), error.message)
        };
        let (deep, message) = code("Query is nested too deep.");
        assert_eq!(deep, "LIMIT_EXCEEDED");
        assert!(message.contains("16 levels"), "{message}");
        let (complex, message) = code("Query is too complex.");
        assert_eq!(complex, "LIMIT_EXCEEDED");
        assert!(message.contains("20000"), "{message}");
        assert_eq!(
            code("The recursion depth of the query cannot be greater than `32`").0,
            "LIMIT_EXCEEDED"
        );
        assert_eq!(
            code(r#"Unknown field "nope" on type "Query"."#).0,
            "GRAPHQL_VALIDATION_FAILED"
        );
    }
}
