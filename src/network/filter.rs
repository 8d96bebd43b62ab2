//! What a view keeps: which network (the whole graph or a projection) and the filters that
//! narrow it, and [`check`], the one place a filter as a request gives it (GraphQL's
//! `NetworkInput`, an export's query parameters) is checked against the graph.

use std::{collections::HashSet, hash::Hash};

use super::MAX_VIEW_NODES;
use crate::{
    graph::{KnowledgeGraph, Relation},
    model::{CountryCode, InstitutionKind, NodeKind, NodeRef, PartialDate},
    search::did_you_mean,
};

/// Node limit of a view when the request gives none.
pub(crate) const DEFAULT_VIEW_LIMIT: usize = 500;
/// The deepest neighbourhood of a seed node a request may ask for.
pub(crate) const MAX_DEPTH: usize = 5;
/// Steps from a seed node when the request gives none.
pub(crate) const DEFAULT_DEPTH: usize = 2;
/// The most values a list in a filter may hold (more than there are countries): each costs a
/// check and a condition however the list is sent.
pub(crate) const MAX_LIST_VALUES: usize = 256;

/// Which network to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Projection {
    /// Every kind of node and relation.
    #[default]
    Full,
    /// Institutions, linked when they share agreements, labs or works.
    Institutions,
    /// Countries, linked when their institutions share agreements, labs or works.
    Countries,
}

/// What a collaboration means in a projection: how much each shared agreement, lab and work
/// (co-publication) weighs in an edge. A signal weighing 0 is left out: it makes no edges.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Each shared agreement.
    pub agreements: f64,
    /// Each shared lab.
    pub labs: f64,
    /// Each shared work.
    pub works: f64,
}

impl Default for Weights {
    /// Each shared agreement, lab and work counts once.
    fn default() -> Self {
        Weights {
            agreements: 1.0,
            labs: 1.0,
            works: 1.0,
        }
    }
}

/// The most a signal may weigh: enough to rank any mix, and far from overflowing a sum.
pub(crate) const MAX_WEIGHT: f64 = 1e6;

/// What a view keeps. Empty lists and `None` keep everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkFilter {
    /// Which network.
    pub projection: Projection,
    /// Full graph only: kinds of node to keep.
    pub node_kinds: Vec<NodeKind>,
    /// Full graph only: relations to keep.
    pub relations: Vec<Relation>,
    /// Institutions in these countries (ISO codes).
    pub countries: Vec<String>,
    /// Institutions of these kinds.
    pub institution_kinds: Vec<InstitutionKind>,
    /// Agreements covering, and labs working on, one of these topics (indexes).
    pub topics: Vec<usize>,
    /// Agreements signed, and labs opened, on or before the window's end and not ended before
    /// its start: the network as it stood then; works published within it.
    pub window: Option<(Option<PartialDate>, Option<PartialDate>)>,
    /// Projections only: what each shared agreement, lab and work weighs.
    pub weights: Weights,
    /// Only nodes within `depth` steps of this node.
    pub seed: Option<(NodeRef, usize)>,
    /// Most nodes to return.
    pub limit: usize,
}

impl NetworkFilter {
    /// Whether the filter keeps everything (its view can be cached).
    pub(super) fn is_unfiltered(&self) -> bool {
        self.node_kinds.is_empty()
            && self.relations.is_empty()
            && self.countries.is_empty()
            && self.institution_kinds.is_empty()
            && self.topics.is_empty()
            && self.window.is_none()
            && self.seed.is_none()
            && self.weights == Weights::default()
    }
}

/// A filter as a request gives it, before it is checked against the graph: what GraphQL's
/// `NetworkInput` and an export's query parameters are both read into. `None` leaves a value to
/// its default; an empty list, like a missing one, leaves that condition out (so there is one
/// way to say "no condition"). Lists may repeat values.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FilterRequest {
    /// Which network (default: the whole graph).
    pub projection: Option<Projection>,
    /// Full graph only: kinds of node to keep.
    pub node_kinds: Vec<NodeKind>,
    /// Full graph only: relations to keep.
    pub relations: Vec<Relation>,
    /// Institutions in these countries: ISO 3166-1 alpha-2 codes, in any case.
    pub countries: Vec<String>,
    /// Institutions of these kinds.
    pub institution_kinds: Vec<InstitutionKind>,
    /// Topic ids, with or without their `Topic:` prefix.
    pub topics: Vec<String>,
    /// The window's start.
    pub from: Option<PartialDate>,
    /// The window's end.
    pub to: Option<PartialDate>,
    /// A global id (`Institution:kaznu`): only nodes within `depth` steps of it.
    pub seed: Option<String>,
    /// Steps from `seed`, 0 to [`MAX_DEPTH`] (default [`DEFAULT_DEPTH`]).
    pub depth: Option<i64>,
    /// Most nodes, 1 to [`MAX_VIEW_NODES`] (default [`DEFAULT_VIEW_LIMIT`]).
    pub limit: Option<i64>,
    /// Projections only: what each shared agreement, lab and work weighs (default 1 each).
    pub weights: Option<Weights>,
}

/// The field of a [`FilterRequest`] at fault; each entry point names it its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FilterField {
    /// `node_kinds`.
    NodeKinds,
    /// `relations`.
    Relations,
    /// `countries`.
    Countries,
    /// `topics`.
    Topics,
    /// `from`.
    From,
    /// `seed`.
    Seed,
    /// `depth`.
    Depth,
    /// `limit`.
    Limit,
    /// `weights`.
    Weights,
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum FilterProblem {
    /// It names a record the graph does not have.
    NotFound,
    /// It is a number outside the range allowed.
    OutOfRange,
    /// It is not a value the field takes, or does not fit with the others.
    Invalid,
}

/// Why a [`FilterRequest`] was refused. The message does not name the field: the entry point
/// does, in its own words (a GraphQL argument, a query parameter).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct FilterError {
    /// The field at fault.
    pub field: FilterField,
    /// What kind of problem it is.
    pub problem: FilterProblem,
    /// What is wrong, for a person to read.
    pub message: String,
}

impl FilterError {
    fn new(field: FilterField, problem: FilterProblem, message: impl Into<String>) -> Self {
        FilterError {
            field,
            problem,
            message: message.into(),
        }
    }
}

/// Checks `request` against the graph and turns it into the filter it asks for: countries are
/// real codes, topics and the seed exist, the window does not end before it starts, the seed
/// is a node of the projection, depth comes with a seed, node kinds and relations are asked of
/// the full graph only, depth and limit are in range. Repeated values count once.
pub(crate) fn check(
    kg: &KnowledgeGraph,
    request: FilterRequest,
) -> Result<NetworkFilter, FilterError> {
    use FilterField as Field;
    use FilterProblem::{Invalid, NotFound, OutOfRange};
    let projection = request.projection.unwrap_or_default();
    let capped = |field: FilterField, what: &str, values: usize| {
        if values > MAX_LIST_VALUES {
            Err(FilterError::new(
                field,
                OutOfRange,
                format!("{values} different {what}; a filter takes at most {MAX_LIST_VALUES}"),
            ))
        } else {
            Ok(())
        }
    };
    let countries = unique(request.countries);
    capped(Field::Countries, "countries", countries.len())?;
    let countries = unique(
        countries
            .into_iter()
            .map(|c| {
                CountryCode::parse(&c.to_ascii_uppercase())
                    .map(|code| code.as_str().to_owned())
                    .map_err(|_| {
                        FilterError::new(
                            Field::Countries,
                            Invalid,
                            format!("{c:?} is not an ISO 3166-1 alpha-2 country code such as KZ"),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?,
    );

    let institution_kinds = unique(request.institution_kinds);

    let topics = unique(request.topics);
    capped(Field::Topics, "topics", topics.len())?;
    let topics = unique(
        topics
            .into_iter()
            .map(|t| {
                let id = t.strip_prefix("Topic:").unwrap_or(&t);
                kg.find(NodeKind::Topic, id)
                    .map(|n| n.index)
                    .ok_or_else(|| {
                        let ids = (0..kg.len(NodeKind::Topic)).map(|index| {
                            kg.id_of(NodeRef {
                                kind: NodeKind::Topic,
                                index,
                            })
                            .as_str()
                        });
                        let hint = did_you_mean(id, ids);
                        FilterError::new(
                            Field::Topics,
                            NotFound,
                            format!("no Topic has id {t:?}{hint}"),
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()?,
    );

    let (from, to) = (request.from, request.to);
    if let (Some(f), Some(t)) = (from, to)
        && f.earliest() > t.latest()
    {
        return Err(FilterError::new(
            Field::From,
            Invalid,
            format!("{f} is after `to` ({t})"),
        ));
    }
    let window = (from.is_some() || to.is_some()).then_some((from, to));

    let depth = match request.depth {
        None => None,
        Some(d) => match usize::try_from(d) {
            Ok(d) if d <= MAX_DEPTH => Some(d),
            _ => {
                return Err(FilterError::new(
                    Field::Depth,
                    OutOfRange,
                    format!("{d} is not a depth from 0 to {MAX_DEPTH}"),
                ));
            }
        },
    };
    let seed = match request.seed {
        None => {
            if depth.is_some() {
                return Err(FilterError::new(
                    Field::Depth,
                    Invalid,
                    "depth counts steps from a seed node; give one, such as Institution:kaznu",
                ));
            }
            None
        }
        Some(id) => {
            let node = kg.find_global(&id).ok_or_else(|| {
                FilterError::new(
                    Field::Seed,
                    NotFound,
                    format!("no node has id {id:?} (global ids look like Institution:kaznu)"),
                )
            })?;
            match projection {
                Projection::Countries => {
                    return Err(FilterError::new(
                        Field::Seed,
                        Invalid,
                        "the countries projection has no seed node; use the institutions projection",
                    ));
                }
                Projection::Institutions if node.kind != NodeKind::Institution => {
                    return Err(FilterError::new(
                        Field::Seed,
                        Invalid,
                        format!(
                            "{id:?} is not an institution, so it is not in the institutions projection"
                        ),
                    ));
                }
                _ => {}
            }
            Some((node, depth.unwrap_or(DEFAULT_DEPTH)))
        }
    };

    let limit = match request.limit {
        None => DEFAULT_VIEW_LIMIT,
        Some(l) => match usize::try_from(l) {
            Ok(l) if (1..=MAX_VIEW_NODES).contains(&l) => l,
            _ => {
                return Err(FilterError::new(
                    Field::Limit,
                    OutOfRange,
                    format!("{l} is not a node limit from 1 to {MAX_VIEW_NODES}"),
                ));
            }
        },
    };

    let weights = match request.weights {
        None => Weights::default(),
        Some(_) if projection == Projection::Full => {
            return Err(FilterError::new(
                Field::Weights,
                Invalid,
                "weights say what a collaboration means in the institutions and countries projections; the full graph has relations, not collaborations",
            ));
        }
        Some(w) => {
            let all = [
                ("agreements", w.agreements),
                ("labs", w.labs),
                ("works", w.works),
            ];
            if let Some((name, value)) = all
                .iter()
                .find(|(_, v)| !v.is_finite() || !(0.0..=MAX_WEIGHT).contains(v))
            {
                return Err(FilterError::new(
                    Field::Weights,
                    OutOfRange,
                    format!("the weight of {name} is {value}; a weight is from 0 to {MAX_WEIGHT}"),
                ));
            }
            if all.iter().all(|(_, v)| *v == 0.0) {
                return Err(FilterError::new(
                    Field::Weights,
                    Invalid,
                    "every weight is 0, so nothing would link two institutions; give one a weight",
                ));
            }
            w
        }
    };

    let full_only = |field: FilterField, what: &str, given: bool| {
        if given && projection != Projection::Full {
            Err(FilterError::new(
                field,
                Invalid,
                format!("{what} apply to the full projection only"),
            ))
        } else {
            Ok(())
        }
    };
    let node_kinds = unique(request.node_kinds);
    full_only(Field::NodeKinds, "node types", !node_kinds.is_empty())?;
    let relations = unique(request.relations);
    full_only(Field::Relations, "relations", !relations.is_empty())?;

    Ok(NetworkFilter {
        projection,
        node_kinds,
        relations,
        countries,
        institution_kinds,
        topics,
        window,
        weights,
        seed,
        limit,
    })
}

/// `values` once each, in the order they first come: a list that repeats a value costs the
/// checks and the filter once for it, however long the list.
fn unique<T: Eq + Hash + Clone>(values: Vec<T>) -> Vec<T> {
    let mut seen = HashSet::with_capacity(values.len().min(64));
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    fn request() -> FilterRequest {
        FilterRequest::default()
    }

    /// The field and problem `request` is refused for.
    fn refused(kg: &KnowledgeGraph, request: FilterRequest) -> (FilterField, FilterProblem) {
        let error = check(kg, request.clone()).expect_err(&format!("{request:?} is refused"));
        assert!(!error.message.is_empty());
        (error.field, error.problem)
    }

    fn date(text: &str) -> Option<PartialDate> {
        Some(PartialDate::parse(text).unwrap())
    }

    #[test]
    fn an_empty_request_is_the_whole_graph_at_the_default_limit() {
        let kg = bundled();
        let filter = check(&kg, request()).unwrap();
        assert_eq!(
            filter,
            NetworkFilter {
                limit: DEFAULT_VIEW_LIMIT,
                ..Default::default()
            }
        );
        assert!(filter.is_unfiltered());
    }

    #[test]
    fn weights_are_for_projections_finite_not_negative_and_not_all_zero() {
        let kg = bundled();
        let weighed = |projection, weights| FilterRequest {
            projection: Some(projection),
            weights: Some(weights),
            ..request()
        };
        let works_only = Weights {
            agreements: 0.0,
            labs: 0.0,
            works: 1.0,
        };
        let filter = check(&kg, weighed(Projection::Institutions, works_only)).unwrap();
        assert_eq!(filter.weights, works_only);
        assert!(
            !filter.is_unfiltered(),
            "another meaning of collaboration is another view"
        );
        assert!(
            check(&kg, weighed(Projection::Institutions, Weights::default()))
                .unwrap()
                .is_unfiltered()
        );
        for (projection, weights, problem) in [
            (Projection::Full, works_only, FilterProblem::Invalid),
            (
                Projection::Countries,
                Weights {
                    labs: -1.0,
                    ..works_only
                },
                FilterProblem::OutOfRange,
            ),
            (
                Projection::Countries,
                Weights {
                    works: f64::NAN,
                    ..works_only
                },
                FilterProblem::OutOfRange,
            ),
            (
                Projection::Countries,
                Weights {
                    works: 1e7,
                    ..works_only
                },
                FilterProblem::OutOfRange,
            ),
            (
                Projection::Institutions,
                Weights {
                    works: 0.0,
                    ..works_only
                },
                FilterProblem::Invalid,
            ),
        ] {
            assert_eq!(
                refused(&kg, weighed(projection, weights)),
                (FilterField::Weights, problem),
                "{projection:?} {weights:?}"
            );
        }
    }

    #[test]
    fn countries_are_iso_codes_in_any_case_kept_once() {
        let kg = bundled();
        let filter = check(
            &kg,
            FilterRequest {
                countries: vec!["kz".into(), "CN".into(), "cn".into(), "KZ".into()],
                ..request()
            },
        )
        .unwrap();
        assert_eq!(filter.countries, ["KZ", "CN"]);
        for bad in ["Kazakhstan", "XX", ""] {
            let asked = FilterRequest {
                countries: vec!["KZ".into(), bad.into()],
                ..request()
            };
            assert_eq!(
                refused(&kg, asked),
                (FilterField::Countries, FilterProblem::Invalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn topics_are_found_with_or_without_their_prefix_and_kept_once() {
        let kg = bundled();
        let medicine = kg.find(NodeKind::Topic, "medicine").unwrap().index;
        let ecology = kg.find(NodeKind::Topic, "ecology").unwrap().index;
        let filter = check(
            &kg,
            FilterRequest {
                topics: vec![
                    "medicine".into(),
                    "Topic:ecology".into(),
                    "Topic:medicine".into(),
                ],
                ..request()
            },
        )
        .unwrap();
        assert_eq!(filter.topics, [medicine, ecology]);
        let error = check(
            &kg,
            FilterRequest {
                topics: vec!["medicne".into()],
                ..request()
            },
        )
        .unwrap_err();
        assert_eq!(
            (error.field, error.problem),
            (FilterField::Topics, FilterProblem::NotFound)
        );
        assert!(
            error.message.contains("did you mean \"medicine\""),
            "{error}"
        );
    }

    #[test]
    fn the_window_may_not_end_before_it_starts() {
        let kg = bundled();
        let window = |from: &str, to: &str| FilterRequest {
            from: date(from),
            to: date(to),
            ..request()
        };
        assert_eq!(
            check(&kg, window("2023", "2023-12-31")).unwrap().window,
            Some((date("2023"), date("2023-12-31")))
        );
        assert!(check(&kg, window("2023-05", "2023")).is_ok(), "overlapping");
        assert_eq!(
            refused(&kg, window("2024", "2023")),
            (FilterField::From, FilterProblem::Invalid)
        );
        let open = FilterRequest {
            to: date("2022"),
            ..request()
        };
        assert_eq!(check(&kg, open).unwrap().window, Some((None, date("2022"))));
    }

    #[test]
    fn depth_is_in_range_and_comes_with_a_seed() {
        let kg = bundled();
        let kaznu = kg.find(NodeKind::Institution, "kaznu").unwrap();
        let seeded = |depth: Option<i64>| FilterRequest {
            seed: Some("Institution:kaznu".into()),
            depth,
            ..request()
        };
        assert_eq!(
            check(&kg, seeded(None)).unwrap().seed,
            Some((kaznu, DEFAULT_DEPTH))
        );
        for depth in [0, MAX_DEPTH as i64] {
            assert_eq!(
                check(&kg, seeded(Some(depth))).unwrap().seed,
                Some((kaznu, depth as usize))
            );
        }
        for depth in [-1, MAX_DEPTH as i64 + 1, i64::MAX] {
            assert_eq!(
                refused(&kg, seeded(Some(depth))),
                (FilterField::Depth, FilterProblem::OutOfRange),
                "{depth}"
            );
        }
        let unseeded = FilterRequest {
            depth: Some(2),
            ..request()
        };
        assert_eq!(
            refused(&kg, unseeded),
            (FilterField::Depth, FilterProblem::Invalid)
        );
    }

    #[test]
    fn the_seed_exists_and_is_a_node_of_the_projection() {
        let kg = bundled();
        let seed = |id: &str, projection: Projection| FilterRequest {
            projection: Some(projection),
            seed: Some(id.into()),
            ..request()
        };
        for (id, projection) in [
            ("Institution:nowhere", Projection::Full),
            ("kaznu", Projection::Full),
            ("Planet:earth", Projection::Institutions),
        ] {
            assert_eq!(
                refused(&kg, seed(id, projection)),
                (FilterField::Seed, FilterProblem::NotFound),
                "{id}"
            );
        }
        for (id, projection) in [
            ("Agreement:mou-kaznu-cup-2023", Projection::Institutions),
            ("Institution:kaznu", Projection::Countries),
        ] {
            assert_eq!(
                refused(&kg, seed(id, projection)),
                (FilterField::Seed, FilterProblem::Invalid),
                "{id} in {projection:?}"
            );
        }
        for (id, projection) in [
            ("Agreement:mou-kaznu-cup-2023", Projection::Full),
            ("Institution:kaznu", Projection::Institutions),
        ] {
            assert!(check(&kg, seed(id, projection)).is_ok(), "{id}");
        }
    }

    #[test]
    fn the_limit_is_from_one_to_the_largest_view() {
        let kg = bundled();
        let limit = |limit: i64| FilterRequest {
            limit: Some(limit),
            ..request()
        };
        for ok in [1, 100, MAX_VIEW_NODES as i64] {
            assert_eq!(check(&kg, limit(ok)).unwrap().limit, ok as usize);
        }
        for bad in [0, -5, MAX_VIEW_NODES as i64 + 1, i64::MIN] {
            assert_eq!(
                refused(&kg, limit(bad)),
                (FilterField::Limit, FilterProblem::OutOfRange),
                "{bad}"
            );
        }
    }

    #[test]
    fn node_kinds_and_relations_apply_to_the_full_graph_only() {
        let kg = bundled();
        let full = check(
            &kg,
            FilterRequest {
                node_kinds: vec![NodeKind::Institution, NodeKind::Agreement],
                relations: vec![Relation::PartyTo],
                ..request()
            },
        )
        .unwrap();
        assert_eq!(
            full.node_kinds,
            [NodeKind::Institution, NodeKind::Agreement]
        );
        assert_eq!(full.relations, [Relation::PartyTo]);
        for projection in [Projection::Institutions, Projection::Countries] {
            let kinds = FilterRequest {
                projection: Some(projection),
                node_kinds: vec![NodeKind::Institution],
                ..request()
            };
            assert_eq!(
                refused(&kg, kinds),
                (FilterField::NodeKinds, FilterProblem::Invalid)
            );
            let relations = FilterRequest {
                projection: Some(projection),
                relations: vec![Relation::Hosts],
                ..request()
            };
            assert_eq!(
                refused(&kg, relations),
                (FilterField::Relations, FilterProblem::Invalid)
            );
            let empty = FilterRequest {
                projection: Some(projection),
                node_kinds: Vec::new(),
                relations: Vec::new(),
                ..request()
            };
            assert!(check(&kg, empty).is_ok(), "an empty list asks for nothing");
        }
    }

    #[test]
    fn a_long_list_of_repeated_values_is_kept_once() {
        let kg = bundled();
        let filter = check(
            &kg,
            FilterRequest {
                node_kinds: vec![NodeKind::Institution; 25_000],
                relations: [Relation::PartyTo, Relation::Hosts].repeat(12_500),
                countries: vec!["kz".into(); 25_000],
                institution_kinds: vec![InstitutionKind::University; 25_000],
                topics: vec!["medicine".into(); 25_000],
                ..request()
            },
        )
        .unwrap();
        assert_eq!(filter.node_kinds, [NodeKind::Institution]);
        assert_eq!(filter.relations, [Relation::PartyTo, Relation::Hosts]);
        assert_eq!(filter.countries, ["KZ"]);
        assert_eq!(filter.institution_kinds, [InstitutionKind::University]);
        assert_eq!(filter.topics.len(), 1);
    }

    #[test]
    fn a_list_of_more_different_values_than_a_filter_takes_is_refused() {
        let kg = bundled();
        let many: Vec<String> = (0..=MAX_LIST_VALUES).map(|i| format!("x{i}")).collect();
        for (request, field) in [
            (
                FilterRequest {
                    countries: many.clone(),
                    ..request()
                },
                FilterField::Countries,
            ),
            (
                FilterRequest {
                    topics: many.clone(),
                    ..request()
                },
                FilterField::Topics,
            ),
        ] {
            let refused = check(&kg, request).unwrap_err();
            assert_eq!(
                (refused.field, refused.problem),
                (field, FilterProblem::OutOfRange)
            );
            assert!(
                refused.message.contains("at most 256"),
                "{}",
                refused.message
            );
        }
    }
}
