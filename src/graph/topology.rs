//! [`Topology`]: the petgraph graph of the records' relations, each kind's node indexes and the
//! records by id, built from the records alone.

use petgraph::graph::{DiGraph, NodeIndex};

use super::{EdgeRef, Relation, slot};
use crate::{
    model::{Id, NodeKind, NodeRef, Records, RelationshipKind},
    seed::{IdMap, SeedIds},
};

/// The graph being built, taking edges between records.
struct Edges<'g> {
    graph: &'g mut DiGraph<NodeRef, EdgeRef>,
    nodes: &'g [Vec<NodeIndex>; 8],
}

impl Edges<'_> {
    fn push(&mut self, (from, to, edge): (NodeRef, NodeRef, EdgeRef)) {
        let at = |node: NodeRef| self.nodes[slot(node.kind)][node.index];
        self.graph.add_edge(at(from), at(to), edge);
    }
}

/// The graph over a seed's records: the petgraph graph of their relations, each kind's node
/// indexes, and the records by id. Built from the records alone, so that a load can build it
/// while other indexes of them are built (see [`crate::snapshot::load_graph`]).
pub struct Topology {
    pub(super) graph: DiGraph<NodeRef, EdgeRef>,
    pub(super) nodes: [Vec<NodeIndex>; 8],
    pub(super) ids: [IdMap; 8],
}

impl Topology {
    /// The topology of `records`, with the records by id that the seed's check made, when they
    /// are still the records it checked.
    pub fn build(records: &Records, ids: Option<SeedIds>) -> Self {
        let mut graph = DiGraph::default();
        let mut all_nodes: [Vec<NodeIndex>; 8] = Default::default();
        let counts = NodeKind::ALL.map(|k| records.len(k));
        let total: usize = counts.iter().sum();
        graph.reserve_nodes(total);
        for kind in NodeKind::ALL {
            all_nodes[slot(kind)] = (0..counts[slot(kind)])
                .map(|index| graph.add_node(NodeRef { kind, index }))
                .collect();
        }
        let all_ids = match ids {
            Some(ids) => ids_by_kind(ids),
            None => NodeKind::ALL.map(|kind| {
                (0..counts[slot(kind)])
                    .map(|index| {
                        (
                            records.id_of(NodeRef { kind, index }).as_arc().clone(),
                            index,
                        )
                    })
                    .collect()
            }),
        };
        use NodeKind as K;
        use Relation as R;
        // Edges go straight into the graph, which is given room for all of them first: a list of
        // them beside the graph would be as large again while it is built.
        let registry = registry_edges(records, &all_ids);
        let expected = records.relation_count() + registry.len();
        graph.reserve_exact_edges(expected);
        let mut edges = Edges {
            graph: &mut graph,
            nodes: &all_nodes,
        };
        let find = |kind: NodeKind, id: &Id| {
            let index = all_ids[slot(kind)][id.as_str()];
            NodeRef { kind, index }
        };
        let node = |kind, index| NodeRef { kind, index };
        let edge = |relation, record, item| EdgeRef {
            relation,
            record,
            item,
        };
        for (i, inst) in records.institutions.iter().enumerate() {
            if let Some(parent) = &inst.parent {
                edges.push((
                    node(K::Institution, i),
                    find(K::Institution, parent),
                    edge(R::PartOf, i, 0),
                ));
            }
        }
        for (from, to, edge) in registry {
            edges.push((node(K::Institution, from), node(K::Institution, to), edge));
        }
        for (i, person) in records.people.iter().enumerate() {
            for (j, position) in person.positions.iter().enumerate() {
                let to = find(K::Institution, &position.institution);
                edges.push((node(K::Person, i), to, edge(R::HoldsPosition, i, j)));
            }
            for (j, meeting) in person.met.iter().enumerate() {
                let to = find(K::Person, &meeting.person);
                edges.push((node(K::Person, i), to, edge(R::Met, i, j)));
            }
        }
        for (i, lab) in records.labs.iter().enumerate() {
            for (j, host) in lab.hosts.iter().enumerate() {
                let from = find(K::Institution, &host.institution);
                edges.push((from, node(K::Lab, i), edge(R::Hosts, i, j)));
            }
            for (j, topic) in lab.focus.iter().enumerate() {
                edges.push((
                    node(K::Lab, i),
                    find(K::Topic, topic),
                    edge(R::FocusesOn, i, j),
                ));
            }
            for (j, link) in lab.strengthens.iter().enumerate() {
                let to = find(K::Lab, &link.lab);
                edges.push((node(K::Lab, i), to, edge(R::Strengthens, i, j)));
            }
        }
        for (i, agreement) in records.agreements.iter().enumerate() {
            let this = node(K::Agreement, i);
            for (j, party) in agreement.parties.iter().enumerate() {
                edges.push((
                    find(K::Institution, &party.institution),
                    this,
                    edge(R::PartyTo, i, j),
                ));
            }
            for (j, signatory) in agreement.signatories.iter().enumerate() {
                edges.push((
                    find(K::Person, &signatory.person),
                    this,
                    edge(R::Signed, i, j),
                ));
            }
            for (j, topic) in agreement.topics.iter().enumerate() {
                edges.push((this, find(K::Topic, topic), edge(R::Covers, i, j)));
            }
            for (j, lab) in agreement.establishes.iter().enumerate() {
                edges.push((this, find(K::Lab, lab), edge(R::Establishes, i, j)));
            }
        }
        for (i, event) in records.events.iter().enumerate() {
            for (j, participant) in event.participants.iter().enumerate() {
                let from = find(K::Person, &participant.person);
                edges.push((from, node(K::Event, i), edge(R::ParticipatedIn, i, j)));
            }
            for (j, agreement) in event.agreements.iter().enumerate() {
                let from = find(K::Agreement, agreement);
                edges.push((from, node(K::Event, i), edge(R::ConcludedAt, i, j)));
            }
        }
        for (i, work) in records.works.iter().enumerate() {
            let this = node(K::Work, i);
            for (j, authorship) in work.authorships.iter().enumerate() {
                if let Some(person) = &authorship.person {
                    edges.push((find(K::Person, person), this, edge(R::Authored, i, j)));
                }
            }
            for (j, institution) in work.institutions() {
                let from = find(K::Institution, institution);
                edges.push((from, this, edge(R::ContributedTo, i, j)));
            }
        }
        for (i, topic) in records.topics.iter().enumerate() {
            if let Some(broader) = &topic.broader {
                edges.push((
                    node(K::Topic, i),
                    find(K::Topic, broader),
                    edge(R::Broader, i, 0),
                ));
            }
        }
        for (i, source) in records.sources.iter().enumerate() {
            if let Some(publisher) = &source.publisher_institution {
                let to = find(K::Institution, publisher);
                edges.push((node(K::Source, i), to, edge(R::PublishedBy, i, 0)));
            }
        }
        debug_assert_eq!(graph.edge_count(), expected);
        Topology {
            graph,
            nodes: all_nodes,
            ids: all_ids,
        }
    }
}

/// The seed's id maps, indexed like [`NodeKind::ALL`].
fn ids_by_kind(ids: SeedIds) -> [IdMap; 8] {
    let SeedIds {
        sources,
        topics,
        institutions,
        people,
        labs,
        agreements,
        events,
        works,
    } = ids;
    let mut by_kind: [IdMap; 8] = Default::default();
    for (kind, map) in [
        (NodeKind::Institution, institutions),
        (NodeKind::Person, people),
        (NodeKind::Lab, labs),
        (NodeKind::Agreement, agreements),
        (NodeKind::Topic, topics),
        (NodeKind::Source, sources),
        (NodeKind::Event, events),
        (NodeKind::Work, works),
    ] {
        by_kind[slot(kind)] = map;
    }
    by_kind
}

/// The edges institutions' registry relationships make, as (from, to, edge) by institution
/// index. A relation stated from both sides (a parent and its child, two related records, a
/// successor and its predecessor) is one edge: the inverse statements (child, predecessor)
/// make one only when the other record does not state it, and a `related` stated both ways
/// makes one from the earlier record.
fn registry_edges(records: &Records, ids: &[IdMap; 8]) -> Vec<(usize, usize, EdgeRef)> {
    use RelationshipKind as K;
    let index = |id: &Id| ids[slot(NodeKind::Institution)][id.as_str()];
    let states = |at: usize, kind: K, of: usize| {
        let inst = &records.institutions[at];
        let of = &records.institutions[of].id;
        inst.relationships
            .iter()
            .any(|r| r.kind == kind && r.institution == *of)
            || (kind == K::Parent && inst.parent.as_ref() == Some(of))
    };
    let mut edges = Vec::new();
    for (i, inst) in records.institutions.iter().enumerate() {
        for (j, relation) in inst.relationships.iter().enumerate() {
            let other = index(&relation.institution);
            let edge = |relation, item| EdgeRef {
                relation,
                record: i,
                item,
            };
            let made = match relation.kind {
                K::Parent if inst.parent.as_ref() != Some(&relation.institution) => {
                    Some((i, other, edge(Relation::PartOf, j + 1)))
                }
                K::Parent => None,
                K::Child => (!states(other, K::Parent, i))
                    .then(|| (other, i, edge(Relation::PartOf, j + 1))),
                K::Related => (!(states(other, K::Related, i) && other < i))
                    .then(|| (i, other, edge(Relation::RelatedTo, j))),
                K::Successor => Some((i, other, edge(Relation::SucceededBy, j))),
                K::Predecessor => (!states(other, K::Successor, i))
                    .then(|| (other, i, edge(Relation::SucceededBy, j))),
            };
            edges.extend(made);
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        graph::{KnowledgeGraph, tests::institution},
        seed,
    };

    #[test]
    fn a_seed_changed_after_its_check_is_indexed_again() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seed");
        let mut seed = seed::load(&path).unwrap();
        seed.records_mut().institutions.reverse();
        let kg = KnowledgeGraph::new(seed);
        for (i, institution) in kg.institutions.iter().enumerate() {
            let found = kg.find(NodeKind::Institution, institution.id.as_str());
            assert_eq!(found.map(|n| n.index), Some(i), "{}", institution.id);
        }
        let xieg = institution(&kg, "xieg").index;
        assert_eq!(kg.ancestors_of(xieg), [institution(&kg, "cas").index]);
    }
}
