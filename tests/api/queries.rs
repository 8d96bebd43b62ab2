//! The read API: global ids, lookups, lists with filters, ordering and cursors, relations both
//! ways, search, and errors for unknown ids.

use serde_json::json;

use crate::helpers::{spawn_app, strings, whole};

#[tokio::test]
async fn node_and_nodes_resolve_global_ids_and_give_null_for_unknown_ones() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ node(id: "Person:chen-feng") { id slug label ... on Person { name } }
                 nodes(ids: ["Institution:cas", "Institution:nothing", "Lab:kaznu-xieg-joint-lab", "garbage"]) { id __typename } }"#,
        )
        .await;
    assert_eq!(
        data["node"],
        json!({"id": "Person:chen-feng", "slug": "chen-feng", "label": "Chen Feng", "name": "Chen Feng"})
    );
    assert_eq!(
        data["nodes"],
        json!([{"id": "Institution:cas", "__typename": "Institution"}, null, {"id": "Lab:kaznu-xieg-joint-lab", "__typename": "Lab"}, null])
    );
}

#[tokio::test]
async fn every_entity_type_is_found_by_id_or_by_name() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ a: institution(id: "Institution:szu") { slug } b: institution(name: "shenzhen university") { slug }
                 c: person(name: "zhang xueji") { slug } d: lab(name: "Center for Remote Sensing of the Earth") { slug }
                 e: topic(name: "Biotechnology") { slug } f: agreement(id: "mou-kaznu-cup-2023") { slug }
                 g: source(id: "kaznu-press-2023-05-19") { slug } h: event(id: "kaznu-china-working-trip-2023") { slug }
                 i: institution(id: "Person:chen-feng") { slug } j: institution(name: "No Such University") { slug } }"#,
        )
        .await;
    assert_eq!(data["a"]["slug"], "szu");
    assert_eq!(data["b"]["slug"], "szu");
    assert_eq!(data["c"]["slug"], "zhang-xueji");
    assert_eq!(data["d"]["slug"], "kaznu-remote-sensing-centre");
    assert_eq!(data["e"]["slug"], "biotechnology");
    assert_eq!(data["f"]["slug"], "mou-kaznu-cup-2023");
    assert_eq!(data["g"]["slug"], "kaznu-press-2023-05-19");
    assert_eq!(data["h"]["slug"], "kaznu-china-working-trip-2023");
    assert!(data["i"].is_null(), "an id of another type finds nothing");
    assert!(data["j"].is_null());
}

#[tokio::test]
async fn a_lookup_needs_exactly_one_of_id_and_name() {
    let app = spawn_app().await;
    let error = app.query_error(r#"{ institution { slug } }"#).await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
}

#[tokio::test]
async fn unknown_ids_where_a_value_is_required_are_not_found_errors_with_a_suggestion() {
    let app = spawn_app().await;
    let error = app
        .query_error(r#"{ collaborators(institution: "kaznuu") { nodes { weight } } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"kaznu\""),
        "{error}"
    );
    let error = app
        .query_error(r#"{ agreements(filter: {party: "nowhere"}) { totalCount } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn institutions_filter_by_country_kind_and_founding_and_order() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ cn: institutions(filter: {country: ["CN"]}, orderBy: {field: ID}) { totalCount nodes { slug } }
                 unis: institutions(filter: {kind: [UNIVERSITY]}, orderBy: {field: NAME, direction: DESC}) { nodes { slug } }
                 old: institutions(filter: {foundedTo: 1960}) { nodes { slug } }
                 range: institutions(filter: {foundedFrom: 1950, foundedTo: 1990}, orderBy: {field: FOUNDED}) { nodes { slug } }
                 byTopic: institutions(filter: {topic: "medicine"}, orderBy: {field: ID}) { nodes { slug } }
                 children: institutions(filter: {parent: "cas"}) { nodes { slug } } }"#,
        )
        .await;
    assert_eq!(data["cn"]["totalCount"], 4);
    assert_eq!(
        strings(&data["cn"]["nodes"], "/slug"),
        ["cas", "cup", "szu", "xieg"]
    );
    assert_eq!(
        strings(&data["unis"]["nodes"], "/slug"),
        ["szu", "cup", "kaznu"]
    );
    assert_eq!(strings(&data["old"]["nodes"], "/slug"), ["cup"]);
    assert_eq!(strings(&data["range"]["nodes"], "/slug"), ["cup", "szu"]);
    assert_eq!(
        strings(&data["byTopic"]["nodes"], "/slug"),
        ["kaznu", "szu"]
    );
    assert_eq!(strings(&data["children"]["nodes"], "/slug"), ["xieg"]);
}

#[tokio::test]
async fn cursors_page_forwards_and_backwards_without_gaps() {
    let app = spawn_app().await;
    let page = |after: Option<String>| {
        let app = &app;
        async move {
            app.query_with(
                "query($after: String) { topics(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { slug } } }",
                json!({ "after": after }),
            )
            .await
        }
    };
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let data = page(after.clone()).await;
        assert_eq!(data["topics"]["totalCount"], 11);
        seen.extend(strings(&data["topics"]["nodes"], "/slug"));
        if !data["topics"]["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = data["topics"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    let all = app.query("{ topics(first: 100) { nodes { slug } } }").await;
    assert_eq!(seen, strings(&all["topics"]["nodes"], "/slug"));
    assert_eq!(seen.len(), 11);

    let last = app
        .query("{ topics(last: 2) { pageInfo { hasPreviousPage } nodes { slug } } }")
        .await;
    assert_eq!(strings(&last["topics"]["nodes"], "/slug"), seen[9..]);
    assert_eq!(last["topics"]["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn pages_are_capped() {
    let app = spawn_app().await;
    let error = app
        .query_error("{ institutions(first: 1000000) { totalCount } }")
        .await;
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED");
    let error = app
        .query_error("{ search(text: \"kaznu\", first: 5000) { score } }")
        .await;
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn agreements_filter_by_party_signatory_status_topic_and_dates() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ party: agreements(filter: {party: "szu"}) { nodes { slug } }
                 signatory: agreements(filter: {signatory: "chen-feng"}) { nodes { slug } }
                 active: agreements(filter: {status: ACTIVE}) { totalCount }
                 planned: agreements(filter: {status: PLANNED}) { totalCount }
                 topic: agreements(filter: {topic: "Topic:climate-change"}) { nodes { slug } }
                 doubleDegree: agreements(filter: {activity: DOUBLE_DEGREE}) { nodes { slug } }
                 may: agreements(filter: {signedFrom: "2023-05", signedTo: "2023-05"}) { totalCount }
                 later: agreements(filter: {signedFrom: "2024"}) { totalCount } }"#,
        )
        .await;
    assert_eq!(
        strings(&data["party"]["nodes"], "/slug"),
        ["mou-kaznu-szu-2023"]
    );
    assert_eq!(
        strings(&data["signatory"]["nodes"], "/slug"),
        ["mou-kaznu-cup-2023"]
    );
    assert_eq!(data["active"]["totalCount"], 3);
    assert_eq!(data["planned"]["totalCount"], 0);
    assert_eq!(
        strings(&data["topic"]["nodes"], "/slug"),
        ["mou-kaznu-xieg-2023"]
    );
    assert_eq!(
        strings(&data["doubleDegree"]["nodes"], "/slug"),
        ["mou-kaznu-cup-2023"]
    );
    assert_eq!(data["may"]["totalCount"], 3);
    assert_eq!(data["later"]["totalCount"], 0);
    let error = app
        .query_error(r#"{ agreements(filter: {signedFrom: "2023-13"}) { totalCount } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT");
    assert!(
        error["message"].as_str().unwrap().contains("signedFrom"),
        "{error}"
    );
}

#[tokio::test]
async fn relations_read_both_ways_with_their_attributes_and_stable_ids() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ institution(id: "kaznu") {
                   relations(types: [PARTY_TO], direction: OUTGOING) { totalCount nodes { id type from { id } to { id } sources { slug } } }
                   people { nodes { title person { slug } } } }
                 person(id: "zhanseit-tuimebayev") {
                   positions { nodes { title institution { slug } } }
                   signed { totalCount nodes { agreement { slug } onBehalfOf { slug } } } }
                 relation(id: "HOSTS:xieg>kaznu-xieg-joint-lab") { type from { id } to { id } }
                 lab(id: "kaznu-xieg-joint-lab") {
                   hosts { totalCount nodes { institution { slug } } }
                   establishedBy { totalCount nodes { slug } } } }"#,
        )
        .await;
    let edges = whole(&data["institution"]["relations"]);
    assert_eq!(
        strings(edges, "/id"),
        [
            "PARTY_TO:kaznu>mou-kaznu-cup-2023",
            "PARTY_TO:kaznu>mou-kaznu-xieg-2023",
            "PARTY_TO:kaznu>mou-kaznu-szu-2023"
        ]
    );
    assert_eq!(
        edges[0]["sources"],
        json!([{"slug": "kaznu-press-2023-05-19"}])
    );
    assert_eq!(
        data["institution"]["people"]["nodes"][0]["person"]["slug"],
        "zhanseit-tuimebayev"
    );
    assert_eq!(
        data["person"]["positions"]["nodes"][0]["institution"]["slug"],
        "kaznu"
    );
    assert_eq!(
        strings(whole(&data["person"]["signed"]), "/onBehalfOf/slug"),
        ["kaznu", "kaznu", "kaznu"]
    );
    assert_eq!(
        data["relation"],
        json!({"type": "HOSTS", "from": {"id": "Institution:xieg"}, "to": {"id": "Lab:kaznu-xieg-joint-lab"}})
    );
    assert_eq!(
        strings(whole(&data["lab"]["hosts"]), "/institution/slug"),
        ["kaznu", "xieg"]
    );
    assert_eq!(
        strings(whole(&data["lab"]["establishedBy"]), "/slug"),
        ["mou-kaznu-xieg-2023"]
    );
}

#[tokio::test]
async fn search_ranks_across_types_and_can_be_narrowed() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ typo: search(text: "Xinjang Instute") { score matched node { id } }
                 cyrillic: search(text: "әл-фараби") { field node { id } }
                 chinese: search(text: "中国石油") { node { id } }
                 people: search(text: "zhang", types: [PERSON]) { node { id } } }"#,
        )
        .await;
    assert_eq!(data["typo"][0]["node"]["id"], "Institution:xieg");
    assert!(data["typo"][0]["score"].as_f64().unwrap() < 1.0);
    assert_eq!(
        data["cyrillic"][0],
        json!({"field": "LOCALIZED_NAME", "node": {"id": "Institution:kaznu"}})
    );
    assert_eq!(data["chinese"][0]["node"]["id"], "Institution:cup");
    let mut people = strings(&data["people"], "/node/id");
    people.sort();
    assert_eq!(people, ["Person:zhang-xueji", "Person:zhang-yuanming"]);
}

#[tokio::test]
async fn a_date_known_loosely_matches_every_range_it_may_fall_in() {
    // The bundled agreements were signed "on or before 2023-05-19" (the release's date): each
    // may have been signed on the 18th, or in 2022, but not on the 20th.
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ by18: agreements(filter: {signedTo: "2023-05-18"}) { totalCount }
                 in2022: agreements(filter: {signedFrom: "2022", signedTo: "2022"}) { totalCount }
                 from19: agreements(filter: {signedFrom: "2023-05-19"}) { totalCount }
                 from20: agreements(filter: {signedFrom: "2023-05-20"}) { totalCount }
                 asOf18: network(network: {projection: INSTITUTIONS, to: "2023-05-18"}) { edges { source } }
                 asOf2022: network(network: {projection: INSTITUTIONS, to: "2022"}) { edges { source } }
                 timeline { year count approximate } }"#,
        )
        .await;
    assert_eq!(data["by18"]["totalCount"], 3);
    assert_eq!(data["in2022"]["totalCount"], 3);
    assert_eq!(data["from19"]["totalCount"], 3);
    assert_eq!(data["from20"]["totalCount"], 0);
    // A range that ends before it starts holds no date, however loosely known: refused.
    let error = app
        .query_error(r#"{ agreements(filter: {signedFrom: "2023-05", signedTo: "2023-01"}) { totalCount } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("after `signedTo`"),
        "{error}"
    );
    assert_eq!(
        data["asOf18"]["edges"].as_array().unwrap().len(),
        3,
        "{data}"
    );
    assert_eq!(data["asOf2022"]["edges"], data["asOf18"]["edges"]);
    // Counted once, in the year the date names, and said to be approximate.
    assert_eq!(
        data["timeline"],
        json!([{ "year": 2023, "count": 3, "approximate": 3 }])
    );
}
