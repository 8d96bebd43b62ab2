//! Properties of paging, checked on generated seeds through the real router (no socket: each
//! request goes to `http::app` with `tower::ServiceExt::oneshot`).
//!
//! Paging forward through `institutions` or `topics` with random page sizes returns every item
//! exactly once, in the order of the whole list, with a constant `totalCount` and page info that
//! agrees with the edges; paging backward from the end gives the same list; a window between two
//! cursors is the slice between them.

use axum::{
    Router,
    body::{Body, to_bytes},
    http::{Request, header},
};
use collabgraph::{graph::KnowledgeGraph, http, model, seed::load_texts};
use proptest::prelude::*;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Names from a small set, so that generated lists have ties (and names that differ only in
/// case or accents, which the name order folds together).
const NAMES: [&str; 8] = [
    "Institute of Physics",
    "institute of physics",
    "Université Libre",
    "Universite Libre",
    "Al-Farabi University",
    "Academy of Sciences",
    "Zhejiang University",
    "Ålesund College",
];
const KINDS: [&str; 6] = [
    "university",
    "research_institute",
    "academy",
    "company",
    "government",
    "other",
];

/// One generated institution: name, country, kind and founding year, each by index.
type InstitutionSpec = (usize, usize, usize, Option<u16>);

fn seed_json(institutions: &[InstitutionSpec], topics: &[usize]) -> String {
    let countries: Vec<&str> = model::country_codes().take(5).collect();
    let institutions: Vec<Value> = institutions
        .iter()
        .enumerate()
        .map(|(i, &(name, country, kind, founded))| {
            let mut record = json!({
                "id": format!("inst-{i}"),
                "name": format!("{} {}", NAMES[name], i % 3),
                "kind": KINDS[kind],
                "country": countries[country],
            });
            if let Some(year) = founded {
                record["founded"] = json!({ "year": 1900 + year });
            }
            record
        })
        .collect();
    let topics: Vec<Value> = topics
        .iter()
        .enumerate()
        .map(|(i, &name)| json!({ "id": format!("topic-{i}"), "name": NAMES[name] }))
        .collect();
    json!({ "version": 1, "institutions": institutions, "topics": topics }).to_string()
}

/// The real router over a generated graph, and a runtime to call it on.
struct Api {
    app: Router,
    runtime: tokio::runtime::Runtime,
}

impl Api {
    fn new(seed: &str) -> Api {
        let seed = load_texts(&[("generated.json", seed)]).unwrap_or_else(|r| panic!("{r}"));
        Api {
            app: http::app(http::AppState::new(KnowledgeGraph::new(seed))),
            runtime: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap(),
        }
    }

    /// POSTs a query that must succeed; returns its `data`.
    fn query(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let request = Request::post("/graphql")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let body: Value = self.runtime.block_on(async {
            let response = self.app.clone().oneshot(request).await.unwrap();
            let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
            serde_json::from_slice(&bytes).unwrap()
        });
        assert!(body.get("errors").is_none(), "{query}: {body:#}");
        body["data"].clone()
    }
}

/// A list to page through: its field with any fixed arguments.
struct List<'a> {
    api: &'a Api,
    field: &'a str,
    arguments: &'a str,
}

/// One page as the API gave it.
struct Page {
    total: u64,
    ids: Vec<String>,
    cursors: Vec<String>,
    info: Value,
}

impl List<'_> {
    fn page(
        &self,
        first: Option<u64>,
        after: Option<&str>,
        last: Option<u64>,
        before: Option<&str>,
    ) -> Page {
        let query = format!(
            "query($first: Int, $after: String, $last: Int, $before: String) {{ list: {}({}first: $first, after: $after, last: $last, before: $before) {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ cursor node {{ id }} }} nodes {{ id }} }} }}",
            self.field, self.arguments
        );
        let data = self.api.query(
            &query,
            json!({ "first": first, "after": after, "last": last, "before": before }),
        );
        let list = &data["list"];
        let edges = list["edges"].as_array().unwrap();
        let ids: Vec<String> = edges
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect();
        let nodes: Vec<&str> = list["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, nodes, "edges and nodes disagree");
        let cursors: Vec<String> = edges
            .iter()
            .map(|e| e["cursor"].as_str().unwrap().to_owned())
            .collect();
        let info = list["pageInfo"].clone();
        // The page's own cursors bound it.
        assert_eq!(
            info["startCursor"].as_str(),
            cursors.first().map(String::as_str)
        );
        assert_eq!(
            info["endCursor"].as_str(),
            cursors.last().map(String::as_str)
        );
        Page {
            total: list["totalCount"].as_u64().unwrap(),
            ids,
            cursors,
            info,
        }
    }

    /// The whole list on one page (lists here are shorter than the largest page).
    fn all(&self) -> Vec<String> {
        let page = self.page(Some(100), None, None, None);
        assert_eq!(page.ids.len() as u64, page.total);
        page.ids
    }

    /// Pages forward with the given sizes (cycled) until the last page.
    fn forward(&self, sizes: &[u64], total: usize) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut after: Option<String> = None;
        for &size in sizes.iter().cycle().take(total + 2) {
            let page = self.page(Some(size), after.as_deref(), None, None);
            assert_eq!(page.total as usize, total, "totalCount changed");
            assert_eq!(page.ids.len(), (size as usize).min(total - seen.len()));
            assert_eq!(page.info["hasPreviousPage"], json!(!seen.is_empty()));
            seen.extend(page.ids);
            assert_eq!(page.info["hasNextPage"], json!(seen.len() < total));
            if seen.len() == total {
                return seen;
            }
            after = page.cursors.last().cloned();
        }
        panic!("paging forward did not end: {seen:?}");
    }

    /// Pages backward from the end with the given sizes (cycled) until the first page.
    fn backward(&self, sizes: &[u64], total: usize) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut before: Option<String> = None;
        for &size in sizes.iter().cycle().take(total + 2) {
            let page = self.page(None, None, Some(size), before.as_deref());
            assert_eq!(page.total as usize, total, "totalCount changed");
            assert_eq!(page.ids.len(), (size as usize).min(total - seen.len()));
            assert_eq!(page.info["hasNextPage"], json!(!seen.is_empty()));
            let mut ids = page.ids;
            ids.append(&mut seen);
            seen = ids;
            assert_eq!(page.info["hasPreviousPage"], json!(seen.len() < total));
            if seen.len() == total {
                return seen;
            }
            before = page.cursors.first().cloned();
        }
        panic!("paging backward did not end: {seen:?}");
    }

    /// Checks every paging property of this list.
    fn check(&self, sizes: &[u64], window: (usize, usize)) {
        let all = self.all();
        let total = all.len();
        let unique: std::collections::HashSet<&String> = all.iter().collect();
        assert_eq!(unique.len(), total, "an item twice: {all:?}");
        assert_eq!(self.forward(sizes, total), all, "forward pages");
        assert_eq!(self.backward(sizes, total), all, "backward pages");
        // An empty page still counts everything.
        let empty = self.page(Some(0), None, None, None);
        assert!(empty.ids.is_empty());
        assert_eq!(empty.total as usize, total);
        assert_eq!(empty.info["hasNextPage"], json!(total > 0));
        // Between two cursors: the items strictly between them.
        if total > 0 {
            let cursors = self.page(Some(100), None, None, None).cursors;
            let (a, b) = (window.0 % total, window.1 % total);
            let (a, b) = (a.min(b), a.max(b));
            let between = self.page(Some(100), Some(&cursors[a]), None, Some(&cursors[b]));
            assert_eq!(between.ids, all[(a + 1).min(b)..b], "between {a} and {b}");
        }
    }
}

fn institution_specs() -> impl Strategy<Value = Vec<InstitutionSpec>> {
    proptest::collection::vec(
        (
            0..NAMES.len(),
            0..5usize,
            0..KINDS.len(),
            proptest::option::of(0..120u16),
        ),
        0..45,
    )
}

fn page_sizes() -> impl Strategy<Value = Vec<u64>> {
    proptest::collection::vec(1..12u64, 1..5)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn paging_institutions_returns_each_once_in_order_both_ways(
        institutions in institution_specs(),
        sort in prop::sample::select(vec!["NAME", "FOUNDED", "COUNTRY", "ID"]),
        direction in prop::sample::select(vec!["ASC", "DESC"]),
        sizes in page_sizes(),
        window in (0..64usize, 0..64usize),
    ) {
        let api = Api::new(&seed_json(&institutions, &[]));
        let arguments = format!("orderBy: {{ field: {sort}, direction: {direction} }}, ");
        let list = List { api: &api, field: "institutions", arguments: &arguments };
        list.check(&sizes, window);
        // Every institution is listed, and the order is the one asked for.
        let mut ids = list.all();
        if sort == "ID" {
            let mut sorted = ids.clone();
            sorted.sort();
            if direction == "DESC" {
                sorted.reverse();
            }
            prop_assert_eq!(&ids, &sorted);
        }
        ids.sort();
        let mut expected: Vec<String> =
            (0..institutions.len()).map(|i| format!("Institution:inst-{i}")).collect();
        expected.sort();
        prop_assert_eq!(ids, expected);
    }

    #[test]
    fn paging_topics_returns_each_once_in_order_both_ways(
        topics in proptest::collection::vec(0..NAMES.len(), 0..45),
        sizes in page_sizes(),
        window in (0..64usize, 0..64usize),
    ) {
        let api = Api::new(&seed_json(&[], &topics));
        let list = List { api: &api, field: "topics", arguments: "" };
        list.check(&sizes, window);
        prop_assert_eq!(list.all().len(), topics.len());
    }
}
