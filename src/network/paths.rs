//! Paths between two records of the graph, with the relations along them: the shortest one and
//! the simple ones, walked by `algorithms` over the graph's relations.

use super::{algorithms, linked};
use crate::{
    graph::{EdgeView, KnowledgeGraph, Relation},
    interrupt::{Interrupt, Interrupted},
    model::NodeRef,
};

/// A path between two records, as the records on it and the relations between them.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPath {
    /// The records, ends included.
    pub nodes: Vec<NodeRef>,
    /// The relation between each consecutive pair.
    pub edges: Vec<EdgeView>,
}

/// The relation joining two adjacent records (the first one in seed order).
fn edge_between(kg: &KnowledgeGraph, a: NodeRef, b: NodeRef, relations: &[Relation]) -> EdgeView {
    linked(kg, a, relations)
        .into_iter()
        .find(|(other, _)| *other == b)
        .map(|(_, edge)| edge)
        .expect("consecutive path nodes are linked")
}

/// The shortest path between two records through the given relations (all if empty), of at
/// most `max_length` relations, searched from both ends; `interrupt` stops the search.
pub fn shortest_path(
    kg: &KnowledgeGraph,
    from: NodeRef,
    to: NodeRef,
    relations: &[Relation],
    max_length: usize,
    interrupt: &Interrupt,
) -> Result<Option<GraphPath>, Interrupted> {
    let (index, node) = (|n| kg.dense_index(n), |i| kg.node_at(i));
    let found = algorithms::shortest_path(index(from), index(to), max_length, |i, out| {
        // Once stopped, no node has neighbours: the search ends at once.
        if interrupt.check().is_ok() {
            out.extend(
                linked(kg, node(i), relations)
                    .into_iter()
                    .map(|(n, _)| index(n)),
            );
        }
    });
    interrupt.check()?;
    Ok(found.map(|found| path_of(kg, found.into_iter().map(&node).collect(), relations)))
}

/// Simple paths between two records of at most `max_length` relations, shortest first, at most
/// `limit`; the bool says whether more were left out. `interrupt` stops the search: on a hub
/// the paths to try grow as the degree to the power of the length.
pub fn simple_paths(
    kg: &KnowledgeGraph,
    from: NodeRef,
    to: NodeRef,
    relations: &[Relation],
    max_length: usize,
    limit: usize,
    interrupt: &Interrupt,
) -> Result<(Vec<GraphPath>, bool), Interrupted> {
    let (index, node) = (|n| kg.dense_index(n), |i| kg.node_at(i));
    let (paths, more) =
        algorithms::simple_paths(index(from), index(to), max_length, limit, |i, out| {
            if interrupt.check().is_err() {
                return;
            }
            let mut next: Vec<usize> = linked(kg, node(i), relations)
                .into_iter()
                .map(|(n, _)| index(n))
                .collect();
            next.sort_unstable();
            next.dedup();
            next.reverse();
            out.extend(next);
        });
    interrupt.check()?;
    let paths = paths
        .into_iter()
        .map(|p| path_of(kg, p.into_iter().map(&node).collect(), relations))
        .collect();
    Ok((paths, more))
}

fn path_of(kg: &KnowledgeGraph, nodes: Vec<NodeRef>, relations: &[Relation]) -> GraphPath {
    let edges = nodes
        .windows(2)
        .map(|w| edge_between(kg, w[0], w[1], relations))
        .collect();
    GraphPath { nodes, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{graph::tests::bundled, model::NodeKind, network::tests::record};

    #[test]
    fn paths_in_the_full_graph_carry_their_relations() {
        let kg = bundled();
        let cup = record(&kg, NodeKind::Institution, "cup");
        let szu = record(&kg, NodeKind::Institution, "szu");
        let never = Interrupt::never();
        let path = shortest_path(&kg, cup, szu, &[Relation::PartyTo], 10, never)
            .unwrap()
            .unwrap();
        let ids: Vec<String> = path
            .nodes
            .iter()
            .map(|&n| kg.id_of(n).to_string())
            .collect();
        assert_eq!(
            ids,
            [
                "cup",
                "mou-kaznu-cup-2023",
                "kaznu",
                "mou-kaznu-szu-2023",
                "szu"
            ]
        );
        assert!(
            path.edges
                .iter()
                .all(|e| e.edge.relation == Relation::PartyTo)
        );
        assert!(
            shortest_path(&kg, cup, szu, &[Relation::PartyTo], 3, never)
                .unwrap()
                .is_none()
        );
        let (paths, more) = simple_paths(&kg, cup, szu, &[], 4, 10, never).unwrap();
        assert!(!paths.is_empty() && paths.iter().all(|p| p.edges.len() <= 4));
        assert!(!more || paths.len() == 10);
    }

    #[test]
    fn a_stopped_search_says_so_rather_than_finding_nothing() {
        let kg = bundled();
        let cup = record(&kg, NodeKind::Institution, "cup");
        let szu = record(&kg, NodeKind::Institution, "szu");
        let stopped = Interrupt::new();
        stopped.stop(Interrupted::TimedOut);
        assert_eq!(
            shortest_path(&kg, cup, szu, &[], 10, &stopped),
            Err(Interrupted::TimedOut)
        );
        assert_eq!(
            simple_paths(&kg, cup, szu, &[], 4, 10, &stopped),
            Err(Interrupted::TimedOut)
        );
    }
}
