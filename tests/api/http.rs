//! GraphQL over HTTP: methods, media types, status codes, limits, the playground, health.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn post_answers_with_the_graphql_response_type_by_default() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/graphql-response+json"
    );
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        json!({"data": {"__typename": "Query"}})
    );
}

#[tokio::test]
async fn clients_asking_for_plain_json_get_it() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header(header::ACCEPT, "application/json")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
}

#[tokio::test]
async fn get_runs_queries_from_the_url() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            ("query", "query($id: ID!) { node(id: $id) { id } }"),
            ("variables", r#"{"id": "Institution:kaznu"}"#),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"]["node"]["id"], "Institution:kaznu");
}

#[tokio::test]
async fn a_query_that_does_not_parse_is_a_bad_request_with_a_located_error() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ institution(id: \"kaznu\") { name "}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"][0]["locations"][0]["line"].is_number(),
        "{body}"
    );
}

#[tokio::test]
async fn an_unknown_field_is_refused_with_its_name() {
    let app = spawn_app().await;
    let error = app
        .query_error("{ institution(id: \"kaznu\") { nmae } }")
        .await;
    assert!(
        error["message"].as_str().unwrap().contains("nmae"),
        "{error}"
    );
}

#[tokio::test]
async fn malformed_bodies_and_wrong_content_types_are_refused_clearly() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{\"query\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a GraphQL request"),
        "{body}"
    );

    let response = app
        .client
        .post(app.url("/graphql"))
        .body("{ __typename }")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let query = format!(
        "{{ __typename }} # {}",
        "x".repeat(collabgraph::server::MAX_BODY_BYTES)
    );
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": query}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn batches_are_answered_in_order_and_capped() {
    let app = spawn_app().await;
    let batch = json!([{"query": "{ a: __typename }"}, {"query": "{ node(id: \"Institution:szu\") { id } }"}]);
    let body: Value = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body[0]["data"]["a"], "Query");
    assert_eq!(body[1]["data"]["node"]["id"], "Institution:szu");

    let too_many: Vec<Value> = (0..=collabgraph::server::MAX_BATCH)
        .map(|_| json!({"query": "{ __typename }"}))
        .collect();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&too_many)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn deep_queries_are_refused() {
    let app = spawn_app().await;
    let mut query = String::from("id");
    for _ in 0..20 {
        query = format!("parent {{ {query} }}");
    }
    let error = app
        .query_error(&format!("{{ institution(id: \"xieg\") {{ {query} }} }}"))
        .await;
    assert!(
        error["message"].as_str().unwrap().contains("too deep")
            || error["message"].as_str().unwrap().contains("depth"),
        "{error}"
    );
}

#[tokio::test]
async fn the_playground_opens_on_the_example_query_and_the_example_runs() {
    let app = spawn_app().await;
    let page = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("GraphiQL") && page.contains("institution(name: \\\"KazNU\\\")"),
        "{page}"
    );
    let data = app.query(collabgraph::server::EXAMPLE_QUERY).await;
    assert_eq!(
        data["institution"]["collaborators"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn healthz_reports_the_graph_size() {
    let app = spawn_app().await;
    let body: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, json!({"status": "ok", "nodes": 29, "relations": 49}));
}

#[tokio::test]
async fn a_replaced_graph_serves_the_next_request() {
    let app = spawn_app().await;
    let mut seed = collabgraph::seed::load(&collabgraph::bundled_seed_dir()).unwrap();
    seed.institutions.retain(|i| i.id.as_str() == "cas");
    seed.people.clear();
    seed.labs.clear();
    seed.agreements.clear();
    seed.events.clear();
    seed.sources
        .iter_mut()
        .for_each(|s| s.publisher_institution = None);
    let before = app.query("{ stats { nodes } }").await;
    app.state
        .replace_graph(collabgraph::graph::KnowledgeGraph::new(seed));
    let after = app.query("{ stats { nodes } }").await;
    assert_eq!(before["stats"]["nodes"], 29);
    assert_eq!(
        after["stats"]["nodes"], 14,
        "one institution, 11 topics, 2 sources"
    );
}
