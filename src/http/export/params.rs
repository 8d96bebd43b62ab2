//! The query parameters of `GET /export/{format}` read into a network filter: the strings are
//! parsed here, the values checked against the graph by [`network::check`], as GraphQL's are,
//! and an error names the parameter when one is wrong.

use std::collections::HashSet;

use crate::{
    graph::{KnowledgeGraph, Relation},
    model::{InstitutionKind, NodeKind, PartialDate},
    network::{
        self, FilterError, FilterField, FilterRequest, MAX_DEPTH, MAX_LIST_VALUES, MAX_VIEW_NODES,
        NetworkFilter, Projection,
    },
};

/// A query parameter that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{parameter}`: {message}")]
pub(crate) struct ParamError {
    /// The parameter's name.
    pub parameter: String,
    /// What is wrong with it.
    pub message: String,
}

fn bad(parameter: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        parameter: parameter.to_owned(),
        message: message.into(),
    }
}

/// The parameters an export takes.
const PARAMETERS: [&str; 12] = [
    "projection",
    "country",
    "kind",
    "topic",
    "from",
    "to",
    "seed",
    "depth",
    "limit",
    "types",
    "relations",
    "weights",
];

/// Turns the query parameters of an export (`projection`, `country`, `kind`, `topic`, `from`,
/// `to`, `seed`, `depth`, `limit`, `types`, `relations`, `weights`) into a filter, checking
/// each against the graph. List parameters may repeat and may hold several values separated
/// by commas; `weights` is a list of `signal:weight` (`agreements:0,works:1`; a signal not
/// named weighs 1).
pub(crate) fn filter_from_params(
    kg: &KnowledgeGraph,
    params: &[(String, String)],
) -> Result<NetworkFilter, ParamError> {
    if let Some((name, _)) = params
        .iter()
        .find(|(name, _)| !PARAMETERS.contains(&name.as_str()))
    {
        return Err(bad(
            name,
            format!(
                "unknown parameter; an export takes {}",
                PARAMETERS.join(", ")
            ),
        ));
    }
    // The last value of a single-valued parameter counts, as in most query-string readers.
    let single = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    // Each value once, so a list that repeats one is read once for it; at most
    // MAX_LIST_VALUES different ones.
    let list = |name: &str| -> Result<Vec<&str>, ParamError> {
        let mut seen = HashSet::new();
        let values: Vec<&str> = params
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty() && seen.insert(*v))
            .collect();
        if values.len() > MAX_LIST_VALUES {
            return Err(bad(
                name,
                format!(
                    "{} different values; a list takes at most {MAX_LIST_VALUES}",
                    values.len()
                ),
            ));
        }
        Ok(values)
    };

    let projection = match single("projection") {
        None => None,
        Some(p) => Some(match p.to_ascii_lowercase().as_str() {
            "full" => Projection::Full,
            "institutions" => Projection::Institutions,
            "countries" => Projection::Countries,
            _ => {
                return Err(bad(
                    "projection",
                    format!("{p:?} is not a projection; use full, institutions or countries"),
                ));
            }
        }),
    };

    let institution_kinds = list("kind")?
        .into_iter()
        .map(|k| {
            serde_json::from_value::<InstitutionKind>(serde_json::Value::String(
                k.to_ascii_lowercase(),
            ))
            .map_err(|_| {
                bad(
                    "kind",
                    format!(
                        "{k:?} is not a kind of institution; use university, research_institute, \
                         academy, company, government or other"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let date = |name: &str| -> Result<Option<PartialDate>, ParamError> {
        single(name)
            .map(|d| PartialDate::parse(d).map_err(|e| bad(name, e)))
            .transpose()
    };
    // A number too large for `i64` is out of range all the same: the checker says so for the
    // others.
    let number = |name: &str, what: String| -> Result<Option<i64>, ParamError> {
        single(name)
            .map(|n| {
                n.parse::<i64>()
                    .map_err(|_| bad(name, format!("{n:?} is not {what}")))
            })
            .transpose()
    };

    // Each value must name one of `all` (any case).
    let named = |param: &'static str, what: &str, all: &[&'static str]| {
        list(param)?
            .into_iter()
            .map(|value| {
                all.iter()
                    .position(|name| name.eq_ignore_ascii_case(value))
                    .ok_or_else(|| {
                        bad(
                            param,
                            format!("{value:?} is not a {what}; use {}", all.join(", ")),
                        )
                    })
            })
            .collect::<Result<Vec<usize>, _>>()
    };
    let node_kinds: Vec<NodeKind> =
        named("types", "node type", &NodeKind::ALL.map(NodeKind::name))?
            .into_iter()
            .map(|i| NodeKind::ALL[i])
            .collect();
    let relations: Vec<Relation> =
        named("relations", "relation", &Relation::ALL.map(Relation::name))?
            .into_iter()
            .map(|i| Relation::ALL[i])
            .collect();

    let weights = list("weights")?;
    let weights = if weights.is_empty() {
        None
    } else {
        let mut w = network::Weights::default();
        for entry in weights {
            let parsed = entry.split_once(':').and_then(|(signal, value)| {
                let value = value.trim().parse::<f64>().ok()?;
                let slot = match signal.trim().to_ascii_lowercase().as_str() {
                    "agreements" => &mut w.agreements,
                    "labs" => &mut w.labs,
                    "works" => &mut w.works,
                    _ => return None,
                };
                *slot = value;
                Some(())
            });
            if parsed.is_none() {
                return Err(bad(
                    "weights",
                    format!(
                        "{entry:?} is not a signal and its weight, such as agreements:1, labs:1 or works:0.5"
                    ),
                ));
            }
        }
        Some(w)
    };

    let request = FilterRequest {
        projection,
        weights,
        node_kinds,
        relations,
        countries: list("country")?.into_iter().map(str::to_owned).collect(),
        institution_kinds,
        topics: list("topic")?.into_iter().map(str::to_owned).collect(),
        from: date("from")?,
        to: date("to")?,
        seed: single("seed").map(str::to_owned),
        depth: number("depth", format!("a depth from 0 to {MAX_DEPTH}"))?,
        limit: number("limit", format!("a node limit from 1 to {MAX_VIEW_NODES}"))?,
    };
    network::check(kg, request).map_err(|FilterError { field, message, .. }| {
        let parameter = match field {
            FilterField::NodeKinds => "types",
            FilterField::Relations => "relations",
            FilterField::Countries => "country",
            FilterField::Topics => "topic",
            FilterField::From => "from",
            FilterField::Seed => "seed",
            FilterField::Depth => "depth",
            FilterField::Limit => "limit",
            FilterField::Weights => "weights",
        };
        bad(parameter, message)
    })
}

/// The projection's name in a download's file name (`collabgraph-institutions.gexf`).
pub(crate) fn projection_name(projection: Projection) -> &'static str {
    match projection {
        Projection::Full => "full",
        Projection::Institutions => "institutions",
        Projection::Countries => "countries",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    fn params(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_become_a_filter() {
        let kg = bundled();
        let filter = filter_from_params(
            &kg,
            &params(&[
                ("projection", "Institutions"),
                ("country", "kz,CN"),
                ("country", "cn"),
                ("kind", "university"),
                ("topic", "medicine"),
                ("topic", "Topic:ecology"),
                ("from", "2023"),
                ("to", "2023-12-31"),
                ("seed", "Institution:kaznu"),
                ("depth", "1"),
                ("limit", "100"),
            ]),
        )
        .unwrap();
        assert_eq!(filter.projection, Projection::Institutions);
        assert_eq!(filter.countries, ["KZ", "CN"], "each country once");
        assert_eq!(filter.institution_kinds, [InstitutionKind::University]);
        assert_eq!(
            filter.topics,
            [
                kg.find(NodeKind::Topic, "medicine").unwrap().index,
                kg.find(NodeKind::Topic, "ecology").unwrap().index
            ]
        );
        assert_eq!(
            filter.window,
            Some((
                PartialDate::parse("2023").ok(),
                PartialDate::parse("2023-12-31").ok()
            ))
        );
        assert_eq!(
            filter.seed,
            Some((kg.find(NodeKind::Institution, "kaznu").unwrap(), 1))
        );
        assert_eq!(filter.limit, 100);

        let full = filter_from_params(
            &kg,
            &params(&[
                ("types", "Institution,agreement"),
                ("relations", "party_to"),
            ]),
        )
        .unwrap();
        assert_eq!(full.projection, Projection::Full);
        assert_eq!(
            full.node_kinds,
            [NodeKind::Institution, NodeKind::Agreement]
        );
        assert_eq!(full.relations, [Relation::PartyTo]);
        assert_eq!(full.limit, network::DEFAULT_VIEW_LIMIT);

        let seeded =
            filter_from_params(&kg, &params(&[("seed", "Person:zhanseit-tuimebayev")])).unwrap();
        assert_eq!(seeded.seed.unwrap().1, network::DEFAULT_DEPTH);
        assert_eq!(filter_from_params(&kg, &[]).unwrap().window, None);
    }

    #[test]
    fn bad_parameters_are_refused_by_name() {
        let kg = bundled();
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("projection", "people")], "projection"),
            (&[("country", "Kazakhstan")], "country"),
            (&[("country", "XX")], "country"),
            (&[("kind", "school")], "kind"),
            (&[("topic", "astrology")], "topic"),
            (&[("from", "2023-13")], "from"),
            (&[("to", "May 2023")], "to"),
            (&[("from", "2024"), ("to", "2023")], "from"),
            (&[("seed", "kaznu")], "seed"),
            (&[("seed", "Institution:nowhere")], "seed"),
            (
                &[
                    ("seed", "Agreement:mou-kaznu-cup-2023"),
                    ("projection", "institutions"),
                ],
                "seed",
            ),
            (
                &[("seed", "Institution:kaznu"), ("projection", "countries")],
                "seed",
            ),
            (&[("seed", "Institution:kaznu"), ("depth", "6")], "depth"),
            (&[("seed", "Institution:kaznu"), ("depth", "-1")], "depth"),
            (&[("depth", "2")], "depth"),
            (&[("limit", "0")], "limit"),
            (&[("limit", "20001")], "limit"),
            (&[("limit", "many")], "limit"),
            (&[("limit", "-3")], "limit"),
            (
                &[
                    ("seed", "Institution:kaznu"),
                    ("depth", "99999999999999999999"),
                ],
                "depth",
            ),
            (&[("types", "Planet")], "types"),
            (
                &[("types", "Institution"), ("projection", "institutions")],
                "types",
            ),
            (&[("relations", "LIKES")], "relations"),
            (
                &[("relations", "HOSTS"), ("projection", "countries")],
                "relations",
            ),
            (&[("countries", "KZ")], "countries"),
        ];
        for (query, parameter) in cases {
            let err = filter_from_params(&kg, &params(query)).unwrap_err();
            assert_eq!(err.parameter, *parameter, "{query:?}: {err}");
            assert!(err.to_string().starts_with(&format!("`{parameter}`: ")));
        }
    }
}
