//! Works over HTTP: a work by id or DOI with its authorships, a person's co-authors, an
//! institution's works, and co-publication as a collaboration in the projections and exports.

use collabgraph::{graph::KnowledgeGraph, seed::load_texts};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app_with, strings, whole};

/// Two universities that share an agreement and three works (2019, 2021, 2022), and an
/// institute in another country on one of them.
const PUBLISHED: &str = r#"{
  "version": 2,
  "sources": [
    {"id": "db", "title": "A bibliographic database", "kind": "dataset", "language": "en"},
    {"id": "mou", "title": "The memorandum", "kind": "agreement_text", "language": "en"}
  ],
  "institutions": [
    {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ", "sources": ["db"]},
    {"id": "szu", "name": "Shenzhen University", "kind": "university", "country": "CN", "sources": ["db"]},
    {"id": "ipm", "name": "Institute of Plant Medicine", "kind": "research_institute", "country": "UZ", "sources": ["db"]}
  ],
  "people": [
    {"id": "aigerim", "name": "Aigerim Bekova", "externalIds": [{"scheme": "orcid", "value": "0000-0002-1825-0097"}], "sources": ["db"]},
    {"id": "li-wei", "name": "Li Wei", "sources": ["db"]},
    {"id": "rustam", "name": "Rustam Karimov", "sources": ["db"]}
  ],
  "agreements": [
    {"id": "mou", "title": "Memorandum", "kind": "memorandum", "status": "active", "signed": "2018-04-02",
     "parties": [{"institution": "kaznu", "sources": ["mou"]}, {"institution": "szu", "sources": ["mou"]}],
     "sources": ["mou"]}
  ],
  "works": [
    {"id": "w-2019", "title": "Saline soils of the Ili basin", "kind": "article", "published": "2019-03",
     "doi": "10.1000/ili.2019", "externalIds": [{"scheme": "openalex", "value": "W100", "preferred": true}],
     "authorships": [
       {"person": "aigerim", "position": "first", "corresponding": true, "institutions": ["kaznu"]},
       {"person": "li-wei", "position": "last", "institutions": ["szu"]}
     ], "sources": ["db"]},
    {"id": "w-2021", "title": "Remote sensing of glaciers", "kind": "article", "published": "2021",
     "authorships": [
       {"person": "li-wei", "institutions": ["szu"]},
       {"person": "aigerim", "institutions": ["kaznu"]},
       {"name": "R. Karimov", "institutions": ["ipm"]}
     ], "sources": ["db"]},
    {"id": "w-2022", "title": "Drought indices", "kind": "preprint", "published": "2022-11-30",
     "authorships": [
       {"person": "aigerim", "institutions": ["kaznu"]},
       {"person": "li-wei", "institutions": ["szu", "kaznu"]},
       {"person": "rustam", "institutions": ["ipm"]}
     ], "sources": ["db"]}
  ]
}"#;

async fn published_app() -> TestApp {
    let seed = load_texts(&[("published.json", PUBLISHED)]).unwrap_or_else(|r| panic!("{r}"));
    spawn_app_with(KnowledgeGraph::new(seed)).await
}

#[tokio::test]
async fn a_work_is_found_by_its_doi_with_its_authors_and_where_they_were() {
    let app = published_app().await;
    let data = app
        .query(
            r#"{ work(doi: "https://doi.org/10.1000/ILI.2019") {
                 id title kind year published { value precision } doi doiUrl openalex authorCount
                 authorships(first: 10) { totalCount nodes {
                   order position corresponding name person { slug orcid } institutions { slug }
                   sources { slug } } }
                 institutions { totalCount nodes { slug } }
               } }"#,
        )
        .await;
    let work = &data["work"];
    assert_eq!(work["id"], "Work:w-2019");
    assert_eq!(work["kind"], "ARTICLE");
    assert_eq!(work["year"], 2019);
    assert_eq!(
        work["published"],
        json!({"value": "2019-03", "precision": "MONTH"})
    );
    assert_eq!(work["doiUrl"], "https://doi.org/10.1000/ili.2019");
    assert_eq!(work["openalex"], "W100");
    assert_eq!(work["authorCount"], 2);
    let authorships = whole(&work["authorships"]);
    assert_eq!(
        authorships[0],
        json!({"order": 1, "position": "FIRST", "corresponding": true, "name": "Aigerim Bekova",
               "person": {"slug": "aigerim", "orcid": "0000-0002-1825-0097"},
               "institutions": [{"slug": "kaznu"}], "sources": [{"slug": "db"}]})
    );
    assert_eq!(
        strings(whole(&work["institutions"]), "/slug"),
        ["kaznu", "szu"]
    );

    // An author the seed does not know as a person keeps the name the work gives.
    let data = app
        .query(r#"{ work(id: "Work:w-2021") { authorships { nodes { name person { slug } } } } }"#)
        .await;
    assert_eq!(
        data["work"]["authorships"]["nodes"][2],
        json!({"name": "R. Karimov", "person": null})
    );
    let data = app
        .query(r#"{ person(orcid: "https://orcid.org/0000-0002-1825-0097") { slug } }"#)
        .await;
    assert_eq!(data["person"]["slug"], "aigerim");
    let error = app
        .query_error(r#"{ work(id: "w-2021", doi: "10.1000/ili.2019") { id } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
}

#[tokio::test]
async fn co_authors_say_through_which_works_and_since_when() {
    let app = published_app().await;
    let data = app
        .query(
            r#"{ person(id: "aigerim") {
                 works { totalCount nodes { work { slug } order } }
                 coauthors { totalCount nodes { person { slug } workCount since until
                   works(first: 1) { totalCount nodes { slug } } } }
               } }"#,
        )
        .await;
    let person = &data["person"];
    assert_eq!(
        whole(&person["works"]),
        &json!([
            {"work": {"slug": "w-2022"}, "order": 1},
            {"work": {"slug": "w-2021"}, "order": 2},
            {"work": {"slug": "w-2019"}, "order": 1}
        ])
    );
    assert_eq!(
        whole(&person["coauthors"]),
        &json!([
            {"person": {"slug": "li-wei"}, "workCount": 3, "since": 2019, "until": 2022,
             "works": {"totalCount": 3, "nodes": [{"slug": "w-2022"}]}},
            {"person": {"slug": "rustam"}, "workCount": 1, "since": 2022, "until": 2022,
             "works": {"totalCount": 1, "nodes": [{"slug": "w-2022"}]}}
        ])
    );
    let data = app
        .query(
            r#"{ institution(id: "ipm") { works(fromYear: 2022) { totalCount nodes { slug } } }
                 works(filter: { kinds: [ARTICLE], toYear: 2020 }) { totalCount nodes { slug } } }"#,
        )
        .await;
    assert_eq!(
        strings(whole(&data["institution"]["works"]), "/slug"),
        ["w-2022"]
    );
    assert_eq!(strings(whole(&data["works"]), "/slug"), ["w-2019"]);
}

#[tokio::test]
async fn co_publication_weighs_in_the_projections_as_the_analyst_asks() {
    let app = published_app().await;
    let network = |input: &str| {
        format!(
            r#"{{ network(network: {input}) {{ edges {{ source target weight workCount
                 agreements {{ slug }} works(first: 2) {{ totalCount nodes {{ slug }} }} }} }} }}"#
        )
    };
    // By default a collaboration is every shared agreement, lab and work, one each.
    let data = app.query(&network("{ projection: INSTITUTIONS }")).await;
    let edges = data["network"]["edges"].as_array().unwrap();
    let kaznu_szu = edges
        .iter()
        .find(|e| e["source"] == "Institution:kaznu" && e["target"] == "Institution:szu")
        .unwrap_or_else(|| panic!("{edges:?}"));
    assert_eq!(kaznu_szu["weight"], 4.0, "one agreement and three works");
    assert_eq!(kaznu_szu["workCount"], 3);
    assert_eq!(
        kaznu_szu["works"],
        json!({"totalCount": 3, "nodes": [{"slug": "w-2022"}, {"slug": "w-2021"}]})
    );
    assert_eq!(edges.len(), 3, "ipm publishes with both");

    // Co-publication alone, in 2021: only the work of that year links them.
    let data = app
        .query(&network(
            r#"{ projection: INSTITUTIONS, from: "2021", to: "2021",
                 collaboration: { agreements: 0, labs: 0, works: 2 } }"#,
        ))
        .await;
    let weights: Vec<(String, String, f64)> = data["network"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["source"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
                e["weight"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(weights.len(), 3, "{weights:?}");
    assert!(weights.iter().all(|(_, _, w)| *w == 2.0), "{weights:?}");

    // Formal ties alone: the agreement.
    let data = app
        .query(&network(
            r#"{ projection: COUNTRIES, collaboration: { works: 0 } }"#,
        ))
        .await;
    assert_eq!(
        data["network"]["edges"],
        json!([{"source": "Country:CN", "target": "Country:KZ", "weight": 1.0, "workCount": 0,
                "agreements": [{"slug": "mou"}], "works": {"totalCount": 0, "nodes": []}}])
    );

    let error = app
        .query_error(&network(r#"{ collaboration: { works: 2 } }"#))
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("collaboration:"),
        "{error}"
    );

    // An export carries the same weights and says how many works each edge counts.
    let response = app
        .client
        .get(app.url("/export/graphology?projection=institutions&weights=agreements:0,labs:0"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let graph: serde_json::Value = response.json().await.unwrap();
    let edge = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "Institution:kaznu" && e["target"] == "Institution:szu")
        .unwrap_or_else(|| panic!("{graph}"));
    assert_eq!(edge["attributes"]["works"], 3, "{edge}");
    assert_eq!(
        edge["attributes"]["weight"], 3.0,
        "the agreement weighs nothing: {edge}"
    );
    let bad = app
        .client
        .get(app.url("/export/graphology?projection=institutions&weights=works:lots"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}
