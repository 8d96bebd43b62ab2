//! `GET /export/{format}`: the view the query parameters ask for, written by [`crate::export`]
//! and streamed to the client as it is written. `params.rs` reads the query parameters into a
//! network filter.

mod params;

use std::{
    io::{self, Write},
    time::Duration,
};

use tokio::sync::mpsc::error::SendTimeoutError;

use axum::{
    Json,
    body::{Body, Bytes},
    extract::{Path, Query, State, rejection::QueryRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    AppState, json_error,
    work::{RETRY_AFTER, Refused, Weight, finish},
};
use crate::{
    export::{self, Format},
    network::ViewError,
};

/// Bytes of an export sent to the client at a time.
const EXPORT_CHUNK: usize = 64 * 1024;

/// An `io::Write` that hands what is written to the response body in chunks, from a blocking
/// task; a client that went away makes the next write fail, which stops the writer.
struct BodyWriter {
    buffer: Vec<u8>,
    sender: tokio::sync::mpsc::Sender<io::Result<Bytes>>,
    /// Longest a client may take to read the next chunk before it is dropped.
    stall: Duration,
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
        // A client that stops reading is given up on after a while, so that its export does
        // not hold a thread, and the snapshot it was started on, for as long as it likes.
        finish(self.sender.send_timeout(Ok(chunk), self.stall)).map_err(|error| match error {
            SendTimeoutError::Timeout(_) => io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the export",
            ),
            SendTimeoutError::Closed(_) => {
                io::Error::new(io::ErrorKind::BrokenPipe, "the client went away")
            }
        })
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
pub(super) async fn export_graph(
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
    let snapshot = state.snapshot();
    let filter = match params::filter_from_params(snapshot.graph(), &params) {
        Ok(filter) => filter,
        Err(err) => {
            let body = serde_json::json!({ "error": err.to_string(), "parameter": err.parameter });
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    };
    let projection = filter.projection;
    let built = state
        .workers
        .run(Weight::Heavy, state.settings.limits.request_timeout, {
            let snapshot = snapshot.clone();
            move |interrupt| {
                let view = snapshot.view(&filter, &interrupt)?;
                view.measures(&interrupt)?;
                Ok::<_, ViewError>(view)
            }
        })
        .await;
    let view = match built {
        Ok(Ok(view)) => view,
        Ok(Err(err @ ViewError::TooLarge { .. })) => {
            return json_error(StatusCode::PAYLOAD_TOO_LARGE, err.to_string());
        }
        Ok(Err(ViewError::Interrupted(_))) | Err(Refused::TimedOut) => {
            return json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the export took longer than {} s to prepare",
                    state.settings.limits.request_timeout.as_secs_f64()
                ),
            );
        }
        Err(Refused::Busy) => {
            let mut busy = json_error(
                StatusCode::SERVICE_UNAVAILABLE,
                "the service is running and queueing as many heavy requests as it takes; try \
                 again in a moment",
            );
            busy.headers_mut().insert(header::RETRY_AFTER, RETRY_AFTER);
            return busy;
        }
    };
    let truncated = view.truncated;

    let (sender, mut receiver) = tokio::sync::mpsc::channel::<io::Result<Bytes>>(4);
    let stall = Duration::from_secs(state.settings.limits.stall_timeout);
    tokio::task::spawn_blocking(move || {
        let mut out = BodyWriter {
            buffer: Vec::with_capacity(EXPORT_CHUNK),
            sender: sender.clone(),
            stall,
        };
        let written =
            export::write(format, &view, snapshot.graph(), &mut out).and_then(|()| out.flush());
        if let Err(err) = written
            && !matches!(
                err.kind(),
                io::ErrorKind::BrokenPipe | io::ErrorKind::TimedOut
            )
        {
            tracing::error!(error = %err, "writing an export failed");
            // An error item ends the body early, so the client sees a broken download.
            let _ = sender.blocking_send(Err(err));
        }
    });
    let stream = futures_util::stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let filename = format!(
        "collabgraph-{}.{}",
        params::projection_name(projection),
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
