//! What the fuzz targets check, shared between them.
//!
//! A seed loader must answer every input with a seed or a report, and a report must say where
//! each problem is: a file that was given, and a line and column inside that file's text (both
//! 1-based, in characters), or 0:0 for a problem about the whole file. A seed that loads must
//! build a graph, and everything the service computes from a graph must work on it.

use std::io;

use collabgraph::interrupt::Interrupt;
use collabgraph::{
    export::{self, Format},
    graph::KnowledgeGraph,
    model::{NodeKind, NodeRef},
    network::{self, NetworkFilter, Projection, ViewCache},
    seed::{self, SeedReport},
};

/// Loads `files` (name, text) as one seed. On a report, checks every problem's position; on a
/// seed, builds the graph and, if `deep`, every view, measure and export of it.
pub fn check_load(files: &[(&str, &str)], deep: bool) {
    match seed::load_texts(files) {
        Ok(seed) => {
            let kg = KnowledgeGraph::new(seed);
            if deep {
                exercise(&kg);
            }
        }
        Err(report) => check_report(files, &report),
    }
}

/// Every problem names a given file and a position that exists in it.
pub fn check_report(files: &[(&str, &str)], report: &SeedReport) {
    assert!(!report.problems.is_empty(), "a report without problems");
    let _ = report.to_string();
    for problem in &report.problems {
        let text = files
            .iter()
            .find(|(name, _)| problem.file.as_os_str() == *name)
            .map(|(_, text)| *text)
            .unwrap_or_else(|| panic!("{problem}: not one of the files given"));
        if problem.line == 0 {
            assert_eq!(problem.column, 0, "{problem}: a column without a line");
            continue;
        }
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(
            problem.line <= lines.len(),
            "{problem}: the file has {} lines",
            lines.len()
        );
        let width = lines[problem.line - 1].chars().count();
        assert!(
            (1..=width + 1).contains(&problem.column),
            "{problem}: line {} has {width} characters",
            problem.line
        );
    }
}

/// Builds every kind of view of `kg`, measures it and writes it in every export format; also a
/// neighbourhood, a path and a search, as the API would.
pub fn exercise(kg: &KnowledgeGraph) {
    // A fresh cache, as after a reload: every view is built, none is served from the cache.
    let cache = ViewCache::default();
    for projection in [
        Projection::Full,
        Projection::Institutions,
        Projection::Countries,
    ] {
        let filter = NetworkFilter {
            projection,
            limit: network::MAX_VIEW_NODES,
            ..NetworkFilter::default()
        };
        let Ok(view) = network::view(kg, &cache, &filter, Interrupt::never()) else {
            continue;
        };
        view.measures(Interrupt::never()).unwrap();
        view.costly_measures(Interrupt::never()).unwrap();
        for format in Format::ALL {
            export::write(format, &view, kg, &mut io::sink()).expect("writing to a sink");
        }
    }
    let institutions = kg.len(NodeKind::Institution);
    if institutions > 0 {
        let first = NodeRef {
            kind: NodeKind::Institution,
            index: 0,
        };
        let last = NodeRef {
            kind: NodeKind::Institution,
            index: institutions - 1,
        };
        let ego = NetworkFilter {
            seed: Some((first, 2)),
            limit: 50,
            ..NetworkFilter::default()
        };
        if let Ok(view) = network::view(kg, &cache, &ego, Interrupt::never()) {
            view.measures(Interrupt::never()).unwrap();
        }
        let _ = network::shortest_path(kg, first, last, &[], 12, Interrupt::never());
        let _ = network::simple_paths(kg, first, last, &[], 4, 20, Interrupt::never());
    }
    let index = kg.search_index();
    for text in ["university", "Al-Farabi", "", "ü"] {
        index.search(text, None, 10);
    }
}
