//! The probes: `/healthz` (liveness, with the graph's size) and `/readyz` (readiness, which
//! turns 503 once shutdown has begun).

use std::sync::atomic::Ordering;

use axum::{
    Json,
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::AppState;

/// `GET /readyz`: ready until shutdown begins, then 503, so that load balancers stop sending.
pub(super) async fn readyz(State(state): State<AppState>) -> Response {
    if state.ready.load(Ordering::Relaxed) {
        (StatusCode::OK, Json(serde_json::json!({"status": "ready"}))).into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "stopping"})),
        )
            .into_response()
    }
}

/// `GET /healthz`: alive, with the size of the graph being served.
pub(super) async fn healthz(State(state): State<AppState>) -> Json<serde_json::Value> {
    let snapshot = state.snapshot();
    let graph = snapshot.graph();
    Json(serde_json::json!({
        "status": "ok",
        "nodes": graph.node_count(),
        "relations": graph.edge_count(),
    }))
}
