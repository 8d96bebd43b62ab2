//! OpenAlex's records as a seed: institutions, works with their authorships, and the people
//! the works name, every fact cited to its record (the record's OpenAlex address as the
//! locator) in one source for the import.
//!
//! - `openalex.rs`: records to seed records, and writing the seed.
//! - `openalex/institution.rs`: an institution from its full record or its short forms.
//! - `openalex/read.rs`: the files (JSON Lines, an API response, an array or a record, gzipped
//!   or not) and the records' types.
//!
//! A work names its authors and their institutions in short ("dehydrated") forms: each author
//! becomes a person once, and each institution an institution, unless its full record is
//! given too, which wins. A short form without a country takes the one country its authorship
//! lists, cited as inferred from the work. What the seed format cannot hold is counted in
//! [`NotKept`], by field, never dropped silently.
//!
//! Works and people are held compactly until the seed is written, and are made into seed
//! records one at a time as it is, so that an import of a million works fits in memory.

mod institution;
mod read;

use std::{
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;
use serde::{Serialize, ser::SerializeStruct};

use self::read::{DehydratedAuthor, DehydratedInstitution, Kind, Record, Scalar};
use super::NotKept;
use crate::{
    model::{
        AuthorPosition, Authorship, Citation, CountryCode, ExternalId, Id, IdScheme, Institution,
        LangTag, PartialDate, Person, Relationship, RelationshipKind, SEED_FORMAT_VERSION, Source,
        SourceKind, Text, Url, Work, WorkType,
    },
    seed::MAX_AFFILIATIONS,
};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The snapshot the records come from, such as `2025-06-01`, for their source's id and
    /// title; none for records of the API or of no known date.
    pub release: Option<String>,
}

/// Reads the OpenAlex records in `paths` and makes a seed of them.
pub fn import(paths: &[PathBuf], options: &Options) -> anyhow::Result<Imported> {
    let mut importer = Importer::new(options.release.as_deref());
    for path in paths {
        read::read(path, &mut importer)?;
    }
    Ok(importer.finish())
}

/// The seed id of the source for a snapshot (`openalex-2025-06-01`), or for records of no
/// known snapshot (`openalex`).
fn source_id(release: Option<&str>) -> String {
    let slug: String = release
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    match slug.trim_matches('-') {
        "" => "openalex".to_owned(),
        slug => format!("openalex-{slug}"),
    }
}

fn source_for(release: Option<&str>) -> Source {
    let title = match release {
        Some(release) => format!("OpenAlex snapshot {release}"),
        None => "OpenAlex".to_owned(),
    };
    Source {
        id: Id::parse(&source_id(release)).expect("a slug"),
        title: Text::parse(&title).expect("not empty"),
        kind: SourceKind::Dataset,
        publisher: Some(Text::parse("OurResearch").expect("not empty")),
        publisher_institution: None,
        date: release.and_then(|r| PartialDate::parse(r).ok()),
        url: Some(Url::parse("https://openalex.org/").expect("a URL")),
        language: LangTag::parse("en").expect("a tag"),
        note: Some(
            Text::parse(
                "OpenAlex records, CC0; each citation's locator is the record's OpenAlex address.",
            )
            .expect("not empty"),
        ),
        text: None,
    }
}

fn text(value: &str) -> Option<Text> {
    Text::parse(value.trim()).ok()
}

/// The last part of an address: the ROR id of `https://ror.org/00jmfr291`, the ORCID iD of
/// `https://orcid.org/0000-…`, the Wikidata id of `https://www.wikidata.org/wiki/Q230492`.
fn last_part(value: &str) -> Option<Text> {
    let value = value.trim().trim_end_matches('/');
    text(value.rsplit('/').next().unwrap_or(value))
}

/// A DOI without its resolver's address.
fn doi(value: &str) -> Option<Text> {
    let value = value.trim();
    let bare = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|prefix| value.strip_prefix(prefix))
    .unwrap_or(value);
    text(bare)
}

/// A PubMed Central id as PubMed Central writes it (`PMC5815332`), from OpenAlex's address.
fn pmcid(value: &str) -> Option<Text> {
    let id = last_part(value)?;
    if id.as_str().bytes().all(|b| b.is_ascii_digit()) {
        text(&format!("PMC{id}"))
    } else {
        Some(id)
    }
}

/// The OpenAlex address of a record, its citations' locator.
fn locator(letter: char, number: u64) -> Text {
    Text::parse(&format!("https://openalex.org/{letter}{number}")).expect("not empty")
}

fn seed_id(letter: char, number: u64) -> Id {
    Id::parse(&format!("openalex-{letter}{number}")).expect("a slug")
}

fn external_id(
    scheme: IdScheme,
    value: Text,
    preferred: bool,
    sources: Vec<Citation>,
) -> ExternalId {
    ExternalId {
        scheme,
        value,
        preferred,
        sources,
    }
}

fn work_type(value: &str) -> Option<WorkType> {
    Some(match value {
        "article" => WorkType::Article,
        "book" => WorkType::Book,
        "book-chapter" => WorkType::BookChapter,
        "dataset" => WorkType::Dataset,
        "dissertation" => WorkType::Dissertation,
        "editorial" => WorkType::Editorial,
        "erratum" => WorkType::Erratum,
        "letter" => WorkType::Letter,
        "peer-review" => WorkType::PeerReview,
        "preprint" => WorkType::Preprint,
        "reference-entry" => WorkType::ReferenceEntry,
        "report" => WorkType::Report,
        "retraction" => WorkType::Retraction,
        "review" => WorkType::Review,
        "standard" => WorkType::Standard,
        "supplementary-material" => WorkType::SupplementaryMaterial,
        "paratext" => WorkType::Paratext,
        "other" => WorkType::Other,
        _ => return None,
    })
}

/// An institution as the import knows it: from its full record, from the short forms works
/// name it by, or both.
struct InstitutionEntry {
    number: u64,
    full: Full,
    seen: Option<institution::Seen>,
}

/// What the institution's full record gave.
enum Full {
    /// No full record was read.
    Absent,
    /// The institution it makes, and its associated institutions (kept as relationships to
    /// those the import has).
    Kept(Box<(Institution, Vec<(RelationshipKind, u64)>)>),
    /// A record that could not be kept (it was counted).
    Refused,
}

/// A person, as the works that name them and their own record say.
struct PersonEntry {
    number: u64,
    name: Text,
    orcid: Option<Text>,
    /// Whether the author's own record was read (it wins over how works name them).
    full: bool,
}

/// A work, held compactly until it is written.
struct WorkEntry {
    number: u64,
    title: Text,
    kind: WorkType,
    published: Option<PartialDate>,
    doi: Option<Text>,
    /// Its ids besides its OpenAlex id.
    ids: Box<[(IdScheme, Text)]>,
    authorships: Box<[AuthorshipEntry]>,
    /// The countries authorships list that none of their institutions' short forms has, by
    /// authorship: until the import is finished, when the institutions kept may have them.
    unheld: Box<[(u32, CountryCode)]>,
}

struct AuthorshipEntry {
    /// The person, by place in the import's list.
    person: Option<u32>,
    name: Option<Text>,
    position: Option<AuthorPosition>,
    corresponding: bool,
    /// The institutions, by place in the import's list until it is finished, then in the
    /// seed's.
    institutions: Box<[u32]>,
}

/// The records read so far.
struct Importer {
    source: Id,
    not_kept: NotKept,
    records: usize,
    institutions: Vec<InstitutionEntry>,
    institution_at: foldhash::HashMap<u64, u32>,
    people: Vec<PersonEntry>,
    person_at: foldhash::HashMap<u64, u32>,
    works: Vec<WorkEntry>,
    work_at: foldhash::HashMap<u64, u32>,
    release: Option<String>,
    /// Where the name of a field not kept is made.
    scratch: String,
}

const TWICE: &str = "records given more than once (the later kept)";

impl read::Sink for Importer {
    fn skipped(&mut self, kind: Kind, field: &str) {
        // Named in one buffer: a snapshot skips tens of fields of each of millions of records.
        let what = &mut self.scratch;
        what.clear();
        what.push_str(kind.name());
        what.push_str(" field `");
        what.push_str(field);
        what.push('`');
        self.not_kept.add(&*what);
    }

    fn record(&mut self, record: Record) {
        self.records += 1;
        match record {
            Record::Institution(record) => self.institution(*record),
            Record::Work(record) => self.work(record),
            Record::Author(record) => self.author(record),
            Record::Other(letter) => self.not_kept.add(format!(
                "records of another kind than institutions, works and authors (`{letter}…`)"
            )),
            Record::Unknown => self
                .not_kept
                .add("records without an OpenAlex id of an institution, work or author"),
        }
    }
}

impl Importer {
    fn new(release: Option<&str>) -> Self {
        Importer {
            source: Id::parse(&source_id(release)).expect("a slug"),
            not_kept: NotKept::default(),
            records: 0,
            institutions: Vec::new(),
            institution_at: Default::default(),
            people: Vec::new(),
            person_at: Default::default(),
            works: Vec::new(),
            work_at: Default::default(),
            release: release.map(str::to_owned),
            scratch: String::new(),
        }
    }

    /// The place of institution `number` in the list, added if it is new.
    fn institution_entry(&mut self, number: u64) -> usize {
        let next = self.institutions.len();
        let at = *self
            .institution_at
            .entry(number)
            .or_insert_with(|| u32::try_from(next).expect("fewer than 2^32 institutions"));
        if at as usize == next {
            self.institutions.push(InstitutionEntry {
                number,
                full: Full::Absent,
                seen: None,
            });
        }
        at as usize
    }

    fn institution(&mut self, record: read::InstitutionRecord) {
        let Some(number) = read::number(&record.id, 'I') else {
            self.not_kept
                .add("records without an OpenAlex id of an institution, work or author");
            return;
        };
        let made = institution::from_record(record, number, &self.source, &mut self.not_kept);
        let at = self.institution_entry(number);
        let entry = &mut self.institutions[at];
        if !matches!(entry.full, Full::Absent) {
            self.not_kept.add(TWICE);
        }
        entry.full = match made {
            Some(made) => Full::Kept(Box::new(made)),
            None => Full::Refused,
        };
    }

    /// The place of the institution a work names, noting what this short form says of it.
    fn seen_institution(
        &mut self,
        short: &DehydratedInstitution,
        countries: &[String],
        work: u64,
    ) -> Option<u32> {
        let Some(number) = short.id.as_deref().and_then(|id| read::number(id, 'I')) else {
            self.not_kept
                .add("affiliations to an institution without an OpenAlex id");
            return None;
        };
        let at = self.institution_entry(number);
        let seen = self.institutions[at]
            .seen
            .get_or_insert_with(institution::Seen::default);
        if seen.name.is_none() {
            seen.name = short.display_name.as_deref().and_then(text);
        }
        if seen.ror.is_none() {
            seen.ror = short.ror.as_deref().and_then(last_part);
        }
        if seen.kind.is_none() {
            seen.kind.clone_from(&short.kind);
        }
        let code = short
            .country_code
            .as_deref()
            .and_then(|c| CountryCode::parse(c.trim()).ok());
        match code {
            Some(code) => {
                if seen.country.is_none() {
                    seen.country = Some(code);
                }
            }
            None => {
                let told = match countries {
                    [one] => CountryCode::parse(one.trim()).ok(),
                    _ => None,
                };
                match (&seen.told, told) {
                    (None, Some(told)) => seen.told = Some((told, work)),
                    (Some((first, _)), Some(told)) if *first != told => self.not_kept.add(
                        "countries of an institution that its authorships tell differently (the first kept)",
                    ),
                    _ => {}
                }
            }
        }
        Some(u32::try_from(at).expect("fewer than 2^32 institutions"))
    }

    /// The place of the person an authorship names, made the first time.
    fn seen_person(&mut self, author: &DehydratedAuthor, raw_name: Option<&Text>) -> Option<u32> {
        let id = author.id.as_deref()?;
        let Some(number) = read::number(id, 'A') else {
            self.not_kept.add("authors without an OpenAlex id");
            return None;
        };
        if let Some(&at) = self.person_at.get(&number) {
            let person = &mut self.people[at as usize];
            if person.orcid.is_none() && !person.full {
                person.orcid = author.orcid.as_deref().and_then(last_part);
            }
            return Some(at);
        }
        let Some(name) = author
            .display_name
            .as_deref()
            .and_then(text)
            .or_else(|| raw_name.cloned())
        else {
            self.not_kept.add("authors without a name");
            return None;
        };
        let at = u32::try_from(self.people.len()).expect("fewer than 2^32 people");
        self.people.push(PersonEntry {
            number,
            name,
            orcid: author.orcid.as_deref().and_then(last_part),
            full: false,
        });
        self.person_at.insert(number, at);
        Some(at)
    }

    fn author(&mut self, record: read::AuthorRecord) {
        let Some(number) = read::number(&record.id, 'A') else {
            self.not_kept
                .add("records without an OpenAlex id of an institution, work or author");
            return;
        };
        let Some(name) = record.display_name.as_deref().and_then(text) else {
            self.not_kept.add("author records without a name");
            return;
        };
        let orcid = record
            .orcid
            .as_deref()
            .or(record.ids.as_ref().and_then(|i| i.orcid.as_deref()))
            .and_then(last_part);
        match self.person_at.get(&number) {
            Some(&at) => {
                let person = &mut self.people[at as usize];
                if person.full {
                    self.not_kept.add(TWICE);
                }
                person.name = name;
                person.orcid = orcid;
                person.full = true;
            }
            None => {
                let at = u32::try_from(self.people.len()).expect("fewer than 2^32 people");
                self.people.push(PersonEntry {
                    number,
                    name,
                    orcid,
                    full: true,
                });
                self.person_at.insert(number, at);
            }
        }
    }

    fn work(&mut self, record: read::WorkRecord) {
        let Some(number) = read::number(&record.id, 'W') else {
            self.not_kept
                .add("records without an OpenAlex id of an institution, work or author");
            return;
        };
        let Some(title) = record
            .title
            .as_deref()
            .and_then(text)
            .or_else(|| record.display_name.as_deref().and_then(text))
        else {
            self.not_kept.add("works without a title");
            return;
        };
        let kind = match record.kind.as_deref() {
            Some(kind) => work_type(kind).unwrap_or_else(|| {
                self.not_kept
                    .add(format!("work type `{kind}` (read as other)"));
                WorkType::Other
            }),
            None => {
                self.not_kept.add("works without a type (read as other)");
                WorkType::Other
            }
        };
        let date = record
            .publication_date
            .as_deref()
            .map(|date| PartialDate::parse(date.trim()));
        let year = record
            .publication_year
            .map(|year| PartialDate::parse(&format!("{year:04}")));
        let published = match (date, year) {
            (Some(Ok(date)), _) => Some(date),
            (date, year) => {
                if matches!(date, Some(Err(_))) {
                    self.not_kept.add("publication dates that are not dates");
                }
                match year {
                    Some(Ok(year)) => Some(year),
                    Some(Err(_)) => {
                        self.not_kept.add("publication years out of range");
                        None
                    }
                    None => None,
                }
            }
        };
        let mut ids = Vec::new();
        if let Some(given) = record.ids {
            let mut add = |scheme, value: Option<Text>| ids.extend(value.map(|v| (scheme, v)));
            let id = |value: Option<Scalar>| value.map(Scalar::into_string);
            add(
                IdScheme::Pmid,
                id(given.pmid).as_deref().and_then(last_part),
            );
            add(IdScheme::Pmcid, id(given.pmcid).as_deref().and_then(pmcid));
            add(IdScheme::Mag, id(given.mag).as_deref().and_then(text));
        }
        let mut authorships = Vec::with_capacity(record.authorships.len());
        let mut unheld = Vec::new();
        for authorship in &record.authorships {
            let raw_name = authorship.raw_author_name.as_deref().and_then(text);
            let person = authorship
                .author
                .as_ref()
                .and_then(|author| self.seen_person(author, raw_name.as_ref()));
            // The name as the work writes it; else, for an author the import cannot make a
            // person of, the name OpenAlex gives them.
            let name = match raw_name {
                Some(name) => Some(name),
                None if person.is_none() => authorship
                    .author
                    .as_ref()
                    .and_then(|a| a.display_name.as_deref())
                    .and_then(text),
                None => None,
            };
            if person.is_none() && name.is_none() {
                self.not_kept
                    .add("authorships without an author's id or name");
                continue;
            }
            let position = match authorship.author_position.as_deref() {
                Some("first") => Some(AuthorPosition::First),
                Some("middle") => Some(AuthorPosition::Middle),
                Some("last") => Some(AuthorPosition::Last),
                Some(other) => {
                    self.not_kept.add(format!("author position `{other}`"));
                    None
                }
                None => None,
            };
            let institutions: Vec<u32> = authorship
                .institutions
                .iter()
                .filter_map(|short| self.seen_institution(short, &authorship.countries, number))
                .collect();
            // The authorship's countries are its institutions': one that no short form here
            // has is looked for among the institutions kept, once the import knows them.
            for country in &authorship.countries {
                let held = authorship
                    .institutions
                    .iter()
                    .any(|i| i.country_code.as_deref() == Some(country.as_str()));
                if held {
                    continue;
                }
                match CountryCode::parse(country.trim()) {
                    Ok(country) => unheld.push((authorships.len() as u32, country)),
                    Err(_) => self
                        .not_kept
                        .add("countries of an authorship that this build does not know"),
                }
            }
            authorships.push(AuthorshipEntry {
                person,
                name,
                position,
                corresponding: authorship.is_corresponding.unwrap_or(false),
                institutions: institutions.into_boxed_slice(),
            });
        }
        let entry = WorkEntry {
            number,
            title,
            kind,
            published,
            doi: record.doi.as_deref().and_then(doi),
            ids: ids.into_boxed_slice(),
            authorships: authorships.into_boxed_slice(),
            unheld: unheld.into_boxed_slice(),
        };
        match self.work_at.get(&number) {
            Some(&at) => {
                self.not_kept.add(TWICE);
                self.works[at as usize] = entry;
            }
            None => {
                let at = u32::try_from(self.works.len()).expect("fewer than 2^32 works");
                self.work_at.insert(number, at);
                self.works.push(entry);
            }
        }
    }

    /// The seed: each institution made from its full record or its short forms, relationships
    /// to the institutions the import has, and every affiliation pointing at an institution
    /// kept.
    fn finish(self) -> Imported {
        let Importer {
            source,
            mut not_kept,
            records,
            institutions: entries,
            institution_at,
            people,
            mut works,
            release,
            ..
        } = self;
        let mut institutions: Vec<Institution> = Vec::new();
        // Each institution's number and the institutions its record associates it with.
        let mut associated: Vec<(u64, Vec<(RelationshipKind, u64)>)> = Vec::new();
        // Each entry's place among the institutions kept, or why it is not one.
        let mut kept: Vec<Result<u32, &'static str>> = Vec::with_capacity(entries.len());
        for entry in entries {
            let place = u32::try_from(institutions.len()).expect("fewer than 2^32 institutions");
            match entry.full {
                Full::Kept(made) => {
                    let (institution, relations) = *made;
                    institutions.push(institution);
                    associated.push((entry.number, relations));
                    kept.push(Ok(place));
                }
                Full::Refused => kept.push(Err(
                    "affiliations to institutions whose record was not kept",
                )),
                Full::Absent => {
                    let seen = entry.seen.unwrap_or_default();
                    match institution::from_short_forms(entry.number, seen, &source, &mut not_kept)
                    {
                        Ok(institution) => {
                            institutions.push(institution);
                            associated.push((entry.number, Vec::new()));
                            kept.push(Ok(place));
                        }
                        Err(why) => kept.push(Err(why)),
                    }
                }
            }
        }
        for (institution, (number, relations)) in institutions.iter_mut().zip(associated) {
            let mut relationships = Vec::new();
            for (kind, other) in relations {
                let to = institution_at
                    .get(&other)
                    .and_then(|&at| kept[at as usize].ok());
                match to {
                    Some(_) => relationships.push(Relationship {
                        kind,
                        institution: seed_id('I', other),
                        sources: vec![Citation::located(source.clone(), locator('I', number))],
                    }),
                    None => not_kept.add("relationships to institutions outside the import"),
                }
            }
            // The graph's `parent` is OpenAlex's first parent; the relationships keep them all.
            institution.parent = relationships
                .iter()
                .find(|r| r.kind == RelationshipKind::Parent)
                .map(|r| r.institution.clone());
            institution.relationships = relationships.into();
        }
        institution::break_parent_cycles(&mut institutions, &mut not_kept);
        for work in &mut works {
            for authorship in work.authorships.iter_mut() {
                let mut places: Vec<u32> = Vec::with_capacity(authorship.institutions.len());
                for &entry in authorship.institutions.iter() {
                    match kept[entry as usize] {
                        Ok(place) if places.contains(&place) => {
                            not_kept.add("affiliations named twice on one authorship");
                        }
                        Ok(_) if places.len() == MAX_AFFILIATIONS => not_kept.add(format!(
                            "affiliations past the {MAX_AFFILIATIONS}th of one authorship"
                        )),
                        Ok(place) => places.push(place),
                        Err(why) => not_kept.add(why),
                    }
                }
                authorship.institutions = places.into_boxed_slice();
            }
            for (at, country) in std::mem::take(&mut work.unheld) {
                let held = work.authorships[at as usize]
                    .institutions
                    .iter()
                    .any(|&i| institutions[i as usize].country == country);
                if !held {
                    not_kept
                        .add("countries of an authorship that none of its institutions kept has");
                }
            }
        }
        Imported {
            source: source_for(release.as_deref()),
            institutions,
            people,
            works,
            not_kept,
            records,
        }
    }
}

/// A seed made from OpenAlex records, and what of them it could not hold.
pub struct Imported {
    source: Source,
    institutions: Vec<Institution>,
    people: Vec<PersonEntry>,
    works: Vec<WorkEntry>,
    /// What was left out, counted.
    pub not_kept: NotKept,
    records: usize,
}

impl Imported {
    /// How many records were read.
    pub fn records(&self) -> usize {
        self.records
    }

    /// How many institutions were imported.
    pub fn institutions(&self) -> usize {
        self.institutions.len()
    }

    /// How many people were imported.
    pub fn people(&self) -> usize {
        self.people.len()
    }

    /// How many works were imported.
    pub fn works(&self) -> usize {
        self.works.len()
    }

    /// The seed as JSON, as its seed file holds it.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        super::write_seed(&mut out, &SeedOut(self)).expect("a seed serializes");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Writes the seed file to `path`, each person and work made as it is written.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let cannot = || format!("cannot write {}", path.display());
        let file = std::fs::File::create(path).with_context(cannot)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        super::write_seed(&mut out, &SeedOut(self)).with_context(cannot)?;
        out.flush().with_context(cannot)
    }

    fn cite(&self, letter: char, number: u64) -> Vec<Citation> {
        vec![Citation::located(
            self.source.id.clone(),
            locator(letter, number),
        )]
    }

    fn person(&self, entry: &PersonEntry) -> Person {
        let cite = self.cite('A', entry.number);
        let mut external_ids = vec![external_id(
            IdScheme::Openalex,
            Text::parse(&format!("A{}", entry.number)).expect("not empty"),
            true,
            cite.clone(),
        )];
        external_ids.extend(
            entry
                .orcid
                .clone()
                .map(|orcid| external_id(IdScheme::Orcid, orcid, false, cite.clone())),
        );
        Person {
            id: seed_id('A', entry.number),
            name: entry.name.clone(),
            names: Vec::new(),
            positions: Vec::new(),
            met: Default::default(),
            external_ids: external_ids.into(),
            sources: cite,
            facts: Default::default(),
            values: Default::default(),
        }
    }

    fn work(&self, entry: &WorkEntry) -> Work {
        let cite = self.cite('W', entry.number);
        let mut external_ids = vec![external_id(
            IdScheme::Openalex,
            Text::parse(&format!("W{}", entry.number)).expect("not empty"),
            true,
            cite.clone(),
        )];
        external_ids.extend(
            entry
                .ids
                .iter()
                .map(|(scheme, value)| external_id(*scheme, value.clone(), false, cite.clone())),
        );
        let authorships = entry
            .authorships
            .iter()
            .map(|a| Authorship {
                person: a
                    .person
                    .map(|p| seed_id('A', self.people[p as usize].number)),
                name: a.name.clone(),
                position: a.position,
                corresponding: a.corresponding,
                institutions: a
                    .institutions
                    .iter()
                    .map(|&i| self.institutions[i as usize].id.clone())
                    .collect(),
            })
            .collect();
        Work {
            id: seed_id('W', entry.number),
            title: entry.title.clone(),
            kind: entry.kind,
            published: entry.published,
            doi: entry.doi.clone(),
            external_ids: external_ids.into(),
            authorships,
            sources: cite,
            facts: Default::default(),
            values: Default::default(),
        }
    }
}

/// The seed file of an import, as `SeedFile` writes one, with its people and works made one
/// at a time as they are written.
struct SeedOut<'a>(&'a Imported);

impl Serialize for SeedOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let imported = self.0;
        let mut seed = serializer.serialize_struct("SeedFile", 5)?;
        seed.serialize_field("version", &SEED_FORMAT_VERSION)?;
        seed.serialize_field("sources", std::slice::from_ref(&imported.source))?;
        seed.serialize_field("institutions", &imported.institutions)?;
        seed.serialize_field(
            "people",
            &Each(&imported.people, |p: &PersonEntry| imported.person(p)),
        )?;
        seed.serialize_field(
            "works",
            &Each(&imported.works, |w: &WorkEntry| imported.work(w)),
        )?;
        seed.end()
    }
}

/// A list written as what `F` makes of each item.
struct Each<'a, T, F>(&'a [T], F);

impl<T, R: Serialize, F: Fn(&T) -> R> Serialize for Each<'_, T, F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(&self.1))
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use serde_json::{Value, json};

    use super::*;
    use crate::{
        graph::KnowledgeGraph,
        model::{Known, NodeKind},
    };

    /// A university in OpenAlex's full form, with what the seed cannot hold (its lineage,
    /// counts by year, a name in a language tag the seed refuses), a parent in the import and
    /// a child outside it.
    fn university() -> Value {
        json!({
            "id": "https://openalex.org/I100", "ror": "https://ror.org/0aaaaaa01",
            "display_name": "Al-Farabi Kazakh National University", "country_code": "KZ",
            "type": "education", "type_id": "https://openalex.org/institution-types/education",
            "lineage": ["https://openalex.org/I100", "https://openalex.org/I200"],
            "homepage_url": "https://farabi.university",
            "display_name_acronyms": ["KazNU"],
            "display_name_alternatives": ["KazNU", "Al-Farabi Kazakh National University", "Kazakh State University"],
            "works_count": 21000, "cited_by_count": 150000,
            "ids": {"openalex": "https://openalex.org/I100", "ror": "https://ror.org/0aaaaaa01",
                    "mag": "100", "grid": "grid.77184.3d",
                    "wikipedia": "https://en.wikipedia.org/wiki/Al-Farabi%20Kazakh%20National%20University",
                    "wikidata": "https://www.wikidata.org/wiki/Q427677"},
            "geo": {"city": "Almaty", "geonames_city_id": "1526384", "region": null,
                    "country_code": "KZ", "country": "Kazakhstan", "latitude": 43.25, "longitude": 76.91667},
            "international": {"display_name": {
                "en": "Al-Farabi Kazakh National University",
                "kk": "Әл-Фараби атындағы Қазақ ұлттық университеті",
                "zh-classical": "阿爾法拉比哈薩克國立大學"}},
            "associated_institutions": [
                {"id": "https://openalex.org/I200", "ror": "https://ror.org/0bbbbbb02", "display_name": "Ministry",
                 "country_code": "KZ", "type": "government", "relationship": "parent"},
                {"id": "https://openalex.org/I999", "ror": "https://ror.org/0zzzzzz99", "display_name": "Elsewhere",
                 "country_code": "KZ", "type": "facility", "relationship": "child"}],
            "counts_by_year": [{"year": 2024, "works_count": 2000, "cited_by_count": 20000}],
            "updated_date": "2025-06-17T03:32:42.076287", "created_date": "2016-06-24"
        })
    }

    fn ministry() -> Value {
        json!({"id": "https://openalex.org/I200", "display_name": "Ministry of Science", "country_code": "KZ",
               "type": "government", "associated_institutions": [
                   {"id": "https://openalex.org/I100", "display_name": "KazNU", "relationship": "child"}]})
    }

    /// A work as the snapshot gives it: four authorships (one by name only), affiliations in
    /// the short form, one without a country code that its authorship tells, one whose
    /// country cannot be told.
    fn work() -> Value {
        json!({
            "id": "https://openalex.org/W300", "doi": "https://doi.org/10.1000/XYZ.1",
            "title": "Deserts of Central Asia", "display_name": "Deserts of Central Asia",
            "publication_year": 2023, "publication_date": "2023-05-19", "type": "article",
            "ids": {"openalex": "https://openalex.org/W300", "doi": "https://doi.org/10.1000/XYZ.1",
                    "mag": 3000, "pmid": "https://pubmed.ncbi.nlm.nih.gov/29456894",
                    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/5815332"},
            "authorships": [
                {"author_position": "first", "is_corresponding": true, "raw_author_name": "A. Bekov",
                 "author": {"id": "https://openalex.org/A10", "display_name": "Aibek Bekov",
                            "orcid": "https://orcid.org/0000-0003-1613-5981"},
                 "institutions": [{"id": "https://openalex.org/I100", "display_name": "KazNU (short)",
                                   "ror": "https://ror.org/0aaaaaa01", "country_code": "KZ", "type": "education",
                                   "lineage": ["https://openalex.org/I100"]}],
                 "countries": ["KZ"], "raw_affiliation_strings": ["KazNU, Almaty"]},
                {"author_position": "middle", "raw_author_name": "Li Wei",
                 "author": {"id": "https://openalex.org/A20", "display_name": "Wei Li", "orcid": null},
                 "institutions": [{"id": "https://openalex.org/I300", "display_name": "Xinjiang Institute",
                                   "ror": null, "country_code": null, "type": "facility"}],
                 "countries": ["CN"]},
                {"author_position": "middle", "raw_author_name": "N. N.",
                 "author": {"id": null, "display_name": "N. N.", "orcid": null},
                 "institutions": [{"id": "https://openalex.org/I400", "display_name": "Somewhere", "country_code": null,
                                   "type": "other"}],
                 "countries": ["CN", "KZ"]},
                {"author_position": "last", "raw_author_name": "Aibek Bekov",
                 "author": {"id": "https://openalex.org/A10", "display_name": "Aibek Bekov"},
                 "institutions": [], "countries": ["RU"]}],
            "concepts": [{"id": "https://openalex.org/C1", "display_name": "Geology"}],
            "abstract_inverted_index": {"Deserts": [0]},
            "cited_by_count": 3
        })
    }

    /// A work OpenAlex types in a way this build does not know, with only a year and a
    /// display name, and one without a title.
    fn other_works() -> [Value; 2] {
        [
            json!({"id": "https://openalex.org/W301", "display_name": "Notes", "type": "grant-report",
                   "publication_year": 2024, "authorships": [
                       {"author": {"id": "https://openalex.org/A20", "display_name": "Wei Li"},
                        "institutions": [{"id": "https://openalex.org/I300", "display_name": "Xinjiang Institute"}],
                        "countries": []}]}),
            json!({"id": "https://openalex.org/W302", "title": null, "display_name": null, "type": "article"}),
        ]
    }

    /// Wei Li's own record, which wins over how works name them.
    fn author() -> Value {
        json!({"id": "https://openalex.org/A20", "orcid": "https://orcid.org/0000-0001-6187-6610",
               "display_name": "Li Wei", "display_name_alternatives": ["Wei Li"],
               "ids": {"openalex": "https://openalex.org/A20", "orcid": "https://orcid.org/0000-0001-6187-6610",
                       "scopus": "http://www.scopus.com/inward/authorDetails.url?authorID=1"},
               "last_known_institutions": [], "works_count": 12})
    }

    fn records() -> Vec<Value> {
        let [unknown, untitled] = other_works();
        vec![
            work(),
            university(),
            ministry(),
            unknown,
            untitled,
            author(),
            json!({"id": "https://openalex.org/S1983995261", "display_name": "PeerJ"}),
        ]
    }

    fn lines(records: &[Value]) -> String {
        records.iter().map(|r| format!("{r}\n")).collect()
    }

    /// Writes `text` to `name` in `dir`.
    fn file(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn imported_from(paths: &[PathBuf]) -> Imported {
        import(
            paths,
            &Options {
                release: Some("2025-06-01".into()),
            },
        )
        .unwrap()
    }

    fn imported() -> (Imported, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = file(dir.path(), "part_000", lines(&records()).as_bytes());
        (imported_from(&[path]), dir)
    }

    fn seed(imported: &Imported) -> Value {
        serde_json::from_str(&imported.to_json()).unwrap()
    }

    #[test]
    fn a_full_institution_record_becomes_an_institution_cited_to_its_record() {
        let (imported, _dir) = imported();
        let seed = seed(&imported);
        assert_eq!(
            seed["sources"][0]["id"], "openalex-2025-06-01",
            "one source, the snapshot's"
        );
        assert_eq!(seed["sources"][0]["title"], "OpenAlex snapshot 2025-06-01");
        assert_eq!(seed["sources"][0]["date"], "2025-06-01");
        let kaznu = &seed["institutions"][0];
        assert_eq!(kaznu["id"], "openalex-I100");
        assert_eq!(
            kaznu["name"], "Al-Farabi Kazakh National University",
            "the full record wins over the short form"
        );
        assert_eq!(
            (&kaznu["kind"], &kaznu["types"], &kaznu["country"]),
            (&json!("university"), &json!(["education"]), &json!("KZ"))
        );
        assert_eq!(kaznu["acronyms"], json!(["KazNU"]));
        assert_eq!(
            kaznu["aliases"],
            json!(["KazNU", "Kazakh State University"])
        );
        assert_eq!(
            kaznu["names"],
            json!([{"value": "Әл-Фараби атындағы Қазақ ұлттық университеті", "lang": "kk",
                    "sources": [{"source": "openalex-2025-06-01", "locator": "https://openalex.org/I100"}]}])
        );
        let ids: Vec<(&str, &str, bool)> = kaznu["externalIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                (
                    id["scheme"].as_str().unwrap(),
                    id["value"].as_str().unwrap(),
                    id["preferred"] == true,
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("openalex", "I100", true),
                ("ror", "0aaaaaa01", false),
                ("grid", "grid.77184.3d", false),
                ("wikidata", "Q427677", false),
                ("mag", "100", false)
            ]
        );
        assert_eq!(
            kaznu["locations"][0],
            json!({"geonamesId": 1526384, "city": "Almaty", "subdivision": null, "subdivisionCode": null,
                   "country": "KZ", "lat": 43.25, "lng": 76.91667,
                   "sources": [{"source": "openalex-2025-06-01", "locator": "https://openalex.org/I100"}]})
        );
        assert_eq!(
            kaznu["links"][1]["url"],
            "https://en.wikipedia.org/wiki/Al-Farabi%20Kazakh%20National%20University"
        );
        assert_eq!(
            (
                &kaznu["counts"][0]["metric"],
                &kaznu["counts"][0]["value"],
                &kaznu["counts"][0]["asOf"]
            ),
            (&json!("works"), &json!(21000), &json!("2025-06-17"))
        );
        assert_eq!(
            kaznu["parent"], "openalex-I200",
            "its parent, in the import"
        );
        assert_eq!(
            kaznu["relationships"],
            json!([{"kind": "parent", "institution": "openalex-I200",
                    "sources": [{"source": "openalex-2025-06-01", "locator": "https://openalex.org/I100"}]}])
        );
    }

    #[test]
    fn a_work_names_its_authors_once_each_and_their_institutions() {
        let (imported, _dir) = imported();
        assert_eq!(
            (imported.records(), imported.works(), imported.people()),
            (7, 2, 2)
        );
        let seed = seed(&imported);
        let work = &seed["works"][0];
        assert_eq!(work["id"], "openalex-W300");
        assert_eq!(
            (
                &work["title"],
                &work["kind"],
                &work["published"],
                &work["doi"]
            ),
            (
                &json!("Deserts of Central Asia"),
                &json!("article"),
                &json!("2023-05-19"),
                &json!("10.1000/XYZ.1")
            )
        );
        let ids: Vec<(&str, &str)> = work["externalIds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                (
                    id["scheme"].as_str().unwrap(),
                    id["value"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("openalex", "W300"),
                ("pmid", "29456894"),
                ("pmcid", "PMC5815332"),
                ("mag", "3000")
            ]
        );
        assert_eq!(
            work["authorships"],
            json!([
                {"person": "openalex-A10", "name": "A. Bekov", "position": "first", "corresponding": true,
                 "institutions": ["openalex-I100"]},
                {"person": "openalex-A20", "name": "Li Wei", "position": "middle", "institutions": ["openalex-I300"]},
                {"person": null, "name": "N. N.", "position": "middle", "institutions": []},
                {"person": "openalex-A10", "name": "Aibek Bekov", "position": "last", "institutions": []}
            ])
        );
        let other = &seed["works"][1];
        assert_eq!(
            (&other["title"], &other["kind"], &other["published"]),
            (&json!("Notes"), &json!("other"), &json!("2024"))
        );
        let people = seed["people"].as_array().unwrap();
        assert_eq!(people[0]["name"], "Aibek Bekov");
        assert_eq!(people[0]["externalIds"][1]["value"], "0000-0003-1613-5981");
        assert_eq!(
            (&people[1]["name"], &people[1]["externalIds"][1]["value"]),
            (&json!("Li Wei"), &json!("0000-0001-6187-6610")),
            "the author's own record wins"
        );
    }

    #[test]
    fn an_institution_seen_only_in_works_takes_the_one_country_its_authorship_lists() {
        let (imported, _dir) = imported();
        let seed = seed(&imported);
        let xinjiang = seed["institutions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == "openalex-I300")
            .unwrap();
        assert_eq!(
            (&xinjiang["name"], &xinjiang["country"], &xinjiang["kind"]),
            (
                &json!("Xinjiang Institute"),
                &json!("CN"),
                &json!("research_institute")
            )
        );
        assert_eq!(
            xinjiang["facts"]["country"][0],
            json!({"source": "openalex-2025-06-01", "locator": "https://openalex.org/W300", "known": "inferred",
                   "reason": "the work's authorship that names the institution lists this one country"})
        );
        assert!(
            seed["institutions"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["id"] != "openalex-I400"),
            "two countries tell none"
        );
        assert_eq!(imported.institutions(), 3);
    }

    #[test]
    fn what_the_seed_cannot_hold_is_counted_by_name() {
        let (imported, _dir) = imported();
        let not_kept = &imported.not_kept;
        for (what, n) in [
            ("institution field `lineage`", 1),
            ("institution field `counts_by_year`", 1),
            ("institution field `geo.country`", 1),
            ("institution field `created_date`", 1),
            ("work field `concepts`", 1),
            ("work field `abstract_inverted_index`", 1),
            ("work field `cited_by_count`", 1),
            ("work field `authorships.raw_affiliation_strings`", 1),
            ("work field `authorships.institutions.lineage`", 1),
            ("author field `display_name_alternatives`", 1),
            ("author field `ids.scopus`", 1),
            ("author field `last_known_institutions`", 1),
            ("author field `works_count`", 1),
            ("names in a language tag this build refuses", 1),
            ("relationships to institutions outside the import", 1),
            (
                "institutions named only in works, whose country could not be told (no country code, and no authorship naming them lists one country)",
                1,
            ),
            (
                "affiliations to institutions whose country could not be told",
                1,
            ),
            (
                "countries of an authorship that none of its institutions kept has",
                3,
            ),
            ("work type `grant-report` (read as other)", 1),
            ("works without a title", 1),
            (
                "records of another kind than institutions, works and authors (`S…`)",
                1,
            ),
        ] {
            assert_eq!(not_kept.count(what), n, "{what}: {not_kept:#?}");
        }
        // What repeats the record's own fields is not counted as left out.
        for repeated in [
            "institution field `ids.openalex`",
            "institution field `type_id`",
            "work field `ids.doi`",
            "author field `ids.openalex`",
            "institution field `associated_institutions.display_name`",
        ] {
            assert_eq!(not_kept.count(repeated), 0, "{repeated}");
        }
    }

    #[test]
    fn every_form_openalex_publishes_reads_as_json_lines_do() {
        let dir = tempfile::tempdir().unwrap();
        let records = records();
        let from_lines =
            imported_from(&[file(dir.path(), "lines.jsonl", lines(&records).as_bytes())]);
        let expected = from_lines.to_json();
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gzip.write_all(lines(&records).as_bytes()).unwrap();
        // A snapshot part: gzipped, named without `.gz`; told by its magic bytes.
        let gzipped = file(dir.path(), "part_000", &gzip.finish().unwrap());
        let response = json!({"meta": {"count": 7, "db_response_time_ms": 12, "page": 1, "per_page": 25},
                              "results": records, "group_by": []});
        let response = file(
            dir.path(),
            "response.json",
            serde_json::to_string_pretty(&response).unwrap().as_bytes(),
        );
        let array = file(
            dir.path(),
            "array.json",
            serde_json::to_string(&records).unwrap().as_bytes(),
        );
        let singles: Vec<PathBuf> = records
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let text = serde_json::to_string_pretty(r).unwrap();
                file(dir.path(), &format!("record-{i}.json"), text.as_bytes())
            })
            .collect();
        for paths in [vec![gzipped], vec![response], vec![array], singles] {
            let imported = imported_from(&paths);
            assert_eq!(imported.to_json(), expected, "{paths:?}");
            assert_eq!(imported.not_kept, from_lines.not_kept, "{paths:?}");
        }
        // One record a line, minified, as the API's response can be too.
        let one_line = file(
            dir.path(),
            "one-line.json",
            json!({"meta": {}, "results": records})
                .to_string()
                .as_bytes(),
        );
        assert_eq!(imported_from(&[one_line]).to_json(), expected);
        let written = dir.path().join("seed.json");
        from_lines.write(&written).unwrap();
        assert_eq!(std::fs::read_to_string(&written).unwrap(), expected);
    }

    #[test]
    fn the_import_is_a_seed_whose_works_link_people_and_institutions() {
        let (imported, _dir) = imported();
        let json = imported.to_json();
        let seed = crate::seed::load_texts(&[("openalex.json", json.as_str())])
            .unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let work = kg.find(NodeKind::Work, "openalex-W300").unwrap().index;
        assert_eq!(kg.work_by_doi("https://doi.org/10.1000/xyz.1"), Some(work));
        let bekov = kg.find(NodeKind::Person, "openalex-A10").unwrap().index;
        let li = kg.find(NodeKind::Person, "openalex-A20").unwrap().index;
        let coauthors = kg.coauthors_of(bekov);
        assert_eq!(coauthors.len(), 1);
        assert_eq!(coauthors[0].person, li);
        let kaznu = kg.find(NodeKind::Institution, "openalex-I100").unwrap();
        assert_eq!(kg.works_of(kaznu), [work]);
        let country = kg.institutions[kg
            .find(NodeKind::Institution, "openalex-I300")
            .unwrap()
            .index]
            .facts
            .of("country")
            .unwrap()[0]
            .known();
        assert_eq!(country, Some(Known::Inferred));
    }

    #[test]
    fn an_authorship_keeps_at_most_the_seed_s_affiliations_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut institutions: Vec<Value> = (1..=MAX_AFFILIATIONS as u64 + 2)
            .map(|n| json!({"id": format!("https://openalex.org/I{n}"), "display_name": format!("I {n}"), "country_code": "KZ"}))
            .collect();
        institutions.push(
            json!({"id": "https://openalex.org/I1", "display_name": "I 1", "country_code": "KZ"}),
        );
        let work = json!({"id": "W1", "title": "Many", "type": "article", "authorships": [
            {"author": {"id": "A1", "display_name": "One"}, "institutions": institutions}]});
        let imported = imported_from(&[file(dir.path(), "w.jsonl", lines(&[work]).as_bytes())]);
        let seed = seed(&imported);
        let kept = seed["works"][0]["authorships"][0]["institutions"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(kept, MAX_AFFILIATIONS);
        assert_eq!(
            imported.not_kept.count(&format!(
                "affiliations past the {MAX_AFFILIATIONS}th of one authorship"
            )),
            2
        );
        assert_eq!(
            imported
                .not_kept
                .count("affiliations named twice on one authorship"),
            1
        );
        assert_eq!(
            seed["people"][0]["id"], "openalex-A1",
            "a bare id reads as the full one"
        );
    }

    #[test]
    fn parents_that_name_each_other_keep_the_first_and_both_relationships() {
        let dir = tempfile::tempdir().unwrap();
        let record = |n: u64, parent: u64| {
            json!({"id": format!("https://openalex.org/I{n}"), "display_name": format!("I {n}"), "country_code": "KZ",
                   "associated_institutions": [{"id": format!("https://openalex.org/I{parent}"), "relationship": "parent"}]})
        };
        let path = file(
            dir.path(),
            "i.jsonl",
            lines(&[record(1, 2), record(2, 1)]).as_bytes(),
        );
        let imported = imported_from(&[path]);
        let json = imported.to_json();
        crate::seed::load_texts(&[("openalex.json", json.as_str())])
            .unwrap_or_else(|r| panic!("{r}"));
        let seed = seed(&imported);
        assert_eq!(seed["institutions"][0]["parent"], "openalex-I2");
        assert_eq!(seed["institutions"][1]["parent"], Value::Null);
        assert_eq!(
            seed["institutions"][1]["relationships"][0]["kind"],
            "parent"
        );
        assert_eq!(
            imported
                .not_kept
                .count("parents that would close a cycle of parents (kept as relationships)"),
            1
        );
    }

    #[test]
    fn a_broken_record_is_an_error_that_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let error = |text: &str| {
            let path = file(dir.path(), "bad", text.as_bytes());
            format!("{:#}", import(&[path], &Options::default()).err().unwrap())
        };
        let good = lines(&records()[..2]);
        let message = error(&format!("{good}{{\"id\": \"https://openalex.org/W1\"\n"));
        assert!(message.contains("bad:3: not JSON"), "{message}");
        let message = error(&format!("{good}\n{{\"id\": 7}}\n"));
        assert!(
            message.contains("bad:4: not an OpenAlex record or API response"),
            "{message}"
        );
        let message = error("{\"id\": \"https://openalex.org/W1\", \"authorships\": \"none\"}\n");
        assert!(
            message.contains("bad:1: not an OpenAlex work record"),
            "{message}"
        );
        let message = error("[\n  {\"id\": \"W1\"},\n  {\"id\": \"W2\", \"title\": 3}\n]\n");
        assert!(
            message.contains("line 3: not an OpenAlex work record"),
            "{message}"
        );
        let gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default())
            .finish()
            .unwrap();
        let path = file(dir.path(), "cut.gz", &gzip[..gzip.len() - 4]);
        assert!(
            import(&[path], &Options::default()).is_err(),
            "a cut gzip file"
        );
        assert_eq!(source_id(Some("v2.1 (June)")), "openalex-v2-1--june");
    }
}
