//! The CPU cost of answering each query of a file through the whole router (middleware,
//! limits, GraphQL, JSON), without sockets: what a request costs the server beyond the kernel's
//! TCP, measured in one thread so that a side-by-side comparison of two builds is not at the
//! mercy of how a load generator and the server share the cores.
//!
//!     cargo run --release --example query_cost -- SEED QUERIES.json [ROUNDS]
//!
//! QUERIES.json is an object of names to query texts (the HTTP mix's `benches/http/queries.json`
//! after its `$` variables are filled in). Each query is timed in five turns of ROUNDS requests
//! (default 20,000), in rotation with the other queries, as the mean CPU microseconds of this
//! thread per request (`/proc/thread-self/schedstat`). Prints one line a query: the least turn,
//! the median turn, all five, and the answer's size. On a shared machine noise only adds, so the
//! least is the steadier figure to compare builds by.

use axum::body::Body;
use collabgraph::http::{AppState, app};
use tower::ServiceExt;

// The server's allocator, so that allocation costs what it costs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time this thread has run, in nanoseconds (the first field of its schedstat).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: query_cost SEED QUERIES.json [ROUNDS]";
    let seed = args.next().expect(usage);
    let queries = args.next().expect(usage);
    let rounds: u32 = args
        .next()
        .map_or(20_000, |r| r.parse().expect("a number of rounds"));
    let queries: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&queries).expect("the queries file"))
            .expect("an object of names to queries");

    let graph = collabgraph::load_graph(std::path::Path::new(&seed))
        .unwrap_or_else(|report| panic!("{report}"));
    let router = app(AppState::new(graph));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");

    // Each query is timed in turns with the others, so that a moment of noise on a shared
    // machine moves one turn, not the answer.
    const TURNS: usize = 5;
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
    let mut sizes = vec![0; queries.len()];
    for _ in 0..TURNS {
        for (n, (name, query)) in queries.iter().enumerate() {
            let body = serde_json::to_vec(&serde_json::json!({ "query": query })).expect("json");
            let answer = |router: axum::Router| {
                let request = axum::http::Request::post("/graphql")
                    .header("content-type", "application/json")
                    .body(Body::from(body.clone()))
                    .expect("a request");
                async move {
                    let response = router.oneshot(request).await.expect("infallible");
                    assert!(
                        response.status().is_success(),
                        "{name}: {}",
                        response.status()
                    );
                    axum::body::to_bytes(response.into_body(), usize::MAX)
                        .await
                        .expect("a body")
                }
            };
            // The first answer warms the document caches, as the benchmark's first request does.
            let first = runtime.block_on(answer(router.clone()));
            assert!(
                !first.windows(9).any(|w| w == b"\"errors\":"),
                "{name} failed: {}",
                String::from_utf8_lossy(&first)
            );
            sizes[n] = first.len();
            let cpu_start = thread_cpu_ns();
            runtime.block_on(async {
                for _ in 0..rounds {
                    std::hint::black_box(answer(router.clone()).await);
                }
            });
            times[n].push((thread_cpu_ns() - cpu_start) as f64 / 1e3 / rounds as f64);
        }
    }
    for (n, name) in queries.keys().enumerate() {
        let turns = &mut times[n];
        turns.sort_by(f64::total_cmp);
        let all: Vec<String> = turns.iter().map(|t| format!("{t:.1}")).collect();
        println!(
            "{name}\t{:.1} µs CPU at the least, {:.1} the median (of {TURNS}: {})\t{} bytes",
            turns[0],
            turns[TURNS / 2],
            all.join(" "),
            sizes[n]
        );
    }
}
