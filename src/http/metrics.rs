//! Prometheus metrics: requests, latency, GraphQL errors by code, graph size, reloads; the
//! middleware that counts requests and the `/metrics` handler.
//!
//! prometheus-client (the Prometheus project's Rust client) keeps a registry per service
//! rather than a process-wide one, so every server a test starts counts on its own.

use std::{sync::Arc, time::Instant};

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::{IntoResponse, Response as HttpResponse},
};
use prometheus_client::{
    encoding::EncodeLabelSet,
    metrics::{
        counter::Counter,
        family::Family,
        gauge::Gauge,
        histogram::{Histogram, exponential_buckets},
    },
    registry::Registry,
};

use super::AppState;
use crate::graph::KnowledgeGraph;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ResultLabels {
    result: String,
}

/// The service's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    graphql_errors: Family<CodeLabels, Counter>,
    nodes: Gauge,
    relations: Gauge,
    reloads: Family<ResultLabels, Counter>,
}

fn latency_histogram() -> Histogram {
    // 0.1 ms to about 6.5 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 17))
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("collabgraph");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            latency_histogram as fn() -> Histogram,
        );
        let graphql_errors = Family::<CodeLabels, Counter>::default();
        let nodes = Gauge::default();
        let relations = Gauge::default();
        let reloads = Family::<ResultLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "graphql_errors",
            "GraphQL errors by extensions.code",
            graphql_errors.clone(),
        );
        registry.register(
            "graph_nodes",
            "Nodes in the graph being served",
            nodes.clone(),
        );
        registry.register(
            "graph_relations",
            "Relations in the graph being served",
            relations.clone(),
        );
        registry.register(
            "reloads",
            "Seed reloads by result (ok, rejected)",
            reloads.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            graphql_errors,
            nodes,
            relations,
            reloads,
        }
    }
}

impl Metrics {
    /// The metrics in Prometheus' text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }

    /// Records the size of the graph now served.
    pub fn graph_loaded(&self, graph: &KnowledgeGraph) {
        self.nodes.set(graph.node_count() as i64);
        self.relations.set(graph.edge_count() as i64);
    }

    /// Counts a reload, `ok` or `rejected`.
    pub fn reloaded(&self, ok: bool) {
        let result = if ok { "ok" } else { "rejected" };
        self.reloads
            .get_or_create(&ResultLabels {
                result: result.into(),
            })
            .inc();
    }

    pub(crate) fn graphql_error(&self, code: &str) {
        self.graphql_errors
            .get_or_create(&CodeLabels { code: code.into() })
            .inc();
    }
}

/// Axum middleware counting every request and timing it, by its route pattern (not its URL,
/// so ids in paths do not grow the label set).
pub(crate) async fn track(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> HttpResponse {
    let started = Instant::now();
    let method = method_label(request.method()).to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(request).await.into_response();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status: response.status().as_u16(),
        })
        .inc();
    metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// A request's method as a label: the standard ones by name, any other as `other`, so that
/// clients inventing methods cannot grow the label set.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    const KNOWN: [Method; 9] = [
        Method::GET,
        Method::POST,
        Method::HEAD,
        Method::OPTIONS,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::CONNECT,
        Method::TRACE,
    ];
    KNOWN
        .iter()
        .find(|known| *known == method)
        .map_or("other", Method::as_str)
}

/// `GET /metrics`: the metrics in Prometheus' text format.
pub(super) async fn metrics_text(State(state): State<AppState>) -> HttpResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_in_prometheus_text_format() {
        let metrics = Metrics::default();
        metrics.reloaded(true);
        metrics.graphql_error("LIMIT_EXCEEDED");
        let text = metrics.render();
        assert!(
            text.contains("collabgraph_reloads_total{result=\"ok\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("collabgraph_graphql_errors_total{code=\"LIMIT_EXCEEDED\"} 1"),
            "{text}"
        );
        assert!(text.contains("collabgraph_graph_nodes 0"), "{text}");
    }

    #[test]
    fn invented_methods_share_one_label() {
        use axum::http::Method;
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(method_label(&Method::OPTIONS), "OPTIONS");
        for invented in ["FOO", "GETX", "BREW"] {
            let method = Method::from_bytes(invented.as_bytes()).unwrap();
            assert_eq!(method_label(&method), "other", "{invented}");
        }
    }
}
