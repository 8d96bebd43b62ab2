//! Registry-shaped input at any scale: what analysts bring (ROR's dump, OpenAlex's
//! institutions and works), generated, to measure importing and serving at registry scale
//! (120,000 organisations, a million works) without the real full dumps.
//!
//! `collabgraph generate --registries --institutions N --works M --seed S --out DIR` writes:
//!
//! - `ror.jsonl`: a ROR v2.1 record per organisation, valid against ROR's JSON Schema, as ROR's
//!   JSON Lines give them (`ror.rs`);
//! - `openalex-works.jsonl.gz`: M OpenAlex works, gzipped, whose authorships name the
//!   institutions below, co-publishing as real networks do (`works.rs`);
//! - `openalex-institutions.jsonl`: an OpenAlex institution record for each organisation
//!   OpenAlex has (all but the withdrawn and a few others), with the ROR id it matches and the
//!   counts of the works above that name it (`openalex.rs`).
//!
//! The organisations (`organisations.rs`: types, status, parents, successions, cities from
//! `geography.rs`) reuse the seed generator's countries, languages and name syllables.
//!
//! The same options give the same bytes: the structure is drawn from seeded PCG-64 generators
//! in a fixed order and each record's details from a generator seeded with (seed, stream,
//! index). Records are written one at a time; what is held is the organisations (a few hundred
//! bytes each) and, while works are written, what the next work is drawn from: a slot per
//! institution per earlier work (the preferential attachment) and one per authorship (whose
//! author writes again), some 50 MB for a million works. The works are compressed on a second
//! thread.

mod geography;
mod openalex;
mod organisations;
mod ror;
mod works;

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
/// The OpenAlex institutions' file.
pub const OPENALEX_INSTITUTIONS_FILE: &str = "openalex-institutions.jsonl";
/// The OpenAlex works' file, gzipped.
pub const OPENALEX_WORKS_FILE: &str = "openalex-works.jsonl.gz";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How many organisations (ROR records).
    pub institutions: u32,
    /// How many works.
    pub works: u32,
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
    /// OpenAlex institution records.
    pub openalex_institutions: usize,
    /// Works.
    pub works: usize,
    /// Authorships of the works.
    pub authorships: usize,
    /// Distinct authors on the works.
    pub authors: usize,
    /// Works with institutions in more than one country.
    pub international_works: usize,
    /// Works of 100 to 1,000 authors.
    pub large_collaborations: usize,
    /// The most authors on one work.
    pub most_authors: usize,
}

/// Writes the three files into `dir` (made if missing).
pub fn write_registries(options: Options, dir: &Path) -> io::Result<Counts> {
    std::fs::create_dir_all(dir)?;
    let create = |name: &str| -> io::Result<BufWriter<File>> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot create {}: {e}", path.display()))
        })?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    };
    let ror = create(ROR_FILE)?;
    let institutions = create(OPENALEX_INSTITUTIONS_FILE)?;
    let works = BackgroundGzip::new(create(OPENALEX_WORKS_FILE)?);
    let (counts, works) = write_to(options, ror, institutions, works)?;
    works.finish()?;
    Ok(counts)
}

/// A gzip writer that compresses on another thread: compressing the works at gzip's default
/// level takes longer than drawing and serializing them, and the two overlap on two cores.
/// The encoder is given the bytes in pieces of the same sizes every time (deflate's output
/// depends on them), so the same options still give the same file.
struct BackgroundGzip {
    buffer: Vec<u8>,
    /// Full buffers to compress; a bounded queue, so the writer waits rather than piling up.
    to_compress: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    compressor: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl BackgroundGzip {
    const PIECE: usize = 1 << 20;

    fn new<W: Write + Send + 'static>(out: W) -> BackgroundGzip {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
        let compressor = std::thread::spawn(move || {
            let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
            for piece in receiver {
                encoder.write_all(&piece)?;
            }
            encoder.finish()?.flush()
        });
        BackgroundGzip {
            buffer: Vec::with_capacity(Self::PIECE),
            to_compress: Some(sender),
            compressor: Some(compressor),
        }
    }

    /// Hands the buffer over; if the compressor has stopped, its error.
    fn send(&mut self) -> io::Result<()> {
        let piece = std::mem::replace(&mut self.buffer, Vec::with_capacity(Self::PIECE));
        let sent = self
            .to_compress
            .as_ref()
            .is_some_and(|sender| sender.send(piece).is_ok());
        if sent { Ok(()) } else { Err(self.stop()) }
    }

    /// Stops the compressor and returns why it stopped early.
    fn stop(&mut self) -> io::Error {
        self.to_compress = None;
        match self.compressor.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Err(error))) => error,
            _ => io::Error::other("the gzip compressor stopped"),
        }
    }

    /// Compresses what is left and writes gzip's trailer.
    fn finish(mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            self.send()?;
        }
        self.to_compress = None;
        match self.compressor.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            _ => Err(io::Error::other("the gzip compressor panicked")),
        }
    }
}

impl Write for BackgroundGzip {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= Self::PIECE {
            self.send()?;
        }
        Ok(bytes.len())
    }

    /// Pieces are sent when full; `finish` sends the last.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes the ROR records, the works (uncompressed) and the OpenAlex institutions to the
/// writers given, in that order (the institutions count the works); returns the works' writer,
/// to be finished.
pub fn write_to<R: Write, I: Write, W: Write>(
    options: Options,
    mut ror: R,
    mut institutions: I,
    mut works: W,
) -> io::Result<(Counts, W)> {
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

    let mut tally = openalex::Tally::default();
    let written = works::write_works(&orgs, options.works as usize, &mut works, &mut tally)?;
    works.flush()?;
    counts.works = written.works;
    counts.authorships = written.authorships;
    counts.authors = written.authors;
    counts.international_works = written.international;
    counts.large_collaborations = written.large_collaborations;
    counts.most_authors = written.most_authors;

    for i in 0..orgs.len() as u32 {
        if orgs.orgs[i as usize].in_openalex {
            openalex::write_institution(&orgs, i, &tally, &mut institutions)?;
            counts.openalex_institutions += 1;
        }
    }
    institutions.flush()?;
    Ok((counts, works))
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
    OpenAlex,
    Consortium,
    Work,
    Author,
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
    use std::{
        collections::{HashMap, HashSet},
        io::Read,
    };

    use serde_json::Value;

    use super::*;

    /// The three files' bytes (the works uncompressed) and the counts.
    fn write(institutions: u32, works: u32, seed: u64) -> ([Vec<u8>; 3], Counts) {
        let options = Options {
            institutions,
            works,
            seed,
        };
        let (mut ror, mut openalex) = (Vec::new(), Vec::new());
        let (counts, works) = write_to(options, &mut ror, &mut openalex, Vec::new()).unwrap();
        ([ror, openalex, works], counts)
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
        let options = |seed| Options {
            institutions: 400,
            works: 1500,
            seed,
        };
        let files = |name: &str, seed: u64| {
            let out = dir.path().join(format!("{name}-{seed}"));
            write_registries(options(seed), &out).unwrap();
            [ROR_FILE, OPENALEX_INSTITUTIONS_FILE, OPENALEX_WORKS_FILE]
                .map(|file| std::fs::read(out.join(file)).unwrap())
        };
        let (a, b, c) = (files("a", 7), files("b", 7), files("c", 8));
        assert_eq!(a, b, "same options, same bytes");
        for k in 0..3 {
            assert_ne!(a[k], c[k], "another seed, other bytes");
        }
        // The works file is gzip, and holds what the writers are given.
        let mut works = Vec::new();
        flate2::read::GzDecoder::new(&a[2][..])
            .read_to_end(&mut works)
            .unwrap();
        let (plain, counts) = write(400, 1500, 7);
        assert_eq!(works, plain[2]);
        assert_eq!(a[0], plain[0]);
        assert_eq!(a[1], plain[1]);
        assert_eq!(lines(&works).len(), 1500);
        assert_eq!(counts.works, 1500);
    }

    #[test]
    fn ror_ids_are_unique_and_well_formed() {
        let ([ror, _, _], counts) = write(3000, 0, 11);
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
        let ([ror, _, _], counts) = write(3000, 0, 12);
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

    #[test]
    fn every_authorship_institution_is_among_the_institutions_written() {
        let ([ror, openalex, works], counts) = write(1500, 6000, 13);
        let ror_ids: HashSet<String> = lines(&ror)
            .iter()
            .map(|r| str_at(r, "/id").to_owned())
            .collect();
        let institutions = lines(&openalex);
        assert_eq!(institutions.len(), counts.openalex_institutions);
        assert!(
            institutions.len() * 10 > ror_ids.len() * 9,
            "most are in OpenAlex"
        );
        let by_id: HashMap<&str, &Value> =
            institutions.iter().map(|i| (str_at(i, "/id"), i)).collect();
        for institution in &institutions {
            assert!(ror_ids.contains(str_at(institution, "/ror")));
        }
        let mut works_of: HashMap<&str, u64> = HashMap::new();
        let works = lines(&works);
        let mut authorships = 0;
        for work in &works {
            let mut named = HashSet::new();
            for authorship in work["authorships"].as_array().unwrap() {
                authorships += 1;
                for institution in authorship["institutions"].as_array().unwrap() {
                    let id = str_at(institution, "/id");
                    let record = by_id
                        .get(id)
                        .unwrap_or_else(|| panic!("{id} is not among the institutions"));
                    assert_eq!(str_at(institution, "/ror"), str_at(record, "/ror"));
                    assert_eq!(
                        str_at(institution, "/display_name"),
                        str_at(record, "/display_name")
                    );
                    assert_eq!(
                        str_at(institution, "/country_code"),
                        str_at(record, "/country_code")
                    );
                    for ancestor in institution["lineage"].as_array().unwrap() {
                        assert!(by_id.contains_key(ancestor.as_str().unwrap()));
                    }
                    named.insert(id);
                }
            }
            for id in named {
                *works_of.entry(id).or_default() += 1;
            }
        }
        assert_eq!(authorships, counts.authorships);
        for institution in &institutions {
            let id = str_at(institution, "/id");
            assert_eq!(
                institution["works_count"].as_u64().unwrap(),
                works_of.get(id).copied().unwrap_or(0),
                "{id}'s works_count counts the works that name it"
            );
        }
    }

    #[test]
    fn co_publication_has_hubs_domestic_ties_growth_and_large_collaborations() {
        let ([_, _, works], counts) = write(4000, 12_000, 1);
        let works = lines(&works);
        let mut partners: HashMap<String, HashSet<String>> = HashMap::new();
        let (mut domestic, mut international) = (0, 0);
        let mut per_year: HashMap<u64, usize> = HashMap::new();
        let mut largest = 0;
        for work in &works {
            let mut institutions = HashSet::new();
            let mut countries = HashSet::new();
            let authorships = work["authorships"].as_array().unwrap();
            largest = largest.max(authorships.len());
            for authorship in authorships {
                for institution in authorship["institutions"].as_array().unwrap() {
                    institutions.insert(str_at(institution, "/id").to_owned());
                    countries.insert(str_at(institution, "/country_code").to_owned());
                }
            }
            if institutions.len() > 1 && authorships.len() < 100 {
                if countries.len() == 1 {
                    domestic += 1;
                } else {
                    international += 1;
                }
            }
            for i in &institutions {
                partners
                    .entry(i.clone())
                    .or_default()
                    .extend(institutions.iter().filter(|j| *j != i).cloned());
            }
            *per_year
                .entry(work["publication_year"].as_u64().unwrap())
                .or_default() += 1;
        }
        assert!(
            domestic > 2 * international,
            "{domestic} domestic, {international} international"
        );
        assert!(
            international * 10 > domestic,
            "{international} international"
        );
        let degrees: Vec<usize> = partners.values().map(HashSet::len).collect();
        let mean = degrees.iter().sum::<usize>() as f64 / degrees.len() as f64;
        let max = *degrees.iter().max().unwrap() as f64;
        assert!(
            max > 8.0 * mean,
            "a hub: {max} partners against a mean of {mean}"
        );
        assert!(per_year[&2025] > 5 * per_year[&1990], "{per_year:?}");
        assert!(counts.large_collaborations >= 1, "{counts:?}");
        assert!((100..=1000).contains(&largest), "{largest} authors at most");
        assert_eq!(largest, counts.most_authors);
        let typical = works
            .iter()
            .filter(|w| (1..=10).contains(&w["authorships"].as_array().unwrap().len()))
            .count();
        assert!(
            typical * 100 > works.len() * 95,
            "most works have 1 to 10 authors"
        );
    }

    #[test]
    fn tiny_sizes_are_written() {
        for n in [1, 2, 3, 20] {
            let ([ror, openalex, works], _) = write(n, 50, 2);
            assert_eq!(lines(&ror).len(), n as usize);
            assert!(!lines(&openalex).is_empty());
            assert_eq!(lines(&works).len(), 50);
        }
    }
}
