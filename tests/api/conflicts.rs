//! Several values for one fact: the preferred one where one value is asked for, every value
//! with its rank, reason and sources where the user asks, and `conflicts` listing them all.

use collabgraph::{graph::KnowledgeGraph, seed::load_texts};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with, strings};

/// Two sources that disagree on KazNU's founding year (the registry's is deprecated), on what
/// kind of organisation CUP is and its name (neither settled) and on its students in May 2023,
/// and a record no one disputes.
const DISPUTED: &str = r#"{
  "version": 2,
  "sources": [
    {"id": "press", "title": "A press release", "kind": "press_release", "language": "en"},
    {"id": "registry", "title": "A registry record", "kind": "dataset", "language": "en"}
  ],
  "institutions": [
    {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university",
     "country": "KZ", "sources": ["press"],
     "founded": {"year": 1934, "sources": [{"source": "press", "locator": "¶3", "quote": "founded in 1934"}]},
     "values": {
       "founded": [{"value": 1933, "rank": "deprecated", "sources": ["registry"],
                    "reason": "the year of the founding decree; the university counts from its opening"}]
     }},
    {"id": "cup", "name": "China University of Petroleum", "kind": "university",
     "country": "CN", "sources": ["press"],
     "counts": [
       {"metric": "students", "value": 12000, "asOf": "2020", "sources": ["registry"]},
       {"metric": "students", "value": 16000, "qualifier": "about", "asOf": "2023-05-19", "sources": ["press"]},
       {"metric": "students", "value": 14500, "asOf": "2023-05-19", "sources": ["registry"],
        "rank": "deprecated", "rankReason": "the registry counts one campus only"}
     ],
     "values": {
       "kind": [{"value": "research_institute", "sources": ["registry"],
                 "reason": "the release calls it a university, and the registry's type is older"}],
       "name": [{"value": "China University of Petroleum (Beijing)", "sources": ["registry"],
                 "reason": "the release does not say which campus"}]
     }},
    {"id": "szu", "name": "Shenzhen University", "kind": "university", "country": "CN",
     "sources": ["press"]}
  ]
}"#;

async fn disputed_app() -> TestApp {
    let seed = load_texts(&[("disputed.json", DISPUTED)]).unwrap_or_else(|r| panic!("{r}"));
    spawn_app_with(KnowledgeGraph::new(seed)).await
}

#[tokio::test]
async fn one_value_is_the_preferred_one_and_every_value_can_be_asked_for() {
    let app = disputed_app().await;
    let data = app
        .query(
            r#"{ institution(id: "kaznu") {
                 founded { year }
                 fact(field: "founded") {
                   field value disputed ownCitations
                   values { value rank reason known sources { slug } citations { locator quote } }
                 } } }"#,
        )
        .await;
    let kaznu = &data["institution"];
    assert_eq!(
        kaznu["founded"]["year"], 1934,
        "the preferred value: {data}"
    );
    let fact = &kaznu["fact"];
    assert_eq!(fact["value"], "1934");
    assert_eq!(fact["disputed"], true);
    assert_eq!(fact["ownCitations"], true);
    assert_eq!(
        fact["values"],
        json!([
            {"value": "1934", "rank": "PREFERRED", "reason": null, "known": "STATED",
             "sources": [{"slug": "press"}],
             "citations": [{"locator": "¶3", "quote": "founded in 1934"}]},
            {"value": "1933", "rank": "DEPRECATED",
             "reason": "the year of the founding decree; the university counts from its opening",
             "known": "STATED", "sources": [{"slug": "registry"}],
             "citations": [{"locator": null, "quote": null}]}
        ])
    );
}

#[tokio::test]
async fn conflicts_lists_every_disputed_fact_with_its_values() {
    let app = disputed_app().await;
    let data = app
        .query(
            r#"{ conflicts { totalCount nodes {
                 node { id } field value values { value rank } } } }"#,
        )
        .await;
    let conflicts = &data["conflicts"];
    assert_eq!(conflicts["totalCount"], 4, "{data}");
    let rows: Vec<(String, String, String)> = conflicts["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let values: Vec<String> = f["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    format!(
                        "{}={}",
                        v["rank"].as_str().unwrap(),
                        v["value"].as_str().unwrap()
                    )
                })
                .collect();
            (
                f["node"]["id"].as_str().unwrap().to_owned(),
                f["field"].as_str().unwrap().to_owned(),
                values.join(" "),
            )
        })
        .collect();
    let row =
        |id: &str, field: &str, values: &str| (id.to_owned(), field.to_owned(), values.to_owned());
    assert_eq!(
        rows,
        [
            row(
                "Institution:kaznu",
                "founded",
                "PREFERRED=1934 DEPRECATED=1933"
            ),
            row(
                "Institution:cup",
                "name",
                "PREFERRED=China University of Petroleum NORMAL=China University of Petroleum (Beijing)"
            ),
            row(
                "Institution:cup",
                "kind",
                "PREFERRED=university NORMAL=research_institute"
            ),
            row(
                "Institution:cup",
                "counts.students",
                "NORMAL=12000, as of 2020 PREFERRED=about 16000, as of 2023-05-19 DEPRECATED=14500, as of 2023-05-19"
            ),
        ]
    );
    // Paged like every list.
    let page = app
        .query(
            r#"{ conflicts(first: 1, after: "0") { nodes { field } pageInfo { hasNextPage } } }"#,
        )
        .await;
    assert_eq!(
        page["conflicts"]["nodes"],
        json!([{"field": "name"}]),
        "{page}"
    );
    assert_eq!(page["conflicts"]["pageInfo"]["hasNextPage"], true);
}

#[tokio::test]
async fn an_undisputed_fact_has_its_one_value_and_no_conflict() {
    let app = disputed_app().await;
    let data = app
        .query(
            r#"{ institution(id: "szu") {
                 facts { field }
                 fact(field: "kind") { value disputed values { value rank reason } } } }"#,
        )
        .await;
    let szu = &data["institution"];
    assert_eq!(szu["facts"], json!([]), "{data}");
    assert_eq!(
        szu["fact"],
        json!({"value": "university", "disputed": false,
               "values": [{"value": "university", "rank": "NORMAL", "reason": null}]})
    );
    let cup = app
        .query(r#"{ institution(id: "cup") { facts { field disputed } } }"#)
        .await;
    assert_eq!(
        cup["institution"]["facts"],
        json!([
            {"field": "name", "disputed": true},
            {"field": "kind", "disputed": true},
            {"field": "counts.students", "disputed": true}
        ]),
        "a record's facts include those with other values: {cup}"
    );
}

#[tokio::test]
async fn a_source_that_gives_another_value_supports_its_record() {
    let app = disputed_app().await;
    let data = app
        .query(r#"{ source(id: "registry") { supports { nodes { id } } } }"#)
        .await;
    assert_eq!(
        strings(&data["source"]["supports"]["nodes"], "/id"),
        ["Institution:kaznu", "Institution:cup"]
    );
}

#[tokio::test]
async fn the_bundled_seed_has_no_conflicts_and_names_founded_among_the_fields() {
    let app = spawn_app().await;
    let data = app.query("{ conflicts { totalCount } }").await;
    assert_eq!(
        data["conflicts"]["totalCount"], 0,
        "one press release disagrees with nothing"
    );
    let error: Value = app
        .query_error(r#"{ institution(id: "kaznu") { fact(field: "foundd") { value } } }"#)
        .await;
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("did you mean \"founded\""), "{message}");
    let data = app
        .query(r#"{ cup: institution(id: "cup") { ...founding } kaznu: institution(id: "kaznu") { ...founding } }
                  fragment founding on Institution { founded { year } fact(field: "founded") { value ownCitations citations { quote } } }"#)
        .await;
    assert_eq!(
        data["cup"]["fact"],
        json!({"value": "1953", "ownCitations": true,
               "citations": [{"quote": "China University of Petroleum, which opened in 1953"}]}),
        "{data}"
    );
    assert_eq!(
        data["kaznu"]["fact"],
        json!({"value": null, "ownCitations": false, "citations": []}),
        "the release gives no founding for KazNU, and nothing is cited for one: {data}"
    );
}

#[tokio::test]
async fn the_count_to_use_is_the_latest_that_is_not_deprecated_unless_one_is_preferred() {
    let app = disputed_app().await;
    let data = app
        .query(
            r#"{ institution(id: "cup") {
                 count(metric: "students") { value qualifier asOf { value } preferred sources { slug } }
                 counts(metric: "students") { value rank rankReason preferred }
                 none: count(metric: "patents") { value }
                 fact(field: "counts.students") { value disputed citations { source { slug } } } } }"#,
        )
        .await;
    let cup = &data["institution"];
    assert_eq!(
        cup["count"],
        json!({"value": 16000, "qualifier": "ABOUT", "asOf": {"value": "2023-05-19"},
               "preferred": true, "sources": [{"slug": "press"}]}),
        "{data}"
    );
    assert_eq!(
        cup["counts"],
        json!([
            {"value": 12000, "rank": "NORMAL", "rankReason": null, "preferred": false},
            {"value": 16000, "rank": "NORMAL", "rankReason": null, "preferred": true},
            {"value": 14500, "rank": "DEPRECATED", "rankReason": "the registry counts one campus only", "preferred": false}
        ])
    );
    assert_eq!(cup["none"], Value::Null);
    assert_eq!(
        cup["fact"],
        json!({"value": "about 16000, as of 2023-05-19", "disputed": true,
               "citations": [{"source": {"slug": "press"}}]})
    );
    let error = app
        .query_error(r#"{ institution(id: "cup") { fact(field: "counts.student") { value } } }"#)
        .await;
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("did you mean \"counts.students\""),
        "{message}"
    );
}
