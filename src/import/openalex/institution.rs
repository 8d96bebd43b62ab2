//! An OpenAlex institution as a seed's: from its full record, or from the short forms works
//! name it by; and the parents their relations make, without cycles.

use super::{
    NotKept, external_id, last_part, locator,
    read::{self, InstitutionRecord, Scalar},
    seed_id, text,
};
use crate::model::{
    Citation, Count, CountQualifier, CountryCode, Facts, Id, IdScheme, Institution,
    InstitutionKind, InstitutionStatus, LangTag, Link, LinkKind, LocalizedName, Location,
    OrganisationType, PartialDate, Rank, RelationshipKind, Text, Url,
};

/// What works say of an institution in their short forms: the first of each.
#[derive(Default)]
pub(super) struct Seen {
    pub(super) name: Option<Text>,
    pub(super) ror: Option<Text>,
    pub(super) country: Option<CountryCode>,
    /// The one country an authorship naming it lists, and the work, when a short form had no
    /// country code.
    pub(super) told: Option<(CountryCode, u64)>,
    pub(super) kind: Option<String>,
}

/// The institution an institution record makes, with its associated institutions; None
/// (counted) without a name or a country.
pub(super) fn from_record(
    record: InstitutionRecord,
    number: u64,
    source: &Id,
    not_kept: &mut NotKept,
) -> Option<(Institution, Vec<(RelationshipKind, u64)>)> {
    let locator = locator('I', number);
    let cite = || vec![Citation::located(source.clone(), locator.clone())];
    let Some(name) = record.display_name.as_deref().and_then(text) else {
        not_kept.add("institution records without a name");
        return None;
    };
    let geo = record.geo;
    let country = record
        .country_code
        .as_deref()
        .or(geo.as_ref().and_then(|g| g.country_code.as_deref()))
        .and_then(|c| CountryCode::parse(c.trim()).ok());
    let Some(country) = country else {
        not_kept.add("institution records without a country this build knows");
        return None;
    };
    let (kind, types) = institution_kind(record.kind.as_deref(), not_kept);
    let ids = record.ids;
    let ror = record
        .ror
        .as_deref()
        .or(ids.as_ref().and_then(|i| i.ror.as_deref()))
        .and_then(last_part);
    let mut external_ids = vec![external_id(
        IdScheme::Openalex,
        Text::parse(&format!("I{number}")).expect("not empty"),
        true,
        cite(),
    )];
    external_ids.extend(ror.map(|ror| external_id(IdScheme::Ror, ror, false, cite())));
    let mut links = Vec::new();
    let mut link = |kind, url: &str, not_kept: &mut NotKept| match Url::parse(url.trim()) {
        Ok(url) => links.push(Link {
            kind,
            url,
            sources: cite(),
        }),
        Err(_) => not_kept.add("links that are not http(s) URLs"),
    };
    if let Some(url) = &record.homepage_url {
        link(LinkKind::Website, url, not_kept);
    }
    if let Some(ids) = ids {
        let mut add = |scheme, value: Option<Text>| {
            if let Some(value) = value {
                external_ids.push(external_id(scheme, value, false, cite()));
            }
        };
        add(IdScheme::Grid, ids.grid.as_deref().and_then(text));
        add(
            IdScheme::Wikidata,
            ids.wikidata.as_deref().and_then(last_part),
        );
        add(
            IdScheme::Mag,
            ids.mag.map(Scalar::into_string).as_deref().and_then(text),
        );
        if let Some(url) = &ids.wikipedia {
            link(LinkKind::Wikipedia, url, not_kept);
        }
    }
    let mut acronyms: Vec<Text> = Vec::new();
    for acronym in record.display_name_acronyms.iter().filter_map(|a| text(a)) {
        if !acronyms.contains(&acronym) {
            acronyms.push(acronym);
        }
    }
    let mut aliases: Vec<Text> = Vec::new();
    for alias in record
        .display_name_alternatives
        .iter()
        .filter_map(|a| text(a))
    {
        if alias != name && !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    let mut names = Vec::new();
    for (lang, value) in record
        .international
        .map(|i| i.display_name)
        .unwrap_or_default()
    {
        let Some(value) = value.as_deref().and_then(text) else {
            continue;
        };
        if value == name {
            continue;
        }
        match LangTag::parse(&lang) {
            Ok(lang) => names.push(LocalizedName {
                value,
                lang,
                sources: cite(),
            }),
            Err(_) => not_kept.add("names in a language tag this build refuses"),
        }
    }
    let mut locations = Vec::new();
    if let Some(geo) = geo {
        let geonames_id = geo.geonames_city_id.and_then(|id| {
            let id = id.into_string();
            let parsed = id.trim().parse().ok();
            if parsed.is_none() {
                not_kept.add("GeoNames ids that are not numbers");
            }
            parsed
        });
        let location = Location {
            geonames_id,
            city: geo.city.as_deref().and_then(text),
            subdivision: geo.region.as_deref().and_then(text),
            subdivision_code: None,
            country: geo
                .country_code
                .as_deref()
                .and_then(|c| CountryCode::parse(c.trim()).ok())
                .unwrap_or_else(|| country.clone()),
            lat: geo.latitude,
            lng: geo.longitude,
            sources: cite(),
        };
        let said = location.geonames_id.is_some()
            || location.city.is_some()
            || location.subdivision.is_some()
            || location.lat.is_some()
            || location.lng.is_some();
        if said {
            locations.push(location);
        }
    }
    let mut associated = Vec::new();
    for relation in &record.associated_institutions {
        let kind = match relation.relationship.as_deref() {
            Some("parent") => RelationshipKind::Parent,
            Some("child") => RelationshipKind::Child,
            Some("related") => RelationshipKind::Related,
            other => {
                not_kept.add(format!("relationship type `{}`", other.unwrap_or("(none)")));
                continue;
            }
        };
        match read::number(&relation.id, 'I') {
            Some(other) if other == number => {
                not_kept.add("relationships of a record to itself");
            }
            Some(other) => associated.push((kind, other)),
            None => not_kept.add("relationships to an institution without an OpenAlex id"),
        }
    }
    let as_of = record
        .updated_date
        .as_deref()
        .and_then(|d| d.get(..10))
        .and_then(|d| PartialDate::parse(d).ok());
    let count = |metric: &str, value: u64, note: &str| Count {
        metric: Id::parse(metric).expect("a slug"),
        value,
        qualifier: CountQualifier::Exact,
        period_years: None,
        as_of,
        note: Some(Text::parse(note).expect("not empty")),
        rank: Rank::Normal,
        rank_reason: None,
        sources: cite(),
    };
    let mut counts = Vec::new();
    if let Some(works) = record.works_count {
        counts.push(count("works", works, "works OpenAlex lists for it"));
    }
    if let Some(cited) = record.cited_by_count {
        counts.push(count(
            "citations",
            cited,
            "citations of its works, as OpenAlex counts them",
        ));
    }
    let institution = Institution {
        id: seed_id('I', number),
        name,
        names,
        acronyms,
        aliases,
        kind,
        country,
        parent: None,
        founded: None,
        rankings: Vec::new(),
        counts,
        status: InstitutionStatus::Active,
        external_ids: external_ids.into(),
        locations: locations.into(),
        types: types.into_iter().collect::<Vec<_>>().into(),
        links: links.into(),
        domains: Default::default(),
        relationships: Default::default(),
        sources: cite(),
        facts: Default::default(),
        values: Default::default(),
    };
    Some((institution, associated))
}

/// The institution a work's short forms make, or why there is none (counted).
pub(super) fn from_short_forms(
    number: u64,
    seen: Seen,
    source: &Id,
    not_kept: &mut NotKept,
) -> Result<Institution, &'static str> {
    let cite = || vec![Citation::located(source.clone(), locator('I', number))];
    let Some(name) = seen.name else {
        not_kept.add("institutions named in works without a name");
        return Err("affiliations to institutions named without a name");
    };
    let mut facts = Facts::default();
    let country = match (seen.country, seen.told) {
        (Some(country), _) => country,
        (None, Some((country, work))) => {
            facts.push(
                "country",
                Citation::inferred(
                    source.clone(),
                    locator('W', work),
                    Text::parse(
                        "the work's authorship that names the institution lists this one country",
                    )
                    .expect("not empty"),
                ),
            );
            country
        }
        (None, None) => {
            not_kept.add(
                "institutions named only in works, whose country could not be told (no country code, and no authorship naming them lists one country)",
            );
            return Err("affiliations to institutions whose country could not be told");
        }
    };
    let (kind, types) = institution_kind(seen.kind.as_deref(), not_kept);
    let mut external_ids = vec![external_id(
        IdScheme::Openalex,
        Text::parse(&format!("I{number}")).expect("not empty"),
        true,
        cite(),
    )];
    external_ids.extend(
        seen.ror
            .map(|ror| external_id(IdScheme::Ror, ror, false, cite())),
    );
    Ok(Institution {
        id: seed_id('I', number),
        name,
        names: Vec::new(),
        acronyms: Vec::new(),
        aliases: Vec::new(),
        kind,
        country,
        parent: None,
        founded: None,
        rankings: Vec::new(),
        counts: Vec::new(),
        status: InstitutionStatus::Active,
        external_ids: external_ids.into(),
        locations: Default::default(),
        types: types.into_iter().collect::<Vec<_>>().into(),
        links: Default::default(),
        domains: Default::default(),
        relationships: Default::default(),
        sources: cite(),
        facts,
        values: Default::default(),
    })
}

/// Drops the `parent` that closes each cycle of parents (two records that name each other as
/// parent), which the seed refuses; the relationship stays.
pub(super) fn break_parent_cycles(institutions: &mut [Institution], not_kept: &mut NotKept) {
    let at: foldhash::HashMap<&str, usize> = institutions
        .iter()
        .enumerate()
        .map(|(i, inst)| (inst.id.as_str(), i))
        .collect();
    let mut parents: Vec<Option<usize>> = institutions
        .iter()
        .map(|inst| {
            inst.parent
                .as_ref()
                .and_then(|p| at.get(p.as_str()).copied())
        })
        .collect();
    drop(at);
    // 0 = not visited, 1 = on the walk, 2 = done.
    let mut state = vec![0u8; parents.len()];
    for start in 0..parents.len() {
        let mut walk: Vec<usize> = Vec::new();
        let mut node = start;
        loop {
            match state[node] {
                2 => break,
                1 => {
                    // The walk came back to `node`: the last step of it closes the cycle.
                    let last = *walk.last().expect("a walk");
                    parents[last] = None;
                    institutions[last].parent = None;
                    not_kept
                        .add("parents that would close a cycle of parents (kept as relationships)");
                    break;
                }
                _ => {
                    state[node] = 1;
                    walk.push(node);
                    match parents[node] {
                        Some(parent) => node = parent,
                        None => break,
                    }
                }
            }
        }
        for node in walk {
            state[node] = 2;
        }
    }
}

fn organisation_type(value: &str) -> Option<OrganisationType> {
    Some(match value {
        "education" => OrganisationType::Education,
        "funder" => OrganisationType::Funder,
        "facility" => OrganisationType::Facility,
        "company" => OrganisationType::Company,
        "nonprofit" => OrganisationType::Nonprofit,
        "government" => OrganisationType::Government,
        "healthcare" => OrganisationType::Healthcare,
        "archive" => OrganisationType::Archive,
        "other" => OrganisationType::Other,
        _ => return None,
    })
}

/// The kind the graph uses, and the type as the seed holds it, of an OpenAlex type.
pub(super) fn institution_kind(
    value: Option<&str>,
    not_kept: &mut NotKept,
) -> (InstitutionKind, Option<OrganisationType>) {
    let Some(value) = value else {
        return (InstitutionKind::Other, None);
    };
    let kind = match value {
        "education" => InstitutionKind::University,
        "facility" => InstitutionKind::ResearchInstitute,
        "company" => InstitutionKind::Company,
        "government" => InstitutionKind::Government,
        _ => InstitutionKind::Other,
    };
    let types = organisation_type(value);
    if types.is_none() {
        not_kept.add(format!("institution type `{value}`"));
    }
    (kind, types)
}
