//! Typed inputs: dates and country codes are parsed where they arrive. A bad one is refused as
//! BAD_USER_INPUT naming the input and the form it takes, whether it comes as a literal or in a
//! variable, and the query's other fields still answer; the schema still shows them as `String`.

use serde_json::{Value, json};

use crate::helpers::{spawn_app, strings};

/// The one error of `body`, after checking that `kaznu` (asked beside it) still answered.
fn the_error_beside_an_answer(body: &Value) -> &Value {
    assert_eq!(body["data"]["kaznu"]["slug"], "kaznu", "{body:#}");
    let errors = body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{body:#}");
    assert_eq!(
        errors[0]["extensions"]["code"], "BAD_USER_INPUT",
        "{body:#}"
    );
    &errors[0]
}

#[tokio::test]
async fn a_bad_date_literal_is_refused_naming_its_field_and_the_form() {
    let app = spawn_app().await;
    let body = app
        .post(
            r#"{ kaznu: institution(id: "kaznu") { slug }
                 agreements(filter: {signedFrom: "19 May 2023"}) { totalCount } }"#,
            json!({}),
        )
        .await;
    let error = the_error_beside_an_answer(&body);
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("signedFrom"), "{message}");
    assert!(message.contains("YYYY, YYYY-MM or YYYY-MM-DD"), "{message}");
    assert_eq!(error["path"], json!(["agreements"]));
}

#[tokio::test]
async fn a_bad_date_in_a_variable_is_refused_as_a_literal_is() {
    let app = spawn_app().await;
    let query = r#"query ($to: String) { kaznu: institution(id: "kaznu") { slug }
                     agreements(filter: {signedTo: $to}) { totalCount } }"#;
    let body = app.post(query, json!({ "to": "2023-02-30" })).await;
    let message = the_error_beside_an_answer(&body)["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("signedTo"), "{message}");
    assert!(message.contains("day 30"), "{message}");
    // A good date in the same variable answers.
    let data = app.query_with(query, json!({ "to": "2023-05" })).await;
    assert_eq!(data["agreements"]["totalCount"], 3);
}

#[tokio::test]
async fn a_bad_country_code_is_refused_naming_its_field_and_the_form() {
    let app = spawn_app().await;
    let body = app
        .post(
            r#"query ($countries: [String!]) { kaznu: institution(id: "kaznu") { slug }
                 institutions(filter: {country: $countries}) { totalCount } }"#,
            json!({ "countries": ["KZ", "Kazakhstan"] }),
        )
        .await;
    let message = the_error_beside_an_answer(&body)["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("country"), "{message}");
    assert!(message.contains("\"Kazakhstan\""), "{message}");
    assert!(message.contains("ISO 3166-1 alpha-2"), "{message}");
}

#[tokio::test]
async fn a_lower_case_country_code_is_read_as_its_capitals() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{ kaznu: institution(id: "kaznu") { slug }
                 lower: institutions(filter: {country: ["kz", "Cn"]}, orderBy: {field: ID}) { nodes { slug } }
                 upper: institutions(filter: {country: ["KZ", "CN"]}, orderBy: {field: ID}) { nodes { slug } } }"#,
        )
        .await;
    assert_eq!(data["kaznu"]["slug"], "kaznu");
    assert_eq!(
        strings(&data["lower"]["nodes"], "/slug"),
        strings(&data["upper"]["nodes"], "/slug")
    );
    assert_eq!(strings(&data["lower"]["nodes"], "/slug").len(), 5);
}

#[tokio::test]
async fn a_network_window_and_countries_are_read_as_the_lists_read_them() {
    let app = spawn_app().await;
    for (network, named, says) in [
        (r#"{from: "2023-5"}"#, "from", "YYYY, YYYY-MM or YYYY-MM-DD"),
        (r#"{to: "2023-02-30"}"#, "to", "day 30"),
        (r#"{countries: ["kz", "XX"]}"#, "countries", "\"XX\""),
        // Each value well formed, the whole refused by the network's own checks.
        (r#"{from: "2024", to: "2023"}"#, "from", "2023"),
    ] {
        let query = format!(
            r#"{{ kaznu: institution(id: "kaznu") {{ slug }}
                 network(network: {network}) {{ nodes {{ id }} }} }}"#
        );
        let body = app.post(&query, json!({})).await;
        let message = the_error_beside_an_answer(&body)["message"]
            .as_str()
            .unwrap();
        assert!(message.contains(named), "{network}: {message}");
        assert!(message.contains(says), "{network}: {message}");
    }
    let data = app
        .query(
            r#"{ lower: network(network: {projection: INSTITUTIONS, countries: ["kz"], from: "2023-05"}) { nodes { id } }
                 upper: network(network: {projection: INSTITUTIONS, countries: ["KZ"], from: "2023-05"}) { nodes { id } } }"#,
        )
        .await;
    assert_eq!(
        strings(&data["lower"]["nodes"], "/id"),
        strings(&data["upper"]["nodes"], "/id")
    );
    assert!(!strings(&data["lower"]["nodes"], "/id").is_empty());
}
