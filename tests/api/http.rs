//! GraphQL over HTTP: methods, media types, status codes, limits, the playground, health.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// What a POST of `body` with `accept` (reqwest's default `*/*` when `None`) got back: the
/// status, the Content-Type and the body.
async fn post_with_accept(
    app: &TestApp,
    accept: Option<&str>,
    body: &Value,
) -> (StatusCode, String, Value) {
    let mut request = app.client.post(app.url("/graphql")).json(body);
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type = response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    (status, content_type, response.json().await.unwrap())
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

#[tokio::test]
async fn the_response_type_follows_accept_with_its_wildcards_charsets_and_qualities() {
    let app = spawn_app().await;
    let cases = [
        // Legacy clients, and those that take anything, get application/json (the
        // specification's default; the audit's 47DE). This used to be
        // application/graphql-response+json.
        (None, JSON),
        (Some("*/*"), JSON),
        (Some("application/*"), JSON),
        (Some("application/json"), JSON),
        (Some("application/json; charset=utf-8"), JSON),
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (
            Some("application/graphql-response+json; charset=UTF-8"),
            GRAPHQL_RESPONSE,
        ),
        // Named equally, the newer type wins; otherwise the quality decides.
        (
            Some("application/graphql-response+json, application/json"),
            GRAPHQL_RESPONSE,
        ),
        (
            Some("application/graphql-response+json, application/json;q=0.9"),
            GRAPHQL_RESPONSE,
        ),
        (
            Some("application/json;q=0.5, application/graphql-response+json;q=0.9"),
            GRAPHQL_RESPONSE,
        ),
        (
            Some("application/graphql-response+json;q=0.4, application/json"),
            JSON,
        ),
        (Some("application/graphql-response+json;q=0, */*"), JSON),
        (Some("text/html, */*;q=0.8"), JSON),
        (Some("application/json;q=0, */*"), GRAPHQL_RESPONSE),
    ];
    for (accept, expected) in cases {
        let (status, content_type, body) =
            post_with_accept(&app, accept, &json!({"query": "{ __typename }"})).await;
        assert_eq!(status, StatusCode::OK, "{accept:?}");
        assert_eq!(content_type, expected, "{accept:?}");
        assert_eq!(body, json!({"data": {"__typename": "Query"}}), "{accept:?}");
    }
    for accept in [
        "text/html",
        "application/json; charset=iso-8859-1",
        "application/json;q=0",
    ] {
        let (status, content_type, body) =
            post_with_accept(&app, Some(accept), &json!({"query": "{ __typename }"})).await;
        assert_eq!(status, StatusCode::NOT_ACCEPTABLE, "{accept}");
        assert_eq!(content_type, JSON, "{accept}");
        assert!(body["errors"][0]["message"].is_string(), "{body}");
    }
}

/// The status line and Content-Type of a request written by hand, since reqwest always sends
/// an Accept header.
fn raw_exchange(address: std::net::SocketAddr, request: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default().to_owned();
    let content_type = response
        .lines()
        .find_map(|line| line.strip_prefix("content-type: "))
        .unwrap_or_default()
        .to_owned();
    (status, content_type)
}

#[tokio::test]
async fn a_request_without_accept_is_answered_in_plain_json() {
    let app = spawn_app().await;
    let body = r#"{"query": "{ __typename }"}"#;
    let request = format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let address = app.address;
    let (status, content_type) =
        tokio::task::spawn_blocking(move || raw_exchange(address, &request))
            .await
            .unwrap();
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(content_type, JSON);
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
async fn requests_that_never_run_have_no_data_and_are_400_only_in_the_graphql_response_type() {
    let app = spawn_app().await;
    let cases = [
        (
            "parse",
            json!({"query": "{ institution(id: \"kaznu\") { name "}),
        ),
        (
            "validation",
            json!({"query": "{ institution(id: \"kaznu\") { nmae } }"}),
        ),
        (
            "a missing variable",
            json!({"query": "query($id: ID!) { node(id: $id) { id } }"}),
        ),
        (
            "a null variable",
            json!({"query": "query($id: ID!) { node(id: $id) { id } }", "variables": {"id": null}}),
        ),
        (
            "a mistyped variable",
            json!({"query": "query($name: String) { institution(name: $name) { id } }", "variables": {"name": 10}}),
        ),
        (
            "a mistyped list item",
            json!({"query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ["Institution:kaznu", true]}}),
        ),
        (
            "an unknown operation name",
            json!({"query": "query A { __typename }", "operationName": "B"}),
        ),
    ];
    for (what, request) in &cases {
        // The client that understands the new type learns from the status that nothing ran.
        let (status, content_type, body) =
            post_with_accept(&app, Some(GRAPHQL_RESPONSE), request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}: {body}");
        assert_eq!(content_type, GRAPHQL_RESPONSE, "{what}");
        assert!(body.get("data").is_none(), "{what}: {body}");
        assert!(body["errors"][0]["message"].is_string(), "{what}: {body}");
        // The legacy type is 200 with the same body, as older clients expect.
        let (status, content_type, plain) = post_with_accept(&app, Some(JSON), request).await;
        assert_eq!(status, StatusCode::OK, "{what}: {plain}");
        assert_eq!(content_type, JSON, "{what}");
        assert_eq!(plain, body, "{what}");
    }

    let (_, _, body) = post_with_accept(&app, Some(GRAPHQL_RESPONSE), &cases[0].1).await;
    assert!(
        body["errors"][0]["locations"][0]["line"].is_number(),
        "{body}"
    );
    let (_, _, body) = post_with_accept(&app, Some(GRAPHQL_RESPONSE), &cases[2].1).await;
    assert_eq!(
        body["errors"][0]["message"], "Variable \"$id\" of required type \"ID!\" was not provided.",
        "{body}"
    );
}

#[tokio::test]
async fn an_execution_error_that_nulls_data_keeps_data_and_status_200() {
    let app = spawn_app().await;
    // `nodes` is non-null and refuses more than 100 ids while executing, so `data` is null.
    let ids: Vec<String> = (0..=100).map(|i| format!("Institution:{i}")).collect();
    let request = json!({"query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ids}});
    for accept in [GRAPHQL_RESPONSE, JSON] {
        let (status, _, body) = post_with_accept(&app, Some(accept), &request).await;
        assert_eq!(status, StatusCode::OK, "{accept}: {body}");
        assert_eq!(body.get("data"), Some(&Value::Null), "{accept}: {body}");
        assert_eq!(body["errors"][0]["path"], json!(["nodes"]), "{body}");
    }
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
    let post = |content_type: Option<&'static str>, body: &'static str| {
        let mut request = app.client.post(app.url("/graphql")).body(body);
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = post(Some("application/json"), "{\"query\": ").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a GraphQL request"),
        "{body}"
    );
    let (status, body) = post(Some("application/json"), "").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    // No Content-Type, another type, another charset: the body is not read.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("application/json; charset=iso-8859-1"),
    ] {
        let (status, body) = post(content_type, r#"{"query": "{ __typename }"}"#).await;
        assert_eq!(
            status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type:?}"
        );
        assert!(body["errors"][0]["message"].is_string(), "{body}");
    }
    let (status, _) = post(
        Some("Application/JSON; charset=\"UTF-8\""),
        r#"{"query": "{ __typename }"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn parameters_of_the_wrong_shape_are_refused_with_400_naming_them() {
    let app = spawn_app().await;
    let cases = [
        (json!("{ __typename }"), "JSON object"),
        (json!({"notquery": "{ __typename }"}), "no `query`"),
        (json!({"query": ""}), "no `query`"),
        (
            json!({"query": 1}),
            "`query` must be a string, not a number",
        ),
        (
            json!({"query": ["{ __typename }"]}),
            "`query` must be a string, not an array",
        ),
        (
            json!({"query": "{ __typename }", "operationName": false}),
            "`operationName` must be a string, not a boolean",
        ),
        (
            json!({"query": "{ __typename }", "variables": "{}"}),
            "`variables` must be an object, not a string",
        ),
        (
            json!({"query": "{ __typename }", "variables": [1]}),
            "`variables` must be an object, not an array",
        ),
        (
            json!({"query": "{ __typename }", "extensions": 0}),
            "`extensions` must be an object, not a number",
        ),
    ];
    for (request, expected) in cases {
        for accept in [GRAPHQL_RESPONSE, JSON] {
            let (status, content_type, body) = post_with_accept(&app, Some(accept), &request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{request}: {body}");
            assert_eq!(content_type, accept);
            let message = body["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(expected), "{request}: {message}");
        }
    }
    // Null stands for absent, and other keys are not ours to judge.
    let (status, _, body) = post_with_accept(
        &app,
        None,
        &json!({"query": "{ __typename }", "operationName": null, "variables": null, "extensions": null, "other": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"data": {"__typename": "Query"}}));
}

#[tokio::test]
async fn other_methods_and_mutations_over_get_are_405_with_allow() {
    let app = spawn_app().await;
    for method in [
        reqwest::Method::PUT,
        reqwest::Method::DELETE,
        reqwest::Method::PATCH,
    ] {
        let response = app
            .client
            .request(method.clone(), app.url("/graphql"))
            .json(&json!({"query": "{ __typename }"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(response.headers()[header::ALLOW], "GET, HEAD, POST");
    }
    // We have no mutations, but the operation's type is read before anything runs: a GET must
    // not change anything.
    for (query, operation_name) in [
        ("mutation { __typename }", None),
        (
            "query Q { __typename } mutation M { __typename }",
            Some("M"),
        ),
    ] {
        let mut parameters = vec![("query", query)];
        parameters.extend(operation_name.map(|name| ("operationName", name)));
        let response = app
            .client
            .get(app.url("/graphql"))
            .header(header::ACCEPT, GRAPHQL_RESPONSE)
            .query(&parameters)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED, "{query}");
        assert_eq!(response.headers()[header::ALLOW], "GET, HEAD, POST");
        let body: Value = response.json().await.unwrap();
        assert!(body.get("data").is_none(), "{body}");
    }
}

#[tokio::test]
async fn get_takes_variables_and_extensions_as_json_and_refuses_them_malformed() {
    let app = spawn_app().await;
    let get = |parameters: Vec<(&'static str, &'static str)>| {
        let request = app.client.get(app.url("/graphql")).query(&parameters);
        async move {
            let response = request.send().await.unwrap();
            (response.status(), response.json::<Value>().await.unwrap())
        }
    };
    let (status, body) = get(vec![
        (
            "query",
            "query Q($name: String!) { __type(name: $name) { name } } query R { __typename }",
        ),
        ("operationName", "Q"),
        ("variables", r#"{"name": "Institution"}"#),
        ("extensions", r#"{"some": "value"}"#),
        ("cachebuster", "1"),
    ])
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"data": {"__type": {"name": "Institution"}}}));

    for (parameters, expected) in [
        (vec![], "no `query`"),
        (vec![("operationName", "Q")], "no `query`"),
        (
            vec![("query", "{ __typename }"), ("variables", "{\"name\": ")],
            "`variables` must be a JSON object",
        ),
        (
            vec![("query", "{ __typename }"), ("variables", "[]")],
            "`variables` must be an object, not an array",
        ),
        (
            vec![("query", "{ __typename }"), ("extensions", "\"x\"")],
            "`extensions` must be an object, not a string",
        ),
        (
            vec![("query", "{ __typename }"), ("query", "{ a: __typename }")],
            "more than once",
        ),
    ] {
        let (status, body) = get(parameters.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{parameters:?}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{parameters:?}: {message}");
    }
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let app = spawn_app().await;
    let query = format!(
        "{{ __typename }} # {}",
        "x".repeat(collabgraph::config::Limits::default().max_body_bytes)
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

    // Each entry answers for itself: one that never ran has no `data`, and the batch is 200.
    let (status, _, body) = post_with_accept(
        &app,
        Some(GRAPHQL_RESPONSE),
        &json!([{"query": "{ __typename }"}, {"query": "{"}, {"query": "{ nope }"}]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body[0], json!({"data": {"__typename": "Query"}}));
    for entry in [&body[1], &body[2]] {
        assert!(
            entry.get("data").is_none() && entry["errors"].is_array(),
            "{entry}"
        );
    }
    // A malformed entry or an empty batch is a malformed request.
    for batch in [json!([{"query": "{ __typename }"}, 5]), json!([])] {
        let (status, _, body) = post_with_accept(&app, None, &batch).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{batch}: {body}");
    }

    let too_many: Vec<Value> = (0..=collabgraph::config::Limits::default().max_batch)
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
    assert_eq!(error["extensions"]["code"], "LIMIT_EXCEEDED", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("nested more than 16 levels deep"),
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
    let data = app.query(collabgraph::http::web::EXAMPLE_QUERY).await;
    let collaborators = &data["institution"]["collaborators"];
    assert_eq!(collaborators["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(collaborators["totalCount"], 3);
    assert_eq!(collaborators["pageInfo"]["hasNextPage"], false);
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
    assert_eq!(body, json!({"status": "ok", "nodes": 30, "relations": 53}));
}

#[tokio::test]
async fn a_replaced_graph_serves_the_next_request() {
    let app = spawn_app().await;
    let mut seed = collabgraph::seed::load(&collabgraph::bundled_seed_dir()).unwrap();
    let records = seed.records_mut();
    records.institutions.retain(|i| i.id.as_str() == "cas");
    records.people.clear();
    records.labs.clear();
    records.agreements.clear();
    records.events.clear();
    records
        .sources
        .iter_mut()
        .for_each(|s| s.publisher_institution = None);
    let before = app.query("{ stats { nodes } }").await;
    app.state
        .replace_graph(collabgraph::graph::KnowledgeGraph::new(seed));
    let after = app.query("{ stats { nodes } }").await;
    assert_eq!(before["stats"]["nodes"], 30);
    assert_eq!(
        after["stats"]["nodes"], 15,
        "one institution, 11 topics, 3 sources"
    );
}

#[tokio::test]
async fn every_refusal_names_its_reason_in_extensions_code() {
    let app = spawn_app().await;
    let big = format!(
        r#"{{"query": "{{ __typename }} # {}"}}"#,
        "x".repeat(collabgraph::config::Limits::default().max_body_bytes)
    );
    let batch = serde_json::to_string(&vec![json!({"query": "{ __typename }"}); 11]).unwrap();
    let query = |query: &str| json!({ "query": query }).to_string();
    let cases: Vec<(&str, reqwest::Method, &str, &str, String, StatusCode, &str)> = vec![
        (
            "accepts nothing we write",
            reqwest::Method::POST,
            JSON,
            "text/html",
            query("{ __typename }"),
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
        ),
        (
            "PUT",
            reqwest::Method::PUT,
            JSON,
            GRAPHQL_RESPONSE,
            query("{ __typename }"),
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
        ),
        (
            "a form body",
            reqwest::Method::POST,
            "text/plain",
            GRAPHQL_RESPONSE,
            query("{ __typename }"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            "a body that is not JSON",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            "{".into(),
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
        ),
        (
            "a body over the limit",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            big,
            StatusCode::PAYLOAD_TOO_LARGE,
            "LIMIT_EXCEEDED",
        ),
        (
            "a batch over the limit",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            batch,
            StatusCode::BAD_REQUEST,
            "LIMIT_EXCEEDED",
        ),
        (
            "a syntax error",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            query("{ institution("),
            StatusCode::BAD_REQUEST,
            "GRAPHQL_PARSE_FAILED",
        ),
        (
            "an unknown field",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            query("{ nope }"),
            StatusCode::BAD_REQUEST,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "an unknown operation",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            json!({"query": "query A { __typename }", "operationName": "B"}).to_string(),
            StatusCode::BAD_REQUEST,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        (
            "a missing variable",
            reqwest::Method::POST,
            JSON,
            GRAPHQL_RESPONSE,
            query("query ($id: ID!) { node(id: $id) { id } }"),
            StatusCode::BAD_REQUEST,
            "BAD_USER_INPUT",
        ),
    ];
    for (what, method, content_type, accept, body, status, code) in cases {
        let response = app
            .client
            .request(method, app.url("/graphql"))
            .header(header::CONTENT_TYPE, content_type)
            .header(header::ACCEPT, accept)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{what}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["extensions"]["code"], code,
            "{what}: {body}"
        );
        assert!(body.get("data").is_none(), "{what}: {body}");
    }
}

#[tokio::test]
async fn a_syntax_error_says_where_and_what_was_expected_in_one_line() {
    let app = spawn_app().await;
    let error = app.query_error("{ institution(id: \"szu\") { id ").await;
    assert_eq!(error["extensions"]["code"], "GRAPHQL_PARSE_FAILED");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.starts_with("syntax error at line 1, column 31: expected ")
            && !message.contains('\n'),
        "{message}"
    );
    assert_eq!(error["locations"], json!([{"line": 1, "column": 31}]));
}
