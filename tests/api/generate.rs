//! `collabgraph generate`: the smoke-sized run of the benchmark seed generator. The same options
//! give the same bytes, and the seed passes `check`, the JSON Schema and serves queries. With
//! `--registries` it writes ROR and OpenAlex files instead: deterministic, valid against ROR's
//! own JSON Schema, imported by `import ror` into a seed that `check` accepts, and, with
//! `import openalex` beside it, served as one graph whose co-publication is the records'.

use std::{
    collections::{BTreeMap, BTreeSet},
    io::Read,
    path::Path,
    process::Command,
};

use serde_json::Value;

use crate::helpers::{shared_file, spawn_app_with, strings};

fn generate(out: &std::path::Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["generate", "--institutions", "50", "--seed", "7", "--out"])
        .arg(out)
        .output()
        .expect("run collabgraph generate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_generated_seed_is_deterministic_valid_and_served() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.json"), dir.path().join("b.json"));
    generate(&first);
    generate(&second);
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(&second).unwrap(),
        "same seed, same bytes"
    );

    let check = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .arg("check")
        .arg(&first)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let schema: Value = serde_json::from_str(&collabgraph::model::seed_json_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let seed: Value = serde_json::from_slice(&bytes).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&seed)
        .take(10)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(seed["institutions"].as_array().unwrap().len(), 50);

    let graph = collabgraph::load_graph(&first).unwrap_or_else(|report| panic!("{report}"));
    let app = spawn_app_with(graph).await;
    let data = app
        .query(
            r#"{ institution(id: "ins-0") { name country agreements { nodes { parties { nodes { institution { id } } } } } } }"#,
        )
        .await;
    let institution = &data["institution"];
    assert_eq!(
        institution["country"], "US",
        "the first institution is in the first country"
    );
    assert!(
        !institution["agreements"]["nodes"]
            .as_array()
            .unwrap()
            .is_empty(),
        "every institution starts agreements: {institution:#}"
    );
}

/// Runs the binary with `args`; its standard error, after asserting that it succeeded.
fn collabgraph(args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(args)
        .output()
        .expect("run collabgraph");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?}: {stderr}");
    stderr
}

fn generate_registries(out: &Path) -> String {
    let args = [
        "generate",
        "--registries",
        "--institutions",
        "300",
        "--works",
        "2000",
        "--seed",
        "5",
        "--out",
    ];
    let mut args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    args.push(out.as_os_str());
    collabgraph(&args)
}

const REGISTRY_FILES: [&str; 3] = [
    "ror.jsonl",
    "openalex-institutions.jsonl",
    "openalex-works.jsonl.gz",
];

#[test]
fn generated_registries_are_deterministic_and_their_ror_records_import_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a"), dir.path().join("b"));
    let said = generate_registries(&first);
    generate_registries(&second);
    for file in REGISTRY_FILES {
        assert_eq!(
            std::fs::read(first.join(file)).unwrap(),
            std::fs::read(second.join(file)).unwrap(),
            "{file}: same options, same bytes"
        );
    }
    assert!(said.contains("300 ROR records"), "{said}");
    assert!(said.contains("2000 works"), "{said}");

    let mut works = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(first.join(REGISTRY_FILES[2])).unwrap())
        .read_to_string(&mut works)
        .unwrap();
    assert_eq!(works.lines().count(), 2000);
    let work: Value = serde_json::from_str(works.lines().next().unwrap()).unwrap();
    assert!(
        work["authorships"][0]["institutions"][0]["ror"]
            .as_str()
            .unwrap()
            .starts_with("https://ror.org/0")
    );

    let seed = dir.path().join("ror-seed.json");
    let imported = collabgraph(&[
        "import".as_ref(),
        "ror".as_ref(),
        first.join(REGISTRY_FILES[0]).as_os_str(),
        "--out".as_ref(),
        seed.as_os_str(),
    ]);
    assert!(
        imported.contains("300 institutions from 300 records"),
        "{imported}"
    );
    let checked = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .arg("check")
        .arg(&seed)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let graph = collabgraph::load_graph(&seed).unwrap_or_else(|report| panic!("{report}"));
    assert_eq!(graph.institutions.len(), 300);
    assert!(graph.edge_count() > 0, "the relationships became relations");
}

#[test]
fn generated_ror_records_are_valid_against_ror_s_v2_1_schema() {
    let Some(schema) = shared_file("realdata/ror/schema/ror_schema_v2_1.json") else {
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    generate_registries(dir.path());
    let records = std::fs::read_to_string(dir.path().join(REGISTRY_FILES[0])).unwrap();
    let mut checked = 0;
    for (n, line) in records.lines().enumerate() {
        let record: Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&record)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "line {}: {errors:#?}", n + 1);
        checked += 1;
    }
    assert_eq!(checked, 300);
    // The schema checks what it says: a record it must refuse is refused.
    let mut broken: Value = serde_json::from_str(records.lines().next().unwrap()).unwrap();
    broken["id"] = "https://ror.org/not-an-id".into();
    assert!(!validator.is_valid(&broken));
}

/// The generated works' co-publication, counted here from the records: for each pair of ROR
/// ids that share a work, the slugs of the works they share.
fn co_publication(works: &str) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut pairs: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for line in works.lines() {
        let work: Value = serde_json::from_str(line).unwrap();
        let slug = format!(
            "openalex-{}",
            work["id"].as_str().unwrap().rsplit('/').next().unwrap()
        );
        let institutions: BTreeSet<String> = work["authorships"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["institutions"].as_array().unwrap())
            .map(|i| {
                let ror = i["ror"].as_str().unwrap().rsplit('/').next().unwrap();
                format!("Institution:ror-{ror}")
            })
            .collect();
        for a in &institutions {
            for b in institutions
                .range::<String, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded))
            {
                pairs
                    .entry((a.clone(), b.clone()))
                    .or_default()
                    .insert(slug.clone());
            }
        }
    }
    pairs
}

#[tokio::test]
async fn generated_ror_and_openalex_records_import_and_serve_as_one_graph_of_co_publication() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    generate_registries(&records);
    let seed = dir.path().join("seed");
    std::fs::create_dir(&seed).unwrap();
    let (ror_seed, openalex_seed) = (seed.join("ror.json"), seed.join("openalex.json"));
    collabgraph(&[
        "import".as_ref(),
        "ror".as_ref(),
        records.join(REGISTRY_FILES[0]).as_os_str(),
        "--out".as_ref(),
        ror_seed.as_os_str(),
    ]);
    let imported = collabgraph(&[
        "import".as_ref(),
        "openalex".as_ref(),
        records.join(REGISTRY_FILES[1]).as_os_str(),
        records.join(REGISTRY_FILES[2]).as_os_str(),
        "--out".as_ref(),
        openalex_seed.as_os_str(),
    ]);
    assert!(imported.contains("2000 works"), "{imported}");

    let graph = collabgraph::load_graph(&seed).unwrap_or_else(|report| panic!("{report}"));
    let app = spawn_app_with(graph).await;
    // Each OpenAlex institution names its ROR record, so the two registries' records of one
    // organisation are one institution, found by either id.
    let data = app
        .query(
            r#"{ institutions(first: 1) { totalCount }
                 openalex: institution(id: "openalex-I4210000000") { slug ror openalex: externalIds(scheme: OPENALEX) { value } } }"#,
        )
        .await;
    assert_eq!(data["institutions"]["totalCount"], 300, "{data}");
    let merged = &data["openalex"];
    assert_eq!(
        merged["slug"].as_str().unwrap(),
        format!("ror-{}", merged["ror"].as_str().unwrap()),
        "{merged}"
    );
    assert_eq!(merged["openalex"][0]["value"], "I4210000000", "{merged}");

    // The co-publication network is the pairs counted from the records, each with its works.
    let mut works = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(records.join(REGISTRY_FILES[2])).unwrap())
        .read_to_string(&mut works)
        .unwrap();
    let expected = co_publication(&works);
    assert!(expected.len() > 300, "{} pairs", expected.len());
    let data = app
        .query(
            r#"{ network(network: { projection: INSTITUTIONS,
                 collaboration: { agreements: 0, labs: 0 }, limit: 20000 }) {
                 truncated edges { source target workCount works(first: 100) { nodes { slug } } } } }"#,
        )
        .await;
    assert_eq!(data["network"]["truncated"], false);
    let mut listed = 0;
    let served: BTreeMap<(String, String), usize> = data["network"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (a, b) = (
                e["source"].as_str().unwrap().to_owned(),
                e["target"].as_str().unwrap().to_owned(),
            );
            let key = (a.clone().min(b.clone()), a.max(b));
            let count = e["workCount"].as_u64().unwrap() as usize;
            if count <= 100 {
                let works: BTreeSet<String> =
                    strings(&e["works"]["nodes"], "/slug").into_iter().collect();
                assert_eq!(Some(&works), expected.get(&key), "{e}");
                listed += 1;
            }
            (key, count)
        })
        .collect();
    let counted: BTreeMap<(String, String), usize> =
        expected.iter().map(|(k, v)| (k.clone(), v.len())).collect();
    assert_eq!(served, counted);
    assert!(listed > 0);
}
