//! The Research Organization Registry's v2 records, as an institution each: names with their
//! languages, types, status, founding year, locations, registry ids, links, domains and
//! relationships, every fact cited to the record (its ROR id as the locator) and the release it
//! came from.
//!
//! What ROR publishes: the data dump, a zip holding one JSON array of records; a bare JSON
//! array; or JSON Lines, one record per line. What the seed format cannot hold yet is counted
//! in [`NotKept`], never dropped silently.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    io::Read,
    path::Path,
};

use anyhow::{Context, bail};
use serde::Deserialize;
use serde_json::Value;

use super::NotKept;
use crate::model::{
    Citation, CountryCode, ExternalId, Founding, Id, IdScheme, Institution, InstitutionKind,
    InstitutionStatus, LangTag, Link, LinkKind, LocalizedName, Location, OrganisationType,
    Relationship, RelationshipKind, SEED_FORMAT_VERSION, SeedFile, Source, SourceKind, Sparse,
    Text, Url, Year,
};

/// Where the records' release is said, for their citations.
#[derive(Debug, Clone, Default)]
pub struct Releases {
    /// The release every record comes from, such as `v2.9`, when one is given.
    pub release: Option<String>,
    /// The release of each record, by ROR id (`03q0vrn42`), as ROR's repository's index
    /// lists them; it overrides `release`.
    pub by_record: HashMap<String, String>,
}

impl Releases {
    /// Reads an index of records' releases: a TSV with a header, the ROR id first and the
    /// release second.
    pub fn read_index(path: &Path) -> anyhow::Result<HashMap<String, String>> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the release index {}", path.display()))?;
        let mut by_record = HashMap::new();
        for (n, line) in text.lines().enumerate().skip(1) {
            let mut fields = line.split('\t');
            match (fields.next(), fields.next()) {
                (Some(id), Some(release)) if !id.is_empty() && !release.is_empty() => {
                    by_record.insert(id.to_owned(), release.to_owned());
                }
                _ if line.trim().is_empty() => {}
                _ => bail!(
                    "{}:{}: expected a ROR id and a release separated by a tab",
                    path.display(),
                    n + 1
                ),
            }
        }
        Ok(by_record)
    }

    fn of(&self, ror_id: &str) -> Option<&str> {
        self.by_record
            .get(ror_id)
            .or(self.release.as_ref())
            .map(String::as_str)
    }
}

/// A seed made from ROR records, and what of them it could not hold.
pub struct Imported {
    /// The seed file: a source per release and an institution per record.
    pub(crate) seed: SeedFile,
    /// What was left out, counted.
    pub not_kept: NotKept,
}

impl Imported {
    /// How many institutions were imported.
    pub fn institutions(&self) -> usize {
        self.seed.institutions.len()
    }

    /// The seed as JSON, as its seed file holds it.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        super::write_seed(&mut out, &self.seed).expect("a seed serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Writes the seed file to `path`, as it is serialized rather than after.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        super::write_seed(&mut out, &self.seed)
            .with_context(|| format!("cannot write {}", path.display()))?;
        std::io::Write::flush(&mut out).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// ROR records as read.
pub struct RorRecords(Vec<Record>);

impl RorRecords {
    /// How many records there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Reads the ROR records at `path` (a zip of the data dump, a JSON array, or JSON Lines).
pub fn read(path: &Path) -> anyhow::Result<RorRecords> {
    let is_zip = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    let text = if is_zip {
        let file =
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let mut archive = zip::ZipArchive::new(file)
            .with_context(|| format!("{} is not a zip archive", path.display()))?;
        let name = (0..archive.len())
            .filter_map(|i| archive.name_for_index(i).map(str::to_owned))
            .find(|name| name.ends_with(".json"))
            .with_context(|| format!("{} holds no .json file of records", path.display()))?;
        let mut text = String::new();
        archive
            .by_name(&name)?
            .read_to_string(&mut text)
            .with_context(|| format!("cannot read {name} in {}", path.display()))?;
        text
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?
    };
    parse(&text).with_context(|| format!("in {}", path.display()))
}

/// Why `error` stopped a record being read: not JSON at all, or JSON of another shape.
fn unreadable(at: &str, error: &serde_json::Error) -> String {
    if error.is_syntax() || error.is_eof() {
        format!("{at}: not JSON")
    } else {
        format!("{at}: not a ROR v2 record")
    }
}

/// The records of a JSON array or of JSON Lines, read straight into their typed form (the
/// registry's whole dump is held once, as records, not also as JSON values).
pub fn parse(text: &str) -> anyhow::Result<RorRecords> {
    if text.trim_start().starts_with('[') {
        let records: Vec<Record> = serde_json::from_str(text)
            .map_err(|e| anyhow::Error::new(e).context("not a JSON array of ROR v2 records"))?;
        return Ok(RorRecords(records));
    }
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("line {}", n + 1);
        let record: Record = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("{}: {e}", unreadable(&at, &e)))?;
        records.push(record);
    }
    Ok(RorRecords(records))
}

/// The fields of a ROR v2 record this import reads; any other is counted as not kept.
#[derive(Deserialize)]
struct Record {
    id: String,
    names: Vec<Name>,
    #[serde(default)]
    types: Vec<String>,
    status: String,
    established: Option<i64>,
    #[serde(default)]
    locations: Vec<RorLocation>,
    #[serde(default)]
    external_ids: Vec<RorExternalId>,
    #[serde(default)]
    links: Vec<RorLink>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    relationships: Vec<RorRelationship>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct Name {
    value: String,
    lang: Option<String>,
    #[serde(default)]
    types: Vec<String>,
}

#[derive(Deserialize)]
struct RorLocation {
    geonames_id: Option<u64>,
    geonames_details: GeonamesDetails,
}

#[derive(Deserialize)]
struct GeonamesDetails {
    country_code: Option<String>,
    name: Option<String>,
    country_subdivision_name: Option<String>,
    country_subdivision_code: Option<String>,
    lat: Option<f64>,
    lng: Option<f64>,
    #[serde(flatten)]
    other: BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct RorExternalId {
    #[serde(rename = "type")]
    scheme: String,
    all: Vec<String>,
    preferred: Option<String>,
}

#[derive(Deserialize)]
struct RorLink {
    #[serde(rename = "type")]
    kind: String,
    value: String,
}

#[derive(Deserialize)]
struct RorRelationship {
    #[serde(rename = "type")]
    kind: String,
    id: String,
}

/// The short ROR id of a record's `https://ror.org/…` id.
fn short_id(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The seed id of the institution made from ROR record `short`.
pub fn seed_id(short: &str) -> String {
    format!("ror-{}", short.to_ascii_lowercase())
}

/// The seed id of the source for a release (`ror-v2-9`), or for records whose release is not
/// known (`ror`).
fn source_id(release: Option<&str>) -> String {
    match release {
        Some(release) => {
            let slug: String = release
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            format!("ror-{}", slug.trim_matches('-'))
        }
        None => "ror".to_owned(),
    }
}

fn source_for(release: Option<&str>) -> Source {
    let title = match release {
        Some(release) => format!("ROR data release {release}"),
        None => "Research Organization Registry records".to_owned(),
    };
    Source {
        id: Id::parse(&source_id(release)).expect("a slug"),
        title: Text::parse(&title).expect("not empty"),
        kind: SourceKind::Dataset,
        publisher: Some(Text::parse("Research Organization Registry").expect("not empty")),
        publisher_institution: None,
        date: None,
        url: Some(Url::parse("https://ror.org/").expect("a URL")),
        language: LangTag::parse("en").expect("a tag"),
        note: Some(
            Text::parse(match release {
                Some(_) => "ROR records, CC0 1.0; each citation's locator is the record's ROR id.",
                None => "ROR records, CC0 1.0, release not given; each citation's locator is the record's ROR id.",
            })
            .expect("not empty"),
        ),
        text: None,
    }
}

/// Makes a seed of ROR `records`, citing each to its release.
pub fn import(records: &RorRecords, releases: &Releases) -> Imported {
    let mut not_kept = NotKept::default();
    let in_set: HashSet<String> = records
        .0
        .iter()
        .map(|r| short_id(&r.id).to_owned())
        .collect();
    let mut sources: Vec<Source> = Vec::new();
    let mut institutions = Vec::with_capacity(records.len());
    for record in &records.0 {
        let short = short_id(&record.id);
        let release = releases.of(short);
        let source = source_id(release);
        if !sources.iter().any(|s| s.id.as_str() == source) {
            sources.push(source_for(release));
        }
        let cite = || {
            vec![Citation::located(
                Id::parse(&source).expect("a slug"),
                Text::parse(&format!("https://ror.org/{short}")).expect("not empty"),
            )]
        };
        match institution(record, short, &in_set, &cite, &mut not_kept) {
            Some(inst) => institutions.push(inst),
            None => not_kept.add("records without a country this build knows or without a name"),
        }
    }
    Imported {
        seed: SeedFile {
            version: SEED_FORMAT_VERSION,
            sources,
            institutions,
            ..SeedFile::default()
        },
        not_kept,
    }
}

fn text(value: &str) -> Option<Text> {
    Text::parse(value.trim()).ok()
}

/// Whether a field not kept held anything to lose: an empty list, object or text, or a
/// null, is nothing dropped.
fn holds_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
        Value::Bool(_) | Value::Number(_) => true,
    }
}

fn institution(
    record: &Record,
    short: &str,
    in_set: &HashSet<String>,
    cite: &dyn Fn() -> Vec<Citation>,
    not_kept: &mut NotKept,
) -> Option<Institution> {
    for (field, value) in &record.other {
        // `admin` holds the record's own dates and schema versions: the registry's
        // bookkeeping, not facts of the institution.
        if holds_something(value) {
            not_kept.add(format!("field `{field}`"));
        }
    }
    let display = record
        .names
        .iter()
        .find(|n| n.types.iter().any(|t| t == "ror_display"))
        .or_else(|| {
            record
                .names
                .iter()
                .find(|n| n.types.iter().any(|t| t == "label"))
        })?;
    let name = text(&display.value)?;
    let (mut names, mut acronyms, mut aliases) = (Vec::new(), Vec::new(), Vec::new());
    for n in &record.names {
        if std::ptr::eq(n, display) {
            continue;
        }
        let Some(value) = text(&n.value) else {
            not_kept.add("empty names");
            continue;
        };
        let lang = n.lang.as_deref().and_then(|l| LangTag::parse(l).ok());
        let is = |t: &str| n.types.iter().any(|x| x == t);
        if is("acronym") {
            if n.lang.is_some() {
                not_kept.add("the language of an acronym");
            }
            acronyms.push(value);
        } else if is("label") && lang.is_some() {
            names.push(LocalizedName {
                value,
                lang: lang.expect("checked"),
                sources: cite(),
            });
        } else {
            if n.lang.is_some() {
                not_kept.add("the language of an alias");
            }
            aliases.push(value);
        }
    }
    let types: Vec<OrganisationType> = record
        .types
        .iter()
        .filter_map(|t| {
            let parsed = serde_json::from_value(Value::String(t.clone())).ok();
            if parsed.is_none() {
                not_kept.add(format!("type `{t}`"));
            }
            parsed
        })
        .collect();
    let has = |t: OrganisationType| types.contains(&t);
    let kind = if has(OrganisationType::Education) {
        InstitutionKind::University
    } else if has(OrganisationType::Facility) {
        InstitutionKind::ResearchInstitute
    } else if has(OrganisationType::Company) {
        InstitutionKind::Company
    } else if has(OrganisationType::Government) {
        InstitutionKind::Government
    } else {
        InstitutionKind::Other
    };
    let status = match record.status.as_str() {
        "inactive" => InstitutionStatus::Inactive,
        "withdrawn" => InstitutionStatus::Withdrawn,
        "active" => InstitutionStatus::Active,
        other => {
            not_kept.add(format!("status `{other}` (read as active)"));
            InstitutionStatus::Active
        }
    };
    let mut locations = Vec::new();
    for location in &record.locations {
        let details = &location.geonames_details;
        for (field, value) in &details.other {
            // The continent's and country's names follow from the country code.
            if holds_something(value) {
                not_kept.add(format!("location field `{field}`"));
            }
        }
        let Some(country) = details
            .country_code
            .as_deref()
            .and_then(|c| CountryCode::parse(c).ok())
        else {
            not_kept.add("locations without a country code this build knows");
            continue;
        };
        locations.push(Location {
            geonames_id: location.geonames_id,
            city: details.name.as_deref().and_then(text),
            subdivision: details.country_subdivision_name.as_deref().and_then(text),
            subdivision_code: details.country_subdivision_code.as_deref().and_then(text),
            country,
            lat: details.lat,
            lng: details.lng,
            sources: cite(),
        });
    }
    let country = locations.first()?.country.clone();
    let mut external_ids = vec![ExternalId {
        scheme: IdScheme::Ror,
        value: text(short)?,
        preferred: true,
        sources: cite(),
    }];
    for ids in &record.external_ids {
        let Ok(scheme) = serde_json::from_value::<IdScheme>(Value::String(ids.scheme.clone()))
        else {
            not_kept.add(format!("external id type `{}`", ids.scheme));
            continue;
        };
        for value in &ids.all {
            let Some(id) = text(value) else { continue };
            external_ids.push(ExternalId {
                scheme,
                value: id,
                preferred: ids.preferred.as_deref() == Some(value.as_str()),
                sources: cite(),
            });
        }
    }
    let mut links = Vec::new();
    for link in &record.links {
        let kind = match link.kind.as_str() {
            "website" => LinkKind::Website,
            "wikipedia" => LinkKind::Wikipedia,
            _ => LinkKind::Other,
        };
        match Url::parse(link.value.trim()) {
            Ok(url) => links.push(Link {
                kind,
                url,
                sources: cite(),
            }),
            Err(_) => not_kept.add("links that are not http(s) URLs"),
        }
    }
    let mut relationships = Vec::new();
    for relation in &record.relationships {
        let kind = match relation.kind.as_str() {
            "parent" => RelationshipKind::Parent,
            "child" => RelationshipKind::Child,
            "related" => RelationshipKind::Related,
            "successor" => RelationshipKind::Successor,
            "predecessor" => RelationshipKind::Predecessor,
            other => {
                not_kept.add(format!("relationship type `{other}`"));
                continue;
            }
        };
        let other = short_id(&relation.id);
        if other == short {
            not_kept.add("relationships of a record to itself");
            continue;
        }
        if !in_set.contains(other) {
            not_kept.add("relationships to records outside the import");
            continue;
        }
        relationships.push(Relationship {
            kind,
            institution: Id::parse(&seed_id(other)).ok()?,
            sources: cite(),
        });
    }
    // The graph's `parent` is the registry's first parent; the relationships keep them all.
    let parent = relationships
        .iter()
        .find(|r| r.kind == RelationshipKind::Parent)
        .map(|r| r.institution.clone());
    let founded = match record.established.map(Year::try_from) {
        Some(Ok(year)) => Some(Founding {
            year,
            note: None,
            sources: cite(),
        }),
        Some(Err(_)) => {
            not_kept.add("founding years out of range");
            None
        }
        None => None,
    };
    Some(Institution {
        id: Id::parse(&seed_id(short)).ok()?,
        name,
        names,
        acronyms,
        aliases,
        kind,
        country,
        parent,
        founded,
        rankings: Vec::new(),
        counts: Vec::new(),
        status,
        external_ids: external_ids.into(),
        locations: locations.into(),
        types: types.into(),
        links: links.into(),
        domains: Sparse::from(
            record
                .domains
                .iter()
                .filter_map(|d| text(d))
                .collect::<Vec<_>>(),
        ),
        relationships: relationships.into(),
        sources: cite(),
        facts: Default::default(),
        values: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use serde_json::json;

    use super::*;
    use crate::graph::{KnowledgeGraph, Relation};

    /// Four ROR v2 records, in the registry's own shape: a university whose parent is a
    /// ministry, related to an institute that a Kosovo record succeeded; with what the seed
    /// format cannot hold (an alias's language, a relationship outside the set, one to itself,
    /// a field ROR may add).
    fn records() -> Vec<Value> {
        let location = |country: &str, city: &str| {
            json!({"geonames_id": 1526384, "geonames_details": {
                "continent_code": "AS", "continent_name": "Asia", "country_code": country,
                "country_name": "Somewhere", "country_subdivision_code": "75",
                "country_subdivision_name": city, "lat": 43.25, "lng": 76.91667, "name": city}})
        };
        let admin = json!({"created": {"date": "2018-11-14", "schema_version": "1.0"},
                           "last_modified": {"date": "2025-03-26", "schema_version": "2.1"}});
        vec![
            json!({"id": "https://ror.org/0aaaaaa01", "admin": admin, "status": "active",
                   "established": 1934, "types": ["education", "funder"],
                   "domains": ["farabi.university"],
                   "names": [
                     {"value": "Al-Farabi Kazakh National University", "lang": "en", "types": ["ror_display", "label"]},
                     {"value": "Казахский национальный университет имени аль-Фараби", "lang": "ru", "types": ["label"]},
                     {"value": "KazNU", "lang": "en", "types": ["acronym"]},
                     {"value": "Äl Farabï atındağı Qazaq Ulttıq Unïversïteti", "lang": "tt", "types": ["alias"]}],
                   "locations": [location("KZ", "Almaty")],
                   "external_ids": [
                     {"type": "grid", "all": ["grid.77184.3d"], "preferred": "grid.77184.3d"},
                     {"type": "isni", "all": ["0000 0000 8887 5266"], "preferred": null}],
                   "links": [{"type": "website", "value": "https://farabi.university"},
                             {"type": "wikipedia", "value": "http://en.wikipedia.org/wiki/KazNU"}],
                   "relationships": [
                     {"type": "parent", "label": "Ministry", "id": "https://ror.org/0bbbbbb02"},
                     {"type": "related", "label": "Institute", "id": "https://ror.org/0cccccc03"},
                     {"type": "related", "label": "Elsewhere", "id": "https://ror.org/0zzzzzz99"},
                     {"type": "related", "label": "Itself", "id": "https://ror.org/0aaaaaa01"}]}),
            json!({"id": "https://ror.org/0bbbbbb02", "admin": admin, "status": "active",
                   "types": ["government"], "names": [{"value": "Ministry", "lang": "en", "types": ["ror_display"]}],
                   "locations": [location("KZ", "Astana")],
                   "relationships": [{"type": "child", "label": "KazNU", "id": "https://ror.org/0aaaaaa01"}]}),
            json!({"id": "https://ror.org/0cccccc03", "admin": admin, "status": "inactive",
                   "types": ["facility"], "names": [{"value": "Institute", "lang": null, "types": ["ror_display"]}],
                   "locations": [location("KZ", "Almaty")], "future_field": 1, "empty_field": [], "null_field": null,
                   "relationships": [
                     {"type": "related", "label": "KazNU", "id": "https://ror.org/0aaaaaa01"},
                     {"type": "successor", "label": "Prishtina", "id": "https://ror.org/0dddddd04"}]}),
            json!({"id": "https://ror.org/0dddddd04", "admin": admin, "status": "withdrawn",
                   "types": ["education"], "names": [{"value": "University of Prishtina", "lang": "en", "types": ["ror_display"]}],
                   "locations": [location("XK", "Pristina")],
                   "relationships": [{"type": "predecessor", "label": "Institute", "id": "https://ror.org/0cccccc03"}]}),
        ]
    }

    fn lines() -> String {
        records().iter().map(|r| format!("{r}\n")).collect()
    }

    fn imported() -> Imported {
        let releases = Releases {
            release: Some("v2.9".into()),
            ..Releases::default()
        };
        import(&parse(&lines()).unwrap(), &releases)
    }

    #[test]
    fn a_record_becomes_an_institution_with_every_fact_cited_to_its_record_and_release() {
        let imported = imported();
        assert_eq!(imported.institutions(), 4);
        let seed = &imported.seed;
        assert_eq!(seed.sources.len(), 1);
        assert_eq!(seed.sources[0].id.as_str(), "ror-v2-9");
        let kaznu = &seed.institutions[0];
        assert_eq!(kaznu.id.as_str(), "ror-0aaaaaa01");
        assert_eq!(kaznu.name.as_str(), "Al-Farabi Kazakh National University");
        assert_eq!(kaznu.kind, InstitutionKind::University);
        assert_eq!(
            &*kaznu.types,
            &[OrganisationType::Education, OrganisationType::Funder]
        );
        assert_eq!(kaznu.founded.as_ref().unwrap().year.get(), 1934);
        assert_eq!(kaznu.names[0].lang.as_str(), "ru");
        assert_eq!(kaznu.acronyms[0].as_str(), "KazNU");
        assert_eq!(kaznu.aliases.len(), 1);
        let ids: Vec<(IdScheme, &str, bool)> = kaznu
            .external_ids
            .iter()
            .map(|id| (id.scheme, id.value.as_str(), id.preferred))
            .collect();
        assert_eq!(
            ids,
            [
                (IdScheme::Ror, "0aaaaaa01", true),
                (IdScheme::Grid, "grid.77184.3d", true),
                (IdScheme::Isni, "0000 0000 8887 5266", false)
            ]
        );
        let almaty = &kaznu.locations[0];
        assert_eq!(
            (
                almaty.city.as_ref().unwrap().as_str(),
                almaty.country.as_str()
            ),
            ("Almaty", "KZ")
        );
        assert_eq!(
            (almaty.lat, almaty.geonames_id),
            (Some(43.25), Some(1526384))
        );
        assert_eq!(kaznu.links[1].kind, LinkKind::Wikipedia);
        assert_eq!(kaznu.domains[0].as_str(), "farabi.university");
        let citation = &kaznu.founded.as_ref().unwrap().sources[0];
        assert_eq!(citation.source.as_str(), "ror-v2-9");
        assert_eq!(
            citation.locator().unwrap().as_str(),
            "https://ror.org/0aaaaaa01"
        );
        assert_eq!(seed.institutions[2].status, InstitutionStatus::Inactive);
        assert_eq!(
            seed.institutions[3].country.as_str(),
            "XK",
            "Kosovo, as ROR writes it"
        );
        assert_eq!(seed.institutions[3].status, InstitutionStatus::Withdrawn);
    }

    #[test]
    fn what_the_seed_cannot_hold_is_counted() {
        let not_kept = imported().not_kept;
        assert_eq!(not_kept.count("field `admin`"), 4);
        assert_eq!(not_kept.count("field `future_field`"), 1);
        assert_eq!(
            not_kept.count("field `empty_field`"),
            0,
            "nothing in it is lost"
        );
        assert_eq!(not_kept.count("field `null_field`"), 0);
        assert_eq!(
            not_kept.count("relationships to records outside the import"),
            1
        );
        assert_eq!(not_kept.count("relationships of a record to itself"), 1);
        assert_eq!(not_kept.count("the language of an alias"), 1);
        assert_eq!(not_kept.count("the language of an acronym"), 1);
        assert_eq!(not_kept.count("location field `continent_name`"), 4);
    }

    #[test]
    fn the_import_is_a_seed_and_a_relation_stated_from_both_sides_is_one_edge() {
        let json = imported().to_json();
        let seed = crate::seed::load_texts(&[("ror.json", json.as_str())])
            .unwrap_or_else(|report| panic!("{report}"));
        let kg = KnowledgeGraph::new(seed);
        let count = |relation| {
            kg.all_edges()
                .filter(|e| e.edge.relation == relation)
                .count()
        };
        assert_eq!(count(Relation::PartOf), 1, "a parent and its child");
        assert_eq!(count(Relation::RelatedTo), 1, "related, both ways");
        assert_eq!(
            count(Relation::SucceededBy),
            1,
            "a successor and its predecessor"
        );
        assert_eq!(kg.edge_count(), 3);
        let faculty = &kg.institutions[0];
        assert_eq!(faculty.parent.as_ref().unwrap().as_str(), "ror-0bbbbbb02");
        let edge = kg
            .all_edges()
            .find(|e| e.edge.relation == Relation::PartOf)
            .unwrap();
        assert_eq!(kg.id_of(edge.from).as_str(), "ror-0aaaaaa01");
        assert_eq!(kg.edge_sources(&edge.edge)[0].source.as_str(), "ror-v2-9");
        let index = kg.institution_by_external_id(IdScheme::Ror, "https://ror.org/0AAAAAA01");
        assert_eq!(index, Some(0));
    }

    #[test]
    fn a_json_array_and_the_dump_s_zip_read_as_json_lines_do() {
        let seed = |records: &RorRecords| import(records, &Releases::default()).to_json();
        let from_lines = seed(&parse(&lines()).unwrap());
        let array = serde_json::to_string(&records()).unwrap();
        assert_eq!(seed(&parse(&array).unwrap()), from_lines);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.9-2026-06-01-ror-data.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("v2.9-2026-06-01-ror-data.csv", options)
            .unwrap();
        zip.write_all(b"id,name\n").unwrap();
        zip.start_file("v2.9-2026-06-01-ror-data.json", options)
            .unwrap();
        zip.write_all(array.as_bytes()).unwrap();
        zip.finish().unwrap();
        assert_eq!(seed(&read(&path).unwrap()), from_lines);
        let written = dir.path().join("seed.json");
        import(&read(&path).unwrap(), &Releases::default())
            .write(&written)
            .unwrap();
        assert_eq!(std::fs::read_to_string(&written).unwrap(), from_lines);
    }

    #[test]
    fn a_broken_record_is_an_error_that_says_where() {
        let text = format!("{}{{\"id\": \"https://ror.org/0x\"\n", lines());
        let error = format!("{:#}", parse(&text).err().unwrap());
        assert!(error.contains("line 5"), "{error}");
        let error = format!("{:#}", parse("{\"id\": 3}\n").err().unwrap());
        assert!(error.contains("line 1: not a ROR v2 record"), "{error}");
        let index = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(index.path(), "ror_id\trelease\n0aaaaaa01 v2.9\n").unwrap();
        let error = Releases::read_index(index.path()).unwrap_err().to_string();
        assert!(
            error.contains(":2: expected a ROR id and a release"),
            "{error}"
        );
    }
}
