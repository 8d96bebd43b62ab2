//! Hostile queries are refused fast with LIMIT_EXCEEDED; the production switches, request ids,
//! metrics and readiness work; the service survives and keeps answering.

use std::time::{Duration, Instant};

use collabgraph::config::{Limits, Settings};
use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{bundled_graph, spawn_app, spawn_app_with_settings};

async fn limit_error(app: &crate::helpers::TestApp, query: &str) -> Value {
    let started = Instant::now();
    let error = app.query_error(query).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refused slowly: {:?}",
        started.elapsed()
    );
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED", "{error}");
    error
}

#[tokio::test]
async fn alias_floods_are_refused() {
    let app = spawn_app().await;
    let query = format!(
        "{{ {} }}",
        (0..200)
            .map(|i| format!("a{i}: stats {{ nodes }}"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let error = limit_error(&app, &query).await;
    assert!(
        error["message"].as_str().unwrap().contains("200 aliases"),
        "{error}"
    );
}

#[tokio::test]
async fn fragment_bombs_are_refused_before_validation() {
    let app = spawn_app().await;
    let mut query = String::from("{ ...f0 }\n");
    for i in 0..30 {
        query.push_str(&format!(
            "fragment f{i} on Query {{ ...f{} ...f{} }}\n",
            i + 1,
            i + 1
        ));
    }
    query.push_str("fragment f30 on Query { stats { nodes } }\n");
    limit_error(&app, &query).await;
}

#[tokio::test]
async fn overlong_queries_and_deep_nesting_are_refused() {
    let app = spawn_app().await;
    let long = format!("{{ __typename }} # {}", "x".repeat(40_000));
    let error = limit_error(&app, &long).await;
    assert!(
        error["message"].as_str().unwrap().contains("bytes long"),
        "{error}"
    );
    app.query("{ institution(id: \"xieg\") { parent { id } } }")
        .await;
    let mut nested = String::from("id");
    for _ in 0..40 {
        nested = format!("parent {{ {nested} }}");
    }
    // 40 levels are over async-graphql's recursion limit (32), checked as the query is parsed.
    let error = limit_error(
        &app,
        &format!("{{ institution(id: \"xieg\") {{ {nested} }} }}"),
    )
    .await;
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("recursion depth"),
        "{error}"
    );
    // The service is still there.
    assert_eq!(app.query("{ __typename }").await["__typename"], "Query");
}

#[tokio::test]
async fn complexity_counts_every_item_of_a_page() {
    let app = spawn_app().await;
    let fields = "name country ".repeat(100);
    let page = |first: u32| {
        format!("{{ institutions(first: {first}) {{ edges {{ node {{ id {fields} }} }} }} }}")
    };
    // 100 items of 200 fields each are over the 20 000 the default allows; 10 are not.
    let error = limit_error(&app, &page(100)).await;
    assert!(
        error["message"].as_str().unwrap().contains("complexity"),
        "{error}"
    );
    app.query(&page(10)).await;
}

#[tokio::test]
async fn limits_are_configurable() {
    let settings = Settings {
        limits: Limits {
            max_aliases: 1,
            ..Limits::default()
        },
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    limit_error(&app, "{ a: __typename b: __typename }").await;
    app.query("{ a: __typename }").await;
}

#[tokio::test]
async fn introspection_and_the_playground_can_be_turned_off() {
    let settings = Settings {
        introspection: false,
        playground: false,
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    let body = app.post("{ __schema { types { name } } }", json!({})).await;
    // async-graphql answers the schema fields with null rather than an error.
    assert_eq!(
        body,
        json!({"data": {"__schema": null}}),
        "introspection answers nothing"
    );
    let response = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // Ordinary queries still work.
    assert_eq!(
        app.query("{ institution(id: \"kaznu\") { slug } }").await["institution"]["slug"],
        "kaznu"
    );
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let settings = Settings {
        cors_origins: vec!["https://viz.example.org".into()],
        ..Settings::default()
    };
    let app = spawn_app_with_settings(bundled_graph(), settings).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header(header::ORIGIN, origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://viz.example.org").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://viz.example.org"
    );
    let refused = preflight("https://elsewhere.example.com").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    let default_app = spawn_app().await;
    let response = default_app
        .client
        .post(default_app.url("/graphql"))
        .header(header::ORIGIN, "https://viz.example.org")
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "no origins by default"
    );
}

#[tokio::test]
async fn every_response_has_a_request_id_and_metrics_count_requests_and_errors() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({"query": "{ __typename }"}))
        .send()
        .await
        .unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let echoed = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(echoed.headers()["x-request-id"], "trace-me-42");
    app.query_error("{ a: __typename b: __typename c: __typename d: nope }")
        .await;
    app.query_error(&format!(
        "{{ {} }}",
        (0..60)
            .map(|i| format!("a{i}: __typename"))
            .collect::<Vec<_>>()
            .join(" ")
    ))
    .await;

    let metrics = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert!(
        metrics.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = metrics.text().await.unwrap();
    assert!(
        text.contains(
            "collabgraph_http_requests_total{method=\"POST\",route=\"/graphql\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(
        text.contains("collabgraph_graphql_errors_total{code=\"LIMIT_EXCEEDED\"} 1"),
        "{text}"
    );
    assert!(text.contains("collabgraph_graph_nodes 30"), "{text}");
    assert!(
        text.contains("collabgraph_http_request_duration_seconds_bucket"),
        "{text}"
    );
}

#[tokio::test]
async fn readyz_is_ready_until_shutdown_begins() {
    let app = spawn_app().await;
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    app.state.stopping();
    let stopping = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(stopping.status(), StatusCode::SERVICE_UNAVAILABLE);
}

/// The server keeps parsed queries and skips validation rules for a document that passed them
/// before, when it comes again without variables: answers and refusals must not change.
#[tokio::test]
async fn a_query_sent_again_is_answered_and_refused_as_the_first_time() {
    let app = spawn_app().await;
    let query = r#"{ institution(id: "kaznu") { name agreements { nodes { id } } } }"#;
    let first = app.post(query, json!({})).await;
    assert!(first.get("errors").is_none(), "{first:#}");
    for _ in 0..2 {
        assert_eq!(app.post(query, json!({})).await, first);
    }

    // A document run once without variables, then with a variable of a wrong enum value: the
    // variable is still checked, before and after the plain run alike.
    let by_kind =
        "query($k: [InstitutionKind!]) { institutions(filter: {kind: $k}) { totalCount } }";
    let bad = json!({ "k": ["NOT_A_KIND"] });
    let refused = app.post(by_kind, bad.clone()).await;
    assert!(refused["errors"][0]["message"].is_string(), "{refused:#}");
    assert!(refused.get("data").is_none(), "{refused:#}");
    let plain = app.post(by_kind, json!({})).await;
    assert!(plain.get("errors").is_none(), "{plain:#}");
    assert_eq!(app.post(by_kind, bad).await, refused);

    // An invalid document is refused every time with the same error.
    let unknown = app
        .post("{ institution(id: \"kaznu\") { nope } }", json!({}))
        .await;
    assert_eq!(
        unknown["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert_eq!(
        app.post("{ institution(id: \"kaznu\") { nope } }", json!({}))
            .await,
        unknown
    );
}
