//! ROR v2.1 records of the generated organisations, one JSON object per line, with the fields
//! in the order ROR's own JSON Lines give them.
//!
//! Ids are made as ROR makes them: a number below 200,000,000 in Crockford's base32 (six
//! characters), a `0` before it and a two-digit checksum after (`98 - (n * 100 mod 97)`). The
//! numbers are a seeded permutation of the organisations' indexes, so every id is distinct.

use std::io::{self, Write};

use rand::RngExt;
use serde::Serialize;

use super::{
    Stream,
    organisations::{OrgType, Organisations},
    rng_for,
};

/// Crockford's base32 alphabet, lower case, as ROR writes it.
const CROCKFORD: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// ROR's ids are made from numbers below this.
const ID_NUMBERS: u64 = 200_000_000;

/// The short ROR id of organisation `i`, such as `03q0vrn42`.
pub(super) fn ror_id(seed: u64, i: u32) -> String {
    short_id(id_number(seed, i))
}

/// The short ROR id of number `n` (below 200,000,000).
fn short_id(n: u64) -> String {
    let mut id = String::with_capacity(9);
    id.push('0');
    for shift in (0..6).rev() {
        id.push(CROCKFORD[(n >> (5 * shift)) as usize & 31] as char);
    }
    id.push_str(&format!("{:02}", 98 - (n * 100) % 97));
    id
}

/// A permutation of [0, 200,000,000): a bijection of 28-bit numbers (odd multiplications, xor
/// shifts and an addition, each invertible modulo 2^28), walked until it lands below the bound,
/// which keeps it a bijection of the smaller range.
fn id_number(seed: u64, i: u32) -> u64 {
    const MASK: u64 = (1 << 28) - 1;
    let key = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 36;
    let mut x = u64::from(i) & MASK;
    loop {
        x = (x.wrapping_mul(0x0B5A_D4EB) + key) & MASK;
        x ^= x >> 13;
        x = x.wrapping_mul(0x0D2B_74A5) & MASK;
        x ^= x >> 11;
        if x < ID_NUMBERS {
            return x;
        }
    }
}

#[derive(Serialize)]
struct Record<'a> {
    admin: Admin,
    domains: Vec<String>,
    established: Option<u16>,
    external_ids: Vec<ExternalIds>,
    id: String,
    links: Vec<Link>,
    locations: [Location<'a>; 1],
    names: Vec<Name<'a>>,
    relationships: Vec<Relationship<'a>>,
    status: &'static str,
    types: Vec<&'static str>,
}

#[derive(Serialize)]
struct Admin {
    created: Dated,
    last_modified: Dated,
}

#[derive(Serialize)]
struct Dated {
    date: String,
    schema_version: &'static str,
}

#[derive(Serialize)]
struct ExternalIds {
    all: Vec<String>,
    preferred: Option<String>,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Link {
    #[serde(rename = "type")]
    kind: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Location<'a> {
    geonames_details: GeonamesDetails<'a>,
    geonames_id: u32,
}

/// About a fifth of ROR's locations give only the country, the coordinates and the name.
#[derive(Serialize)]
struct GeonamesDetails<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    continent_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    continent_name: Option<&'a str>,
    country_code: &'a str,
    country_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    country_subdivision_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country_subdivision_name: Option<&'a str>,
    lat: f64,
    lng: f64,
    name: &'a str,
}

#[derive(Serialize)]
struct Name<'a> {
    lang: Option<&'a str>,
    types: &'static [&'static str],
    value: &'a str,
}

#[derive(Serialize)]
struct Relationship<'a> {
    label: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    id: String,
}

/// The ROR record of organisation `i`, as one line of JSON.
pub(super) fn write_record<W: Write>(orgs: &Organisations, i: u32, out: &mut W) -> io::Result<()> {
    let seed = orgs.seed;
    let mut rng = rng_for(seed, Stream::Ror, u64::from(i));
    let org = &orgs.orgs[i as usize];
    let names = &orgs.names[i as usize];
    let country = orgs.country_of(i);
    let city = orgs.city_of(i);
    let url = |j: u32| format!("https://ror.org/{}", ror_id(seed, j));

    let mut record_names = vec![Name {
        lang: names.display_lang.then_some("en"),
        types: if rng.random_bool(0.6) {
            &["ror_display", "label"]
        } else {
            &["label", "ror_display"]
        },
        value: &names.display,
    }];
    if let Some((lang, label)) = &names.label {
        record_names.push(Name {
            lang: Some(lang),
            types: &["label"],
            value: label,
        });
    }
    if let Some(acronym) = &names.acronym {
        record_names.push(Name {
            lang: names.acronym_lang.then_some("en"),
            types: &["acronym"],
            value: acronym,
        });
    }
    if let Some(alias) = &names.alias {
        record_names.push(Name {
            lang: Some("en"),
            types: &["alias"],
            value: alias,
        });
    }
    // ROR's records list names in no fixed order; sorted by value here, as many are.
    record_names.sort_by(|a, b| a.value.cmp(b.value));

    let label = |j: u32| orgs.names[j as usize].display.as_str();
    let mut relationships = Vec::new();
    for &p in &org.parents {
        relationships.push(Relationship {
            label: label(p),
            kind: "parent",
            id: url(p),
        });
    }
    for &c in orgs.children.of(i) {
        relationships.push(Relationship {
            label: label(c),
            kind: "child",
            id: url(c),
        });
    }
    for &r in orgs.related.of(i) {
        relationships.push(Relationship {
            label: label(r),
            kind: "related",
            id: url(r),
        });
    }
    for &p in orgs.predecessors.of(i) {
        relationships.push(Relationship {
            label: label(p),
            kind: "predecessor",
            id: url(p),
        });
    }
    if let Some(s) = org.successor {
        relationships.push(Relationship {
            label: label(s),
            kind: "successor",
            id: url(s),
        });
    }

    let mut types = vec![org.kind.as_str()];
    if org.funder && org.kind != OrgType::Funder {
        types.push(OrgType::Funder.as_str());
    }

    let domain = domain_of(orgs, i);
    let mut links = Vec::new();
    if rng.random_bool(0.96) {
        let host = domain
            .clone()
            .unwrap_or_else(|| format!("{}.example.{}", names.slug, tld(country.code)));
        let scheme = if rng.random_bool(0.8) {
            "https"
        } else {
            "http"
        };
        links.push(Link {
            kind: "website",
            value: format!("{scheme}://www.{host}"),
        });
    }
    if let Some(wikipedia) = wikipedia_of(orgs, i) {
        links.push(Link {
            kind: "wikipedia",
            value: wikipedia,
        });
    }

    let external_ids = external_ids(orgs, i, &mut rng);

    let full = rng.random_bool(0.78);
    let location = Location {
        geonames_details: GeonamesDetails {
            continent_code: full.then_some(country.continent_code),
            continent_name: full.then_some(country.continent_name),
            country_code: country.code,
            country_name: country.name,
            country_subdivision_code: full.then(|| format!("{:02}", city.subdivision + 1)),
            country_subdivision_name: full
                .then(|| country.subdivisions[city.subdivision as usize].as_str()),
            lat: city.lat,
            lng: city.lng,
            name: &city.name,
        },
        geonames_id: city.geonames_id,
    };

    let admin = admin(&mut rng);
    let record = Record {
        admin,
        domains: domain.into_iter().collect(),
        established: org.established,
        external_ids,
        id: url(i),
        links,
        locations: [location],
        names: record_names,
        relationships,
        status: org.status.as_str(),
        types,
    };
    serde_json::to_writer(&mut *out, &record).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// The web domain of organisation `i`, if it has one (seven in ten): a child's mostly under
/// its parent's.
pub(super) fn domain_of(orgs: &Organisations, i: u32) -> Option<String> {
    let mut rng = rng_for(orgs.seed, Stream::Domain, u64::from(i));
    if !rng.random_bool(0.7) {
        return None;
    }
    let org = &orgs.orgs[i as usize];
    let slug = &orgs.names[i as usize].slug;
    if let Some(&p) = org.parents.first()
        && rng.random_bool(0.5)
        && let Some(parent) = domain_of(orgs, p)
    {
        return Some(format!("{slug}.{parent}"));
    }
    let country = orgs.country_of(i).code;
    let tld = tld(country);
    Some(match (org.kind, country) {
        (OrgType::Education, "US") => format!("{slug}.edu"),
        (OrgType::Government, "US") => format!("{slug}.gov"),
        (OrgType::Company, "US") => format!("{slug}.com"),
        (_, "US") => format!("{slug}.org"),
        (OrgType::Education, "GB" | "JP" | "KR" | "IN" | "NZ" | "ZA" | "IR" | "TH" | "ID") => {
            format!("{slug}.ac.{tld}")
        }
        (OrgType::Education, "CN" | "AU" | "TR" | "TW" | "HK" | "MY" | "SA" | "EG" | "PK") => {
            format!("{slug}.edu.{tld}")
        }
        _ => format!("{slug}.{tld}"),
    })
}

/// A country's top-level domain (the United Kingdom's is `uk`).
fn tld(country: &str) -> String {
    match country {
        "GB" => "uk".to_owned(),
        code => code.to_ascii_lowercase(),
    }
}

/// Organisation `i`'s English Wikipedia page, if it has one (a third do).
pub(super) fn wikipedia_of(orgs: &Organisations, i: u32) -> Option<String> {
    let mut rng = rng_for(orgs.seed, Stream::Wikipedia, u64::from(i));
    rng.random_bool(0.33).then(|| {
        format!(
            "https://en.wikipedia.org/wiki/{}",
            orgs.names[i as usize].display.replace(' ', "_")
        )
    })
}

/// The registry ids of organisation `i`, in about the shares ROR's records have them: GRID
/// four in ten, ISNI and Wikidata nearly half, FundRef for funders. Each number follows from
/// `i`, so no two organisations share one.
fn external_ids(orgs: &Organisations, i: u32, rng: &mut rand_pcg::Pcg64Mcg) -> Vec<ExternalIds> {
    let org = &orgs.orgs[i as usize];
    let mut ids = Vec::new();
    if org.funder || org.kind == OrgType::Funder || rng.random_bool(0.01) {
        let count = match rng.random_range(0..100u32) {
            0..80 => 1,
            80..95 => 2,
            _ => 3,
        };
        let all: Vec<String> = (0..count)
            .map(|k| format!("{}", 501_100_000_000u64 + u64::from(i) * 4 + k))
            .collect();
        let preferred = rng.random_bool(0.8).then(|| all[0].clone());
        ids.push(ExternalIds {
            all,
            preferred,
            kind: "fundref",
        });
    }
    if let Some(grid) = grid_id(orgs, i) {
        ids.push(ExternalIds {
            all: vec![grid.clone()],
            preferred: Some(grid),
            kind: "grid",
        });
    }
    if rng.random_bool(0.47) {
        let isni = isni(u64::from(i));
        ids.push(ExternalIds {
            preferred: rng.random_bool(0.35).then(|| isni.clone()),
            all: vec![isni],
            kind: "isni",
        });
    }
    if let Some(wikidata) = wikidata_id(orgs, i) {
        ids.push(ExternalIds {
            preferred: rng.random_bool(0.42).then(|| wikidata.clone()),
            all: vec![wikidata],
            kind: "wikidata",
        });
    }
    ids
}

/// Organisation `i`'s GRID id, if it has one: `grid.400123.7`.
pub(super) fn grid_id(orgs: &Organisations, i: u32) -> Option<String> {
    let mut rng = rng_for(orgs.seed, Stream::Grid, u64::from(i));
    rng.random_bool(0.4).then(|| {
        format!(
            "grid.{}.{:x}",
            400_000 + u64::from(i),
            rng.random_range(0..256u32)
        )
    })
}

/// Organisation `i`'s Wikidata id, if it has one: `Q20000123`.
pub(super) fn wikidata_id(orgs: &Organisations, i: u32) -> Option<String> {
    let mut rng = rng_for(orgs.seed, Stream::Wikidata, u64::from(i));
    rng.random_bool(0.46).then(|| {
        format!(
            "Q{}",
            20_000_000 + u64::from(i) * 3 + rng.random_range(0..3u64)
        )
    })
}

/// An ISNI, `0000 0004 NNNN NNNC`, with its ISO 7064 MOD 11-2 check character.
fn isni(i: u64) -> String {
    let digits = format!("{:015}", 40_000_000 + i);
    let check = mod_11_2(&digits);
    format!(
        "{} {} {} {}{check}",
        &digits[0..4],
        &digits[4..8],
        &digits[8..12],
        &digits[12..15]
    )
}

/// The ISO 7064 MOD 11-2 check character of a string of digits (ISNI and ORCID use it).
pub(super) fn mod_11_2(digits: &str) -> char {
    let total = digits
        .bytes()
        .fold(0u32, |total, d| (total + u32::from(d - b'0')) * 2);
    match (12 - total % 11) % 11 {
        10 => 'X',
        d => char::from(b'0' + d as u8),
    }
}

/// When ROR created the record and last changed it: the first import of GRID for about half,
/// later additions for the rest; every record last modified in schema 2.1.
fn admin(rng: &mut rand_pcg::Pcg64Mcg) -> Admin {
    let (year, month, day) = if rng.random_bool(0.5) {
        (2018u16, 11u8, 14u8)
    } else {
        (
            rng.random_range(2019..=2025u16),
            rng.random_range(1..=12u8),
            rng.random_range(1..=28u8),
        )
    };
    let version = if (year, month) < (2024, 4) {
        "1.0"
    } else if (year, month) < (2025, 3) {
        "2.0"
    } else {
        "2.1"
    };
    let modified_year = rng.random_range(year.max(2025)..=2026u16);
    let modified_month = if modified_year == 2026 {
        rng.random_range(1..=2u8)
    } else {
        rng.random_range(month.max(3)..=12u8)
    };
    Admin {
        created: Dated {
            date: format!("{year:04}-{month:02}-{day:02}"),
            schema_version: version,
        },
        last_modified: Dated {
            date: format!(
                "{modified_year:04}-{modified_month:02}-{:02}",
                rng.random_range(1..=28u8)
            ),
            schema_version: "2.1",
        },
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn number_of(id: &str) -> u64 {
        id[1..7].bytes().fold(0, |n, c| {
            n * 32 + CROCKFORD.iter().position(|&x| x == c).unwrap() as u64
        })
    }

    #[test]
    fn ids_are_made_as_ror_makes_them() {
        // Real ids (the press release's institutions): their checksums are ROR's.
        for real in [
            "03q0vrn42",
            "01vy4gh70",
            "034t30j35",
            "041qf4r12",
            "05gbn2817",
        ] {
            assert_eq!(short_id(number_of(real)), real);
        }
    }

    #[test]
    fn ids_are_distinct_and_well_formed() {
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let id = ror_id(7, i);
            assert_eq!(id.len(), 9);
            assert!(id.starts_with('0'));
            assert!(id[1..7].bytes().all(|c| CROCKFORD.contains(&c)), "{id}");
            assert!(id[7..].bytes().all(|c| c.is_ascii_digit()), "{id}");
            assert!(number_of(&id) < ID_NUMBERS);
            assert_eq!(short_id(number_of(&id)), id, "the checksum is right");
            assert!(seen.insert(id), "ids are distinct");
        }
        assert_ne!(ror_id(7, 0), ror_id(8, 0), "the seed changes the ids");
    }

    #[test]
    fn check_characters_are_iso_7064() {
        // ORCID's documented example, and an ISNI of a real record.
        assert_eq!(mod_11_2("000000021825009"), '7');
        assert_eq!(mod_11_2("000000008887526"), '6');
    }
}
