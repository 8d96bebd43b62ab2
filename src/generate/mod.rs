//! A generator of realistic seeds of any size, for benchmarks and demos.
//!
//! `collabgraph generate --institutions N --seed S` writes one seed file that passes `check`
//! and the seed JSON Schema. Its shape follows real collaboration networks:
//!
//! - institutions in up to 150 real countries, few countries holding many of them (Zipf-like),
//!   some part of an earlier institution of their country, with names in English and, where the
//!   country's language has one, in its own language and script, acronyms and aliases;
//! - five to fifteen people per institution (ten on average), the first its head, some with an
//!   earlier post elsewhere, every post dated;
//! - two agreements per institution, each between two to four parties picked by preferential
//!   attachment (an institution is picked in proportion to the agreements it already has, so a
//!   few hubs emerge), mostly within one country, some across borders; signed 1990-2025 by each
//!   party's head, with topics and activities;
//! - labs hosted by one to three institutions, some set up by an agreement;
//! - as many works as asked for (none unless asked), most written by people of the parties to
//!   one agreement, published from the year it was signed, so co-publication follows the
//!   agreements as it does in real networks; some of one institution alone, some with one
//!   institution from anywhere;
//! - a source for every fact: each institution's web page, each agreement's text, each lab's
//!   press release, and two editorial sources for topics and names.
//!
//! The output depends only on the options: the structure is drawn from one seeded generator in a
//! fixed order, and each record's details from a generator seeded with (seed, section, index),
//! so records can be written one at a time in any section order without holding the seed in
//! memory. The random generator is `rand_pcg`'s PCG-64 (MCG), whose output is specified and the
//! same on every platform; `rand` turns it into ranges and choices.
//!
//! `registries` writes, instead of a seed, what registries publish (ROR's records, OpenAlex's
//! institutions and works) at their scale, from the same countries, languages and names.

pub mod registries;

use std::io::{self, Write};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use crate::model::{
    Activity, ActivityKind, ActivityScope, Agreement, AgreementKind, AuthorPosition, Authorship,
    Citation, Count, CountQualifier, Event, EventKind, Facts, Founding, FuzzyDate, Id, Institution,
    InstitutionKind, Lab, LabHost, LabKind, LangTag, LocalizedName, OtherValues, PartialDate,
    Participant, Party, Person, Position, Rank, Ranking, RankingScope, SEED_FORMAT_VERSION,
    Signatory, SignatoryRole, Source, SourceKind, Sparse, Status, Text, Topic, Url, Work, WorkType,
    Year,
};

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How many institutions; everything else scales with it.
    pub institutions: u32,
    /// The random seed: the same options give the same bytes.
    pub seed: u64,
    /// How many works (publications); none by default.
    pub works: u32,
}

/// How many records of each kind a generated seed holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sources.
    pub sources: usize,
    /// Topics.
    pub topics: usize,
    /// Institutions.
    pub institutions: usize,
    /// People.
    pub people: usize,
    /// Labs.
    pub labs: usize,
    /// Agreements.
    pub agreements: usize,
    /// Events.
    pub events: usize,
    /// Works.
    pub works: usize,
}

/// Writes a generated seed as compact JSON to `out`, one record at a time.
pub fn write_seed<W: Write>(options: Options, out: W) -> io::Result<Counts> {
    let world = World::build(options);
    let mut w = SeedWriter::new(out)?;
    let counts = world.counts();
    w.section("sources", counts.sources, |i| world.source(i))?;
    w.section("topics", counts.topics, |i| world.topic(i))?;
    w.section("institutions", counts.institutions, |i| {
        world.institution(i)
    })?;
    w.section("people", counts.people, |i| world.person(i))?;
    w.section("labs", counts.labs, |i| world.lab(i))?;
    w.section("agreements", counts.agreements, |i| world.agreement(i))?;
    w.section("events", counts.events, |i| world.event(i))?;
    if counts.works > 0 {
        w.section("works", counts.works, |i| world.work(i))?;
    }
    w.finish()?;
    Ok(counts)
}

/// Writes `{"version":1,"section":[record,...],...}` without holding more than one record.
struct SeedWriter<W: Write> {
    out: io::BufWriter<W>,
}

impl<W: Write> SeedWriter<W> {
    fn new(out: W) -> io::Result<Self> {
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        write!(out, "{{\"version\":{SEED_FORMAT_VERSION}")?;
        Ok(SeedWriter { out })
    }

    fn section<T: Serialize>(
        &mut self,
        name: &str,
        len: usize,
        record: impl Fn(usize) -> T,
    ) -> io::Result<()> {
        write!(self.out, ",\n\"{name}\":[")?;
        for i in 0..len {
            self.out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.out, &record(i)).map_err(io::Error::from)?;
        }
        self.out.write_all(b"]")
    }

    fn finish(mut self) -> io::Result<()> {
        self.out.write_all(b"}\n")?;
        self.out.flush()
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/// Countries by weight (most institutions first) with the language their names are given in.
/// Weights fall as 1/rank, so a few countries hold most institutions, as in ROR.
const COUNTRIES: &str = "US:en CN:zh-Hans GB:en DE:de JP:ja FR:fr IN:hi IT:it CA:en KR:ko \
ES:es AU:en BR:pt RU:ru NL:nl CH:de SE:en PL:pl TR:tr TW:zh-Hant BE:fr IR:en MX:es AT:de DK:en \
NO:en FI:en IL:en PT:pt CZ:en GR:el IE:en ZA:en NZ:en AR:es SG:en MY:en TH:en EG:ar SA:ar \
PK:en HU:en RO:en CL:es CO:es UA:uk ID:en NG:en KZ:kk VN:en HK:zh-Hant BD:en PH:en SK:en \
SI:en HR:en RS:ru BG:ru LT:en LV:en EE:en BY:ru PE:es VE:es EC:es UY:es CU:es TN:ar MA:ar \
DZ:ar JO:ar LB:ar AE:ar QA:ar KW:ar OM:ar IQ:ar KE:en ET:en GH:en TZ:en UG:en CM:fr SN:fr \
CI:fr ZW:en ZM:en MZ:pt AO:pt LK:en NP:hi MM:en KH:en LA:en MN:ru UZ:ru KG:ru TJ:ru AZ:en \
GE:en AM:en CY:el MT:en LU:fr IS:en BA:en MK:en AL:en ME:en MD:ro BO:es PY:es CR:es PA:es \
GT:es HN:es SV:es NI:es DO:es JM:en TT:en BW:en NA:en RW:fr MW:en MG:fr MU:fr BJ:fr BF:fr \
ML:fr NE:fr TD:fr GA:fr CG:fr CD:fr SD:ar LY:ar SY:ar YE:ar AF:en BH:ar BN:en FJ:en PG:en \
MO:zh-Hant SM:it LI:de MC:fr AD:es BT:en";

/// Syllables of generated place and person names, in the scripts the generator writes:
/// Latin, Cyrillic, Greek, Arabic, Hangul, Han, Katakana, Devanagari.
const SYLLABLES: [[&str; 8]; 30] = [
    ["ka", "ка", "κα", "كا", "카", "卡", "カ", "का"],
    ["ra", "ра", "ρα", "را", "라", "拉", "ラ", "रा"],
    ["ma", "ма", "μα", "ما", "마", "马", "マ", "मा"],
    ["na", "на", "να", "نا", "나", "纳", "ナ", "ना"],
    ["ta", "та", "τα", "تا", "타", "塔", "タ", "टा"],
    ["sa", "са", "σα", "سا", "사", "萨", "サ", "सा"],
    ["la", "ла", "λα", "لا", "라", "兰", "ラ", "ला"],
    ["da", "да", "ντα", "دا", "다", "达", "ダ", "दा"],
    ["ba", "ба", "μπα", "با", "바", "巴", "バ", "बा"],
    ["ko", "ко", "κο", "كو", "코", "科", "コ", "को"],
    ["ro", "ро", "ρο", "رو", "로", "罗", "ロ", "रो"],
    ["mo", "мо", "μο", "مو", "모", "莫", "モ", "मो"],
    ["no", "но", "νο", "نو", "노", "诺", "ノ", "नो"],
    ["to", "то", "το", "تو", "토", "托", "ト", "टो"],
    ["so", "со", "σο", "سو", "소", "索", "ソ", "सो"],
    ["lo", "ло", "λο", "لو", "로", "洛", "ロ", "लो"],
    ["do", "до", "ντο", "دو", "도", "多", "ド", "दो"],
    ["bo", "бо", "μπο", "بو", "보", "博", "ボ", "बो"],
    ["ki", "ки", "κι", "كي", "키", "基", "キ", "की"],
    ["ri", "ри", "ρι", "ري", "리", "里", "リ", "री"],
    ["mi", "ми", "μι", "مي", "미", "米", "ミ", "मी"],
    ["ni", "ни", "νι", "ني", "니", "尼", "ニ", "नी"],
    ["ti", "ти", "τι", "تي", "티", "提", "ティ", "टी"],
    ["si", "си", "σι", "سي", "시", "西", "シ", "सी"],
    ["li", "ли", "λι", "لي", "리", "利", "リ", "ली"],
    ["di", "ди", "ντι", "دي", "디", "迪", "ディ", "डी"],
    ["be", "бе", "μπε", "بي", "베", "贝", "ベ", "बे"],
    ["ve", "ве", "βε", "في", "베", "维", "ヴェ", "वे"],
    ["ze", "зе", "ζε", "زي", "제", "泽", "ゼ", "ज़े"],
    ["gu", "гу", "γκου", "غو", "구", "古", "グ", "गु"],
];

/// A language's script (a column of `SYLLABLES`) and its names for a university, a research
/// institute and an academy of sciences (`{}` is the place).
struct Language {
    tag: &'static str,
    script: usize,
    templates: [&'static str; 3],
}

const LANGUAGES: [Language; 19] = [
    Language {
        tag: "en",
        script: 0,
        templates: ["", "", ""],
    },
    Language {
        tag: "de",
        script: 0,
        templates: [
            "Universität {}",
            "Forschungsinstitut {}",
            "Akademie der Wissenschaften {}",
        ],
    },
    Language {
        tag: "fr",
        script: 0,
        templates: [
            "Université de {}",
            "Institut de recherche de {}",
            "Académie des sciences de {}",
        ],
    },
    Language {
        tag: "es",
        script: 0,
        templates: [
            "Universidad de {}",
            "Instituto de Investigación de {}",
            "Academia de Ciencias de {}",
        ],
    },
    Language {
        tag: "pt",
        script: 0,
        templates: [
            "Universidade de {}",
            "Instituto de Pesquisa de {}",
            "Academia de Ciências de {}",
        ],
    },
    Language {
        tag: "it",
        script: 0,
        templates: [
            "Università di {}",
            "Istituto di Ricerca di {}",
            "Accademia delle Scienze di {}",
        ],
    },
    Language {
        tag: "nl",
        script: 0,
        templates: [
            "Universiteit {}",
            "Onderzoeksinstituut {}",
            "Akademie van Wetenschappen {}",
        ],
    },
    Language {
        tag: "pl",
        script: 0,
        templates: ["Uniwersytet {}", "Instytut Badawczy {}", "Akademia Nauk {}"],
    },
    Language {
        tag: "tr",
        script: 0,
        templates: [
            "{} Üniversitesi",
            "{} Araştırma Enstitüsü",
            "{} Bilimler Akademisi",
        ],
    },
    Language {
        tag: "ro",
        script: 0,
        templates: [
            "Universitatea {}",
            "Institutul de Cercetare {}",
            "Academia de Științe {}",
        ],
    },
    Language {
        tag: "ru",
        script: 1,
        templates: [
            "Университет {}",
            "Научно-исследовательский институт {}",
            "Академия наук {}",
        ],
    },
    Language {
        tag: "uk",
        script: 1,
        templates: [
            "Університет {}",
            "Науково-дослідний інститут {}",
            "Академія наук {}",
        ],
    },
    Language {
        tag: "kk",
        script: 1,
        templates: [
            "{} университеті",
            "{} ғылыми-зерттеу институты",
            "{} ғылым академиясы",
        ],
    },
    Language {
        tag: "el",
        script: 2,
        templates: [
            "Πανεπιστήμιο {}",
            "Ερευνητικό Ινστιτούτο {}",
            "Ακαδημία Επιστημών {}",
        ],
    },
    Language {
        tag: "ar",
        script: 3,
        templates: ["جامعة {}", "معهد {} للبحوث", "أكاديمية {} للعلوم"],
    },
    Language {
        tag: "ko",
        script: 4,
        templates: ["{}대학교", "{}연구소", "{}과학원"],
    },
    Language {
        tag: "zh-Hans",
        script: 5,
        templates: ["{}大学", "{}研究所", "{}科学院"],
    },
    Language {
        tag: "zh-Hant",
        script: 5,
        templates: ["{}大學", "{}研究所", "{}科學院"],
    },
    Language {
        tag: "ja",
        script: 6,
        templates: ["{}大学", "{}研究所", "{}学術院"],
    },
];

/// Hindi uses Devanagari, the last column of `SYLLABLES`.
const HINDI: Language = Language {
    tag: "hi",
    script: 7,
    templates: ["{} विश्वविद्यालय", "{} अनुसंधान संस्थान", "{} विज्ञान अकादमी"],
};

fn language(tag: &str) -> &'static Language {
    if tag == HINDI.tag {
        return &HINDI;
    }
    LANGUAGES
        .iter()
        .find(|l| l.tag == tag)
        .expect("every country's language is in LANGUAGES")
}

/// Research areas: (id, English name, broader topic's id or "").
const TOPICS: [(&str, &str, &str); 40] = [
    ("natural-sciences", "Natural sciences", ""),
    ("physics", "Physics", "natural-sciences"),
    ("chemistry", "Chemistry", "natural-sciences"),
    ("biology", "Biology", "natural-sciences"),
    ("earth-sciences", "Earth sciences", "natural-sciences"),
    ("mathematics", "Mathematics", "natural-sciences"),
    ("astronomy", "Astronomy", "physics"),
    ("materials-science", "Materials science", "physics"),
    ("genetics", "Genetics", "biology"),
    ("ecology", "Ecology", "biology"),
    ("geology", "Geology", "earth-sciences"),
    ("climate-change", "Climate change", "earth-sciences"),
    (
        "remote-sensing",
        "Remote sensing of the Earth",
        "earth-sciences",
    ),
    ("engineering", "Engineering and technology", ""),
    ("computer-science", "Computer science", "engineering"),
    (
        "artificial-intelligence",
        "Artificial intelligence",
        "computer-science",
    ),
    ("data-science", "Data science", "computer-science"),
    (
        "petroleum-engineering",
        "Petroleum engineering",
        "engineering",
    ),
    ("energy", "Energy", "engineering"),
    ("renewable-energy", "Renewable energy", "energy"),
    ("civil-engineering", "Civil engineering", "engineering"),
    ("robotics", "Robotics", "engineering"),
    ("medicine", "Medicine and health", ""),
    ("public-health", "Public health", "medicine"),
    ("oncology", "Oncology", "medicine"),
    ("biotechnology", "Biotechnology", "medicine"),
    ("pharmacology", "Pharmacology", "medicine"),
    ("agriculture", "Agricultural sciences", ""),
    ("food-security", "Food security", "agriculture"),
    ("water-resources", "Water resources", "agriculture"),
    ("social-sciences", "Social sciences", ""),
    ("economics", "Economics", "social-sciences"),
    ("education", "Education", "social-sciences"),
    ("law", "Law", "social-sciences"),
    ("humanities", "Humanities", ""),
    ("history", "History", "humanities"),
    ("linguistics", "Linguistics", "humanities"),
    ("philosophy", "Philosophy", "humanities"),
    ("oriental-studies", "Oriental studies", "humanities"),
    ("cultural-heritage", "Cultural heritage", "humanities"),
];

const STAFF_TITLES: [&str; 7] = [
    "Professor",
    "Associate Professor",
    "Senior Researcher",
    "Researcher",
    "Dean",
    "Head of Laboratory",
    "Lecturer",
];

const LATEST_YEAR: u32 = 2025;
const EARLIEST_YEAR: u32 = 1990;

// ---------------------------------------------------------------------------------------------
// The structure: drawn once, in a fixed order, from one generator
// ---------------------------------------------------------------------------------------------

/// Which of the per-record generators a record's details come from.
#[derive(Clone, Copy)]
enum Stream {
    Institution = 1,
    Person,
    Lab,
    Agreement,
    Work,
}

struct Country {
    code: &'static str,
    language: &'static Language,
}

/// The seed's structure: who is where, who is party to what. Details (names, dates, titles)
/// are drawn per record when it is written.
struct World {
    seed: u64,
    works: u32,
    countries: Vec<Country>,
    /// Per institution.
    country_of: Vec<u16>,
    kind_of: Vec<InstitutionKind>,
    parent_of: Vec<Option<u32>>,
    founded: Vec<u16>,
    /// People of institution i are `people_start[i]..people_start[i + 1]`.
    people_start: Vec<u32>,
    /// Institution of each person.
    person_home: Vec<u32>,
    /// Parties of agreement a are `parties[party_start[a]..party_start[a + 1]]`.
    party_start: Vec<u32>,
    parties: Vec<u32>,
    /// Signing date of each agreement, as (year, month, day).
    signed: Vec<(u16, u8, u8)>,
    /// The lab each agreement sets up, if any.
    establishes: Vec<Option<u32>>,
    /// Hosts of lab l are `hosts[host_start[l]..host_start[l + 1]]`.
    host_start: Vec<u32>,
    hosts: Vec<u32>,
    /// The agreement that set the lab up, if any.
    lab_agreement: Vec<Option<u32>>,
    /// Agreements with a signing ceremony, by event.
    event_agreement: Vec<u32>,
    /// World ranking place of the institutions with the most agreements.
    rank_of: Vec<Option<u32>>,
}

fn rng_for(seed: u64, stream: Stream, index: usize) -> Pcg64Mcg {
    // seed_from_u64 scrambles its argument, so a simple injective mix is enough here.
    Pcg64Mcg::seed_from_u64(
        seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ ((stream as u64) << 56) ^ index as u64,
    )
}

impl World {
    fn build(options: Options) -> World {
        let n = options.institutions as usize;
        let mut rng = Pcg64Mcg::seed_from_u64(options.seed);
        let countries: Vec<Country> = COUNTRIES
            .split_whitespace()
            .map(|entry| {
                let (code, tag) = entry.split_once(':').expect("CODE:lang");
                Country {
                    code,
                    language: language(tag),
                }
            })
            .collect();
        // Cumulative weights, 1/rank.
        let mut cumulative = Vec::with_capacity(countries.len());
        let mut total = 0.0f64;
        for rank in 1..=countries.len() {
            total += 1.0 / rank as f64;
            cumulative.push(total);
        }

        let mut country_of = Vec::with_capacity(n);
        let mut kind_of = Vec::with_capacity(n);
        let mut parent_of = Vec::with_capacity(n);
        let mut founded = Vec::with_capacity(n);
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); countries.len()];
        for i in 0..n {
            // Every country gets one before any gets a second, so large seeds span them all.
            let country = if i < countries.len() {
                i
            } else {
                let x = rng.random::<f64>() * total;
                cumulative
                    .partition_point(|&c| c < x)
                    .min(countries.len() - 1)
            };
            let roll = rng.random_range(0..100u32);
            let mut kind = match roll {
                0..60 => InstitutionKind::University,
                60..85 => InstitutionKind::ResearchInstitute,
                85..88 => InstitutionKind::Academy,
                88..95 => InstitutionKind::Company,
                95..98 => InstitutionKind::Government,
                _ => InstitutionKind::Other,
            };
            // About one in five is part of an earlier institution of its country.
            let earlier = &members[country];
            let parent = if !earlier.is_empty() && rng.random_bool(0.2) {
                kind = InstitutionKind::ResearchInstitute;
                Some(earlier[rng.random_range(0..earlier.len() as u32) as usize])
            } else {
                None
            };
            country_of.push(country as u16);
            kind_of.push(kind);
            parent_of.push(parent);
            founded.push(rng.random_range(1800..=2020u16));
            members[country].push(i as u32);
        }

        let mut people_start = Vec::with_capacity(n + 1);
        let mut person_home = Vec::with_capacity(n * 10);
        for i in 0..n {
            people_start.push(person_home.len() as u32);
            let staff = rng.random_range(5..=15u32);
            person_home.extend(std::iter::repeat_n(i as u32, staff as usize));
        }
        people_start.push(person_home.len() as u32);

        // Agreements by preferential attachment: a party is drawn from the list of earlier
        // party slots (so in proportion to its agreements so far) or, less often, uniformly;
        // from its own country mostly, from anywhere sometimes.
        let agreement_count = if n >= 2 { 2 * n } else { 0 };
        let mut slots_in: Vec<Vec<u32>> = vec![Vec::new(); countries.len()];
        let mut slots_all: Vec<u32> = Vec::new();
        let mut party_start = Vec::with_capacity(agreement_count + 1);
        let mut parties = Vec::with_capacity(agreement_count * 3);
        let mut signed = Vec::with_capacity(agreement_count);
        for a in 0..agreement_count {
            party_start.push(parties.len() as u32);
            let first = (a / 2) as u32;
            let want = match rng.random_range(0..10u32) {
                0..7 => 2,
                7..9 => 3,
                _ => 4,
            };
            let home = country_of[first as usize] as usize;
            let mut chosen = vec![first];
            let mut tries = 0;
            while chosen.len() < want && tries < 20 {
                tries += 1;
                let domestic = members[home].len() > 1 && rng.random_bool(0.8);
                let (pool, slots) = if domestic {
                    (&members[home][..], &slots_in[home][..])
                } else {
                    (&[][..], &slots_all[..])
                };
                let attach = !slots.is_empty() && rng.random_bool(0.7);
                let pick = if attach {
                    slots[rng.random_range(0..slots.len() as u32) as usize]
                } else if domestic {
                    pool[rng.random_range(0..pool.len() as u32) as usize]
                } else {
                    rng.random_range(0..n as u32)
                };
                if !chosen.contains(&pick) {
                    chosen.push(pick);
                }
            }
            if chosen.len() < 2 {
                // A country of one, and no luck abroad: take the next institution.
                chosen.push((first + 1) % n as u32);
            }
            for &p in &chosen {
                slots_in[country_of[p as usize] as usize].push(p);
                slots_all.push(p);
            }
            parties.extend(chosen);
            let year = rng.random_range(EARLIEST_YEAR..=LATEST_YEAR) as u16;
            let month = rng.random_range(1..=12u8);
            let day = rng.random_range(1..=28u8);
            signed.push((year, month, day));
        }
        party_start.push(parties.len() as u32);

        // Labs: some agreements set one up, hosted by some of their parties; some institutions
        // run one of their own.
        let mut host_start = Vec::new();
        let mut hosts = Vec::new();
        let mut lab_agreement = Vec::new();
        let mut establishes = vec![None; agreement_count];
        for (a, lab) in establishes.iter_mut().enumerate() {
            if rng.random_bool(0.12) {
                let own = &parties[party_start[a] as usize..party_start[a + 1] as usize];
                let count = rng.random_range(1..=own.len().min(3) as u32) as usize;
                *lab = Some(lab_agreement.len() as u32);
                host_start.push(hosts.len() as u32);
                hosts.extend_from_slice(&own[..count]);
                lab_agreement.push(Some(a as u32));
            }
        }
        for i in 0..n {
            if rng.random_bool(0.1) {
                host_start.push(hosts.len() as u32);
                hosts.push(i as u32);
                lab_agreement.push(None);
            }
        }
        host_start.push(hosts.len() as u32);

        let event_agreement: Vec<u32> = (0..agreement_count as u32)
            .filter(|_| rng.random_bool(0.1))
            .collect();

        // The institutions with the most agreements get a world ranking.
        let mut degree = vec![0u32; n];
        for &p in &parties {
            degree[p as usize] += 1;
        }
        let mut by_degree: Vec<u32> = (0..n as u32).collect();
        by_degree.sort_by_key(|&i| (std::cmp::Reverse(degree[i as usize]), i));
        let mut rank_of = vec![None; n];
        for (place, &i) in by_degree.iter().take(n.min(500) / 2).enumerate() {
            rank_of[i as usize] = Some(place as u32 + 1);
        }

        World {
            seed: options.seed,
            works: options.works,
            countries,
            country_of,
            kind_of,
            parent_of,
            founded,
            people_start,
            person_home,
            party_start,
            parties,
            signed,
            establishes,
            host_start,
            hosts,
            lab_agreement,
            event_agreement,
            rank_of,
        }
    }

    fn counts(&self) -> Counts {
        let institutions = self.country_of.len();
        let agreements = self.signed.len();
        let labs = self.lab_agreement.len();
        Counts {
            sources: 2 + institutions + agreements + labs + usize::from(self.works > 0),
            topics: TOPICS.len(),
            institutions,
            people: self.person_home.len(),
            labs,
            agreements,
            events: self.event_agreement.len(),
            works: if agreements == 0 {
                0
            } else {
                self.works as usize
            },
        }
    }

    fn parties_of(&self, agreement: usize) -> &[u32] {
        &self.parties
            [self.party_start[agreement] as usize..self.party_start[agreement + 1] as usize]
    }

    fn hosts_of(&self, lab: usize) -> &[u32] {
        &self.hosts[self.host_start[lab] as usize..self.host_start[lab + 1] as usize]
    }

    fn head_of(&self, institution: u32) -> usize {
        self.people_start[institution as usize] as usize
    }

    fn country(&self, institution: u32) -> &Country {
        &self.countries[self.country_of[institution as usize] as usize]
    }

    // -- ids ----------------------------------------------------------------------------------

    fn institution_id(i: u32) -> Id {
        id(format!("ins-{i}"))
    }

    fn person_id(p: usize) -> Id {
        id(format!("per-{p}"))
    }

    fn agreement_id(a: usize) -> Id {
        id(format!("agr-{a}"))
    }

    fn lab_id(l: usize) -> Id {
        id(format!("lab-{l}"))
    }

    fn web_source(i: u32) -> Id {
        id(format!("web-ins-{i}"))
    }

    fn text_source(a: usize) -> Id {
        id(format!("txt-agr-{a}"))
    }

    fn news_source(l: usize) -> Id {
        id(format!("news-lab-{l}"))
    }

    // -- names --------------------------------------------------------------------------------

    /// The syllables of institution i's place name.
    fn place(&self, i: u32) -> Vec<usize> {
        let mut rng = rng_for(self.seed, Stream::Institution, i as usize);
        syllables(&mut rng, 2, 3)
    }

    fn institution_name(&self, i: u32) -> String {
        let place = spell(&self.place(i), 0);
        match self.kind_of[i as usize] {
            InstitutionKind::University if i.is_multiple_of(3) => {
                format!("{place} State University")
            }
            InstitutionKind::University => format!("University of {place}"),
            InstitutionKind::ResearchInstitute if i.is_multiple_of(2) => {
                format!("{place} Institute of Technology")
            }
            InstitutionKind::ResearchInstitute => format!("{place} Research Institute"),
            InstitutionKind::Academy => format!("{place} Academy of Sciences"),
            InstitutionKind::Company => format!("{place} Technologies"),
            InstitutionKind::Government => format!("{place} Ministry of Science"),
            InstitutionKind::Other => format!("{place} Science Foundation"),
        }
    }

    // -- records ------------------------------------------------------------------------------

    fn source(&self, index: usize) -> Source {
        let institutions = self.country_of.len();
        let agreements = self.signed.len();
        let plain = |id_: Id, title: String, kind, language: &str| Source {
            id: id_,
            title: text(title),
            kind,
            publisher: None,
            publisher_institution: None,
            date: None,
            url: None,
            language: lang(language),
            note: None,
            text: None,
        };
        match index {
            0 => Source {
                note: Some(text("Generated by `collabgraph generate`; not real data.".into())),
                ..plain(
                    id("gen-editorial".into()),
                    "Names in other languages and scripts, and research areas, added by the generator"
                        .into(),
                    SourceKind::Editorial,
                    "en",
                )
            },
            1 => plain(
                id("gen-topics".into()),
                "A classification of research areas".into(),
                SourceKind::Dataset,
                "en",
            ),
            i if i < 2 + institutions => {
                let inst = (i - 2) as u32;
                let name = self.institution_name(inst);
                Source {
                    publisher: Some(text(name.clone())),
                    publisher_institution: Some(Self::institution_id(inst)),
                    date: Some(date_of(LATEST_YEAR as u16, 1 + (inst % 12) as u8, 1)),
                    url: Some(url(format!("https://ins-{inst}.example.org/about"))),
                    ..plain(
                        Self::web_source(inst),
                        format!("About {name}"),
                        SourceKind::WebPage,
                        self.country(inst).language.tag,
                    )
                }
            }
            i if i < 2 + institutions + agreements => {
                let a = i - 2 - institutions;
                let first = self.parties_of(a)[0];
                let (y, m, d) = self.signed[a];
                Source {
                    publisher: Some(text(self.institution_name(first))),
                    publisher_institution: Some(Self::institution_id(first)),
                    date: Some(date_of(y, m, d)),
                    ..plain(
                        Self::text_source(a),
                        format!("Text of agreement {}", Self::agreement_id(a)),
                        SourceKind::AgreementText,
                        "en",
                    )
                }
            }
            i if i == 2 + institutions + agreements + self.lab_agreement.len() => plain(
                id("gen-works".into()),
                "A bibliographic database of the works".into(),
                SourceKind::Dataset,
                "en",
            ),
            i => {
                let l = i - 2 - institutions - agreements;
                let first = self.hosts_of(l)[0];
                Source {
                    publisher: Some(text(self.institution_name(first))),
                    publisher_institution: Some(Self::institution_id(first)),
                    url: Some(url(format!("https://ins-{first}.example.org/news/lab-{l}"))),
                    ..plain(
                        Self::news_source(l),
                        format!("{} opens {}", self.institution_name(first), self.lab_name(l)),
                        SourceKind::PressRelease,
                        "en",
                    )
                }
            }
        }
    }

    fn topic(&self, index: usize) -> Topic {
        let (slug, name, broader) = TOPICS[index];
        Topic {
            id: id(slug.into()),
            name: text(name.into()),
            names: Vec::new(),
            broader: (!broader.is_empty()).then(|| id(broader.into())),
            sources: vec![Citation::of(id("gen-topics".into()))],
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    fn institution(&self, index: usize) -> Institution {
        let i = index as u32;
        let mut rng = rng_for(self.seed, Stream::Institution, index);
        let place = syllables(&mut rng, 2, 3);
        let name = self.institution_name(i);
        let web = vec![Citation::of(Self::web_source(i))];
        let language = self.country(i).language;
        let kind = self.kind_of[index];
        let template = match kind {
            InstitutionKind::University => Some(0),
            InstitutionKind::ResearchInstitute => Some(1),
            InstitutionKind::Academy => Some(2),
            _ => None,
        };
        let mut names = Vec::new();
        if let Some(t) = template
            && language.tag != "en"
        {
            names.push(LocalizedName {
                value: text(language.templates[t].replace("{}", &spell(&place, language.script))),
                lang: lang(language.tag),
                sources: vec![
                    Citation::of(id("gen-editorial".into())),
                    Citation::of(Self::web_source(i)),
                ],
            });
        }
        let acronym: String = name
            .split(' ')
            .map(|w| match w {
                "of" => 'o',
                _ => w.chars().next().unwrap_or('X').to_ascii_uppercase(),
            })
            .collect();
        let mut aliases = Vec::new();
        if rng.random_bool(0.3) {
            aliases.push(text(format!("{} Polytechnic", spell(&place, 0))));
        }
        let rankings = self.rank_of[index]
            .map(|rank| Ranking {
                system: text("Generated World University Ranking".into()),
                edition: Some(Year::new(LATEST_YEAR.into()).expect("a year")),
                rank,
                scope: RankingScope::World,
                sources: web.clone(),
            })
            .into_iter()
            .collect();
        let counts = if kind == InstitutionKind::University {
            vec![Count {
                metric: id("students".into()),
                value: rng.random_range(500..60_000u64),
                qualifier: CountQualifier::About,
                period_years: None,
                as_of: Some(date_of(LATEST_YEAR as u16, 1, 1)),
                note: None,
                rank: Rank::Normal,
                rank_reason: None,
                sources: web.clone(),
            }]
        } else {
            Vec::new()
        };
        Institution {
            id: Self::institution_id(i),
            name: text(name),
            names,
            acronyms: vec![text(acronym)],
            aliases,
            kind,
            country: crate::model::CountryCode::parse(self.country(i).code)
                .expect("COUNTRIES holds ISO codes"),
            parent: self.parent_of[index].map(Self::institution_id),
            founded: Some(Founding {
                year: Year::new(self.founded[index].into()).expect("a year"),
                note: None,
                sources: web.clone(),
            }),
            rankings,
            counts,
            status: Default::default(),
            external_ids: Sparse::default(),
            locations: Sparse::default(),
            types: Sparse::default(),
            links: Sparse::default(),
            domains: Sparse::default(),
            relationships: Sparse::default(),
            sources: web,
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    fn person(&self, index: usize) -> Person {
        let mut rng = rng_for(self.seed, Stream::Person, index);
        let home = self.person_home[index];
        let head = self.head_of(home) == index;
        let given = syllables(&mut rng, 2, 2);
        let family = syllables(&mut rng, 2, 3);
        let language = self.country(home).language;
        let name = format!("{} {}", spell(&given, 0), spell(&family, 0));
        let names = if language.script == 0 {
            Vec::new()
        } else if (5..=6).contains(&language.script) || language.script == 4 {
            // Han, Katakana and Hangul put the family name first, without a space.
            vec![LocalizedName {
                value: text(format!(
                    "{}{}",
                    spell(&family, language.script),
                    spell(&given, language.script)
                )),
                lang: lang(language.tag),
                sources: vec![Citation::of(Self::web_source(home))],
            }]
        } else {
            vec![LocalizedName {
                value: text(format!(
                    "{} {}",
                    spell(&given, language.script),
                    spell(&family, language.script)
                )),
                lang: lang(language.tag),
                sources: vec![Citation::of(Self::web_source(home))],
            }]
        };
        let title = if head {
            match self.kind_of[home as usize] {
                InstitutionKind::University => "Rector",
                InstitutionKind::ResearchInstitute => "Director",
                _ => "President",
            }
        } else {
            STAFF_TITLES[rng.random_range(0..STAFF_TITLES.len() as u32) as usize]
        };
        let since = rng.random_range(EARLIEST_YEAR..=LATEST_YEAR);
        let mut positions = Vec::with_capacity(2);
        let n = self.country_of.len() as u32;
        if since > EARLIEST_YEAR + 2 && n > 1 && rng.random_bool(0.2) {
            let mut elsewhere = rng.random_range(0..n);
            if elsewhere == home {
                elsewhere = (elsewhere + 1) % n;
            }
            let start = rng.random_range(EARLIEST_YEAR..since);
            positions.push(Position {
                title: text(STAFF_TITLES[rng.random_range(0..4u32) as usize].into()),
                institution: Self::institution_id(elsewhere),
                from: Some(date_of(start as u16, 0, 0)),
                to: Some(date_of(since as u16, 0, 0)),
                as_of: None,
                sources: vec![Citation::of(Self::web_source(home))],
            });
        }
        positions.push(Position {
            title: text(title.into()),
            institution: Self::institution_id(home),
            from: Some(date_of(since as u16, rng.random_range(1..=12u8), 0)),
            to: None,
            as_of: None,
            sources: vec![Citation::of(Self::web_source(home))],
        });
        Person {
            id: Self::person_id(index),
            name: text(name),
            names,
            positions,
            met: Sparse::default(),
            external_ids: Sparse::default(),
            sources: vec![Citation::of(Self::web_source(home))],
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    fn lab_name(&self, l: usize) -> String {
        let mut rng = rng_for(self.seed, Stream::Lab, l);
        let topic = TOPICS[rng.random_range(0..TOPICS.len() as u32) as usize].1;
        match self.lab_agreement[l] {
            Some(_) => format!("Joint Centre for {topic} No. {l}"),
            None => format!(
                "{} Laboratory of {topic}",
                spell(&self.place(self.hosts_of(l)[0]), 0)
            ),
        }
    }

    fn lab(&self, l: usize) -> Lab {
        let mut rng = rng_for(self.seed, Stream::Lab, l);
        let first_topic = rng.random_range(0..TOPICS.len() as u32) as usize;
        let news = vec![Citation::of(Self::news_source(l))];
        let mut focus = vec![id(TOPICS[first_topic].0.into())];
        let second = rng.random_range(0..TOPICS.len() as u32) as usize;
        if second != first_topic && rng.random_bool(0.5) {
            focus.push(id(TOPICS[second].0.into()));
        }
        let (status, opened) = match self.lab_agreement[l] {
            Some(a) => {
                let (y, m, _) = self.signed[a as usize];
                let status = if y as u32 == LATEST_YEAR {
                    Status::Planned
                } else {
                    Status::Active
                };
                (status, date_of(y, m, 0))
            }
            None => (
                Status::Active,
                date_of(rng.random_range(EARLIEST_YEAR..=LATEST_YEAR) as u16, 0, 0),
            ),
        };
        Lab {
            id: Self::lab_id(l),
            name: text(self.lab_name(l)),
            names: Vec::new(),
            kind: if self.lab_agreement[l].is_some() {
                LabKind::Centre
            } else {
                LabKind::Laboratory
            },
            status,
            hosts: self
                .hosts_of(l)
                .iter()
                .map(|&h| LabHost {
                    institution: Self::institution_id(h),
                    note: None,
                    sources: news.clone(),
                })
                .collect(),
            focus,
            strengthens: Sparse::default(),
            description: None,
            opened: Some(FuzzyDate::Exact(opened)),
            sources: news,
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    fn agreement(&self, a: usize) -> Agreement {
        let mut rng = rng_for(self.seed, Stream::Agreement, a);
        let parties = self.parties_of(a);
        let txt = vec![Citation::of(Self::text_source(a))];
        let (y, m, d) = self.signed[a];
        let kind = match rng.random_range(0..10u32) {
            0..6 => AgreementKind::Memorandum,
            6..8 => AgreementKind::CooperationAgreement,
            8 => AgreementKind::ProgrammeAgreement,
            _ => AgreementKind::Other,
        };
        let label = match kind {
            AgreementKind::Memorandum => "Memorandum of understanding",
            AgreementKind::CooperationAgreement => "Cooperation agreement",
            AgreementKind::ProgrammeAgreement => "Double-degree programme agreement",
            AgreementKind::Other => "Agreement",
        };
        let ends = rng.random_bool(0.6).then_some(y as u32 + 5);
        let status = match ends {
            Some(end) if end < LATEST_YEAR => Status::Ended,
            _ if y as u32 == LATEST_YEAR && rng.random_bool(0.3) => Status::Planned,
            _ => Status::Active,
        };
        let mut topics: Vec<Id> = Vec::new();
        for _ in 0..rng.random_range(1..=3u32) {
            let topic = id(TOPICS[rng.random_range(0..TOPICS.len() as u32) as usize]
                .0
                .into());
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        const KINDS: [ActivityKind; 7] = [
            ActivityKind::StudentExchange,
            ActivityKind::StaffExchange,
            ActivityKind::PublicationExchange,
            ActivityKind::JointConferences,
            ActivityKind::JointResearch,
            ActivityKind::DoubleDegree,
            ActivityKind::SpecialistTraining,
        ];
        let mut activities: Vec<Activity> = Vec::new();
        for _ in 0..rng.random_range(1..=3u32) {
            let kind = KINDS[rng.random_range(0..KINDS.len() as u32) as usize];
            if activities.iter().all(|x| x.kind != kind) {
                activities.push(Activity {
                    kind,
                    description: None,
                    scope: ActivityScope::Specific,
                    lab: None,
                    topics: vec![topics[0].clone()],
                    sources: txt.clone(),
                });
            }
        }
        let establishes: Vec<Id> = self.establishes[a]
            .map(|l| Self::lab_id(l as usize))
            .into_iter()
            .collect();
        if let Some(lab) = establishes.first() {
            activities.push(Activity {
                kind: ActivityKind::JointLab,
                description: None,
                scope: ActivityScope::Specific,
                lab: Some(lab.clone()),
                topics: Vec::new(),
                sources: txt.clone(),
            });
        }
        let first_name = self.institution_name(parties[0]);
        let title = match parties.len() {
            2 => format!(
                "{label} between {first_name} and {}",
                self.institution_name(parties[1])
            ),
            n => format!("{label} between {first_name} and {} partners", n - 1),
        };
        Agreement {
            id: Self::agreement_id(a),
            title: text(title),
            kind,
            description: None,
            status,
            signed: Some(FuzzyDate::Exact(date_of(y, m, d))),
            valid_from: Some(date_of(y, m, d)),
            valid_to: ends.map(|end| date_of(end as u16, 0, 0)),
            parties: parties
                .iter()
                .map(|&p| Party {
                    institution: Self::institution_id(p),
                    sources: txt.clone(),
                })
                .collect(),
            signatories: parties
                .iter()
                .map(|&p| Signatory {
                    person: Self::person_id(self.head_of(p)),
                    on_behalf_of: Self::institution_id(p),
                    role: SignatoryRole::Signed,
                    sources: txt.clone(),
                })
                .collect(),
            topics,
            activities,
            establishes,
            sources: txt,
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    fn event(&self, e: usize) -> Event {
        let a = self.event_agreement[e] as usize;
        let parties = self.parties_of(a);
        let (y, m, d) = self.signed[a];
        let txt = vec![Citation::of(Self::text_source(a))];
        Event {
            id: id(format!("evt-{e}")),
            name: text(format!("Signing of {}", Self::agreement_id(a))),
            kind: EventKind::Signing,
            date: Some(FuzzyDate::Exact(date_of(y, m, d))),
            country: Some(
                crate::model::CountryCode::parse(self.country(parties[0]).code)
                    .expect("COUNTRIES holds ISO codes"),
            ),
            participants: parties
                .iter()
                .map(|&p| Participant {
                    person: Self::person_id(self.head_of(p)),
                    role: Some(text("signatory".into())),
                    sources: txt.clone(),
                })
                .collect(),
            agreements: vec![Self::agreement_id(a)],
            sources: txt,
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }

    /// Work `w`: written by people of some parties to one agreement (picked uniformly, so an
    /// institution is picked in proportion to its agreements), published from the year it
    /// was signed; a few alone, a few with an institution from anywhere.
    fn work(&self, w: usize) -> Work {
        let mut rng = rng_for(self.seed, Stream::Work, w);
        let a = rng.random_range(0..self.signed.len() as u32) as usize;
        let parties = self.parties_of(a);
        let mut institutions: Vec<u32> = parties.to_vec();
        // Drawn without repeats, so the first few are a random subset.
        for i in 0..institutions.len() {
            let j = rng.random_range(i as u32..institutions.len() as u32) as usize;
            institutions.swap(i, j);
        }
        let together = if rng.random_bool(0.7) {
            rng.random_range(2..=institutions.len() as u32) as usize
        } else {
            1
        };
        institutions.truncate(together);
        if rng.random_bool(0.1) {
            let other = rng.random_range(0..self.country_of.len() as u32);
            if !institutions.contains(&other) {
                institutions.push(other);
            }
        }
        let mut authorships = Vec::new();
        for &i in &institutions {
            let staff = self.people_start[i as usize]..self.people_start[i as usize + 1];
            let mut chosen: Vec<usize> = (0..rng.random_range(1..=3u32))
                .map(|_| rng.random_range(staff.clone()) as usize)
                .collect();
            chosen.sort_unstable();
            chosen.dedup();
            authorships.extend(chosen.into_iter().map(|p| Authorship {
                person: Some(Self::person_id(p)),
                name: None,
                position: None,
                corresponding: false,
                institutions: vec![Self::institution_id(i)],
            }));
        }
        let last = authorships.len() - 1;
        for (k, authorship) in authorships.iter_mut().enumerate() {
            authorship.position = Some(match k {
                0 => AuthorPosition::First,
                k if k == last => AuthorPosition::Last,
                _ => AuthorPosition::Middle,
            });
        }
        authorships[0].corresponding = true;
        let signed = self.signed[a].0 as u32;
        let year = rng.random_range(signed.min(LATEST_YEAR)..=LATEST_YEAR) as u16;
        let kind = match rng.random_range(0..100u32) {
            0..80 => WorkType::Article,
            80..88 => WorkType::BookChapter,
            88..93 => WorkType::Preprint,
            93..97 => WorkType::Dataset,
            _ => WorkType::Review,
        };
        let (_, topic, _) = TOPICS[rng.random_range(0..TOPICS.len() as u32) as usize];
        let place = spell(&self.place(institutions[0]), 0);
        Work {
            id: id(format!("wrk-{w}")),
            title: text(format!("{topic} in {place}: study {w}")),
            kind,
            published: Some(date_of(year, rng.random_range(1..=12u8), 0)),
            doi: Some(text(format!("10.5555/gen.{w}"))),
            external_ids: Sparse::default(),
            authorships,
            sources: vec![Citation::of(id("gen-works".into()))],
            facts: Facts::default(),
            values: OtherValues::default(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers: generated values are valid by construction, so a failed check is a bug here.
// ---------------------------------------------------------------------------------------------

fn syllables(rng: &mut Pcg64Mcg, min: u32, max: u32) -> Vec<usize> {
    let count = rng.random_range(min..=max);
    (0..count)
        .map(|_| rng.random_range(0..SYLLABLES.len() as u32) as usize)
        .collect()
}

/// Writes syllables in a script, capitalising Latin.
fn spell(syllables: &[usize], script: usize) -> String {
    let joined: String = syllables.iter().map(|&s| SYLLABLES[s][script]).collect();
    if script == 0 {
        let mut chars = joined.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => joined,
        }
    } else {
        joined
    }
}

fn id(value: String) -> Id {
    Id::parse(&value).unwrap_or_else(|e| panic!("generated id: {e}"))
}

fn text(value: String) -> Text {
    Text::parse(&value).unwrap_or_else(|e| panic!("generated text: {e}"))
}

fn lang(value: &str) -> LangTag {
    LangTag::parse(value).unwrap_or_else(|e| panic!("generated language tag: {e}"))
}

fn url(value: String) -> Url {
    Url::parse(&value).unwrap_or_else(|e| panic!("generated URL: {e}"))
}

/// A date to the year (month 0), the month (day 0) or the day.
fn date_of(year: u16, month: u8, day: u8) -> PartialDate {
    let value = match (month, day) {
        (0, _) => format!("{year:04}"),
        (m, 0) => format!("{year:04}-{m:02}"),
        (m, d) => format!("{year:04}-{m:02}-{d:02}"),
    };
    PartialDate::parse(&value).unwrap_or_else(|e| panic!("generated date: {e}"))
}

/// A generated seed of `institutions`, checked and built into a graph: the set-up of the unit
/// tests that need a realistic graph (graph, search).
#[cfg(test)]
pub(crate) fn generated_graph(institutions: u32, seed: u64) -> crate::graph::KnowledgeGraph {
    let mut bytes = Vec::new();
    let works = institutions * 2;
    write_seed(
        Options {
            institutions,
            seed,
            works,
        },
        &mut bytes,
    )
    .unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    crate::graph::KnowledgeGraph::new(crate::seed::load_texts(&[("generated.json", text)]).unwrap())
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;
    use crate::seed;

    fn generate(institutions: u32, seed: u64) -> (Vec<u8>, Counts) {
        let mut out = Vec::new();
        let works = institutions;
        let counts = write_seed(
            Options {
                institutions,
                seed,
                works,
            },
            &mut out,
        )
        .unwrap();
        (out, counts)
    }

    #[test]
    fn the_same_options_give_the_same_bytes_and_another_seed_other_bytes() {
        let (a, _) = generate(200, 7);
        let (b, _) = generate(200, 7);
        let (c, _) = generate(200, 8);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn generated_seeds_load_without_a_problem_at_the_sizes_asked() {
        for n in [1, 2, 3, 50, 400] {
            let (bytes, counts) = generate(n, 42);
            let text = std::str::from_utf8(&bytes).unwrap();
            let seed = seed::load_texts(&[("generated.json", text)])
                .unwrap_or_else(|report| panic!("{n} institutions:\n{report}"));
            assert_eq!(seed.institutions.len(), n as usize);
            assert_eq!(seed.institutions.len(), counts.institutions);
            assert_eq!(seed.people.len(), counts.people);
            assert_eq!(seed.agreements.len(), counts.agreements);
            assert_eq!(seed.sources.len(), counts.sources);
            assert!((5 * n as usize..=15 * n as usize).contains(&seed.people.len()));
            if n >= 2 {
                assert_eq!(seed.agreements.len(), 2 * n as usize);
            }
        }
    }

    #[test]
    fn every_record_names_a_source() {
        let (bytes, _) = generate(100, 3);
        let seed = seed::load_texts(&[("g.json", std::str::from_utf8(&bytes).unwrap())]).unwrap();
        assert!(seed.institutions.iter().all(|r| !r.sources.is_empty()));
        assert!(seed.people.iter().all(|r| !r.sources.is_empty()
            && r.positions.iter().all(|p| !p.sources.is_empty())));
        assert!(seed.agreements.iter().all(|r| !r.sources.is_empty()
            && r.parties.iter().all(|p| !p.sources.is_empty())
            && r.signatories.iter().all(|s| !s.sources.is_empty())));
        assert!(
            seed.labs
                .iter()
                .all(|r| !r.sources.is_empty() && r.hosts.iter().all(|h| !h.sources.is_empty()))
        );
        assert!(seed.labs.iter().all(|l| (1..=3).contains(&l.hosts.len())));
        assert!(
            seed.agreements
                .iter()
                .all(|a| (2..=4).contains(&a.parties.len()))
        );
    }

    #[test]
    fn the_structure_has_hubs_domestic_clusters_and_cross_border_bridges() {
        let (bytes, _) = generate(2000, 1);
        let seed = seed::load_texts(&[("g.json", std::str::from_utf8(&bytes).unwrap())]).unwrap();
        let country: HashMap<&str, &str> = seed
            .institutions
            .iter()
            .map(|i| (i.id.as_str(), i.country.as_str()))
            .collect();
        let countries: HashSet<&str> = country.values().copied().collect();
        assert_eq!(countries.len(), 150, "institutions span 150 countries");
        let mut degree: HashMap<&str, usize> = HashMap::new();
        let (mut domestic, mut cross) = (0, 0);
        for agreement in &seed.agreements {
            let mut lands = HashSet::new();
            for party in &agreement.parties {
                *degree.entry(party.institution.as_str()).or_default() += 1;
                lands.insert(country[party.institution.as_str()]);
            }
            if lands.len() == 1 {
                domestic += 1;
            } else {
                cross += 1;
            }
        }
        assert!(
            domestic > cross,
            "{domestic} domestic, {cross} cross-border"
        );
        assert!(cross * 10 > seed.agreements.len(), "{cross} cross-border");
        let mean = degree.values().sum::<usize>() as f64 / seed.institutions.len() as f64;
        let max = *degree.values().max().unwrap() as f64;
        assert!(
            max > 8.0 * mean,
            "a hub: max {max} against a mean of {mean}"
        );
        // Names in other scripts are there to be searched.
        assert!(
            seed.institutions
                .iter()
                .any(|i| i.names.iter().any(|n| n.lang.as_str() == "zh-Hans"))
        );
        assert!(seed.people.iter().any(|p| p.positions.len() == 2));
    }
}
