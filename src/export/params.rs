//! The query parameters of `GET /export/{format}` read into a network filter, each checked
//! against the graph, with an error naming the parameter when one is wrong.

use crate::{
    graph::{KnowledgeGraph, Relation},
    model::{CountryCode, InstitutionKind, NodeKind, PartialDate},
    network::{MAX_VIEW_NODES, NetworkFilter, Projection},
};

/// The node limit of an export when the request gives none.
pub const DEFAULT_EXPORT_LIMIT: usize = 5000;
/// The deepest neighbourhood of a seed node an export may ask for.
pub const MAX_EXPORT_DEPTH: usize = 5;
/// The depth around a seed node when the request gives none.
pub const DEFAULT_EXPORT_DEPTH: usize = 2;

/// A query parameter that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{parameter}`: {message}")]
pub struct ParamError {
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
const PARAMETERS: [&str; 11] = [
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
];

/// Turns the query parameters of an export (`projection`, `country`, `kind`, `topic`, `from`,
/// `to`, `seed`, `depth`, `limit`, `types`, `relations`) into a filter, checking each against
/// the graph. List parameters may repeat and may hold several values separated by commas.
pub fn filter_from_params(
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
    };
    let list = |name: &str| -> Vec<&str> {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    };

    let projection = match single("projection") {
        None | Some("") => Projection::Full,
        Some(p) => match p.to_ascii_lowercase().as_str() {
            "full" => Projection::Full,
            "institutions" => Projection::Institutions,
            "countries" => Projection::Countries,
            _ => {
                return Err(bad(
                    "projection",
                    format!("{p:?} is not a projection; use full, institutions or countries"),
                ));
            }
        },
    };

    let countries = list("country")
        .into_iter()
        .map(|c| {
            CountryCode::parse(&c.to_ascii_uppercase())
                .map(|code| code.as_str().to_owned())
                .map_err(|_| {
                    bad(
                        "country",
                        format!("{c:?} is not an ISO 3166-1 alpha-2 country code such as KZ"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let institution_kinds = list("kind")
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

    let topics = list("topic")
        .into_iter()
        .map(|t| {
            let id = t.strip_prefix("Topic:").unwrap_or(t);
            kg.find(NodeKind::Topic, id)
                .map(|n| n.index)
                .ok_or_else(|| {
                    bad(
                        "topic",
                        format!("there is no topic {t:?}; give a topic id such as remote-sensing"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let date = |name: &str| -> Result<Option<PartialDate>, ParamError> {
        match single(name) {
            None | Some("") => Ok(None),
            Some(d) => PartialDate::parse(d).map(Some).map_err(|e| bad(name, e)),
        }
    };
    let (from, to) = (date("from")?, date("to")?);
    if let (Some(f), Some(t)) = (from, to)
        && f.earliest() > t.latest()
    {
        return Err(bad("from", format!("{f} is after `to` ({t})")));
    }
    let window = (from.is_some() || to.is_some()).then_some((from, to));

    let depth = match single("depth") {
        None | Some("") => None,
        Some(d) => match d.parse::<usize>() {
            Ok(d) if d <= MAX_EXPORT_DEPTH => Some(d),
            _ => {
                return Err(bad(
                    "depth",
                    format!("{d:?} is not a depth from 0 to {MAX_EXPORT_DEPTH}"),
                ));
            }
        },
    };
    let seed = match single("seed") {
        None | Some("") => {
            if depth.is_some() {
                return Err(bad(
                    "depth",
                    "depth counts steps from a `seed` node; give one, such as seed=Institution:kaznu",
                ));
            }
            None
        }
        Some(s) => {
            let node = kg.find_global(s).ok_or_else(|| {
                bad(
                    "seed",
                    format!("there is no node {s:?}; give a global id such as Institution:kaznu"),
                )
            })?;
            match projection {
                Projection::Countries => {
                    return Err(bad(
                        "seed",
                        "the countries projection has no seed node; use projection=institutions",
                    ));
                }
                Projection::Institutions if node.kind != NodeKind::Institution => {
                    return Err(bad(
                        "seed",
                        format!(
                            "{s:?} is not an institution, so it is not in the institutions projection"
                        ),
                    ));
                }
                _ => {}
            }
            Some((node, depth.unwrap_or(DEFAULT_EXPORT_DEPTH)))
        }
    };

    let limit = match single("limit") {
        None | Some("") => DEFAULT_EXPORT_LIMIT,
        Some(l) => match l.parse::<usize>() {
            Ok(l) if (1..=MAX_VIEW_NODES).contains(&l) => l,
            _ => {
                return Err(bad(
                    "limit",
                    format!("{l:?} is not a node limit from 1 to {MAX_VIEW_NODES}"),
                ));
            }
        },
    };

    let full_only = |name: &str, given: bool| {
        if given && projection != Projection::Full {
            Err(bad(name, format!("{name} applies to projection=full only")))
        } else {
            Ok(())
        }
    };
    // Each value must name one of `all` (any case).
    let named = |param: &'static str, what: &str, all: &[&'static str]| {
        list(param)
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
    full_only("types", !node_kinds.is_empty())?;
    let relations: Vec<Relation> =
        named("relations", "relation", &Relation::ALL.map(Relation::name))?
            .into_iter()
            .map(|i| Relation::ALL[i])
            .collect();
    full_only("relations", !relations.is_empty())?;

    Ok(NetworkFilter {
        projection,
        node_kinds,
        relations,
        countries,
        institution_kinds,
        topics,
        window,
        seed,
        limit,
    })
}

/// The projection's name in a download's file name (`collabgraph-institutions.gexf`).
pub fn projection_name(projection: Projection) -> &'static str {
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
        assert_eq!(filter.countries, ["KZ", "CN", "CN"]);
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
        assert_eq!(full.limit, DEFAULT_EXPORT_LIMIT);

        let seeded =
            filter_from_params(&kg, &params(&[("seed", "Person:zhanseit-tuimebayev")])).unwrap();
        assert_eq!(seeded.seed.unwrap().1, DEFAULT_EXPORT_DEPTH);
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
