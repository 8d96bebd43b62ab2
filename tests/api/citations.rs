//! How each fact of the bundled seed is known, read back through GraphQL: where in the press
//! release it is stated and in which words, or why an editor inferred or added it. And the
//! seed's quotes checked against the release itself.

use std::process::Command;

use serde_json::{Value, json};

use crate::helpers::{shared_file, spawn_app, strings, whole};

const PRESS: &str = "kaznu-press-2023-05-19";
const CURATION: &str = "editorial-curation";
const RELEASE: &str = "seed-documents/000_ae8eb87084bdd8dc.txt";

fn check_with_text(text: &std::path::Path) -> std::process::Output {
    let seed = collabgraph::bundled_seed_dir();
    Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["check", seed.to_str().unwrap(), "--source-text"])
        .arg(format!("{PRESS}={}", text.display()))
        .output()
        .expect("run collabgraph")
}

/// Every quote of the bundled seed is in the press release, word for word; and the check
/// notices when one is not, at the place in the seed that quotes it.
#[test]
fn the_bundled_seeds_quotes_are_the_press_releases_words() {
    let Some(release) = shared_file(RELEASE) else {
        return;
    };
    let output = check_with_text(&release);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let text = std::fs::read_to_string(&release).unwrap();
    assert!(text.contains("special laboratory"));
    let dir = tempfile::tempdir().unwrap();
    let altered = dir.path().join("release.txt");
    std::fs::write(
        &altered,
        text.replace("special laboratory", "joint laboratory"),
    )
    .unwrap();
    let output = check_with_text(&altered);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("kaznu-china-2023.json:")
            && stderr.contains("error[quote-not-found] at $.labs[1].sources[0].quote"),
        "the error names the place in the seed that quotes the changed words: {stderr}"
    );
}

/// The citations of one fact, as `[known, source, locator, quote]` rows.
fn rows(citations: &Value) -> Vec<[String; 4]> {
    let text = |v: &Value| v.as_str().unwrap_or("-").to_owned();
    citations
        .as_array()
        .unwrap_or_else(|| panic!("not a list of citations: {citations}"))
        .iter()
        .map(|c| {
            [
                text(&c["known"]),
                text(&c["source"]["slug"]),
                text(&c["locator"]),
                text(&c["quote"]),
            ]
        })
        .collect()
}

fn row(known: &str, source: &str, locator: &str, quote: &str) -> [String; 4] {
    [known, source, locator, quote].map(str::to_owned)
}

const CITATION: &str = "known source { slug } locator quote reason";

#[tokio::test]
async fn the_special_laboratorys_name_is_an_editors_label_and_its_hosts_are_inferred() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{
                lab(id: "kaznu-xieg-joint-lab") {{
                    name nameKnown
                    nameFact: fact(field: "name") {{ field known ownCitations citations {{ {CITATION} }} }}
                    kind: fact(field: "kind") {{ known ownCitations citations {{ {CITATION} }} }}
                    hosts {{ totalCount nodes {{ institution {{ slug }} citations {{ {CITATION} }} }} }}
                }}
            }}"#
        ))
        .await;
    let lab = &data["lab"];
    assert_eq!(lab["nameKnown"], "EDITORIAL");
    let name = &lab["nameFact"];
    assert_eq!(
        (&name["field"], &name["known"]),
        (&json!("name"), &json!("EDITORIAL"))
    );
    assert_eq!(name["ownCitations"], true);
    assert_eq!(
        rows(&name["citations"]),
        [row("EDITORIAL", CURATION, "-", "-")]
    );
    assert!(
        name["citations"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("the release gives no name"),
        "{name}"
    );
    // The kind is not cited on its own: the lab's citations stand for it, and the release
    // states that there will be a special laboratory.
    let kind = &lab["kind"];
    assert_eq!(
        (&kind["known"], &kind["ownCitations"]),
        (&json!("STATED"), &json!(false))
    );
    assert_eq!(
        rows(&kind["citations"]),
        [row(
            "STATED",
            PRESS,
            "¶7",
            "KazNU and the Xinjiang Institute of Ecology and Geography will jointly open a special laboratory within the framework of the partnership"
        )]
    );
    for host in whole(&lab["hosts"]).as_array().unwrap() {
        let citation = &host["citations"][0];
        assert_eq!(citation["known"], "INFERRED", "{host}");
        assert!(
            citation["reason"]
                .as_str()
                .unwrap()
                .contains("will jointly open"),
            "{host}"
        );
    }
}

#[tokio::test]
async fn kaznus_country_is_inferred_from_its_name_and_known_to_the_editors() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{ institution(id: "kaznu") {{
                country nameKnown
                fact(field: "country") {{ known ownCitations citations {{ {CITATION} }} }}
                facts {{ field known }}
            }} }}"#
        ))
        .await;
    let kaznu = &data["institution"];
    assert_eq!(kaznu["country"], "KZ");
    assert_eq!(kaznu["nameKnown"], "STATED");
    let country = &kaznu["fact"];
    assert_eq!(
        country["known"], "INFERRED",
        "the strongest of its two citations"
    );
    assert_eq!(
        rows(&country["citations"]),
        [
            row(
                "INFERRED",
                PRESS,
                "¶4",
                "Al-Farabi Kazakh National University"
            ),
            row("EDITORIAL", CURATION, "-", "-"),
        ]
    );
    assert_eq!(
        kaznu["facts"],
        json!([{ "field": "kind", "known": "INFERRED" }, { "field": "country", "known": "INFERRED" }])
    );
}

#[tokio::test]
async fn the_agreements_are_active_because_the_release_reports_them_concluded() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{ agreements {{ totalCount nodes {{
                slug title nameKnown
                status: fact(field: "status") {{ known citations {{ {CITATION} }} }}
                signed: fact(field: "signed") {{ known citations {{ {CITATION} }} }}
            }} }} }}"#
        ))
        .await;
    let agreements = whole(&data["agreements"]).as_array().unwrap();
    assert_eq!(agreements.len(), 3);
    for agreement in agreements {
        // The release names none of the three documents: their titles are ours.
        assert_eq!(agreement["nameKnown"], "EDITORIAL", "{agreement}");
        let status = &agreement["status"];
        assert_eq!(status["known"], "INFERRED", "{agreement}");
        assert_eq!(
            rows(&status["citations"]),
            [row("INFERRED", PRESS, "¶5", "concluded agreements")],
            "{agreement}"
        );
        assert!(
            status["citations"][0]["reason"]
                .as_str()
                .unwrap()
                .contains("will"),
            "{agreement}"
        );
        assert_eq!(
            rows(&agreement["signed"]["citations"]),
            [row("INFERRED", PRESS, "¶4", "5/19/2023")],
            "the release's own date is the latest the signing can be: {agreement}"
        );
    }
}

#[tokio::test]
async fn a_name_the_release_gives_is_stated_and_cited_with_its_words() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{ person(id: "chen-feng") {{
                name nameKnown
                fact(field: "name") {{ known ownCitations }}
                facts {{ field }}
                citations {{ {CITATION} }}
            }} }}"#
        ))
        .await;
    let person = &data["person"];
    assert_eq!(person["nameKnown"], "STATED");
    assert_eq!(
        person["fact"],
        json!({ "known": "STATED", "ownCitations": false })
    );
    assert_eq!(
        person["facts"],
        json!([]),
        "nothing of his is cited on its own"
    );
    let quotes: Vec<String> = rows(&person["citations"])
        .into_iter()
        .map(|[_, _, _, q]| q)
        .collect();
    assert!(
        quotes.iter().any(|q| q.contains("Chen Feng")),
        "a citation quotes his name: {quotes:?}"
    );
}

/// A relation made from a field of a record (a lab's focus) is cited as that field is.
#[tokio::test]
async fn a_labs_focus_relations_cite_what_the_release_says_of_its_work() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{ lab(id: "kaznu-xieg-joint-lab") {{
                relations(types: [FOCUSES_ON], first: 20) {{ totalCount nodes {{ to {{ id }} citations {{ {CITATION} }} }} }}
            }} }}"#
        ))
        .await;
    let relations = whole(&data["lab"]["relations"]).as_array().unwrap();
    assert_eq!(relations.len(), 7);
    for relation in relations {
        let citations = rows(&relation["citations"]);
        assert_eq!(citations.len(), 3, "{relation}");
        assert!(citations.iter().all(|[known, source, locator, _]| {
            known == "INFERRED" && source == PRESS && locator == "¶7"
        }));
    }
}

#[tokio::test]
async fn asking_for_a_field_without_provenance_names_the_fields_there_are() {
    let app = spawn_app().await;
    let error = app
        .query_error(r#"{ institution(id: "kaznu") { fact(field: "contry") { known } } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("\"contry\""), "{message}");
    assert!(message.contains("did you mean \"country\""), "{message}");
    assert!(
        message.contains("name, acronyms, aliases, kind, country, parent"),
        "{message}"
    );
}

/// Every citation of the release says where (a paragraph) and in which words; every fact not
/// stated says why; every editorial addition cites an editorial source.
#[tokio::test]
async fn every_citation_of_the_seed_says_where_and_why() {
    let app = spawn_app().await;
    let record =
        format!("id citations {{ {CITATION} }} facts {{ field citations {{ {CITATION} }} }}");
    let data = app
        .query(&format!(
            r#"{{
                institutions(first: 100) {{ totalCount nodes {{ {record} }} }}
                people(first: 100) {{ totalCount nodes {{ {record} }} }}
                labs(first: 100) {{ totalCount nodes {{ {record} }} }}
                agreements(first: 100) {{ totalCount nodes {{ {record} }} }}
                topics(first: 100) {{ totalCount nodes {{ {record} }} }}
                events(first: 100) {{ totalCount nodes {{ {record} }} }}
            }}"#
        ))
        .await;
    let mut seen = 0;
    let mut check = |place: &str, citation: &Value| {
        seen += 1;
        let known = citation["known"].as_str().unwrap();
        let source = citation["source"]["slug"].as_str().unwrap();
        if source == PRESS {
            let locator = citation["locator"].as_str().unwrap_or("");
            assert!(
                locator.starts_with('¶') && locator[2..].parse::<u32>().is_ok(),
                "{place}: {citation}"
            );
            assert!(citation["quote"].is_string(), "{place}: {citation}");
        } else {
            assert_eq!(known, "EDITORIAL", "{place}: {citation}");
        }
        if known != "STATED" {
            assert!(citation["reason"].is_string(), "{place}: {citation}");
        }
    };
    for (_, list) in data.as_object().unwrap() {
        for node in whole(list).as_array().unwrap() {
            let id = node["id"].as_str().unwrap();
            for citation in node["citations"].as_array().unwrap() {
                check(id, citation);
            }
            for fact in node["facts"].as_array().unwrap() {
                for citation in fact["citations"].as_array().unwrap() {
                    check(&format!("{id}.{}", fact["field"]), citation);
                }
            }
        }
    }
    assert!(seen > 50, "only {seen} citations");
}

/// The editors' own source supports what they labelled or added, though no record cites it for
/// itself: a record counts for the fields it cites a source for.
#[tokio::test]
async fn the_editors_source_supports_the_records_whose_fields_it_gives() {
    let app = spawn_app().await;
    let data = app
        .query(r#"{ source(id: "editorial-curation") { supports(first: 100) { totalCount nodes { id } } } }"#)
        .await;
    let ids = crate::helpers::strings(whole(&data["source"]["supports"]), "/id");
    for id in [
        "Institution:kaznu",
        "Lab:kaznu-xieg-joint-lab",
        "Agreement:mou-kaznu-cup-2023",
        "Agreement:mou-kaznu-xieg-2023",
        "Agreement:mou-kaznu-szu-2023",
        "Topic:satellite-imagery",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} is not among {ids:?}");
    }
    assert!(!ids.iter().any(|i| i == "Person:chen-feng"), "{ids:?}");
}

/// What a source supports, in its own words: each record it supports, with only its citations.
#[tokio::test]
async fn a_source_lists_what_it_supports_with_its_quotes() {
    let app = spawn_app().await;
    let data = app
        .query(&format!(
            r#"{{
                source(id: "editorial-curation") {{
                    supports(first: 100) {{ totalCount nodes {{
                        id
                        citations(source: "editorial-curation") {{ {CITATION} }}
                        facts {{ field citations(source: "Source:editorial-curation") {{ {CITATION} }} }}
                    }} }}
                }}
                institution(id: "kaznu") {{
                    press: citations(source: "kaznu-press-2023-05-19") {{ locator }}
                    all: citations {{ locator }}
                }}
            }}"#
        ))
        .await;
    let kaznu = &data["institution"];
    assert_eq!(kaznu["press"], kaznu["all"]);
    assert_eq!(kaznu["press"].as_array().unwrap().len(), 2);
    let mut reasons = Vec::new();
    for node in whole(&data["source"]["supports"]).as_array().unwrap() {
        // The editors' source is cited only for fields, never for a whole record.
        assert_eq!(node["citations"], json!([]), "{node}");
        for fact in node["facts"].as_array().unwrap() {
            for citation in fact["citations"].as_array().unwrap() {
                assert_eq!(citation["source"]["slug"], CURATION, "{node}");
                reasons.push(format!("{}.{}", node["id"], fact["field"]));
            }
        }
    }
    assert!(
        reasons
            .iter()
            .any(|r| r == r#""Institution:kaznu"."country""#),
        "{reasons:?}"
    );

    let error = app
        .query_error(
            r#"{ institution(id: "kaznu") { citations(source: "kaznu-pres-2023-05-19") { quote } } }"#,
        )
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("did you mean \"kaznu-press-2023-05-19\""),
        "{error}"
    );
}

/// What the release states between records is a relation of its own: the special laboratory
/// is opened to intensify the work of KazNU's remote-sensing centre, and KazNU's head met the
/// three partner heads during the trip.
#[tokio::test]
async fn the_release_s_relations_between_records_are_typed_and_cited() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
              lab(id: "kaznu-xieg-joint-lab") {
                strengthens { nodes { name } }
                relations(types: [STRENGTHENS]) { nodes { id citations { locator known reason } } }
              }
              centre: lab(id: "kaznu-remote-sensing-centre") { strengthenedBy { nodes { slug } } }
              rector: person(id: "zhanseit-tuimebayev") {
                met { totalCount nodes { person { slug } during { slug } citations { locator quote known } } }
              }
              chen: person(id: "chen-feng") { met { nodes { person { slug } during { slug } } } }
            }"#,
        )
        .await;
    let lab = &data["lab"];
    assert_eq!(
        lab["strengthens"]["nodes"],
        json!([{"name": "Center for Remote Sensing of the Earth"}]),
        "{data}"
    );
    let relation = &lab["relations"]["nodes"][0];
    assert_eq!(
        relation["id"],
        "STRENGTHENS:kaznu-xieg-joint-lab>kaznu-remote-sensing-centre"
    );
    assert_eq!(relation["citations"][0]["locator"], "¶7");
    assert_eq!(relation["citations"][0]["known"], "INFERRED");
    assert!(relation["citations"][0]["reason"].is_string());
    assert_eq!(
        data["centre"]["strengthenedBy"]["nodes"],
        json!([{"slug": "kaznu-xieg-joint-lab"}])
    );
    let met = &data["rector"]["met"];
    assert_eq!(met["totalCount"], 3);
    assert_eq!(
        strings(&met["nodes"], "/person/slug"),
        ["chen-feng", "zhang-yuanming", "zhang-xueji"]
    );
    for meeting in met["nodes"].as_array().unwrap() {
        assert_eq!(meeting["during"]["slug"], "kaznu-china-working-trip-2023");
        let citations = &meeting["citations"];
        assert_eq!(citations[0]["locator"], "¶5", "{meeting}");
        assert_eq!(citations[0]["known"], "STATED");
        // That they met during the trip is the editors' reading of ¶4.
        assert_eq!(citations[1]["locator"], "¶4");
        assert_eq!(citations[1]["known"], "INFERRED");
    }
    assert_eq!(
        data["chen"]["met"]["nodes"],
        json!([{"person": {"slug": "zhanseit-tuimebayev"}, "during": {"slug": "kaznu-china-working-trip-2023"}}]),
        "a meeting is seen from both people"
    );
}

/// Every list of citations, on records, relations, facts and the values an institution
/// carries, can be narrowed to one source.
#[tokio::test]
async fn every_citation_list_takes_a_source() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
              cup: institution(id: "cup") {
                names { value editors: citations(source: "editorial-names") { source { slug } } press: citations(source: "kaznu-press-2023-05-19") { quote } }
                founded { citations(source: "kaznu-press-2023-05-19") { locator } }
                counts(metric: "students") { citations(source: "editorial-curation") { locator } }
              }
              agreement(id: "mou-kaznu-cup-2023") {
                parties { nodes { citations(source: "kaznu-press-2023-05-19") { locator } } }
                signatories { nodes { citations(source: "editorial-curation") { locator } } }
              }
              person(id: "zhanseit-tuimebayev") { positions { nodes { citations(source: "kaznu-press-2023-05-19") { locator } } } }
            }"#,
        )
        .await;
    let names = data["cup"]["names"].as_array().unwrap();
    assert!(!names.is_empty(), "{data}");
    for name in names {
        assert_eq!(
            name["editors"][0]["source"]["slug"], "editorial-names",
            "{name}"
        );
        assert_eq!(name["press"], json!([]), "{name}");
    }
    assert_eq!(data["cup"]["founded"]["citations"][0]["locator"], "¶9");
    assert_eq!(data["cup"]["counts"][0]["citations"], json!([]));
    for party in data["agreement"]["parties"]["nodes"].as_array().unwrap() {
        assert!(
            !party["citations"].as_array().unwrap().is_empty(),
            "{party}"
        );
    }
    let positions = &data["person"]["positions"]["nodes"];
    assert!(
        positions[0]["citations"][0]["locator"].is_string(),
        "{data}"
    );
    let error = app
        .query_error(r#"{ institution(id: "cup") { founded { citations(source: "kaznu-pres") { locator } } } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND", "{error}");
}
