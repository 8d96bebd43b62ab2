//! `collabgraph import ror`: registry records in, as a seed that `check` accepts and `serve`
//! serves beside the curated one; on a fixture written here in ROR's format, and on the real
//! records in `../shared/realdata/`.

use std::{path::Path, process::Command};

use serde_json::{Value, json};

use crate::helpers::{TestApp, shared_file, spawn_app_with, strings};

/// Runs `collabgraph import ror` on `records`, writing `out`; its stderr.
fn import(records: &Path, out: &Path, extra: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["import", "ror"])
        .arg(records)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// The bundled seed with `ror.json` beside it, served.
async fn served_beside_the_bundled_seed(ror: &Path) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(collabgraph::bundled_seed_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    std::fs::copy(ror, dir.path().join("ror.json")).unwrap();
    let graph = collabgraph::load_graph(dir.path()).unwrap_or_else(|report| panic!("{report}"));
    (spawn_app_with(graph).await, dir)
}

const RECORD: &str = r#"{"id": "https://ror.org/0aaaaaa01", "status": "active", "established": 1934,
  "types": ["education"], "domains": ["farabi.university"],
  "names": [{"value": "Al-Farabi Kazakh National University", "lang": "en", "types": ["ror_display", "label"]},
            {"value": "Әл-Фараби атындағы Қазақ ұлттық университеті", "lang": "kk", "types": ["label"]}],
  "locations": [{"geonames_id": 1526384, "geonames_details": {"country_code": "KZ", "name": "Almaty",
                 "country_subdivision_name": "Almaty", "lat": 43.25, "lng": 76.91667}}],
  "external_ids": [{"type": "wikidata", "all": ["Q427677"], "preferred": null}],
  "links": [{"type": "website", "value": "https://farabi.university"}],
  "relationships": [{"type": "related", "label": "X", "id": "https://ror.org/0zzzzzz99"}]}"#;

#[tokio::test]
async fn imported_records_are_served_beside_the_curated_seed_with_their_citations() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("ror.jsonl");
    std::fs::write(&records, RECORD.replace('\n', " ") + "\n").unwrap();
    let out = dir.path().join("ror.json");
    let report = import(&records, &out, &["--release", "v2.9"]);
    assert!(report.contains("1 institutions from 1 records"), "{report}");
    assert!(
        report.contains("relationships to records outside the import"),
        "{report}"
    );
    let (app, _seed) = served_beside_the_bundled_seed(&out).await;
    let data = app
        .query(
            r#"{ institution(ror: "https://ror.org/0aaaaaa01") {
                 id ror status types domains founded { year citations { source { title } locator } }
                 externalIds { scheme value preferred url }
                 locations { city subdivision country lat lng geonamesId citations { locator } }
                 links { kind url } names { value lang } }
               kaznu: institution(id: "kaznu") { ror externalIds { value } } }"#,
        )
        .await;
    let institution = &data["institution"];
    assert_eq!(institution["id"], "Institution:ror-0aaaaaa01", "{data}");
    assert_eq!(institution["ror"], "0aaaaaa01");
    assert_eq!(institution["status"], "ACTIVE");
    assert_eq!(institution["types"], json!(["EDUCATION"]));
    assert_eq!(institution["domains"], json!(["farabi.university"]));
    assert_eq!(
        institution["founded"],
        json!({"year": 1934, "citations": [{"source": {"title": "ROR data release v2.9"}, "locator": "https://ror.org/0aaaaaa01"}]})
    );
    assert_eq!(
        institution["externalIds"],
        json!([
            {"scheme": "ROR", "value": "0aaaaaa01", "preferred": true, "url": "https://ror.org/0aaaaaa01"},
            {"scheme": "WIKIDATA", "value": "Q427677", "preferred": false, "url": "https://www.wikidata.org/wiki/Q427677"}
        ])
    );
    assert_eq!(
        institution["locations"],
        json!([{"city": "Almaty", "subdivision": "Almaty", "country": "KZ", "lat": 43.25, "lng": 76.91667,
                "geonamesId": 1526384, "citations": [{"locator": "https://ror.org/0aaaaaa01"}]}])
    );
    assert_eq!(
        institution["links"],
        json!([{"kind": "WEBSITE", "url": "https://farabi.university"}])
    );
    assert_eq!(institution["names"][0]["lang"], "kk");
    // The curated KazNU carries its real ROR id, which this fixture's record does not have.
    assert_eq!(
        data["kaznu"],
        json!({"ror": "03q0vrn42", "externalIds": [{"value": "03q0vrn42"}]})
    );
    let filtered = app
        .query(
            r#"{ found: institutions(filter: {city: "ALMATY", status: [ACTIVE], types: [EDUCATION], hasExternalId: WIKIDATA}) { totalCount nodes { id } }
                 none: institutions(filter: {status: [INACTIVE, WITHDRAWN]}) { totalCount }
                 withRor: institutions(filter: {hasExternalId: ROR}) { totalCount } }"#,
        )
        .await;
    assert_eq!(
        filtered["found"],
        json!({"totalCount": 1, "nodes": [{"id": "Institution:ror-0aaaaaa01"}]}),
        "{filtered}"
    );
    assert_eq!(filtered["none"]["totalCount"], 0);
    // The fixture's record, and the curated KazNU, SZU and CAS with their real ROR ids.
    assert_eq!(filtered["withRor"]["totalCount"], 4);
    let error = app
        .query_error(r#"{ institution(id: "kaznu", ror: "0aaaaaa01") { id } }"#)
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_USER_INPUT", "{error}");
}

#[tokio::test]
async fn a_file_that_is_not_ror_records_is_refused_with_where() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("bad.jsonl");
    std::fs::write(
        &records,
        format!("{}\n{{\"id\": 7}}\n", RECORD.replace('\n', " ")),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["import", "ror"])
        .arg(&records)
        .arg("--out")
        .arg(dir.path().join("out.json"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2: not a ROR v2 record"), "{stderr}");
    assert!(
        !dir.path().join("out.json").exists(),
        "nothing is written from a broken file"
    );
}

/// The real ROR records: every one imports, and the press release's institutions are there,
/// China University of Petroleum twice.
#[tokio::test]
async fn the_real_ror_records_import_and_serve_beside_the_bundled_seed() {
    let (Some(records), Some(index)) = (
        shared_file("realdata/ror/ror-v2-latest.jsonl"),
        shared_file("realdata/ror/ror-v2-latest.index.tsv"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ror.json");
    let index = index.to_str().unwrap().to_owned();
    let report = import(&records, &out, &["--release-index", &index]);
    assert!(
        report.contains("35990 institutions from 35990 records"),
        "{report}"
    );
    let (app, seed) = served_beside_the_bundled_seed(&out).await;
    // The curated institutions against the registry: linked where the curators added the id
    // reconcile proposed, both China Universities of Petroleum listed, XIEG not in this subset.
    let output = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .arg("reconcile")
        .arg(seed.path())
        .output()
        .unwrap();
    let proposals = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{proposals}");
    for expected in [
        "kaznu (Al-Farabi Kazakh National University, KZ):\n  linked: ROR 03q0vrn42",
        "cup (China University of Petroleum, CN):\n  ambiguous: 2 candidates score alike",
        "China University of Petroleum, Beijing (CN, founded 1953), ROR 041qf4r12",
        "China University of Petroleum, East China (CN, founded 1953), ROR 05gbn2817",
        "xieg (Xinjiang Institute of Ecology and Geography, CN):\n  no registry record matches",
        "szu (Shenzhen University, CN):\n  linked: ROR 01vy4gh70",
        "cas (Chinese Academy of Sciences, CN):\n  linked: ROR 034t30j35",
    ] {
        assert!(
            proposals.contains(expected),
            "{expected:?} is not in:\n{proposals}"
        );
    }
    let data = app
        .query(
            r#"{ linked: institution(ror: "03q0vrn42") { id }
                 kaznu: institution(id: "ror-03q0vrn42") {
                   id name country locations { city }
                   founded { year citations { source { title } locator } }
                   names { value lang sources { slug } }
                   sources { slug }
                 }
                 szu: institution(id: "szu") { founded { year citations { source { slug } } } fact(field: "founded") { disputed } }
                 prishtina: institution(name: "University of Prishtina") { country ror }
                 kazakh: search(text: "Ал-Фараби атындагы Казак улттык университети", first: 1) { node { id } }
                 latin: search(text: "Kazakhskii natsionalnyi universitet imeni al-Farabi", first: 1) { node { id } }
                 ohio: search(text: "University of Ohio", types: [INSTITUTION], first: 1) { node { label } }
                 cas: institution(id: "cas") { children { totalCount } }
                 withdrawn: institutions(filter: {status: [WITHDRAWN]}) { totalCount }
                 inactive: institutions(filter: {status: [INACTIVE]}) { totalCount }
                 cup: search(text: "China University of Petroleum", types: [INSTITUTION], first: 10) { node { id label } }
                 stats { byType { type count } } }"#,
        )
        .await;
    // Linked records are one institution: the curated one, found by the registry's id too,
    // with the release's facts and the registry's, each with its own citations.
    assert_eq!(data["linked"]["id"], "Institution:kaznu", "{data}");
    let kaznu = &data["kaznu"];
    assert_eq!(kaznu["id"], "Institution:kaznu");
    assert_eq!(kaznu["locations"][0]["city"], "Almaty");
    // The release gives no founding year for KazNU; ROR's 1934 is cited to ROR.
    assert_eq!(kaznu["founded"]["year"], 1934);
    let release = kaznu["founded"]["citations"][0]["source"]["title"]
        .as_str()
        .unwrap();
    assert!(release.starts_with("ROR data release v"), "{release}");
    assert_eq!(
        kaznu["founded"]["citations"][0]["locator"],
        "https://ror.org/03q0vrn42"
    );
    let sources = strings(&kaznu["sources"], "/slug");
    assert_eq!(sources[0], "kaznu-press-2023-05-19", "{sources:?}");
    assert!(sources[1].starts_with("ror-v"), "{sources:?}");
    // The same Kazakh name from the editors and from ROR is one name.
    let kazakh: Vec<&Value> = kaznu["names"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["lang"] == "kk")
        .collect();
    assert!(!kazakh.is_empty(), "{kaznu}");
    // SZU's founding year is the release's and ROR's: one value, both citations.
    let cited = strings(&data["szu"]["founded"]["citations"], "/source/slug");
    assert_eq!(cited.len(), 2, "{data}");
    assert_eq!(data["szu"]["fact"]["disputed"], false);
    assert_eq!(data["prishtina"]["country"], "XK", "{data}");
    // KazNU's Kazakh name typed on a Russian keyboard, and its Russian name in Latin letters.
    assert_eq!(
        data["kazakh"][0]["node"]["id"], "Institution:kaznu",
        "{data}"
    );
    assert_eq!(
        data["latin"][0]["node"]["id"], "Institution:kaznu",
        "{data}"
    );
    // "of" need not be in the name.
    assert_eq!(
        data["ohio"][0]["node"]["label"], "Ohio University",
        "{data}"
    );
    // As the data's README counts them: every record is kept, whatever its status.
    assert_eq!(data["withdrawn"]["totalCount"], 190);
    // ROR's institutes of the Chinese Academy of Sciences are the curated CAS's children now.
    let children = data["cas"]["children"]["totalCount"].as_u64().unwrap();
    assert!(children > 10, "{children} children of CAS");
    assert_eq!(data["inactive"]["totalCount"], 725);
    let cups: Vec<String> = strings(&data["cup"], "/node/id")
        .into_iter()
        .filter(|id| id == "Institution:ror-041qf4r12" || id == "Institution:ror-05gbn2817")
        .collect();
    assert_eq!(
        cups.len(),
        2,
        "both China Universities of Petroleum: {data}"
    );
    let institutions: Value = data["stats"]["byType"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["type"] == "INSTITUTION")
        .unwrap()["count"]
        .clone();
    assert_eq!(
        institutions,
        35990 + 5 - 3,
        "KazNU, SZU and CAS are each one institution"
    );
}
