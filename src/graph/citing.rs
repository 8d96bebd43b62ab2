//! What each source supports: the records and relations that cite it, indexed the first time
//! any source's support is asked for, so that a page of it does not walk the whole graph; and
//! the facts sources disagree on, found the first time they are asked for.

use petgraph::graph::EdgeIndex;

use super::KnowledgeGraph;
use crate::model::{Citation, FactKey, NodeKind, NodeRef};

/// For each source (by index), the records that cite it, for themselves or for one of their
/// fields, in node order; and the relations that cite it, in edge order.
#[derive(Default)]
pub(super) struct Citing {
    records: Vec<Vec<NodeRef>>,
    relations: Vec<Vec<EdgeIndex>>,
}

impl Citing {
    pub(super) fn build(kg: &KnowledgeGraph) -> Citing {
        let n = kg.sources.len();
        let mut citing = Citing {
            records: vec![Vec::new(); n],
            relations: vec![Vec::new(); n],
        };
        // The distinct sources of one record or relation; a handful at most.
        let mut cited: Vec<usize> = Vec::new();
        for node in kg.nodes() {
            cited.clear();
            kg.sources_cited(kg.sources_of(node), &mut cited);
            for (_, citations) in kg.facts_of(node).iter() {
                kg.sources_cited(citations, &mut cited);
            }
            for (_, others) in kg.values_of(node).iter() {
                for other in others {
                    kg.sources_cited(&other.sources, &mut cited);
                }
            }
            for &source in &cited {
                citing.records[source].push(node);
            }
        }
        for edge in kg.graph.edge_indices() {
            cited.clear();
            kg.sources_cited(&kg.edge_sources(&kg.graph[edge]), &mut cited);
            for &source in &cited {
                citing.relations[source].push(edge);
            }
        }
        citing.records.iter_mut().for_each(Vec::shrink_to_fit);
        citing.relations.iter_mut().for_each(Vec::shrink_to_fit);
        citing
    }
}

impl KnowledgeGraph {
    /// Adds to `cited` the index of each source `citations` name that it does not hold yet, in
    /// the order first cited: a source cited at two places is one source.
    pub fn sources_cited(&self, citations: &[Citation], cited: &mut Vec<usize>) {
        for c in citations {
            if let Some(source) = self.find(NodeKind::Source, c.source.as_str())
                && !cited.contains(&source.index)
            {
                cited.push(source.index);
            }
        }
    }

    fn citing(&self) -> &Citing {
        self.citing.get_or_init(|| Citing::build(self))
    }

    /// The records that cite `source`, for themselves or for one of their fields.
    pub fn records_citing(&self, source: usize) -> &[NodeRef] {
        &self.citing().records[source]
    }

    /// The relations that cite `source`.
    pub fn relations_citing(&self, source: usize) -> &[EdgeIndex] {
        &self.citing().relations[source]
    }

    /// The facts that sources give more than one value, each as its record and fact, in node
    /// order; within a record, its fields in the order of the kind's
    /// [`NodeKind::value_fields`], then its disputed counts.
    pub fn disputed(&self) -> &[(NodeRef, FactKey)] {
        self.disputed.get_or_init(|| {
            let mut disputed = Vec::new();
            for node in self.nodes() {
                let values = self.values_of(node);
                let fields = node.kind.value_fields().iter();
                let fields = fields.filter(|f| values.of(f).is_some());
                disputed.extend(fields.map(|&f| (node, FactKey::Field(f))));
                if node.kind == NodeKind::Institution {
                    let metrics = self.institutions[node.index].disputed_metrics();
                    let metrics = metrics
                        .into_iter()
                        .map(|m| (node, FactKey::Counts(m.clone())));
                    disputed.extend(metrics);
                }
            }
            disputed
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    fn source(kg: &KnowledgeGraph, id: &str) -> usize {
        kg.find(NodeKind::Source, id).unwrap().index
    }

    #[test]
    fn a_source_supports_each_record_once_and_those_it_gives_a_field_of() {
        let kg = bundled();
        let press = kg.records_citing(source(&kg, "kaznu-press-2023-05-19"));
        // KazNU cites the release at two places, and is listed once.
        let kaznu = kg.find(NodeKind::Institution, "kaznu").unwrap();
        assert_eq!(press.iter().filter(|&&n| n == kaznu).count(), 1);
        // The editors' curation is cited only in records' facts.
        let curation = source(&kg, "editorial-curation");
        let ids: Vec<String> = kg
            .records_citing(curation)
            .iter()
            .map(|&n| format!("{}:{}", n.kind.name(), kg.id_of(n)))
            .collect();
        assert!(
            ids.contains(&"Lab:kaznu-xieg-joint-lab".to_owned()),
            "{ids:?}"
        );
        assert!(ids.contains(&"Institution:kaznu".to_owned()), "{ids:?}");
        assert!(!ids.iter().any(|id| id.starts_with("Person:")), "{ids:?}");
    }

    #[test]
    fn a_relation_made_from_a_field_cites_the_source_of_that_field() {
        let kg = bundled();
        let edges: Vec<String> = kg
            .relations_citing(source(&kg, "editorial-curation"))
            .iter()
            .map(|&e| kg.edge_id(&kg.view(e)))
            .collect();
        assert_eq!(edges, ["BROADER:satellite-imagery>remote-sensing"]);
    }
}
