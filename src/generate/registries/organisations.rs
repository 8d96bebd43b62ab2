//! The generated organisations and how they relate: drawn once, in a fixed order, from one
//! generator, then named one by one. Both registries' records are written from this.
//!
//! - Countries as the seed generator draws them (one each first, then 1/rank).
//! - A primary type with the shares ROR's records have (education, facility, company, ...),
//!   some also a funder.
//! - About three in ten are part of an earlier organisation of their country, picked in
//!   proportion to one plus five times the children it already has, so a few large systems
//!   emerge (an academy with hundreds of institutes) beside many small ones; a few have two
//!   parents.
//! - Mostly active; some inactive or withdrawn, most of those with a successor that lists them
//!   as its predecessor; some pairs related, listed from both sides.
//! - Cities: a child is mostly where its parent is; others mostly in the capital, then a long
//!   tail.
//! - A publishing weight for the works: by type, heavy-tailed, larger for systems with
//!   children; none for the withdrawn and those OpenAlex is not given.

use rand::RngExt;
use rand_pcg::Pcg64Mcg;

use super::{
    Stream,
    geography::{self, Country},
    rng_for,
};
use crate::generate::{EARLIEST_YEAR, TOPICS, spell, syllables};

/// A ROR organisation type; the first of a record's types, which OpenAlex's `type` follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OrgType {
    Education,
    Facility,
    Healthcare,
    Company,
    Government,
    Nonprofit,
    Funder,
    Archive,
    Other,
}

impl OrgType {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::Education => "education",
            OrgType::Facility => "facility",
            OrgType::Healthcare => "healthcare",
            OrgType::Company => "company",
            OrgType::Government => "government",
            OrgType::Nonprofit => "nonprofit",
            OrgType::Funder => "funder",
            OrgType::Archive => "archive",
            OrgType::Other => "other",
        }
    }

    /// Drawn with about the shares of ROR's records' first types (per thousand).
    fn draw(rng: &mut Pcg64Mcg) -> OrgType {
        match rng.random_range(0..1000u32) {
            0..270 => OrgType::Education,
            270..455 => OrgType::Facility,
            455..595 => OrgType::Company,
            595..720 => OrgType::Nonprofit,
            720..800 => OrgType::Healthcare,
            800..875 => OrgType::Government,
            875..930 => OrgType::Other,
            930..985 => OrgType::Funder,
            _ => OrgType::Archive,
        }
    }

    /// How likely an organisation of this type is also a funder.
    fn also_funds(self) -> f64 {
        match self {
            OrgType::Government => 0.45,
            OrgType::Nonprofit => 0.3,
            OrgType::Education => 0.08,
            OrgType::Company => 0.06,
            OrgType::Facility => 0.05,
            OrgType::Healthcare => 0.03,
            _ => 0.0,
        }
    }

    /// How likely an organisation of this type is part of another.
    fn has_parent(self) -> f64 {
        match self {
            OrgType::Facility => 0.7,
            OrgType::Healthcare => 0.5,
            OrgType::Other | OrgType::Government => 0.25,
            OrgType::Education | OrgType::Company | OrgType::Archive => 0.2,
            OrgType::Funder => 0.1,
            OrgType::Nonprofit => 0.08,
        }
    }

    /// Whether an organisation of this type may head a system: have children.
    fn may_be_parent(self) -> bool {
        matches!(
            self,
            OrgType::Education
                | OrgType::Government
                | OrgType::Facility
                | OrgType::Healthcare
                | OrgType::Company
        )
    }

    /// The relative number of works of an organisation of this type, before its size.
    fn publishing(self) -> f64 {
        match self {
            OrgType::Education => 10.0,
            OrgType::Healthcare => 6.0,
            OrgType::Facility => 4.0,
            OrgType::Government => 1.2,
            OrgType::Nonprofit => 0.8,
            OrgType::Company => 0.6,
            OrgType::Other => 0.5,
            OrgType::Funder => 0.15,
            OrgType::Archive => 0.1,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Active,
    Inactive,
    Withdrawn,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// One organisation's place in the structure.
pub(super) struct Organisation {
    pub country: u16,
    /// An index into its country's cities.
    pub city: u32,
    pub kind: OrgType,
    /// Also a funder (ROR's second type).
    pub funder: bool,
    pub status: Status,
    pub established: Option<u16>,
    /// Its parents, earlier organisations of its country: none, one, or (rarely) two.
    pub parents: Vec<u32>,
    /// The organisation that took over from an inactive or withdrawn one.
    pub successor: Option<u32>,
    /// Whether OpenAlex has a record of it (withdrawn ones and a few others not).
    pub in_openalex: bool,
    /// Its share of authors and works; 0 for those that publish nothing.
    pub weight: f64,
    /// Its research area, an index into `TOPICS`, for names and the works it leads.
    pub topic: u8,
}

/// An organisation's names.
pub(super) struct Names {
    /// ROR's `ror_display` name (and an English label).
    pub display: String,
    /// Whether ROR gives the display name a language (`en`) or none.
    pub display_lang: bool,
    /// What children are named after: the display name of the top of its system.
    pub base: String,
    /// A label in the country's language: (two-letter code, name).
    pub label: Option<(&'static str, String)>,
    pub acronym: Option<String>,
    /// Whether the acronym has a language (`en`).
    pub acronym_lang: bool,
    pub alias: Option<String>,
    /// The ASCII word web addresses are made of.
    pub slug: String,
}

/// A list per organisation, stored flat.
pub(super) struct Adjacency {
    start: Vec<u32>,
    to: Vec<u32>,
}

impl Adjacency {
    /// From (from, to) pairs; each list keeps the pairs' order.
    fn new(n: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Adjacency {
        let mut start = vec![0u32; n + 1];
        for (from, _) in pairs.clone() {
            start[from as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut next = start.clone();
        let mut to = vec![0u32; start[n] as usize];
        for (from, target) in pairs {
            to[next[from as usize] as usize] = target;
            next[from as usize] += 1;
        }
        Adjacency { start, to }
    }

    pub fn of(&self, i: u32) -> &[u32] {
        &self.to[self.start[i as usize] as usize..self.start[i as usize + 1] as usize]
    }
}

/// The organisations of both registries.
pub(super) struct Organisations {
    pub seed: u64,
    pub countries: Vec<Country>,
    pub orgs: Vec<Organisation>,
    pub names: Vec<Names>,
    pub children: Adjacency,
    pub related: Adjacency,
    pub predecessors: Adjacency,
    /// Organisations by country, in index order.
    pub members: Vec<Vec<u32>>,
}

impl Organisations {
    pub fn build(n: usize, seed: u64) -> Organisations {
        let mut rng = rng_for(seed, Stream::Structure, 0);
        let country_count = crate::generate::COUNTRIES.split_whitespace().count();
        let mut cumulative = Vec::with_capacity(country_count);
        let mut total = 0.0f64;
        for rank in 1..=country_count {
            total += 1.0 / rank as f64;
            cumulative.push(total);
        }

        let mut orgs: Vec<Organisation> = Vec::with_capacity(n);
        let mut members: Vec<Vec<u32>> = vec![Vec::new(); country_count];
        // Possible parents by country, one slot per child already had (and a few to start).
        let mut parent_slots: Vec<Vec<u32>> = vec![Vec::new(); country_count];
        for i in 0..n {
            // Every country gets one before any gets a second, as in the seed generator.
            let country = if i < country_count {
                i
            } else {
                let x = rng.random::<f64>() * total;
                cumulative
                    .partition_point(|&c| c < x)
                    .min(country_count - 1)
            };
            let kind = if i == 0 {
                // At least one organisation publishes, however few are asked for.
                OrgType::Education
            } else {
                OrgType::draw(&mut rng)
            };
            let funder = rng.random_bool(kind.also_funds());
            let status = match rng.random_range(0..1000u32) {
                _ if i == 0 => Status::Active,
                0..975 => Status::Active,
                975..995 => Status::Inactive,
                _ => Status::Withdrawn,
            };
            let slots = &parent_slots[country];
            let mut parents = Vec::new();
            if !slots.is_empty() && rng.random_bool(kind.has_parent()) {
                parents.push(slots[rng.random_range(0..slots.len() as u32) as usize]);
                if rng.random_bool(0.06) {
                    let second = slots[rng.random_range(0..slots.len() as u32) as usize];
                    if second != parents[0] {
                        parents.push(second);
                    }
                }
            }
            // One slot to start, five more per child: the rich get richer fast, as in ROR,
            // where a few organisations have hundreds of children and most parents a handful.
            for &p in &parents {
                parent_slots[country].extend([p; 5]);
            }
            if status == Status::Active && kind.may_be_parent() {
                parent_slots[country].push(i as u32);
            }
            let established = if rng.random_bool(0.68) {
                let parent_year = parents.first().and_then(|&p| orgs[p as usize].established);
                Some(match parent_year {
                    Some(year) => (year + rng.random_range(0..=80u16)).min(2024),
                    None if kind == OrgType::Education && rng.random_bool(0.03) => {
                        rng.random_range(1200..1800u16)
                    }
                    None => 1800 + (224.0 * rng.random::<f64>().sqrt()) as u16,
                })
            } else {
                None
            };
            let topic = match kind {
                OrgType::Healthcare => [22, 23, 24, 26][rng.random_range(0..4u32) as usize],
                _ => rng.random_range(1..TOPICS.len() as u32) as u8,
            };
            orgs.push(Organisation {
                country: country as u16,
                city: 0,
                kind,
                funder,
                status,
                established,
                parents,
                successor: None,
                in_openalex: true,
                weight: 0.0,
                topic,
            });
            members[country].push(i as u32);
        }

        // Cities, once each country's size is known: a child mostly where its parent is.
        let city_counts: Vec<usize> = members
            .iter()
            .map(|m| geography::cities_for(m.len()))
            .collect();
        for i in 0..n {
            let country = orgs[i].country as usize;
            orgs[i].city = match orgs[i].parents.first() {
                Some(&p) if rng.random_bool(0.8) => orgs[p as usize].city,
                _ => geography::pick_city(&mut rng, city_counts[country]),
            };
        }

        // Successions: most inactive and withdrawn organisations name an active one of
        // their country that took over, founded after them.
        for i in 0..n {
            let chance = match orgs[i].status {
                Status::Active => continue,
                Status::Inactive => 0.6,
                Status::Withdrawn => 0.9,
            };
            if !rng.random_bool(chance) {
                continue;
            }
            let pool = &members[orgs[i].country as usize];
            for _ in 0..10 {
                let j = pool[rng.random_range(0..pool.len() as u32) as usize];
                if j as usize != i && orgs[j as usize].status == Status::Active {
                    orgs[i].successor = Some(j);
                    if let (Some(before), Some(after)) =
                        (orgs[i].established, orgs[j as usize].established)
                        && after < before
                    {
                        orgs[j as usize].established =
                            Some((before + rng.random_range(1..=30u16)).min(2024));
                    }
                    break;
                }
            }
        }

        // Related pairs, mostly within a country; never a parent, child or the same pair twice.
        let mut related: Vec<(u32, u32)> = Vec::new();
        let mut related_of: Vec<Vec<u32>> = vec![Vec::new(); n];
        for i in 0..n as u32 {
            if n < 2 || !rng.random_bool(0.11) {
                continue;
            }
            let pool = &members[orgs[i as usize].country as usize];
            let j = if pool.len() > 1 && rng.random_bool(0.8) {
                pool[rng.random_range(0..pool.len() as u32) as usize]
            } else {
                rng.random_range(0..n as u32)
            };
            let family =
                orgs[i as usize].parents.contains(&j) || orgs[j as usize].parents.contains(&i);
            if j != i && !family && !related_of[i as usize].contains(&j) {
                related_of[i as usize].push(j);
                related_of[j as usize].push(i);
                related.push((i, j));
            }
        }

        // Who OpenAlex has, and how much each publishes.
        let mut child_count = vec![0u32; n];
        for org in &orgs {
            for &p in &org.parents {
                child_count[p as usize] += 1;
            }
        }
        for (i, org) in orgs.iter_mut().enumerate() {
            org.in_openalex = i == 0 || (org.status != Status::Withdrawn && rng.random_bool(0.96));
            // A Pareto tail (alpha 1.2): most publish a little, a few a great deal.
            let size = (1.0 - rng.random::<f64>()).powf(-1.0 / 1.2).min(500.0);
            // A system publishes more, up to four times as much for ten children or more.
            let children = child_count[i].min(10) as f64;
            let mut weight = org.kind.publishing() * size * (1.0 + 0.3 * children);
            if org.status == Status::Inactive {
                weight *= 0.25;
            }
            org.weight = if org.in_openalex { weight } else { 0.0 };
        }

        let countries = geography::countries(seed, &city_counts);
        let mut organisations = Organisations {
            seed,
            children: Adjacency::new(
                n,
                orgs.iter()
                    .enumerate()
                    .flat_map(|(i, o)| o.parents.iter().map(move |&p| (p, i as u32))),
            ),
            related: Adjacency::new(n, related.iter().flat_map(|&(a, b)| [(a, b), (b, a)])),
            predecessors: Adjacency::new(
                n,
                orgs.iter()
                    .enumerate()
                    .filter_map(|(i, o)| o.successor.map(|s| (s, i as u32))),
            ),
            countries,
            orgs,
            names: Vec::with_capacity(n),
            members,
        };
        for i in 0..n {
            let names = organisations.draw_names(i);
            organisations.names.push(names);
        }
        organisations
    }

    pub fn len(&self) -> usize {
        self.orgs.len()
    }

    pub fn country_of(&self, i: u32) -> &Country {
        &self.countries[self.orgs[i as usize].country as usize]
    }

    pub fn city_of(&self, i: u32) -> &geography::City {
        let org = &self.orgs[i as usize];
        &self.countries[org.country as usize].cities[org.city as usize]
    }

    /// Whether works may name it: OpenAlex has it and it publishes.
    pub fn publishes(&self, i: u32) -> bool {
        self.orgs[i as usize].weight > 0.0
    }

    /// Its names: after its parent's, which are drawn first (parents come earlier).
    fn draw_names(&self, i: usize) -> Names {
        let mut rng = rng_for(self.seed, Stream::Names, i as u64);
        let org = &self.orgs[i];
        let country = &self.countries[org.country as usize];
        let city = &country.cities[org.city as usize];
        let own = syllables(&mut rng, 2, 3);
        let place_syllables = if rng.random_bool(0.6) {
            city.syllables.clone()
        } else {
            own
        };
        let place = spell(&place_syllables, 0);
        let topic = title_case(TOPICS[org.topic as usize].1);
        let parent = org.parents.first().map(|&p| &self.names[p as usize]);
        let pick = |rng: &mut Pcg64Mcg, options: &[&str]| -> String {
            options[rng.random_range(0..options.len() as u32) as usize]
                .replace("{P}", &place)
                .replace("{T}", &topic)
                .replace("{B}", parent.map_or("", |p| p.base.as_str()))
        };
        // Which of the country's language's templates a label may follow: a university,
        // an institute, an academy.
        let (display, template) = match (org.kind, parent) {
            (OrgType::Education, None) => {
                let options = [
                    "University of {P}",
                    "{P} State University",
                    "{P} University of Technology",
                    "{P} Medical University",
                    "{P} University",
                    "{P} Pedagogical University",
                    "{P} Agricultural University",
                ];
                (pick(&mut rng, &options), Some(0))
            }
            (OrgType::Education, Some(_)) => (
                pick(
                    &mut rng,
                    &["Faculty of {T}, {B}", "{P} Campus, {B}", "{P} College, {B}"],
                ),
                None,
            ),
            (OrgType::Facility, None) if rng.random_bool(0.05) => {
                (format!("{place} Academy of Sciences"), Some(2))
            }
            (OrgType::Facility, None) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Research Institute",
                        "{P} Institute of {T}",
                        "{P} Centre for {T}",
                    ],
                ),
                Some(1),
            ),
            (OrgType::Facility, Some(_)) => (
                pick(
                    &mut rng,
                    &[
                        "Institute of {T}, {B}",
                        "{T} Research Centre, {B}",
                        "Laboratory of {T}, {B}",
                        "{P} Institute of {T}, {B}",
                    ],
                ),
                None,
            ),
            (OrgType::Healthcare, None) => (
                pick(
                    &mut rng,
                    &[
                        "{P} General Hospital",
                        "{P} Regional Hospital",
                        "{P} Children's Hospital",
                        "{P} Medical Center",
                        "{P} Cancer Centre",
                    ],
                ),
                None,
            ),
            (OrgType::Healthcare, Some(_)) => (
                pick(
                    &mut rng,
                    &["{B} Hospital", "{P} Hospital, {B}", "{B} Medical Center"],
                ),
                None,
            ),
            (OrgType::Company, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Technologies",
                        "{P} Pharmaceuticals",
                        "{P} Energy",
                        "{P} Systems",
                        "{P} Materials",
                        "{P} Biotech",
                        "{P} Instruments",
                    ],
                ),
                None,
            ),
            (OrgType::Government, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Ministry of Science",
                        "{P} Geological Survey",
                        "{P} Environmental Agency",
                        "{P} Regional Government",
                        "{P} Meteorological Service",
                    ],
                ),
                None,
            ),
            (OrgType::Nonprofit, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Foundation",
                        "{P} Society for {T}",
                        "{P} Association of {T}",
                        "{P} Institute for Policy Studies",
                    ],
                ),
                None,
            ),
            (OrgType::Funder, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Research Council",
                        "{P} Science Fund",
                        "{P} Foundation for {T}",
                    ],
                ),
                None,
            ),
            (OrgType::Archive, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} State Archive",
                        "{P} National Library",
                        "{P} Museum of History",
                    ],
                ),
                None,
            ),
            (OrgType::Other, _) => (
                pick(
                    &mut rng,
                    &[
                        "{P} Botanical Garden",
                        "{P} Observatory",
                        "{P} Science Park",
                        "{P} Consortium for {T}",
                    ],
                ),
                None,
            ),
        };
        let label = match template {
            Some(t) if country.language.tag != "en" && rng.random_bool(0.75) => Some((
                country.lang2(),
                country.language.templates[t]
                    .replace("{}", &spell(&place_syllables, country.language.script)),
            )),
            _ => None,
        };
        let acronym: String = display
            .split(',')
            .next()
            .unwrap_or_default()
            .split(' ')
            .filter(|w| !matches!(*w, "of" | "for" | "and" | "the"))
            .filter_map(|w| w.chars().next())
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let acronym = (acronym.len() >= 2 && rng.random_bool(0.55)).then_some(acronym);
        let alias = rng
            .random_bool(0.4)
            .then(|| {
                let kind = match org.kind {
                    OrgType::Education => "Polytechnic Institute",
                    OrgType::Facility => "Scientific Centre",
                    OrgType::Healthcare => "Hospital",
                    OrgType::Company => "Ltd.",
                    OrgType::Government => "Science Committee",
                    OrgType::Nonprofit => "Trust",
                    OrgType::Funder => "Research Foundation",
                    OrgType::Archive => "Historical Archive",
                    OrgType::Other => "Station",
                };
                format!("{place} {kind}")
            })
            .filter(|alias| *alias != display);
        let base = parent.map_or_else(|| display.clone(), |p| p.base.clone());
        Names {
            display_lang: rng.random_bool(0.85),
            acronym_lang: rng.random_bool(0.48),
            slug: match &acronym {
                Some(a) if rng.random_bool(0.5) => a.to_ascii_lowercase(),
                _ => place.to_ascii_lowercase(),
            },
            display,
            base,
            label,
            acronym,
            alias,
        }
    }
}

/// "Climate change" as a name's words: "Climate Change".
pub(super) fn title_case(words: &str) -> String {
    words
        .split(' ')
        .map(|w| match w {
            "of" | "and" | "the" | "in" => w.to_owned(),
            _ => {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().collect::<String>() + chars.as_str()
                })
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The earliest year works are published.
pub(super) const FIRST_YEAR: u16 = EARLIEST_YEAR as u16;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_come_first_and_relations_are_listed_from_both_sides() {
        let orgs = Organisations::build(3000, 5);
        let mut children = 0;
        for (i, org) in orgs.orgs.iter().enumerate() {
            let i = i as u32;
            for &p in &org.parents {
                assert!(p < i, "a parent is an earlier organisation");
                assert_eq!(orgs.orgs[p as usize].country, org.country);
                assert!(orgs.children.of(p).contains(&i));
                children += 1;
            }
            for &c in orgs.children.of(i) {
                assert!(orgs.orgs[c as usize].parents.contains(&i));
            }
            for &r in orgs.related.of(i) {
                assert_ne!(r, i);
                assert!(orgs.related.of(r).contains(&i));
            }
            if let Some(s) = org.successor {
                assert_ne!(org.status, Status::Active);
                assert_eq!(orgs.orgs[s as usize].status, Status::Active);
                assert!(orgs.predecessors.of(s).contains(&i));
            }
            for &p in orgs.predecessors.of(i) {
                assert_eq!(orgs.orgs[p as usize].successor, Some(i));
            }
            if org.status == Status::Withdrawn {
                assert!(!org.in_openalex && !orgs.publishes(i));
            }
        }
        assert!((600..1200).contains(&children), "{children} children");
        let largest = (0..3000).map(|i| orgs.children.of(i).len()).max().unwrap();
        assert!(largest >= 30, "a large system: {largest} children");
        let parents = (0..3000)
            .filter(|&i| !orgs.children.of(i).is_empty())
            .count();
        assert!(
            parents * 2 < children,
            "{parents} parents of {children} children"
        );
    }

    #[test]
    fn tiny_worlds_have_a_publisher() {
        for n in [1, 2, 3] {
            let orgs = Organisations::build(n, 9);
            assert_eq!(orgs.len(), n);
            assert!(orgs.publishes(0));
        }
    }

    #[test]
    fn title_case_keeps_small_words() {
        assert_eq!(
            title_case("Remote sensing of the Earth"),
            "Remote Sensing of the Earth"
        );
    }
}
