//! Times the search index alone on a seed: one `SearchIndex::build` on this thread (with nothing
//! else running, unlike a load, where it shares the machine with the graph build), the memory it
//! holds and its peak while building, then the mean cost of some queries; prints one JSON object.
//!
//!     cargo run --release --example search_phases -- target/bench/large.json
//!
//! With a query and a number of rounds after the seed, it searches institutions for that query
//! only, so that a profiler (`perf record -e cpu-clock`) sees little else than the search:
//!
//!     cargo run --release --example search_phases -- SEED "Univesity of Tosira" 100000
//!
//! Times are the mean wall-clock microseconds a query (`us`) and the CPU microseconds of this
//! thread (`cpu_us`, from `/proc/thread-self/schedstat`), which a busy machine inflates less.
//!
//! The queries are the HTTP benchmark's (`Univesity of Tosira` among institutions) and the
//! kinds of lookup the criterion bench times: exact, misspelt, prefix, an id, and a common word.

use std::time::Instant;

use collabgraph::{model::NodeKind, search::SearchIndex};

fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// CPU time this thread has run, in nanoseconds (the first field of its schedstat): on a shared
/// machine, unlike the wall clock, it leaves out the time other processes had the core.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Mean wall-clock and CPU microseconds of `rounds` calls of `f`, or more: as many as fill half
/// a second, so that a query of a few microseconds is timed over many calls.
fn timed(rounds: u32, mut f: impl FnMut()) -> (f64, f64) {
    let (start, cpu_start) = (Instant::now(), thread_cpu_ns());
    let mut done = 0u32;
    while done < rounds || start.elapsed().as_secs_f64() < 0.5 {
        f();
        done += 1;
    }
    let rounds = done;
    let us = start.elapsed().as_secs_f64() * 1e6 / rounds as f64;
    let cpu_us = (thread_cpu_ns() - cpu_start) as f64 / 1e3 / rounds as f64;
    (us, cpu_us)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: search_phases SEED");
    let kg = collabgraph::load_graph(std::path::Path::new(&path))
        .unwrap_or_else(|report| panic!("{report}"));
    let institution = [NodeKind::Institution];
    if let Some(query) = std::env::args().nth(2) {
        // The graph's own index: a profiler (callgrind, where a build takes minutes) then
        // sees the load and the searches only.
        let index = kg.search_index();
        let rounds: u32 = std::env::args()
            .nth(3)
            .map_or(10_000, |r| r.parse().expect("a number of rounds"));
        let (us, cpu_us) = timed(rounds, || {
            std::hint::black_box(index.search(&query, Some(&institution), 10));
        });
        println!("{{\"query\": {query:?}, \"us\": {us:.1}, \"cpu_us\": {cpu_us:.1}}}");
        return;
    }
    // The graph's own index is dropped by building a second one only after measuring the base.
    let rss_before = status("VmRSS:");
    // Resets VmHWM to the current RSS (Linux 4.0+), so the peak below is the build's own.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let start = Instant::now();
    let index = SearchIndex::build(&kg);
    let build_s = start.elapsed().as_secs_f64();
    let rss_after = status("VmRSS:");
    let peak = status("VmHWM:");

    let queries: [(&str, Option<&[NodeKind]>); 7] = [
        ("Univesity of Tosira", Some(&institution)),
        ("Univesity of Tosira", None),
        ("University of Tosira", Some(&institution)),
        ("Tosira Univ", None),
        ("ins-10037", None),
        ("sciense", Some(&institution)),
        ("university", Some(&institution)),
    ];
    let mut timings = Vec::new();
    for (query, kinds) in queries {
        let hits = index.search(query, kinds, 10);
        let (us, cpu_us) = timed(200, || {
            std::hint::black_box(index.search(std::hint::black_box(query), kinds, 10));
        });
        let top = hits
            .first()
            .map(|h| format!("{} {:.3}", h.matched, h.score))
            .unwrap_or_default();
        timings.push(format!(
            "{{\"query\": {query:?}, \"kinds\": {:?}, \"us\": {us:.1}, \"cpu_us\": {cpu_us:.1}, \"hits\": {}, \"top\": {top:?}}}",
            kinds.is_some(),
            hits.len()
        ));
    }
    println!(
        "{{\"search_build_s\": {build_s:.3}, \"search_index_mib\": {:.1}, \
         \"search_build_peak_extra_mib\": {:.1}, \"queries\": [{}]}}",
        (rss_after as f64 - rss_before as f64) / 1024.0,
        (peak as f64 - rss_before as f64) / 1024.0,
        timings.join(", ")
    );
    drop(index);
    drop(kg);
}
