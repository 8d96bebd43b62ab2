//! The orders the graph keeps its records in, so that a page of a list need not sort the whole
//! kind: each kind's lists ([`ListOrder`]), institutions by country and by name.

use std::{collections::HashMap, sync::Arc};

use super::KnowledgeGraph;
use crate::model::{NodeKind, NodeRef};

/// An order the API lists every record of a kind in, kept sorted by the graph: sorting a large
/// seed's people by name takes too long to repeat for every page, and too long to add to every
/// load for a list that may never be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOrder {
    /// People by name (normalized, as search compares names), equal names in seed order.
    PeopleByName,
    /// Labs by name, as people are.
    LabsByName,
    /// Topics by name, as people are.
    TopicsByName,
    /// Agreements by signing date (the earliest it may be; undated last), then id.
    AgreementsBySigned,
    /// Agreements by title (normalized), equal titles in seed order.
    AgreementsByTitle,
    /// Agreements by id.
    AgreementsById,
    /// Sources, newest first (by the earliest their date may be; undated last), then id.
    SourcesNewestFirst,
    /// Events, newest first, as sources are.
    EventsNewestFirst,
    /// Works, newest first (by the earliest their date may be; undated last), then id.
    WorksNewestFirst,
}

impl ListOrder {
    /// Every order, each at its own place.
    pub const ALL: [ListOrder; 9] = [
        ListOrder::PeopleByName,
        ListOrder::LabsByName,
        ListOrder::TopicsByName,
        ListOrder::AgreementsBySigned,
        ListOrder::AgreementsByTitle,
        ListOrder::AgreementsById,
        ListOrder::SourcesNewestFirst,
        ListOrder::EventsNewestFirst,
        ListOrder::WorksNewestFirst,
    ];
}

impl KnowledgeGraph {
    /// Institutions by country in name order, and each institution's place in name order (by
    /// the names the search index normalized as it was built, rather than normalizing them
    /// again).
    pub(super) fn index_institutions(&self) -> (HashMap<Arc<str>, Vec<usize>>, Vec<u32>) {
        let names: Vec<&str> = (0..self.institutions.len())
            .map(|index| {
                self.search.normalized_name(NodeRef {
                    kind: NodeKind::Institution,
                    index,
                })
            })
            .collect();
        let mut order: Vec<usize> = (0..self.institutions.len()).collect();
        // Stable: equal names keep seed order.
        order.sort_by_key(|&i| names[i]);
        let mut name_rank = vec![0; order.len()];
        for (rank, &i) in order.iter().enumerate() {
            name_rank[i] = rank as u32;
        }
        let mut by_country: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
        for i in order {
            let country = self.institutions[i].country.as_arc().clone();
            by_country.entry(country).or_default().push(i);
        }
        (by_country, name_rank)
    }

    /// The institutions of a country (an ISO code, in any case), in name order.
    pub fn institutions_in(&self, country: &str) -> &[usize] {
        self.by_country
            .get(country.to_ascii_uppercase().as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// Every record of the order's kind, in that order.
    pub fn ordered(&self, order: ListOrder) -> &[usize] {
        self.orders[order as usize].get_or_init(|| self.sort(order))
    }

    fn sort(&self, order: ListOrder) -> Vec<usize> {
        let records = match order {
            ListOrder::PeopleByName => self.people.len(),
            ListOrder::LabsByName => self.labs.len(),
            ListOrder::TopicsByName => self.topics.len(),
            ListOrder::AgreementsBySigned
            | ListOrder::AgreementsByTitle
            | ListOrder::AgreementsById => self.agreements.len(),
            ListOrder::SourcesNewestFirst => self.sources.len(),
            ListOrder::EventsNewestFirst => self.events.len(),
            ListOrder::WorksNewestFirst => self.works.len(),
        };
        let mut items: Vec<usize> = (0..records).collect();
        self.sort_into(order, &mut items);
        items
    }

    /// Puts `items`, records of the order's kind in seed order, in `order`: the order
    /// [`KnowledgeGraph::ordered`] lists them in, for a few of them.
    pub fn sort_into(&self, order: ListOrder, items: &mut [usize]) {
        // Stable: equal keys keep seed order.
        fn by<K: Ord>(items: &mut [usize], key: impl Fn(usize) -> K) {
            items.sort_by_cached_key(|&i| key(i));
        }
        let name = |kind| move |index| self.search.normalized_name(NodeRef { kind, index });
        match order {
            ListOrder::PeopleByName => by(items, name(NodeKind::Person)),
            ListOrder::LabsByName => by(items, name(NodeKind::Lab)),
            ListOrder::TopicsByName => by(items, name(NodeKind::Topic)),
            ListOrder::AgreementsBySigned => by(items, |i| {
                let signed = self.agreements[i].signed.map(|s| s.date().earliest());
                (signed.is_none(), signed, self.agreements[i].id.as_str())
            }),
            ListOrder::AgreementsByTitle => by(items, name(NodeKind::Agreement)),
            ListOrder::AgreementsById => by(items, |i| self.agreements[i].id.as_str()),
            ListOrder::SourcesNewestFirst => {
                by(items, |i| {
                    let source = &self.sources[i];
                    let date = source.date.map(|d| d.earliest());
                    (date, std::cmp::Reverse(source.id.as_str()))
                });
                items.reverse();
            }
            ListOrder::EventsNewestFirst => {
                by(items, |i| {
                    let event = &self.events[i];
                    let date = event.date.map(|d| d.date().earliest());
                    (date, std::cmp::Reverse(event.id.as_str()))
                });
                items.reverse();
            }
            ListOrder::WorksNewestFirst => {
                by(items, |i| {
                    let work = &self.works[i];
                    let date = work.published.map(|d| d.earliest());
                    (date, std::cmp::Reverse(work.id.as_str()))
                });
                items.reverse();
            }
        }
    }

    /// An institution's place when all are ordered by name (normalized, as search compares
    /// names; equal names in seed order): sorting by it is sorting by name, without normalizing.
    pub fn institution_name_rank(&self, institution: usize) -> u32 {
        self.name_rank[institution]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    #[test]
    fn the_country_and_name_indexes_agree_with_a_scan() {
        for kg in [bundled(), crate::generate::generated_graph(400, 9)] {
            let mut by_name: Vec<usize> = (0..kg.institutions.len()).collect();
            by_name.sort_by_cached_key(|&i| {
                crate::search::normalize(kg.institutions[i].name.as_str())
            });
            let mut ranked: Vec<usize> = (0..kg.institutions.len()).collect();
            ranked.sort_by_key(|&i| kg.institution_name_rank(i));
            assert_eq!(ranked, by_name);
            for code in crate::model::country_codes() {
                let scanned: Vec<usize> = by_name
                    .iter()
                    .copied()
                    .filter(|&i| kg.institutions[i].country.as_str() == code)
                    .collect();
                assert_eq!(kg.institutions_in(code), scanned, "{code}");
                assert_eq!(kg.institutions_in(&code.to_lowercase()), scanned, "{code}");
            }
            assert!(kg.institutions_in("XX").is_empty());
        }
    }

    #[test]
    fn the_kept_orders_are_those_a_sort_of_the_records_gives() {
        use crate::search::normalize;
        fn sorted<K: Ord>(len: usize, key: impl Fn(usize) -> K) -> Vec<usize> {
            let mut items: Vec<usize> = (0..len).collect();
            items.sort_by_key(|&i| key(i));
            items
        }
        fn reversed(mut items: Vec<usize>) -> Vec<usize> {
            items.reverse();
            items
        }
        // The bundled seed, one press release, has no works; the generated one has.
        for (kg, has_works) in [
            (bundled(), false),
            (crate::generate::generated_graph(400, 9), true),
        ] {
            for order in ListOrder::ALL {
                let expected = match order {
                    ListOrder::PeopleByName => {
                        sorted(kg.people.len(), |i| normalize(kg.people[i].name.as_str()))
                    }
                    ListOrder::LabsByName => {
                        sorted(kg.labs.len(), |i| normalize(kg.labs[i].name.as_str()))
                    }
                    ListOrder::TopicsByName => {
                        sorted(kg.topics.len(), |i| normalize(kg.topics[i].name.as_str()))
                    }
                    ListOrder::AgreementsBySigned => sorted(kg.agreements.len(), |i| {
                        let signed = kg.agreements[i].signed.map(|s| s.date().earliest());
                        (signed.is_none(), signed, kg.agreements[i].id.clone())
                    }),
                    ListOrder::AgreementsByTitle => sorted(kg.agreements.len(), |i| {
                        normalize(kg.agreements[i].title.as_str())
                    }),
                    ListOrder::AgreementsById => {
                        sorted(kg.agreements.len(), |i| kg.agreements[i].id.clone())
                    }
                    ListOrder::SourcesNewestFirst => reversed(sorted(kg.sources.len(), |i| {
                        let source = &kg.sources[i];
                        (
                            source.date.map(|d| d.earliest()),
                            std::cmp::Reverse(source.id.clone()),
                        )
                    })),
                    ListOrder::EventsNewestFirst => reversed(sorted(kg.events.len(), |i| {
                        let event = &kg.events[i];
                        (
                            event.date.map(|d| d.date().earliest()),
                            std::cmp::Reverse(event.id.clone()),
                        )
                    })),
                    ListOrder::WorksNewestFirst => reversed(sorted(kg.works.len(), |i| {
                        let work = &kg.works[i];
                        (
                            work.published.map(|d| d.earliest()),
                            std::cmp::Reverse(work.id.clone()),
                        )
                    })),
                };
                assert!(
                    !expected.is_empty() || (order == ListOrder::WorksNewestFirst && !has_works),
                    "{order:?}"
                );
                assert_eq!(kg.ordered(order), expected, "{order:?}");
                // A few of them, in seed order, are put in the same order.
                let mut some: Vec<usize> = (0..expected.len()).step_by(3).collect();
                kg.sort_into(order, &mut some);
                let kept: Vec<usize> = expected.into_iter().filter(|i| i % 3 == 0).collect();
                assert_eq!(some, kept, "{order:?}");
            }
        }
    }
}
