//! Starting the real service for a test, and talking to it.

use std::net::SocketAddr;

use collabgraph::{bundled_seed_dir, graph::KnowledgeGraph, http, load_graph};
use serde_json::{Value, json};

/// A running server (the binary's, without its signals and reloads) on a free loopback port;
/// stops when the test's runtime ends.
pub struct TestApp {
    pub address: SocketAddr,
    pub client: reqwest::Client,
    pub state: http::AppState,
}

/// Starts the service on the bundled seed.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(bundled_graph()).await
}

/// The bundled seed's graph.
pub fn bundled_graph() -> KnowledgeGraph {
    load_graph(&bundled_seed_dir()).unwrap_or_else(|report| panic!("{report}"))
}

/// Starts the service on `graph`.
pub async fn spawn_app_with(graph: KnowledgeGraph) -> TestApp {
    spawn_app_with_settings(graph, collabgraph::config::Settings::default()).await
}

/// Starts the service on `graph` with these limits and switches.
pub async fn spawn_app_with_settings(
    graph: KnowledgeGraph,
    settings: collabgraph::config::Settings,
) -> TestApp {
    let state = http::AppState::with_settings(graph, settings);
    let server = http::Server::bind(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        state.clone(),
        http::ServeOptions::default(),
    )
    .await
    .expect("bind a loopback port");
    let address = server.local_addr();
    tokio::spawn(async move { server.run(std::future::pending()).await.expect("serve") });
    TestApp {
        address,
        client: reqwest::Client::new(),
        state,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    /// POSTs a query with variables; returns the whole response body.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("request");
        response.json().await.expect("a JSON body")
    }

    /// POSTs a query that must succeed; returns its `data`.
    pub async fn query(&self, query: &str) -> Value {
        self.query_with(query, json!({})).await
    }

    /// POSTs a query with variables that must succeed; returns its `data`.
    pub async fn query_with(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// POSTs a query that must fail; returns its first error.
    pub async fn query_error(&self, query: &str) -> Value {
        let body = self.post(query, json!({})).await;
        let errors = body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("expected errors: {body:#}"));
        errors[0].clone()
    }
}

/// The strings at `pointer` in each element of an array.
pub fn strings(array: &Value, pointer: &str) -> Vec<String> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {array}"))
        .iter()
        .map(|v| {
            v.pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("no {pointer} in {v}"))
                .to_owned()
        })
        .collect()
}

/// The `nodes` of a connection whose whole list fits on the page asked for: fails unless the
/// query also asked for `totalCount` and it is the number of `nodes`, so that nothing was cut.
pub fn whole(connection: &Value) -> &Value {
    let nodes = &connection["nodes"];
    let on_page = nodes
        .as_array()
        .unwrap_or_else(|| panic!("no nodes in {connection}"))
        .len();
    assert_eq!(
        connection["totalCount"], on_page,
        "the page holds the whole list: {connection}"
    );
    nodes
}

/// A file of the shared data beside the project (`../shared/`, or `$COLLABGRAPH_SHARED`), for
/// tests that check what we ship against the real documents. When it is absent such a test says
/// so and is skipped, unless `COLLABGRAPH_SHARED_REQUIRED` is set, as CI sets it: there a missing
/// file fails the test rather than skipping it silently.
pub fn shared_file(relative: &str) -> Option<std::path::PathBuf> {
    let root = std::env::var_os("COLLABGRAPH_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    let path = root.join(relative);
    if path.is_file() {
        return Some(path);
    }
    let message = format!(
        "{} is absent: set COLLABGRAPH_SHARED to the shared data's directory",
        path.display()
    );
    assert!(
        std::env::var_os("COLLABGRAPH_SHARED_REQUIRED").is_none(),
        "{message}"
    );
    eprintln!("SKIPPED: {message}");
    None
}
