//! Arbitrary bytes sent through the real router (`collabgraph::http::app`) over the bundled
//! seed, as a POST /graphql body or a GET query string: every answer is a JSON body with a
//! status below 500, and nothing panics.
//!
//! The first byte chooses how the rest is sent, and the headers:
//!
//! | first byte % 6 | request |
//! | --- | --- |
//! | 0 | POST /graphql, the rest as the body |
//! | 1 | GET /graphql?rest (bytes a URI cannot hold are percent-encoded) |
//! | 2 | POST /graphql, body `{"query": rest}`: the rest as GraphQL, past the JSON syntax |
//! | 3 | GET /graphql?query=rest, percent-encoded: GraphQL again |
//! | 4 | POST /graphql, `{"query": q, "variables": v}` with the rest split at the first NUL |
//! | 5 | GET /export/{format}?rest, the format chosen by the next byte |
//!
//! Bits 3-4 of the first byte choose the Content-Type of a POST, bits 5-6 the Accept header.

#![no_main]

use std::sync::OnceLock;

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, header},
};
use collabgraph::{bundled_seed_dir, http, load_graph};
use libfuzzer_sys::fuzz_target;
use tokio::runtime::Runtime;
use tower::ServiceExt;

const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("text/plain"),
    None,
];
const ACCEPTS: [Option<&str>; 4] = [
    None,
    Some("application/graphql-response+json"),
    Some("application/json"),
    Some("text/html, */*;q=0.1"),
];
const EXPORT_FORMATS: [&str; 5] = ["cytoscape", "graphology", "gexf", "graphml", "nope"];

struct Service {
    runtime: Runtime,
    app: Router,
}

fn service() -> &'static Service {
    static SERVICE: OnceLock<Service> = OnceLock::new();
    SERVICE.get_or_init(|| {
        let graph = load_graph(&bundled_seed_dir()).unwrap_or_else(|report| panic!("{report}"));
        Service {
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime"),
            app: http::app(http::AppState::new(graph)),
        }
    })
}

/// Percent-encodes what a URI's query cannot hold, keeping `%`, `&`, `=` and `+` as they are so
/// that malformed escapes and odd pairs still reach the parsers.
fn query_part(bytes: &[u8], keep_structure: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        let plain = b.is_ascii_alphanumeric()
            || b"-._~!$'()*,;:@/?".contains(&b)
            || (keep_structure && b"%&=+".contains(&b));
        if plain {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn json_string(bytes: &[u8]) -> String {
    serde_json::Value::String(String::from_utf8_lossy(bytes).into_owned()).to_string()
}

fuzz_target!(|data: &[u8]| {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let content_type = CONTENT_TYPES[(head >> 3) as usize & 3];
    let accept = ACCEPTS[(head >> 5) as usize & 3];
    let (method, uri, body) = match head % 6 {
        0 => ("POST", "/graphql".to_owned(), rest.to_vec()),
        1 => (
            "GET",
            format!("/graphql?{}", query_part(rest, true)),
            Vec::new(),
        ),
        2 => {
            let body = format!("{{\"query\":{}}}", json_string(rest));
            ("POST", "/graphql".to_owned(), body.into_bytes())
        }
        3 => {
            let uri = format!("/graphql?query={}", query_part(rest, false));
            ("GET", uri, Vec::new())
        }
        4 => {
            let (query, variables) = match rest.iter().position(|&b| b == 0) {
                Some(at) => (&rest[..at], &rest[at + 1..]),
                None => (rest, &b"{}"[..]),
            };
            let mut body =
                format!("{{\"query\":{},\"variables\":", json_string(query)).into_bytes();
            body.extend_from_slice(variables);
            body.push(b'}');
            ("POST", "/graphql".to_owned(), body)
        }
        _ => {
            let Some((&format, query)) = rest.split_first() else {
                return;
            };
            let format = EXPORT_FORMATS[format as usize % EXPORT_FORMATS.len()];
            let uri = format!("/export/{format}?{}", query_part(query, true));
            ("GET", uri, Vec::new())
        }
    };
    let mut request = Request::builder().method(method).uri(uri.as_str());
    if method == "POST"
        && let Some(content_type) = content_type
    {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    if let Some(accept) = accept {
        request = request.header(header::ACCEPT, accept);
    }
    // A URI the http crate refuses never reaches a server; nothing to test.
    let Ok(request) = request.body(Body::from(body)) else {
        return;
    };
    let service = service();
    let (status, body) = service.runtime.block_on(async {
        let response = service
            .app
            .clone()
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let body = to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the body can be read");
        (status, body)
    });
    assert!(
        !status.is_server_error(),
        "{method} {uri}: {status}: {}",
        String::from_utf8_lossy(&body)
    );
    if head % 6 != 5 || status.is_client_error() {
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&body);
        assert!(
            parsed.is_ok(),
            "{method} {uri}: {status}: the body is not JSON: {}",
            String::from_utf8_lossy(&body)
        );
    }
});
