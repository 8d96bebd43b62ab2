//! Works and who wrote them: a person's or an institution's works, and co-authorship (who
//! publishes with whom, through which works, since when).

use std::{borrow::Cow, collections::HashMap};

use petgraph::Direction;

use super::{KnowledgeGraph, ListOrder, Relation};
use crate::model::{NodeKind, NodeRef, WorkType};

/// Which works to list, newest first. Conditions combine with AND; `None` and an empty list
/// keep all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkQuery {
    /// One of its authors was affiliated with this institution on it (index).
    pub institution: Option<usize>,
    /// This person is one of its authors (index).
    pub person: Option<usize>,
    /// Published in or after this year.
    pub from_year: Option<i32>,
    /// Published in or before this year.
    pub to_year: Option<i32>,
    /// Of one of these kinds.
    pub kinds: Vec<WorkType>,
}

/// A person who shares works with another, and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoAuthor {
    /// The co-author's index.
    pub person: usize,
    /// The works both are authors of, newest first.
    pub works: Vec<usize>,
    /// The year of the earliest of them that is dated.
    pub since: Option<i32>,
    /// The year of the latest of them that is dated.
    pub until: Option<i32>,
}

impl KnowledgeGraph {
    /// The works `query` keeps, newest first. Through an institution's or a person's works
    /// when it names one, so the cost is theirs, not the graph's.
    pub fn works_where(&self, query: &WorkQuery) -> Cow<'_, [usize]> {
        let keep = |w: usize| {
            let work = &self.works[w];
            let year = work.year();
            (query.from_year.is_none() || year.is_some_and(|y| Some(y) >= query.from_year))
                && (query.to_year.is_none() || year.is_some_and(|y| Some(y) <= query.to_year))
                && (query.kinds.is_empty() || query.kinds.contains(&work.kind))
                && query.person.is_none_or(|p| {
                    work.authorships
                        .iter()
                        .any(|a| a.person.as_ref() == Some(&self.people[p].id))
                })
                && query.institution.is_none_or(|i| {
                    let id = &self.institutions[i].id;
                    work.authorships.iter().any(|a| a.institutions.contains(id))
                })
        };
        let through = match (query.person, query.institution) {
            (Some(p), _) => Some(NodeRef {
                kind: NodeKind::Person,
                index: p,
            }),
            (None, Some(i)) => Some(NodeRef {
                kind: NodeKind::Institution,
                index: i,
            }),
            (None, None) => None,
        };
        match through {
            Some(node) => Cow::Owned(
                self.works_of(node)
                    .into_iter()
                    .filter(|&w| keep(w))
                    .collect(),
            ),
            None => {
                let mut ordered = self.ordered(ListOrder::WorksNewestFirst);
                if query.from_year.is_some() || query.to_year.is_some() {
                    // Newest first and undated last, so a range of years is one run of the
                    // list, found by halving it rather than by reading a million works.
                    let year = |w: &usize| self.works[*w].year();
                    let start = ordered.partition_point(|w| {
                        year(w)
                            .zip(query.to_year)
                            .is_some_and(|(year, to)| year > to)
                    });
                    let end = ordered.partition_point(|w| {
                        year(w).is_some_and(|year| query.from_year.is_none_or(|from| year >= from))
                    });
                    ordered = &ordered[start..end.max(start)];
                }
                if query.kinds.is_empty() {
                    Cow::Borrowed(ordered)
                } else {
                    Cow::Owned(ordered.iter().copied().filter(|&w| keep(w)).collect())
                }
            }
        }
    }

    /// The works of a person (that they are an author of) or of an institution (that one of
    /// its authors was affiliated with), each once, newest first.
    pub fn works_of(&self, node: NodeRef) -> Vec<usize> {
        let relation = match node.kind {
            NodeKind::Person => Relation::Authored,
            NodeKind::Institution => Relation::ContributedTo,
            _ => return Vec::new(),
        };
        let mut works: Vec<usize> = self
            .neighbours(node, Direction::Outgoing, relation)
            .into_iter()
            .map(|work| work.index)
            .collect();
        self.sort_into(ListOrder::WorksNewestFirst, &mut works);
        works
    }

    /// A person's authorships as (work, place in its list), newest work first.
    pub fn authorships_of(&self, person: usize) -> Vec<(usize, usize)> {
        let me = NodeRef {
            kind: NodeKind::Person,
            index: person,
        };
        let id = &self.people[person].id;
        self.works_of(me)
            .into_iter()
            .flat_map(|w| {
                let authorships = self.works[w].authorships.iter().enumerate();
                authorships
                    .filter(|(_, a)| a.person.as_ref() == Some(id))
                    .map(move |(item, _)| (w, item))
            })
            .collect()
    }

    /// The people `person` shares works with: most shared works first, then the longest
    /// standing, then in seed order. The cost is the sum of the person's works' authorships.
    pub fn coauthors_of(&self, person: usize) -> Vec<CoAuthor> {
        let me = NodeRef {
            kind: NodeKind::Person,
            index: person,
        };
        let mut shared: HashMap<usize, CoAuthor> = HashMap::new();
        for work in self.works_of(me) {
            let year = self.works[work].year();
            let mut others: Vec<usize> = self
                .neighbours(
                    NodeRef {
                        kind: NodeKind::Work,
                        index: work,
                    },
                    Direction::Incoming,
                    Relation::Authored,
                )
                .into_iter()
                .map(|n| n.index)
                .filter(|&p| p != person)
                .collect();
            others.sort_unstable();
            others.dedup();
            for other in others {
                let entry = shared.entry(other).or_insert_with(|| CoAuthor {
                    person: other,
                    works: Vec::new(),
                    since: None,
                    until: None,
                });
                entry.works.push(work);
                if let Some(year) = year {
                    entry.since = Some(entry.since.map_or(year, |s| s.min(year)));
                    entry.until = Some(entry.until.map_or(year, |u| u.max(year)));
                }
            }
        }
        let mut list: Vec<CoAuthor> = shared.into_values().collect();
        list.sort_by(|a, b| {
            b.works
                .len()
                .cmp(&a.works.len())
                .then(a.since.is_none().cmp(&b.since.is_none()))
                .then(a.since.cmp(&b.since))
                .then(a.person.cmp(&b.person))
        });
        list
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::seed::load_texts;

    /// Three institutions and four people on four works: Ana and Ben share two (2019 and
    /// 2021), Ana and Chen one (2020); one authorship names its author only by name.
    pub(crate) const WORKS: &str = r#"{
      "version": 2,
      "sources": [{"id": "db", "title": "A bibliographic database", "kind": "dataset", "language": "en"}],
      "institutions": [
        {"id": "uni-a", "name": "University A", "kind": "university", "country": "KZ", "sources": ["db"]},
        {"id": "uni-b", "name": "University B", "kind": "university", "country": "CN", "sources": ["db"]},
        {"id": "inst-c", "name": "Institute C", "kind": "research_institute", "country": "CN", "sources": ["db"]}
      ],
      "people": [
        {"id": "ana", "name": "Ana", "externalIds": [{"scheme": "orcid", "value": "0000-0001-0000-0001"}], "sources": ["db"]},
        {"id": "ben", "name": "Ben", "sources": ["db"]},
        {"id": "chen", "name": "Chen", "sources": ["db"]},
        {"id": "dana", "name": "Dana", "sources": ["db"]}
      ],
      "works": [
        {"id": "w1", "title": "First", "kind": "article", "published": "2019-05", "doi": "10.1/one",
         "authorships": [
           {"person": "ana", "position": "first", "institutions": ["uni-a"]},
           {"person": "ben", "position": "last", "corresponding": true, "institutions": ["uni-b", "uni-a"]}
         ], "sources": ["db"]},
        {"id": "w2", "title": "Second", "kind": "preprint", "published": "2021",
         "authorships": [
           {"person": "ben", "institutions": ["uni-b"]},
           {"person": "ana", "institutions": ["uni-a"]},
           {"name": "A. Nonymous", "institutions": ["inst-c"]}
         ], "sources": ["db"]},
        {"id": "w3", "title": "Third", "kind": "article", "published": "2020-01-02",
         "authorships": [
           {"person": "chen", "institutions": ["inst-c"]},
           {"person": "ana", "institutions": ["uni-a"]}
         ], "sources": ["db"]},
        {"id": "w4", "title": "Fourth", "kind": "dataset",
         "authorships": [{"person": "dana", "institutions": []}], "sources": ["db"]}
      ]
    }"#;

    pub(crate) fn graph() -> KnowledgeGraph {
        KnowledgeGraph::new(load_texts(&[("works.json", WORKS)]).unwrap_or_else(|r| panic!("{r}")))
    }

    fn index(kg: &KnowledgeGraph, kind: NodeKind, id: &str) -> usize {
        kg.find(kind, id).unwrap().index
    }

    #[test]
    fn co_authors_come_with_their_shared_works_and_years_most_shared_first() {
        let kg = graph();
        let ana = index(&kg, NodeKind::Person, "ana");
        let coauthors = kg.coauthors_of(ana);
        type Seen<'a> = (&'a str, Vec<&'a str>, Option<i32>, Option<i32>);
        let seen: Vec<Seen> = coauthors
            .iter()
            .map(|c| {
                (
                    kg.people[c.person].id.as_str(),
                    c.works.iter().map(|&w| kg.works[w].id.as_str()).collect(),
                    c.since,
                    c.until,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("ben", vec!["w2", "w1"], Some(2019), Some(2021)),
                ("chen", vec!["w3"], Some(2020), Some(2020)),
            ]
        );
        let dana = index(&kg, NodeKind::Person, "dana");
        assert!(kg.coauthors_of(dana).is_empty(), "alone on w4");
    }

    #[test]
    fn works_are_listed_newest_first_through_a_person_or_an_institution() {
        let kg = graph();
        let ids = |works: &[usize]| -> Vec<String> {
            works.iter().map(|&w| kg.works[w].id.to_string()).collect()
        };
        let uni_a = index(&kg, NodeKind::Institution, "uni-a");
        let query = |q: WorkQuery| ids(&kg.works_where(&q));
        assert_eq!(query(WorkQuery::default()), ["w2", "w3", "w1", "w4"]);
        assert_eq!(
            query(WorkQuery {
                institution: Some(uni_a),
                from_year: Some(2020),
                ..Default::default()
            }),
            ["w2", "w3"]
        );
        assert_eq!(
            query(WorkQuery {
                kinds: vec![WorkType::Article],
                to_year: Some(2019),
                ..Default::default()
            }),
            ["w1"]
        );
        // Every range of years, open or closed, empty or not, lists what a filter of every
        // work would.
        let years = [
            None,
            Some(2018),
            Some(2019),
            Some(2020),
            Some(2021),
            Some(2022),
        ];
        for from_year in years {
            for to_year in years {
                let q = WorkQuery {
                    from_year,
                    to_year,
                    ..Default::default()
                };
                let filtered: Vec<usize> = kg
                    .ordered(ListOrder::WorksNewestFirst)
                    .iter()
                    .copied()
                    .filter(|&w| {
                        let year = kg.works[w].year();
                        from_year.is_none_or(|from| year.is_some_and(|y| y >= from))
                            && to_year.is_none_or(|to| year.is_some_and(|y| y <= to))
                    })
                    .collect();
                assert_eq!(
                    ids(&kg.works_where(&q)),
                    ids(&filtered),
                    "{from_year:?}..{to_year:?}"
                );
            }
        }
        let ben = index(&kg, NodeKind::Person, "ben");
        let authorships: Vec<(String, usize)> = kg
            .authorships_of(ben)
            .into_iter()
            .map(|(w, item)| (kg.works[w].id.to_string(), item))
            .collect();
        assert_eq!(authorships, [("w2".into(), 0), ("w1".into(), 1)]);
        // uni-a is named twice on w1 and is one CONTRIBUTED_TO edge.
        let w1 = kg.find(NodeKind::Work, "w1").unwrap();
        let contributors = kg.edges(w1, Direction::Incoming, Some(Relation::ContributedTo));
        assert_eq!(contributors.len(), 2);
        assert_eq!(kg.work_by_doi("https://doi.org/10.1/ONE"), Some(w1.index));
        assert_eq!(
            kg.by_external_id(
                NodeKind::Person,
                crate::model::IdScheme::Orcid,
                "0000-0001-0000-0001"
            ),
            Some(index(&kg, NodeKind::Person, "ana"))
        );
    }
}
