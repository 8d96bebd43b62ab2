//! Parsed queries, kept by their text. Clients send the same few queries over and over (a
//! dashboard's, a visualisation's), and parsing one with async-graphql's parser costs more than
//! answering most of them, the more so the smaller the query. A hit hands out a copy of the
//! document (the executor takes it by value), which costs a fraction of a parse.
//!
//! Only queries that parsed and passed the shape limits are kept, so a flood of different bad
//! queries evicts nothing useful; the cache is bounded by the total length of the texts it keeps.
//!
//! Each kept document also remembers whether it has passed async-graphql's validation once (see
//! [`Kept::validated`]): validation would give the same answer again, so the server skips it.

use std::sync::{Arc, OnceLock};

use async_graphql::{
    CacheControl,
    parser::types::{ExecutableDocument, Selection, SelectionSet},
};
use std::sync::atomic::{AtomicBool, Ordering};

use quick_cache::{Weighter, sync::Cache};

use super::work::Weight;
use crate::api::{LIGHT_ROOT_FIELDS, LOOKUP_ROOT_FIELDS, WALKING_FIELDS};

/// A parsed document weighs its text's length plus this, for the parse tree beside the text.
const ENTRY_OVERHEAD: u64 = 512;

/// Parsed, shape-checked documents by query text, bounded in total weight (about the texts'
/// bytes); quick_cache evicts the least recently and frequently used (CLOCK-Pro).
pub(crate) struct Documents(Cache<Box<str>, Arc<Kept>, ByLength>);

/// A kept document.
pub(crate) struct Kept {
    document: ExecutableDocument,
    weight: Weight,
    /// Whether the document may be answered where it is received, on the async worker:
    /// it looks records up and nothing else, and its answers so far were small (see
    /// [`Kept::answered_too_big`]).
    inline: AtomicBool,
    validated: OnceLock<CacheControl>,
}

impl Kept {
    /// Which lane the document's operations run in (see [`weight_of`]).
    pub(crate) fn weight(&self) -> Weight {
        self.weight
    }

    /// Whether the document may be tried on the async worker (see [`Kept::inline`]'s field).
    pub(crate) fn inline(&self) -> bool {
        self.inline.load(Ordering::Relaxed)
    }

    /// Notes that an answer to the document was too big to give on the async worker: it goes
    /// to a lane from now on, rather than be tried and given up each time.
    pub(crate) fn answered_too_big(&self) {
        self.inline.store(false, Ordering::Relaxed);
    }

    /// The cache control validation gave the document, if it passed validation once, run with
    /// no variables and no operation name: nothing validation reads can differ when it is sent
    /// that way again.
    pub(crate) fn validated(&self) -> Option<CacheControl> {
        self.validated.get().copied()
    }

    /// Notes that the document passed validation, with this cache control (see
    /// [`Kept::validated`]).
    pub(crate) fn mark_validated(&self, cache_control: CacheControl) {
        // Two requests may pass at once; their results are the same.
        let _ = self.validated.set(cache_control);
    }
}

#[derive(Clone)]
struct ByLength;

impl Weighter<Box<str>, Arc<Kept>> for ByLength {
    fn weight(&self, query: &Box<str>, _: &Arc<Kept>) -> u64 {
        query.len() as u64 + ENTRY_OVERHEAD
    }
}

impl Documents {
    /// A cache keeping up to about `bytes` of query text.
    pub(crate) fn new(bytes: u64) -> Self {
        let items = (bytes / (ENTRY_OVERHEAD * 2)).max(1) as usize;
        Documents(Cache::with_weighter(items, bytes, ByLength))
    }

    /// The document of `query`: a copy of the one kept, or `parse(query)` (which parses and
    /// checks it), kept if it succeeds; with the kept entry.
    pub(crate) fn get_or_parse<E>(
        &self,
        query: &str,
        parse: impl FnOnce(&str) -> Result<ExecutableDocument, E>,
    ) -> Result<(ExecutableDocument, Arc<Kept>), E> {
        if let Some(kept) = self.0.get(query) {
            return Ok((kept.document.clone(), kept));
        }
        let document = parse(query)?;
        let kept = Arc::new(Kept {
            weight: weight_of(&document),
            inline: AtomicBool::new(
                roots_within(&document, &[LOOKUP_ROOT_FIELDS])
                    && !selects_any(&document, WALKING_FIELDS),
            ),
            document: document.clone(),
            validated: OnceLock::new(),
        });
        self.0.insert(query.into(), kept.clone());
        Ok((document, kept))
    }

    /// How many documents are kept.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is kept.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Light when every field at the root of every operation is a lookup or one of
/// [`LIGHT_ROOT_FIELDS`] (through fragments too), heavy otherwise.
pub(crate) fn weight_of(document: &ExecutableDocument) -> Weight {
    if roots_within(document, &[LOOKUP_ROOT_FIELDS, LIGHT_ROOT_FIELDS]) {
        Weight::Light
    } else {
        Weight::Heavy
    }
}

/// Whether every field at the root of every operation is in one of the `allowed` lists,
/// through fragments too.
fn roots_within(document: &ExecutableDocument, allowed: &[&[&str]]) -> bool {
    let within = |name: &str| allowed.iter().any(|names| names.contains(&name));
    fn all(
        document: &ExecutableDocument,
        set: &SelectionSet,
        fragments: usize,
        within: &dyn Fn(&str) -> bool,
    ) -> bool {
        set.items.iter().all(|selection| match &selection.node {
            Selection::Field(field) => within(field.node.name.node.as_str()),
            Selection::InlineFragment(inline) => {
                all(document, &inline.node.selection_set.node, fragments, within)
            }
            // A fragment of fragments of ... is outside rather than followed far.
            Selection::FragmentSpread(spread) => {
                fragments < 4
                    && document
                        .fragments
                        .get(&spread.node.fragment_name.node)
                        .is_some_and(|fragment| {
                            all(
                                document,
                                &fragment.node.selection_set.node,
                                fragments + 1,
                                within,
                            )
                        })
            }
        })
    }
    document
        .operations
        .iter()
        .all(|(_, operation)| all(document, &operation.node.selection_set.node, 0, &within))
}

/// Whether a field named in `names` is selected anywhere in the document, at any depth; a
/// fragment of fragments of ... counts as selecting one rather than being followed far.
fn selects_any(document: &ExecutableDocument, names: &[&str]) -> bool {
    fn any(
        document: &ExecutableDocument,
        set: &SelectionSet,
        names: &[&str],
        fragments: usize,
    ) -> bool {
        set.items.iter().any(|selection| match &selection.node {
            Selection::Field(field) => {
                names.contains(&field.node.name.node.as_str())
                    || any(document, &field.node.selection_set.node, names, fragments)
            }
            Selection::InlineFragment(inline) => {
                any(document, &inline.node.selection_set.node, names, fragments)
            }
            Selection::FragmentSpread(spread) => {
                fragments >= 4
                    || document
                        .fragments
                        .get(&spread.node.fragment_name.node)
                        .is_some_and(|fragment| {
                            any(
                                document,
                                &fragment.node.selection_set.node,
                                names,
                                fragments + 1,
                            )
                        })
            }
        })
    }
    document
        .operations
        .iter()
        .any(|(_, operation)| any(document, &operation.node.selection_set.node, names, 0))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    fn parse_counting<'a>(
        parses: &'a Cell<usize>,
    ) -> impl Fn(&str) -> Result<ExecutableDocument, String> + 'a {
        move |query| {
            parses.set(parses.get() + 1);
            async_graphql::parser::parse_query(query).map_err(|e| e.to_string())
        }
    }

    #[test]
    fn lookups_are_light_and_lists_and_the_network_heavy() {
        let weight = |query: &str| weight_of(&async_graphql::parser::parse_query(query).unwrap());
        assert_eq!(
            weight("{ __typename institution(id: \"kaznu\") { name } }"),
            Weight::Light
        );
        assert_eq!(
            weight("query { ...f } fragment f on Query { search(text: \"x\") { score } }"),
            Weight::Light
        );
        assert_eq!(weight("{ institutions { totalCount } }"), Weight::Heavy);
        assert_eq!(
            weight("{ stats { nodes } network { truncated } }"),
            Weight::Heavy
        );
        assert_eq!(
            weight("{ ... on Query { centrality(measure: DEGREE) { score } } }"),
            Weight::Heavy
        );
        assert_eq!(
            weight(
                "query a { stats { nodes } } query b { paths(from: \"a\", to: \"b\") { more } }"
            ),
            Weight::Heavy
        );
    }

    #[test]
    fn only_lookups_may_be_answered_inline_until_one_answer_is_too_big() {
        let documents = Documents::new(1 << 20);
        let kept = |query: &str| {
            let parse = |q: &str| async_graphql::parser::parse_query(q).map_err(|e| e.to_string());
            documents.get_or_parse(query, parse).unwrap().1
        };
        let lookup = kept("{ __typename institution(id: \"kaznu\") { name } }");
        assert!(lookup.inline());
        assert!(kept("query { ...f } fragment f on Query { node(id: \"x\") { id } }").inline());
        for light_but_not_a_lookup in [
            "{ search(text: \"x\") { score } }",
            "{ __schema { types { name } } }",
            "{ institution(id: \"kaznu\") { name } stats { nodes } }",
            // Small answers that walk the graph to find them.
            "{ source(id: \"press\") { supports(first: 0) { totalCount } } }",
            "query { institution(id: \"kaznu\") { ...f } } \
             fragment f on Institution { collaborators { totalCount } }",
        ] {
            assert!(
                !kept(light_but_not_a_lookup).inline(),
                "{light_but_not_a_lookup}"
            );
        }
        lookup.answered_too_big();
        let again = kept("{ __typename institution(id: \"kaznu\") { name } }");
        assert!(!again.inline(), "the note stays with the kept document");
    }

    #[test]
    fn parses_a_query_once_and_hands_out_equal_copies() {
        let documents = Documents::new(1 << 20);
        let parses = Cell::new(0);
        let parse = parse_counting(&parses);
        let (first, kept) = documents
            .get_or_parse("{ stats { nodes } }", &parse)
            .unwrap();
        assert_eq!(kept.validated(), None);
        let cache_control = CacheControl {
            public: false,
            max_age: 60,
        };
        kept.mark_validated(cache_control);
        let (second, kept) = documents
            .get_or_parse("{ stats { nodes } }", &parse)
            .unwrap();
        assert_eq!(parses.get(), 1);
        assert_eq!(format!("{first:?}"), format!("{second:?}"));
        assert_eq!(
            kept.validated(),
            Some(cache_control),
            "the mark stays with the kept document"
        );
        documents.get_or_parse("{ __typename }", &parse).unwrap();
        assert_eq!((parses.get(), documents.len()), (2, 2));
    }

    #[test]
    fn does_not_keep_what_failed() {
        let documents = Documents::new(1 << 20);
        let parses = Cell::new(0);
        let parse = parse_counting(&parses);
        assert!(documents.get_or_parse("{ stats {", &parse).is_err());
        assert!(documents.get_or_parse("{ stats {", &parse).is_err());
        assert_eq!((parses.get(), documents.len()), (2, 0));
    }

    #[test]
    fn stays_within_its_weight() {
        let documents = Documents::new(16 * 1024);
        let parses = Cell::new(0);
        let parse = parse_counting(&parses);
        for i in 0..1000 {
            documents
                .get_or_parse(&format!("{{ a{i}: __typename }}"), &parse)
                .unwrap();
        }
        assert!(
            documents.len() * ENTRY_OVERHEAD as usize <= 16 * 1024,
            "{}",
            documents.len()
        );
        assert!(!documents.is_empty());
    }
}
