//! The HTTP server: axum routes over the schema and the current graph snapshot.
//!
//! - `POST /graphql` and `GET /graphql`: GraphQL over HTTP, as the GraphQL-over-HTTP
//!   specification has it (its `graphql-http` audit runs in the tests). The handler is ours, on
//!   top of async-graphql's executor, so it can negotiate the response type on `Accept`
//!   (`application/graphql-response+json` or `application/json`), set status codes, refuse
//!   mutations over GET, and answer requests that never ran without a `data` entry.
//! - `GET /export/{format}`: the network (or a projection, filtered by query parameters) as
//!   Cytoscape.js JSON, graphology JSON, GEXF or GraphML, streamed as it is written.
//! - `GET /`: the GraphiQL playground, opened on an example query; `GET /explore`: the network
//!   explorer; `GET /assets/...`: their scripts and styles (all in [`web`]).
//! - `GET /healthz`: liveness, with the graph's size; `GET /readyz`: readiness (503 once
//!   shutdown has begun); `GET /metrics`: Prometheus metrics.
//!
//! Every response carries an `x-request-id` (the client's, or a new UUID), which is also in
//! every log line of the request.
//!
//! This file holds the state every handler shares ([`AppState`]), the routes ([`app`]) and CORS.
//! `graphql.rs` is the GraphQL-over-HTTP protocol, with [`limits`] (what one request may cost)
//! and [`documents`] (the parsed-query cache); `work.rs` is where the work of requests runs
//! (off the async workers, a bounded number at once, stopped by timeouts and clients leaving); `export/` reads an export's query parameters
//! and streams the view; `health.rs` answers the probes; [`metrics`], [`reload`] and [`web`]
//! (the pages) are their own; `serve.rs` runs the server ([`Server`], and [`serve`] for the
//! binary) and `connections.rs` its connections (timeouts, and a cap below the open-file
//! limit); `deadline.rs` holds a request's body to a total time.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use async_graphql::{
    ServerError,
    parser::{self, types::ExecutableDocument},
};
use axum::{
    Json, Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware,
    response::{IntoResponse, Response},
    routing::get,
};
use thread_local::ThreadLocal;
use tower::ServiceBuilder;
use tower_http::{
    cors::{AllowOrigin, CorsLayer},
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

mod connections;
mod deadline;
pub(crate) mod documents;
mod export;
mod graphql;
mod health;
pub(crate) mod limits;
pub(crate) mod metrics;
pub(crate) mod reload;
mod serve;
pub mod web;
mod work;

pub use self::serve::{ServeOptions, Server, init_tracing, serve};
use self::{
    deadline::DeadlineBody,
    documents::{Documents, Kept},
    metrics::Metrics,
    work::Workers,
};
use crate::{
    api::{CollabSchema, build_schema_trusting, build_schema_with},
    config::Settings,
    graph::KnowledgeGraph,
    snapshot::{Current, Snapshot},
};

/// Query text kept parsed by each thread, in bytes (each entry also counts 512 for its parse
/// tree): a few thousand distinct queries, a few megabytes.
const DOCUMENT_CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// What every handler shares: one `Arc`, so that handing it to a request (axum clones the state
/// for each) is one reference count to touch, not one for each part.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of an [`AppState`], reached through it.
pub struct Shared {
    schema: CollabSchema,
    /// The same schema, for documents that passed validation before: see
    /// [`crate::api::build_schema_trusting`].
    trusting_schema: CollabSchema,
    /// The snapshot requests read.
    current: Current,
    settings: Settings,
    /// Shared with the metrics middleware, which holds it as its own state.
    metrics: Arc<Metrics>,
    /// Parsed queries by their text, so that a query sent again is not parsed again: one cache
    /// per thread. A document's names are reference-counted strings, and every request copies
    /// its document and the answer's keys from it; with one cache for all threads, both cores
    /// incremented and decremented the same counts, each write taking the cache line from the
    /// other core (a large share of the server's time on queries with many names, by perf).
    documents: ThreadLocal<Documents>,
    /// False once shutdown has begun, so /readyz tells load balancers to stop sending.
    ready: AtomicBool,
    /// Where the work of requests runs (see [`work`]).
    workers: Workers,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// State serving `graph` with the default settings.
    pub fn new(graph: KnowledgeGraph) -> Self {
        Self::with_settings(graph, Settings::default())
    }

    /// State serving `graph` with these limits and switches.
    pub fn with_settings(graph: KnowledgeGraph, settings: Settings) -> Self {
        let metrics = Arc::new(Metrics::default());
        metrics.graph_loaded(&graph);
        AppState(Arc::new(Shared {
            schema: build_schema_with(&settings),
            trusting_schema: build_schema_trusting(&settings),
            current: Current::new(graph),
            metrics,
            documents: ThreadLocal::new(),
            ready: AtomicBool::new(true),
            workers: Workers::new(&settings.limits),
            settings,
        }))
    }

    /// The parsed document of `query`, checked against the length and shape limits: kept from
    /// an earlier request, or parsed now.
    fn document(&self, query: &str) -> Result<(ExecutableDocument, Arc<Kept>), Vec<ServerError>> {
        let limits = &self.settings.limits;
        limits::check_length(query, limits).map_err(|e| vec![e])?;
        let documents = self
            .documents
            .get_or(|| Documents::new(DOCUMENT_CACHE_BYTES));
        documents.get_or_parse(query, |query| {
            let document = parser::parse_query(query).map_err(|e| vec![graphql::parse_error(e)])?;
            limits::check_shape(&document, limits).map_err(|e| vec![e])?;
            Ok(document)
        })
    }

    /// The snapshot requests read now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load()
    }

    /// The graph of the snapshot requests read now.
    pub fn graph(&self) -> Arc<KnowledgeGraph> {
        self.current.load().graph().clone()
    }

    /// Replaces the graph; requests in flight keep the snapshot they started with.
    pub fn replace_graph(&self, graph: KnowledgeGraph) {
        self.metrics.graph_loaded(&graph);
        self.current.replace(graph);
    }

    /// The settings the service runs with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The service's metrics.
    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    /// Marks the service as stopping: /readyz answers 503 from now on.
    pub fn stopping(&self) {
        self.ready.store(false, Ordering::Relaxed);
    }
}

/// The application's routes, ready to serve or to call from tests.
pub fn app(state: AppState) -> Router {
    let settings = &state.settings;
    let body_timeout = Duration::from_secs(settings.limits.body_timeout);
    web::routes(settings)
        .route(
            "/graphql",
            get(graphql::graphql_get)
                .post(graphql::graphql_post)
                .fallback(graphql::graphql_other_method),
        )
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::metrics_text))
        .route("/export/{format}", get(export::export_graph))
        // One stack, applied once: each `Router::layer` would box every route again, and a
        // request would clone each box on its way in.
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(
                    |request: &axum::extract::Request| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id = %id)
                    },
                ))
                .layer(PropagateRequestIdLayer::x_request_id())
                // No CORS at all unless origins are configured: browsers then keep pages of other
                // origins from reading answers, as they do for any server without CORS headers.
                .option_layer(cors(&settings.cors_origins))
                // Bodies are read by extractors, which stop at this size; /graphql answers the
                // 413 itself.
                .layer(DefaultBodyLimit::max(settings.limits.max_body_bytes))
                // A body not whole within the body timeout of its headers fails its extractor
                // (a 4xx), and frees the connection.
                .map_request(move |request: axum::extract::Request| {
                    request.map(|body| axum::body::Body::new(DeadlineBody::new(body, body_timeout)))
                })
                .layer(middleware::from_fn_with_state(
                    state.metrics.clone(),
                    metrics::track,
                )),
        )
        .with_state(state)
}

/// CORS for the configured origins (`*` for any), or none when there are none.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([HeaderName::from_static("x-request-id")]);
    Some(if origins.iter().any(|o| o == "*") {
        layer.allow_origin(AllowOrigin::any())
    } else {
        let list: Vec<HeaderValue> = origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        layer.allow_origin(AllowOrigin::list(list))
    })
}

/// An error of a plain HTTP route: `{"error": "..."}` with the status. The body of every such
/// error is written here.
fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::types::{DocumentOperations, Selection};

    use super::*;

    /// Where the text of the first field's name of `query`'s document, as the state hands it
    /// out, is held, and the kept entry (which keeps that text alive, so that no other text can
    /// take its place while the answer is compared).
    fn first_name_at(state: &AppState, query: &str) -> (usize, Arc<Kept>) {
        let (document, kept) = state.document(query).unwrap();
        let DocumentOperations::Single(operation) = &document.operations else {
            panic!("one operation")
        };
        let Selection::Field(field) = &operation.node.selection_set.node.items[0].node else {
            panic!("a field first")
        };
        (field.node.name.node.as_str().as_ptr() as usize, kept)
    }

    /// A thread is handed copies of its own kept document, sharing their names with each other
    /// but not with another thread's: two cores counting references to the same names took
    /// turns at their cache lines on every request.
    #[test]
    fn each_thread_keeps_documents_of_its_own() {
        let state = AppState::new(crate::graph::tests::bundled());
        let query = "{ stats { nodes } }";
        let here = first_name_at(&state, query);
        let again = first_name_at(&state, query);
        assert!(Arc::ptr_eq(&here.1, &again.1), "kept, not parsed again");
        assert_eq!(here.0, again.0);
        let there = std::thread::scope(|scope| {
            scope
                .spawn(|| [first_name_at(&state, query), first_name_at(&state, query)])
                .join()
                .unwrap()
        });
        assert!(Arc::ptr_eq(&there[0].1, &there[1].1));
        assert!(!Arc::ptr_eq(&there[0].1, &here.1));
        assert_ne!(there[0].0, here.0);
    }
}
