//! The GraphQL-over-HTTP specification's own server audits (the `graphql-http` npm package,
//! run by `tests/interop/audit.mjs`) against the real server: every MUST, SHOULD and MAY must
//! come back 'ok'.

use std::process::Command;

use serde_json::Value;

use crate::{helpers::spawn_app, interop};

#[tokio::test]
async fn graphql_endpoint_passes_the_graphql_over_http_audit() {
    let app = spawn_app().await;
    let url = app.url("/graphql");
    // The audit talks to the server we just spawned on this runtime, so node runs off the
    // async workers while they answer it.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(interop::node())
            .arg(interop::script("audit.mjs"))
            .arg(&url)
            .current_dir(interop::interop_dir())
            .output()
            .expect("run node tests/interop/audit.mjs")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8(output.stdout).expect("the audit prints UTF-8");
    let results: Vec<Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert!(
        !results.is_empty(),
        "the audit printed no results ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );

    let failures: Vec<String> = results
        .iter()
        .filter(|r| r["status"] != "ok")
        .map(|r| {
            format!(
                "{} {} {}: {}",
                r["status"].as_str().unwrap_or("?"),
                r["id"].as_str().unwrap_or("?"),
                r["name"].as_str().unwrap_or("?"),
                r["reason"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} GraphQL-over-HTTP audits are not ok:\n{}",
        failures.len(),
        results.len(),
        failures.join("\n")
    );
    assert!(
        output.status.success(),
        "the audit script failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}
