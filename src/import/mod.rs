//! Registries in: reading what a registry publishes and writing it as a seed that `check`
//! accepts and `serve` serves beside the curated one.
//!
//! - `ror.rs`: the Research Organization Registry's v2 records (the data dump's zip, a JSON
//!   array, or JSON Lines), one institution each, every fact cited to the record and release.
//! - `openalex.rs`: OpenAlex's institutions, works and authors (the snapshot's gzipped JSON
//!   Lines, API responses, arrays or single records): institutions, works with their
//!   authorships, and the people they name, each cited to its record.
//! - `reconcile.rs`: which registry record a curated institution is, proposed with a score.

pub mod openalex;
pub mod reconcile;
pub mod ror;

use std::{collections::BTreeMap, io};

use serde::Serialize;

/// Writes a seed file with each section and each record on a line of its own and nothing else
/// spaced: compact as `generate` writes one (pretty-printed, an import of a million works was
/// 44% larger, and the check that follows reads it all), while a diff still shows which records
/// changed.
pub(crate) fn write_seed<W: io::Write, T: Serialize + ?Sized>(
    out: W,
    seed: &T,
) -> serde_json::Result<()> {
    seed.serialize(&mut serde_json::Serializer::with_formatter(
        out,
        RecordPerLine::default(),
    ))
}

/// A seed as one JSON document: the root object's members (the sections) and the items of its
/// arrays (the records) each start a line; within a record, nothing is spaced.
#[derive(Default)]
struct RecordPerLine {
    depth: usize,
}

impl serde_json::ser::Formatter for RecordPerLine {
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.depth == 0 {
            w.write_all(b"\n}\n")
        } else {
            w.write_all(b"}")
        }
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth -= 1;
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 2 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        if self.depth == 1 {
            w.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// What an import left out, by what it was: nothing of a record is dropped without a count.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct NotKept(BTreeMap<String, usize>);

impl NotKept {
    /// Counts one thing not kept. The name is copied only the first time it is counted: an
    /// import of millions of records counts the same few names over and over.
    pub fn add(&mut self, what: impl AsRef<str>) {
        let what = what.as_ref();
        match self.0.get_mut(what) {
            Some(n) => *n += 1,
            None => {
                self.0.insert(what.to_owned(), 1);
            }
        }
    }

    /// Each kind of thing not kept, with how many.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.0.iter().map(|(what, n)| (what.as_str(), *n))
    }

    /// How many of `what` were not kept.
    pub fn count(&self, what: &str) -> usize {
        self.0.get(what).copied().unwrap_or(0)
    }

    /// Whether everything was kept.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
