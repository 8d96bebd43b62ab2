//! Every fact of the press release "KazNU establishes a partnership with leading universities of
//! China" (KazNU press service, 19 May 2023), asked for through GraphQL over HTTP and checked
//! against the exact values of the bundled seed (`seed/kaznu-china-2023.json`).

use serde_json::{Value, json};

use crate::helpers::{spawn_app, strings, whole};

/// The press release's seed id.
const PRESS: &str = "kaznu-press-2023-05-19";
/// The editors' source for names in other languages and scripts.
const EDITORIAL: &str = "editorial-names";

const MOU_CUP: &str = "mou-kaznu-cup-2023";
const MOU_XIEG: &str = "mou-kaznu-xieg-2023";
const MOU_SZU: &str = "mou-kaznu-szu-2023";
const JOINT_LAB: &str = "kaznu-xieg-joint-lab";

/// The joint lab's research areas, in the order the seed gives them.
const JOINT_LAB_TOPICS: [&str; 7] = [
    "remote-sensing",
    "geoinformation-systems",
    "satellite-imagery",
    "agriculture",
    "emergencies",
    "climate-change",
    "ecology",
];

/// The `slug` of each element of an array.
fn slugs(array: &Value) -> Vec<String> {
    strings(array, "/slug")
}

/// The 19 May 2023 as the API returns a day-precision date.
fn may_19_2023() -> Value {
    json!({ "value": "2023-05-19", "year": 2023, "precision": "DAY" })
}

/// "On or before 19 May 2023": the press release's date, the latest the event can have been.
fn on_or_before_may_19_2023() -> Value {
    json!({ "date": may_19_2023(), "qualifier": "ON_OR_BEFORE" })
}

/// A list of sources that is just the press release.
fn press_only() -> Value {
    json!([{ "slug": PRESS }])
}

// ---------------------------------------------------------------------------------------------
// Founding years
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_partner_founded_first_is_the_china_university_of_petroleum() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                institutions(orderBy: { field: FOUNDED }) {
                    totalCount
                    nodes { slug founded { year note sources { slug } } }
                }
                first: institutions(orderBy: { field: FOUNDED }, first: 1) { nodes { slug name } }
            }"#,
        )
        .await;
    let list = &data["institutions"];
    assert_eq!(list["totalCount"], 5);
    // Known years first (1953 before 1983), then the unknown ones by name.
    assert_eq!(
        slugs(&list["nodes"]),
        ["cup", "szu", "kaznu", "cas", "xieg"]
    );
    assert_eq!(
        list["nodes"][0]["founded"],
        json!({ "year": 1953, "note": "opened in 1953", "sources": press_only() })
    );
    assert_eq!(
        list["nodes"][1]["founded"],
        json!({ "year": 1983, "note": null, "sources": press_only() })
    );
    assert_eq!(
        data["first"]["nodes"],
        json!([{ "slug": "cup", "name": "China University of Petroleum" }])
    );
}

#[tokio::test]
async fn the_china_university_of_petroleum_opened_in_1953_and_shenzhen_university_in_1983() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                before1960: institutions(filter: { foundedTo: 1960 }) { nodes { slug } }
                from1960: institutions(filter: { foundedFrom: 1960 }) { nodes { slug } }
                in1983: institutions(filter: { foundedFrom: 1983, foundedTo: 1983 }) { nodes { slug } }
            }"#,
        )
        .await;
    assert_eq!(slugs(&data["before1960"]["nodes"]), ["cup"]);
    assert_eq!(slugs(&data["from1960"]["nodes"]), ["szu"]);
    assert_eq!(slugs(&data["in1983"]["nodes"]), ["szu"]);
}

#[tokio::test]
async fn kaznu_xieg_and_cas_have_no_founding_year_in_the_press_release() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                kaznu: institution(id: "kaznu") { founded { year } }
                xieg: institution(id: "xieg") { founded { year } }
                cas: institution(id: "cas") { founded { year } }
            }"#,
        )
        .await;
    assert_eq!(
        data,
        json!({ "kaznu": { "founded": null }, "xieg": { "founded": null }, "cas": { "founded": null } })
    );
}

// ---------------------------------------------------------------------------------------------
// Who signed for whom, and people's posts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
/// The release says he "signed a memorandum" (¶4) and "concluded agreements" (¶5); only the
/// memorandum with CUP is called a memorandum (¶9), so only that one is signed.
async fn tuimebayev_signed_the_memorandum_and_concluded_the_other_agreements_for_kaznu() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                person(id: "zhanseit-tuimebayev") {
                    name
                    signed { totalCount nodes { agreement { slug } onBehalfOf { slug } role sources { slug } } }
                }
                agreements(filter: { signatory: "zhanseit-tuimebayev" }) { totalCount }
            }"#,
        )
        .await;
    let person = &data["person"];
    assert_eq!(person["name"], "Zhanseit Tuimebayev");
    let signed = |agreement: &str, role: &str| json!({ "agreement": { "slug": agreement }, "onBehalfOf": { "slug": "kaznu" }, "role": role, "sources": press_only() });
    assert_eq!(
        whole(&person["signed"]),
        &json!([
            signed(MOU_CUP, "SIGNED"),
            signed(MOU_XIEG, "CONCLUDED"),
            signed(MOU_SZU, "CONCLUDED")
        ])
    );
    assert_eq!(data["agreements"]["totalCount"], 3);
}

#[tokio::test]
async fn each_partner_head_concluded_the_agreement_for_their_own_institution() {
    let app = spawn_app().await;
    let query = r#"query ($id: ID!) {
        agreement(id: $id) { signatories { totalCount nodes { person { slug } onBehalfOf { slug } role sources { slug } } } }
    }"#;
    for (agreement, rector, head, partner) in [
        (MOU_CUP, "SIGNED", "chen-feng", "cup"),
        (MOU_XIEG, "CONCLUDED", "zhang-yuanming", "xieg"),
        (MOU_SZU, "CONCLUDED", "zhang-xueji", "szu"),
    ] {
        let data = app.query_with(query, json!({ "id": agreement })).await;
        assert_eq!(
            whole(&data["agreement"]["signatories"]),
            &json!([
                { "person": { "slug": "zhanseit-tuimebayev" }, "onBehalfOf": { "slug": "kaznu" }, "role": rector, "sources": press_only() },
                { "person": { "slug": head }, "onBehalfOf": { "slug": partner }, "role": "CONCLUDED", "sources": press_only() },
            ]),
            "{agreement}"
        );
    }
}

#[tokio::test]
async fn each_partner_head_concluded_exactly_one_memorandum() {
    let app = spawn_app().await;
    let query = r#"query ($person: ID!) {
        person(id: $person) { signed { totalCount nodes { agreement { slug } onBehalfOf { slug } role } } }
        agreements(filter: { signatory: $person }) { nodes { slug } }
    }"#;
    for (head, agreement, partner) in [
        ("chen-feng", MOU_CUP, "cup"),
        ("zhang-yuanming", MOU_XIEG, "xieg"),
        ("zhang-xueji", MOU_SZU, "szu"),
    ] {
        let data = app.query_with(query, json!({ "person": head })).await;
        assert_eq!(
            whole(&data["person"]["signed"]),
            &json!([{ "agreement": { "slug": agreement }, "onBehalfOf": { "slug": partner }, "role": "CONCLUDED" }]),
            "{head}"
        );
        assert_eq!(slugs(&data["agreements"]["nodes"]), [agreement], "{head}");
    }
}

#[tokio::test]
async fn the_four_people_hold_the_posts_the_press_release_gives() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                people {
                    totalCount
                    nodes {
                        slug name
                        positions {
                            totalCount
                            nodes { title institution { slug } asOf { value year precision } from { value } to { value } current sources { slug } }
                        }
                    }
                }
            }"#,
        )
        .await;
    assert_eq!(data["people"]["totalCount"], 4);
    let person = |slug: &str, name: &str, title: &str, institution: &str| {
        json!({
            "slug": slug,
            "name": name,
            "positions": {
                "totalCount": 1,
                "nodes": [{
                    "title": title,
                    "institution": { "slug": institution },
                    "asOf": may_19_2023(),
                    "from": null,
                    "to": null,
                    "current": true,
                    "sources": press_only(),
                }],
            },
        })
    };
    // Ordered by name.
    assert_eq!(
        data["people"]["nodes"],
        json!([
            person("chen-feng", "Chen Feng", "Chancellor", "cup"),
            person("zhang-xueji", "Zhang Xueji", "Vice President", "szu"),
            person(
                "zhang-yuanming",
                "Zhang Yuanming",
                "Director General",
                "xieg"
            ),
            person(
                "zhanseit-tuimebayev",
                "Zhanseit Tuimebayev",
                "Chairman of the Board-Rector",
                "kaznu"
            ),
        ])
    );
}

#[tokio::test]
async fn each_institution_lists_the_post_its_head_holds() {
    let app = spawn_app().await;
    let query = r#"query ($id: ID!) {
        institution(id: $id) { people { totalCount nodes { title person { slug } } } }
        people(filter: { institution: $id }) { nodes { slug } }
    }"#;
    for (institution, title, person) in [
        (
            "kaznu",
            "Chairman of the Board-Rector",
            "zhanseit-tuimebayev",
        ),
        ("cup", "Chancellor", "chen-feng"),
        ("xieg", "Director General", "zhang-yuanming"),
        ("szu", "Vice President", "zhang-xueji"),
    ] {
        let data = app.query_with(query, json!({ "id": institution })).await;
        assert_eq!(
            whole(&data["institution"]["people"]),
            &json!([{ "title": title, "person": { "slug": person } }]),
            "{institution}"
        );
        assert_eq!(slugs(&data["people"]["nodes"]), [person], "{institution}");
    }
    let data = app
        .query(r#"{ institution(id: "cas") { people { totalCount nodes { title } } } }"#)
        .await;
    assert_eq!(
        data["institution"]["people"],
        json!({ "totalCount": 0, "nodes": [] })
    );
}

#[tokio::test]
async fn people_can_be_found_by_their_title() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                chancellor: people(filter: { title: "chancellor" }) { nodes { slug } }
                rector: people(filter: { title: "board-rector" }) { nodes { slug } }
                anyRector: people(filter: { title: "rector" }) { nodes { slug } }
                director: people(filter: { title: "Director General" }) { nodes { slug } }
                vice: people(filter: { title: "vice president", institution: "szu" }) { nodes { slug } }
                nobody: people(filter: { title: "vice president", institution: "cup" }) { nodes { slug } }
            }"#,
        )
        .await;
    assert_eq!(slugs(&data["chancellor"]["nodes"]), ["chen-feng"]);
    assert_eq!(slugs(&data["rector"]["nodes"]), ["zhanseit-tuimebayev"]);
    // The title filter matches words: "Director General" does not have the word "rector".
    assert_eq!(slugs(&data["anyRector"]["nodes"]), ["zhanseit-tuimebayev"]);
    assert_eq!(slugs(&data["director"]["nodes"]), ["zhang-yuanming"]);
    assert_eq!(slugs(&data["vice"]["nodes"]), ["zhang-xueji"]);
    assert_eq!(data["nobody"]["nodes"], json!([]));
}

// ---------------------------------------------------------------------------------------------
// Labs, centres and networks
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_planned_joint_lab_is_hosted_by_kaznu_and_xieg_and_set_up_by_their_memorandum() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                lab(id: "kaznu-xieg-joint-lab") {
                    name kind status opened { qualifier }
                    hosts { totalCount nodes { institution { slug } note sources { slug } } }
                    establishedBy { totalCount nodes { slug } }
                    focus { slug }
                    sources { slug }
                }
                byName: lab(name: "KazNU–XIEG special laboratory") { slug }
                byHyphenatedName: lab(name: "kaznu-xieg special laboratory") { slug }
                planned: labs(filter: { status: PLANNED }) { totalCount nodes { slug } }
                hostedByBoth: labs(filter: { host: "xieg", kind: LABORATORY }) { nodes { slug } }
            }"#,
        )
        .await;
    let lab = &data["lab"];
    assert_eq!(lab["name"], "KazNU–XIEG special laboratory");
    assert_eq!(lab["kind"], "LABORATORY");
    assert_eq!(lab["status"], "PLANNED");
    assert_eq!(
        lab["opened"],
        Value::Null,
        "not opened yet, and no date is given"
    );
    assert_eq!(
        whole(&lab["hosts"]),
        &json!([
            { "institution": { "slug": "kaznu" }, "note": null, "sources": press_only() },
            { "institution": { "slug": "xieg" }, "note": null, "sources": press_only() },
        ])
    );
    assert_eq!(slugs(whole(&lab["establishedBy"])), [MOU_XIEG]);
    assert_eq!(slugs(&lab["focus"]), JOINT_LAB_TOPICS);
    assert_eq!(lab["sources"], press_only());
    assert_eq!(data["byName"]["slug"], JOINT_LAB);
    assert_eq!(
        data["byHyphenatedName"]["slug"], JOINT_LAB,
        "a hyphen for the en dash, in any case"
    );
    assert_eq!(data["planned"]["totalCount"], 1);
    assert_eq!(slugs(&data["planned"]["nodes"]), [JOINT_LAB]);
    assert_eq!(slugs(&data["hostedByBoth"]["nodes"]), [JOINT_LAB]);
}

#[tokio::test]
async fn the_joint_lab_will_run_analytical_studies_on_geoinformation_and_satellite_data() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                lab(id: "kaznu-xieg-joint-lab") { description }
                topic(id: "satellite-imagery") { name broader { slug } labs { totalCount nodes { slug } } }
                gis: labs(filter: { topic: "geoinformation-systems" }) { nodes { slug } }
                climate: labs(filter: { topic: "climate-change" }) { nodes { slug } }
            }"#,
        )
        .await;
    assert_eq!(
        data["lab"]["description"],
        "A special laboratory that KazNU and the Xinjiang Institute of Ecology and Geography will jointly open \
         within the framework of the partnership, in order to further intensify work in remote sensing of the \
         Earth. Various analytical studies are planned in it using data obtained on the basis of geoinformation \
         systems and satellite images; this work will help prevent threats in such areas as agriculture, \
         emergencies, climate change and ecology."
    );
    assert_eq!(
        data["topic"],
        json!({
            "name": "Satellite imagery",
            "broader": { "slug": "remote-sensing" },
            "labs": { "totalCount": 1, "nodes": [{ "slug": JOINT_LAB }] },
        })
    );
    assert_eq!(slugs(&data["gis"]["nodes"]), [JOINT_LAB]);
    assert_eq!(slugs(&data["climate"]["nodes"]), [JOINT_LAB]);
}

#[tokio::test]
async fn the_joint_lab_helps_prevent_threats_in_agriculture_emergencies_climate_change_and_ecology()
{
    let app = spawn_app().await;
    let data = app
        .query(r#"{ lab(id: "kaznu-xieg-joint-lab") { focus { slug name } } }"#)
        .await;
    assert_eq!(
        data["lab"]["focus"],
        json!([
            { "slug": "remote-sensing", "name": "Remote sensing of the Earth" },
            { "slug": "geoinformation-systems", "name": "Geoinformation systems" },
            { "slug": "satellite-imagery", "name": "Satellite imagery" },
            { "slug": "agriculture", "name": "Agriculture" },
            { "slug": "emergencies", "name": "Emergencies" },
            { "slug": "climate-change", "name": "Climate change" },
            { "slug": "ecology", "name": "Ecology" },
        ])
    );
}

#[tokio::test]
async fn kaznu_already_has_an_active_center_for_remote_sensing_of_the_earth() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                lab(name: "Center for Remote Sensing of the Earth") {
                    slug kind status
                    opened { date { value year precision } qualifier }
                    hosts { totalCount nodes { institution { slug } sources { slug } } }
                    focus { slug }
                    establishedBy { totalCount nodes { slug } }
                }
                institution(id: "kaznu") {
                    active: labs(status: ACTIVE) { totalCount nodes { lab { slug } } }
                    planned: labs(status: PLANNED) { totalCount nodes { lab { slug } } }
                }
                topic(id: "remote-sensing") { labs { totalCount nodes { slug } } }
            }"#,
        )
        .await;
    assert_eq!(
        data["lab"],
        json!({
            "slug": "kaznu-remote-sensing-centre",
            "kind": "CENTRE",
            "status": "ACTIVE",
            "opened": on_or_before_may_19_2023(),
            "hosts": {
                "totalCount": 1,
                "nodes": [{ "institution": { "slug": "kaznu" }, "sources": press_only() }],
            },
            "focus": [{ "slug": "remote-sensing" }],
            "establishedBy": { "totalCount": 0, "nodes": [] },
        })
    );
    assert_eq!(
        strings(whole(&data["institution"]["active"]), "/lab/slug"),
        ["kaznu-remote-sensing-centre"]
    );
    assert_eq!(
        strings(whole(&data["institution"]["planned"]), "/lab/slug"),
        [JOINT_LAB]
    );
    assert_eq!(
        slugs(whole(&data["topic"]["labs"])),
        ["kaznu-remote-sensing-centre", JOINT_LAB]
    );
}

#[tokio::test]
async fn xieg_established_an_environmental_monitoring_network_in_central_asia_with_other_organizations()
 {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                lab(id: "xieg-central-asia-monitoring-network") {
                    name kind status
                    opened { date { value } qualifier }
                    hosts { totalCount nodes { institution { slug } note sources { slug } } }
                    focus { slug name }
                }
                networks: labs(filter: { kind: NETWORK }) { nodes { slug } }
                xiegActive: labs(filter: { host: "xieg", status: ACTIVE }) { nodes { slug } }
            }"#,
        )
        .await;
    assert_eq!(
        data["lab"],
        json!({
            "name": "Environmental monitoring network in Central Asia",
            "kind": "NETWORK",
            "status": "ACTIVE",
            "opened": { "date": { "value": "2023-05-19" }, "qualifier": "ON_OR_BEFORE" },
            "hosts": {
                "totalCount": 1,
                "nodes": [{
                    "institution": { "slug": "xieg" },
                    "note": "established together with other organizations",
                    "sources": press_only(),
                }],
            },
            "focus": [{ "slug": "environmental-monitoring", "name": "Environmental monitoring" }],
        })
    );
    assert_eq!(
        slugs(&data["networks"]["nodes"]),
        ["xieg-central-asia-monitoring-network"]
    );
    assert_eq!(
        slugs(&data["xiegActive"]["nodes"]),
        ["xieg-central-asia-monitoring-network"]
    );
}

// ---------------------------------------------------------------------------------------------
// Rankings
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn shenzhen_university_ranks_201_600_and_124_with_system_edition_and_scope() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                institution(id: "szu") {
                    rankings { system edition rank scope sources { slug } }
                    qs: rankings(system: "qs") { system rank }
                    shanghai: rankings(system: "shanghairanking") { rank edition scope }
                }
            }"#,
        )
        .await;
    let szu = &data["institution"];
    assert_eq!(
        szu["rankings"],
        json!([
            { "system": "ShanghaiRanking", "edition": null, "rank": 201, "scope": "UNSPECIFIED", "sources": press_only() },
            { "system": "QS World University Rankings", "edition": 2023, "rank": 600, "scope": "WORLD", "sources": press_only() },
            { "system": "QS Asian University Rankings", "edition": 2023, "rank": 124, "scope": "ASIA", "sources": press_only() },
        ])
    );
    assert_eq!(
        szu["qs"],
        json!([
            { "system": "QS World University Rankings", "rank": 600 },
            { "system": "QS Asian University Rankings", "rank": 124 },
        ])
    );
    assert_eq!(
        szu["shanghai"],
        json!([{ "rank": 201, "edition": null, "scope": "UNSPECIFIED" }])
    );
}

#[tokio::test]
async fn no_other_institution_has_a_ranking() {
    let app = spawn_app().await;
    let data = app
        .query("{ institutions { nodes { slug rankings { rank } } } }")
        .await;
    for node in data["institutions"]["nodes"].as_array().unwrap() {
        let expected = if node["slug"] == "szu" { 3 } else { 0 };
        assert_eq!(
            node["rankings"].as_array().unwrap().len(),
            expected,
            "{node}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Counts, with qualifiers and periods
// ---------------------------------------------------------------------------------------------

/// What a count of the press release looks like through the API.
fn count(
    metric: &str,
    value: u64,
    qualifier: &str,
    period_years: Option<u32>,
    note: Option<&str>,
) -> Value {
    json!({
        "metric": metric,
        "value": value,
        "qualifier": qualifier,
        "approximate": qualifier != "EXACT",
        "periodYears": period_years,
        "asOf": may_19_2023(),
        "note": note,
        "sources": press_only(),
    })
}

const COUNT_FIELDS: &str = "metric value qualifier approximate periodYears asOf { value year precision } note sources { slug }";

#[tokio::test]
async fn shenzhen_university_has_more_than_35_thousand_students() {
    let app = spawn_app().await;
    let query = format!(
        r#"{{ institution(name: "Shenzhen University") {{ counts {{ {COUNT_FIELDS} }} }} }}"#
    );
    let data = app.query(&query).await;
    assert_eq!(
        data["institution"]["counts"],
        json!([count("students", 35000, "MORE_THAN", None, None)])
    );
}

#[tokio::test]
async fn the_china_university_of_petroleum_has_about_16_thousand_students_13_institutes_and_more_than_60_partners()
 {
    let app = spawn_app().await;
    let query = format!(
        r#"{{
            institution(id: "cup") {{ counts {{ {COUNT_FIELDS} }} }}
            students: institution(id: "cup") {{ counts(metric: "students") {{ value qualifier }} }}
        }}"#
    );
    let data = app.query(&query).await;
    assert_eq!(
        data["institution"]["counts"],
        json!([
            count("students", 16000, "ABOUT", None, None),
            count(
                "international_institutes",
                13,
                "EXACT",
                None,
                Some("opened together with world-famous universities and enterprises")
            ),
            count(
                "partner_institutions",
                60,
                "MORE_THAN",
                None,
                Some("universities and research centers the university cooperates with")
            ),
        ])
    );
    assert_eq!(
        data["students"]["counts"],
        json!([{ "value": 16000, "qualifier": "ABOUT" }])
    );
}

#[tokio::test]
async fn xieg_received_about_300_awards_over_the_past_60_years() {
    let app = spawn_app().await;
    let query = format!(
        r#"{{ institution(id: "xieg") {{ counts(metric: "awards") {{ {COUNT_FIELDS} }} }} }}"#
    );
    let data = app.query(&query).await;
    assert_eq!(
        data["institution"]["counts"],
        json!([count(
            "awards",
            300,
            "ABOUT",
            Some(60),
            Some("at the international and national levels")
        )])
    );
}

#[tokio::test]
async fn xieg_published_176_monographs_and_4775_papers_and_obtained_165_patents_and_90_software_copyrights_in_20_years()
 {
    let app = spawn_app().await;
    let query = format!(r#"{{ institution(id: "xieg") {{ counts {{ {COUNT_FIELDS} }} }} }}"#);
    let data = app.query(&query).await;
    let counts = data["institution"]["counts"].as_array().unwrap();
    assert_eq!(
        counts.len(),
        6,
        "awards, four 20-year outputs, drylands centres: {counts:#?}"
    );
    assert_eq!(
        counts[1..5],
        [
            count(
                "monographs",
                176,
                "EXACT",
                Some(20),
                Some("published at the Institute")
            ),
            count(
                "scientific_papers",
                4775,
                "EXACT",
                Some(20),
                Some("published at the Institute")
            ),
            count(
                "patents",
                165,
                "EXACT",
                Some(20),
                Some("obtained at the Institute")
            ),
            count(
                "software_copyrights",
                90,
                "EXACT",
                Some(20),
                Some("copyrights for programs obtained at the Institute")
            ),
        ]
    );
}

#[tokio::test]
async fn xieg_established_six_international_drylands_research_centres_with_other_organizations() {
    let app = spawn_app().await;
    let query = format!(
        r#"{{ institution(id: "xieg") {{ counts(metric: "international_drylands_research_centres") {{ {COUNT_FIELDS} }} }} }}"#
    );
    let data = app.query(&query).await;
    assert_eq!(
        data["institution"]["counts"],
        json!([count(
            "international_drylands_research_centres",
            6,
            "EXACT",
            None,
            Some("established together with other organizations")
        )])
    );
}

#[tokio::test]
async fn kaznu_and_cas_have_no_counted_facts() {
    let app = spawn_app().await;
    let data = app
        .query(r#"{ kaznu: institution(id: "kaznu") { counts { value } } cas: institution(id: "cas") { counts { value } } }"#)
        .await;
    assert_eq!(
        data,
        json!({ "kaznu": { "counts": [] }, "cas": { "counts": [] } })
    );
}

// ---------------------------------------------------------------------------------------------
// The memoranda and what the parties will do under them
// ---------------------------------------------------------------------------------------------

#[tokio::test]
/// One is called a memorandum (¶9); the release calls the others "the partnership" (¶7) and
/// "the concluded agreement" (¶8).
async fn kaznu_concluded_a_memorandum_and_two_agreements_dated_on_or_before_the_press_release() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                memoranda: agreements(filter: { party: "kaznu", kind: MEMORANDUM }) { nodes { slug } }
                agreements(filter: { party: "kaznu", status: ACTIVE, signedFrom: "2023-05", signedTo: "2023-05-19" }) {
                    totalCount
                    nodes {
                        slug kind status description
                        signed { date { value year precision } qualifier }
                        parties { totalCount nodes { institution { slug } sources { slug } } }
                        sources { slug }
                    }
                }
            }"#,
        )
        .await;
    assert_eq!(slugs(&data["memoranda"]["nodes"]), [MOU_CUP]);
    let agreements = &data["agreements"];
    assert_eq!(agreements["totalCount"], 3);
    let agreement = |slug: &str, kind: &str, partner: &str| {
        json!({
            "slug": slug,
            "kind": kind,
            "status": "ACTIVE",
            "description": "Concluded to define the main directions of academic cooperation and exchange of experience.",
            "signed": on_or_before_may_19_2023(),
            "parties": {
                "totalCount": 2,
                "nodes": [
                    { "institution": { "slug": "kaznu" }, "sources": press_only() },
                    { "institution": { "slug": partner }, "sources": press_only() },
                ],
            },
            "sources": press_only(),
        })
    };
    // Same date, so ordered by id.
    assert_eq!(
        agreements["nodes"],
        json!([
            agreement(MOU_CUP, "MEMORANDUM", "cup"),
            agreement(MOU_SZU, "COOPERATION_AGREEMENT", "szu"),
            agreement(MOU_XIEG, "COOPERATION_AGREEMENT", "xieg")
        ])
    );
}

#[tokio::test]
async fn each_agreement_can_be_found_by_its_title_or_by_its_partner() {
    let app = spawn_app().await;
    let query = r#"query ($title: String!, $partner: ID!) {
        agreement(name: $title) { slug }
        agreements(filter: { party: $partner }) { nodes { slug } }
        institution(id: $partner) {
            agreements { totalCount nodes { slug } }
            partyTo { totalCount nodes { agreement { slug } sources { slug } } }
        }
    }"#;
    for (slug, partner, title) in [
        (
            MOU_CUP,
            "cup",
            "Memorandum of cooperation between Al-Farabi Kazakh National University and the China University of Petroleum",
        ),
        (
            MOU_XIEG,
            "xieg",
            "Partnership between Al-Farabi Kazakh National University and the Xinjiang Institute of Ecology and Geography",
        ),
        (
            MOU_SZU,
            "szu",
            "Concluded agreement between Al-Farabi Kazakh National University and Shenzhen University",
        ),
    ] {
        let data = app
            .query_with(query, json!({ "title": title, "partner": partner }))
            .await;
        assert_eq!(data["agreement"]["slug"], slug, "{title}");
        assert_eq!(slugs(&data["agreements"]["nodes"]), [slug], "{partner}");
        assert_eq!(
            slugs(whole(&data["institution"]["agreements"])),
            [slug],
            "{partner}"
        );
        assert_eq!(
            whole(&data["institution"]["partyTo"]),
            &json!([{ "agreement": { "slug": slug }, "sources": press_only() }]),
            "{partner}"
        );
    }
}

/// The five activities the press release states for the agreements in general.
fn general_activities() -> Value {
    let general = |kind: &str, description: &str| json!({ "kind": kind, "description": description, "scope": "GENERAL", "lab": null, "topics": [], "sources": press_only() });
    json!([
        general(
            "PUBLICATION_EXCHANGE",
            "the parties will exchange scientific publications"
        ),
        general(
            "STAFF_EXCHANGE",
            "the parties will exchange teaching staff and scientists"
        ),
        general("STUDENT_EXCHANGE", "the parties will exchange students"),
        general(
            "JOINT_CONFERENCES",
            "the parties will hold joint conferences"
        ),
        general("JOINT_RESEARCH", "the parties will hold joint researches"),
    ])
}

const ACTIVITY_FIELDS: &str =
    "kind description scope lab { slug } topics { slug } sources { slug }";

/// The activities of an agreement with one scope.
fn with_scope(activities: &Value, scope: &str) -> Value {
    Value::Array(
        activities
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["scope"] == scope)
            .cloned()
            .collect(),
    )
}

#[tokio::test]
async fn all_three_memoranda_exchange_publications_staff_and_students_and_hold_joint_conferences_and_research()
 {
    let app = spawn_app().await;
    let query = format!(
        r#"{{ agreements {{ nodes {{ slug activities {{ totalCount nodes {{ {ACTIVITY_FIELDS} agreement {{ slug }} }} }} }} }} }}"#
    );
    let data = app.query(&query).await;
    let nodes = data["agreements"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 3);
    for agreement in nodes {
        let mut general = with_scope(whole(&agreement["activities"]), "GENERAL");
        for activity in general.as_array_mut().unwrap() {
            assert_eq!(activity["agreement"]["slug"], agreement["slug"]);
            activity.as_object_mut().unwrap().remove("agreement");
        }
        assert_eq!(general, general_activities(), "{}", agreement["slug"]);
    }
}

#[tokio::test]
async fn with_the_china_university_of_petroleum_kaznu_will_run_a_double_degree_and_train_specialists()
 {
    let app = spawn_app().await;
    let query = format!(
        r#"{{
            agreement(id: "mou-kaznu-cup-2023") {{
                activities {{ totalCount nodes {{ {ACTIVITY_FIELDS} }} }}
                topics {{ slug }}
                establishes {{ totalCount nodes {{ slug }} }}
            }}
            agreements {{
                nodes {{
                    slug
                    doubleDegree: activities(kind: DOUBLE_DEGREE) {{ totalCount nodes {{ kind }} }}
                    training: activities(kind: SPECIALIST_TRAINING) {{ totalCount nodes {{ kind }} }}
                }}
            }}
        }}"#
    );
    let data = app.query(&query).await;
    let cup = &data["agreement"];
    let specific = |kind: &str, description: &str| json!({ "kind": kind, "description": description, "scope": "SPECIFIC", "lab": null, "topics": [], "sources": press_only() });
    assert_eq!(
        with_scope(whole(&cup["activities"]), "SPECIFIC"),
        json!([
            specific("STUDENT_EXCHANGE", "conduct student exchange"),
            specific("SPECIALIST_TRAINING", "training of qualified specialists"),
            specific("JOINT_RESEARCH", "research work"),
            specific(
                "DOUBLE_DEGREE",
                "implement a program of double-degree education"
            ),
        ])
    );
    assert_eq!(cup["topics"], json!([]));
    assert_eq!(cup["establishes"], json!({ "totalCount": 0, "nodes": [] }));
    // Only this memorandum has a double degree or specialist training.
    for agreement in data["agreements"]["nodes"].as_array().unwrap() {
        let expected = usize::from(agreement["slug"] == MOU_CUP);
        assert_eq!(
            whole(&agreement["doubleDegree"]).as_array().unwrap().len(),
            expected,
            "{agreement}"
        );
        assert_eq!(
            whole(&agreement["training"]).as_array().unwrap().len(),
            expected,
            "{agreement}"
        );
    }
}

#[tokio::test]
async fn with_shenzhen_university_kaznu_will_work_in_medicine_and_biotechnology() {
    let app = spawn_app().await;
    let query = format!(
        r#"{{
            agreement(id: "mou-kaznu-szu-2023") {{
                topics {{ slug name }}
                activities {{ totalCount nodes {{ {ACTIVITY_FIELDS} }} }}
                establishes {{ totalCount nodes {{ slug }} }}
            }}
            medicine: agreements(filter: {{ topic: "medicine" }}) {{ nodes {{ slug }} }}
            biotechnology: topic(name: "Biotechnology") {{ agreements {{ totalCount nodes {{ slug }} }} }}
            institutions(filter: {{ topic: "medicine" }}) {{ nodes {{ slug }} }}
        }}"#
    );
    let data = app.query(&query).await;
    let szu = &data["agreement"];
    assert_eq!(
        szu["topics"],
        json!([{ "slug": "medicine", "name": "Medicine" }, { "slug": "biotechnology", "name": "Biotechnology" }])
    );
    assert_eq!(
        with_scope(whole(&szu["activities"]), "SPECIFIC"),
        json!([{
            "kind": "JOINT_RESEARCH",
            "description": "work in the field of medicine and biotechnology",
            "scope": "SPECIFIC",
            "lab": null,
            "topics": [{ "slug": "medicine" }, { "slug": "biotechnology" }],
            "sources": press_only(),
        }])
    );
    assert_eq!(szu["establishes"], json!({ "totalCount": 0, "nodes": [] }));
    assert_eq!(slugs(&data["medicine"]["nodes"]), [MOU_SZU]);
    assert_eq!(
        slugs(whole(&data["biotechnology"]["agreements"])),
        [MOU_SZU]
    );
    // Ordered by name: Al-Farabi Kazakh National University, Shenzhen University.
    assert_eq!(slugs(&data["institutions"]["nodes"]), ["kaznu", "szu"]);
}

#[tokio::test]
async fn with_xieg_kaznu_will_jointly_open_a_special_laboratory() {
    let app = spawn_app().await;
    let query = format!(
        r#"{{
            agreement(id: "mou-kaznu-xieg-2023") {{
                activities {{ totalCount nodes {{ {ACTIVITY_FIELDS} }} }}
                jointLab: activities(kind: JOINT_LAB) {{ totalCount nodes {{ lab {{ slug status }} }} }}
                establishes {{ totalCount nodes {{ slug }} }}
                topics {{ slug }}
            }}
            remoteSensing: agreements(filter: {{ topic: "remote-sensing" }}) {{ nodes {{ slug }} }}
        }}"#
    );
    let data = app.query(&query).await;
    let xieg = &data["agreement"];
    let topics: Vec<Value> = JOINT_LAB_TOPICS
        .iter()
        .map(|t| json!({ "slug": t }))
        .collect();
    assert_eq!(
        with_scope(whole(&xieg["activities"]), "SPECIFIC"),
        json!([{
            "kind": "JOINT_LAB",
            "description": "KazNU and the Xinjiang Institute of Ecology and Geography will jointly open a special laboratory within the framework of the partnership",
            "scope": "SPECIFIC",
            "lab": { "slug": JOINT_LAB },
            "topics": topics,
            "sources": press_only(),
        }])
    );
    assert_eq!(
        whole(&xieg["jointLab"]),
        &json!([{ "lab": { "slug": JOINT_LAB, "status": "PLANNED" } }])
    );
    assert_eq!(slugs(whole(&xieg["establishes"])), [JOINT_LAB]);
    assert_eq!(slugs(&xieg["topics"]), JOINT_LAB_TOPICS);
    assert_eq!(slugs(&data["remoteSensing"]["nodes"]), [MOU_XIEG]);
}

// ---------------------------------------------------------------------------------------------
// XIEG and the Chinese Academy of Sciences
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn xieg_is_part_of_the_chinese_academy_of_sciences() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                xieg: institution(id: "xieg") { name kind country parent { slug name kind } ancestors { slug } }
                cas: institution(name: "CAS") { slug country parent { slug } children { totalCount nodes { slug } } }
                institutions(filter: { parent: "cas" }) { nodes { slug } }
                relation(id: "PART_OF:xieg>cas") { type from { id } to { id } sources { slug } }
                node(id: "Institution:xieg") { ... on Institution { parent { id } } }
            }"#,
        )
        .await;
    assert_eq!(
        data["xieg"],
        json!({
            "name": "Xinjiang Institute of Ecology and Geography",
            "kind": "RESEARCH_INSTITUTE",
            "country": "CN",
            "parent": { "slug": "cas", "name": "Chinese Academy of Sciences", "kind": "ACADEMY" },
            "ancestors": [{ "slug": "cas" }],
        })
    );
    assert_eq!(
        data["cas"],
        json!({
            "slug": "cas",
            "country": "CN",
            "parent": null,
            "children": { "totalCount": 1, "nodes": [{ "slug": "xieg" }] },
        })
    );
    assert_eq!(slugs(&data["institutions"]["nodes"]), ["xieg"]);
    assert_eq!(
        data["relation"],
        json!({
            "type": "PART_OF",
            "from": { "id": "Institution:xieg" },
            "to": { "id": "Institution:cas" },
            "sources": press_only(),
        })
    );
    assert_eq!(data["node"]["parent"]["id"], "Institution:cas");
}

#[tokio::test]
async fn the_other_institutions_are_part_of_nothing_in_the_graph() {
    let app = spawn_app().await;
    let data = app.query("{ institutions(orderBy: { field: ID }) { totalCount nodes { slug parent { slug } children { totalCount nodes { slug } } } } }").await;
    let none = json!({ "totalCount": 0, "nodes": [] });
    assert_eq!(
        whole(&data["institutions"]),
        &json!([
            { "slug": "cas", "parent": null, "children": { "totalCount": 1, "nodes": [{ "slug": "xieg" }] } },
            { "slug": "cup", "parent": null, "children": none },
            { "slug": "kaznu", "parent": null, "children": none },
            { "slug": "szu", "parent": null, "children": none },
            { "slug": "xieg", "parent": { "slug": "cas" }, "children": none },
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// The source, and what cites it
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_press_release_was_published_by_the_kaznu_press_service_on_19_may_2023_in_english() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                source(id: "kaznu-press-2023-05-19") {
                    id title kind publisher publisherInstitution { slug } date { value year precision } language url note
                }
                byTitle: source(name: "KazNU establishes a partnership with leading universities of China") { slug }
                institution(id: "kaznu") { published { totalCount nodes { slug } } }
                sources(first: 1) { totalCount nodes { slug } }
            }"#,
        )
        .await;
    assert_eq!(
        data["source"],
        json!({
            "id": "Source:kaznu-press-2023-05-19",
            "title": "KazNU establishes a partnership with leading universities of China",
            "kind": "PRESS_RELEASE",
            "publisher": "Press Service of Al-Farabi Kazakh National University",
            "publisherInstitution": { "slug": "kaznu" },
            "date": may_19_2023(),
            "language": "en",
            "url": null,
            "note": "News item in the News section of the Al-Farabi Kazakh National University website; its URL is not known.",
        })
    );
    assert_eq!(data["byTitle"]["slug"], PRESS);
    assert_eq!(slugs(whole(&data["institution"]["published"])), [PRESS]);
    // Newest first: the dated press release before the undated editorial sources.
    assert_eq!(data["sources"]["totalCount"], 3);
    assert_eq!(slugs(&data["sources"]["nodes"]), [PRESS]);
}

#[tokio::test]
async fn every_record_cites_the_press_release() {
    let app = spawn_app().await;
    let data = app
        .query(r#"{ source(id: "kaznu-press-2023-05-19") { supports(first: 100) { totalCount nodes { id sources { slug } } } } }"#)
        .await;
    // 27 records: more than a page of 20, so all of them asked for at once.
    let supports = whole(&data["source"]["supports"]);
    let mut ids = strings(supports, "/id");
    ids.sort();
    let mut expected: Vec<String> = [
        "Institution:kaznu",
        "Institution:cup",
        "Institution:xieg",
        "Institution:cas",
        "Institution:szu",
        "Person:zhanseit-tuimebayev",
        "Person:chen-feng",
        "Person:zhang-yuanming",
        "Person:zhang-xueji",
        "Lab:kaznu-remote-sensing-centre",
        "Lab:kaznu-xieg-joint-lab",
        "Lab:xieg-central-asia-monitoring-network",
        "Agreement:mou-kaznu-cup-2023",
        "Agreement:mou-kaznu-xieg-2023",
        "Agreement:mou-kaznu-szu-2023",
        "Event:kaznu-china-working-trip-2023",
        "Topic:remote-sensing",
        "Topic:geoinformation-systems",
        "Topic:satellite-imagery",
        "Topic:agriculture",
        "Topic:emergencies",
        "Topic:climate-change",
        "Topic:ecology",
        "Topic:medicine",
        "Topic:biotechnology",
        "Topic:drylands-research",
        "Topic:environmental-monitoring",
    ]
    .map(String::from)
    .to_vec();
    expected.sort();
    assert_eq!(ids, expected);
    for node in supports.as_array().unwrap() {
        assert_eq!(node["sources"], press_only(), "{node}");
    }
}

#[tokio::test]
/// All but one: the release does not place satellite images under remote sensing of the Earth;
/// the editors did.
async fn every_relation_but_the_editors_broader_topic_cites_the_press_release() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                source(id: "kaznu-press-2023-05-19") { supportedRelations(first: 100) { totalCount nodes { id type sources { slug } } } }
                editors: source(id: "editorial-curation") { supportedRelations { totalCount nodes { id } } }
                stats { relations relationsByType { type count } }
            }"#,
        )
        .await;
    assert_eq!(
        strings(whole(&data["editors"]["supportedRelations"]), "/id"),
        ["BROADER:satellite-imagery>remote-sensing"]
    );
    // 52 relations: more than a page of 20, so all of them asked for at once.
    let relations = whole(&data["source"]["supportedRelations"]);
    let edges = relations.as_array().unwrap();
    for edge in edges {
        assert_eq!(edge["sources"], press_only(), "{edge}");
    }
    // Every relation of every type, the press release's own PUBLISHED_BY included.
    let mut by_type: Vec<(String, usize)> = Vec::new();
    for edge in edges {
        let kind = edge["type"].as_str().unwrap().to_owned();
        match by_type.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => by_type.push((kind, 1)),
        }
    }
    let mut all: Vec<(String, usize)> = data["stats"]["relationsByType"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["type"].as_str().unwrap().to_owned(),
                c["count"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    by_type.sort();
    all.sort();
    all.retain(|(kind, count)| kind != "BROADER" || *count != 1);
    assert_eq!(by_type, all);
    assert_eq!(data["stats"]["relations"], 53);
    assert_eq!(edges.len(), 52);
    let ids = strings(relations, "/id");
    for id in [
        "PART_OF:xieg>cas",
        "HOLDS_POSITION:chen-feng>cup",
        "HOSTS:xieg>kaznu-xieg-joint-lab",
        "PARTY_TO:szu>mou-kaznu-szu-2023",
        "SIGNED:zhang-yuanming>mou-kaznu-xieg-2023",
        "COVERS:mou-kaznu-szu-2023>biotechnology",
        "FOCUSES_ON:xieg-central-asia-monitoring-network>environmental-monitoring",
        "ESTABLISHES:mou-kaznu-xieg-2023>kaznu-xieg-joint-lab",
        "PARTICIPATED_IN:zhang-xueji>kaznu-china-working-trip-2023",
        "CONCLUDED_AT:mou-kaznu-cup-2023>kaznu-china-working-trip-2023",
        "STRENGTHENS:kaznu-xieg-joint-lab>kaznu-remote-sensing-centre",
        "MET:zhanseit-tuimebayev>zhang-yuanming",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} is not among {ids:?}");
    }
}

#[tokio::test]
async fn positions_parties_signatories_hosts_and_participations_cite_the_press_release() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                people { totalCount nodes { positions { totalCount nodes { sources { slug } } } } }
                agreements {
                    totalCount
                    nodes {
                        parties { totalCount nodes { sources { slug } } }
                        signatories { totalCount nodes { sources { slug } } }
                        activities { totalCount nodes { sources { slug } } }
                    }
                }
                labs { totalCount nodes { hosts { totalCount nodes { sources { slug } } } } }
                events { totalCount nodes { participants { totalCount nodes { sources { slug } } } } }
                institutions {
                    totalCount
                    nodes {
                        partyTo { totalCount nodes { sources { slug } } }
                        founded { sources { slug } } rankings { sources { slug } } counts { sources { slug } }
                    }
                }
            }"#,
        )
        .await;
    let mut cited = 0;
    let mut check = |list: &Value, what: &str| {
        for item in list.as_array().unwrap() {
            assert_eq!(item["sources"], press_only(), "{what}: {item}");
            cited += 1;
        }
    };
    for person in whole(&data["people"]).as_array().unwrap() {
        check(whole(&person["positions"]), "position");
    }
    for agreement in whole(&data["agreements"]).as_array().unwrap() {
        check(whole(&agreement["parties"]), "party");
        check(whole(&agreement["signatories"]), "signatory");
        check(whole(&agreement["activities"]), "activity");
    }
    for lab in whole(&data["labs"]).as_array().unwrap() {
        check(whole(&lab["hosts"]), "host");
    }
    for event in whole(&data["events"]).as_array().unwrap() {
        check(whole(&event["participants"]), "participant");
    }
    for institution in whole(&data["institutions"]).as_array().unwrap() {
        check(whole(&institution["partyTo"]), "partyTo");
        check(&institution["rankings"], "ranking");
        check(&institution["counts"], "count");
        if !institution["founded"].is_null() {
            check(&json!([institution["founded"]]), "founding");
        }
    }
    // 4 positions; 6 parties, 6 signatories, 9 + 6 + 6 activities; 4 hosts; 4 participants;
    // 6 memberships, 2 foundings, 3 rankings, 1 + 3 + 6 counts.
    assert_eq!(cited, 4 + 6 + 6 + 21 + 4 + 4 + 6 + 2 + 3 + 10);
}

// ---------------------------------------------------------------------------------------------
// Names in other languages, and search
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn kaznu_is_found_by_its_acronym_and_its_kazakh_russian_and_short_english_names() {
    let app = spawn_app().await;
    let query = r#"query ($name: String!) { institution(name: $name) { slug } }"#;
    for name in [
        "KazNU",
        "kaznu",
        "Al-Farabi Kazakh National University",
        "Әл-Фараби атындағы Қазақ ұлттық университеті",
        "Казахский национальный университет имени аль-Фараби",
        "Kazakh National University",
    ] {
        let data = app.query_with(query, json!({ "name": name })).await;
        assert_eq!(data["institution"], json!({ "slug": "kaznu" }), "{name}");
    }
    let data = app.query(r#"{ institution(id: "kaznu") { acronyms aliases names { value lang sources { slug } } } }"#).await;
    assert_eq!(
        data["institution"],
        json!({
            "acronyms": ["KazNU"],
            "aliases": [],
            "names": [
                { "value": "Әл-Фараби атындағы Қазақ ұлттық университеті", "lang": "kk", "sources": [{ "slug": EDITORIAL }] },
                { "value": "Казахский национальный университет имени аль-Фараби", "lang": "ru", "sources": [{ "slug": EDITORIAL }] },
                { "value": "Kazakh National University", "lang": "en", "sources": [{ "slug": EDITORIAL }] },
            ],
        })
    );
}

#[tokio::test]
async fn the_chinese_partners_are_found_by_their_chinese_names_and_short_names() {
    let app = spawn_app().await;
    let query = r#"query ($name: String!) { institution(name: $name) { slug } }"#;
    for (name, slug) in [
        ("深圳大学", "szu"),
        ("SZU", "szu"),
        ("中国石油大学", "cup"),
        ("CUP", "cup"),
        ("中国科学院新疆生态与地理研究所", "xieg"),
        ("XIEG", "xieg"),
        (
            "Xinjiang Institute of Ecology and Geography of the Chinese Academy of Sciences",
            "xieg",
        ),
        ("中国科学院", "cas"),
        ("Chinese Academy of Sciences", "cas"),
    ] {
        let data = app.query_with(query, json!({ "name": name })).await;
        assert_eq!(data["institution"], json!({ "slug": slug }), "{name}");
    }
    let data = app
        .query(r#"{ institution(name: "深圳大学") { name names { value lang } } }"#)
        .await;
    assert_eq!(
        data["institution"],
        json!({
            "name": "Shenzhen University",
            "names": [{ "value": "深圳大学", "lang": "zh-Hans" }, { "value": "SZU", "lang": "en" }],
        })
    );
    let data = app
        .query(r#"{ institution(name: "Shenzhen") { slug } }"#)
        .await;
    assert_eq!(
        data["institution"],
        Value::Null,
        "a lookup by name wants the whole name"
    );
}

#[tokio::test]
async fn a_misspelled_name_still_finds_the_institution_or_person() {
    let app = spawn_app().await;
    let query = r#"query ($text: String!) {
        search(text: $text, first: 3) { node { id } field matched score }
    }"#;
    for (text, id, matched) in [
        (
            "Shenzen Univrsity",
            "Institution:szu",
            "Shenzhen University",
        ),
        (
            "petrolium",
            "Institution:cup",
            "China University of Petroleum",
        ),
        (
            "Tuimebaev",
            "Person:zhanseit-tuimebayev",
            "Zhanseit Tuimebayev",
        ),
        (
            "Казахский",
            "Institution:kaznu",
            "Казахский национальный университет имени аль-Фараби",
        ),
        ("深圳", "Institution:szu", "深圳大学"),
    ] {
        let data = app.query_with(query, json!({ "text": text })).await;
        let top = &data["search"][0];
        assert_eq!(top["node"]["id"], id, "{text}: {data:#}");
        assert_eq!(top["matched"], matched, "{text}");
        let score = top["score"].as_f64().unwrap();
        assert!(
            score > 0.0 && score < 1.0,
            "{text}: an inexact match scores below 1, got {score}"
        );
    }
    let data = app
        .query(r#"{ search(text: "KazNU", types: [INSTITUTION]) { node { id } field score } }"#)
        .await;
    assert_eq!(
        data["search"][0],
        json!({ "node": { "id": "Institution:kaznu" }, "field": "ACRONYM", "score": 1.0 })
    );
}

// ---------------------------------------------------------------------------------------------
// The working trip
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn on_the_rectors_working_trip_to_china_he_met_the_three_partner_heads_and_concluded_three_memoranda()
 {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                event(id: "kaznu-china-working-trip-2023") {
                    name kind country
                    date { date { value year precision } qualifier }
                    participants { totalCount nodes { person { slug } role sources { slug } } }
                    agreements { totalCount nodes { slug } }
                    sources { slug }
                }
                events { totalCount }
            }"#,
        )
        .await;
    let met = |slug: &str| json!({ "person": { "slug": slug }, "role": "met the head of KazNU", "sources": press_only() });
    assert_eq!(
        data["event"],
        json!({
            "name": "KazNU rector's working trip to China",
            "kind": "WORKING_TRIP",
            "country": "CN",
            "date": on_or_before_may_19_2023(),
            "participants": {
                "totalCount": 4,
                "nodes": [
                    { "person": { "slug": "zhanseit-tuimebayev" }, "role": "head of KazNU, on a working trip to China", "sources": press_only() },
                    met("chen-feng"),
                    met("zhang-yuanming"),
                    met("zhang-xueji"),
                ],
            },
            "agreements": {
                "totalCount": 3,
                "nodes": [{ "slug": MOU_CUP }, { "slug": MOU_XIEG }, { "slug": MOU_SZU }],
            },
            "sources": press_only(),
        })
    );
    assert_eq!(data["events"]["totalCount"], 1);
}

#[tokio::test]
async fn each_memorandum_and_each_participant_leads_back_to_the_working_trip() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                agreements { totalCount nodes { slug events { totalCount nodes { slug } } } }
                people { totalCount nodes { slug events { totalCount nodes { event { slug } } } } }
            }"#,
        )
        .await;
    for agreement in whole(&data["agreements"]).as_array().unwrap() {
        assert_eq!(
            slugs(whole(&agreement["events"])),
            ["kaznu-china-working-trip-2023"],
            "{agreement}"
        );
    }
    for person in whole(&data["people"]).as_array().unwrap() {
        assert_eq!(
            strings(whole(&person["events"]), "/event/slug"),
            ["kaznu-china-working-trip-2023"],
            "{person}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Statistics and the collaboration network
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_graph_counts_five_institutions_in_two_countries_and_three_agreements_in_2023() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                stats {
                    nodes
                    byType { type count }
                    institutionsByCountry { key count }
                    institutionsByKind { key count }
                    agreementsByYear { year count }
                    agreementsByStatus { key count }
                    labsByStatus { key count }
                }
            }"#,
        )
        .await;
    assert_eq!(
        data["stats"],
        json!({
            "nodes": 30,
            "byType": [
                { "type": "INSTITUTION", "count": 5 },
                { "type": "PERSON", "count": 4 },
                { "type": "LAB", "count": 3 },
                { "type": "AGREEMENT", "count": 3 },
                { "type": "TOPIC", "count": 11 },
                { "type": "SOURCE", "count": 3 },
                { "type": "EVENT", "count": 1 },
                { "type": "WORK", "count": 0 },
            ],
            "institutionsByCountry": [{ "key": "CN", "count": 4 }, { "key": "KZ", "count": 1 }],
            "institutionsByKind": [
                { "key": "ACADEMY", "count": 1 },
                { "key": "RESEARCH_INSTITUTE", "count": 1 },
                { "key": "UNIVERSITY", "count": 3 },
            ],
            "agreementsByYear": [{ "year": 2023, "count": 3 }],
            "agreementsByStatus": [{ "key": "ACTIVE", "count": 3 }],
            "labsByStatus": [{ "key": "ACTIVE", "count": 2 }, { "key": "PLANNED", "count": 1 }],
        })
    );
}

#[tokio::test]
async fn kaznu_is_the_only_kazakh_institution_and_the_other_four_are_chinese() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                kz: institutions(filter: { country: ["KZ"] }) { totalCount nodes { slug } }
                cn: institutions(filter: { country: ["cn"] }) { totalCount nodes { slug } }
                universities: institutions(filter: { kind: [UNIVERSITY] }, orderBy: { field: COUNTRY }) { nodes { slug country } }
            }"#,
        )
        .await;
    assert_eq!(data["kz"]["totalCount"], 1);
    assert_eq!(slugs(&data["kz"]["nodes"]), ["kaznu"]);
    assert_eq!(data["cn"]["totalCount"], 4);
    // By name: China University of Petroleum, Chinese Academy of Sciences, Shenzhen University, Xinjiang...
    assert_eq!(slugs(&data["cn"]["nodes"]), ["cup", "cas", "szu", "xieg"]);
    assert_eq!(
        data["universities"]["nodes"],
        json!([
            { "slug": "cup", "country": "CN" },
            { "slug": "szu", "country": "CN" },
            { "slug": "kaznu", "country": "KZ" },
        ])
    );
}

#[tokio::test]
async fn the_three_partners_are_each_linked_to_kaznu_and_xieg_also_through_the_joint_lab() {
    let app = spawn_app().await;
    let data = app
        .query(
            r#"{
                collaborators(institution: "kaznu") {
                    totalCount
                    nodes { partner { slug } weight agreements { totalCount nodes { slug } } labs { totalCount nodes { slug } } }
                }
                institution(name: "KazNU") { collaborators { totalCount nodes { partner { slug } weight } } }
            }"#,
        )
        .await;
    let one = |slug: &str| json!({ "totalCount": 1, "nodes": [{ "slug": slug }] });
    let none = json!({ "totalCount": 0, "nodes": [] });
    assert_eq!(
        whole(&data["collaborators"]),
        &json!([
            { "partner": { "slug": "xieg" }, "weight": 2, "agreements": one(MOU_XIEG), "labs": one(JOINT_LAB) },
            { "partner": { "slug": "cup" }, "weight": 1, "agreements": one(MOU_CUP), "labs": none },
            { "partner": { "slug": "szu" }, "weight": 1, "agreements": one(MOU_SZU), "labs": none },
        ])
    );
    assert_eq!(
        whole(&data["institution"]["collaborators"]),
        &json!([
            { "partner": { "slug": "xieg" }, "weight": 2 },
            { "partner": { "slug": "cup" }, "weight": 1 },
            { "partner": { "slug": "szu" }, "weight": 1 },
        ])
    );
}

#[tokio::test]
async fn each_partners_only_collaborator_is_kaznu() {
    let app = spawn_app().await;
    let query = r#"query ($id: ID!) { collaborators(institution: $id) { totalCount nodes { partner { slug } weight } } }"#;
    for (partner, weight) in [("xieg", 2), ("cup", 1), ("szu", 1)] {
        let data = app.query_with(query, json!({ "id": partner })).await;
        assert_eq!(
            whole(&data["collaborators"]),
            &json!([{ "partner": { "slug": "kaznu" }, "weight": weight }]),
            "{partner}"
        );
    }
    let data = app.query_with(query, json!({ "id": "cas" })).await;
    assert_eq!(
        data["collaborators"],
        json!({ "totalCount": 0, "nodes": [] }),
        "the academy is party to nothing itself"
    );
}
