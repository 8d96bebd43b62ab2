//! The list queries the API asks of the graph: which institutions, agreements, people and labs a
//! filter keeps and in what order, the counts over the records, and the timeline of agreements.
//! Inputs and outputs are plain Rust (record indexes, model values), so the API only translates.

use std::{borrow::Cow, collections::BTreeMap};

use petgraph::Direction;

use super::{EdgeView, KnowledgeGraph, ListOrder, Relation};
use crate::{
    model::{
        ActivityKind, Agreement, AgreementKind, CountryCode, IdScheme, Institution,
        InstitutionKind, InstitutionStatus, Lab, LabKind, NodeKind, NodeRef, OrganisationType,
        PartialDate, Status,
    },
    search::normalize,
};

/// What institutions are sorted by; equal keys in name order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InstitutionSortKey {
    /// Primary name (normalized, as search compares names).
    #[default]
    Name,
    /// Founding year, unknown years last.
    Founded,
    /// Country code.
    Country,
    /// Seed id.
    Id,
}

/// Which institutions to list and in what order. Conditions combine with AND; `None` keeps
/// every institution, a list keeps those matching any of its values (an empty one, none).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstitutionQuery {
    /// In one of these countries.
    pub countries: Option<Vec<CountryCode>>,
    /// Kinds of organisation.
    pub kinds: Option<Vec<InstitutionKind>>,
    /// Founded in this year or later.
    pub founded_from: Option<i32>,
    /// Founded in this year or earlier.
    pub founded_to: Option<i32>,
    /// Party to an agreement covering, or host of a lab working on, this topic (index).
    pub topic: Option<usize>,
    /// Directly part of this institution (index).
    pub parent: Option<usize>,
    /// With one of these statuses.
    pub statuses: Option<Vec<InstitutionStatus>>,
    /// With one of these registry types.
    pub types: Option<Vec<OrganisationType>>,
    /// With a location in this city, normalized as search normalizes names.
    pub city: Option<String>,
    /// With an id in this registry.
    pub has_external_id: Option<IdScheme>,
    /// What to sort by.
    pub sort: InstitutionSortKey,
    /// Largest first.
    pub descending: bool,
}

impl InstitutionQuery {
    fn filters_registry_fields(&self) -> bool {
        self.statuses.is_some()
            || self.types.is_some()
            || self.city.is_some()
            || self.has_external_id.is_some()
    }

    /// Whether `inst` passes the conditions on what registries record: status, types, city
    /// and registry ids.
    pub(crate) fn keeps_registry_fields(&self, inst: &Institution) -> bool {
        self.statuses
            .as_ref()
            .is_none_or(|s| s.contains(&inst.status))
            && self
                .types
                .as_ref()
                .is_none_or(|t| inst.types.iter().any(|own| t.contains(own)))
            && self.city.as_ref().is_none_or(|city| {
                inst.locations.iter().any(|l| {
                    l.city
                        .as_ref()
                        .is_some_and(|c| normalize(c.as_str()) == *city)
                })
            })
            && self
                .has_external_id
                .is_none_or(|scheme| inst.external_ids.iter().any(|id| id.scheme == scheme))
    }
}

/// What agreements are sorted by (see the [`ListOrder`] of each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AgreementSortKey {
    /// Signing date, undated last.
    #[default]
    Signed,
    /// Title.
    Title,
    /// Seed id.
    Id,
}

/// Which agreements to list and in what order. Conditions combine with AND; `None` keeps all.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgreementQuery {
    /// An institution (index) that is party to it.
    pub party: Option<usize>,
    /// A person (index) who signed it.
    pub signatory: Option<usize>,
    /// Its status.
    pub status: Option<Status>,
    /// Its kind.
    pub kind: Option<AgreementKind>,
    /// A topic (index) it covers.
    pub topic: Option<usize>,
    /// It provides for this kind of activity.
    pub activity: Option<ActivityKind>,
    /// Signed on or after this date (a date known only to the month or year matches if it
    /// may fall in range).
    pub signed_from: Option<PartialDate>,
    /// Signed on or before this date.
    pub signed_to: Option<PartialDate>,
    /// What to sort by.
    pub sort: AgreementSortKey,
    /// Last first.
    pub descending: bool,
}

/// Which people to list, in name order. Both conditions hold of one post.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonQuery {
    /// Holds or held a post at this institution (index).
    pub institution: Option<usize>,
    /// Holds or held a post whose title has these words, or words beginning so, in any case.
    pub title: Option<String>,
}

/// Which labs to list, in name order. Conditions combine with AND; `None` keeps all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LabQuery {
    /// Its status.
    pub status: Option<Status>,
    /// Its kind.
    pub kind: Option<LabKind>,
    /// Hosted by this institution (index).
    pub host: Option<usize>,
    /// Works on this topic (index).
    pub topic: Option<usize>,
}

/// What a timeline counts agreements per, besides the year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimelineKey {
    /// The year alone.
    #[default]
    Year,
    /// Each party's country (an agreement counts once per country).
    Country,
    /// Each topic it covers.
    Topic,
}

/// Agreements signed in one year (and, when grouped, one country code or topic id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineCount {
    /// The year signed.
    pub year: i32,
    /// The country code or topic id; `None` when counted per year alone.
    pub key: Option<String>,
    /// How many agreements.
    pub count: usize,
    /// How many of them are dated loosely (see [`crate::model::FuzzyDate::is_approximate`]).
    pub approximate: usize,
}

/// How many of each key, in key order.
fn tally<K: Ord>(keys: impl IntoIterator<Item = K>) -> Vec<(K, usize)> {
    let mut counts: BTreeMap<K, usize> = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// Whether every word of `words` (normalized) begins a word of `title`: "rector" matches
/// "Chairman of the Board-Rector" but not "Director General".
fn title_has_words(title: &str, words: &str) -> bool {
    let title = crate::search::normalize(title);
    words
        .split(' ')
        .all(|w| title.split(' ').any(|t| t.starts_with(w)))
}

fn sort_by<T: Ord>(items: &mut [usize], descending: bool, key: impl Fn(usize) -> T) {
    items.sort_by_cached_key(|&i| key(i));
    if descending {
        items.reverse();
    }
}

impl KnowledgeGraph {
    /// The institutions `query` keeps, in its order. One country's institutions with no other
    /// condition, in name order, are the graph's own list, borrowed.
    pub fn institutions_where(&self, query: &InstitutionQuery) -> Cow<'_, [usize]> {
        let on_topic = query.topic.map(|t| self.institutions_on_topic(t));
        // A country filter starts from those countries' lists, not from every institution; one
        // country's list is already in name order.
        let name_ordered = query.countries.as_ref().is_some_and(|c| c.len() == 1);
        let pool: Cow<[usize]> = match &query.countries {
            Some(countries) if name_ordered => {
                Cow::Borrowed(self.institutions_in(countries[0].as_str()))
            }
            Some(countries) => {
                let mut pool: Vec<usize> = countries
                    .iter()
                    .flat_map(|c| self.institutions_in(c.as_str()).iter().copied())
                    .collect();
                pool.sort_unstable();
                pool.dedup();
                Cow::Owned(pool)
            }
            None => Cow::Owned((0..self.institutions.len()).collect()),
        };
        // The pool holds only the countries asked for. With nothing else to filter it is the
        // answer, borrowed: copying or re-checking a large country's list cost more than the
        // rest of a page.
        let only_countries = query.kinds.is_none()
            && query.founded_from.is_none()
            && query.founded_to.is_none()
            && on_topic.is_none()
            && query.parent.is_none()
            && !query.filters_registry_fields();
        let mut items = if only_countries {
            pool
        } else {
            Cow::Owned(
                pool.iter()
                    .copied()
                    .filter(|&i| {
                        let inst = &self.institutions[i];
                        let founded = inst.founded.as_ref().map(|f| f.year.get());
                        query.kinds.as_ref().is_none_or(|k| k.contains(&inst.kind))
                            && query
                                .founded_from
                                .is_none_or(|from| founded.is_some_and(|y| y >= from))
                            && query
                                .founded_to
                                .is_none_or(|to| founded.is_some_and(|y| y <= to))
                            && on_topic.as_ref().is_none_or(|set| set.contains(&i))
                            && query
                                .parent
                                .is_none_or(|p| self.ancestors_of(i).first() == Some(&p))
                            && query.keeps_registry_fields(inst)
                    })
                    .collect(),
            )
        };
        let descending = query.descending;
        let name = |i: usize| self.institution_name_rank(i);
        match query.sort {
            InstitutionSortKey::Name if name_ordered => {
                if descending {
                    items.to_mut().reverse();
                }
            }
            InstitutionSortKey::Name => sort_by(items.to_mut(), descending, name),
            InstitutionSortKey::Founded => sort_by(items.to_mut(), descending, |i| {
                let year = self.institutions[i].founded.as_ref().map(|f| f.year.get());
                (year.is_none(), year, name(i))
            }),
            InstitutionSortKey::Country => sort_by(items.to_mut(), descending, |i| {
                (self.institutions[i].country.as_str(), name(i))
            }),
            InstitutionSortKey::Id => sort_by(items.to_mut(), descending, |i| {
                self.institutions[i].id.as_str()
            }),
        }
        items
    }

    /// The agreements `query` keeps, in its order.
    pub fn agreements_where(&self, query: &AgreementQuery) -> Vec<usize> {
        let party_id = query.party.map(|p| self.institutions[p].id.clone());
        let signatory_id = query.signatory.map(|p| self.people[p].id.clone());
        let topic_id = query.topic.map(|t| self.topics[t].id.clone());
        let (from, to) = (query.signed_from, query.signed_to);
        let matches = |i: usize| {
            let a = &self.agreements[i];
            query.status.is_none_or(|s| a.status == s)
                && query.kind.is_none_or(|k| a.kind == k)
                && party_id.as_ref().is_none_or(|p| a.parties.iter().any(|x| &x.institution == p))
                && signatory_id.as_ref().is_none_or(|p| a.signatories.iter().any(|x| &x.person == p))
                && topic_id.as_ref().is_none_or(|t| a.topics.contains(t))
                && query
                    .activity
                    .is_none_or(|k| a.activities.iter().any(|x| x.kind == k))
                // A date known only to the month or year, or qualified, matches if it may
                // fall in range; an undated agreement matches no range.
                && ((from.is_none() && to.is_none())
                    || a.signed.is_some_and(|s| s.may_fall_within(from, to)))
        };
        let order = match query.sort {
            AgreementSortKey::Signed => ListOrder::AgreementsBySigned,
            AgreementSortKey::Title => ListOrder::AgreementsByTitle,
            AgreementSortKey::Id => ListOrder::AgreementsById,
        };
        let mut items = self.ordered_where(order, matches);
        if query.descending {
            items.reverse();
        }
        items
    }

    /// The people `query` keeps, in name order: every person, borrowed, when it keeps all.
    pub fn people_where(&self, query: &PersonQuery) -> Cow<'_, [usize]> {
        let institution_id = query.institution.map(|i| self.institutions[i].id.clone());
        let title = query.title.as_deref().map(crate::search::normalize);
        let holds = |i: usize| {
            self.people[i].positions.iter().any(|p| {
                institution_id
                    .as_ref()
                    .is_none_or(|id| &p.institution == id)
                    && title
                        .as_ref()
                        .is_none_or(|t| title_has_words(p.title.as_str(), t))
            })
        };
        match query.institution {
            // An institution's people are its edges' (a few, where a scan reads a million),
            // put in name order.
            Some(institution) => {
                let node = NodeRef {
                    kind: NodeKind::Institution,
                    index: institution,
                };
                let mut people: Vec<usize> = self
                    .neighbours(node, Direction::Incoming, Relation::HoldsPosition)
                    .into_iter()
                    .map(|person| person.index)
                    .filter(|&i| holds(i))
                    .collect();
                people.sort_unstable();
                self.sort_into(ListOrder::PeopleByName, &mut people);
                Cow::Owned(people)
            }
            None if title.is_some() => {
                Cow::Owned(self.ordered_where(ListOrder::PeopleByName, holds))
            }
            None => Cow::Borrowed(self.ordered(ListOrder::PeopleByName)),
        }
    }

    /// The labs `query` keeps, in name order.
    pub fn labs_where(&self, query: &LabQuery) -> Vec<usize> {
        let host_id = query.host.map(|h| self.institutions[h].id.clone());
        let topic_id = query.topic.map(|t| self.topics[t].id.clone());
        self.ordered_where(ListOrder::LabsByName, |i| {
            let lab = &self.labs[i];
            query.status.is_none_or(|s| lab.status == s)
                && query.kind.is_none_or(|k| lab.kind == k)
                && host_id
                    .as_ref()
                    .is_none_or(|h| lab.hosts.iter().any(|x| &x.institution == h))
                && topic_id.as_ref().is_none_or(|t| lab.focus.contains(t))
        })
    }

    /// The records of `order` that `keep`, in that order. `keep` is asked of each record in
    /// seed order, which is the records' order in memory: asked in name order, a cache miss at
    /// each record made a filter by title over many people several times slower.
    fn ordered_where(&self, order: ListOrder, keep: impl Fn(usize) -> bool) -> Vec<usize> {
        let ordered = self.ordered(order);
        let kept: Vec<bool> = (0..ordered.len()).map(keep).collect();
        ordered.iter().copied().filter(|&i| kept[i]).collect()
    }

    /// The agreements `institution` is party to, in seed order, of `status` when given.
    pub fn agreements_of(&self, institution: usize, status: Option<Status>) -> Vec<usize> {
        let node = NodeRef {
            kind: NodeKind::Institution,
            index: institution,
        };
        self.neighbours(node, Direction::Outgoing, Relation::PartyTo)
            .into_iter()
            .map(|agreement| agreement.index)
            .filter(|&a| status.is_none_or(|s| self.agreements[a].status == s))
            .collect()
    }

    /// The edges by which `institution` hosts labs, in seed order, to labs of `status` when
    /// given.
    pub fn labs_hosted_by(&self, institution: usize, status: Option<Status>) -> Vec<EdgeView> {
        let node = NodeRef {
            kind: NodeKind::Institution,
            index: institution,
        };
        self.edges(node, Direction::Outgoing, Some(Relation::Hosts))
            .into_iter()
            .filter(|e| status.is_none_or(|s| self.labs[e.edge.record].status == s))
            .collect()
    }

    /// How many relations of each kind, in [`Relation::ALL`]'s order; kinds with none left out.
    pub fn relations_by_type(&self) -> Vec<(Relation, usize)> {
        let mut counts = [0usize; Relation::ALL.len()];
        for edge in self.all_edges() {
            counts[edge.edge.relation as usize] += 1;
        }
        Relation::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .collect()
    }

    /// How many institutions have each key, in key order. The caller names the key: the API
    /// counts kinds by their GraphQL names, and lists them in that order.
    pub fn institutions_by<K: Ord>(&self, key: impl Fn(&Institution) -> K) -> Vec<(K, usize)> {
        tally(self.institutions.iter().map(key))
    }

    /// How many agreements have each key, in key order (see [`Self::institutions_by`]).
    pub fn agreements_by<K: Ord>(&self, key: impl Fn(&Agreement) -> K) -> Vec<(K, usize)> {
        tally(self.agreements.iter().map(key))
    }

    /// How many labs have each key, in key order (see [`Self::institutions_by`]).
    pub fn labs_by<K: Ord>(&self, key: impl Fn(&Lab) -> K) -> Vec<(K, usize)> {
        tally(self.labs.iter().map(key))
    }

    /// How many institutions in each country, by code.
    pub fn institutions_by_country(&self) -> Vec<(&str, usize)> {
        tally(self.institutions.iter().map(|i| i.country.as_str()))
    }

    /// How many agreements were signed in each year, by year (undated ones left out).
    pub fn agreements_by_year(&self) -> Vec<(i32, usize)> {
        tally(
            self.agreements
                .iter()
                .filter_map(|a| a.signed.map(|s| s.date().year())),
        )
    }

    /// Agreements signed per year (and per `key`), from `from_year` to `to_year` when given, by
    /// year then key. Each agreement counts once, in the year its date names, even when the
    /// date is qualified (`on_or_before 2023-05-19` counts in 2023), and those dated loosely
    /// are counted apart too, so that a chart can say how sure each bar is. Undated agreements
    /// are left out.
    pub fn timeline(
        &self,
        key: TimelineKey,
        from_year: Option<i32>,
        to_year: Option<i32>,
    ) -> Vec<TimelineCount> {
        let mut counts: BTreeMap<(i32, Option<String>), (usize, usize)> = BTreeMap::new();
        for agreement in &self.agreements {
            let Some(signed) = agreement.signed else {
                continue;
            };
            let year = signed.date().year();
            if from_year.is_some_and(|y| year < y) || to_year.is_some_and(|y| year > y) {
                continue;
            }
            let keys: Vec<Option<String>> = match key {
                TimelineKey::Year => vec![None],
                TimelineKey::Country => {
                    let mut countries: Vec<String> = agreement
                        .parties
                        .iter()
                        .filter_map(|p| self.find(NodeKind::Institution, p.institution.as_str()))
                        .map(|n| self.institutions[n.index].country.to_string())
                        .collect();
                    countries.sort();
                    countries.dedup();
                    countries.into_iter().map(Some).collect()
                }
                TimelineKey::Topic => agreement
                    .topics
                    .iter()
                    .map(|t| Some(t.to_string()))
                    .collect(),
            };
            let approximate = usize::from(signed.is_approximate());
            for key in keys {
                let (count, loosely) = counts.entry((year, key)).or_default();
                *count += 1;
                *loosely += approximate;
            }
        }
        counts
            .into_iter()
            .map(|((year, key), (count, approximate))| TimelineCount {
                year,
                key,
                count,
                approximate,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::{generate::generated_graph, graph::tests::bundled, search::normalize};

    /// Record indexes `0..len` that `keep`, sorted by `key` (stable), reversed if `descending`.
    fn reference<K: Ord>(
        len: usize,
        keep: impl Fn(usize) -> bool,
        key: impl Fn(usize) -> K,
        descending: bool,
    ) -> Vec<usize> {
        let mut items: Vec<usize> = (0..len).filter(|&i| keep(i)).collect();
        items.sort_by_key(|&i| key(i));
        if descending {
            items.reverse();
        }
        items
    }

    /// Institutions party to an agreement on `topic` or hosting a lab on it, by record ids.
    fn on_topic(kg: &KnowledgeGraph, topic: usize) -> HashSet<usize> {
        let topic = &kg.topics[topic].id;
        let index = |id: &crate::model::Id| kg.find(NodeKind::Institution, id.as_str()).unwrap();
        let parties = kg
            .agreements
            .iter()
            .filter(|a| a.topics.contains(topic))
            .flat_map(|a| a.parties.iter().map(|p| index(&p.institution).index));
        let hosts = kg
            .labs
            .iter()
            .filter(|l| l.focus.contains(topic))
            .flat_map(|l| l.hosts.iter().map(|h| index(&h.institution).index));
        parties.chain(hosts).collect()
    }

    fn institutions_by_reference(kg: &KnowledgeGraph, query: &InstitutionQuery) -> Vec<usize> {
        let topic = query.topic.map(|t| on_topic(kg, t));
        let founded = |i: usize| kg.institutions[i].founded.as_ref().map(|f| f.year.get());
        let keep = |i: usize| {
            let inst = &kg.institutions[i];
            query
                .countries
                .as_ref()
                .is_none_or(|c| c.contains(&inst.country))
                && query.kinds.as_ref().is_none_or(|k| k.contains(&inst.kind))
                && query
                    .founded_from
                    .is_none_or(|y| founded(i).is_some_and(|f| f >= y))
                && query
                    .founded_to
                    .is_none_or(|y| founded(i).is_some_and(|f| f <= y))
                && topic.as_ref().is_none_or(|t| t.contains(&i))
                && query
                    .parent
                    .is_none_or(|p| inst.parent.as_ref() == Some(&kg.institutions[p].id))
                && query.keeps_registry_fields(inst)
        };
        let name = |i: usize| (normalize(kg.institutions[i].name.as_str()), i);
        let n = kg.institutions.len();
        let descending = query.descending;
        match query.sort {
            InstitutionSortKey::Name => reference(n, keep, name, descending),
            InstitutionSortKey::Founded => reference(
                n,
                keep,
                |i| (founded(i).is_none(), founded(i), name(i)),
                descending,
            ),
            InstitutionSortKey::Country => reference(
                n,
                keep,
                |i| (kg.institutions[i].country.to_string(), name(i)),
                descending,
            ),
            InstitutionSortKey::Id => {
                reference(n, keep, |i| kg.institutions[i].id.clone(), descending)
            }
        }
    }

    #[test]
    fn the_institution_lists_are_those_a_scan_and_a_sort_give() {
        for kg in [bundled(), generated_graph(400, 9)] {
            let some = |step: usize| (0..kg.institutions.len()).step_by(step);
            let countries: Vec<CountryCode> = some(7)
                .map(|i| kg.institutions[i].country.clone())
                .collect();
            let parent = (0..kg.institutions.len())
                .find_map(|i| kg.ancestors_of(i).first().copied())
                .expect("an institution with a parent");
            let topic = (0..kg.topics.len())
                .max_by_key(|&t| on_topic(&kg, t).len())
                .unwrap();
            let years: Vec<i32> = some(1)
                .filter_map(|i| kg.institutions[i].founded.as_ref().map(|f| f.year.get()))
                .collect();
            let middle = years.iter().sum::<i32>() / years.len().max(1) as i32;
            let filters = [
                InstitutionQuery::default(),
                InstitutionQuery {
                    countries: Some(vec![countries[0].clone()]),
                    ..Default::default()
                },
                InstitutionQuery {
                    countries: Some(countries.clone()),
                    ..Default::default()
                },
                InstitutionQuery {
                    countries: Some(Vec::new()),
                    ..Default::default()
                },
                InstitutionQuery {
                    countries: Some(vec![countries[0].clone()]),
                    kinds: Some(vec![kg.institutions[0].kind, InstitutionKind::Other]),
                    ..Default::default()
                },
                InstitutionQuery {
                    kinds: Some(Vec::new()),
                    ..Default::default()
                },
                InstitutionQuery {
                    founded_from: Some(middle),
                    ..Default::default()
                },
                InstitutionQuery {
                    founded_from: Some(middle - 20),
                    founded_to: Some(middle),
                    ..Default::default()
                },
                InstitutionQuery {
                    topic: Some(topic),
                    ..Default::default()
                },
                InstitutionQuery {
                    parent: Some(parent),
                    ..Default::default()
                },
            ];
            for filter in filters {
                // Only an empty list of values keeps nothing.
                let keeps_none = filter.countries.as_ref().is_some_and(Vec::is_empty)
                    || filter.kinds.as_ref().is_some_and(Vec::is_empty);
                let kept = institutions_by_reference(&kg, &filter);
                assert_eq!(kept.is_empty(), keeps_none, "{filter:?}");
                for sort in [
                    InstitutionSortKey::Name,
                    InstitutionSortKey::Founded,
                    InstitutionSortKey::Country,
                    InstitutionSortKey::Id,
                ] {
                    for descending in [false, true] {
                        let query = InstitutionQuery {
                            sort,
                            descending,
                            ..filter.clone()
                        };
                        let expected = institutions_by_reference(&kg, &query);
                        assert_eq!(*kg.institutions_where(&query), expected, "{query:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn an_institutions_agreements_and_labs_by_status_are_those_its_records_name() {
        for kg in [bundled(), generated_graph(300, 5)] {
            for institution in 0..kg.institutions.len() {
                let id = &kg.institutions[institution].id;
                for status in [
                    None,
                    Some(Status::Planned),
                    Some(Status::Active),
                    Some(Status::Ended),
                ] {
                    let keeps = |s: Status| status.is_none_or(|w| w == s);
                    let agreements: Vec<usize> = (0..kg.agreements.len())
                        .filter(|&a| {
                            let a_ = &kg.agreements[a];
                            a_.parties.iter().any(|p| &p.institution == id) && keeps(a_.status)
                        })
                        .collect();
                    let mut listed = kg.agreements_of(institution, status);
                    listed.sort_unstable();
                    assert_eq!(listed, agreements);
                    let mut hosted: Vec<(usize, usize)> = kg
                        .labs
                        .iter()
                        .enumerate()
                        .filter(|(_, lab)| keeps(lab.status))
                        .flat_map(|(l, lab)| {
                            lab.hosts
                                .iter()
                                .enumerate()
                                .filter(|(_, h)| &h.institution == id)
                                .map(move |(item, _)| (l, item))
                        })
                        .collect();
                    hosted.sort_unstable();
                    let mut edges: Vec<(usize, usize)> = kg
                        .labs_hosted_by(institution, status)
                        .iter()
                        .map(|e| (e.edge.record, e.edge.item))
                        .collect();
                    edges.sort_unstable();
                    assert_eq!(edges, hosted);
                }
            }
        }
    }

    #[test]
    fn one_country_with_nothing_else_is_the_graphs_own_list() {
        let kg = bundled();
        let query = InstitutionQuery {
            countries: Some(vec![CountryCode::parse("KZ").unwrap()]),
            ..Default::default()
        };
        let listed = kg.institutions_where(&query);
        assert!(matches!(listed, Cow::Borrowed(_)));
        assert_eq!(*listed, *kg.institutions_in("KZ"));
        let kaznu = kg.find(NodeKind::Institution, "kaznu").unwrap().index;
        assert!(listed.contains(&kaznu));
    }

    #[test]
    fn the_agreement_lists_are_those_a_scan_and_a_sort_give() {
        for kg in [bundled(), generated_graph(400, 9)] {
            let first = &kg.agreements[0];
            let party = kg
                .find(NodeKind::Institution, first.parties[0].institution.as_str())
                .unwrap()
                .index;
            let signatory = kg
                .agreements
                .iter()
                .find_map(|a| a.signatories.first())
                .map(|s| kg.find(NodeKind::Person, s.person.as_str()).unwrap().index);
            let topic = kg
                .agreements
                .iter()
                .find_map(|a| a.topics.first())
                .map(|t| kg.find(NodeKind::Topic, t.as_str()).unwrap().index);
            let activity = kg
                .agreements
                .iter()
                .find_map(|a| a.activities.first())
                .map(|a| a.kind);
            let signed: Vec<PartialDate> = kg
                .agreements
                .iter()
                .filter_map(|a| a.signed.map(|s| s.date()))
                .collect();
            let filters = [
                AgreementQuery::default(),
                AgreementQuery {
                    party: Some(party),
                    ..Default::default()
                },
                AgreementQuery {
                    signatory,
                    ..Default::default()
                },
                AgreementQuery {
                    status: Some(first.status),
                    kind: Some(first.kind),
                    ..Default::default()
                },
                AgreementQuery {
                    topic,
                    activity,
                    ..Default::default()
                },
                AgreementQuery {
                    signed_from: Some(PartialDate::parse("2015").unwrap()),
                    ..Default::default()
                },
                AgreementQuery {
                    signed_from: signed.first().copied(),
                    signed_to: signed.last().copied(),
                    ..Default::default()
                },
            ];
            for filter in filters {
                let a = |i: usize| &kg.agreements[i];
                let id = |i: usize| kg.agreements[i].id.clone();
                let keep = |i: usize| {
                    let a = a(i);
                    let id_of = |kind, index| kg.id_of(NodeRef { kind, index });
                    filter.status.is_none_or(|s| a.status == s)
                        && filter.kind.is_none_or(|k| a.kind == k)
                        && filter.party.is_none_or(|p| {
                            let p = id_of(NodeKind::Institution, p);
                            a.parties.iter().any(|x| &x.institution == p)
                        })
                        && filter.signatory.is_none_or(|p| {
                            let p = id_of(NodeKind::Person, p);
                            a.signatories.iter().any(|x| &x.person == p)
                        })
                        && filter
                            .topic
                            .is_none_or(|t| a.topics.contains(id_of(NodeKind::Topic, t)))
                        && filter
                            .activity
                            .is_none_or(|k| a.activities.iter().any(|x| x.kind == k))
                        && filter.signed_from.is_none_or(|f| {
                            a.signed.is_some_and(|s| s.may_fall_within(Some(f), None))
                        })
                        && filter.signed_to.is_none_or(|t| {
                            a.signed.is_some_and(|s| s.may_fall_within(None, Some(t)))
                        })
                };
                for sort in [
                    AgreementSortKey::Signed,
                    AgreementSortKey::Title,
                    AgreementSortKey::Id,
                ] {
                    for descending in [false, true] {
                        let n = kg.agreements.len();
                        let expected = match sort {
                            AgreementSortKey::Signed => reference(
                                n,
                                keep,
                                |i| {
                                    let signed = a(i).signed.map(|s| s.date().earliest());
                                    (signed.is_none(), signed, id(i))
                                },
                                descending,
                            ),
                            AgreementSortKey::Title => reference(
                                n,
                                keep,
                                |i| (normalize(a(i).title.as_str()), i),
                                descending,
                            ),
                            AgreementSortKey::Id => reference(n, keep, id, descending),
                        };
                        let query = AgreementQuery {
                            sort,
                            descending,
                            ..filter.clone()
                        };
                        assert_eq!(kg.agreements_where(&query), expected, "{query:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_people_and_lab_lists_are_those_a_scan_gives_in_name_order() {
        for kg in [bundled(), generated_graph(400, 9)] {
            let person = kg.people.iter().find(|p| !p.positions.is_empty()).unwrap();
            let post = &person.positions[0];
            let institution = kg
                .find(NodeKind::Institution, post.institution.as_str())
                .unwrap()
                .index;
            let word = normalize(post.title.as_str())
                .split(' ')
                .next()
                .unwrap()
                .to_owned();
            let prefix: String = word.chars().take(3).collect();
            for query in [
                PersonQuery::default(),
                PersonQuery {
                    institution: Some(institution),
                    ..Default::default()
                },
                PersonQuery {
                    title: Some(word.to_uppercase()),
                    ..Default::default()
                },
                PersonQuery {
                    institution: Some(institution),
                    title: Some(prefix),
                },
            ] {
                let title = query.title.as_deref().map(normalize);
                let words = |t: &str| normalize(t).split(' ').map(str::to_owned).collect();
                let expected = reference(
                    kg.people.len(),
                    |i| {
                        kg.people[i].positions.iter().any(|p| {
                            let here = query
                                .institution
                                .is_none_or(|i| p.institution == kg.institutions[i].id);
                            let title_words: Vec<String> = words(p.title.as_str());
                            here && title.as_ref().is_none_or(|t| {
                                t.split(' ')
                                    .all(|w| title_words.iter().any(|x| x.starts_with(w)))
                            })
                        })
                    },
                    |i| (normalize(kg.people[i].name.as_str()), i),
                    false,
                );
                assert!(!expected.is_empty(), "{query:?}");
                assert_eq!(*kg.people_where(&query), expected, "{query:?}");
            }

            let lab = &kg.labs[0];
            let host = kg
                .find(NodeKind::Institution, lab.hosts[0].institution.as_str())
                .unwrap()
                .index;
            let topic = lab
                .focus
                .first()
                .map(|t| kg.find(NodeKind::Topic, t.as_str()).unwrap().index);
            for query in [
                LabQuery::default(),
                LabQuery {
                    status: Some(lab.status),
                    kind: Some(lab.kind),
                    ..Default::default()
                },
                LabQuery {
                    host: Some(host),
                    topic,
                    ..Default::default()
                },
            ] {
                let expected = reference(
                    kg.labs.len(),
                    |i| {
                        let l = &kg.labs[i];
                        query.status.is_none_or(|s| l.status == s)
                            && query.kind.is_none_or(|k| l.kind == k)
                            && query.host.is_none_or(|h| {
                                l.hosts
                                    .iter()
                                    .any(|x| x.institution == kg.institutions[h].id)
                            })
                            && query
                                .topic
                                .is_none_or(|t| l.focus.contains(&kg.topics[t].id))
                    },
                    |i| (normalize(kg.labs[i].name.as_str()), i),
                    false,
                );
                assert!(!expected.is_empty(), "{query:?}");
                assert_eq!(kg.labs_where(&query), expected, "{query:?}");
            }
        }
    }

    #[test]
    fn a_title_has_words_when_each_begins_one_of_its_words() {
        assert!(title_has_words("Chairman of the Board-Rector", "rector"));
        assert!(title_has_words("Chairman of the Board-Rector", "board rec"));
        assert!(!title_has_words("Director General", "rector"));
        assert!(!title_has_words(
            "Chairman of the Board-Rector",
            "rector general"
        ));
    }

    #[test]
    fn the_counts_are_those_a_count_of_the_records_gives() {
        for kg in [bundled(), generated_graph(400, 9)] {
            let relations: Vec<(Relation, usize)> = Relation::ALL
                .into_iter()
                .map(|r| (r, kg.all_edges().filter(|e| e.edge.relation == r).count()))
                .filter(|&(_, n)| n > 0)
                .collect();
            assert_eq!(kg.relations_by_type(), relations);
            assert_eq!(
                relations.iter().map(|(_, n)| n).sum::<usize>(),
                kg.edge_count()
            );

            let mut countries: Vec<&str> =
                kg.institutions.iter().map(|i| i.country.as_str()).collect();
            countries.sort();
            countries.dedup();
            let by_country: Vec<(&str, usize)> = countries
                .into_iter()
                .map(|c| (c, kg.institutions_in(c).len()))
                .collect();
            assert_eq!(kg.institutions_by_country(), by_country);

            let mut years: Vec<i32> = kg
                .agreements
                .iter()
                .filter_map(|a| a.signed.map(|s| s.date().year()))
                .collect();
            years.sort();
            years.dedup();
            let by_year: Vec<(i32, usize)> = years
                .into_iter()
                .map(|y| {
                    let signed = |a: &&crate::model::Agreement| {
                        a.signed.is_some_and(|s| s.date().year() == y)
                    };
                    (y, kg.agreements.iter().filter(signed).count())
                })
                .collect();
            assert_eq!(kg.agreements_by_year(), by_year);

            let by_id_length = kg.labs_by(|l| l.id.as_str().len());
            assert!(by_id_length.is_sorted_by_key(|(length, _)| *length));
            assert_eq!(
                by_id_length.iter().map(|(_, n)| n).sum::<usize>(),
                kg.labs.len()
            );
            let kinds = kg.institutions_by(|i| format!("{:?}", i.kind));
            assert!(kinds.is_sorted());
            assert_eq!(
                kinds.iter().map(|(_, n)| n).sum::<usize>(),
                kg.institutions.len()
            );
            let statuses = kg.agreements_by(|a| format!("{:?}", a.status));
            for (status, count) in statuses {
                let with = kg.agreements.iter();
                let with = with.filter(|a| format!("{:?}", a.status) == status);
                assert_eq!(with.count(), count, "{status}");
            }
        }
    }

    #[test]
    fn the_timeline_counts_each_agreement_once_a_year_and_key() {
        for kg in [bundled(), generated_graph(400, 9)] {
            let years: Vec<i32> = kg
                .agreements
                .iter()
                .filter_map(|a| a.signed.map(|s| s.date().year()))
                .collect();
            let (low, high) = (*years.iter().min().unwrap(), *years.iter().max().unwrap());
            for key in [TimelineKey::Year, TimelineKey::Country, TimelineKey::Topic] {
                for (from, to) in [(None, None), (Some(low + 1), Some(high - 1))] {
                    let mut expected: Vec<TimelineCount> = Vec::new();
                    for year in low..=high {
                        if from.is_some_and(|f| year < f) || to.is_some_and(|t| year > t) {
                            continue;
                        }
                        let signed_then: Vec<&crate::model::Agreement> = kg
                            .agreements
                            .iter()
                            .filter(|a| a.signed.is_some_and(|s| s.date().year() == year))
                            .collect();
                        let keys = |a: &crate::model::Agreement| -> Vec<Option<String>> {
                            match key {
                                TimelineKey::Year => vec![None],
                                TimelineKey::Country => a
                                    .parties
                                    .iter()
                                    .map(|p| {
                                        let i = kg
                                            .find(NodeKind::Institution, p.institution.as_str())
                                            .unwrap();
                                        Some(kg.institutions[i.index].country.to_string())
                                    })
                                    .collect(),
                                TimelineKey::Topic => {
                                    a.topics.iter().map(|t| Some(t.to_string())).collect()
                                }
                            }
                        };
                        let mut all: Vec<Option<String>> =
                            signed_then.iter().flat_map(|a| keys(a)).collect();
                        all.sort();
                        all.dedup();
                        for k in all {
                            let with_key: Vec<&&crate::model::Agreement> = signed_then
                                .iter()
                                .filter(|a| keys(a).contains(&k))
                                .collect();
                            let approximate = with_key
                                .iter()
                                .filter(|a| {
                                    let s = a.signed.unwrap();
                                    s.qualifier() != crate::model::DateQualifier::Exact
                                        || s.date().precision() != crate::model::DatePrecision::Day
                                })
                                .count();
                            expected.push(TimelineCount {
                                year,
                                key: k,
                                count: with_key.len(),
                                approximate,
                            });
                        }
                    }
                    // The bundled seed's agreements were all signed in one year.
                    assert!(from.is_some() || !expected.is_empty(), "{key:?}");
                    assert_eq!(kg.timeline(key, from, to), expected, "{key:?} {from:?}");
                }
            }
        }
    }
}
