//! The committed schemas are the code's: schema.graphql and the seed's JSON Schema.

use collabgraph::{api::build_schema, bundled_seed_dir, model::seed_json_schema};
use serde_json::Value;

use crate::helpers::spawn_app;

const REGENERATE: &str = "regenerate with `cargo run -- schema > schema.graphql` and `cargo run -- seed-schema > seed/schema/collabgraph-seed.schema.json`";

#[test]
fn schema_graphql_is_generated_from_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql")).unwrap();
    assert!(
        committed == build_schema().sdl(),
        "schema.graphql differs from the code; {REGENERATE}"
    );
}

/// Lists of records that are not paged, each bounded by something other than the data around
/// a hub: what one record states of itself (its sources and citations, the facts it states,
/// names, rankings, counts, the topics it is filed under, the values sources give one of its
/// fields, its registry ids, locations and links, its chain of parents, an author's
/// affiliations on one work, which `check` bounds), or a network view's parts (bounded by the
/// view's own limit), or a path (bounded by its length), or counts by category.
const BOUNDED_LISTS: &[&str] = &[
    "sources",
    "citations",
    "facts",
    "Fact.values",
    "names",
    "externalIds",
    "locations",
    "links",
    "rankings",
    "counts",
    "topics",
    "focus",
    "ancestors",
    "Authorship.institutions",
    "attributes",
    "Network.nodes",
    "Network.edges",
    "NetworkEdge.agreements",
    "NetworkEdge.labs",
    "Group.nodes",
    "Communities.communities",
    "CutPoints.articulationPoints",
    "CutPoints.bridges",
    "Path.nodes",
    "Path.relations",
    "PathList.paths",
    "Query.nodes",
    "Query.centrality",
    "Query.components",
    "Query.timeline",
    "Stats.byType",
    "Stats.relationsByType",
    "Stats.institutionsByCountry",
    "Stats.institutionsByKind",
    "Stats.agreementsByYear",
    "Stats.agreementsByStatus",
    "Stats.labsByStatus",
];

/// Every list of records that grows with the data (an institution's agreements, an agreement's
/// parties) comes a page at a time, so that complexity counts it by its page size: a field
/// returning a list of objects takes `first`, or is a connection's page, or is one of the lists
/// above.
#[test]
fn every_list_of_records_that_grows_with_the_data_is_paged() {
    use async_graphql::parser::{
        parse_schema,
        types::{BaseType, TypeKind, TypeSystemDefinition},
    };
    let document = parse_schema(build_schema().sdl()).unwrap();
    let types: Vec<_> = document
        .definitions
        .iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(t) => Some(&t.node),
            _ => None,
        })
        .collect();
    let objects: Vec<&str> = types
        .iter()
        .filter(|t| {
            matches!(
                t.kind,
                TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union(_)
            )
        })
        .map(|t| t.name.node.as_str())
        .collect();
    let mut unpaged = Vec::new();
    let mut paged = 0;
    for t in &types {
        let (TypeKind::Object(_) | TypeKind::Interface(_)) = &t.kind else {
            continue;
        };
        let fields = match &t.kind {
            TypeKind::Object(o) => &o.fields,
            TypeKind::Interface(i) => &i.fields,
            _ => unreachable!(),
        };
        let owner = t.name.node.as_str();
        for field in fields {
            let field = &field.node;
            let BaseType::List(item) = &field.ty.node.base else {
                if matches!(&field.ty.node.base, BaseType::Named(n) if n.ends_with("Connection")) {
                    paged += 1;
                }
                continue;
            };
            let BaseType::Named(item) = &item.base else {
                continue;
            };
            if !objects.contains(&item.as_str()) || owner.ends_with("Connection") {
                continue;
            }
            let name = field.name.node.as_str();
            if field.arguments.iter().any(|a| a.node.name.node == "first") {
                paged += 1;
            } else if !BOUNDED_LISTS.contains(&name)
                && !BOUNDED_LISTS.contains(&format!("{owner}.{name}").as_str())
            {
                unpaged.push(format!("{owner}.{name}"));
            }
        }
    }
    assert!(paged > 30, "only {paged} paged lists found");
    assert!(
        unpaged.is_empty(),
        "lists of records without `first`, not known to be bounded: {unpaged:?}"
    );
}

#[test]
fn the_seed_json_schema_is_generated_from_the_code() {
    let path = bundled_seed_dir().join("schema/collabgraph-seed.schema.json");
    let committed = std::fs::read_to_string(path).unwrap();
    assert!(
        committed.trim_end() == seed_json_schema(),
        "the seed JSON Schema differs from the code; {REGENERATE}"
    );
}

#[test]
fn the_bundled_seed_is_valid_against_the_json_schema() {
    let schema: Value = serde_json::from_str(&seed_json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut files = 0;
    for entry in std::fs::read_dir(bundled_seed_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            files += 1;
            let seed: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&seed)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        }
    }
    assert!(files > 0);
}

#[test]
fn the_json_schema_refuses_what_the_loader_refuses() {
    let schema: Value = serde_json::from_str(&seed_json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let bad = serde_json::json!({
        "version": 1,
        "institutions": [{"id": "x", "name": "X", "kind": "university", "country": "kz", "colour": "red"}]
    });
    let errors: Vec<String> = validator
        .iter_errors(&bad)
        .map(|e| e.instance_path.to_string())
        .collect();
    assert!(errors.iter().any(|p| p.ends_with("/country")), "{errors:?}");
    assert!(
        errors.iter().any(|p| p == "/institutions/0"),
        "unknown field: {errors:?}"
    );
}

/// Every type, field, argument and enum value we define is described, so the playground's
/// docs pane is the manual.
#[tokio::test]
async fn every_type_field_and_argument_has_a_description() {
    let app = spawn_app().await;
    let data = app
        .query(
            "{ __schema { types { name kind description
                fields { name description args { name description } }
                inputFields { name description }
                enumValues { name description } } } }",
        )
        .await;
    let mut missing = Vec::new();
    let described = |v: &Value| {
        v["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty())
    };
    for ty in data["__schema"]["types"].as_array().unwrap() {
        let name = ty["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        if !described(ty) {
            missing.push(name.to_owned());
        }
        for list in ["fields", "inputFields", "enumValues"] {
            for item in ty[list].as_array().into_iter().flatten() {
                let item_name = format!("{name}.{}", item["name"].as_str().unwrap());
                if !described(item) {
                    missing.push(item_name.clone());
                }
                for arg in item["args"].as_array().into_iter().flatten() {
                    if !described(arg) {
                        missing.push(format!("{item_name}({})", arg["name"].as_str().unwrap()));
                    }
                }
            }
        }
    }
    assert!(missing.is_empty(), "undescribed: {missing:#?}");
}
