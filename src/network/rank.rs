//! Rankings and groupings of a view's nodes by its measures: the most central nodes by one
//! measure, the communities as groups of nodes, and the bridges as the view's own edges.

use std::{
    borrow::Cow,
    collections::{BTreeMap, HashMap},
};

use super::NetworkView;
use crate::interrupt::{Interrupt, Interrupted};

/// A measure of how central a node is in its view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Centrality {
    /// Distinct neighbours, divided by (n - 1).
    Degree,
    /// PageRank (weighted, damping 0.85).
    PageRank,
    /// Betweenness (normalized, unweighted); O(V * E) the first time it is asked of a view.
    Betweenness,
    /// Closeness (Wasserman-Faust); O(V * E) the first time it is asked of a view.
    Closeness,
}

impl NetworkView {
    /// Each node's score by `measure`, by position (computed now unless cached; `interrupt`
    /// stops that).
    pub fn centrality(
        &self,
        measure: Centrality,
        interrupt: &Interrupt,
    ) -> Result<Cow<'_, [f64]>, Interrupted> {
        Ok(match measure {
            Centrality::Degree => {
                let n = self.nodes.len();
                let scale = if n > 1 { 1.0 / (n - 1) as f64 } else { 1.0 };
                Cow::Owned(
                    self.measures(interrupt)?
                        .degree
                        .iter()
                        .map(|&d| d as f64 * scale)
                        .collect(),
                )
            }
            Centrality::PageRank => Cow::Borrowed(&self.measures(interrupt)?.pagerank),
            Centrality::Betweenness => Cow::Borrowed(&self.costly_measures(interrupt)?.betweenness),
            Centrality::Closeness => Cow::Borrowed(&self.costly_measures(interrupt)?.closeness),
        })
    }

    /// The `k` most central nodes by `measure`, best first (equal scores in position order),
    /// as (position, score).
    pub fn most_central(
        &self,
        measure: Centrality,
        k: usize,
        interrupt: &Interrupt,
    ) -> Result<Vec<(usize, f64)>, Interrupted> {
        let scores = self.centrality(measure, interrupt)?;
        Ok(top(&scores, k)
            .into_iter()
            .map(|p| (p, scores[p]))
            .collect())
    }

    /// The communities, by number (largest first), each with its nodes in position order.
    pub fn communities(
        &self,
        interrupt: &Interrupt,
    ) -> Result<Vec<(usize, Vec<usize>)>, Interrupted> {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (position, &c) in self.measures(interrupt)?.community.iter().enumerate() {
            groups.entry(c).or_default().push(position);
        }
        Ok(groups.into_iter().collect())
    }

    /// The view's edges that are bridges, as positions in `edges`, in the order of the
    /// measures' bridges. Of two edges between the same nodes, the later one stands for them.
    pub fn bridge_edges(&self, interrupt: &Interrupt) -> Result<Vec<usize>, Interrupted> {
        let edge_at: HashMap<(usize, usize), usize> = self
            .edges
            .iter()
            .enumerate()
            .map(|(p, e)| ((e.a.min(e.b), e.a.max(e.b)), p))
            .collect();
        Ok(self
            .measures(interrupt)?
            .bridges
            .iter()
            .filter_map(|pair| edge_at.get(pair).copied())
            .collect())
    }
}

/// The positions of the `k` highest scores, highest first; equal scores in position order.
fn top(scores: &[f64], k: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order.truncate(k);
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        generate::generated_graph,
        graph::tests::bundled,
        network::{NetworkFilter, Projection, ViewCache, view},
    };

    fn views() -> Vec<std::sync::Arc<NetworkView>> {
        let mut views = Vec::new();
        for kg in [bundled(), generated_graph(120, 4)] {
            for projection in [
                Projection::Full,
                Projection::Institutions,
                Projection::Countries,
            ] {
                let filter = NetworkFilter {
                    projection,
                    limit: 400,
                    ..Default::default()
                };
                views.push(view(&kg, &ViewCache::default(), &filter, Interrupt::never()).unwrap());
            }
        }
        views
    }

    #[test]
    fn the_most_central_are_the_first_of_a_sort_of_every_score() {
        let never = Interrupt::never();
        for view in views() {
            let n = view.nodes.len();
            for measure in [
                Centrality::Degree,
                Centrality::PageRank,
                Centrality::Betweenness,
                Centrality::Closeness,
            ] {
                let scores = view.centrality(measure, never).unwrap();
                assert_eq!(scores.len(), n);
                let mut all: Vec<(usize, f64)> = scores.iter().copied().enumerate().collect();
                // Best first; a stable sort keeps equal scores in position order.
                all.sort_by(|a, b| b.1.total_cmp(&a.1));
                for k in [0, 1, 10, n + 1] {
                    let expected: Vec<(usize, f64)> = all.iter().copied().take(k).collect();
                    assert_eq!(
                        view.most_central(measure, k, never).unwrap(),
                        expected,
                        "{measure:?} {k}"
                    );
                }
            }
            let measures = view.measures(Interrupt::never()).unwrap();
            let degree = view.centrality(Centrality::Degree, never).unwrap();
            for (p, &d) in measures.degree.iter().enumerate() {
                let scaled = if n > 1 {
                    d as f64 / (n - 1) as f64
                } else {
                    d as f64
                };
                assert!((degree[p] - scaled).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn the_communities_hold_each_node_once_under_its_number() {
        let never = Interrupt::never();
        for view in views() {
            let community = &view.measures(Interrupt::never()).unwrap().community;
            let groups = view.communities(never).unwrap();
            let mut numbers: Vec<usize> = community.clone();
            numbers.sort_unstable();
            numbers.dedup();
            assert_eq!(groups.iter().map(|(c, _)| *c).collect::<Vec<_>>(), numbers);
            for (c, members) in &groups {
                let expected: Vec<usize> = (0..community.len())
                    .filter(|&p| community[p] == *c)
                    .collect();
                assert_eq!(members, &expected);
            }
        }
    }

    #[test]
    fn the_bridge_edges_join_the_bridges_ends() {
        let never = Interrupt::never();
        let mut found = 0;
        for view in views() {
            let bridges = &view.measures(Interrupt::never()).unwrap().bridges;
            let edges = view.bridge_edges(never).unwrap();
            assert_eq!(edges.len(), bridges.len());
            for (&p, &(a, b)) in edges.iter().zip(bridges) {
                let edge = &view.edges[p];
                assert_eq!((edge.a.min(edge.b), edge.a.max(edge.b)), (a, b));
                // The last edge between the two ends.
                let last = view
                    .edges
                    .iter()
                    .rposition(|e| (e.a.min(e.b), e.a.max(e.b)) == (a, b));
                assert_eq!(last, Some(p));
            }
            found += edges.len();
        }
        assert!(found > 0);
    }

    #[test]
    fn top_breaks_ties_by_position() {
        assert_eq!(top(&[1.0, 3.0, 3.0, 2.0], 3), [1, 2, 3]);
        assert_eq!(top(&[], 3), Vec::<usize>::new());
        assert_eq!(top(&[0.5, 0.5], 0), Vec::<usize>::new());
    }
}
