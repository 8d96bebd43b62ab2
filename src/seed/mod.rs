//! Loading seed files: read, parse, check, merge.
//!
//! A seed is one JSON file or a directory of them (every `*.json` directly inside, in name
//! order), merged into one [`Seed`]. Loading never stops at the first problem: every file is
//! read, every record is checked on its own, and the whole merged seed is checked for what
//! needs all of it (duplicate ids, references, parties, cycles). Each [`Problem`] names the
//! file, the JSON path and the line:column it is at.
//!
//! - `mod.rs`: the entry points ([`load`], [`load_alongside`], [`load_texts`]) and what they
//!   give: a checked [`Seed`], with its records' index by id ([`SeedIds`]).
//! - `read.rs`: finding a seed's files, and typing a good file's records in one pass.
//! - `check.rs`: the checker: every record read on its own, then the checks that need the
//!   whole seed (ids, references, parties, cycles, dates).
//! - `report.rs`: what a problem is ([`Problem`], [`ProblemKind`], [`JsonPath`], [`SeedReport`])
//!   and placing it at a line and column.

mod check;
mod link;
mod migrate;
mod read;
mod report;

use std::{
    ops::Deref,
    path::{Path, PathBuf},
    sync::Arc,
};

pub(crate) use check::MAX_AFFILIATIONS;
use check::check_texts;
pub use migrate::{Migrated, migrate};
use read::seed_files;
use report::file_problem;
pub use report::{JsonPath, PathSegment, Problem, ProblemKind, SeedReport};

use crate::{config::DEFAULT_MAX_SEED_FILE_BYTES, model::Records};

/// A whole seed, merged from its files and checked: every reference resolves. Its records are
/// read through [`Deref`]; it also carries the records' positions by id, which the checker
/// needed and the graph needs again (a large seed has millions of ids to hash).
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
    pub(crate) works: IdMap,
}

/// Loads and checks the seed at `path`: a JSON file, or a directory whose `*.json` files are
/// merged. Returns every problem found, not only the first.
pub fn load(path: &Path) -> Result<Seed, SeedReport> {
    load_alongside(path, &LoadOptions::default(), |_| (), |_, ids| ids).map(checked)
}

/// How a seed is loaded.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files over this size are refused before they are read.
    pub max_file_bytes: u64,
    /// Local copies of sources' texts, by source id, against which quotes and locators are
    /// checked (as a source's own `text` is).
    pub source_texts: Vec<(String, PathBuf)>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_SEED_FILE_BYTES,
            source_texts: Vec::new(),
        }
    }
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
    options: &LoadOptions,
    alongside: impl FnOnce(&Records) -> A + Send,
    then: impl FnOnce(&Records, SeedIds) -> B,
) -> Result<(Records, A, B), SeedReport> {
    let max_file_bytes = options.max_file_bytes;
    let mut files = Vec::new();
    let mut problems = Vec::new();
    match seed_files(path) {
        Ok(paths) => {
            for file in paths {
                // Refused before it is read: a stray large file must not cost its size in
                // memory.
                if let Ok(meta) = std::fs::metadata(&file)
                    && meta.len() > max_file_bytes
                {
                    problems.push(file_problem(
                        ProblemKind::Io,
                        &file,
                        format!(
                            "the file holds {} bytes, more than the {max_file_bytes} a seed file \
                             may (--max-seed-file-bytes); split it or raise the limit",
                            meta.len()
                        ),
                    ));
                    continue;
                }
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
    let mut seed = check_texts(&mut files, true, &options.source_texts, alongside, then);
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
    check_texts(&mut owned, false, &[], |_| (), |_, ids| ids).map(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const GOOD: &str = r#"{
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

    pub(super) fn problems(text: &str) -> SeedReport {
        load_texts(&[("seed.json", text)]).expect_err("the seed should be refused")
    }

    pub(super) fn only(report: &SeedReport, kind: ProblemKind) -> &Problem {
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
}
