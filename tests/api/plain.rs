//! Our objects are answered by running their resolvers on the spot instead of as the
//! executor's boxed futures (`src/api/plain.rs`). A selection with a fragment always goes the
//! executor's way, so each query here is sent twice, once as written and once with every
//! selection set below the root wrapped in `... { }`, and both answers, errors included, must
//! be the same.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

/// The same query with every selection set below the root inside an inline fragment (braces
/// inside arguments, such as input objects, are left alone).
fn through_executor(query: &str) -> String {
    let mut out = String::new();
    let (mut parens, mut depth) = (0, 0);
    for c in query.chars() {
        match c {
            '(' => parens += 1,
            ')' => parens -= 1,
            '{' if parens == 0 => {
                depth += 1;
                if depth > 1 {
                    out.push_str("{ ... {");
                    continue;
                }
            }
            '}' if parens == 0 => {
                depth -= 1;
                if depth > 0 {
                    out.push_str("} }");
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Sends the query both ways, checks the whole responses are the same, and returns one.
async fn same_both_ways(app: &TestApp, query: &str) -> Value {
    let plain = without_locations(app.post(query, Value::Null).await);
    let executed = without_locations(app.post(&through_executor(query), Value::Null).await);
    assert_eq!(plain, executed, "{query}");
    plain
}

/// The response without its errors' locations, which the wrapping moves.
fn without_locations(mut response: Value) -> Value {
    let errors = response.get_mut("errors").and_then(Value::as_array_mut);
    for error in errors.into_iter().flatten() {
        error.as_object_mut().unwrap().remove("locations");
    }
    response
}

/// Sends the query both ways and checks the answer has data and no errors.
async fn same_both_ways_ok(app: &TestApp, query: &str) {
    let answer = same_both_ways(app, query).await;
    assert!(answer.get("errors").is_none(), "{answer}");
    assert!(
        answer["data"].to_string().len() > 200,
        "the query reaches objects: {answer}"
    );
}

/// The names of the type's fields that take no arguments and return a scalar, an enum or a
/// list of them.
async fn scalar_fields(app: &TestApp, type_name: &str) -> String {
    let data = app
        .query(&format!(
            r#"{{ __type(name: "{type_name}") {{ fields {{ name args {{ name }}
                 type {{ kind ofType {{ kind ofType {{ kind ofType {{ kind }} }} }} }} }} }} }}"#
        ))
        .await;
    let leaf = |mut ty: &Value| loop {
        match ty["kind"].as_str() {
            Some("NON_NULL" | "LIST") => ty = &ty["ofType"],
            kind => return matches!(kind, Some("SCALAR" | "ENUM")),
        }
    };
    let fields: Vec<&str> = data["__type"]["fields"]
        .as_array()
        .expect("the type's fields")
        .iter()
        .filter(|f| f["args"].as_array().is_some_and(Vec::is_empty) && leaf(&f["type"]))
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert!(fields.len() >= 3, "{type_name}: {fields:?}");
    fields.join(" ")
}

#[test]
fn the_executor_form_wraps_selection_sets_below_the_root_only() {
    assert_eq!(
        through_executor(r#"{ a(f: {x: 1}) { b c { d } } }"#),
        r#"{ a(f: {x: 1}) { ... { b c { ... { d } } } } }"#
    );
}

#[tokio::test]
async fn every_scalar_field_of_every_entity_answers_the_same_both_ways() {
    let app = spawn_app().await;
    for (type_name, list) in [
        ("Institution", "institutions"),
        ("Person", "people"),
        ("Lab", "labs"),
        ("Agreement", "agreements"),
        ("Topic", "topics"),
        ("Source", "sources"),
        ("Event", "events"),
    ] {
        let fields = scalar_fields(&app, type_name).await;
        same_both_ways_ok(
            &app,
            &format!(
                "{{ {list}(first: 100) {{ totalCount nodes {{ {fields} __typename }}
                   edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
            ),
        )
        .await;
    }
}

#[tokio::test]
async fn nested_objects_arguments_and_interfaces_answer_the_same_both_ways() {
    let app = spawn_app().await;
    let institution = scalar_fields(&app, "Institution").await;
    same_both_ways_ok(
        &app,
        &format!(
            r#"{{ institution(id: "kaznu") {{ {institution}
                 names {{ value lang }} founded {{ year sources {{ title }} }}
                 rankings {{ system edition rank }} counts(metric: "students") {{ metric value }}
                 parent {{ id }} children {{ totalCount nodes {{ id }} }}
                 people {{ nodes {{ title current person {{ name }} }} }}
                 agreements {{ totalCount pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }}
                   edges {{ cursor node {{ id }} }}
                   nodes {{ id title status signed {{ date {{ value year precision }} qualifier }}
                   parties {{ nodes {{ institution {{ {institution} }} }} }}
                   signatories {{ edges {{ cursor node {{ role person {{ name }} onBehalfOf {{ id }} }} }} }}
                   topics {{ name broader {{ name }} }} activities {{ nodes {{ kind scope }} }} }} }}
                 labs {{ nodes {{ note lab {{ name focus {{ name }} }} }} }}
                 collaborators {{ nodes {{ weight partner {{ id name }} agreements {{ totalCount nodes {{ id }} }} }} }}
                 relations(direction: OUTGOING, first: 2, after: "0") {{ totalCount pageInfo {{ hasNextPage endCursor }}
                   nodes {{ type to {{ id __typename }} }} }} }} }}"#
        ),
    )
    .await;
    same_both_ways_ok(
        &app,
        r#"{ search(text: "university", first: 20) { score matched node { id slug label __typename } } }"#,
    )
    .await;
    same_both_ways_ok(
        &app,
        r#"{ network { nodes { id type label degree weight community attributes { name value } node { id } }
                      edges { id source target type weight directed } } }"#,
    )
    .await;
}

#[tokio::test]
async fn aliases_repeated_keys_and_errors_answer_the_same_both_ways() {
    let app = spawn_app().await;
    // Aliases and `__typename` are answered on the spot; a key asked twice (merged by the
    // executor) sends its object the executor's way. Kept apart, so the first is not.
    same_both_ways_ok(
        &app,
        "{ institutions(first: 100) { nodes { a: id id b: name __typename t: __typename } } }",
    )
    .await;
    same_both_ways_ok(
        &app,
        "{ institutions(first: 100) { nodes { id x: agreements { nodes { id } } x: agreements { nodes { title } } } } }",
    )
    .await;
    // An error in a field of an object answered on the spot: recorded once, with its path,
    // and the field left out as the executor leaves it.
    let answer = same_both_ways(
        &app,
        "{ communities { modularity communities(first: 5000) { id } } }",
    )
    .await;
    let errors = answer["errors"].as_array().expect("an error");
    assert_eq!(errors.len(), 1, "{answer}");
    assert_eq!(errors[0]["extensions"]["code"], "LIMIT_EXCEEDED");
    assert_eq!(
        errors[0]["path"],
        serde_json::json!(["communities", "communities"])
    );
}

#[tokio::test]
async fn the_deepest_query_the_limits_allow_answers_the_same_both_ways() {
    // Objects answered on the spot nest their resolvers on the stack: as deep as the depth
    // limit allows (16 fields), through institutions, pages of their agreements and pages of
    // their parties. Small pages keep the query within the complexity limit, so that only
    // its depth is tested.
    let nested = |innermost: &str| {
        let mut query = innermost.to_owned();
        for _ in 0..2 {
            query = format!(
                "institution {{ id agreements(first: 3) {{ nodes {{ id parties(first: 2) {{ nodes {{ {query} }} }} }} }} }}"
            );
        }
        format!("{{ {query} }}").replacen("institution {", r#"institution(id: "kaznu") {"#, 1)
    };
    let app = spawn_app().await;
    let deepest = "institution { agreements(first: 3) { nodes { parties(first: 2) { nodes { __typename } } } } }";
    same_both_ways_ok(&app, &nested(deepest)).await;
    let deeper = "institution { agreements(first: 3) { nodes { parties(first: 2) { nodes { \
                  institution { id } } } } } }";
    let deeper = app.query_error(&nested(deeper)).await;
    assert_eq!(deeper["extensions"]["code"], "LIMIT_EXCEEDED", "{deeper}");
    assert!(
        deeper["message"].as_str().unwrap().contains("levels deep"),
        "refused for its depth: {deeper}"
    );
}

#[tokio::test]
async fn selections_with_the_same_keys_keep_their_own_order_and_fields() {
    // Layouts are kept per thread and handed to any selection with the same keys in the same
    // order: `b` has a's keys in another order, `c` has a's keys for other fields.
    let app = spawn_app().await;
    let query = r#"{ a: institution(id: "kaznu") { name country }
                     b: institution(id: "kaznu") { country name }
                     c: institution(id: "kaznu") { name: country country: name } }"#;
    for _ in 0..2 {
        let text = app
            .client
            .post(app.url("/graphql"))
            .json(&serde_json::json!({ "query": query }))
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("a body");
        let answer: Value = serde_json::from_str(&text).expect("JSON");
        let (name, country) = (
            answer["data"]["a"]["name"].to_string(),
            answer["data"]["a"]["country"].to_string(),
        );
        assert_ne!(name, country, "{text}");
        let a = format!(r#""a":{{"name":{name},"country":{country}}}"#);
        let b = format!(r#""b":{{"country":{country},"name":{name}}}"#);
        let c = format!(r#""c":{{"name":{country},"country":{name}}}"#);
        for object in [a, b, c] {
            assert!(text.contains(&object), "{object} in {text}");
        }
    }
}
