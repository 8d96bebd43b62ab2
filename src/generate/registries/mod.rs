//! Registry-shaped input at any scale: what analysts bring (ROR's dump, OpenAlex's
//! institutions and works), generated, to measure importing and serving at registry scale
//! (120,000 organisations, a million works) without the real full dumps.
//!
//! `write_registries` writes into a directory:
//!
//! - `ror.jsonl`: a ROR v2.1 record per organisation, valid against ROR's JSON Schema, as ROR's
//!   JSON Lines give them (`ror.rs`).
//!
//! The organisations (`organisations.rs`: types, status, parents, successions, cities from
//! `geography.rs`) reuse the seed generator's countries, languages and name syllables.
//!
//! The same options give the same bytes: the structure is drawn from seeded PCG-64 generators
//! in a fixed order and each record's details from a generator seeded with (seed, stream,
//! index). Records are written one at a time; what is held is the organisations (a few hundred
//! bytes each).

mod geography;
mod organisations;
mod ror;

use std::{
    fs::File,
    io::{self, BufWriter, Write},
    path::Path,
};

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use organisations::Organisations;

/// The ROR records' file in the output directory.
pub const ROR_FILE: &str = "ror.jsonl";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How many organisations (ROR records).
    pub institutions: u32,
    /// The random seed: the same options give the same bytes.
    pub seed: u64,
}

/// How many of each thing was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// ROR records.
    pub ror_records: usize,
    /// Of them, not active (inactive or withdrawn).
    pub not_active: usize,
    /// Relationships, as the ROR records list them (each pair from both sides).
    pub relationships: usize,
}

/// Writes the files into `dir` (made if missing).
pub fn write_registries(options: Options, dir: &Path) -> io::Result<Counts> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(ROR_FILE);
    let file = File::create(&path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display())))?;
    write_to(options, BufWriter::with_capacity(1 << 20, file))
}

/// Writes the ROR records to `ror`.
pub fn write_to<R: Write>(options: Options, mut ror: R) -> io::Result<Counts> {
    let orgs = Organisations::build(options.institutions as usize, options.seed);
    let mut counts = Counts {
        ror_records: orgs.len(),
        ..Counts::default()
    };
    for i in 0..orgs.len() as u32 {
        ror::write_record(&orgs, i, &mut ror)?;
        let org = &orgs.orgs[i as usize];
        counts.not_active += usize::from(org.status != organisations::Status::Active);
        counts.relationships += org.parents.len()
            + orgs.children.of(i).len()
            + orgs.related.of(i).len()
            + orgs.predecessors.of(i).len()
            + usize::from(org.successor.is_some());
    }
    ror.flush()?;
    Ok(counts)
}

/// Which of the per-record generators a value comes from.
#[derive(Clone, Copy)]
enum Stream {
    Structure = 1,
    Names,
    City,
    Subdivision,
    Ror,
    Domain,
    Grid,
    Wikidata,
    Wikipedia,
}

/// The generator of record `index` of `stream`. Mixed differently from the seed generator's,
/// so the registries do not repeat the seed's draws.
fn rng_for(seed: u64, stream: Stream, index: u64) -> Pcg64Mcg {
    Pcg64Mcg::seed_from_u64(
        seed.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ ((stream as u64) << 56) ^ index,
    )
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use serde_json::Value;

    use super::*;

    /// The ROR records' bytes and the counts.
    fn write(institutions: u32, seed: u64) -> (Vec<u8>, Counts) {
        let mut ror = Vec::new();
        let counts = write_to(Options { institutions, seed }, &mut ror).unwrap();
        (ror, counts)
    }

    fn lines(bytes: &[u8]) -> Vec<Value> {
        std::str::from_utf8(bytes)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    fn str_at<'a>(value: &'a Value, pointer: &str) -> &'a str {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no {pointer} in {value}"))
    }

    #[test]
    fn the_same_options_give_the_same_bytes_and_another_seed_other_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, seed: u64| {
            let out = dir.path().join(name);
            let options = Options {
                institutions: 400,
                seed,
            };
            write_registries(options, &out).unwrap();
            std::fs::read(out.join(ROR_FILE)).unwrap()
        };
        let (a, b, c) = (file("a", 7), file("b", 7), file("c", 8));
        assert_eq!(a, b, "same options, same bytes");
        assert_ne!(a, c, "another seed, other bytes");
        assert_eq!(a, write(400, 7).0);
    }

    #[test]
    fn ror_ids_are_unique_and_well_formed() {
        let (ror, counts) = write(3000, 11);
        let records = lines(&ror);
        assert_eq!(records.len(), 3000);
        assert_eq!(counts.ror_records, 3000);
        let mut seen = HashSet::new();
        for record in &records {
            let id = str_at(record, "/id");
            let short = id.strip_prefix("https://ror.org/").expect(id);
            assert_eq!(short.len(), 9, "{id}");
            assert!(short.starts_with('0'), "{id}");
            assert!(
                short
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase()),
                "{id}"
            );
            assert!(seen.insert(short.to_owned()), "{id} twice");
        }
    }

    #[test]
    fn relationships_are_listed_from_both_sides() {
        let (ror, counts) = write(3000, 12);
        let records = lines(&ror);
        let display: HashMap<&str, &str> = records
            .iter()
            .map(|r| {
                let name = r["names"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|n| {
                        n["types"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|t| t == "ror_display")
                    })
                    .unwrap();
                (str_at(r, "/id"), str_at(name, "/value"))
            })
            .collect();
        let mut stated: HashSet<(&str, &str, &str)> = HashSet::new();
        let mut kinds: HashMap<&str, usize> = HashMap::new();
        for record in &records {
            for relation in record["relationships"].as_array().unwrap() {
                let (kind, to) = (str_at(relation, "/type"), str_at(relation, "/id"));
                let from = str_at(record, "/id");
                assert_ne!(from, to, "no record relates to itself");
                assert_eq!(display[to], str_at(relation, "/label"), "labelled by name");
                assert!(stated.insert((from, kind, to)), "{from} {kind} {to} twice");
                *kinds.entry(kind).or_default() += 1;
            }
        }
        assert_eq!(stated.len(), counts.relationships);
        for &(from, kind, to) in &stated {
            let inverse = match kind {
                "parent" => "child",
                "child" => "parent",
                "successor" => "predecessor",
                "predecessor" => "successor",
                other => other,
            };
            assert!(
                stated.contains(&(to, inverse, from)),
                "{from} {kind} {to} but not {to} {inverse} {from}"
            );
        }
        for kind in ["parent", "child", "related", "successor", "predecessor"] {
            assert!(
                kinds.get(kind).copied().unwrap_or(0) > 0,
                "some {kind}: {kinds:?}"
            );
        }
        // Successors are active; those they succeeded are not.
        let status: HashMap<&str, &str> = records
            .iter()
            .map(|r| (str_at(r, "/id"), str_at(r, "/status")))
            .collect();
        for &(from, kind, to) in &stated {
            if kind == "successor" {
                assert_ne!(status[from], "active");
                assert_eq!(status[to], "active");
            }
        }
    }
}
