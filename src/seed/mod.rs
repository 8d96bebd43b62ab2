//! Loading seed files: read, parse, check, merge.
//!
//! A seed is one JSON file or a directory of them (every `*.json` directly inside, in name
//! order), merged into one [`Seed`]. Loading never stops at the first problem: every file is
//! read, every record is checked on its own, and the whole merged seed is checked for what
//! needs all of it (duplicate ids, references, parties, cycles). Each [`Problem`] names the
//! file, the JSON path and the line:column it is at.

use std::{
    collections::{HashMap, HashSet},
    fmt,
    ops::Deref,
    path::{Path, PathBuf},
    sync::Arc,
};

use serde::{Deserialize, de::DeserializeOwned};
use serde_json::{Value, value::RawValue};

use crate::{
    model::{
        Agreement, Event, Id, Institution, Lab, Person, Records, SEED_FORMAT_VERSION, SeedFile,
        ShrinkLists, Source, Topic,
    },
    search::did_you_mean,
};

/// A whole seed, merged from its files and checked: every reference resolves. Its records are
/// read through [`Deref`]; it also carries the records' positions by id, which the checker
/// needed and the graph needs again (a large seed has 1.7 million ids to hash).
#[derive(Debug, Clone, Default)]
pub struct Seed {
    records: Records,
    /// Each record's index by id, for `records` as checked; None once they may have changed.
    ids: Option<SeedIds>,
}

impl Seed {
    /// The records, to change (a test's smaller seed); the ids found by the check are dropped,
    /// as the records may no longer be where they say.
    pub fn records_mut(&mut self) -> &mut Records {
        self.ids = None;
        &mut self.records
    }

    /// The records, and their positions by id if they are still the checked records.
    pub(crate) fn into_parts(self) -> (Records, Option<SeedIds>) {
        (self.records, self.ids)
    }
}

impl Deref for Seed {
    type Target = Records;

    fn deref(&self) -> &Records {
        &self.records
    }
}

/// A record's index in its list, by id; the keys share the records' id strings.
pub(crate) type IdMap = foldhash::HashMap<Arc<str>, usize>;

/// Each list's records by id, for every type of record (the first record of an id, if two share
/// it), as the seed's check made them: handed on to [`crate::graph::Topology::build`] rather than
/// made again.
#[derive(Debug, Clone, Default)]
pub struct SeedIds {
    pub(crate) sources: IdMap,
    pub(crate) topics: IdMap,
    pub(crate) institutions: IdMap,
    pub(crate) people: IdMap,
    pub(crate) labs: IdMap,
    pub(crate) agreements: IdMap,
    pub(crate) events: IdMap,
}

/// What kind of problem a seed has; the code is printed with every problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file or directory could not be read.
    Io,
    /// The text is not JSON.
    Syntax,
    /// The seed format version is missing or not one this build reads.
    Version,
    /// A value has the wrong type or shape, or an unknown field.
    Type,
    /// A value has the right type but is not valid (a date, a country code, an empty name).
    InvalidValue,
    /// Two records of one type share an id.
    DuplicateId,
    /// A reference names no record of the type it needs.
    UnknownReference,
    /// An agreement has fewer than two distinct parties.
    TooFewParties,
    /// A signatory signs for an institution that is not a party.
    SignatoryNotParty,
    /// Parents (or broader topics) form a cycle.
    Cycle,
    /// Two dates are in the wrong order.
    DateOrder,
}

impl ProblemKind {
    /// A short, stable name for the kind.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Io => "io",
            ProblemKind::Syntax => "syntax",
            ProblemKind::Version => "version",
            ProblemKind::Type => "type",
            ProblemKind::InvalidValue => "invalid-value",
            ProblemKind::DuplicateId => "duplicate-id",
            ProblemKind::UnknownReference => "unknown-reference",
            ProblemKind::TooFewParties => "too-few-parties",
            ProblemKind::SignatoryNotParty => "signatory-not-party",
            ProblemKind::Cycle => "cycle",
            ProblemKind::DateOrder => "date-order",
        }
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path from the document root to a value, printed as `$.agreements[0].parties[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    fn key(&self, key: &str) -> JsonPath {
        let mut path = self.clone();
        path.0.push(PathSegment::Key(key.to_owned()));
        path
    }

    fn index(&self, index: usize) -> JsonPath {
        let mut path = self.clone();
        path.0.push(PathSegment::Index(index));
        path
    }

    fn join(&self, rest: &JsonPath) -> JsonPath {
        let mut path = self.clone();
        path.0.extend(rest.0.iter().cloned());
        path
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.0 {
            match segment {
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// One problem in a seed, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file it is in.
    pub file: PathBuf,
    /// Where in the file's JSON.
    pub path: JsonPath,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when the problem is about the whole file.
    pub column: usize,
    /// What is wrong, and what would be right.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": error[{}]", self.kind.code())?;
        if !self.path.0.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a seed, in file order; the error type of [`load`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SeedReport {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl SeedReport {
    /// Whether some problem is of `kind`.
    pub fn has(&self, kind: ProblemKind) -> bool {
        self.problems.iter().any(|p| p.kind == kind)
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let files: HashSet<&PathBuf> = self.problems.iter().map(|p| &p.file).collect();
        let n = self.problems.len();
        write!(
            f,
            "{n} problem{} in {} file{}",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        )
    }
}

/// Loads and checks the seed at `path`: a JSON file, or a directory whose `*.json` files are
/// merged. Returns every problem found, not only the first.
pub fn load(path: &Path) -> Result<Seed, SeedReport> {
    load_alongside(path, |_| (), |_, ids| ids).map(checked)
}

/// The seed of records checked with nothing alongside, and their ids.
fn checked((records, (), ids): (Records, (), SeedIds)) -> Seed {
    Seed {
        records,
        ids: Some(ids),
    }
}

/// Loads and checks the seed at `path` as [`load`] does, with work that needs only its records
/// done meanwhile, on two threads: `alongside` on a second thread once every record is read,
/// while this one checks them against each other (ids, references, cycles, dates) and then, if
/// the seed is good, runs `then` with the records and their index by id. Returns the records
/// and both answers; when the seed has a problem, the answers are dropped.
pub fn load_alongside<A: Send, B>(
    path: &Path,
    alongside: impl FnOnce(&Records) -> A + Send,
    then: impl FnOnce(&Records, SeedIds) -> B,
) -> Result<(Records, A, B), SeedReport> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match seed_files(path) {
        Ok(paths) => {
            for file in paths {
                match std::fs::read_to_string(&file) {
                    Ok(text) => files.push((file, text)),
                    Err(err) => {
                        problems.push(file_problem(ProblemKind::Io, &file, err.to_string()))
                    }
                }
            }
        }
        Err(err) => problems.push(file_problem(ProblemKind::Io, path, err)),
    }
    let mut seed = check_texts(&mut files, true, alongside, then);
    if let Err(report) = &mut seed {
        problems.append(&mut report.problems);
    }
    if problems.is_empty() {
        seed
    } else {
        Err(SeedReport { problems })
    }
}

/// Loads and checks a seed from texts already in memory, given as `(file name, JSON text)`.
pub fn load_texts<P: AsRef<Path>>(files: &[(P, &str)]) -> Result<Seed, SeedReport> {
    let mut owned: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (p.as_ref().to_path_buf(), (*t).to_owned()))
        .collect();
    check_texts(&mut owned, false, |_| (), |_, ids| ids).map(checked)
}

fn seed_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read seed: {e}"))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot list seed directory: {e}"))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("the seed directory holds no *.json file".into());
    }
    Ok(files)
}

fn file_problem(kind: ProblemKind, file: &Path, message: String) -> Problem {
    Problem {
        kind,
        file: file.to_path_buf(),
        path: JsonPath::default(),
        line: 0,
        column: 0,
        message,
    }
}

/// Where a record came from: its file (index into the file list), section and index there.
/// Its JSON path is made only when a problem needs it, so checking a large seed that has no
/// problems allocates no paths.
#[derive(Debug, Clone, Copy)]
struct Origin {
    file: usize,
    section: &'static str,
    index: usize,
}

impl Origin {
    /// `$.section[index]`.
    fn path(&self) -> JsonPath {
        JsonPath(vec![
            PathSegment::Key(self.section.to_owned()),
            PathSegment::Index(self.index),
        ])
    }
}

/// A problem before it is given a line and column.
struct Pending {
    kind: ProblemKind,
    file: usize,
    path: JsonPath,
    message: String,
    /// The line and column when the parser gave them (syntax errors have no path).
    position: Option<(usize, usize)>,
}

impl Pending {
    fn new(kind: ProblemKind, file: usize, path: JsonPath, message: String) -> Self {
        Pending {
            kind,
            file,
            path,
            message,
            position: None,
        }
    }
}

/// The checker's working state: records with their origins, and problems found so far.
#[derive(Default)]
struct Checker {
    seed: Records,
    origins: Origins,
    /// Ids of records that were present but could not be read; references to them are not
    /// reported again.
    broken_ids: HashMap<&'static str, HashSet<String>>,
    pending: Vec<Pending>,
}

#[derive(Default)]
struct Origins {
    sources: Vec<Origin>,
    topics: Vec<Origin>,
    institutions: Vec<Origin>,
    people: Vec<Origin>,
    labs: Vec<Origin>,
    agreements: Vec<Origin>,
    events: Vec<Origin>,
}

const SECTIONS: [&str; 7] = [
    "sources",
    "topics",
    "institutions",
    "people",
    "labs",
    "agreements",
    "events",
];

/// Checks the seed of `files` (each file's name and text), with `alongside` and `then` run as
/// [`load_alongside`] says. With `on_disk`, the files' texts are dropped once their records are
/// read, and read again from disk only to locate the problems of a seed that has some.
fn check_texts<A: Send, B>(
    files: &mut [(PathBuf, String)],
    on_disk: bool,
    alongside: impl FnOnce(&Records) -> A + Send,
    then: impl FnOnce(&Records, SeedIds) -> B,
) -> Result<(Records, A, B), SeedReport> {
    let sharing = crate::model::share_strings();
    let mut checker = Checker::default();
    for (index, (_, text)) in files.iter().enumerate() {
        checker.read_file(index, text);
    }
    drop(sharing);
    if checker.pending.is_empty() {
        if on_disk {
            // The records hold what they need of the texts. A large seed's text is hundreds of
            // megabytes, better freed than held while the work alongside allocates its own.
            for (_, text) in files.iter_mut() {
                *text = String::new();
            }
        }
        let (found, answers) = std::thread::scope(|scope| {
            let alongside = scope.spawn(|| alongside(&checker.seed));
            let (ids, found) = checker.check_whole();
            let then = found.is_empty().then(|| then(&checker.seed, ids));
            let alongside = alongside
                .join()
                .expect("work alongside the check does not panic");
            (found, then.map(|then| (alongside, then)))
        });
        if let Some((alongside, then)) = answers {
            return Ok((checker.seed, alongside, then));
        }
        checker.pending = found;
        if on_disk {
            // To locate the problems. A file that can no longer be read leaves them without a
            // line and column; one changed since leaves them where its new text puts their paths.
            for (file, text) in files.iter_mut() {
                *text = std::fs::read_to_string(file).unwrap_or_default();
            }
        }
    } else {
        // Some records could not be read: no use in anything alongside.
        let (_, found) = checker.check_whole();
        checker.pending.extend(found);
    }
    // Each file with a problem is parsed for positions once, however many problems it has.
    let mut trees: HashMap<usize, Option<jsonc_parser::ParseResult<'_>>> = HashMap::new();
    let mut problems: Vec<Problem> = checker
        .pending
        .into_iter()
        .map(|p| {
            let (file, text) = &files[p.file];
            let (line, column) = p.position.unwrap_or_else(|| {
                let tree = trees.entry(p.file).or_insert_with(|| parse_tree(text));
                tree.as_ref()
                    .map_or((0, 0), |tree| locate(text, tree, &p.path))
            });
            Problem {
                kind: p.kind,
                file: file.clone(),
                path: p.path,
                line,
                column,
                message: p.message,
            }
        })
        .collect();
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Err(SeedReport { problems })
}

/// A seed file read only as far as its records' bounds: each record is still JSON text, so
/// that the records can be typed on two threads.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeedFile<'a> {
    version: u32,
    #[serde(default, borrow)]
    sources: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    topics: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    institutions: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    people: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    labs: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    agreements: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    events: Vec<&'a RawValue>,
}

impl RawSeedFile<'_> {
    /// How many records the first or the second half of the sections holds.
    fn half_len(&self, second: bool) -> usize {
        [
            &self.sources,
            &self.topics,
            &self.institutions,
            &self.people,
            &self.labs,
            &self.agreements,
            &self.events,
        ]
        .iter()
        .map(|records| {
            let first = records.len() / 2;
            if second { records.len() - first } else { first }
        })
        .sum()
    }

    /// Types the first or the second half of every section's records.
    fn type_half(&self, second: bool) -> Result<SeedFile, serde_json::Error> {
        // Room for the strings the half will share, told from its records: each names itself
        // (an id and a name or title) and refers to others, so about 2.3 strings a record are
        // new in a generated seed.
        crate::model::reserve_shared_strings(self.half_len(second) * 5 / 2);
        fn half<T: DeserializeOwned + ShrinkLists>(
            records: &[&RawValue],
            second: bool,
        ) -> Result<Vec<T>, serde_json::Error> {
            let (first_half, second_half) = records.split_at(records.len() / 2);
            let part = if second { second_half } else { first_half };
            // The first half's list has room for the second's, appended to it after: growing
            // it then would copy the first half into fresh memory (hundreds of MB on a large
            // seed).
            let room = if second { part.len() } else { records.len() };
            let mut typed = Vec::with_capacity(room);
            for record in part {
                let mut record: T = serde_json::from_str(record.get())?;
                record.shrink_lists();
                typed.push(record);
            }
            Ok(typed)
        }
        Ok(SeedFile {
            version: self.version,
            sources: half(&self.sources, second)?,
            topics: half(&self.topics, second)?,
            institutions: half(&self.institutions, second)?,
            people: half(&self.people, second)?,
            labs: half(&self.labs, second)?,
            agreements: half(&self.agreements, second)?,
            events: half(&self.events, second)?,
        })
    }
}

/// The records of a good file, typed in one pass over the text and then on two threads (a
/// large seed's parse is most of its load); None if the file has any problem, which the
/// caller then reads again record by record to report them all.
fn read_typed(text: &str) -> Option<SeedFile> {
    let raw: RawSeedFile = serde_json::from_str(text).ok()?;
    if raw.version != SEED_FORMAT_VERSION {
        return None;
    }
    let (first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            // Each thread shares the strings it reads among its own records.
            let _sharing = crate::model::share_strings();
            raw.type_half(true)
        });
        let first = raw.type_half(false);
        (first, second.join().expect("typing records does not panic"))
    });
    let (mut records, second) = (first.ok()?, second.ok()?);
    // Into the room the first half's lists kept for the second.
    records.sources.extend(second.sources);
    records.topics.extend(second.topics);
    records.institutions.extend(second.institutions);
    records.people.extend(second.people);
    records.labs.extend(second.labs);
    records.agreements.extend(second.agreements);
    records.events.extend(second.events);
    Some(records)
}

impl Checker {
    fn problem(&mut self, kind: ProblemKind, file: usize, path: JsonPath, message: String) {
        self.pending.push(Pending::new(kind, file, path, message));
    }

    fn read_file(&mut self, file: usize, text: &str) {
        // The usual case, a good file, takes one typed pass. Only a file that fails it is read
        // again as a JSON tree, record by record, to report every problem with its path.
        if let Some(records) = read_typed(text) {
            self.accept(file, records);
            return;
        }
        let root: Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(err) => {
                // serde_json knows the position of a syntax error; keep it as the path cannot.
                self.pending.push(Pending {
                    kind: ProblemKind::Syntax,
                    file,
                    path: JsonPath::default(),
                    message: strip_position(&err),
                    position: Some(syntax_position(text, &err)),
                });
                return;
            }
        };
        let root_path = JsonPath::default();
        let Value::Object(mut members) = root else {
            self.problem(
                ProblemKind::Type,
                file,
                root_path,
                "a seed file is a JSON object with \"version\" and sections such as \"institutions\"".into(),
            );
            return;
        };
        match members.remove("version") {
            None => self.problem(
                ProblemKind::Version,
                file,
                root_path.clone(),
                format!("missing \"version\"; this build reads version {SEED_FORMAT_VERSION}"),
            ),
            Some(Value::Number(n)) if n.as_u64() == Some(SEED_FORMAT_VERSION.into()) => {}
            Some(other) => self.problem(
                ProblemKind::Version,
                file,
                root_path.key("version"),
                format!(
                    "version {other} is not one this build reads (it reads {SEED_FORMAT_VERSION})"
                ),
            ),
        }
        for (key, value) in members {
            let path = root_path.key(&key);
            if !SECTIONS.contains(&key.as_str()) {
                let hint = did_you_mean(&key, SECTIONS.iter().copied());
                self.problem(
                    ProblemKind::Type,
                    file,
                    path,
                    format!(
                        "unknown section \"{key}\"{hint}; sections are {}",
                        SECTIONS.join(", ")
                    ),
                );
                continue;
            }
            let Value::Array(records) = value else {
                self.problem(
                    ProblemKind::Type,
                    file,
                    path,
                    format!("\"{key}\" must be an array"),
                );
                continue;
            };
            let section = SECTIONS
                .into_iter()
                .find(|s| *s == key)
                .expect("checked against SECTIONS above");
            for (index, record) in records.into_iter().enumerate() {
                self.read_record(
                    Origin {
                        file,
                        section,
                        index,
                    },
                    record,
                );
            }
        }
    }

    /// Takes every record of a file that was read whole and typed.
    fn accept(&mut self, file: usize, records: SeedFile) {
        fn take<T>(
            file: usize,
            section: &'static str,
            records: Vec<T>,
            values: &mut Vec<T>,
            origins: &mut Vec<Origin>,
        ) {
            origins.extend((0..records.len()).map(|index| Origin {
                file,
                section,
                index,
            }));
            if values.is_empty() {
                // Moved, not copied: a large seed's list would otherwise be held twice.
                *values = records;
            } else {
                values.extend(records);
            }
        }
        let (seed, origins) = (&mut self.seed, &mut self.origins);
        take(
            file,
            "sources",
            records.sources,
            &mut seed.sources,
            &mut origins.sources,
        );
        take(
            file,
            "topics",
            records.topics,
            &mut seed.topics,
            &mut origins.topics,
        );
        take(
            file,
            "institutions",
            records.institutions,
            &mut seed.institutions,
            &mut origins.institutions,
        );
        take(
            file,
            "people",
            records.people,
            &mut seed.people,
            &mut origins.people,
        );
        take(
            file,
            "labs",
            records.labs,
            &mut seed.labs,
            &mut origins.labs,
        );
        take(
            file,
            "agreements",
            records.agreements,
            &mut seed.agreements,
            &mut origins.agreements,
        );
        take(
            file,
            "events",
            records.events,
            &mut seed.events,
            &mut origins.events,
        );
    }

    fn read_record(&mut self, origin: Origin, record: Value) {
        match origin.section {
            "sources" => self.push(record, origin, |c| {
                (&mut c.seed.sources, &mut c.origins.sources)
            }),
            "topics" => self.push(record, origin, |c| {
                (&mut c.seed.topics, &mut c.origins.topics)
            }),
            "institutions" => self.push(record, origin, |c| {
                (&mut c.seed.institutions, &mut c.origins.institutions)
            }),
            "people" => self.push(record, origin, |c| {
                (&mut c.seed.people, &mut c.origins.people)
            }),
            "labs" => self.push(record, origin, |c| (&mut c.seed.labs, &mut c.origins.labs)),
            "agreements" => self.push(record, origin, |c| {
                (&mut c.seed.agreements, &mut c.origins.agreements)
            }),
            "events" => self.push(record, origin, |c| {
                (&mut c.seed.events, &mut c.origins.events)
            }),
            _ => unreachable!("sections are checked against SECTIONS"),
        }
    }

    /// Reads one record into its list, or reports why it cannot be read.
    fn push<T: DeserializeOwned + Record>(
        &mut self,
        record: Value,
        origin: Origin,
        lists: impl FnOnce(&mut Checker) -> (&mut Vec<T>, &mut Vec<Origin>),
    ) {
        let id = record.get("id").and_then(Value::as_str).map(str::to_owned);
        match serde_path_to_error::deserialize::<_, T>(record) {
            Ok(value) => {
                let (values, origins) = lists(self);
                values.push(value);
                origins.push(origin);
            }
            Err(err) => {
                let inner = JsonPath(
                    err.path()
                        .iter()
                        .filter_map(|segment| match segment {
                            serde_path_to_error::Segment::Seq { index } => {
                                Some(PathSegment::Index(*index))
                            }
                            serde_path_to_error::Segment::Map { key } => {
                                Some(PathSegment::Key(key.clone()))
                            }
                            _ => None,
                        })
                        .collect(),
                );
                let message = err.into_inner().to_string();
                let kind = if is_shape_error(&message) {
                    ProblemKind::Type
                } else {
                    ProblemKind::InvalidValue
                };
                let message = if kind == ProblemKind::Type {
                    format!("{message} (in a {} record)", T::TYPE_NAME)
                } else {
                    message
                };
                self.problem(kind, origin.file, origin.path().join(&inner), message);
                if let Some(id) = id {
                    self.broken_ids.entry(T::TYPE_NAME).or_default().insert(id);
                }
            }
        }
    }

    /// Checks what needs the whole seed, and returns each record's index by id (made once,
    /// for the duplicate and reference checks here and for the graph after) and the problems
    /// found.
    fn check_whole(&self) -> (SeedIds, Vec<Pending>) {
        let mut found = Vec::new();
        let ids = index_ids(&self.seed, &self.origins, &mut found);
        let mut refs = RefCheck {
            ids: &ids,
            broken: &self.broken_ids,
            found: &mut found,
        };
        check_references(&self.seed, &self.origins, &mut refs);
        found.extend(self.check_agreements(&ids));
        found.extend(self.check_cycles(&ids));
        found.extend(self.check_dates());
        (ids, found)
    }

    fn check_agreements(&self, ids: &SeedIds) -> Vec<Pending> {
        let mut found = Vec::new();
        for (agreement, origin) in self.seed.agreements.iter().zip(&self.origins.agreements) {
            let mut parties: Vec<&str> = agreement
                .parties
                .iter()
                .map(|p| p.institution.as_str())
                .collect();
            parties.sort_unstable();
            parties.dedup();
            if parties.len() < 2 {
                found.push(Pending::new(ProblemKind::TooFewParties, origin.file, origin.path().key("parties"), format!(
                        "agreement \"{}\" has {} distinct part{}; an agreement binds at least two institutions",
                        agreement.id,
                        parties.len(),
                        if parties.len() == 1 { "y" } else { "ies" }
                    )));
            }
            for (i, signatory) in agreement.signatories.iter().enumerate() {
                let on_behalf_of = signatory.on_behalf_of.as_str();
                // An unknown institution is reported as such; not being a party follows from it.
                if ids.institutions.contains_key(on_behalf_of) && !parties.contains(&on_behalf_of) {
                    found.push(Pending::new(ProblemKind::SignatoryNotParty, origin.file, origin.path().key("signatories").index(i).key("onBehalfOf"), format!(
                            "\"{}\" signs on behalf of \"{}\", which is not a party to \"{}\" (parties: {})",
                            signatory.person,
                            signatory.on_behalf_of,
                            agreement.id,
                            parties.join(", ")
                        )));
                }
            }
        }
        found
    }

    fn check_cycles(&self, ids: &SeedIds) -> Vec<Pending> {
        let mut found = Vec::new();
        let parents: Vec<Option<usize>> = self
            .seed
            .institutions
            .iter()
            .map(|i| {
                i.parent
                    .as_ref()
                    .and_then(|p| ids.institutions.get(p.as_str()).copied())
            })
            .collect();
        for member in cycle_members(&parents) {
            let origin = &self.origins.institutions[member];
            let chain = cycle_chain(&parents, member, |i| self.seed.institutions[i].id.as_str());
            found.push(Pending::new(
                ProblemKind::Cycle,
                origin.file,
                origin.path().key("parent"),
                format!("institution parents form a cycle: {chain}"),
            ));
        }
        let broader: Vec<Option<usize>> = self
            .seed
            .topics
            .iter()
            .map(|t| {
                t.broader
                    .as_ref()
                    .and_then(|b| ids.topics.get(b.as_str()).copied())
            })
            .collect();
        for member in cycle_members(&broader) {
            let origin = &self.origins.topics[member];
            let chain = cycle_chain(&broader, member, |i| self.seed.topics[i].id.as_str());
            found.push(Pending::new(
                ProblemKind::Cycle,
                origin.file,
                origin.path().key("broader"),
                format!("broader topics form a cycle: {chain}"),
            ));
        }
        found
    }

    fn check_dates(&self) -> Vec<Pending> {
        let mut found = Vec::new();
        let mut order = |from: Option<crate::model::PartialDate>,
                         to: Option<crate::model::PartialDate>,
                         file: usize,
                         path: &dyn Fn() -> JsonPath,
                         what: &str| {
            if let (Some(from), Some(to)) = (from, to)
                && from.earliest() > to.latest()
            {
                found.push(Pending {
                    kind: ProblemKind::DateOrder,
                    file,
                    path: path(),
                    message: format!("{what} starts on {from}, after it ends on {to}"),
                    position: None,
                });
            }
        };
        for (person, origin) in self.seed.people.iter().zip(&self.origins.people) {
            for (i, position) in person.positions.iter().enumerate() {
                let path = || origin.path().key("positions").index(i).key("to");
                order(
                    position.from,
                    position.to,
                    origin.file,
                    &path,
                    "the position",
                );
            }
        }
        for (agreement, origin) in self.seed.agreements.iter().zip(&self.origins.agreements) {
            let path = || origin.path().key("validTo");
            order(
                agreement.valid_from,
                agreement.valid_to,
                origin.file,
                &path,
                "the agreement",
            );
        }
        found
    }
}

/// Records that have an id and a type name.
trait Record {
    const TYPE_NAME: &'static str;
    fn id(&self) -> &Id;
}

macro_rules! record {
    ($t:ty, $name:literal) => {
        impl Record for $t {
            const TYPE_NAME: &'static str = $name;
            fn id(&self) -> &Id {
                &self.id
            }
        }
    };
}
record!(Source, "source");
record!(Topic, "topic");
record!(Institution, "institution");
record!(Person, "person");
record!(Lab, "lab");
record!(Agreement, "agreement");
record!(Event, "event");

/// Each record's index by id, per type, reporting every id used again (at its second use).
fn index_ids(seed: &Records, origins: &Origins, found: &mut Vec<Pending>) -> SeedIds {
    fn index<T: Record>(values: &[T], origins: &[Origin], found: &mut Vec<Pending>) -> IdMap {
        use std::collections::hash_map::Entry;

        use foldhash::HashMapExt as _;
        let mut map = IdMap::with_capacity(values.len());
        for (i, (value, origin)) in values.iter().zip(origins).enumerate() {
            let id = value.id();
            match map.entry(id.as_arc().clone()) {
                Entry::Vacant(entry) => {
                    entry.insert(i);
                }
                Entry::Occupied(first) => {
                    let earlier = &origins[*first.get()];
                    found.push(Pending::new(
                        ProblemKind::DuplicateId,
                        origin.file,
                        origin.path().key("id"),
                        format!(
                            "{} id \"{id}\" is already used by the {} at {} in file #{}",
                            T::TYPE_NAME,
                            T::TYPE_NAME,
                            earlier.path(),
                            earlier.file + 1
                        ),
                    ));
                }
            }
        }
        map
    }
    SeedIds {
        sources: index(&seed.sources, &origins.sources, found),
        topics: index(&seed.topics, &origins.topics, found),
        institutions: index(&seed.institutions, &origins.institutions, found),
        people: index(&seed.people, &origins.people, found),
        labs: index(&seed.labs, &origins.labs, found),
        agreements: index(&seed.agreements, &origins.agreements, found),
        events: index(&seed.events, &origins.events, found),
    }
}

impl SeedIds {
    fn of(&self, type_name: &str) -> &IdMap {
        match type_name {
            "source" => &self.sources,
            "topic" => &self.topics,
            "institution" => &self.institutions,
            "person" => &self.people,
            "lab" => &self.labs,
            "agreement" => &self.agreements,
            "event" => &self.events,
            other => unreachable!("no {other} records"),
        }
    }
}

/// Checks references against the id index, collecting problems.
struct RefCheck<'c> {
    ids: &'c SeedIds,
    broken: &'c HashMap<&'static str, HashSet<String>>,
    found: &'c mut Vec<Pending>,
}

impl RefCheck<'_> {
    /// Checks one reference; `path` is made only if the reference is unknown.
    fn check(
        &mut self,
        type_name: &'static str,
        id: &Id,
        origin: &Origin,
        path: impl FnOnce() -> JsonPath,
    ) {
        let known = self.ids.of(type_name);
        if known.contains_key(id.as_str())
            || self
                .broken
                .get(type_name)
                .is_some_and(|b| b.contains(id.as_str()))
        {
            return;
        }
        let broken = self
            .broken
            .get(type_name)
            .into_iter()
            .flatten()
            .map(String::as_str);
        let hint = did_you_mean(id.as_str(), known.keys().map(|k| &**k).chain(broken));
        self.found.push(Pending {
            kind: ProblemKind::UnknownReference,
            file: origin.file,
            path: path(),
            message: format!("no {type_name} has id \"{id}\"{hint}"),
            position: None,
        });
    }

    fn sources(&mut self, sources: &[Id], origin: &Origin, path: &dyn Fn() -> JsonPath) {
        for (i, source) in sources.iter().enumerate() {
            self.check("source", source, origin, || path().key("sources").index(i));
        }
    }

    fn names(
        &mut self,
        names: &[crate::model::LocalizedName],
        origin: &Origin,
        path: &dyn Fn() -> JsonPath,
    ) {
        for (i, name) in names.iter().enumerate() {
            self.sources(&name.sources, origin, &|| path().key("names").index(i));
        }
    }
}

fn check_references(seed: &Records, origins: &Origins, refs: &mut RefCheck) {
    // Paths are closures, made only for a reference that is unknown.
    for (source, origin) in seed.sources.iter().zip(&origins.sources) {
        if let Some(publisher) = &source.publisher_institution {
            refs.check("institution", publisher, origin, || {
                origin.path().key("publisherInstitution")
            });
        }
    }
    for (topic, origin) in seed.topics.iter().zip(&origins.topics) {
        let p = || origin.path();
        refs.sources(&topic.sources, origin, &p);
        refs.names(&topic.names, origin, &p);
        if let Some(broader) = &topic.broader {
            refs.check("topic", broader, origin, || p().key("broader"));
        }
    }
    for (inst, origin) in seed.institutions.iter().zip(&origins.institutions) {
        let p = || origin.path();
        refs.sources(&inst.sources, origin, &p);
        refs.names(&inst.names, origin, &p);
        if let Some(parent) = &inst.parent {
            refs.check("institution", parent, origin, || p().key("parent"));
        }
        if let Some(founded) = &inst.founded {
            refs.sources(&founded.sources, origin, &|| p().key("founded"));
        }
        for (i, ranking) in inst.rankings.iter().enumerate() {
            refs.sources(&ranking.sources, origin, &|| p().key("rankings").index(i));
        }
        for (i, count) in inst.counts.iter().enumerate() {
            refs.sources(&count.sources, origin, &|| p().key("counts").index(i));
        }
    }
    for (person, origin) in seed.people.iter().zip(&origins.people) {
        let p = || origin.path();
        refs.sources(&person.sources, origin, &p);
        refs.names(&person.names, origin, &p);
        for (i, position) in person.positions.iter().enumerate() {
            let pp = || p().key("positions").index(i);
            refs.check("institution", &position.institution, origin, || {
                pp().key("institution")
            });
            refs.sources(&position.sources, origin, &pp);
        }
    }
    for (lab, origin) in seed.labs.iter().zip(&origins.labs) {
        let p = || origin.path();
        refs.sources(&lab.sources, origin, &p);
        refs.names(&lab.names, origin, &p);
        for (i, host) in lab.hosts.iter().enumerate() {
            let hp = || p().key("hosts").index(i);
            refs.check("institution", &host.institution, origin, || {
                hp().key("institution")
            });
            refs.sources(&host.sources, origin, &hp);
        }
        for (i, topic) in lab.focus.iter().enumerate() {
            refs.check("topic", topic, origin, || p().key("focus").index(i));
        }
    }
    for (agreement, origin) in seed.agreements.iter().zip(&origins.agreements) {
        let p = || origin.path();
        refs.sources(&agreement.sources, origin, &p);
        for (i, party) in agreement.parties.iter().enumerate() {
            let pp = || p().key("parties").index(i);
            refs.check("institution", &party.institution, origin, || {
                pp().key("institution")
            });
            refs.sources(&party.sources, origin, &pp);
        }
        for (i, signatory) in agreement.signatories.iter().enumerate() {
            let sp = || p().key("signatories").index(i);
            refs.check("person", &signatory.person, origin, || sp().key("person"));
            refs.check("institution", &signatory.on_behalf_of, origin, || {
                sp().key("onBehalfOf")
            });
            refs.sources(&signatory.sources, origin, &sp);
        }
        for (i, topic) in agreement.topics.iter().enumerate() {
            refs.check("topic", topic, origin, || p().key("topics").index(i));
        }
        for (i, activity) in agreement.activities.iter().enumerate() {
            let ap = || p().key("activities").index(i);
            if let Some(lab) = &activity.lab {
                refs.check("lab", lab, origin, || ap().key("lab"));
            }
            for (j, topic) in activity.topics.iter().enumerate() {
                refs.check("topic", topic, origin, || ap().key("topics").index(j));
            }
            refs.sources(&activity.sources, origin, &ap);
        }
        for (i, lab) in agreement.establishes.iter().enumerate() {
            refs.check("lab", lab, origin, || p().key("establishes").index(i));
        }
    }
    for (event, origin) in seed.events.iter().zip(&origins.events) {
        let p = || origin.path();
        refs.sources(&event.sources, origin, &p);
        for (i, participant) in event.participants.iter().enumerate() {
            let pp = || p().key("participants").index(i);
            refs.check("person", &participant.person, origin, || pp().key("person"));
            refs.sources(&participant.sources, origin, &pp);
        }
        for (i, agreement) in event.agreements.iter().enumerate() {
            refs.check("agreement", agreement, origin, || {
                p().key("agreements").index(i)
            });
        }
    }
}

/// Members of parent-pointer cycles, one per cycle (its lowest index), in index order.
fn cycle_members(parents: &[Option<usize>]) -> Vec<usize> {
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; parents.len()];
    let mut members = Vec::new();
    for start in 0..parents.len() {
        let mut walk = Vec::new();
        let mut at = Some(start);
        while let Some(node) = at {
            match state[node] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&n| n == node).unwrap_or(0);
                    members.extend(walk[from..].iter().min().copied());
                    break;
                }
                _ => {
                    state[node] = 1;
                    walk.push(node);
                    at = parents[node];
                }
            }
        }
        for node in walk {
            state[node] = 2;
        }
    }
    members.sort_unstable();
    members
}

fn cycle_chain<'a>(
    parents: &[Option<usize>],
    start: usize,
    id: impl Fn(usize) -> &'a str,
) -> String {
    let mut chain = vec![id(start)];
    let mut at = parents[start];
    while let Some(node) = at {
        chain.push(id(node));
        if node == start {
            break;
        }
        at = parents[node];
    }
    chain.join(" -> ")
}

/// Whether a serde error is about the shape of the data rather than one value's content.
fn is_shape_error(message: &str) -> bool {
    [
        "invalid type",
        "missing field",
        "unknown field",
        "unknown variant",
        "invalid length",
    ]
    .iter()
    .any(|m| message.starts_with(m))
}

/// serde_json's message without its " at line L column C" suffix.
fn strip_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// The syntax tree of a file, with positions, for [`locate`]; None if it does not parse.
fn parse_tree(text: &str) -> Option<jsonc_parser::ParseResult<'_>> {
    use jsonc_parser::{CollectOptions, ParseOptions};
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).ok()
}

/// The 1-based line and column (in characters) of the value at `path`, or of the deepest
/// value on the way to it that exists. Syntax errors carry their position in the message.
fn locate(text: &str, parsed: &jsonc_parser::ParseResult<'_>, path: &JsonPath) -> (usize, usize) {
    use jsonc_parser::{ast, common::Ranged};

    let Some(mut value) = parsed.value.as_ref() else {
        return (0, 0);
    };
    let mut offset = value.start();
    for segment in &path.0 {
        let next = match (segment, value) {
            (PathSegment::Key(key), ast::Value::Object(object)) => object
                .properties
                .iter()
                .find(|p| p.name.as_str() == key)
                .map(|p| (p.range.start, &p.value)),
            (PathSegment::Index(i), ast::Value::Array(array)) => {
                array.elements.get(*i).map(|v| (v.start(), v))
            }
            _ => None,
        };
        match next {
            Some((start, next_value)) => {
                // Point at the value itself for leaves, at the member for containers.
                offset = match segment {
                    PathSegment::Key(_) => next_value.start(),
                    PathSegment::Index(_) => start,
                };
                value = next_value;
            }
            None => break,
        }
    }
    line_column(text, offset)
}

/// A syntax error's line and column, the column in characters and at least 1. serde_json counts
/// the column in bytes, and gives 0 for an error at the start of a line (input that ends there);
/// both would break the 1-based, in-characters promise of [`Problem::column`].
fn syntax_position(text: &str, err: &serde_json::Error) -> (usize, usize) {
    let (line, byte_column) = (err.line().max(1), err.column());
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    // The character holding the byte serde_json points at (its `byte_column`th, 1-based).
    let column = line_text
        .char_indices()
        .take_while(|&(start, _)| start < byte_column)
        .count();
    (line, column.max(1))
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "version": 1,
  "sources": [{"id": "press", "title": "A press release", "kind": "press_release", "language": "en"}],
  "institutions": [
    {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ", "sources": ["press"]},
    {"id": "cas", "name": "Chinese Academy of Sciences", "kind": "academy", "country": "CN"},
    {"id": "xieg", "name": "Xinjiang Institute of Ecology and Geography", "kind": "research_institute", "country": "CN", "parent": "cas"}
  ],
  "people": [{"id": "tuimebayev", "name": "Zhanseit Tuimebayev", "positions": [{"title": "Rector", "institution": "kaznu"}]}],
  "agreements": [{"id": "mou", "title": "MoU", "kind": "memorandum", "status": "active",
    "parties": [{"institution": "kaznu"}, {"institution": "xieg"}],
    "signatories": [{"person": "tuimebayev", "onBehalfOf": "kaznu"}]}]
}"#;

    fn problems(text: &str) -> SeedReport {
        load_texts(&[("seed.json", text)]).expect_err("the seed should be refused")
    }

    fn only(report: &SeedReport, kind: ProblemKind) -> &Problem {
        let matching: Vec<&Problem> = report.problems.iter().filter(|p| p.kind == kind).collect();
        assert_eq!(matching.len(), 1, "expected one {kind:?} in:\n{report}");
        matching[0]
    }

    #[test]
    fn a_good_seed_loads() {
        let seed = load_texts(&[("seed.json", GOOD)]).unwrap();
        assert_eq!(seed.institutions.len(), 3);
        assert_eq!(seed.agreements[0].parties.len(), 2);
    }

    #[test]
    fn a_good_file_is_typed_in_one_pass() {
        // A good file the fast path refused would still load, by the reading that places
        // problems, only slower: so the fast path is checked on its own.
        let mut generated = Vec::new();
        crate::generate::write_seed(
            crate::generate::Options {
                institutions: 200,
                seed: 3,
            },
            &mut generated,
        )
        .unwrap();
        let bundled = include_str!("../../seed/kaznu-china-2023.json");
        for text in [GOOD, bundled, std::str::from_utf8(&generated).unwrap()] {
            let typed = read_typed(text).expect("typed in one pass");
            let institutions = load_texts(&[("seed.json", text)])
                .unwrap()
                .institutions
                .len();
            assert_eq!(typed.institutions.len(), institutions);
        }
        // A record that is not JSON is left to the slower reading, which reports it.
        assert!(read_typed(&GOOD.replacen("\"MoU\"", "MoU", 1)).is_none());
    }

    #[test]
    fn a_checked_seed_carries_each_records_index_by_id_until_it_is_changed() {
        let mut seed = load_texts(&[("seed.json", GOOD)]).unwrap();
        let ids = seed.ids.as_ref().expect("a checked seed has its ids");
        assert_eq!(ids.institutions.len(), 3);
        for (i, institution) in seed.institutions.iter().enumerate() {
            assert_eq!(ids.institutions[institution.id.as_str()], i);
        }
        assert_eq!(ids.people["tuimebayev"], 0);
        assert_eq!(ids.agreements["mou"], 0);
        assert_eq!(ids.sources["press"], 0);
        assert!(ids.labs.is_empty() && ids.events.is_empty());
        seed.records_mut().institutions.reverse();
        assert!(
            seed.ids.is_none(),
            "changed records may not be where the ids say"
        );
    }

    #[test]
    fn files_are_merged_and_may_refer_to_each_other() {
        let extra = r#"{"version": 1, "labs": [{"id": "lab", "name": "A lab", "kind": "laboratory", "status": "planned",
            "hosts": [{"institution": "kaznu"}]}]}"#;
        let seed = load_texts(&[("a.json", GOOD), ("b.json", extra)]).unwrap();
        assert_eq!(seed.labs.len(), 1);
    }

    #[test]
    fn malformed_json_is_reported_with_its_position() {
        let report = problems("{\n  \"version\": 1,\n  \"institutions\": [\n}");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (4, 1), "{p}");
    }

    #[test]
    fn syntax_errors_are_placed_from_column_1_in_characters() {
        // Found by the seed_loader fuzz target: serde_json gives column 0 for an error at the
        // start of a line (here, the end of the input) and counts columns in bytes.
        let report = problems("");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (1, 1), "{p}");
        assert_eq!(
            p.to_string(),
            "seed.json:1:1: error[syntax]: EOF while parsing a value"
        );
        let report = problems("{\n");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (2, 1), "{p}");
        let text = "{\"version\": 1, \"sources\": [\"Аль-Фараби\" x]}";
        let report = problems(text);
        let p = only(&report, ProblemKind::Syntax);
        let x = text.chars().position(|c| c == 'x').unwrap() + 1;
        assert_eq!((p.line, p.column), (1, x), "{p}");
    }

    #[test]
    fn every_problem_is_reported_in_one_run() {
        let text = GOOD
            .replace("\"country\": \"KZ\"", "\"country\": \"KZZ\"")
            .replace("\"onBehalfOf\": \"kaznu\"", "\"onBehalfOf\": \"kaznuu\"")
            .replace("\"parent\": \"cas\"", "\"parent\": \"cass\"");
        let report = problems(&text);
        assert_eq!(report.problems.len(), 3, "{report}");
        let country = only(&report, ProblemKind::InvalidValue);
        assert_eq!(country.path.to_string(), "$.institutions[0].country");
        assert_eq!((country.line, country.column), (5, 102), "{country}");
        // kaznu could not be read, so references to it are not reported again; the others are.
        let unknown: Vec<String> = report
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::UnknownReference)
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(unknown.len(), 2, "{report}");
        assert!(
            unknown
                .iter()
                .any(|m| m.contains("\"cass\" (did you mean \"cas\"?)"))
        );
    }

    #[test]
    fn wrong_types_and_unknown_fields_are_type_errors() {
        let text = GOOD
            .replace("\"kind\": \"academy\"", "\"kind\": 7")
            .replace("\"title\": \"MoU\"", "\"titel\": \"MoU\"");
        let report = problems(&text);
        let paths: Vec<String> = report
            .problems
            .iter()
            .map(|p| format!("{} {}", p.kind.code(), p.path))
            .collect();
        assert!(
            paths.contains(&"type $.institutions[1].kind".to_string()),
            "{report}"
        );
        assert!(
            paths.iter().any(|p| p.starts_with("type $.agreements[0]")),
            "{report}"
        );
        assert!(
            report.to_string().contains("unknown field `titel`"),
            "{report}"
        );
    }

    #[test]
    fn duplicate_ids_are_reported_at_the_second_use() {
        let extra = r#"{"version": 1, "institutions": [{"id": "cas", "name": "Again", "kind": "academy", "country": "CN"}]}"#;
        let report = load_texts(&[("a.json", GOOD), ("b.json", extra)]).unwrap_err();
        let p = only(&report, ProblemKind::DuplicateId);
        assert_eq!(p.file, PathBuf::from("b.json"));
        assert_eq!(p.path.to_string(), "$.institutions[0].id");
        assert!(p.message.contains("$.institutions[1]"), "{p}");
    }

    #[test]
    fn dangling_references_suggest_the_closest_id() {
        let report =
            problems(&GOOD.replace("\"institution\": \"xieg\"", "\"institution\": \"XIEG\""));
        let p = only(&report, ProblemKind::UnknownReference);
        assert_eq!(p.path.to_string(), "$.agreements[0].parties[1].institution");
        assert!(p.message.contains("did you mean \"xieg\""), "{p}");
        let far = problems(&GOOD.replace(
            "\"sources\": [\"press\"]",
            "\"sources\": [\"nothing-like-it\"]",
        ));
        let p = only(&far, ProblemKind::UnknownReference);
        assert!(!p.message.contains("did you mean"), "{p}");
    }

    #[test]
    fn a_file_whose_records_read_well_is_read_again_to_place_problems_between_them() {
        // Its text is dropped once its records are read, so a problem found only by checking
        // the records against each other is placed from the file read again.
        let text = GOOD.replace("\"institution\": \"xieg\"", "\"institution\": \"XIEG\"");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.json");
        std::fs::write(&path, &text).unwrap();
        let on_disk = load(&path).unwrap_err();
        let p = only(&on_disk, ProblemKind::UnknownReference);
        assert!(p.line > 1 && p.column > 1, "{p}");
        let in_memory = problems(&text);
        let q = only(&in_memory, ProblemKind::UnknownReference);
        assert_eq!((p.line, p.column, &p.path), (q.line, q.column, &q.path));
    }

    #[test]
    fn bad_dates_years_and_codes_are_invalid_values() {
        let text = GOOD.replace(
            "\"kind\": \"academy\", \"country\": \"CN\"",
            "\"kind\": \"academy\", \"country\": \"cn\", \"founded\": {\"year\": 3023}",
        );
        let text = text.replace(
            "\"title\": \"Rector\",",
            "\"title\": \"Rector\", \"from\": \"2023-02-30\",",
        );
        let report = problems(&text);
        let messages = report.to_string();
        // One problem per record: the academy's first bad value, and the position's date.
        assert!(
            messages.contains("must be in capitals: \"CN\""),
            "{messages}"
        );
        assert!(messages.contains("day 30 is not in 1-28"), "{messages}");
        assert!(
            report
                .problems
                .iter()
                .all(|p| p.kind == ProblemKind::InvalidValue),
            "{messages}"
        );
    }

    #[test]
    fn a_bad_qualified_date_is_placed_at_the_date() {
        let lab = r#"{"version": 1, "labs": [{"id": "lab", "name": "A lab", "kind": "laboratory",
            "status": "planned", "opened": {"date": "2023-13", "qualifier": "circa"}}]}"#;
        let report = load_texts(&[("lab.json", lab)]).unwrap_err();
        let p = only(&report, ProblemKind::InvalidValue);
        assert_eq!(p.path.to_string(), "$.labs[0].opened.date");
        assert_eq!((p.line, p.column), (2, 53), "{p}");
        assert!(p.message.contains("month 13"), "{p}");
    }

    #[test]
    fn empty_names_are_refused() {
        let report = problems(&GOOD.replace(
            "\"name\": \"Chinese Academy of Sciences\"",
            "\"name\": \" \"",
        ));
        let p = only(&report, ProblemKind::InvalidValue);
        assert_eq!(p.path.to_string(), "$.institutions[1].name");
        assert!(p.message.contains("must not be empty"), "{p}");
    }

    #[test]
    fn an_agreement_needs_two_parties_and_signatories_sign_for_parties() {
        let text = GOOD.replace(
            "{\"institution\": \"kaznu\"}, {\"institution\": \"xieg\"}",
            "{\"institution\": \"xieg\"}, {\"institution\": \"xieg\"}",
        );
        let report = problems(&text);
        assert_eq!(
            only(&report, ProblemKind::TooFewParties).path.to_string(),
            "$.agreements[0].parties"
        );
        assert_eq!(
            only(&report, ProblemKind::SignatoryNotParty)
                .path
                .to_string(),
            "$.agreements[0].signatories[0].onBehalfOf"
        );
    }

    #[test]
    fn parent_cycles_are_reported_once() {
        let text = GOOD.replace(
            "\"kind\": \"academy\", \"country\": \"CN\"",
            "\"kind\": \"academy\", \"country\": \"CN\", \"parent\": \"xieg\"",
        );
        let report = problems(&text);
        let p = only(&report, ProblemKind::Cycle);
        assert!(p.message.contains("cas -> xieg -> cas"), "{p}");
    }

    #[test]
    fn versions_are_checked() {
        let report = problems(&GOOD.replace("\"version\": 1", "\"version\": 2"));
        assert!(
            only(&report, ProblemKind::Version)
                .message
                .contains("reads 1")
        );
        let report = problems(&GOOD.replace("\"version\": 1,", ""));
        assert!(
            only(&report, ProblemKind::Version)
                .message
                .contains("missing")
        );
    }

    #[test]
    fn unknown_sections_and_dates_out_of_order_are_reported() {
        let text = GOOD.replace("\"people\"", "\"peoples\"");
        let report = problems(&text);
        assert!(
            only(&report, ProblemKind::Type)
                .message
                .contains("did you mean \"people\"")
        );
        let text = GOOD.replace(
            "\"title\": \"Rector\",",
            "\"title\": \"Rector\", \"from\": \"2020\", \"to\": \"2019-12\",",
        );
        assert!(problems(&text).has(ProblemKind::DateOrder));
    }

    #[test]
    fn missing_files_and_empty_directories_are_io_problems() {
        let dir = tempfile::tempdir().unwrap();
        let report = load(&dir.path().join("missing.json")).unwrap_err();
        assert!(report.has(ProblemKind::Io));
        let report = load(dir.path()).unwrap_err();
        assert!(report.to_string().contains("no *.json file"));
    }

    #[test]
    fn a_directory_is_read_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), GOOD).unwrap();
        std::fs::write(
            dir.path().join("b.json"),
            "{\"version\": 1, \"topics\": [{\"id\": \"t\", \"name\": \" \"}]}",
        )
        .unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not json").unwrap();
        let report = load(dir.path()).unwrap_err();
        assert_eq!(report.problems.len(), 1, "{report}");
        assert!(report.problems[0].file.ends_with("b.json"));
        assert_eq!(report.problems[0].line, 1);
    }
}
