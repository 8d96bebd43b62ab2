//! `collabgraph generate`: the smoke-sized run of the benchmark seed generator. The same options
//! give the same bytes, and the seed passes `check`, the JSON Schema and serves queries.

use std::process::Command;

use serde_json::Value;

use crate::helpers::spawn_app_with;

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
