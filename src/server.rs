//! The HTTP server: axum routes over the schema and the current graph snapshot.
//!
//! - `POST /graphql` and `GET /graphql`: GraphQL over HTTP. The handler is ours, on top of
//!   async-graphql's executor, so it can negotiate the response type on `Accept`
//!   (`application/graphql-response+json` or `application/json`) and set status codes.
//! - `GET /export/{format}`: the network (or a projection, filtered by query parameters) as
//!   Cytoscape.js JSON, graphology JSON, GEXF or GraphML, streamed as it is written.
//! - `GET /`: the GraphiQL playground, opened on an example query.
//! - `GET /healthz`: liveness, with the graph's size.

use std::{
    io::{self, Write},
    sync::Arc,
    time::Duration,
};

use arc_swap::ArcSwap;
use async_graphql::{BatchRequest, BatchResponse};
use axum::{
    Json, Router,
    body::{Body, Bytes},
    extract::{Path, Query, RawQuery, State, rejection::QueryRejection},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Response},
    routing::get,
};
use tower_http::{limit::RequestBodyLimitLayer, trace::TraceLayer};

use crate::{
    api::{CollabSchema, Snapshot, build_schema},
    export::{self, Format},
    graph::KnowledgeGraph,
    network::{self, ViewError},
};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Most operations in one batched request.
pub const MAX_BATCH: usize = 10;

/// The query the playground opens with.
pub const EXAMPLE_QUERY: &str = r#"# Welcome to collabgraph. Press the run button (or Ctrl-Enter).
# Who signed KazNU's memoranda, for whom, and what do they cover?
{
  institution(name: "KazNU") {
    name
    country
    collaborators {
      weight
      partner { name founded { year } }
      agreements {
        title
        signed { date { value } qualifier }
        signatories { person { name } onBehalfOf { name } role }
        activities { kind description }
      }
      labs { name status }
    }
  }
}
"#;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    schema: CollabSchema,
    // ArcSwap, not a lock: each request takes the current snapshot once, without waiting, and a
    // new graph replaces the old one in a single atomic store while old requests finish on theirs.
    graph: Arc<ArcSwap<KnowledgeGraph>>,
}

impl AppState {
    /// State serving `graph`.
    pub fn new(graph: KnowledgeGraph) -> Self {
        AppState {
            schema: build_schema(),
            graph: Arc::new(ArcSwap::from_pointee(graph)),
        }
    }

    /// The graph requests read now.
    pub fn graph(&self) -> Arc<KnowledgeGraph> {
        self.graph.load_full()
    }

    /// Replaces the graph; requests in flight keep the snapshot they started with.
    pub fn replace_graph(&self, graph: KnowledgeGraph) {
        self.graph.store(Arc::new(graph));
    }
}

/// The application's routes, ready to serve or to call from tests.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(playground))
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/healthz", get(healthz))
        .route("/export/{format}", get(export_graph))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn playground() -> Html<String> {
    let page = include_str!("assets/playground.html");
    let query = serde_json::to_string(EXAMPLE_QUERY).expect("a string serializes");
    // JSON inside <script>: keep "</" from closing the element.
    Html(page.replace("__DEFAULT_QUERY__", &query.replace("</", "<\\/")))
}

async fn healthz(State(state): State<AppState>) -> Json<serde_json::Value> {
    let graph = state.graph();
    Json(serde_json::json!({
        "status": "ok",
        "nodes": graph.node_count(),
        "relations": graph.edge_count(),
    }))
}

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// Which media type to answer with: `application/graphql-response+json` when the client asks
/// for it (or for anything), `application/json` when it asks only for that, as older clients do.
fn response_type(headers: &HeaderMap) -> &'static str {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if accept.contains(GRAPHQL_RESPONSE) || accept.is_empty() || !accept.contains(JSON) {
        GRAPHQL_RESPONSE
    } else {
        JSON
    }
}

/// A response carrying GraphQL-shaped errors, for requests that never reached the executor.
fn request_error(status: StatusCode, media: &'static str, message: impl Into<String>) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message.into(), "extensions": { "code": "BAD_REQUEST" } }] });
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(media))],
        body.to_string(),
    )
        .into_response()
}

async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let media = response_type(&headers);
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with(JSON) {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            media,
            "POST /graphql takes a JSON body with Content-Type: application/json",
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                format!("the body is not a GraphQL request: {err}"),
            );
        }
    };
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > MAX_BATCH
    {
        return request_error(
            StatusCode::BAD_REQUEST,
            media,
            format!(
                "a batch holds at most {MAX_BATCH} operations, this one has {}",
                requests.len()
            ),
        );
    }
    execute(&state, batch, media).await
}

async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let media = response_type(&headers);
    let request = match async_graphql::http::parse_query_string(query.as_deref().unwrap_or("")) {
        Ok(request) => request,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                media,
                format!("bad GraphQL GET request: {err}"),
            );
        }
    };
    if request.query.trim().is_empty() {
        return request_error(
            StatusCode::BAD_REQUEST,
            media,
            "GET /graphql needs a `query` parameter",
        );
    }
    execute(&state, BatchRequest::Single(request), media).await
}

async fn execute(state: &AppState, batch: BatchRequest, media: &'static str) -> Response {
    let batch = batch.data(Snapshot(state.graph()));
    let response =
        tokio::time::timeout(Duration::from_secs(10), state.schema.execute_batch(batch)).await;
    let Ok(response) = response else {
        return request_error(
            StatusCode::SERVICE_UNAVAILABLE,
            media,
            "the request took longer than 10 s",
        );
    };
    // With the GraphQL response type, a request that never executed (it did not parse or
    // validate) is a client error; with plain JSON it is 200, as older clients expect.
    let status = match &response {
        BatchResponse::Single(r)
            if media == GRAPHQL_RESPONSE && r.data == async_graphql::Value::Null && r.is_err() =>
        {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    };
    let body = serde_json::to_vec(&response).expect("a GraphQL response serializes");
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(media))],
        body,
    )
        .into_response()
}

/// An error of a plain HTTP route: `{"error": "..."}` with the status.
fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// Bytes of an export sent to the client at a time.
const EXPORT_CHUNK: usize = 64 * 1024;

/// An `io::Write` that hands what is written to the response body in chunks, from a blocking
/// task; a client that went away makes the next write fail, which stops the writer.
struct BodyWriter {
    buffer: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
}

impl BodyWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(EXPORT_CHUNK),
        ));
        self.sender
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for BodyWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= EXPORT_CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// `GET /export/{format}`: checks the parameters, builds the view and its measures off the
/// async workers, then streams the file as the writer produces it.
async fn export_graph(
    State(state): State<AppState>,
    Path(format): Path<String>,
    params: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Some(format) = Format::from_name(&format) else {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        return json_error(
            StatusCode::NOT_FOUND,
            format!(
                "there is no export format {format:?}; use one of {}",
                names.join(", ")
            ),
        );
    };
    let params = match params {
        Ok(Query(params)) => params,
        Err(err) => return json_error(StatusCode::BAD_REQUEST, err.body_text()),
    };
    let graph = state.graph();
    let filter = match export::filter_from_params(&graph, &params) {
        Ok(filter) => filter,
        Err(err) => {
            let body = serde_json::json!({ "error": err.to_string(), "parameter": err.parameter });
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    };
    let projection = filter.projection;
    let built = tokio::task::spawn_blocking({
        let graph = graph.clone();
        move || {
            network::view(&graph, &filter).inspect(|view| {
                view.measures();
            })
        }
    })
    .await;
    let view = match built {
        Ok(Ok(view)) => view,
        Ok(Err(err @ ViewError::TooLarge { .. })) => {
            return json_error(StatusCode::PAYLOAD_TOO_LARGE, err.to_string());
        }
        Err(err) => {
            tracing::error!(error = %err, "building a view for an export failed");
            return json_error(StatusCode::INTERNAL_SERVER_ERROR, "the export failed");
        }
    };
    let truncated = view.truncated;

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(4);
    tokio::task::spawn_blocking(move || {
        let mut out = BodyWriter {
            buffer: Vec::with_capacity(EXPORT_CHUNK),
            sender: sender.clone(),
        };
        let written = export::write(format, &view, &graph, &mut out).and_then(|()| out.flush());
        if let Err(err) = written
            && err.kind() != io::ErrorKind::BrokenPipe
        {
            tracing::error!(error = %err, "writing an export failed");
            // An error item ends the body early, so the client sees a broken download.
            let _ = sender.blocking_send(Err(err));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let filename = format!(
        "collabgraph-{}.{}",
        export::projection_name(projection),
        format.extension()
    );
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.media_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
                    .expect("the file name is ASCII"),
            ),
            (
                header::HeaderName::from_static("x-collabgraph-truncated"),
                HeaderValue::from_static(if truncated { "true" } else { "false" }),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response()
}
