//! Walks along the graph's edges: a node's relations both ways, its neighbours, an institution's
//! collaborators and ancestors, and provenance (the sources an edge names, what a source supports).

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashSet},
};

use petgraph::{Direction, visit::EdgeRef as _};

use super::{EdgeRef, EdgeView, KnowledgeGraph, Relation, slot};
use crate::{
    interrupt::{Every, Interrupt, Interrupted},
    model::{Citation, NodeKind, NodeRef},
};

/// An institution another one works with, and through what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    /// The partner institution's index.
    pub partner: usize,
    /// Agreements both are party to, by index.
    pub agreements: Vec<usize>,
    /// Labs both host, by index.
    pub labs: Vec<usize>,
    /// Works both contributed to (co-publications), by index.
    pub works: Vec<usize>,
}

impl Collaboration {
    /// Shared agreements plus shared labs plus shared works.
    pub fn weight(&self) -> usize {
        self.agreements.len() + self.labs.len() + self.works.len()
    }
}

impl KnowledgeGraph {
    /// Edges at `node` in `direction` (Outgoing: the node is `from`), optionally of one relation,
    /// in the order the seed states them.
    pub fn edges(
        &self,
        node: NodeRef,
        direction: Direction,
        relation: Option<Relation>,
    ) -> Vec<EdgeView> {
        let mut found: Vec<EdgeView> = self
            .graph
            .edges_directed(self.node_index(node), direction)
            .filter(|e| relation.is_none_or(|r| e.weight().relation == r))
            .map(|e| self.view(e.id()))
            .collect();
        // petgraph lists a node's edges newest first; the seed's order reads better.
        found.sort_by_key(|e| e.index);
        found
    }

    /// `node`'s edges in each of `directions` in turn, of one of `relations` when given.
    pub fn edges_of(
        &self,
        node: NodeRef,
        directions: &[Direction],
        relations: Option<&[Relation]>,
    ) -> Vec<EdgeView> {
        directions
            .iter()
            .flat_map(|&d| self.edges(node, d, None))
            .filter(|e| relations.is_none_or(|r| r.contains(&e.edge.relation)))
            .collect()
    }

    /// Every edge, in index order.
    pub fn all_edges(&self) -> impl Iterator<Item = EdgeView> + '_ {
        self.graph.edge_indices().map(|e| self.view(e))
    }

    /// The sources an edge names (those of the record item that states it; for a plain list of
    /// ids, such as an agreement's topics, those of the record; for PUBLISHED_BY, the source).
    pub fn edge_sources(&self, edge: &EdgeRef) -> Cow<'_, [Citation]> {
        let (r, j) = (edge.record, edge.item);
        // A relation made from a field of a record (a parent, a topic) is cited as that field
        // is: by the record's facts for it, else by the record's sources.
        let field = |record: NodeRef, field: &str| {
            debug_assert!(record.kind.fact_fields().contains(&field), "{field}");
            self.facts_of(record)
                .of(field)
                .unwrap_or(self.sources_of(record))
        };
        let node = |kind| NodeRef { kind, index: r };
        Cow::Borrowed(match edge.relation {
            // Item 0 is the record's `parent`; item j + 1 its relationship j.
            Relation::PartOf if j > 0 => &self.institutions[r].relationships[j - 1].sources,
            Relation::PartOf => field(node(NodeKind::Institution), "parent"),
            Relation::RelatedTo | Relation::SucceededBy => {
                &self.institutions[r].relationships[j].sources
            }
            Relation::HoldsPosition => &self.people[r].positions[j].sources,
            Relation::Hosts => &self.labs[r].hosts[j].sources,
            Relation::PartyTo => &self.agreements[r].parties[j].sources,
            Relation::Signed => &self.agreements[r].signatories[j].sources,
            Relation::Covers => field(node(NodeKind::Agreement), "topics"),
            Relation::Establishes => field(node(NodeKind::Agreement), "establishes"),
            Relation::FocusesOn => field(node(NodeKind::Lab), "focus"),
            Relation::ParticipatedIn => &self.events[r].participants[j].sources,
            Relation::ConcludedAt => field(node(NodeKind::Event), "agreements"),
            Relation::Strengthens => &self.labs[r].strengthens[j].sources,
            Relation::Met => &self.people[r].met[j].sources,
            Relation::Broader => field(node(NodeKind::Topic), "broader"),
            // A work's sources give its authorships.
            Relation::Authored | Relation::ContributedTo => &self.works[r].sources,
            // A source is its own evidence of who published it.
            Relation::PublishedBy => {
                return Cow::Owned(vec![Citation::of(self.sources[r].id.clone())]);
            }
        })
    }

    /// The nodes at the other end of `node`'s edges of `relation` in `direction`, in seed order,
    /// each once.
    pub fn neighbours(
        &self,
        node: NodeRef,
        direction: Direction,
        relation: Relation,
    ) -> Vec<NodeRef> {
        let others = self
            .edges(node, direction, Some(relation))
            .into_iter()
            .map(|edge| match direction {
                Direction::Outgoing => edge.to,
                Direction::Incoming => edge.from,
            });
        // Most nodes have a few: a scan of those kept beats hashing. A hub (an institution
        // with a million works) is hashed.
        let mut found: Vec<NodeRef> = Vec::new();
        let mut seen: Option<HashSet<NodeRef>> = None;
        for other in others {
            let new = match &mut seen {
                Some(seen) => seen.insert(other),
                None if found.len() < 32 => !found.contains(&other),
                None => {
                    let mut set: HashSet<NodeRef> = found.iter().copied().collect();
                    let new = set.insert(other);
                    seen = Some(set);
                    new
                }
            };
            if new {
                found.push(other);
            }
        }
        found
    }

    /// The institutions `institution` shares an agreement, a lab or a work with, heaviest
    /// first. The cost is the institution's records' institutions (a hub's works may have
    /// millions): `interrupt` stops it.
    pub fn collaborators_of(
        &self,
        institution: usize,
        interrupt: &Interrupt,
    ) -> Result<Vec<Collaboration>, Interrupted> {
        let mut every = Every::new(interrupt);
        let me = NodeRef {
            kind: NodeKind::Institution,
            index: institution,
        };
        let mut partners: BTreeMap<usize, Collaboration> = BTreeMap::new();
        let mut link = |partner: usize, via: NodeRef| {
            let entry = partners.entry(partner).or_insert_with(|| Collaboration {
                partner,
                agreements: Vec::new(),
                labs: Vec::new(),
                works: Vec::new(),
            });
            let list = match via.kind {
                NodeKind::Agreement => &mut entry.agreements,
                NodeKind::Lab => &mut entry.labs,
                _ => &mut entry.works,
            };
            // Each record's institutions come once each (`neighbours`), so a partner meets a
            // record once.
            list.push(via.index);
        };
        for relation in [Relation::PartyTo, Relation::Hosts, Relation::ContributedTo] {
            for via in self.neighbours(me, Direction::Outgoing, relation) {
                every.step()?;
                for other in self.neighbours(via, Direction::Incoming, relation) {
                    if other != me {
                        link(other.index, via);
                    }
                }
            }
        }
        interrupt.check()?;
        let mut list: Vec<Collaboration> = partners.into_values().collect();
        list.sort_by(|a, b| b.weight().cmp(&a.weight()).then(a.partner.cmp(&b.partner)));
        Ok(list)
    }

    /// Ancestors of an institution, nearest first (the seed has no parent cycles).
    pub fn ancestors_of(&self, institution: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = institution;
        while let Some(parent) = &self.institutions[at].parent {
            at = self.ids[slot(NodeKind::Institution)][parent.as_str()];
            if chain.contains(&at) {
                break;
            }
            chain.push(at);
        }
        chain
    }

    /// Institutions that are party to an agreement covering `topic`, or host a lab working on it.
    pub fn institutions_on_topic(&self, topic: usize) -> HashSet<usize> {
        let topic = NodeRef {
            kind: NodeKind::Topic,
            index: topic,
        };
        let mut found = HashSet::new();
        for (relation, via) in [
            (Relation::Covers, Relation::PartyTo),
            (Relation::FocusesOn, Relation::Hosts),
        ] {
            for holder in self.neighbours(topic, Direction::Incoming, relation) {
                let institutions = self.neighbours(holder, Direction::Incoming, via);
                found.extend(institutions.into_iter().map(|n| n.index));
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::{bundled, institution};

    #[test]
    fn kaznu_collaborates_with_three_partners_and_xieg_also_through_a_lab() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu").index;
        let collaborators = kg.collaborators_of(kaznu, Interrupt::never()).unwrap();
        let ids: Vec<&str> = collaborators
            .iter()
            .map(|c| kg.institutions[c.partner].id.as_str())
            .collect();
        assert_eq!(ids, ["xieg", "cup", "szu"]);
        assert_eq!(
            collaborators[0].weight(),
            2,
            "one memorandum and the planned joint lab"
        );
        assert_eq!(collaborators[1].weight(), 1);
        let xieg = institution(&kg, "xieg").index;
        let back: Vec<usize> = kg
            .collaborators_of(xieg, Interrupt::never())
            .unwrap()
            .iter()
            .map(|c| c.partner)
            .collect();
        assert_eq!(back, [kaznu]);
    }

    #[test]
    fn co_publishers_are_collaborators_with_the_works_they_share() {
        let kg = crate::graph::works_fixture::graph();
        let uni_a = kg.find(NodeKind::Institution, "uni-a").unwrap().index;
        let partners: Vec<(&str, Vec<&str>)> = kg
            .collaborators_of(uni_a, Interrupt::never())
            .unwrap()
            .iter()
            .map(|c| {
                let works = c.works.iter().map(|&w| kg.works[w].id.as_str()).collect();
                (kg.institutions[c.partner].id.as_str(), works)
            })
            .collect();
        assert_eq!(
            partners,
            [("uni-b", vec!["w1", "w2"]), ("inst-c", vec!["w2", "w3"])]
        );
        let stopped = Interrupt::default();
        stopped.stop(crate::interrupt::Interrupted::Abandoned);
        assert!(kg.collaborators_of(uni_a, &stopped).is_err());
    }

    #[test]
    fn a_nodes_edges_both_ways_are_the_outgoing_then_the_incoming_of_the_relations_asked() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu");
        let out = kg.edges(kaznu, Direction::Outgoing, None);
        let inc = kg.edges(kaznu, Direction::Incoming, None);
        assert!(!out.is_empty() && !inc.is_empty());
        let both = [Direction::Outgoing, Direction::Incoming];
        let all = kg.edges_of(kaznu, &both, None);
        assert_eq!(all, [out.clone(), inc.clone()].concat());
        let some = [Relation::PartyTo, Relation::HoldsPosition];
        let kept = kg.edges_of(kaznu, &both, Some(&some));
        let expected: Vec<EdgeView> = all
            .iter()
            .filter(|e| some.contains(&e.edge.relation))
            .cloned()
            .collect();
        assert_eq!(kept, expected);
        assert!(
            kept.iter()
                .any(|e| e.edge.relation == Relation::HoldsPosition)
        );
        assert_eq!(kg.edges_of(kaznu, &[Direction::Incoming], Some(&[])), []);
    }

    #[test]
    fn relations_read_both_ways_with_their_attributes() {
        let kg = bundled();
        let kaznu = institution(&kg, "kaznu");
        let staff = kg.edges(kaznu, Direction::Incoming, Some(Relation::HoldsPosition));
        assert_eq!(staff.len(), 1);
        let person = &kg.people[staff[0].edge.record];
        assert_eq!(person.name.as_str(), "Zhanseit Tuimebayev");
        assert_eq!(
            person.positions[staff[0].edge.item].title.as_str(),
            "Chairman of the Board-Rector"
        );
        let xieg = institution(&kg, "xieg").index;
        let cas = institution(&kg, "cas").index;
        assert_eq!(kg.ancestors_of(xieg), [cas]);
    }

    #[test]
    fn the_press_release_supports_every_record_but_itself() {
        let kg = bundled();
        let press = kg.find(NodeKind::Source, "kaznu-press-2023-05-19").unwrap();
        let non_sources: usize = NodeKind::ALL
            .into_iter()
            .filter(|&k| k != NodeKind::Source)
            .map(|k| kg.len(k))
            .sum();
        assert_eq!(kg.records_citing(press.index).len(), non_sources);
        assert!(kg.relations_citing(press.index).len() > 20);
    }
}
