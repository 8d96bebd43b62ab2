//! OpenAlex work records: who wrote with whom, drawn so that co-publication looks like the
//! real thing, and written one work at a time.
//!
//! - Authors belong to a home institution: a pool per institution that grows with its works,
//!   so sized by its weight (and its attachment). A new author joins the pool for three in
//!   ten of its authorships; otherwise one of its authors writes again, half the time picked in
//!   proportion to what they have written, so a few write much (Simon's model, whose
//!   productivities fall off as Lotka's law has them).
//! - Works are written in publication order, 1990 to 2025, each year about 6% more than the
//!   last, so that co-publication grows as hubs form.
//! - A work has one to ten authors (2.7 on average in 1990, 4.2 in 2025) from one to four
//!   institutions (more of them in later years, never more than authors). The first
//!   institution is picked by preferential attachment: mostly one already on earlier works,
//!   in proportion to how many, otherwise by weight. Partners are mostly of the same country
//!   (picked the same way among its institutions), sometimes a parent, child or related
//!   institution of the first, and sometimes from abroad: from 8% of partners in 1990 to 22%
//!   in 2025.
//! - About one work in 2,500 (from 1995) is a large collaboration: 100 to 1,000 authors from
//!   one of a few standing consortia of 30 to 200 large institutions around the world, authors
//!   in alphabetical order, as particle physics and astronomy publish.
//! - Some authors give two affiliations; a few give one that OpenAlex did not match to any
//!   institution (an authorship with no institutions).
//! - `cited_by_count` is drawn (older works more cited, a heavy tail), not counted from
//!   `referenced_works`: in a subset of OpenAlex most citations come from works outside it.
//!
//! The structure needs the works before it (the attachment slots, the authors so far), so
//! works are drawn in order, each from its own generator seeded with (seed, work); nothing of
//! a work is kept after it is written but those slots and the counts.

use std::io::{self, Write};

use rand::RngExt;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use serde_json::value::RawValue;

use super::{
    Stream,
    openalex::{Tally, dehydrated, institution_id},
    organisations::{FIRST_YEAR, Organisations, title_case},
    rng_for,
    ror::mod_11_2,
};
use crate::generate::{LATEST_YEAR, TOPICS, spell, syllables};

/// An OpenAlex topic of the generated works, with its subfield, field and domain (id, name).
/// The subfields, fields and domains are OpenAlex's; the topics are the generator's.
struct WorkTopic {
    id: u32,
    name: &'static str,
    subfield: (u32, &'static str),
    field: (u32, &'static str),
    domain: (u32, &'static str),
}

const fn work_topic(
    id: u32,
    name: &'static str,
    subfield: (u32, &'static str),
    field: (u32, &'static str),
    domain: (u32, &'static str),
) -> WorkTopic {
    WorkTopic {
        id,
        name,
        subfield,
        field,
        domain,
    }
}

const WORK_TOPICS: [WorkTopic; 25] = [
    work_topic(
        10101,
        "Particle physics experiments at colliders",
        (3106, "Nuclear and High Energy Physics"),
        (31, "Physics and Astronomy"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10102,
        "Galaxy formation and cosmology",
        (3103, "Astronomy and Astrophysics"),
        (31, "Physics and Astronomy"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10201,
        "Deep learning for images and text",
        (1702, "Artificial Intelligence"),
        (17, "Computer Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10202,
        "Distributed databases and information systems",
        (1710, "Information Systems"),
        (17, "Computer Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10301,
        "Climate change and global warming",
        (2306, "Global and Planetary Change"),
        (23, "Environmental Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10302,
        "Groundwater and water quality",
        (2312, "Water Science and Technology"),
        (23, "Environmental Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10303,
        "Biodiversity and ecosystem ecology",
        (2303, "Ecology"),
        (23, "Environmental Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10401,
        "Petroleum reservoir geology",
        (1907, "Geology"),
        (19, "Earth and Planetary Sciences"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        10501,
        "Cancer immunotherapy",
        (2730, "Oncology"),
        (27, "Medicine"),
        (4, "Health Sciences"),
    ),
    work_topic(
        10502,
        "Epidemiology of infectious diseases",
        (2739, "Public Health, Environmental and Occupational Health"),
        (27, "Medicine"),
        (4, "Health Sciences"),
    ),
    work_topic(
        10601,
        "Drug delivery systems",
        (3003, "Pharmaceutical Science"),
        (30, "Pharmacology, Toxicology and Pharmaceutics"),
        (1, "Life Sciences"),
    ),
    work_topic(
        10701,
        "Genome sequencing and gene expression",
        (1311, "Genetics"),
        (13, "Biochemistry, Genetics and Molecular Biology"),
        (1, "Life Sciences"),
    ),
    work_topic(
        10702,
        "Industrial biotechnology",
        (1305, "Biotechnology"),
        (13, "Biochemistry, Genetics and Molecular Biology"),
        (1, "Life Sciences"),
    ),
    work_topic(
        10801,
        "Crop yield and soil fertility",
        (1102, "Agronomy and Crop Science"),
        (11, "Agricultural and Biological Sciences"),
        (1, "Life Sciences"),
    ),
    work_topic(
        10901,
        "Solar cells and renewable energy",
        (2105, "Renewable Energy, Sustainability and the Environment"),
        (21, "Energy"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11001,
        "Catalysis and organic synthesis",
        (1605, "Organic Chemistry"),
        (16, "Chemistry"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11101,
        "Nanomaterials and thin films",
        (2505, "Materials Chemistry"),
        (25, "Materials Science"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11201,
        "Structural engineering and concrete",
        (2205, "Civil and Structural Engineering"),
        (22, "Engineering"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11202,
        "Robot control and autonomous systems",
        (2207, "Control and Systems Engineering"),
        (22, "Engineering"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11301,
        "Numerical methods for differential equations",
        (2604, "Applied Mathematics"),
        (26, "Mathematics"),
        (3, "Physical Sciences"),
    ),
    work_topic(
        11401,
        "Economic growth and development",
        (2002, "Economics and Econometrics"),
        (20, "Economics, Econometrics and Finance"),
        (2, "Social Sciences"),
    ),
    work_topic(
        11501,
        "Higher education and teaching",
        (3304, "Education"),
        (33, "Social Sciences"),
        (2, "Social Sciences"),
    ),
    work_topic(
        11502,
        "International law and human rights",
        (3308, "Law"),
        (33, "Social Sciences"),
        (2, "Social Sciences"),
    ),
    work_topic(
        11601,
        "Historical studies of Central Asia",
        (1202, "History"),
        (12, "Arts and Humanities"),
        (2, "Social Sciences"),
    ),
    work_topic(
        11602,
        "Language acquisition and linguistics",
        (1203, "Language and Linguistics"),
        (12, "Arts and Humanities"),
        (2, "Social Sciences"),
    ),
];

/// The work topic of each of the seed generator's research areas (`TOPICS`), by index.
const TOPIC_OF_AREA: [u8; 40] = [
    0, 0, 15, 11, 7, 19, 1, 16, 11, 6, 7, 4, 4, 17, 3, 2, 2, 7, 14, 14, 17, 18, 9, 9, 8, 12, 10,
    13, 13, 5, 20, 20, 21, 22, 23, 23, 24, 24, 23, 23,
];

/// Large collaborations publish in particle physics and astronomy.
const LARGE_TOPICS: [usize; 2] = [0, 1];

/// Per journal of each topic: how its name is made from the topic's field and subfield.
const JOURNALS: [&str; 4] = [
    "Journal of {F}",
    "{S} Letters",
    "International Journal of {S}",
    "{F} Reports",
];

/// What a work's numbers came to, for the summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct WorkCounts {
    pub works: usize,
    pub authorships: usize,
    /// Distinct authors on at least one work.
    pub authors: usize,
    pub large_collaborations: usize,
    /// Works with institutions of more than one country.
    pub international: usize,
    /// The most authors on one work.
    pub most_authors: usize,
}

/// Picks publishing institutions in proportion to their weight: over all, or in a country.
struct ByWeight {
    all: (Vec<u32>, Vec<f64>),
    by_country: Vec<(Vec<u32>, Vec<f64>)>,
}

impl ByWeight {
    fn new(orgs: &Organisations) -> ByWeight {
        let cumulate = |ids: &mut dyn Iterator<Item = u32>| {
            let (mut chosen, mut cumulative, mut total) = (Vec::new(), Vec::new(), 0.0);
            for i in ids {
                if orgs.publishes(i) {
                    total += orgs.orgs[i as usize].weight;
                    chosen.push(i);
                    cumulative.push(total);
                }
            }
            (chosen, cumulative)
        };
        ByWeight {
            all: cumulate(&mut (0..orgs.len() as u32)),
            by_country: orgs
                .members
                .iter()
                .map(|m| cumulate(&mut m.iter().copied()))
                .collect(),
        }
    }

    fn pick(list: &(Vec<u32>, Vec<f64>), rng: &mut Pcg64Mcg) -> Option<u32> {
        let total = *list.1.last()?;
        let x = rng.random::<f64>() * total;
        let at = list.1.partition_point(|&c| c <= x).min(list.0.len() - 1);
        Some(list.0[at])
    }

    fn anywhere(&self, rng: &mut Pcg64Mcg) -> u32 {
        Self::pick(&self.all, rng).expect("an organisation publishes")
    }

    fn in_country(&self, country: usize, rng: &mut Pcg64Mcg) -> Option<u32> {
        Self::pick(&self.by_country[country], rng)
    }
}

/// One author on one work, before it is written.
struct Slot {
    author: u32,
    home: u32,
    /// A second affiliation, when the author gives one.
    also: Option<u32>,
    /// OpenAlex matched the affiliation to no institution.
    unmatched: bool,
}

#[derive(Serialize)]
struct Work<'a> {
    id: String,
    doi: String,
    title: &'a str,
    display_name: &'a str,
    publication_year: u16,
    publication_date: &'a str,
    ids: WorkIds,
    language: &'static str,
    primary_location: Location<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
    type_crossref: &'static str,
    indexed_in: &'static [&'static str],
    open_access: OpenAccess,
    authorships: Vec<Authorship<'a>>,
    countries_distinct_count: usize,
    institutions_distinct_count: usize,
    corresponding_author_ids: Vec<String>,
    corresponding_institution_ids: Vec<String>,
    cited_by_count: u32,
    biblio: Biblio,
    is_retracted: bool,
    is_paratext: bool,
    primary_topic: Topic,
    topics: [Topic; 1],
    referenced_works_count: usize,
    referenced_works: Vec<String>,
    updated_date: String,
    created_date: &'a str,
}

#[derive(Serialize)]
struct WorkIds {
    openalex: String,
    doi: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pmid: Option<String>,
}

#[derive(Serialize)]
struct Location<'a> {
    is_oa: bool,
    landing_page_url: String,
    pdf_url: Option<String>,
    source: &'a RawValue,
    license: Option<&'static str>,
    version: &'static str,
    is_accepted: bool,
    is_published: bool,
}

#[derive(Serialize)]
struct OpenAccess {
    is_oa: bool,
    oa_status: &'static str,
    oa_url: Option<String>,
    any_repository_has_fulltext: bool,
}

#[derive(Serialize)]
struct Authorship<'a> {
    author_position: &'static str,
    author: Author,
    institutions: Vec<&'a RawValue>,
    countries: Vec<&'static str>,
    is_corresponding: bool,
    raw_author_name: String,
    raw_affiliation_strings: Vec<String>,
    affiliations: Vec<Affiliation>,
}

#[derive(Serialize)]
struct Author {
    id: String,
    display_name: String,
    orcid: Option<String>,
}

#[derive(Serialize)]
struct Affiliation {
    raw_affiliation_string: String,
    institution_ids: Vec<String>,
}

#[derive(Serialize)]
struct Biblio {
    volume: Option<String>,
    issue: Option<String>,
    first_page: Option<String>,
    last_page: Option<String>,
}

#[derive(Serialize)]
struct Topic {
    id: String,
    display_name: &'static str,
    score: f64,
    subfield: Named,
    field: Named,
    domain: Named,
}

#[derive(Serialize)]
struct Named {
    id: String,
    display_name: &'static str,
}

fn topic(index: usize, score: f64) -> Topic {
    let topic = &WORK_TOPICS[index];
    let named = |kind: &str, (id, display_name): (u32, &'static str)| Named {
        id: format!("https://openalex.org/{kind}/{id}"),
        display_name,
    };
    Topic {
        id: format!("https://openalex.org/T{}", topic.id),
        display_name: topic.name,
        score,
        subfield: named("subfields", topic.subfield),
        field: named("fields", topic.field),
        domain: named("domains", topic.domain),
    }
}

/// The journals of each topic (`JOURNALS.len()` per topic), as a location's `source`.
fn journals() -> Vec<Box<RawValue>> {
    #[derive(Serialize)]
    struct Source {
        id: String,
        display_name: String,
        issn_l: String,
        issn: [String; 1],
        is_oa: bool,
        is_in_doaj: bool,
        host_organization: Option<String>,
        #[serde(rename = "type")]
        kind: &'static str,
    }
    let mut sources = Vec::new();
    for (t, topic) in WORK_TOPICS.iter().enumerate() {
        let (subfield, field) = (topic.subfield.1, topic.field.1);
        for (j, pattern) in JOURNALS.iter().enumerate() {
            let n = (t * JOURNALS.len() + j) as u32;
            let issn = issn(1_000_000 + n * 7_919);
            let source = Source {
                id: format!("https://openalex.org/S{}", 4_300_000_000u64 + u64::from(n)),
                display_name: pattern.replace("{F}", field).replace("{S}", subfield),
                issn_l: issn.clone(),
                issn: [issn],
                is_oa: j == 1,
                is_in_doaj: j == 1,
                host_organization: None,
                kind: "journal",
            };
            sources.push(
                RawValue::from_string(serde_json::to_string(&source).expect("serializes"))
                    .expect("JSON"),
            );
        }
    }
    sources
}

/// An ISSN of seven digits and its check character: `1234-5679`.
fn issn(n: u32) -> String {
    let digits = format!("{:07}", n % 10_000_000);
    let sum: u32 = digits
        .bytes()
        .zip((2..=8).rev())
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = match (11 - sum % 11) % 11 {
        10 => 'X',
        d => char::from(b'0' + d as u8),
    };
    format!("{}-{}{check}", &digits[..4], &digits[4..])
}

/// OpenAlex's id of author `a`: `https://openalex.org/A5000000123`.
fn author_id(a: u32) -> String {
    format!("https://openalex.org/A{}", 5_000_000_000u64 + u64::from(a))
}

/// An author's given and family names, and their ORCID.
type Person = (String, String, Option<String>);

/// Author `a`: the names, and an ORCID for about half (numbered after `a`, so no two share
/// one, with ORCID's check character).
fn author(seed: u64, a: u32) -> Person {
    let mut rng = rng_for(seed, Stream::Author, u64::from(a));
    let given = spell(&syllables(&mut rng, 2, 2), 0);
    let family = spell(&syllables(&mut rng, 2, 3), 0);
    let orcid = rng.random_bool(0.5).then(|| {
        let digits = format!(
            "{:015}",
            10_000_000 + u64::from(a) * 3 + rng.random_range(0..3u64)
        );
        format!(
            "https://orcid.org/{}-{}-{}-{}{}",
            &digits[0..4],
            &digits[4..8],
            &digits[8..12],
            &digits[12..15],
            mod_11_2(&digits)
        )
    });
    (given, family, orcid)
}

/// The works' publication years: work `w` of `n` falls in the year where the share `w / n`
/// of all works is reached, each year 6% more than the last.
struct Years {
    cumulative: Vec<f64>,
}

impl Years {
    fn new() -> Years {
        let mut total = 0.0;
        let cumulative = (FIRST_YEAR..=LATEST_YEAR as u16)
            .map(|y| {
                total += (0.06 * f64::from(y - FIRST_YEAR)).exp();
                total
            })
            .collect();
        Years { cumulative }
    }

    fn of(&self, w: usize, n: usize) -> u16 {
        let total = *self.cumulative.last().expect("years");
        let x = (w as f64 + 0.5) / n as f64 * total;
        let at = self.cumulative.partition_point(|&c| c < x);
        FIRST_YEAR + at.min(self.cumulative.len() - 1) as u16
    }
}

/// The state the works are drawn with, across works.
struct Drawing<'a> {
    orgs: &'a Organisations,
    by_weight: ByWeight,
    /// The authors of each institution, in the order they joined.
    authors_of: Vec<Vec<u32>>,
    /// Each institution's authors once per authorship, to pick one by what they wrote.
    written_by: Vec<Vec<u32>>,
    /// The next new author's number: authors are numbered as they first write.
    next_author: u32,
    /// Each institution once per earlier work it was on: picking a slot is picking in
    /// proportion to works so far (preferential attachment); over all and by country.
    slots: Vec<u32>,
    slots_in: Vec<Vec<u32>>,
    consortia: Vec<Vec<u32>>,
}

impl<'a> Drawing<'a> {
    fn new(orgs: &'a Organisations, works: usize) -> Drawing<'a> {
        let by_weight = ByWeight::new(orgs);
        // A few standing consortia of large institutions around the world.
        let mut rng = rng_for(orgs.seed, Stream::Consortium, 0);
        let consortia = (0..(works / 100_000).clamp(1, 20))
            .map(|_| {
                let size = rng.random_range(30..=200usize);
                let mut members: Vec<u32> = Vec::with_capacity(size);
                for _ in 0..size * 4 {
                    let pick = by_weight.anywhere(&mut rng);
                    if !members.contains(&pick) {
                        members.push(pick);
                        if members.len() == size {
                            break;
                        }
                    }
                }
                members
            })
            .collect();
        Drawing {
            orgs,
            by_weight,
            authors_of: vec![Vec::new(); orgs.len()],
            written_by: vec![Vec::new(); orgs.len()],
            next_author: 0,
            slots: Vec::new(),
            slots_in: vec![Vec::new(); orgs.countries.len()],
            consortia,
        }
    }

    fn country(&self, i: u32) -> usize {
        self.orgs.orgs[i as usize].country as usize
    }

    /// A new author of institution `i`.
    fn new_author(&mut self, i: u32) -> u32 {
        let a = self.next_author;
        self.next_author += 1;
        self.authors_of[i as usize].push(a);
        a
    }

    /// A publishing parent, child or related institution of `i`, if it has any.
    fn family_of(&self, i: u32, rng: &mut Pcg64Mcg) -> Option<u32> {
        let orgs = self.orgs;
        let family: Vec<u32> = orgs.orgs[i as usize]
            .parents
            .iter()
            .chain(orgs.children.of(i))
            .chain(orgs.related.of(i))
            .copied()
            .filter(|&j| orgs.publishes(j))
            .collect();
        (!family.is_empty()).then(|| family[rng.random_range(0..family.len() as u32) as usize])
    }

    /// The institutions of an ordinary work of `year` by `authors` authors, the first one
    /// leading.
    fn institutions(&mut self, year: u16, authors: usize, rng: &mut Pcg64Mcg) -> Vec<u32> {
        let t = f64::from(year - FIRST_YEAR) / f64::from(LATEST_YEAR as u16 - FIRST_YEAR);
        let roll = rng.random::<f64>();
        let want = if roll < 0.35 - 0.2 * t {
            1
        } else if roll < 0.70 - 0.2 * t {
            2
        } else if roll < 0.88 - 0.1 * t {
            3
        } else {
            4
        };
        let want = want.min(authors);
        let attach = |slots: &[u32], rng: &mut Pcg64Mcg| {
            (!slots.is_empty() && rng.random_bool(0.6))
                .then(|| slots[rng.random_range(0..slots.len() as u32) as usize])
        };
        let lead = attach(&self.slots, rng).unwrap_or_else(|| self.by_weight.anywhere(rng));
        let home = self.country(lead);
        let abroad = 0.08 + 0.14 * t;
        let mut chosen = vec![lead];
        for _ in 0..12 {
            if chosen.len() >= want {
                break;
            }
            let pick = if rng.random_bool(0.15) {
                self.family_of(lead, rng)
            } else if rng.random_bool(abroad) {
                attach(&self.slots, rng).or_else(|| Some(self.by_weight.anywhere(rng)))
            } else {
                attach(&self.slots_in[home], rng).or_else(|| self.by_weight.in_country(home, rng))
            };
            if let Some(pick) = pick
                && !chosen.contains(&pick)
            {
                chosen.push(pick);
            }
        }
        for &i in &chosen {
            self.slots.push(i);
            let country = self.country(i);
            self.slots_in[country].push(i);
        }
        chosen
    }

    /// An author of institution `i` not yet on the work: a new one, or one who wrote before.
    fn author_of(&mut self, i: u32, taken: &[u32], rng: &mut Pcg64Mcg) -> u32 {
        let (pool, written) = (&self.authors_of[i as usize], &self.written_by[i as usize]);
        let again = !pool.is_empty() && rng.random_bool(0.7);
        let mut author = None;
        for _ in 0..4 {
            if !again {
                break;
            }
            let a = if rng.random_bool(0.5) {
                written[rng.random_range(0..written.len() as u32) as usize]
            } else {
                pool[rng.random_range(0..pool.len() as u32) as usize]
            };
            if !taken.contains(&a) {
                author = Some(a);
                break;
            }
        }
        let a = author.unwrap_or_else(|| self.new_author(i));
        self.written_by[i as usize].push(a);
        a
    }

    /// The authors of an ordinary work of `year`, the first from the leading institution.
    fn ordinary(&mut self, year: u16, rng: &mut Pcg64Mcg) -> Vec<Slot> {
        let t = f64::from(year - FIRST_YEAR) / f64::from(LATEST_YEAR as u16 - FIRST_YEAR);
        let mean = 3.0 + 4.0 * t;
        // Exponential about the mean, drawn again above ten (so ten is no pile of the tail).
        let mut count = 11;
        for _ in 0..8 {
            count = 1 + (-(1.0 - rng.random::<f64>()).ln() * (mean - 1.0)) as usize;
            if count <= 10 {
                break;
            }
        }
        let count = count.min(10);
        let institutions = self.institutions(year, count, rng);
        let mut homes: Vec<u32> = institutions.clone();
        while homes.len() < count {
            homes.push(if rng.random_bool(0.5) {
                institutions[0]
            } else {
                institutions[rng.random_range(0..institutions.len() as u32) as usize]
            });
        }
        // Shuffle all but the first author.
        for k in 1..homes.len() {
            let j = rng.random_range(k as u32..homes.len() as u32) as usize;
            homes.swap(k, j);
        }
        let mut taken = Vec::with_capacity(count);
        let mut slots = Vec::with_capacity(count);
        for home in homes {
            let author = self.author_of(home, &taken, rng);
            taken.push(author);
            let also = if rng.random_bool(0.06) {
                let parent = self.orgs.orgs[home as usize]
                    .parents
                    .first()
                    .copied()
                    .filter(|&p| self.orgs.publishes(p));
                let other = institutions[rng.random_range(0..institutions.len() as u32) as usize];
                parent
                    .filter(|_| rng.random_bool(0.5))
                    .or(Some(other))
                    .filter(|&o| o != home)
            } else {
                None
            };
            slots.push(Slot {
                author,
                home,
                also,
                unmatched: rng.random_bool(0.02),
            });
        }
        slots
    }

    /// The authors of a large collaboration: most members of one consortium, each giving
    /// authors in proportion to its pool (and one at least), 100 to 1,000 in all; its own
    /// authors first, new ones when it has too few.
    fn large(&mut self, rng: &mut Pcg64Mcg) -> Vec<Slot> {
        let consortium = &self.consortia[rng.random_range(0..self.consortia.len() as u32) as usize];
        let members: Vec<u32> = consortium
            .iter()
            .copied()
            .filter(|_| rng.random_bool(0.85))
            .collect();
        let members = if members.len() < 2 {
            consortium.clone()
        } else {
            members
        };
        let want = (100f64.ln() + rng.random::<f64>() * 10f64.ln())
            .exp()
            .round() as usize;
        let sizes: Vec<usize> = members
            .iter()
            .map(|&i| self.authors_of[i as usize].len() + 1)
            .collect();
        let total: usize = sizes.iter().sum();
        let mut slots = Vec::with_capacity(want + members.len());
        for (&i, &size) in members.iter().zip(&sizes) {
            let count = (want * size / total).max(1);
            let pool = &self.authors_of[i as usize];
            let from = if pool.is_empty() {
                0
            } else {
                rng.random_range(0..pool.len() as u32) as usize
            };
            let own: Vec<u32> = (0..count.min(pool.len()))
                .map(|k| pool[(from + k) % pool.len()])
                .collect();
            let new: Vec<u32> = (own.len()..count).map(|_| self.new_author(i)).collect();
            for author in own.into_iter().chain(new) {
                self.written_by[i as usize].push(author);
                slots.push(Slot {
                    author,
                    home: i,
                    also: None,
                    unmatched: false,
                });
            }
        }
        slots
    }
}

/// Writes `works` OpenAlex work records as JSON Lines to `out`, counting per institution in
/// `tally` the works that name it and their citations.
pub(super) fn write_works<W: Write>(
    orgs: &Organisations,
    works: usize,
    out: &mut W,
    tally: &mut Tally,
) -> io::Result<WorkCounts> {
    let seed = orgs.seed;
    let mut drawing = Drawing::new(orgs, works);
    let dehydrated: Vec<Option<Box<RawValue>>> = (0..orgs.len() as u32)
        .map(|i| orgs.publishes(i).then(|| dehydrated(orgs, i)))
        .collect();
    let journals = journals();
    let years = Years::new();
    tally.works = vec![0; orgs.len()];
    tally.cited_by = vec![0; orgs.len()];
    let mut counts = WorkCounts::default();
    let mut names_on_work: Vec<u32> = Vec::new();

    for w in 0..works {
        let mut rng = rng_for(seed, Stream::Work, w as u64);
        let year = years.of(w, works);
        let large = year >= 1995 && rng.random_bool(1.0 / 2500.0);
        let slots = if large {
            drawing.large(&mut rng)
        } else {
            drawing.ordinary(year, &mut rng)
        };
        let mut entries: Vec<(Slot, Person)> = slots
            .into_iter()
            .map(|s| {
                let person = author(seed, s.author);
                (s, person)
            })
            .collect();
        if large {
            // Large collaborations list their authors alphabetically, by family name.
            entries.sort_by(|a, b| a.1.1.cmp(&b.1.1).then(a.0.author.cmp(&b.0.author)));
        }
        let slots: Vec<&Slot> = entries.iter().map(|(s, _)| s).collect();
        let lead = slots[0].home;
        let area = orgs.orgs[lead as usize].topic as usize;
        let topic_index = if large {
            LARGE_TOPICS[rng.random_range(0..LARGE_TOPICS.len() as u32) as usize]
        } else if rng.random_bool(0.6) {
            TOPIC_OF_AREA[area.min(TOPICS.len() - 1)] as usize
        } else {
            rng.random_range(0..WORK_TOPICS.len() as u32) as usize
        };
        let corresponding = if rng.random_bool(0.7) {
            0
        } else {
            slots.len() - 1
        };

        let mut authorships = Vec::with_capacity(slots.len());
        let mut countries_on_work: Vec<&'static str> = Vec::new();
        names_on_work.clear();
        for (k, (slot, (given, family, orcid))) in entries.iter().enumerate() {
            let affiliations: Vec<u32> = if slot.unmatched {
                Vec::new()
            } else {
                std::iter::once(slot.home).chain(slot.also).collect()
            };
            let mut countries: Vec<&'static str> = Vec::new();
            for &i in &affiliations {
                let code = orgs.country_of(i).code;
                if !countries.contains(&code) {
                    countries.push(code);
                }
                if !countries_on_work.contains(&code) {
                    countries_on_work.push(code);
                }
                if !names_on_work.contains(&i) {
                    names_on_work.push(i);
                }
            }
            let raw_strings: Vec<String> = std::iter::once(slot.home)
                .chain(slot.also)
                .map(|i| raw_affiliation(orgs, i, &mut rng))
                .collect();
            let affiliation_records = if slot.unmatched {
                raw_strings
                    .iter()
                    .map(|s| Affiliation {
                        raw_affiliation_string: s.clone(),
                        institution_ids: Vec::new(),
                    })
                    .collect()
            } else {
                raw_strings
                    .iter()
                    .zip(&affiliations)
                    .map(|(s, &i)| Affiliation {
                        raw_affiliation_string: s.clone(),
                        institution_ids: vec![institution_id(i)],
                    })
                    .collect()
            };
            let display = format!("{given} {family}");
            let raw_author_name = if rng.random_bool(0.2) {
                format!("{}. {family}", &given[..1])
            } else {
                display.clone()
            };
            authorships.push(Authorship {
                author_position: match k {
                    0 => "first",
                    k if k + 1 == slots.len() => "last",
                    _ => "middle",
                },
                author: Author {
                    id: author_id(slot.author),
                    display_name: display,
                    orcid: orcid.clone(),
                },
                institutions: affiliations
                    .iter()
                    .map(|&i| &**dehydrated[i as usize].as_ref().expect("publishes"))
                    .collect(),
                countries,
                is_corresponding: k == corresponding,
                raw_author_name,
                raw_affiliation_strings: raw_strings,
                affiliations: affiliation_records,
            });
        }

        let age = u32::from(LATEST_YEAR as u16 - year);
        let tail = (1.0 - rng.random::<f64>()).powf(-1.0 / 1.4) - 1.0;
        let mut cited = (f64::from(age.min(20) + 1) * 1.5 * tail) as u32;
        if large {
            cited *= 3;
        }
        let cited = cited.min(100_000);
        for &i in &names_on_work {
            tally.works[i as usize] += 1;
            tally.cited_by[i as usize] += u64::from(cited);
        }
        counts.works += 1;
        counts.authors = drawing.next_author as usize;
        counts.authorships += authorships.len();
        counts.most_authors = counts.most_authors.max(authorships.len());
        counts.large_collaborations += usize::from(large);
        counts.international += usize::from(countries_on_work.len() > 1);

        let city = &orgs.city_of(lead).name;
        let title = title(&mut rng, topic_index, city);
        let (kind, crossref) = match rng.random_range(0..100u32) {
            _ if large => ("article", "journal-article"),
            0..80 => ("article", "journal-article"),
            80..85 => ("book-chapter", "book-chapter"),
            85..89 => ("preprint", "posted-content"),
            89..93 => ("review", "journal-article"),
            93..95 => ("dataset", "dataset"),
            95..96 => ("dissertation", "dissertation"),
            96..97 => ("book", "book"),
            97..98 => ("letter", "journal-article"),
            98..99 => ("editorial", "journal-article"),
            _ => ("other", "other"),
        };
        let number = 2_000_000_000u64 + w as u64;
        let doi = format!("https://doi.org/10.5555/gen.{year}.{w}");
        let month = rng.random_range(1..=12u8);
        let day = rng.random_range(1..=28u8);
        let date = format!("{year:04}-{month:02}-{day:02}");
        let t = f64::from(year - FIRST_YEAR) / f64::from(LATEST_YEAR as u16 - FIRST_YEAR);
        let is_oa = rng.random_bool(0.2 + 0.4 * t);
        let oa_status = if !is_oa {
            "closed"
        } else {
            ["gold", "green", "hybrid", "bronze"][rng.random_range(0..4u32) as usize]
        };
        let license = matches!(oa_status, "gold" | "hybrid").then_some("cc-by");
        let life = matches!(WORK_TOPICS[topic_index].domain.0, 1 | 4);
        let pmid = (life && rng.random_bool(0.7))
            .then(|| format!("https://pubmed.ncbi.nlm.nih.gov/{}", 10_000_000 + w));
        let references = if w == 0 {
            Vec::new()
        } else {
            let mut targets: Vec<usize> = (0..rng.random_range(0..=20u32))
                .map(|_| {
                    let u = rng.random::<f64>();
                    ((w as f64 * (1.0 - u * u)) as usize).min(w - 1)
                })
                .collect();
            targets.sort_unstable();
            targets.dedup();
            targets
                .into_iter()
                .map(|r| format!("https://openalex.org/W{}", 2_000_000_000u64 + r as u64))
                .collect()
        };
        let first_page = rng.random_range(1..=900u32);
        let created = if year < 2016 {
            "2016-06-24".to_owned()
        } else {
            date.clone()
        };
        let corresponding_author = &authorships[corresponding];
        let corresponding_institutions: Vec<String> = if slots[corresponding].unmatched {
            Vec::new()
        } else {
            std::iter::once(slots[corresponding].home)
                .chain(slots[corresponding].also)
                .map(institution_id)
                .collect()
        };
        let work = Work {
            id: format!("https://openalex.org/W{number}"),
            doi: doi.clone(),
            title: &title,
            display_name: &title,
            publication_year: year,
            publication_date: &date,
            ids: WorkIds {
                openalex: format!("https://openalex.org/W{number}"),
                doi: doi.clone(),
                pmid,
            },
            language: "en",
            primary_location: Location {
                is_oa,
                landing_page_url: doi,
                pdf_url: None,
                source: &journals[topic_index * JOURNALS.len()
                    + rng.random_range(0..JOURNALS.len() as u32) as usize],
                license,
                version: "publishedVersion",
                is_accepted: true,
                is_published: true,
            },
            kind,
            type_crossref: crossref,
            indexed_in: &["crossref"],
            open_access: OpenAccess {
                is_oa,
                oa_status,
                oa_url: is_oa.then(|| format!("https://doi.org/10.5555/gen.{year}.{w}")),
                any_repository_has_fulltext: is_oa && oa_status == "green",
            },
            countries_distinct_count: countries_on_work.len(),
            institutions_distinct_count: names_on_work.len(),
            corresponding_author_ids: vec![corresponding_author.author.id.clone()],
            corresponding_institution_ids: corresponding_institutions,
            authorships,
            cited_by_count: cited,
            biblio: Biblio {
                volume: Some((year - 1980).to_string()),
                issue: Some(rng.random_range(1..=12u8).to_string()),
                first_page: Some(first_page.to_string()),
                last_page: Some((first_page + rng.random_range(4..=24u32)).to_string()),
            },
            is_retracted: rng.random_bool(0.0005),
            is_paratext: false,
            primary_topic: topic(topic_index, 0.9 + 0.0999 * rng.random::<f64>()),
            topics: [topic(topic_index, 0.9 + 0.0999 * rng.random::<f64>())],
            referenced_works_count: references.len(),
            referenced_works: references,
            updated_date: format!(
                "2025-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}",
                rng.random_range(1..=6u8),
                rng.random_range(1..=28u8),
                rng.random_range(0..24u8),
                rng.random_range(0..60u8),
                rng.random_range(0..60u8),
                rng.random_range(0..1_000_000u32)
            ),
            created_date: &created,
        };
        serde_json::to_writer(&mut *out, &work).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    }
    Ok(counts)
}

/// How an author wrote their affiliation: the institution's name, city and country, often
/// after a department.
fn raw_affiliation(orgs: &Organisations, i: u32, rng: &mut Pcg64Mcg) -> String {
    let name = &orgs.names[i as usize].display;
    let city = &orgs.city_of(i).name;
    let country = orgs.country_of(i).name;
    if rng.random_bool(0.4) {
        let area = title_case(TOPICS[orgs.orgs[i as usize].topic as usize].1);
        format!("Department of {area}, {name}, {city}, {country}")
    } else {
        format!("{name}, {city}, {country}")
    }
}

/// A work's title, about its topic and the place of its first institution.
fn title(rng: &mut Pcg64Mcg, topic: usize, place: &str) -> String {
    const ADJECTIVES: [&str; 10] = [
        "new",
        "comparative",
        "multiscale",
        "data-driven",
        "longitudinal",
        "systematic",
        "robust",
        "spatial",
        "experimental",
        "theoretical",
    ];
    const ASPECTS: [&str; 10] = [
        "dynamics",
        "assessment",
        "modelling",
        "role",
        "effects",
        "analysis",
        "variability",
        "mechanisms",
        "optimisation",
        "measurement",
    ];
    let name = WORK_TOPICS[topic].name;
    let lower = name[..1].to_lowercase() + &name[1..];
    let mut word = |list: &[&'static str; 10]| list[rng.random_range(0..10u32) as usize];
    let adjective = word(&ADJECTIVES);
    let aspect = word(&ASPECTS);
    let other = word(&ASPECTS);
    let text = match rng.random_range(0..5u32) {
        0 => format!("{adjective} {aspect} of {lower} in {place}"),
        1 => format!("{name}: evidence from {place}"),
        2 => format!("on the {aspect} of {lower}"),
        3 => format!("a {adjective} approach to {lower}"),
        _ => format!("{aspect} and {other} in {lower}: a {adjective} study"),
    };
    text[..1].to_uppercase() + &text[1..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_grow_and_span_1990_to_2025() {
        let years = Years::new();
        let n = 100_000;
        let mut per_year = vec![0u32; 36];
        for w in 0..n {
            per_year[(years.of(w, n) - FIRST_YEAR) as usize] += 1;
        }
        assert!(per_year[0] > 0 && per_year[35] > 0);
        assert!(
            per_year.windows(2).all(|p| p[1] + 2 >= p[0]),
            "{per_year:?}"
        );
        assert!(per_year[35] > 6 * per_year[0], "{per_year:?}");
    }

    #[test]
    fn issns_and_orcids_carry_their_check_characters() {
        // Real ones: Nature's ISSN and ORCID's documented example.
        assert_eq!(issn(28_083), "0028-0836");
        assert_eq!(mod_11_2("000000021825009"), '7');
        let (_, _, orcid) = (0..10)
            .map(|a| author(1, a))
            .find(|(_, _, orcid)| orcid.is_some())
            .unwrap();
        let orcid = orcid.unwrap();
        let digits: String = orcid[18..].chars().filter(|c| *c != '-').collect();
        assert_eq!(digits.len(), 16, "{orcid}");
        assert_eq!(mod_11_2(&digits[..15]), digits.chars().last().unwrap());
    }
}
