//! What one request may cost: answers held to a number of objects and bytes (a batch's
//! together), work stopped when its time is up, and cheap requests answered while heavy ones
//! wait.

use std::time::Duration;

use collabgraph::config::{Limits, Settings};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, bundled_graph, spawn_app_with_settings};

async fn app_with(limits: Limits) -> TestApp {
    let settings = Settings {
        limits,
        ..Settings::default()
    };
    spawn_app_with_settings(bundled_graph(), settings).await
}

/// Each agreement of KazNU, each party of those, each party's agreements: a few dozen
/// objects on the bundled seed, and a page of each (20 × 20 × 20 agreements) from a hub of a
/// large graph.
const NESTED: &str = "{ institution(id: \"kaznu\") { agreements { nodes { parties { nodes { \
                      institution { agreements { nodes { title } } } } } } } } }";

async fn post_raw(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status(), response.json().await.unwrap())
}

#[tokio::test]
async fn an_answer_over_the_object_limit_is_refused_whole_and_a_batch_shares_one_budget() {
    let app = app_with(Limits {
        max_response_objects: 20,
        ..Limits::default()
    })
    .await;
    let (status, body) = post_raw(&app, json!({ "query": NESTED })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.get("data").is_none(), "no partial answer: {body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("more than 20 objects"), "{message}");

    // Each of these fits alone; three of them in a batch do not.
    let small = "{ institution(id: \"kaznu\") { agreements { nodes { title parties { nodes { institution { id } } } } } } }";
    let (status, alone) = post_raw(&app, json!({ "query": small })).await;
    assert_eq!(status, StatusCode::OK, "{alone:#}");
    let batch = json!([{ "query": small }, { "query": small }, { "query": small }]);
    let (status, answers) = post_raw(&app, batch).await;
    assert_eq!(status, StatusCode::OK);
    let answers = answers.as_array().unwrap();
    assert_eq!(answers.len(), 3);
    for answer in answers {
        assert_eq!(answer["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
        assert!(answer.get("data").is_none());
    }
}

#[tokio::test]
async fn an_answer_over_the_byte_limit_is_refused() {
    let app = app_with(Limits {
        max_response_bytes: 200,
        ..Limits::default()
    })
    .await;
    let (status, body) = post_raw(&app, json!({ "query": NESTED })).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("the limit is 200"), "{message}");
    // A small answer still goes through.
    app.query("{ institution(id: \"kaznu\") { name } }").await;
}

#[tokio::test]
async fn heavy_work_past_its_time_is_answered_503_and_the_service_goes_on() {
    let app = app_with(Limits {
        request_timeout: Duration::from_nanos(1),
        ..Limits::default()
    })
    .await;
    let (status, body) = post_raw(
        &app,
        json!({ "query": "{ network { nodes { id degree } } }" }),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_list_argument_longer_than_a_filter_takes_is_refused_as_bad_input() {
    let app = app_with(Limits::default()).await;
    let (status, body) = post_raw(
        &app,
        json!({
            "query": "query($t: [NodeType!]) { network(network: {nodeTypes: $t}) { truncated } }",
            "variables": { "t": vec!["INSTITUTION"; 300] },
        }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("256"),
        "{body}"
    );
    // Repeats count once: the same value 300 times is one value, for /export as for GraphQL's
    // checker; 300 different ones are refused.
    let repeated = vec!["medicine"; 300].join(",");
    let different: Vec<String> = (0..300).map(|i| format!("t{i}")).collect();
    for (topics, expected) in [(repeated, 200), (different.join(","), 400)] {
        let response = app
            .client
            .get(app.url(&format!("/export/graphml?topic={topics}")))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(status, expected, "{text}");
        if expected == 400 {
            assert!(text.contains("at most 256"), "{text}");
        }
    }
}

#[tokio::test]
async fn lookups_too_big_to_answer_on_the_async_worker_are_answered_whole_in_a_lane() {
    // A lookup sent before is answered where it is received while its answer stays small;
    // these three, 120 records together, are too many for that and must still come whole,
    // the first time (given up and run again) and after (sent to a lane at once).
    let app = app_with(Limits::default()).await;
    let aliases: String = (0..40)
        .map(|i| format!("a{i}: institution(id: \"kaznu\") {{ id }} "))
        .collect();
    let lookup = format!("{{ {aliases} }}");
    let small = app.query(&lookup).await;
    assert_eq!(small.as_object().unwrap().len(), 40);
    for _ in 0..2 {
        let batch = json!([{ "query": lookup }, { "query": lookup }, { "query": lookup }]);
        let (status, answers) = post_raw(&app, batch).await;
        assert_eq!(status, StatusCode::OK);
        for answer in answers.as_array().unwrap() {
            assert!(answer.get("errors").is_none(), "{answer}");
            assert_eq!(answer["data"], small);
        }
    }
}

#[tokio::test]
async fn records_looked_up_by_a_list_of_ids_count_towards_the_answers_objects() {
    let app = app_with(Limits {
        max_response_objects: 20,
        ..Limits::default()
    })
    .await;
    let ids = vec!["Institution:kaznu"; 25];
    let (status, body) = post_raw(
        &app,
        json!({ "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": { "ids": ids } }),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "LIMIT_EXCEEDED");
    let (status, body) = post_raw(
        &app,
        json!({ "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": { "ids": &ids[..10] } }),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["nodes"].as_array().unwrap().len(), 10);
}
