//! `GET /export/{format}`: each format downloaded from the real server and read back by a real
//! reader of it (networkx for GEXF and GraphML, graphology and headless Cytoscape.js for their
//! JSON; see `tests/interop/`), then compared with what the server's own view holds.

use std::{collections::BTreeSet, ffi::OsStr, fs};

use collabgraph::interrupt::Interrupt;
use collabgraph::{
    bundled_seed_dir, load_graph,
    network::{self, NetworkFilter, Projection},
};
use reqwest::{StatusCode, header};
use serde_json::Value;

use crate::{
    helpers::{TestApp, spawn_app, spawn_app_with},
    interop,
};

/// An export as the client received it.
struct Download {
    body: Vec<u8>,
    content_type: String,
    disposition: String,
    truncated: String,
}

async fn download(app: &TestApp, path: &str) -> Download {
    let response = app.client.get(app.url(path)).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition, truncated) = (
        header(header::CONTENT_TYPE.as_str()),
        header(header::CONTENT_DISPOSITION.as_str()),
        header("x-collabgraph-truncated"),
    );
    Download {
        body: response.bytes().await.expect("a body").to_vec(),
        content_type,
        disposition,
        truncated,
    }
}

/// What a real reader made of an export: the JSON `read_graph.py` or `read_graph.cjs` prints,
/// `{"reader", "graph", "nodes": {id: attributes}, "edges": [{id, source, target, directed,
/// attributes}]}`.
fn read_back(format: &str, body: &[u8]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(format!("export.{format}"));
    fs::write(&file, body).unwrap();
    let (program, script) = match format {
        "gexf" | "graphml" => (interop::python(), interop::script("read_graph.py")),
        "graphology" | "cytoscape" => (interop::node(), interop::script("read_graph.cjs")),
        other => panic!("no reader for {other}"),
    };
    let printed = interop::run(
        &program,
        &[script.as_os_str(), OsStr::new(format), file.as_os_str()],
    );
    serde_json::from_str(&printed)
        .unwrap_or_else(|e| panic!("{format} reader printed {e}: {printed}"))
}

/// Downloads `/export/{format}?projection={projection}` and reads it back.
async fn export_and_read(app: &TestApp, format: &str, projection: &str) -> Value {
    let download = download(app, &format!("/export/{format}?projection={projection}")).await;
    read_back(format, &download.body)
}

/// What the server's own view of a projection holds.
struct Expected {
    nodes: BTreeSet<String>,
    edges: BTreeSet<String>,
    degree_of_kaznu: u64,
    kaznu_name: String,
}

fn expected(app: &TestApp, projection: Projection) -> Expected {
    let kg = app.state.graph();
    let filter = NetworkFilter {
        projection,
        limit: 5000,
        ..Default::default()
    };
    let view = network::view(
        &kg,
        &network::ViewCache::default(),
        &filter,
        Interrupt::never(),
    )
    .unwrap();
    let nodes: Vec<String> = (0..view.nodes.len())
        .map(|i| view.node_info(&kg, i).id)
        .collect();
    let kaznu = nodes
        .iter()
        .position(|id| id == "Institution:kaznu")
        .expect("KazNU is in the view");
    Expected {
        edges: (0..view.edges.len())
            .map(|i| view.edge_info(&kg, i).id)
            .collect(),
        degree_of_kaznu: view.measures(Interrupt::never()).unwrap().degree[kaznu] as u64,
        kaznu_name: view.node_info(&kg, kaznu).label,
        nodes: nodes.into_iter().collect(),
    }
}

fn node<'a>(read: &'a Value, id: &str) -> &'a Value {
    read["nodes"]
        .get(id)
        .unwrap_or_else(|| panic!("{}: no node {id}", read["reader"]))
}

/// The edges of `read` between `a` and `b`, either way round.
fn edges_between<'a>(read: &'a Value, a: &str, b: &str) -> Vec<&'a Value> {
    read["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            (e["source"] == a && e["target"] == b) || (e["source"] == b && e["target"] == a)
        })
        .collect()
}

/// Checks what a reader made of an export against the server's view: the same node ids and
/// edge ids, KazNU with its label, type, country and typed measures, every edge's direction
/// and the edge the projection is known for.
fn check(read: &Value, projection: Projection, expected: &Expected) {
    let reader = read["reader"].as_str().unwrap();
    let nodes: BTreeSet<String> = read["nodes"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(nodes, expected.nodes, "{reader}: node ids");
    let edges = read["edges"].as_array().unwrap();
    assert_eq!(edges.len(), expected.edges.len(), "{reader}: edge count");
    let edge_ids: BTreeSet<String> = edges
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(edge_ids, expected.edges, "{reader}: edge ids");

    let kaznu = node(read, "Institution:kaznu");
    assert_eq!(kaznu["label"], expected.kaznu_name.as_str(), "{reader}");
    assert_eq!(kaznu["type"], "Institution", "{reader}");
    assert_eq!(kaznu["country"], "KZ", "{reader}");
    assert_eq!(kaznu["kind"], "university", "{reader}");
    assert_eq!(
        kaznu["degree"].as_u64(),
        Some(expected.degree_of_kaznu),
        "{reader}: degree is a whole number"
    );
    assert!(kaznu["community"].is_u64(), "{reader}: {kaznu}");
    assert!(kaznu["pagerank"].as_f64().unwrap() > 0.0, "{reader}");
    assert_eq!(
        node(read, "Institution:cup")["founded"].as_i64(),
        Some(1953),
        "{reader}: founded is declared a number"
    );

    let directed = projection == Projection::Full;
    for edge in edges {
        assert_eq!(edge["directed"], directed, "{reader}: {edge}");
    }
    match projection {
        Projection::Institutions => {
            let link = edges_between(read, "Institution:kaznu", "Institution:xieg");
            assert_eq!(link.len(), 1, "{reader}");
            let attributes = &link[0]["attributes"];
            assert_eq!(attributes["type"], "COLLABORATES_WITH", "{reader}");
            assert_eq!(
                attributes["weight"].as_f64(),
                Some(2.0),
                "{reader}: a memorandum and the joint lab"
            );
            assert!(
                attributes["labs"].as_str().is_some_and(|l| !l.is_empty()),
                "{reader}: {attributes}"
            );
            assert!(
                edges_between(read, "Institution:cas", "Institution:kaznu").is_empty(),
                "{reader}: CAS has no collaboration of its own"
            );
        }
        _ => {
            let party = edges
                .iter()
                .find(|e| {
                    e["source"] == "Institution:kaznu"
                        && e["target"] == "Agreement:mou-kaznu-cup-2023"
                })
                .unwrap_or_else(|| panic!("{reader}: KazNU is party to the CUP memorandum"));
            assert_eq!(party["attributes"]["type"], "PARTY_TO", "{reader}");
            assert_eq!(
                party["attributes"]["weight"].as_f64(),
                Some(1.0),
                "{reader}"
            );
        }
    }
}

/// The graph's size as `/healthz` reports it.
async fn healthz(app: &TestApp) -> (usize, usize) {
    let body: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        body["nodes"].as_u64().unwrap() as usize,
        body["relations"].as_u64().unwrap() as usize,
    )
}

/// Reads `format` back for the full graph and the institutions projection and checks both.
async fn round_trip(format: &str) {
    let app = spawn_app().await;
    let full = expected(&app, Projection::Full);
    assert_eq!(
        healthz(&app).await,
        (full.nodes.len(), full.edges.len()),
        "the full export holds every record and relation"
    );
    let read = export_and_read(&app, format, "full").await;
    check(&read, Projection::Full, &full);

    let institutions = expected(&app, Projection::Institutions);
    assert_eq!((institutions.nodes.len(), institutions.edges.len()), (5, 3));
    let read = export_and_read(&app, format, "institutions").await;
    check(&read, Projection::Institutions, &institutions);
}

#[tokio::test]
async fn networkx_reads_the_gexf_export() {
    round_trip("gexf").await;
}

#[tokio::test]
async fn networkx_reads_the_graphml_export() {
    round_trip("graphml").await;
}

#[tokio::test]
async fn graphology_imports_the_graphology_export() {
    round_trip("graphology").await;
}

#[tokio::test]
async fn headless_cytoscape_loads_the_cytoscape_export() {
    round_trip("cytoscape").await;
}

#[tokio::test]
async fn each_format_downloads_as_an_attachment_with_its_media_type() {
    let app = spawn_app().await;
    for (format, media, file) in [
        (
            "cytoscape",
            "application/json",
            "collabgraph-institutions.cyjs",
        ),
        (
            "graphology",
            "application/json",
            "collabgraph-institutions.json",
        ),
        (
            "gexf",
            "application/gexf+xml",
            "collabgraph-institutions.gexf",
        ),
        (
            "graphml",
            "application/graphml+xml",
            "collabgraph-institutions.graphml",
        ),
    ] {
        let download = download(&app, &format!("/export/{format}?projection=institutions")).await;
        assert_eq!(download.content_type, media, "{format}");
        assert_eq!(
            download.disposition,
            format!("attachment; filename=\"{file}\""),
            "{format}"
        );
        assert_eq!(download.truncated, "false", "{format}");
    }
    let countries = download(&app, "/export/gexf?projection=countries").await;
    assert_eq!(
        countries.disposition,
        "attachment; filename=\"collabgraph-countries.gexf\""
    );
    let read = read_back("gexf", &countries.body);
    assert_eq!(
        read["nodes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["Country:CN", "Country:KZ"]
    );
    assert_eq!(
        edges_between(&read, "Country:KZ", "Country:CN")[0]["attributes"]["weight"].as_f64(),
        Some(4.0),
        "three memoranda and the joint lab"
    );
}

#[tokio::test]
async fn query_parameters_filter_the_export() {
    let app = spawn_app().await;
    let ids = |read: &Value| -> Vec<String> {
        read["nodes"].as_object().unwrap().keys().cloned().collect()
    };

    let medicine = download(
        &app,
        "/export/graphml?projection=institutions&topic=medicine",
    )
    .await;
    let read = read_back("graphml", &medicine.body);
    assert_eq!(ids(&read), ["Institution:kaznu", "Institution:szu"]);

    let chinese_universities = download(
        &app,
        "/export/graphology?projection=institutions&country=CN&kind=university",
    )
    .await;
    let read = read_back("graphology", &chinese_universities.body);
    assert_eq!(ids(&read), ["Institution:cup", "Institution:szu"]);
    assert_eq!(read["edges"].as_array().unwrap().len(), 0);

    let both = download(
        &app,
        "/export/cytoscape?projection=institutions&country=KZ&country=cn",
    )
    .await;
    let comma = download(
        &app,
        "/export/cytoscape?projection=institutions&country=KZ,CN",
    )
    .await;
    assert_eq!(both.body, comma.body, "repeated or comma-separated");
    assert_eq!(
        read_back("cytoscape", &both.body)["nodes"]
            .as_object()
            .unwrap()
            .len(),
        5
    );

    let before = download(&app, "/export/gexf?projection=institutions&to=2022-12").await;
    let read = read_back("gexf", &before.body);
    assert_eq!(
        read["edges"].as_array().unwrap().len(),
        3,
        "signed on or before 2023-05-19, so perhaps by 2022"
    );

    let parties = download(
        &app,
        "/export/graphml?types=Institution,Agreement&relations=PARTY_TO",
    )
    .await;
    let read = read_back("graphml", &parties.body);
    let edges = read["edges"].as_array().unwrap();
    assert!(!edges.is_empty());
    assert!(edges.iter().all(|e| e["attributes"]["type"] == "PARTY_TO"));
    assert!(
        read["nodes"]
            .as_object()
            .unwrap()
            .values()
            .all(|n| n["type"] == "Institution" || n["type"] == "Agreement")
    );

    let cut = download(
        &app,
        "/export/graphml?seed=Institution:kaznu&depth=2&limit=3",
    )
    .await;
    assert_eq!(cut.truncated, "true");
    let read = read_back("graphml", &cut.body);
    assert_eq!(read["nodes"].as_object().unwrap().len(), 3);
    assert_eq!(
        read["graph"]["truncated"], true,
        "the graph says it was cut"
    );
    assert!(read["nodes"].get("Institution:kaznu").is_some());
}

#[tokio::test]
async fn bad_parameters_are_refused_with_a_json_error_naming_them() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/export/pdf")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["error"].as_str().unwrap().contains("gexf"),
        "names the formats: {body}"
    );

    for (query, parameter) in [
        ("projection=people", "projection"),
        ("from=2023-02-30", "from"),
        ("to=last%20year", "to"),
        ("topic=astrology", "topic"),
        ("seed=Institution:nowhere", "seed"),
        ("seed=Institution:kaznu&depth=6", "depth"),
        ("limit=0", "limit"),
        ("country=Kazakhstan", "country"),
        ("types=Planet", "types"),
        ("relations=LIKES", "relations"),
        ("colour=red", "colour"),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/export/gexf?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json",
            "{query}"
        );
        let body: Value = response.json().await.unwrap();
        let error = body["error"].as_str().unwrap_or_else(|| panic!("{body}"));
        assert!(
            error.contains(&format!("`{parameter}`")),
            "{query}: {error}"
        );
        assert_eq!(body["parameter"], parameter, "{query}");
    }
}

#[tokio::test]
async fn names_with_markup_and_control_characters_survive_every_reader() {
    let name =
        "Ecology & <Earth> \"quoted\" 'single' tab\there\nline two\r\n]]> \u{1} Экология 生态 🌍";
    let dir = tempfile::tempdir().unwrap();
    let seed_file = "kaznu-china-2023.json";
    let seed = fs::read_to_string(bundled_seed_dir().join(seed_file)).unwrap();
    let hostile = seed.replacen(
        "\"name\": \"Ecology\"",
        &format!("\"name\": {}", serde_json::to_string(name).unwrap()),
        1,
    );
    assert_ne!(hostile, seed, "the seed names the topic Ecology");
    fs::write(dir.path().join(seed_file), hostile).unwrap();
    let graph = load_graph(dir.path()).unwrap_or_else(|report| panic!("{report}"));
    let app = spawn_app_with(graph).await;

    // XML 1.0 cannot hold U+0001 at all, even as a character reference: it becomes U+FFFD.
    let in_xml = name.replace('\u{1}', "\u{fffd}");
    for (format, label) in [
        ("gexf", in_xml.as_str()),
        ("graphml", in_xml.as_str()),
        ("graphology", name),
        ("cytoscape", name),
    ] {
        let read = export_and_read(&app, format, "full").await;
        assert_eq!(node(&read, "Topic:ecology")["label"], label, "{format}");
        assert_eq!(
            read["nodes"].as_object().unwrap().len(),
            app.state.graph().node_count(),
            "{format}"
        );
    }
}
