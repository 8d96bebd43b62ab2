//! Building a view from the graph: which records a filter keeps, the full graph or a
//! projection over them, the walk around a seed node, and the node limit.

use std::collections::{BTreeMap, HashMap, HashSet};

use petgraph::Direction;

use super::{
    MAX_VIEW_NODES, NetworkFilter, NetworkView, Projection, ViewEdge, ViewEdgeKind, ViewNode,
    algorithms, linked,
};
use crate::{
    graph::{KnowledgeGraph, Relation},
    interrupt::{Every, Interrupt, Interrupted},
    model::{NodeKind, NodeRef, Status},
};

/// Which records a filter keeps, before projection.
struct Keep<'a> {
    kg: &'a KnowledgeGraph,
    filter: &'a NetworkFilter,
    topic_ids: HashSet<&'a str>,
}

impl<'a> Keep<'a> {
    fn new(kg: &'a KnowledgeGraph, filter: &'a NetworkFilter) -> Self {
        let topic_ids = filter
            .topics
            .iter()
            .map(|&t| kg.topics[t].id.as_str())
            .collect();
        Keep {
            kg,
            filter,
            topic_ids,
        }
    }

    fn institution(&self, index: usize) -> bool {
        let inst = &self.kg.institutions[index];
        (self.filter.countries.is_empty()
            || self
                .filter
                .countries
                .iter()
                .any(|c| c.eq_ignore_ascii_case(inst.country.as_str())))
            && (self.filter.institution_kinds.is_empty()
                || self.filter.institution_kinds.contains(&inst.kind))
    }

    /// An agreement is in the window if it was signed by the window's end (or its date is not
    /// known) and had not ended before the window's start.
    fn agreement(&self, index: usize) -> bool {
        let a = &self.kg.agreements[index];
        let on_topic = self.topic_ids.is_empty()
            || a.topics.iter().any(|t| self.topic_ids.contains(t.as_str()))
            || a.activities
                .iter()
                .flat_map(|x| &x.topics)
                .any(|t| self.topic_ids.contains(t.as_str()));
        on_topic && self.agreement_in_window(index)
    }

    fn agreement_in_window(&self, index: usize) -> bool {
        let a = &self.kg.agreements[index];
        match &self.filter.window {
            None => true,
            Some((from, to)) => {
                let signed_by_end = match (a.signed, to) {
                    (Some(signed), Some(to)) => signed.date().earliest() <= to.latest(),
                    _ => true,
                };
                let not_ended = match (a.valid_to, from) {
                    (Some(end), Some(from)) => end.latest() >= from.earliest(),
                    (None, Some(_)) if a.status == Status::Ended => false,
                    _ => true,
                };
                signed_by_end && not_ended
            }
        }
    }

    fn lab(&self, index: usize) -> bool {
        let lab = &self.kg.labs[index];
        let on_topic = self.topic_ids.is_empty()
            || lab
                .focus
                .iter()
                .any(|t| self.topic_ids.contains(t.as_str()));
        // A lab with no opening date stands from when an agreement that sets it up was signed.
        let in_window = match (&self.filter.window, lab.opened) {
            (Some((_, Some(to))), Some(opened)) => opened.date().earliest() <= to.latest(),
            (Some(_), None) => {
                let lab = NodeRef {
                    kind: NodeKind::Lab,
                    index,
                };
                let founding = self
                    .kg
                    .neighbours(lab, Direction::Incoming, Relation::Establishes);
                founding.is_empty() || founding.iter().any(|a| self.agreement_in_window(a.index))
            }
            _ => true,
        };
        on_topic && in_window
    }

    /// Whether a record survives the filter in the full graph.
    fn record(&self, node: NodeRef) -> bool {
        if !self.filter.node_kinds.is_empty() && !self.filter.node_kinds.contains(&node.kind) {
            return false;
        }
        match node.kind {
            NodeKind::Institution => self.institution(node.index),
            NodeKind::Agreement => self.agreement(node.index),
            NodeKind::Lab => self.lab(node.index),
            _ => true,
        }
    }
}
/// The view `filter` asks for, built now; `interrupt` stops the walk over the graph.
pub(super) fn build(
    kg: &KnowledgeGraph,
    filter: &NetworkFilter,
    interrupt: &Interrupt,
) -> Result<NetworkView, Interrupted> {
    let keep = Keep::new(kg, filter);
    // Around a seed in the whole graph, walk out from it: the cost is the neighbourhood's, not
    // the graph's.
    if let (Projection::Full, Some((seed, depth))) = (filter.projection, filter.seed) {
        return ego_network(kg, &keep, seed, depth, interrupt);
    }
    let (nodes, edges) = match filter.projection {
        Projection::Full => full(kg, &keep, interrupt)?,
        Projection::Institutions => institutions(kg, &keep, interrupt)?,
        Projection::Countries => countries(kg, &keep, interrupt)?,
    };
    interrupt.check()?;
    Ok(restrict(nodes, edges, filter))
}

/// The records within `depth` steps of `seed` that pass the filter, in breadth-first order,
/// at most `filter.limit`, and the relations among them.
fn ego_network(
    kg: &KnowledgeGraph,
    keep: &Keep,
    seed: NodeRef,
    depth: usize,
    interrupt: &Interrupt,
) -> Result<NetworkView, Interrupted> {
    let limit = keep.filter.limit.clamp(1, MAX_VIEW_NODES);
    if !keep.record(seed) {
        return Ok(NetworkView::new(Vec::new(), Vec::new(), false));
    }
    let relations = &keep.filter.relations;
    let (reached, truncated) =
        algorithms::neighbourhood(kg.dense_index(seed), depth, limit, |i, out| {
            // Once stopped, no node has neighbours: the walk ends at once.
            if interrupt.check().is_err() {
                return;
            }
            out.extend(
                linked(kg, kg.node_at(i), relations)
                    .into_iter()
                    .filter(|(other, _)| keep.record(*other))
                    .map(|(other, _)| kg.dense_index(other)),
            );
        });
    interrupt.check()?;
    let position: HashMap<usize, usize> = reached
        .iter()
        .enumerate()
        .map(|(p, &(i, _))| (i, p))
        .collect();
    let mut edges = Vec::new();
    let mut every = Every::new(interrupt);
    for &(i, _) in &reached {
        every.step()?;
        for edge in kg.edges(kg.node_at(i), Direction::Outgoing, None) {
            if !relations.is_empty() && !relations.contains(&edge.edge.relation) {
                continue;
            }
            if let Some(&b) = position.get(&kg.dense_index(edge.to)) {
                edges.push(ViewEdge {
                    a: position[&i],
                    b,
                    weight: 1.0,
                    kind: ViewEdgeKind::Relation(edge),
                });
            }
        }
    }
    let nodes = reached
        .into_iter()
        .map(|(i, _)| ViewNode::Record(kg.node_at(i)))
        .collect();
    Ok(NetworkView::new(nodes, edges, truncated))
}

type Built = Result<(Vec<ViewNode>, Vec<ViewEdge>), Interrupted>;

fn full(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let mut every = Every::new(interrupt);
    let mut position: HashMap<NodeRef, usize> = HashMap::new();
    let mut nodes = Vec::new();
    for kind in NodeKind::ALL {
        for index in 0..kg.len(kind) {
            every.step()?;
            let node = NodeRef { kind, index };
            if keep.record(node) {
                position.insert(node, nodes.len());
                nodes.push(ViewNode::Record(node));
            }
        }
    }
    let mut edges = Vec::new();
    for e in kg.all_edges() {
        every.step()?;
        if !keep.filter.relations.is_empty() && !keep.filter.relations.contains(&e.edge.relation) {
            continue;
        }
        if let (Some(&a), Some(&b)) = (position.get(&e.from), position.get(&e.to)) {
            edges.push(ViewEdge {
                a,
                b,
                weight: 1.0,
                kind: ViewEdgeKind::Relation(e),
            });
        }
    }
    Ok((nodes, edges))
}

/// Institution pairs and the agreements and labs that link them.
type Pairs = BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)>;

/// Institution pairs and what links them, through agreements and labs that pass the filter.
fn collaborations(
    kg: &KnowledgeGraph,
    keep: &Keep,
    kept: &[bool],
    interrupt: &Interrupt,
) -> Result<Pairs, Interrupted> {
    let mut every = Every::new(interrupt);
    let mut pairs: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let mut link = |members: Vec<usize>, via: usize, is_lab: bool| {
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                let key = (a.min(b), a.max(b));
                let entry = pairs.entry(key).or_default();
                let list = if is_lab { &mut entry.1 } else { &mut entry.0 };
                if list.last() != Some(&via) {
                    list.push(via);
                }
            }
        }
    };
    let members = |node: NodeRef, relation: Relation| -> Vec<usize> {
        let mut found: Vec<usize> = kg
            .neighbours(node, Direction::Incoming, relation)
            .into_iter()
            .map(|n| n.index)
            .filter(|&i| kept[i])
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    };
    for agreement in 0..kg.agreements.len() {
        every.step()?;
        if !keep.agreement(agreement) {
            continue;
        }
        let node = NodeRef {
            kind: NodeKind::Agreement,
            index: agreement,
        };
        link(members(node, Relation::PartyTo), agreement, false);
    }
    for lab in 0..kg.labs.len() {
        every.step()?;
        if !keep.lab(lab) {
            continue;
        }
        let node = NodeRef {
            kind: NodeKind::Lab,
            index: lab,
        };
        link(members(node, Relation::Hosts), lab, true);
    }
    Ok(pairs)
}

/// Which institutions pass the filter, by index.
fn kept_institutions(
    kg: &KnowledgeGraph,
    keep: &Keep,
    interrupt: &Interrupt,
) -> Result<Vec<bool>, Interrupted> {
    let mut every = Every::new(interrupt);
    (0..kg.institutions.len())
        .map(|i| every.step().map(|()| keep.institution(i)))
        .collect()
}

fn institutions(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let kept = kept_institutions(kg, keep, interrupt)?;
    let pairs = collaborations(kg, keep, &kept, interrupt)?;
    // With a topic filter, an institution belongs to the view only through a collaboration.
    let linked: HashSet<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    let mut position = vec![usize::MAX; kg.institutions.len()];
    let mut nodes = Vec::new();
    for (i, &k) in kept.iter().enumerate() {
        if k && (keep.filter.topics.is_empty() || linked.contains(&i)) {
            position[i] = nodes.len();
            nodes.push(ViewNode::Record(NodeRef {
                kind: NodeKind::Institution,
                index: i,
            }));
        }
    }
    let edges = pairs
        .into_iter()
        .map(|((a, b), (agreements, labs))| ViewEdge {
            a: position[a],
            b: position[b],
            weight: (agreements.len() + labs.len()) as f64,
            kind: ViewEdgeKind::Collaboration { agreements, labs },
        })
        .collect();
    Ok((nodes, edges))
}

fn countries(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let kept = kept_institutions(kg, keep, interrupt)?;
    let pairs = collaborations(kg, keep, &kept, interrupt)?;
    let country = |i: usize| kg.institutions[i].country.as_str();
    let mut codes: Vec<&str> = if keep.filter.topics.is_empty() {
        (0..kg.institutions.len())
            .filter(|&i| kept[i])
            .map(country)
            .collect()
    } else {
        pairs
            .keys()
            .flat_map(|&(a, b)| [country(a), country(b)])
            .collect()
    };
    codes.sort_unstable();
    codes.dedup();
    let position: HashMap<&str, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    // Country pairs: the agreements and labs their institutions share (each counted once).
    let mut links: BTreeMap<(usize, usize), (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for ((a, b), (agreements, labs)) in pairs {
        let (ca, cb) = (position[country(a)], position[country(b)]);
        if ca == cb {
            continue;
        }
        let entry = links.entry((ca.min(cb), ca.max(cb))).or_default();
        entry.0.extend(agreements);
        entry.1.extend(labs);
    }
    let nodes = codes
        .iter()
        .map(|c| ViewNode::Country((*c).to_owned()))
        .collect();
    let edges = links
        .into_iter()
        .map(|((a, b), (mut agreements, mut labs))| {
            agreements.sort_unstable();
            agreements.dedup();
            labs.sort_unstable();
            labs.dedup();
            ViewEdge {
                a,
                b,
                weight: (agreements.len() + labs.len()) as f64,
                kind: ViewEdgeKind::Collaboration { agreements, labs },
            }
        })
        .collect();
    Ok((nodes, edges))
}

/// Applies the seed-and-depth restriction and the node limit, renumbering edges.
pub(super) fn restrict(
    nodes: Vec<ViewNode>,
    edges: Vec<ViewEdge>,
    filter: &NetworkFilter,
) -> NetworkView {
    let limit = filter.limit.clamp(1, MAX_VIEW_NODES);
    let seed_position = filter.seed.and_then(|(node, depth)| {
        let wanted = match filter.projection {
            Projection::Countries => return None,
            _ => ViewNode::Record(node),
        };
        nodes.iter().position(|n| *n == wanted).map(|p| (p, depth))
    });
    let (order, truncated): (Vec<usize>, bool) = match (filter.seed, seed_position) {
        (Some(_), None) => (Vec::new(), false),
        (_, Some((start, depth))) => {
            let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
            for e in &edges {
                adjacency[e.a].push(e.b);
                adjacency[e.b].push(e.a);
            }
            let (reached, cut) =
                algorithms::neighbourhood(start, depth, limit, |n, out| out.extend(&adjacency[n]));
            (reached.into_iter().map(|(n, _)| n).collect(), cut)
        }
        (None, None) => {
            if nodes.len() <= limit {
                return NetworkView::new(nodes, edges, false);
            }
            // Keep the best-connected nodes.
            let mut degree = vec![0usize; nodes.len()];
            for e in &edges {
                degree[e.a] += 1;
                degree[e.b] += 1;
            }
            let mut order: Vec<usize> = (0..nodes.len()).collect();
            order.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
            order.truncate(limit);
            order.sort_unstable();
            (order, true)
        }
    };
    let mut new_position = vec![usize::MAX; nodes.len()];
    for (i, &old) in order.iter().enumerate() {
        new_position[old] = i;
    }
    let kept_edges = edges
        .into_iter()
        .filter(|e| new_position[e.a] != usize::MAX && new_position[e.b] != usize::MAX)
        .map(|e| ViewEdge {
            a: new_position[e.a],
            b: new_position[e.b],
            ..e
        })
        .collect();
    let kept_nodes = order.into_iter().map(|old| nodes[old].clone()).collect();
    NetworkView::new(kept_nodes, kept_edges, truncated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        graph::tests::bundled,
        model::PartialDate,
        network::{
            ViewCache,
            tests::{label, record},
            view,
        },
    };

    #[test]
    fn the_country_projection_links_kazakhstan_and_china() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Countries,
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter, Interrupt::never()).unwrap();
        assert_eq!(
            view.nodes,
            vec![
                ViewNode::Country("CN".into()),
                ViewNode::Country("KZ".into())
            ]
        );
        assert_eq!(view.edges.len(), 1);
        assert_eq!(
            view.edges[0].weight, 4.0,
            "three memoranda and the joint lab"
        );
    }

    #[test]
    fn filters_narrow_the_view_and_the_limit_says_when_it_cut() {
        let kg = bundled();
        let medicine = record(&kg, NodeKind::Topic, "medicine").index;
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            topics: vec![medicine],
            limit: 100,
            ..Default::default()
        };
        let view = view(&kg, &ViewCache::default(), &filter, Interrupt::never()).unwrap();
        let ids: Vec<String> = (0..view.nodes.len())
            .map(|p| label(&kg, &view, p))
            .collect();
        assert_eq!(ids, ["kaznu", "szu"]);

        let before = NetworkFilter {
            projection: Projection::Institutions,
            window: Some((None, Some(PartialDate::parse("2022").unwrap()))),
            limit: 100,
            ..Default::default()
        };
        assert_eq!(view_edges(&kg, &before), 0, "nothing was signed by 2022");

        let kaznu = record(&kg, NodeKind::Institution, "kaznu");
        let ego = NetworkFilter {
            seed: Some((kaznu, 2)),
            limit: 3,
            ..Default::default()
        };
        let cut = self::view(&kg, &ViewCache::default(), &ego, Interrupt::never()).unwrap();
        assert_eq!(cut.nodes.len(), 3);
        assert!(cut.truncated);
        assert_eq!(cut.nodes[0], ViewNode::Record(kaznu));
    }

    fn view_edges(kg: &KnowledgeGraph, filter: &NetworkFilter) -> usize {
        view(kg, &ViewCache::default(), filter, Interrupt::never())
            .unwrap()
            .edges
            .len()
    }
}
