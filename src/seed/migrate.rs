//! `collabgraph migrate`: a seed of an older format version rewritten as the current one.
//!
//! Version 2 only added to version 1 (citation objects, `facts`, a source's `text`), so a
//! version 1 file means the same as version 2 with its `version` changed: that number is the
//! only edit, made in place in the text, so that the file's layout stays as its editors wrote
//! it.

use std::path::{Path, PathBuf};

use jsonc_parser::{ast, common::Ranged};

use super::{LoadOptions, SeedReport, load_alongside, read::seed_files, report::file_problem};
use crate::{model::SEED_FORMAT_VERSION, seed::ProblemKind};

/// One seed file as the current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The file read.
    pub file: PathBuf,
    /// The version it had.
    pub from: u32,
    /// Its text as the current version (unchanged if it already was).
    pub text: String,
}

/// Checks the seed at `path` and returns each of its files rewritten as the current format
/// version; a seed with problems is not migrated, and its report is returned instead.
pub fn migrate(path: &Path) -> Result<Vec<Migrated>, SeedReport> {
    load_alongside(path, &LoadOptions::default(), |_| (), |_, _| ())?;
    let files = seed_files(path).map_err(|err| SeedReport {
        problems: vec![file_problem(ProblemKind::Io, path, err)],
    })?;
    let mut migrated = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|err| SeedReport {
            problems: vec![file_problem(ProblemKind::Io, &file, err.to_string())],
        })?;
        let (from, text) = as_current(&text).ok_or_else(|| SeedReport {
            problems: vec![file_problem(
                ProblemKind::Version,
                &file,
                "the file's \"version\" was readable a moment ago and is not now; was it changed?"
                    .to_owned(),
            )],
        })?;
        migrated.push(Migrated { file, from, text });
    }
    Ok(migrated)
}

/// The file's version, and its text with that version made the current one; None if the text
/// has no top-level numeric `version`.
fn as_current(text: &str) -> Option<(u32, String)> {
    let parsed = super::report::parse_tree(text)?;
    let Some(ast::Value::Object(object)) = &parsed.value else {
        return None;
    };
    let version = object
        .properties
        .iter()
        .find(|p| p.name.as_str() == "version")?;
    let ast::Value::NumberLit(number) = &version.value else {
        return None;
    };
    let from: u32 = number.value.parse().ok()?;
    let range = number.range();
    let mut current = String::with_capacity(text.len());
    current.push_str(&text[..range.start]);
    current.push_str(&SEED_FORMAT_VERSION.to_string());
    current.push_str(&text[range.end..]);
    Some((from, current))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::tests::GOOD;

    #[test]
    fn only_the_version_changes_and_the_result_loads_as_it_did() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seed.json");
        std::fs::write(&file, GOOD).unwrap();
        let migrated = migrate(&file).unwrap();
        assert_eq!(migrated.len(), 1);
        assert_eq!(migrated[0].from, 1);
        let expected = GOOD.replacen("\"version\": 1", "\"version\": 2", 1);
        assert_eq!(migrated[0].text, expected);
        std::fs::write(&file, &migrated[0].text).unwrap();
        let again = migrate(&file).unwrap();
        assert_eq!((again[0].from, &again[0].text), (2, &expected));
        let before = crate::seed::load_texts(&[("seed.json", GOOD)]).unwrap();
        let after = crate::seed::load(&file).unwrap();
        assert_eq!(format!("{:?}", *before), format!("{:?}", *after));
    }

    #[test]
    fn a_seed_with_problems_is_reported_not_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("seed.json");
        std::fs::write(
            &file,
            GOOD.replace("\"kaznu\", \"name\"", "\"kaznu\", \"nam\""),
        )
        .unwrap();
        let report = migrate(&file).unwrap_err();
        assert!(report.to_string().contains("seed.json:"), "{report}");
    }
}
