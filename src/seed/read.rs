//! Reading a seed's files: which files a seed is, and a good file's records typed in one pass
//! over its text, then on two threads.

use std::path::{Path, PathBuf};

use serde::{Deserialize, de::DeserializeOwned};
use serde_json::value::RawValue;

use crate::model::{SEED_FORMAT_VERSIONS, SeedFile, ShrinkLists};

pub(super) fn seed_files(path: &Path) -> Result<Vec<PathBuf>, String> {
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
    #[serde(default, borrow)]
    works: Vec<&'a RawValue>,
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
            &self.works,
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
        // (an id and a name or title) and refers to others, so a few strings a record are new;
        // the room is a little more than a generated seed needs.
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
            works: half(&self.works, second)?,
        })
    }
}

/// The records of a good file, typed in one pass over the text and then on two threads (a
/// large seed's parse is most of its load); None if the file has any problem, which the
/// caller then reads again record by record to report them all.
pub(super) fn read_typed(text: &str) -> Option<SeedFile> {
    let raw: RawSeedFile = serde_json::from_str(text).ok()?;
    if !SEED_FORMAT_VERSIONS.contains(&raw.version) {
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
    records.works.extend(second.works);
    Some(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{ProblemKind, load, load_texts, tests::GOOD};

    #[test]
    fn a_good_file_is_typed_in_one_pass() {
        // A good file the fast path refused would still load, by the reading that places
        // problems, only slower: so the fast path is checked on its own.
        let mut generated = Vec::new();
        crate::generate::write_seed(
            crate::generate::Options {
                institutions: 200,
                seed: 3,
                works: 400,
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
