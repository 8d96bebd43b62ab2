//! The `collabgraph` binary: `check` on good and bad seeds, `schema`.

use std::process::Command;

fn collabgraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(args)
        .output()
        .expect("run collabgraph")
}

#[test]
fn check_passes_the_bundled_seed() {
    let seed = collabgraph::bundled_seed_dir();
    let output = collabgraph(&["check", seed.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok, 29 nodes"));
}

#[test]
fn check_reports_every_problem_with_its_place_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{
  "version": 1,
  "institutions": [
    {"id": "a", "name": "A", "kind": "university", "country": "ZZ"},
    {"id": "b", "name": "B", "kind": "university", "country": "KZ", "parent": "aa"}
  ]
}"#,
    )
    .unwrap();
    let output = collabgraph(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("bad.json:4:") && report.contains("$.institutions[0].country"),
        "{report}"
    );
    assert!(
        report.contains("bad.json:5:") && report.contains("did you mean \"a\""),
        "{report}"
    );
    assert!(report.contains("2 problems in 1 file"), "{report}");
}

#[test]
fn serve_refuses_an_invalid_seed_with_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"version\": 1, \"topics\": [{\"id\": \"t\"}]}").unwrap();
    let output = collabgraph(&[
        "serve",
        "--seed",
        path.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("missing field `name`") && report.contains("bad.json:1:"),
        "{report}"
    );
}

#[test]
fn schema_prints_the_sdl() {
    let output = collabgraph(&["schema"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        collabgraph::api::build_schema().sdl()
    );
}
