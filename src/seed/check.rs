//! Checking a seed: each record read on its own, so that every problem is found with its path,
//! then what needs the whole seed: duplicate ids, references, parties, cycles, dates.

use std::{
    collections::{HashMap, HashSet},
    path::{Path, PathBuf},
};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{
    IdMap, SeedIds,
    read::read_typed,
    report::{
        JsonPath, PathSegment, Problem, ProblemKind, SeedReport, file_problem, is_shape_error,
        locate, parse_tree, strip_position, syntax_position,
    },
};
use crate::{
    model::{
        Agreement, Citation, Count, Event, ExternalId, Facts, Id, Institution, InstitutionStatus,
        Known, Lab, NodeKind, NodeRef, Person, Rank, Records, SEED_FORMAT_VERSION,
        SEED_FORMAT_VERSIONS, SeedFile, Source, SourceKind, Topic, Work, checked_value,
    },
    search::did_you_mean,
};

/// Checks the seed of `files` (each file's name and text), with `alongside` and `then` run as
/// [`load_alongside`](super::load_alongside) says. With `on_disk`, the files' texts are dropped
/// once the records are found good against each other, before `then`; until then they are kept
/// to place any problem, so that no file is read twice.
pub(super) fn check_texts<A: Send, B>(
    files: &mut [(PathBuf, String)],
    on_disk: bool,
    source_texts: &[(String, PathBuf)],
    alongside: impl FnOnce(&Records) -> A + Send,
    then: impl FnOnce(&Records, SeedIds) -> B,
) -> Result<(Records, A, B), SeedReport> {
    let sharing = crate::model::share_strings();
    let mut checker = Checker::default();
    for (index, (_, text)) in files.iter().enumerate() {
        checker.read_file(index, text);
    }
    drop(sharing);
    let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    let mut elsewhere = Vec::new();
    if checker.pending.is_empty() {
        checker.merge_linked();
    }
    if checker.pending.is_empty() {
        let (found, answers) = std::thread::scope(|scope| {
            let alongside = scope.spawn(|| alongside(&checker.seed));
            let (ids, found) = checker.check_whole(&paths, source_texts, &mut elsewhere);
            let then = found.is_empty().then(|| {
                if on_disk {
                    // Good records hold what they need of the texts. A large seed's text is
                    // hundreds of megabytes, better freed than held while the work alongside
                    // and `then` allocate their own; the check is done long before them.
                    for (_, text) in files.iter_mut() {
                        *text = String::new();
                    }
                }
                then(&checker.seed, ids)
            });
            let alongside = alongside
                .join()
                .expect("work alongside the check does not panic");
            (found, then.map(|then| (alongside, then)))
        });
        if let Some((alongside, then)) = answers
            && elsewhere.is_empty()
        {
            return Ok((checker.seed, alongside, then));
        }
        checker.pending = found;
    } else {
        // Some records could not be read: no use in anything alongside.
        let (_, found) = checker.check_whole(&paths, source_texts, &mut elsewhere);
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
    problems.append(&mut elsewhere);
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Err(SeedReport { problems })
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
    /// Each file's format version (the newest, for a file whose version is unreadable: that
    /// is reported once, as such).
    versions: Vec<u32>,
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
    works: Vec<Origin>,
}

const SECTIONS: [&str; 8] = [
    "sources",
    "topics",
    "institutions",
    "people",
    "labs",
    "agreements",
    "events",
    "works",
];

impl Checker {
    fn problem(&mut self, kind: ProblemKind, file: usize, path: JsonPath, message: String) {
        self.pending.push(Pending::new(kind, file, path, message));
    }

    fn read_file(&mut self, file: usize, text: &str) {
        // The usual case, a good file, takes one typed pass. Only a file that fails it is read
        // again as a JSON tree, record by record, to report every problem with its path.
        self.versions.push(SEED_FORMAT_VERSION);
        if let Some(records) = read_typed(text) {
            self.versions[file] = records.version;
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
                format!("missing \"version\"; this build reads versions 1 to {SEED_FORMAT_VERSION}"),
            ),
            Some(Value::Number(n))
                if n.as_u64().is_some_and(|n| {
                    SEED_FORMAT_VERSIONS.contains(&u32::try_from(n).unwrap_or(u32::MAX))
                }) =>
            {
                self.versions[file] = n.as_u64().and_then(|n| n.try_into().ok()).unwrap_or(SEED_FORMAT_VERSION);
            }
            Some(other) => self.problem(
                ProblemKind::Version,
                file,
                root_path.key("version"),
                format!(
                    "version {other} is not one this build reads (it reads 1 to {SEED_FORMAT_VERSION})"
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
        take(
            file,
            "works",
            records.works,
            &mut seed.works,
            &mut origins.works,
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
            "works" => self.push(record, origin, |c| {
                (&mut c.seed.works, &mut c.origins.works)
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
    /// `paths` are the files' names, against which a source's `text` is found; problems
    /// with `source_texts` (given by name, outside any seed file) go to `elsewhere`.
    /// Merges each registry record into the curated record linked to it by its ROR id, and
    /// each OpenAlex author into the person of their ORCID ([`super::link`]); a second curated
    /// record claiming the same id is a problem.
    fn merge_linked(&mut self) {
        let merged = super::link::merge_linked(&mut self.seed);
        for (i, message) in merged.problems {
            let origin = self.origins.institutions[i];
            self.pending.push(Pending::new(
                ProblemKind::DuplicateId,
                origin.file,
                origin.path().key("externalIds"),
                message,
            ));
        }
        for (i, message) in merged.people_problems {
            let origin = self.origins.people[i];
            self.pending.push(Pending::new(
                ProblemKind::DuplicateId,
                origin.file,
                origin.path().key("externalIds"),
                message,
            ));
        }
        forget(&mut self.origins.institutions, &merged.removed);
        forget(&mut self.origins.people, &merged.removed_people);
    }

    fn check_whole(
        &self,
        paths: &[PathBuf],
        source_texts: &[(String, PathBuf)],
        elsewhere: &mut Vec<Problem>,
    ) -> (SeedIds, Vec<Pending>) {
        let mut found = Vec::new();
        let ids = index_ids(&self.seed, &self.origins, &mut found);
        let texts = self.source_texts(&ids, paths, source_texts, &mut found, elsewhere);
        let mut refs = RefCheck {
            ids: &ids,
            broken: &self.broken_ids,
            found: &mut found,
            seed: &self.seed,
            versions: &self.versions,
            texts: &texts,
        };
        check_references(&self.seed, &self.origins, &mut refs);
        found.extend(self.check_agreements(&ids));
        found.extend(self.check_cycles(&ids));
        found.extend(self.check_dates());
        (ids, found)
    }

    /// The texts of the sources that have one, by source index: each source's own `text`
    /// (a path relative to its seed file), or one given for its id.
    fn source_texts(
        &self,
        ids: &SeedIds,
        paths: &[PathBuf],
        given: &[(String, PathBuf)],
        found: &mut Vec<Pending>,
        elsewhere: &mut Vec<Problem>,
    ) -> HashMap<usize, SourceText> {
        let mut texts = HashMap::new();
        for (index, (source, origin)) in self
            .seed
            .sources
            .iter()
            .zip(&self.origins.sources)
            .enumerate()
        {
            let Some(text) = &source.text else { continue };
            if self.versions[origin.file] < 2 {
                found.push(Pending::new(
                    ProblemKind::Version,
                    origin.file,
                    origin.path().key("text"),
                    NEEDS_VERSION_2.to_owned(),
                ));
                continue;
            }
            let dir = paths[origin.file].parent().unwrap_or(Path::new(""));
            let path = dir.join(text.as_str());
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    texts.insert(index, SourceText::new(&text));
                }
                Err(err) => found.push(Pending::new(
                    ProblemKind::Io,
                    origin.file,
                    origin.path().key("text"),
                    format!("the source's text {} cannot be read: {err}", path.display()),
                )),
            }
        }
        for (id, path) in given {
            let Some(&index) = ids.sources.get(id.as_str()) else {
                let hint = did_you_mean(id, ids.sources.keys().map(|k| &**k));
                elsewhere.push(file_problem(
                    ProblemKind::UnknownReference,
                    path,
                    format!(
                        "the text is given for source \"{id}\", and no source has that id{hint}"
                    ),
                ));
                continue;
            };
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    texts.insert(index, SourceText::new(&text));
                }
                Err(err) => elsewhere.push(file_problem(ProblemKind::Io, path, err.to_string())),
            }
        }
        texts
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
record!(Work, "work");

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
        works: index(&seed.works, &origins.works, found),
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
            "work" => &self.works,
            other => unreachable!("no {other} records"),
        }
    }
}

/// Checks references against the id index, collecting problems.
struct RefCheck<'c> {
    ids: &'c SeedIds,
    broken: &'c HashMap<&'static str, HashSet<String>>,
    found: &'c mut Vec<Pending>,
    seed: &'c Records,
    versions: &'c [u32],
    texts: &'c HashMap<usize, SourceText>,
}

/// What a version 1 file is told when it uses what version 2 added.
const NEEDS_VERSION_2: &str = "citation objects, \"facts\", \"values\", counts' ranks, \"met\", \"strengthens\", registry fields (status, ids, locations, types, links, domains, relationships) and a source's \"text\" need \"version\": 2 \
     (`collabgraph migrate` rewrites a version 1 file as version 2)";

/// The most institutions one author may be affiliated with on one work: real records name a
/// few, and the API lists them whole.
pub(crate) const MAX_AFFILIATIONS: usize = 100;

/// A quote is the few words that state a fact; a longer one is a copy of the source.
const MAX_QUOTE_CHARS: usize = 300;

/// A source's text as quotes are matched against it: every run of whitespace folded to one
/// space, whole and paragraph by paragraph (each non-empty line is a paragraph).
pub(super) struct SourceText {
    whole: String,
    paragraphs: Vec<String>,
}

impl SourceText {
    pub(super) fn new(text: &str) -> Self {
        let paragraphs: Vec<String> = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(fold_whitespace)
            .collect();
        SourceText {
            whole: paragraphs.join(" "),
            paragraphs,
        }
    }

    /// The paragraph that holds `quote` (folded), counted from 1, if one does.
    fn paragraph_of(&self, quote: &str) -> Option<usize> {
        self.paragraphs
            .iter()
            .position(|p| p.contains(quote))
            .map(|i| i + 1)
    }
}

/// `text` with every run of whitespace one space, and none at either end.
pub(super) fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraph a `¶N` locator names: None for a locator of another form, an error for a
/// `¶` without a number.
fn paragraph_locator(locator: &str) -> Option<Result<usize, ()>> {
    let number = locator.strip_prefix('¶')?.trim_start();
    let digits: &str = &number[..number
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(number.len())];
    Some(digits.parse().map_err(|_| ()))
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

    /// Checks the citations of the `sources` list at `path`.
    fn sources(&mut self, sources: &[Citation], origin: &Origin, path: &dyn Fn() -> JsonPath) {
        for (i, citation) in sources.iter().enumerate() {
            self.citation(citation, origin, &|| path().key("sources").index(i));
        }
    }

    /// Checks a record's `facts`: fields it has, and their citations.
    fn facts(
        &mut self,
        facts: &Facts,
        kind: NodeKind,
        origin: &Origin,
        path: &dyn Fn() -> JsonPath,
    ) {
        if facts.is_empty() {
            return;
        }
        if self.needs_version_2(true, origin, || path().key("facts")) {
            return;
        }
        let fields = kind.fact_fields();
        let type_name = kind.name();
        for (field, citations) in facts.iter() {
            let at = || path().key("facts").key(field);
            if !fields.contains(&field) {
                let hint = did_you_mean(field, fields.iter().copied());
                self.problem(
                    ProblemKind::Citation,
                    origin,
                    at(),
                    format!(
                        "{type_name} has no field \"{field}\" to cite{hint}; its facts are {}",
                        fields.join(", ")
                    ),
                );
                continue;
            }
            for (i, citation) in citations.iter().enumerate() {
                self.citation(citation, origin, &|| at().index(i));
            }
        }
    }

    /// Checks a record's `values`: fields that hold one value, each other value a valid one
    /// for its field that differs from the record's own and from the others, with a rank that
    /// is not the record's and the sources that give it.
    fn values(&mut self, node: NodeRef, origin: &Origin, path: &dyn Fn() -> JsonPath) {
        let values = self.seed.values_of(node);
        if values.is_empty() {
            return;
        }
        if self.needs_version_2(true, origin, || path().key("values")) {
            return;
        }
        let kind = node.kind;
        let fields = kind.value_fields();
        let record = self.seed.record_json(node);
        for (field, others) in values.iter() {
            let at = || path().key("values").key(field);
            if !fields.contains(&field) {
                let hint = did_you_mean(field, fields.iter().copied());
                self.problem(
                    ProblemKind::Citation,
                    origin,
                    at(),
                    format!(
                        "{} has no field \"{field}\" of one value that sources could disagree on{hint}; those it has are {}",
                        kind.name(),
                        fields.join(", ")
                    ),
                );
                continue;
            }
            let Some(own) = self.seed.field_value(node, field) else {
                self.problem(
                    ProblemKind::Citation,
                    origin,
                    at(),
                    format!("the record has no {field} of its own: give the preferred value there, and only the others here"),
                );
                continue;
            };
            let mut seen: Vec<Value> = vec![own];
            for (i, other) in others.iter().enumerate() {
                let at = || at().index(i);
                if other.rank == Rank::Preferred {
                    self.problem(
                        ProblemKind::Citation,
                        origin,
                        at().key("rank"),
                        format!("the record's own {field} is the preferred value; to prefer this one, swap the two"),
                    );
                }
                if other.sources.is_empty() {
                    self.problem(
                        ProblemKind::Citation,
                        origin,
                        at().key("sources"),
                        "another value needs the sources that give it".to_owned(),
                    );
                }
                self.sources(&other.sources, origin, &at);
                let value = match checked_value(kind, &record, field, &other.value) {
                    Ok(value) => value,
                    Err(error) => {
                        self.problem(
                            ProblemKind::InvalidValue,
                            origin,
                            at().key("value"),
                            format!("not a value of {field}: {error}"),
                        );
                        continue;
                    }
                };
                if let Some(target) = kind.value_reference(field)
                    && let Some(id) = value.as_str().and_then(|v| Id::parse(v).ok())
                {
                    let type_name = match target {
                        NodeKind::Topic => "topic",
                        NodeKind::Institution => "institution",
                        other => unreachable!("no value field names a {}", other.name()),
                    };
                    self.check(type_name, &id, origin, || at().key("value"));
                }
                match seen.iter().position(|v| *v == value) {
                    Some(0) => self.problem(
                        ProblemKind::Citation,
                        origin,
                        at().key("value"),
                        format!("the same as the record's own {field}: cite its sources with the record's value instead"),
                    ),
                    Some(j) => self.problem(
                        ProblemKind::Citation,
                        origin,
                        at().key("value"),
                        format!("the same value as values.{field}[{}]: give it once, with both sources", j - 1),
                    ),
                    None => seen.push(value),
                }
            }
        }
    }

    /// Checks a record's ids in registries: their sources, and at most one preferred id of a
    /// scheme.
    fn external_ids(&mut self, ids: &[ExternalId], origin: &Origin, path: &dyn Fn() -> JsonPath) {
        for (i, id) in ids.iter().enumerate() {
            let ip = || path().key("externalIds").index(i);
            self.sources(&id.sources, origin, &ip);
            if id.preferred
                && ids[..i]
                    .iter()
                    .any(|e| e.preferred && e.scheme == id.scheme)
            {
                self.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    ip().key("preferred"),
                    format!(
                        "another {} id is preferred already; prefer one",
                        id.scheme.as_str()
                    ),
                );
            }
        }
    }

    /// Checks the rank of `counts[i]`: a reason for a preferred or deprecated one, and at most
    /// one preferred count of a metric.
    fn count_rank(
        &mut self,
        counts: &[Count],
        i: usize,
        origin: &Origin,
        path: &dyn Fn() -> JsonPath,
    ) {
        let count = &counts[i];
        self.needs_version_2(
            count.rank != Rank::Normal || count.rank_reason.is_some(),
            origin,
            || path().key("rank"),
        );
        if count.rank != Rank::Normal && count.rank_reason.is_none() {
            self.problem(
                ProblemKind::Citation,
                origin,
                path().key("rank"),
                format!(
                    "a {} count needs a \"rankReason\": why it is",
                    count.rank.as_str()
                ),
            );
        }
        let preferred = |c: &Count| c.rank == Rank::Preferred && c.metric == count.metric;
        if preferred(count) && counts[..i].iter().any(preferred) {
            self.problem(
                ProblemKind::Citation,
                origin,
                path().key("rank"),
                format!(
                    "another count of {} is preferred already; prefer one",
                    count.metric
                ),
            );
        }
    }

    /// Reports what version 2 added (`used`) in a version 1 file, at `path`; whether it did.
    fn needs_version_2(
        &mut self,
        used: bool,
        origin: &Origin,
        path: impl FnOnce() -> JsonPath,
    ) -> bool {
        let refused = used && self.versions[origin.file] < 2;
        if refused {
            self.problem(
                ProblemKind::Version,
                origin,
                path(),
                NEEDS_VERSION_2.to_owned(),
            );
        }
        refused
    }

    fn problem(&mut self, kind: ProblemKind, origin: &Origin, path: JsonPath, message: String) {
        self.found
            .push(Pending::new(kind, origin.file, path, message));
    }

    /// Checks one citation at `at`: its source, and for the object form what it says of how
    /// the fact is known, and its locator and quote against the source's text if there is one.
    fn citation(&mut self, citation: &Citation, origin: &Origin, at: &dyn Fn() -> JsonPath) {
        if !citation.is_detailed() {
            self.check("source", &citation.source, origin, at);
            return;
        }
        self.check("source", &citation.source, origin, || at().key("source"));
        if self.versions[origin.file] < 2 {
            self.problem(
                ProblemKind::Version,
                origin,
                at(),
                NEEDS_VERSION_2.to_owned(),
            );
            return;
        }
        let source = self.ids.sources.get(citation.source.as_str()).copied();
        let editorial = source.is_some_and(|i| self.seed.sources[i].kind == SourceKind::Editorial);
        let unreasoned = match citation.known() {
            Some(Known::Inferred) => Some(
                "an inferred fact needs a \"reason\": what the source says that it follows from",
            ),
            Some(Known::Editorial) if !editorial => {
                Some("an editorial fact needs a \"reason\" unless its source is an editorial one")
            }
            _ => None,
        };
        if let Some(message) = unreasoned
            && citation.reason().is_none()
        {
            self.problem(
                ProblemKind::Citation,
                origin,
                at().key("known"),
                message.to_owned(),
            );
        }
        if editorial && citation.known() == Some(Known::Stated) {
            self.problem(
                ProblemKind::Citation,
                origin,
                at().key("known"),
                format!(
                    "\"{}\" is an editorial source, which states nothing: the fact is \"editorial\"",
                    citation.source
                ),
            );
        }
        let paragraph = match citation
            .locator()
            .and_then(|l| paragraph_locator(l.as_str()))
        {
            Some(Err(())) => {
                self.problem(
                    ProblemKind::Citation,
                    origin,
                    at().key("locator"),
                    "a paragraph locator is ¶ and the paragraph's number, such as ¶4".to_owned(),
                );
                return;
            }
            Some(Ok(n)) => Some(n),
            None => None,
        };
        if let Some(quote) = citation.quote()
            && quote.as_str().chars().count() > MAX_QUOTE_CHARS
        {
            self.problem(
                ProblemKind::Citation,
                origin,
                at().key("quote"),
                format!("a quote is the few words that state the fact, at most {MAX_QUOTE_CHARS} characters"),
            );
        }
        let Some(text) = source.and_then(|i| self.texts.get(&i)) else {
            return;
        };
        if let Some(n) = paragraph
            && (n == 0 || n > text.paragraphs.len())
        {
            self.problem(
                ProblemKind::Citation,
                origin,
                at().key("locator"),
                format!(
                    "the text of \"{}\" has no paragraph {n}; it has {}",
                    citation.source,
                    text.paragraphs.len()
                ),
            );
            return;
        }
        let Some(quote) = citation.quote() else {
            return;
        };
        let quote = fold_whitespace(quote.as_str());
        let within = paragraph.map_or(&text.whole, |n| &text.paragraphs[n - 1]);
        if within.contains(&quote) {
            return;
        }
        // The quote itself, shortened, so that a list of errors says which words are wrong.
        let shown = match quote.char_indices().nth(60) {
            Some((end, _)) => format!("{}…", &quote[..end]),
            None => quote.clone(),
        };
        let message = match (paragraph, text.paragraph_of(&quote)) {
            (Some(n), Some(m)) => format!(
                "the quote \"{shown}\" is in ¶{m} of \"{}\", not in ¶{n}",
                citation.source
            ),
            _ => format!(
                "the quote \"{shown}\" is not in the text of \"{}\"",
                citation.source
            ),
        };
        self.problem(
            ProblemKind::QuoteNotFound,
            origin,
            at().key("quote"),
            message,
        );
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
    for (index, (topic, origin)) in seed.topics.iter().zip(&origins.topics).enumerate() {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Topic,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&topic.sources, origin, &p);
        refs.facts(&topic.facts, NodeKind::Topic, origin, &p);
        refs.names(&topic.names, origin, &p);
        if let Some(broader) = &topic.broader {
            refs.check("topic", broader, origin, || p().key("broader"));
        }
    }
    for (index, (inst, origin)) in seed
        .institutions
        .iter()
        .zip(&origins.institutions)
        .enumerate()
    {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Institution,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&inst.sources, origin, &p);
        refs.facts(&inst.facts, NodeKind::Institution, origin, &p);
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
        let registry = inst.status != InstitutionStatus::Active
            || !inst.external_ids.is_empty()
            || !inst.locations.is_empty()
            || !inst.types.is_empty()
            || !inst.links.is_empty()
            || !inst.domains.is_empty()
            || !inst.relationships.is_empty();
        refs.needs_version_2(registry, origin, p);
        refs.external_ids(&inst.external_ids, origin, &p);
        for (i, location) in inst.locations.iter().enumerate() {
            let lp = || p().key("locations").index(i);
            refs.sources(&location.sources, origin, &lp);
            let bad =
                |v: Option<f64>, limit: f64| v.is_some_and(|v| !(-limit..=limit).contains(&v));
            if bad(location.lat, 90.0) || bad(location.lng, 180.0) {
                refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    lp(),
                    "coordinates are degrees: latitude from -90 to 90, longitude from -180 to 180"
                        .to_owned(),
                );
            }
        }
        for (i, link) in inst.links.iter().enumerate() {
            refs.sources(&link.sources, origin, &|| p().key("links").index(i));
        }
        for (i, relation) in inst.relationships.iter().enumerate() {
            let rp = || p().key("relationships").index(i);
            refs.check("institution", &relation.institution, origin, || {
                rp().key("institution")
            });
            if relation.institution == inst.id {
                refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    rp().key("institution"),
                    "an institution is not related to itself".to_owned(),
                );
            }
            refs.sources(&relation.sources, origin, &rp);
        }
        for (i, count) in inst.counts.iter().enumerate() {
            let cp = || p().key("counts").index(i);
            refs.sources(&count.sources, origin, &cp);
            refs.count_rank(&inst.counts, i, origin, &cp);
        }
    }
    for (index, (person, origin)) in seed.people.iter().zip(&origins.people).enumerate() {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Person,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&person.sources, origin, &p);
        refs.facts(&person.facts, NodeKind::Person, origin, &p);
        refs.names(&person.names, origin, &p);
        for (i, position) in person.positions.iter().enumerate() {
            let pp = || p().key("positions").index(i);
            refs.check("institution", &position.institution, origin, || {
                pp().key("institution")
            });
            refs.sources(&position.sources, origin, &pp);
        }
        refs.needs_version_2(!person.met.is_empty(), origin, || p().key("met"));
        refs.needs_version_2(!person.external_ids.is_empty(), origin, || {
            p().key("externalIds")
        });
        refs.external_ids(&person.external_ids, origin, &p);
        for (i, meeting) in person.met.iter().enumerate() {
            let mp = || p().key("met").index(i);
            refs.check("person", &meeting.person, origin, || mp().key("person"));
            if meeting.person == person.id {
                refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    mp().key("person"),
                    "a person does not meet themself".to_owned(),
                );
            }
            if let Some(event) = &meeting.during {
                refs.check("event", event, origin, || mp().key("during"));
            }
            refs.sources(&meeting.sources, origin, &mp);
        }
    }
    for (index, (lab, origin)) in seed.labs.iter().zip(&origins.labs).enumerate() {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Lab,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&lab.sources, origin, &p);
        refs.facts(&lab.facts, NodeKind::Lab, origin, &p);
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
        refs.needs_version_2(!lab.strengthens.is_empty(), origin, || {
            p().key("strengthens")
        });
        for (i, link) in lab.strengthens.iter().enumerate() {
            let lp = || p().key("strengthens").index(i);
            refs.check("lab", &link.lab, origin, || lp().key("lab"));
            if link.lab == lab.id {
                refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    lp().key("lab"),
                    "a lab is not meant to strengthen itself".to_owned(),
                );
            }
            refs.sources(&link.sources, origin, &lp);
        }
    }
    for (index, (agreement, origin)) in seed.agreements.iter().zip(&origins.agreements).enumerate()
    {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Agreement,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&agreement.sources, origin, &p);
        refs.facts(&agreement.facts, NodeKind::Agreement, origin, &p);
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
    for (index, (event, origin)) in seed.events.iter().zip(&origins.events).enumerate() {
        let p = || origin.path();
        refs.values(
            NodeRef {
                kind: NodeKind::Event,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&event.sources, origin, &p);
        refs.facts(&event.facts, NodeKind::Event, origin, &p);
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
    for (index, (work, origin)) in seed.works.iter().zip(&origins.works).enumerate() {
        let p = || origin.path();
        refs.needs_version_2(true, origin, p);
        refs.values(
            NodeRef {
                kind: NodeKind::Work,
                index,
            },
            origin,
            &p,
        );
        refs.sources(&work.sources, origin, &p);
        refs.facts(&work.facts, NodeKind::Work, origin, &p);
        refs.external_ids(&work.external_ids, origin, &p);
        for (i, authorship) in work.authorships.iter().enumerate() {
            let ap = || p().key("authorships").index(i);
            match &authorship.person {
                Some(person) => refs.check("person", person, origin, || ap().key("person")),
                None if authorship.name.is_none() => refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    ap(),
                    "an authorship names its author: a \"person\" of the seed, or the \"name\" the work gives".to_owned(),
                ),
                None => {}
            }
            if authorship.institutions.len() > MAX_AFFILIATIONS {
                refs.problem(
                    ProblemKind::InvalidValue,
                    origin,
                    ap().key("institutions"),
                    format!(
                        "{} institutions; an author has at most {MAX_AFFILIATIONS} affiliations on one work",
                        authorship.institutions.len()
                    ),
                );
            }
            for (j, institution) in authorship.institutions.iter().enumerate() {
                refs.check("institution", institution, origin, || {
                    ap().key("institutions").index(j)
                });
            }
        }
    }
}

/// Drops the origins of the records merged away (`removed`, ascending), in one pass: tens of
/// thousands of registry records may be.
fn forget(origins: &mut Vec<Origin>, removed: &[usize]) {
    let mut removed = removed.iter().peekable();
    let mut at = 0;
    origins.retain(|_| {
        let gone = removed.next_if_eq(&&at).is_some();
        at += 1;
        !gone
    });
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{
        load_texts,
        tests::{GOOD, only, problems},
    };

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
    fn a_work_names_its_authors_and_their_institutions_and_needs_version_2() {
        use crate::graph::works_fixture as fixture;
        assert!(load_texts(&[("w.json", fixture::WORKS)]).is_ok());
        let bad = fixture::WORKS
            .replace(
                r#"{"person": "chen", "institutions": ["inst-c"]}"#,
                r#"{"person": "chan", "institutions": ["inst-x"]}"#,
            )
            .replace(
                r#"{"name": "A. Nonymous", "institutions": ["inst-c"]}"#,
                r#"{"institutions": ["inst-c"]}"#,
            );
        let report = load_texts(&[("w.json", &bad)]).unwrap_err();
        let found: Vec<(ProblemKind, String)> = report
            .problems
            .iter()
            .map(|p| (p.kind, p.path.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    ProblemKind::InvalidValue,
                    "$.works[1].authorships[2]".to_owned()
                ),
                (
                    ProblemKind::UnknownReference,
                    "$.works[2].authorships[0].person".to_owned()
                ),
                (
                    ProblemKind::UnknownReference,
                    "$.works[2].authorships[0].institutions[0]".to_owned()
                ),
            ],
            "{report}"
        );
        let many: Vec<String> = (0..=MAX_AFFILIATIONS)
            .map(|_| "\"uni-a\"".to_owned())
            .collect();
        let crowded = fixture::WORKS.replace(
            r#"{"person": "dana", "institutions": []}"#,
            &format!(
                r#"{{"person": "dana", "institutions": [{}]}}"#,
                many.join(",")
            ),
        );
        let report = load_texts(&[("w.json", &crowded)]).unwrap_err();
        assert!(
            report.to_string().contains("at most 100 affiliations"),
            "{report}"
        );
        let old = fixture::WORKS.replace("\"version\": 2", "\"version\": 1");
        let report = load_texts(&[("w.json", &old)]).unwrap_err();
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.kind == ProblemKind::Version && p.path.to_string() == "$.works[0]"),
            "{report}"
        );
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
    fn a_file_is_read_once_even_to_place_problems_between_its_records() {
        // A problem found only by checking the records against each other is placed from the
        // text read the first time: the file is overwritten meanwhile (by the work alongside,
        // which runs once every record is read), and the position is still the first text's.
        let text = GOOD.replace("\"institution\": \"xieg\"", "\"institution\": \"XIEG\"");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("seed.json");
        std::fs::write(&path, &text).unwrap();
        let overwrite = |_: &Records| std::fs::write(&path, format!("\n\n\n{text}")).unwrap();
        let on_disk = crate::seed::load_alongside(
            &path,
            &crate::seed::LoadOptions {
                max_file_bytes: u64::MAX,
                ..Default::default()
            },
            overwrite,
            |_, _| (),
        )
        .unwrap_err();
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
        load_texts(&[(
            "seed.json",
            GOOD.replace("\"version\": 1", "\"version\": 2").as_str(),
        )])
        .expect("version 2 reads what version 1 did");
        let report = problems(&GOOD.replace("\"version\": 1", "\"version\": 3"));
        assert!(
            only(&report, ProblemKind::Version)
                .message
                .contains("reads 1 to 2")
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

    /// A version 2 seed whose press release has its text beside it: ¶1 is the headline.
    const CITED: &str = r#"{
  "version": 2,
  "sources": [
    {"id": "press", "title": "A press release", "kind": "press_release", "language": "en", "text": "press.txt"},
    {"id": "curation", "title": "The editors' curation", "kind": "editorial", "language": "en"}
  ],
  "institutions": [
    {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university",
     "country": "KZ",
     "sources": [{"source": "press", "locator": "¶2", "quote": "Al-Farabi  Kazakh\nNational University"}],
     "facts": {
       "country": [{"source": "curation"}],
       "kind": [{"source": "press", "known": "inferred", "reason": "it has a rector"}]
     }}
  ]
}"#;

    const PRESS: &str =
        "Partners meet\n\n  The rector of Al-Farabi Kazakh National University\nmet partners.\n";

    /// Checks `seed` as seed.json beside press.txt holding `text`, with `given` texts by id.
    fn check_cited(seed: &str, text: &str, given: &[(&str, &str)]) -> Result<Records, SeedReport> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("seed.json"), seed).unwrap();
        std::fs::write(dir.path().join("press.txt"), text).unwrap();
        let source_texts = given
            .iter()
            .map(|(id, body)| {
                let path = dir.path().join(format!("{id}.given.txt"));
                std::fs::write(&path, body).unwrap();
                ((*id).to_owned(), path)
            })
            .collect();
        let options = crate::seed::LoadOptions {
            source_texts,
            ..Default::default()
        };
        crate::seed::load_alongside(
            &dir.path().join("seed.json"),
            &options,
            |_| (),
            |_, ids| ids,
        )
        .map(|(records, (), _)| records)
    }

    #[test]
    fn quotes_are_found_in_their_paragraph_after_whitespace_is_folded() {
        let seed = check_cited(CITED, PRESS, &[]).unwrap();
        let kaznu = &seed.institutions[0];
        assert_eq!(kaznu.sources[0].locator().map(|l| l.as_str()), Some("¶2"));
        assert_eq!(
            kaznu.facts.of("kind").unwrap()[0].known(),
            Some(Known::Inferred)
        );
    }

    #[test]
    fn a_quote_the_text_does_not_hold_is_reported_where_it_is_written() {
        let seed = CITED.replace("Kazakh\\nNational", "Kazakh National State");
        let report = check_cited(&seed, PRESS, &[]).unwrap_err();
        let problem = only(&report, ProblemKind::QuoteNotFound);
        assert!(
            problem.message.contains("not in the text of \"press\""),
            "{problem}"
        );
        assert_eq!(
            problem.path.to_string(),
            "$.institutions[0].sources[0].quote"
        );
        assert_eq!(problem.line, 10, "{problem}");
    }

    #[test]
    fn a_quote_in_another_paragraph_names_the_one_that_holds_it() {
        let seed = CITED.replace("¶2", "¶1");
        let report = check_cited(&seed, PRESS, &[]).unwrap_err();
        let problem = only(&report, ProblemKind::QuoteNotFound);
        assert!(
            problem.message.contains("in ¶2 of \"press\", not in ¶1"),
            "{problem}"
        );
        let report = check_cited(&CITED.replace("¶2", "¶7"), PRESS, &[]).unwrap_err();
        assert!(
            only(&report, ProblemKind::Citation)
                .message
                .contains("no paragraph 7; it has 3")
        );
        let report = check_cited(&CITED.replace("¶2", "¶two"), PRESS, &[]).unwrap_err();
        assert!(
            only(&report, ProblemKind::Citation)
                .message
                .contains("such as ¶4")
        );
    }

    #[test]
    fn a_text_given_for_a_source_is_checked_as_its_own_is() {
        let seed = CITED.replace(", \"text\": \"press.txt\"", "");
        check_cited(&seed, "", &[]).expect("without a text, quotes are not checked");
        let report =
            check_cited(&seed, "", &[("press", "Headline\nNothing of the sort.")]).unwrap_err();
        only(&report, ProblemKind::QuoteNotFound);
        check_cited(&seed, "", &[("press", PRESS)]).unwrap();
        let report = check_cited(&seed, "", &[("pres", PRESS)]).unwrap_err();
        let problem = only(&report, ProblemKind::UnknownReference);
        assert!(
            problem.message.contains("did you mean \"press\""),
            "{problem}"
        );
    }

    #[test]
    fn how_a_fact_is_known_is_checked_against_its_source() {
        let unreasoned = CITED.replace(", \"reason\": \"it has a rector\"", "");
        let report = check_cited(&unreasoned, PRESS, &[]).unwrap_err();
        let problem = only(&report, ProblemKind::Citation);
        assert_eq!(
            problem.path.to_string(),
            "$.institutions[0].facts.kind[0].known"
        );
        let stated_editorial = CITED.replace(
            "[{\"source\": \"curation\"}]",
            "[{\"source\": \"curation\", \"known\": \"stated\"}]",
        );
        let report = check_cited(&stated_editorial, PRESS, &[]).unwrap_err();
        assert!(
            only(&report, ProblemKind::Citation)
                .message
                .contains("states nothing")
        );
        let unknown_field = CITED.replace("\"country\": [", "\"contry\": [");
        let report = check_cited(&unknown_field, PRESS, &[]).unwrap_err();
        assert!(
            only(&report, ProblemKind::Citation)
                .message
                .contains("did you mean \"country\"")
        );
        let long = CITED.replace(
            "\"it has a rector\"",
            &format!("\"x\", \"quote\": \"{}\"", "a".repeat(301)),
        );
        let report = check_cited(&long, PRESS, &[]).unwrap_err();
        assert!(
            only(&report, ProblemKind::Citation)
                .message
                .contains("at most 300")
        );
    }

    #[test]
    fn a_version_1_file_may_not_use_what_version_2_added() {
        let seed = CITED.replace("\"version\": 2", "\"version\": 1");
        let report = check_cited(&seed, PRESS, &[]).unwrap_err();
        let versions: Vec<String> = report
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::Version)
            .map(|p| p.path.to_string())
            .collect();
        assert_eq!(
            versions,
            [
                "$.sources[0].text",
                "$.institutions[0].sources[0]",
                "$.institutions[0].facts"
            ]
        );
    }

    /// A seed where two sources disagree on KazNU's founding year and its kind.
    const VALUED: &str = r#"{
  "version": 2,
  "sources": [
    {"id": "press", "title": "A press release", "kind": "press_release", "language": "en"},
    {"id": "registry", "title": "A registry record", "kind": "dataset", "language": "en"}
  ],
  "institutions": [
    {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university",
     "country": "KZ", "founded": {"year": 1934, "sources": ["press"]},
     "sources": ["press"],
     "values": {
       "founded": [{"value": 1933, "rank": "deprecated", "reason": "the decree, not the opening",
                    "sources": ["registry"]}],
       "kind": [{"value": "research_institute", "reason": "the press release names it a university",
                 "sources": ["registry"]}]
     }}
  ]
}"#;

    #[test]
    fn other_values_are_kept_with_their_rank_reason_and_sources() {
        let seed = check_cited(VALUED, "", &[]).unwrap();
        let values = &seed.institutions[0].values;
        let founded = values.of("founded").unwrap();
        assert_eq!(founded[0].value, serde_json::json!(1933));
        assert_eq!(founded[0].rank, Rank::Deprecated);
        assert_eq!(founded[0].sources[0].source.as_str(), "registry");
        assert_eq!(values.of("kind").unwrap()[0].rank, Rank::Normal);
    }

    #[test]
    fn an_other_value_that_cannot_stand_is_reported_where_it_is_written() {
        let problem = |seed: &str, kind| {
            let report = check_cited(seed, "", &[]).unwrap_err();
            let problem = only(&report, kind);
            (problem.path.to_string(), problem.message.clone())
        };
        let (path, message) = problem(
            &VALUED.replace(
                "\"value\": \"research_institute\"",
                "\"value\": \"college\"",
            ),
            ProblemKind::InvalidValue,
        );
        assert_eq!(path, "$.institutions[0].values.kind[0].value");
        assert!(message.contains("unknown variant `college`"), "{message}");
        let (path, message) = problem(
            &VALUED.replace("\"value\": 1933", "\"value\": 1934"),
            ProblemKind::Citation,
        );
        assert_eq!(path, "$.institutions[0].values.founded[0].value");
        assert!(message.contains("the same as the record's own founded"));
        let (path, _) = problem(
            &VALUED.replace("\"deprecated\"", "\"preferred\""),
            ProblemKind::Citation,
        );
        assert_eq!(path, "$.institutions[0].values.founded[0].rank");
        let (_, message) = problem(
            &VALUED.replace("\"kind\": [{\"value\"", "\"acronyms\": [{\"value\""),
            ProblemKind::Citation,
        );
        assert!(message.contains("those it has are name, kind"), "{message}");
        let (_, message) = problem(
            &VALUED.replace(
                "\"founded\": {\"year\": 1934, \"sources\": [\"press\"]},",
                "",
            ),
            ProblemKind::Citation,
        );
        assert!(message.contains("no founded of its own"), "{message}");
        let (path, _) = problem(
            &VALUED.replace(
                "\"sources\": [\"registry\"]}],\n       \"kind\"",
                "\"sources\": []}],\n       \"kind\"",
            ),
            ProblemKind::Citation,
        );
        assert_eq!(path, "$.institutions[0].values.founded[0].sources");
        let (path, _) = problem(
            &VALUED.replace(
                "\"registry\"]}],\n       \"kind\"",
                "\"registy\"]}],\n       \"kind\"",
            ),
            ProblemKind::UnknownReference,
        );
        assert_eq!(path, "$.institutions[0].values.founded[0].sources[0]");
        let report = check_cited(
            &VALUED.replace(", \"reason\": \"the decree, not the opening\"", ""),
            "",
            &[],
        )
        .unwrap_err();
        assert!(
            only(&report, ProblemKind::Type)
                .message
                .contains("missing field `reason`")
        );
        let report =
            check_cited(&VALUED.replace("\"version\": 2", "\"version\": 1"), "", &[]).unwrap_err();
        assert_eq!(
            only(&report, ProblemKind::Version).path.to_string(),
            "$.institutions[0].values"
        );
    }

    #[test]
    fn an_other_parent_must_be_an_institution_of_the_seed() {
        let seed = VALUED
            .replace("\"country\": \"KZ\",", "\"country\": \"KZ\", \"parent\": \"ministry\",")
            .replace(
                "\"values\": {",
                "\"values\": {\"parent\": [{\"value\": \"academy\", \"reason\": \"r\", \"sources\": [\"registry\"]}],",
            )
            .replace(
                "  \"institutions\": [",
                "  \"institutions\": [\n    {\"id\": \"ministry\", \"name\": \"Ministry\", \"kind\": \"government\", \"country\": \"KZ\"},",
            );
        let report = check_cited(&seed, "", &[]).unwrap_err();
        let problem = only(&report, ProblemKind::UnknownReference);
        assert_eq!(
            problem.path.to_string(),
            "$.institutions[1].values.parent[0].value"
        );
        check_cited(&seed.replace("\"academy\"", "\"ministry\""), "", &[]).unwrap_err();
    }

    /// Two labs, one meant to strengthen the other, and two people who met during a trip.
    const LINKED: &str = r#"{
  "version": 2,
  "sources": [{"id": "press", "title": "A press release", "kind": "press_release", "language": "en"}],
  "labs": [
    {"id": "centre", "name": "A centre", "kind": "centre", "status": "active"},
    {"id": "lab", "name": "A lab", "kind": "laboratory", "status": "planned",
     "strengthens": [{"lab": "centre", "sources": ["press"]}]}
  ],
  "people": [
    {"id": "rector", "name": "A rector", "met": [{"person": "chancellor", "during": "trip", "sources": ["press"]}]},
    {"id": "chancellor", "name": "A chancellor"}
  ],
  "events": [{"id": "trip", "name": "A trip", "kind": "working_trip"}]
}"#;

    #[test]
    fn relations_a_source_states_between_records_are_checked_like_any_reference() {
        let seed = check_cited(LINKED, "", &[]).unwrap();
        assert_eq!(seed.labs[1].strengthens[0].lab.as_str(), "centre");
        assert_eq!(
            seed.people[0].met[0].during.as_ref().unwrap().as_str(),
            "trip"
        );
        let path = |seed: &str, kind| {
            let report = check_cited(seed, "", &[]).unwrap_err();
            only(&report, kind).path.to_string()
        };
        assert_eq!(
            path(
                &LINKED.replace("\"lab\": \"centre\"", "\"lab\": \"center\""),
                ProblemKind::UnknownReference
            ),
            "$.labs[1].strengthens[0].lab"
        );
        assert_eq!(
            path(
                &LINKED.replace("\"during\": \"trip\"", "\"during\": \"voyage\""),
                ProblemKind::UnknownReference
            ),
            "$.people[0].met[0].during"
        );
        assert_eq!(
            path(
                &LINKED.replace("\"person\": \"chancellor\"", "\"person\": \"rector\""),
                ProblemKind::InvalidValue
            ),
            "$.people[0].met[0].person"
        );
        assert_eq!(
            path(
                &LINKED.replace("\"lab\": \"centre\"", "\"lab\": \"lab\""),
                ProblemKind::InvalidValue
            ),
            "$.labs[1].strengthens[0].lab"
        );
        let report =
            check_cited(&LINKED.replace("\"version\": 2", "\"version\": 1"), "", &[]).unwrap_err();
        let versions: Vec<String> = report.problems.iter().map(|p| p.path.to_string()).collect();
        assert_eq!(versions, ["$.labs[1].strengthens", "$.people[0].met"]);
    }

    #[test]
    fn a_preferred_or_deprecated_count_says_why_and_a_metric_has_one_preferred_count() {
        let counted = |counts: &str| {
            VALUED.replace(
                "\"sources\": [\"press\"],\n     \"values\"",
                &format!("\"sources\": [\"press\"], \"counts\": [{counts}],\n     \"values\""),
            )
        };
        let count = |rank: &str| {
            format!("{{\"metric\": \"students\", \"value\": 1, \"sources\": [\"press\"]{rank}}}")
        };
        let preferred = count(", \"rank\": \"preferred\", \"rankReason\": \"r\"");
        let good = counted(&[preferred.clone(), count("")].join(", "));
        let seed = check_cited(&good, "", &[]).unwrap();
        assert_eq!(seed.institutions[0].preferred_count("students"), Some(0));
        let report =
            check_cited(&counted(&count(", \"rank\": \"deprecated\"")), "", &[]).unwrap_err();
        let problem = only(&report, ProblemKind::Citation);
        assert_eq!(problem.path.to_string(), "$.institutions[0].counts[0].rank");
        assert!(problem.message.contains("rankReason"), "{problem}");
        let report = check_cited(
            &counted(&[preferred.clone(), preferred].join(", ")),
            "",
            &[],
        )
        .unwrap_err();
        let problem = only(&report, ProblemKind::Citation);
        assert_eq!(problem.path.to_string(), "$.institutions[0].counts[1].rank");
    }

    #[test]
    fn registry_fields_are_checked_where_they_are_written() {
        let registry = |fields: &str| {
            VALUED.replace(
                "\"country\": \"KZ\",",
                &format!("\"country\": \"KZ\", {fields},"),
            )
        };
        let good = registry(
            "\"status\": \"inactive\", \"externalIds\": [{\"scheme\": \"ror\", \"value\": \"03q0vrn42\", \"preferred\": true}], \"locations\": [{\"country\": \"XK\", \"lat\": 42.7, \"lng\": 21.2}]",
        );
        let seed = check_cited(&good, "", &[]).unwrap();
        assert_eq!(seed.institutions[0].locations[0].country.as_str(), "XK");
        let path = |seed: &str| {
            let report = check_cited(seed, "", &[]).unwrap_err();
            only(&report, ProblemKind::InvalidValue).path.to_string()
        };
        let twice = "{\"scheme\": \"ror\", \"value\": \"a\", \"preferred\": true}";
        assert_eq!(
            path(&registry(&format!("\"externalIds\": [{twice}, {twice}]"))),
            "$.institutions[0].externalIds[1].preferred"
        );
        assert_eq!(
            path(&registry(
                "\"locations\": [{\"country\": \"KZ\", \"lat\": 143.2}]"
            )),
            "$.institutions[0].locations[0]"
        );
        assert_eq!(
            path(&registry(
                "\"relationships\": [{\"kind\": \"related\", \"institution\": \"kaznu\"}]"
            )),
            "$.institutions[0].relationships[0].institution"
        );
        let report =
            check_cited(&good.replace("\"version\": 2", "\"version\": 1"), "", &[]).unwrap_err();
        assert!(
            report.problems.iter().any(
                |p| p.kind == ProblemKind::Version && p.path.to_string() == "$.institutions[0]"
            )
        );
    }
}
