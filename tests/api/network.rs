//! Network questions over HTTP: paths, neighbourhoods, views, centrality, structure, time.

use serde_json::{Value, json};

use crate::helpers::{spawn_app, strings};

fn ids(nodes: &Value) -> Vec<String> {
    strings(nodes, "/id")
}

#[tokio::test]
async fn the_three_chinese_partners_are_two_hops_apart_through_kaznu() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ network(network: {projection: INSTITUTIONS}) { nodes { id degree } edges { source target weight } }
                 cup: shortestPath(from: "Institution:cup", to: "Institution:szu", relationTypes: [PARTY_TO]) {
                   length nodes { id } relations { type sources { slug } } }
                 none: shortestPath(from: "Institution:cup", to: "Institution:szu", relationTypes: [PARTY_TO], maxLength: 3) { length } }"#,
        )
        .await;
    let edges = data["network"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 3);
    assert!(
        edges
            .iter()
            .all(|e| e["source"] == "Institution:kaznu" || e["target"] == "Institution:kaznu")
    );
    let kaznu = data["network"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "Institution:kaznu")
        .unwrap();
    assert_eq!(kaznu["degree"], 3);
    assert_eq!(data["cup"]["length"], 4);
    assert_eq!(
        ids(&data["cup"]["nodes"]),
        [
            "Institution:cup",
            "Agreement:mou-kaznu-cup-2023",
            "Institution:kaznu",
            "Agreement:mou-kaznu-szu-2023",
            "Institution:szu"
        ]
    );
    assert_eq!(
        data["cup"]["relations"][0]["sources"][0]["slug"],
        "kaznu-press-2023-05-19"
    );
    assert!(data["none"].is_null());
}

#[tokio::test]
async fn kaznu_is_the_hub_by_every_measure_and_the_articulation_point() {
    let app = spawn_app().await;
    for measure in ["DEGREE", "PAGERANK", "BETWEENNESS", "CLOSENESS"] {
        let data = app
            .query(&format!(
                "{{ centrality(measure: {measure}, network: {{projection: INSTITUTIONS}}, first: 2) {{ score node {{ id }} }} }}"
            ))
            .await;
        assert_eq!(
            data["centrality"][0]["node"]["id"], "Institution:kaznu",
            "{measure}: {data}"
        );
        assert!(
            data["centrality"][0]["score"].as_f64().unwrap()
                > data["centrality"][1]["score"].as_f64().unwrap()
        );
    }
    let data = app
        .query(
            r#"{ cutPoints(network: {projection: INSTITUTIONS}) { articulationPoints { id } bridges { id weight agreements { slug } labs { slug } } }
                 countries: cutPoints(network: {projection: COUNTRIES}) { bridges { id weight } } }"#,
        )
        .await;
    assert_eq!(
        ids(&data["cutPoints"]["articulationPoints"]),
        ["Institution:kaznu"]
    );
    let bridges = &data["cutPoints"]["bridges"];
    assert_eq!(bridges.as_array().unwrap().len(), 3);
    let xieg = bridges
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "COLLABORATES_WITH:kaznu>xieg")
        .unwrap();
    assert_eq!(xieg["weight"], 2.0);
    assert_eq!(xieg["labs"], json!([{"slug": "kaznu-xieg-joint-lab"}]));
    assert_eq!(
        data["countries"]["bridges"],
        json!([{"id": "COLLABORATES_WITH:CN>KZ", "weight": 4.0}])
    );
}

#[tokio::test]
async fn components_and_communities_describe_the_structure() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ components(network: {projection: INSTITUTIONS}) { size nodes { id } }
                 communities(network: {projection: INSTITUTIONS}) { modularity communities { size nodes { id } } } }"#,
        )
        .await;
    assert_eq!(data["components"].as_array().unwrap().len(), 2);
    assert_eq!(data["components"][0]["size"], 4);
    assert_eq!(ids(&data["components"][1]["nodes"]), ["Institution:cas"]);
    let communities = data["communities"]["communities"].as_array().unwrap();
    let total: u64 = communities
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 5);
    assert!(data["communities"]["modularity"].as_f64().unwrap() >= 0.0);
}

#[tokio::test]
async fn neighbourhoods_are_bounded_and_filtered() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ one: neighbourhood(id: "Institution:kaznu", depth: 1) { truncated nodes { id type } }
                 cut: neighbourhood(id: "Institution:kaznu", depth: 3, limit: 4) { truncated nodes { id } }
                 parties: neighbourhood(id: "Institution:kaznu", depth: 2, relationTypes: [PARTY_TO]) { nodes { id } edges { type } } }"#,
        )
        .await;
    let one = ids(&data["one"]["nodes"]);
    assert_eq!(one[0], "Institution:kaznu");
    assert!(one.contains(&"Person:zhanseit-tuimebayev".to_string()));
    assert!(one.contains(&"Agreement:mou-kaznu-szu-2023".to_string()));
    assert_eq!(data["one"]["truncated"], false);
    assert_eq!(data["cut"]["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(data["cut"]["truncated"], true);
    let mut parties = ids(&data["parties"]["nodes"]);
    parties.sort();
    assert_eq!(
        parties,
        [
            "Agreement:mou-kaznu-cup-2023",
            "Agreement:mou-kaznu-szu-2023",
            "Agreement:mou-kaznu-xieg-2023",
            "Institution:cup",
            "Institution:kaznu",
            "Institution:szu",
            "Institution:xieg"
        ]
    );
    assert!(
        data["parties"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["type"] == "PARTY_TO")
    );
}

#[tokio::test]
async fn network_views_are_ready_to_draw_and_filter_by_time_and_topic() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ full: network { truncated nodes { id type label degree weight community attributes { name value } } edges { id source target type weight directed } }
                 asOf2022: network(network: {projection: INSTITUTIONS, to: "2022-12-31"}) { edges { id } }
                 medicine: network(network: {projection: INSTITUTIONS, topics: ["medicine"]}) { nodes { id } }
                 kz: network(network: {projection: INSTITUTIONS, countries: ["KZ"]}) { nodes { id } } }"#,
        )
        .await;
    let nodes = data["full"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 30);
    assert_eq!(data["full"]["edges"].as_array().unwrap().len(), 53);
    let kaznu = nodes
        .iter()
        .find(|n| n["id"] == "Institution:kaznu")
        .unwrap();
    assert_eq!(kaznu["type"], "Institution");
    assert!(
        kaznu["attributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"name": "country", "value": "KZ"}))
    );
    // A loosely dated agreement says how its date is meant, not only the date.
    let agreement = nodes
        .iter()
        .find(|n| n["id"] == "Agreement:mou-kaznu-cup-2023")
        .unwrap();
    let attributes = agreement["attributes"].as_array().unwrap();
    assert!(attributes.contains(&json!({"name": "signed", "value": "2023-05-19"})));
    assert!(
        attributes.contains(&json!({"name": "signed_qualifier", "value": "on_or_before"})),
        "{attributes:?}"
    );
    let weights: f64 = nodes.iter().map(|n| n["weight"].as_f64().unwrap()).sum();
    assert!((weights - 1.0).abs() < 1e-6, "PageRank weights sum to 1");
    // Signed "on or before 2023-05-19": each may have been signed by the end of 2022.
    assert_eq!(data["asOf2022"]["edges"].as_array().unwrap().len(), 3);
    assert_eq!(
        ids(&data["medicine"]["nodes"]),
        ["Institution:kaznu", "Institution:szu"]
    );
    assert_eq!(ids(&data["kz"]["nodes"]), ["Institution:kaznu"]);
}

#[tokio::test]
async fn paths_are_enumerated_and_bounded() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ paths(from: "Institution:xieg", to: "Institution:kaznu", maxLength: 2) { more paths { length nodes { id } } } }"#,
        )
        .await;
    let paths = data["paths"]["paths"].as_array().unwrap();
    let mut via: Vec<String> = paths
        .iter()
        .map(|p| p["nodes"][1]["id"].as_str().unwrap().to_owned())
        .collect();
    via.sort();
    assert_eq!(
        via,
        ["Agreement:mou-kaznu-xieg-2023", "Lab:kaznu-xieg-joint-lab"]
    );
    assert_eq!(data["paths"]["more"], false);
    let error = app.query_error(r#"{ paths(from: "Institution:xieg", to: "Institution:kaznu", maxLength: 50) { more } }"#).await;
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED");
    let error = app
        .query_error(
            r#"{ shortestPath(from: "Institution:nowhere", to: "Institution:kaznu") { length } }"#,
        )
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
    let error = app
        .query_error(r#"{ network(network: {limit: 1000000}) { truncated } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn the_timeline_counts_agreements_per_year_country_and_topic() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ years: timeline { year key count }
                 countries: timeline(groupBy: COUNTRY) { year key count }
                 topics: timeline(groupBy: TOPIC, fromYear: 2023, toYear: 2023) { key count }
                 none: timeline(fromYear: 2024) { count } }"#,
        )
        .await;
    assert_eq!(
        data["years"],
        json!([{"year": 2023, "key": null, "count": 3}])
    );
    assert_eq!(
        data["countries"],
        json!([{"year": 2023, "key": "CN", "count": 3}, {"year": 2023, "key": "KZ", "count": 3}])
    );
    let topics = data["topics"].as_array().unwrap();
    assert!(topics.contains(&json!({"key": "medicine", "count": 1})));
    assert_eq!(data["none"], json!([]));
}

#[tokio::test]
async fn a_bad_centre_is_named_by_the_argument_that_gave_it() {
    let app = spawn_app().await;
    let body = app
        .post(
            r#"{ around: neighbourhood(id: "Institution:kaznuu") { truncated }
                 view: network(network: {seed: "Institution:kaznuu"}) { truncated }
                 deep: neighbourhood(id: "Institution:kaznu", depth: 6) { truncated } }"#,
            json!({}),
        )
        .await;
    let errors = body["errors"].as_array().expect("errors");
    let message = |field: &str| {
        errors
            .iter()
            .find(|e| e["path"] == json!([field]))
            .unwrap_or_else(|| panic!("no error at {field}: {body:#}"))["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        message("around").starts_with("id: "),
        "{}",
        message("around")
    );
    assert!(
        message("around").contains("Institution:kaznuu"),
        "{}",
        message("around")
    );
    assert!(message("view").starts_with("seed: "), "{}", message("view"));
    assert!(
        message("deep").starts_with("depth: "),
        "{}",
        message("deep")
    );
}
