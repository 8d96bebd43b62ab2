//! OpenAlex institution records of the generated organisations that OpenAlex has, in the shape
//! of OpenAlex's API and snapshot (`I27837315.json`): its ROR id, type, geography, names,
//! lineage and associated institutions (its ROR parents, children and related), and the counts
//! of the generated works that name it.

use std::{
    collections::BTreeMap,
    io::{self, Write},
};

use rand::RngExt;
use serde::Serialize;
use serde_json::value::RawValue;

use super::{
    Stream,
    organisations::{OrgType, Organisations},
    rng_for,
    ror::{domain_of, grid_id, ror_id, wikidata_id, wikipedia_of},
};

/// OpenAlex's id of organisation `i`: `https://openalex.org/I4210000123`.
pub(super) fn institution_id(i: u32) -> String {
    format!("https://openalex.org/I{}", 4_210_000_000u64 + u64::from(i))
}

/// The name OpenAlex shows: ROR's, with the country after a company's, as OpenAlex writes
/// them ("Impact Technology Development (United States)").
pub(super) fn display_name(orgs: &Organisations, i: u32) -> String {
    let name = &orgs.names[i as usize].display;
    match orgs.orgs[i as usize].kind {
        OrgType::Company => format!("{name} ({})", orgs.country_of(i).name),
        _ => name.clone(),
    }
}

/// Its lineage: itself, then its first parent, that parent's, ... as far as OpenAlex has them.
pub(super) fn lineage(orgs: &Organisations, i: u32) -> Vec<String> {
    let mut lineage = vec![institution_id(i)];
    let mut at = i;
    while let Some(&parent) = orgs.orgs[at as usize].parents.first() {
        if !orgs.orgs[parent as usize].in_openalex {
            break;
        }
        lineage.push(institution_id(parent));
        at = parent;
    }
    lineage
}

/// The institution as a work's authorship gives it ("dehydrated"), as JSON ready to write.
pub(super) fn dehydrated(orgs: &Organisations, i: u32) -> Box<RawValue> {
    #[derive(Serialize)]
    struct Dehydrated<'a> {
        id: String,
        display_name: String,
        ror: String,
        country_code: &'a str,
        #[serde(rename = "type")]
        kind: &'static str,
        lineage: Vec<String>,
    }
    let json = serde_json::to_string(&Dehydrated {
        id: institution_id(i),
        display_name: display_name(orgs, i),
        ror: format!("https://ror.org/{}", ror_id(orgs.seed, i)),
        country_code: orgs.country_of(i).code,
        kind: orgs.orgs[i as usize].kind.as_str(),
        lineage: lineage(orgs, i),
    })
    .expect("serializes");
    RawValue::from_string(json).expect("JSON")
}

/// What the works file says of each institution, gathered while it is written.
#[derive(Default)]
pub(super) struct Tally {
    /// Works naming it, per organisation.
    pub works: Vec<u32>,
    /// Those works' citations, per organisation.
    pub cited_by: Vec<u64>,
}

#[derive(Serialize)]
struct Institution<'a> {
    id: String,
    ror: String,
    display_name: String,
    country_code: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_id: String,
    lineage: Vec<String>,
    homepage_url: Option<String>,
    image_url: Option<String>,
    image_thumbnail_url: Option<String>,
    display_name_acronyms: Vec<&'a str>,
    display_name_alternatives: Vec<&'a str>,
    repositories: [(); 0],
    works_count: u32,
    cited_by_count: u64,
    ids: Ids,
    geo: Geo<'a>,
    international: International<'a>,
    associated_institutions: Vec<Associated<'a>>,
    roles: Vec<Role>,
    is_super_system: bool,
    works_api_url: String,
    updated_date: String,
    created_date: String,
}

#[derive(Serialize)]
struct Ids {
    openalex: String,
    ror: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    mag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikipedia: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<String>,
}

#[derive(Serialize)]
struct Geo<'a> {
    city: &'a str,
    geonames_city_id: String,
    region: Option<&'a str>,
    country_code: &'a str,
    country: &'a str,
    latitude: f64,
    longitude: f64,
}

#[derive(Serialize)]
struct International<'a> {
    display_name: BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
struct Associated<'a> {
    id: String,
    ror: String,
    display_name: String,
    country_code: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    relationship: &'static str,
}

#[derive(Serialize)]
struct Role {
    role: &'static str,
    id: String,
    works_count: u32,
}

/// The OpenAlex record of organisation `i` (which OpenAlex has), as one line of JSON.
pub(super) fn write_institution<W: Write>(
    orgs: &Organisations,
    i: u32,
    tally: &Tally,
    out: &mut W,
) -> io::Result<()> {
    let mut rng = rng_for(orgs.seed, Stream::OpenAlex, u64::from(i));
    let org = &orgs.orgs[i as usize];
    let names = &orgs.names[i as usize];
    let country = orgs.country_of(i);
    let city = orgs.city_of(i);
    let id = institution_id(i);
    let ror = format!("https://ror.org/{}", ror_id(orgs.seed, i));
    let works = tally.works.get(i as usize).copied().unwrap_or(0);

    let mut alternatives: Vec<&str> = Vec::new();
    if let Some((_, label)) = &names.label {
        alternatives.push(label);
    }
    if let Some(alias) = &names.alias {
        alternatives.push(alias);
    }
    let mut international = BTreeMap::new();
    international.insert("en", names.display.as_str());
    if let Some((lang, label)) = &names.label {
        international.insert(*lang, label.as_str());
    }

    let mut associated = Vec::new();
    let mut associate = |j: u32, relationship: &'static str| {
        if orgs.orgs[j as usize].in_openalex {
            associated.push(Associated {
                id: institution_id(j),
                ror: format!("https://ror.org/{}", ror_id(orgs.seed, j)),
                display_name: display_name(orgs, j),
                country_code: orgs.country_of(j).code,
                kind: orgs.orgs[j as usize].kind.as_str(),
                relationship,
            });
        }
    };
    for &p in &org.parents {
        associate(p, "parent");
    }
    for &c in orgs.children.of(i) {
        associate(c, "child");
    }
    for &r in orgs.related.of(i) {
        associate(r, "related");
    }

    let mut roles = Vec::new();
    if org.funder || org.kind == OrgType::Funder {
        roles.push(Role {
            role: "funder",
            id: format!("https://openalex.org/F{}", 4_320_000_000u64 + u64::from(i)),
            works_count: works / 10,
        });
    }
    roles.push(Role {
        role: "institution",
        id: id.clone(),
        works_count: works,
    });

    let created_year = rng.random_range(2016..=2024u16);
    let record = Institution {
        ror: ror.clone(),
        display_name: display_name(orgs, i),
        country_code: country.code,
        kind: org.kind.as_str(),
        type_id: format!(
            "https://openalex.org/institution-types/{}",
            org.kind.as_str()
        ),
        lineage: lineage(orgs, i),
        homepage_url: domain_of(orgs, i).map(|d| format!("https://www.{d}")),
        image_url: None,
        image_thumbnail_url: None,
        display_name_acronyms: names.acronym.as_deref().into_iter().collect(),
        display_name_alternatives: alternatives,
        repositories: [],
        works_count: works,
        cited_by_count: tally.cited_by.get(i as usize).copied().unwrap_or(0),
        ids: Ids {
            openalex: id.clone(),
            ror,
            mag: rng
                .random_bool(0.5)
                .then(|| format!("{}", 10_000_000 + u64::from(i) * 7)),
            grid: grid_id(orgs, i),
            wikipedia: wikipedia_of(orgs, i),
            wikidata: wikidata_id(orgs, i).map(|q| format!("https://www.wikidata.org/wiki/{q}")),
        },
        geo: Geo {
            city: &city.name,
            geonames_city_id: city.geonames_id.to_string(),
            region: rng
                .random_bool(0.3)
                .then(|| country.subdivisions[city.subdivision as usize].as_str()),
            country_code: country.code,
            country: country.name,
            latitude: city.lat,
            longitude: city.lng,
        },
        international: International {
            display_name: international,
        },
        associated_institutions: associated,
        roles,
        is_super_system: false,
        works_api_url: format!(
            "https://api.openalex.org/works?filter=institutions.id:I{}",
            4_210_000_000u64 + u64::from(i)
        ),
        updated_date: format!(
            "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
            rng.random_range(1..=6u8),
            rng.random_range(1..=28u8),
            rng.random_range(0..24u8),
            rng.random_range(0..60u8),
            rng.random_range(0..60u8),
            rng.random_range(0..1_000_000u32)
        ),
        created_date: format!(
            "{created_year}-{:02}-{:02}",
            rng.random_range(1..=12u8),
            rng.random_range(1..=28u8)
        ),
        id,
    };
    serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
    out.write_all(b"\n")
}
