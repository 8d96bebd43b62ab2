//! Reading what OpenAlex publishes: the snapshot's JSON Lines (a record a line, gzipped), an
//! API response (`{"meta": …, "results": […]}`), a JSON array of records, or one record,
//! gzipped or not. Gzip is told by its magic bytes, not by the file's name. JSON Lines are read
//! a line at a time, so that a snapshot file of any size streams; the other forms, which the
//! API and people write, are read whole.
//!
//! A record is parsed straight into the type of its kind, told by its id (`…/I…` an
//! institution, `…/W…` a work, `…/A…` an author), and each field that type does not read is
//! named to the [`Sink`] as it is skipped: what the seed cannot hold is counted by name, and no
//! record is ever held as a tree of JSON values.

use std::{
    collections::BTreeMap,
    fs::File,
    io::{BufRead, BufReader, Read, Seek},
    path::Path,
};

use anyhow::Context;
use flate2::read::MultiGzDecoder;
use serde::{Deserialize, Deserializer, de::IgnoredAny};
use serde_json::value::RawValue;

/// The kinds of record this import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Institution,
    Work,
    Author,
}

impl Kind {
    /// The record's kind, as the count of what it left out names it.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Institution => "institution",
            Kind::Work => "work",
            Kind::Author => "author",
        }
    }
}

/// One record, as read.
pub(super) enum Record {
    /// Boxed: an institution's record is the largest, and the rarest.
    Institution(Box<InstitutionRecord>),
    Work(WorkRecord),
    Author(AuthorRecord),
    /// A record of a kind this import does not read (a source `S…`, a topic `T…`...), by the
    /// letter of its id.
    Other(char),
    /// An object whose id is missing or is not an OpenAlex id.
    Unknown,
}

/// What the records are handed to as they are read.
pub(super) trait Sink {
    /// A field of a record of `kind` that its type does not read, by its path
    /// (`authorships.raw_affiliation_strings`).
    fn skipped(&mut self, kind: Kind, field: &str);
    /// A record.
    fn record(&mut self, record: Record);
}

/// The number of an OpenAlex id of the entity `letter`: 27837315 for
/// `https://openalex.org/I27837315` or `I27837315`. None for anything else, or for digits that
/// would not be written back the same (a leading zero).
pub(super) fn number(id: &str, letter: char) -> Option<u64> {
    let short = short_id(id);
    let digits = short
        .strip_prefix(letter)
        .or_else(|| short.strip_prefix(letter.to_ascii_lowercase()))?;
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// An id without OpenAlex's address: `I27837315` for `https://openalex.org/I27837315`.
fn short_id(id: &str) -> &str {
    let id = id.trim();
    [
        "https://openalex.org/",
        "http://openalex.org/",
        "openalex.org/",
    ]
    .iter()
    .find_map(|prefix| id.strip_prefix(prefix))
    .unwrap_or(id)
}

/// The letter of an OpenAlex id (`I`, `W`, `A`...), if it is one.
fn letter_of(id: &str) -> Option<char> {
    let mut chars = short_id(id).chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let rest = chars.as_str();
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        .then(|| letter.to_ascii_uppercase())
}

/// Reads the records of the file at `path`, handing each to `sink`.
pub(super) fn read(path: &Path, sink: &mut dyn Sink) -> anyhow::Result<()> {
    let mut input = open(path)?;
    let at = |line: usize| format!("{}:{line}", path.display());
    let mut line = String::new();
    let mut n = 0;
    // The first line that is not blank tells the form: a whole JSON value on it is JSON Lines;
    // else (an array, a pretty-printed record or response) the file is one document.
    loop {
        line.clear();
        if input.read_line(&mut line).with_context(|| at(n + 1))? == 0 {
            return Ok(());
        }
        n += 1;
        if !line.trim().is_empty() {
            break;
        }
    }
    let whole = line.trim_start().starts_with('[')
        || serde_json::from_str::<IgnoredAny>(&line).is_err_and(|e| e.is_eof());
    if whole {
        let before = n - 1;
        input
            .read_to_string(&mut line)
            .with_context(|| format!("cannot read {}", path.display()))?;
        return document(&line, before, sink).with_context(|| format!("in {}", path.display()));
    }
    loop {
        if !line.trim().is_empty() {
            object(&line, sink).map_err(|e| anyhow::anyhow!("{}: {e}", at(n)))?;
        }
        line.clear();
        if input.read_line(&mut line).with_context(|| at(n + 1))? == 0 {
            return Ok(());
        }
        n += 1;
    }
}

/// The file at `path`, through a gzip decoder when it starts with gzip's magic bytes.
fn open(path: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    const GZIP: [u8; 2] = [0x1f, 0x8b];
    // Large reads: a snapshot file is gigabytes of long lines.
    const BUFFER: usize = 1 << 16;
    let cannot = || format!("cannot read {}", path.display());
    let mut file = File::open(path).with_context(cannot)?;
    let mut magic = Vec::with_capacity(GZIP.len());
    (&mut file)
        .take(GZIP.len() as u64)
        .read_to_end(&mut magic)
        .with_context(cannot)?;
    file.rewind().with_context(cannot)?;
    Ok(if magic == GZIP {
        Box::new(BufReader::with_capacity(BUFFER, MultiGzDecoder::new(file)))
    } else {
        Box::new(BufReader::with_capacity(BUFFER, file))
    })
}

/// Why a JSON value could not be read as records.
#[derive(Debug, thiserror::Error)]
pub(super) enum Unreadable {
    #[error("not JSON ({0})")]
    Syntax(serde_json::Error),
    #[error("not an OpenAlex {kind} record ({error})", kind = .0.name(), error = .1)]
    Record(Kind, serde_json::Error),
    #[error("not an OpenAlex record or API response ({0})")]
    Object(serde_json::Error),
}

impl Unreadable {
    fn error(&self) -> &serde_json::Error {
        match self {
            Unreadable::Syntax(e) | Unreadable::Record(_, e) | Unreadable::Object(e) => e,
        }
    }
}

fn not_json_or(
    error: serde_json::Error,
    or: impl FnOnce(serde_json::Error) -> Unreadable,
) -> Unreadable {
    if error.is_syntax() || error.is_eof() {
        Unreadable::Syntax(error)
    } else {
        or(error)
    }
}

/// The records of a whole document: JSON values one after another (usually one), each an
/// array of records, an API response or a record. `before` lines came before `text` in its
/// file, for the line numbers of errors.
fn document(text: &str, before: usize, sink: &mut dyn Sink) -> anyhow::Result<()> {
    let line_of = |value: &str, error: &serde_json::Error| {
        let offset = value.as_ptr() as usize - text.as_ptr() as usize;
        before + text[..offset].matches('\n').count() + error.line()
    };
    let values = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    for value in values {
        let value =
            value.map_err(|e| anyhow::anyhow!("line {}: not JSON ({e})", before + e.line()))?;
        let value = value.get();
        let result = if value.starts_with('[') {
            let records: Vec<&RawValue> =
                serde_json::from_str(value).map_err(|e| not_json_or(e, Unreadable::Object))?;
            records
                .iter()
                .try_for_each(|record| object(record.get(), sink).map_err(|e| (record.get(), e)))
        } else {
            object(value, sink).map_err(|e| (value, e))
        };
        if let Err((at, error)) = result {
            anyhow::bail!("line {}: {error}", line_of(at, error.error()));
        }
    }
    Ok(())
}

/// An API response: its records; what it says of the query (`meta`, `group_by`) is not read.
#[derive(Deserialize)]
struct Response<'a> {
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
}

/// A JSON object's id and whether it has `results`, for what it is.
#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(borrow)]
    id: Option<std::borrow::Cow<'a, str>>,
    results: Option<IgnoredAny>,
}

/// The records of one JSON object: a record, or an API response's.
fn object(text: &str, sink: &mut dyn Sink) -> Result<(), Unreadable> {
    let letter = match leading_id(text) {
        Some(id) => letter_of(id),
        None => {
            let peek: Peek =
                serde_json::from_str(text).map_err(|e| not_json_or(e, Unreadable::Object))?;
            match (peek.id, peek.results) {
                (None, Some(_)) => {
                    let response: Response = serde_json::from_str(text)
                        .map_err(|e| not_json_or(e, Unreadable::Object))?;
                    for record in response.results {
                        object(record.get(), sink)?;
                    }
                    return Ok(());
                }
                (Some(id), _) => letter_of(&id),
                (None, None) => None,
            }
        }
    };
    let record = match letter {
        Some('I') => Record::Institution(Box::new(typed(text, Kind::Institution, sink)?)),
        Some('W') => Record::Work(typed(text, Kind::Work, sink)?),
        Some('A') => Record::Author(typed(text, Kind::Author, sink)?),
        Some(other) => {
            serde_json::from_str::<IgnoredAny>(text)
                .map_err(|e| not_json_or(e, Unreadable::Object))?;
            Record::Other(other)
        }
        None => {
            serde_json::from_str::<IgnoredAny>(text)
                .map_err(|e| not_json_or(e, Unreadable::Object))?;
            Record::Unknown
        }
    };
    sink.record(record);
    Ok(())
}

/// The id of an object that begins with it, as OpenAlex writes every record (`{"id":
/// "https://openalex.org/W…"`): its kind is known without reading the record twice.
fn leading_id(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('{')?.trim_start();
    let rest = rest
        .strip_prefix("\"id\"")?
        .trim_start()
        .strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

/// A record of `kind` parsed from `text`, each field its type does not read named to `sink`.
fn typed<T: for<'de> Deserialize<'de>>(
    text: &str,
    kind: Kind,
    sink: &mut dyn Sink,
) -> Result<T, Unreadable> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut name = String::new();
    let record = serde_ignored::deserialize(&mut deserializer, |path| {
        name.clear();
        field_name(&path, &mut name);
        sink.skipped(kind, &name);
    })
    .and_then(|record| deserializer.end().map(|()| record))
    .map_err(|e| not_json_or(e, |e| Unreadable::Record(kind, e)))?;
    Ok(record)
}

/// A field's path by its names, without the places in lists: `authorships.countries`.
fn field_name(path: &serde_ignored::Path, out: &mut String) {
    use serde_ignored::Path as P;
    match path {
        P::Root => {}
        P::Seq { parent, .. }
        | P::Some { parent }
        | P::NewtypeStruct { parent }
        | P::NewtypeVariant { parent } => field_name(parent, out),
        P::Map { parent, key } => {
            field_name(parent, out);
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
    }
}

/// A list that OpenAlex may also write as `null`.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// An id OpenAlex writes as a string or as a number (a MAG id, a GeoNames id).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum Scalar {
    Text(String),
    Number(u64),
}

impl Scalar {
    pub(super) fn into_string(self) -> String {
        match self {
            Scalar::Text(text) => text,
            Scalar::Number(n) => n.to_string(),
        }
    }
}

/// An institution record, as the API and the snapshot give it.
#[derive(Deserialize)]
pub(super) struct InstitutionRecord {
    pub(super) id: String,
    pub(super) display_name: Option<String>,
    pub(super) ror: Option<String>,
    pub(super) country_code: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    /// The type again, as an address (`…/institution-types/education`).
    #[serde(rename = "type_id")]
    _type_id: Option<String>,
    pub(super) homepage_url: Option<String>,
    #[serde(default, deserialize_with = "list")]
    pub(super) display_name_acronyms: Vec<String>,
    #[serde(default, deserialize_with = "list")]
    pub(super) display_name_alternatives: Vec<String>,
    pub(super) ids: Option<InstitutionIds>,
    pub(super) geo: Option<Geo>,
    pub(super) international: Option<International>,
    #[serde(default, deserialize_with = "list")]
    pub(super) associated_institutions: Vec<Associated>,
    pub(super) works_count: Option<u64>,
    pub(super) cited_by_count: Option<u64>,
    /// When OpenAlex last changed the record: the date its counts refer to.
    pub(super) updated_date: Option<String>,
}

// Fields read only to be let go, as strings (`IgnoredAny` would count them as not read): they
// repeat what the record says elsewhere.

/// An institution's ids; `openalex` and `ror` repeat the record's own.
#[derive(Deserialize)]
pub(super) struct InstitutionIds {
    #[serde(rename = "openalex")]
    _openalex: Option<String>,
    pub(super) ror: Option<String>,
    pub(super) grid: Option<String>,
    pub(super) wikidata: Option<String>,
    pub(super) wikipedia: Option<String>,
    pub(super) mag: Option<Scalar>,
}

/// Where an institution is, as OpenAlex takes it from GeoNames.
#[derive(Deserialize)]
pub(super) struct Geo {
    pub(super) city: Option<String>,
    pub(super) geonames_city_id: Option<Scalar>,
    pub(super) region: Option<String>,
    pub(super) country_code: Option<String>,
    pub(super) latitude: Option<f64>,
    pub(super) longitude: Option<f64>,
}

/// An institution's names by language.
#[derive(Deserialize)]
pub(super) struct International {
    #[serde(default)]
    pub(super) display_name: BTreeMap<String, Option<String>>,
}

/// An institution related to the record's. Its name, ROR id, country and type are its own
/// record's, which the seed holds when the import has it (else the relation is counted).
#[derive(Deserialize)]
pub(super) struct Associated {
    pub(super) id: String,
    pub(super) relationship: Option<String>,
    #[serde(rename = "display_name")]
    _display_name: Option<String>,
    #[serde(rename = "ror")]
    _ror: Option<String>,
    #[serde(rename = "country_code")]
    _country_code: Option<String>,
    #[serde(rename = "type")]
    _kind: Option<String>,
}

/// A work record, as the API and the snapshot give it.
#[derive(Deserialize)]
pub(super) struct WorkRecord {
    pub(super) id: String,
    pub(super) title: Option<String>,
    /// The title again, in the API's older records the only one.
    pub(super) display_name: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
    pub(super) doi: Option<String>,
    pub(super) publication_date: Option<String>,
    pub(super) publication_year: Option<i64>,
    pub(super) ids: Option<WorkIds>,
    #[serde(default, deserialize_with = "list")]
    pub(super) authorships: Vec<WorkAuthorship>,
}

/// A work's ids; `openalex` and `doi` repeat the record's own.
#[derive(Deserialize)]
pub(super) struct WorkIds {
    #[serde(rename = "openalex")]
    _openalex: Option<String>,
    #[serde(rename = "doi")]
    _doi: Option<String>,
    pub(super) mag: Option<Scalar>,
    pub(super) pmid: Option<Scalar>,
    pub(super) pmcid: Option<Scalar>,
}

/// One author of a work and where they were affiliated on it.
#[derive(Deserialize)]
pub(super) struct WorkAuthorship {
    pub(super) author_position: Option<String>,
    pub(super) author: Option<DehydratedAuthor>,
    #[serde(default, deserialize_with = "list")]
    pub(super) institutions: Vec<DehydratedInstitution>,
    #[serde(default, deserialize_with = "list")]
    pub(super) countries: Vec<String>,
    pub(super) is_corresponding: Option<bool>,
    pub(super) raw_author_name: Option<String>,
}

/// An author as a work names them.
#[derive(Deserialize)]
pub(super) struct DehydratedAuthor {
    pub(super) id: Option<String>,
    pub(super) display_name: Option<String>,
    pub(super) orcid: Option<String>,
}

/// An institution as a work names it.
#[derive(Deserialize)]
pub(super) struct DehydratedInstitution {
    pub(super) id: Option<String>,
    pub(super) display_name: Option<String>,
    pub(super) ror: Option<String>,
    pub(super) country_code: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<String>,
}

/// An author record, as the API and the snapshot give it.
#[derive(Deserialize)]
pub(super) struct AuthorRecord {
    pub(super) id: String,
    pub(super) display_name: Option<String>,
    pub(super) orcid: Option<String>,
    pub(super) ids: Option<AuthorIds>,
}

/// An author's ids; `openalex` repeats the record's own.
#[derive(Deserialize)]
pub(super) struct AuthorIds {
    #[serde(rename = "openalex")]
    _openalex: Option<String>,
    pub(super) orcid: Option<String>,
}
