//! Building a view from the graph: which records a filter keeps, the full graph or a
//! projection over them, the walk around a seed node, and the node limit.

use std::collections::{BTreeMap, HashMap, HashSet};

use petgraph::Direction;

use super::{
    MAX_VIEW_NODES, NetworkFilter, NetworkView, Projection, Shared, ViewEdge, ViewEdgeKind,
    ViewError, ViewNode, algorithms, linked,
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
                    (Some(signed), Some(to)) => signed.may_fall_within(None, Some(*to)),
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
            (Some((_, Some(to))), Some(opened)) => opened.may_fall_within(None, Some(*to)),
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

    /// A work is in the window if it was published within it (its year, as the window's
    /// dates allow); an undated work only when there is no window.
    fn work(&self, index: usize) -> bool {
        match &self.filter.window {
            None => true,
            Some((from, to)) => self.kg.works[index].published.is_some_and(|published| {
                from.is_none_or(|from| published.latest() >= from.earliest())
                    && to.is_none_or(|to| published.earliest() <= to.latest())
            }),
        }
    }

    /// The signals of collaboration the projection counts: through what kind of record, by
    /// which relation from its institutions. One weighing 0 is left out; works have no topics,
    /// so a topic filter leaves them out.
    fn signals(&self) -> Vec<(NodeKind, Relation)> {
        let w = self.filter.weights;
        let mut signals = Vec::new();
        if w.agreements > 0.0 {
            signals.push((NodeKind::Agreement, Relation::PartyTo));
        }
        if w.labs > 0.0 {
            signals.push((NodeKind::Lab, Relation::Hosts));
        }
        if w.works > 0.0 && self.filter.topics.is_empty() {
            signals.push((NodeKind::Work, Relation::ContributedTo));
        }
        signals
    }

    /// Whether a record through which institutions collaborate passes the filter.
    fn via(&self, node: NodeRef) -> bool {
        match node.kind {
            NodeKind::Agreement => self.agreement(node.index),
            NodeKind::Lab => self.lab(node.index),
            NodeKind::Work => self.work(node.index),
            _ => false,
        }
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
/// The view `filter` asks for, built now; `interrupt` stops the walk over the graph. A view
/// is built from what the filter can keep, found through the graph's indexes (a country's
/// institutions, a kind's records, the neighbourhood of a seed), never by building the whole
/// graph's view and cutting it; one that would still hold more than [`MAX_VIEW_NODES`] nodes
/// before its limit cuts it is refused, as the unfiltered one is.
pub(super) fn build(
    kg: &KnowledgeGraph,
    filter: &NetworkFilter,
    interrupt: &Interrupt,
) -> Result<NetworkView, ViewError> {
    let keep = Keep::new(kg, filter);
    // Around a seed in the whole graph, walk out from it: the cost is the neighbourhood's, not
    // the graph's.
    if let (Projection::Full, Some((seed, depth))) = (filter.projection, filter.seed) {
        return Ok(ego_network(kg, &keep, seed, depth, interrupt)?);
    }
    if let (Projection::Institutions, Some((seed, depth))) = (filter.projection, filter.seed) {
        return Ok(ego_institutions(kg, &keep, seed.index, depth, interrupt)?);
    }
    let (nodes, edges) = match filter.projection {
        Projection::Full => full(kg, &keep, interrupt)?,
        Projection::Institutions => institutions(kg, &keep, interrupt)?,
        Projection::Countries => countries(kg, &keep, interrupt)?,
    };
    interrupt.check()?;
    Ok(restrict(nodes, edges, filter))
}

/// Refuses a view of `nodes` nodes when it is over the most a request may build.
fn within_cap(nodes: usize) -> Result<(), ViewError> {
    if nodes > MAX_VIEW_NODES {
        return Err(ViewError::TooLarge {
            nodes,
            max: MAX_VIEW_NODES,
        });
    }
    Ok(())
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
    let nodes: Vec<NodeRef> = reached.into_iter().map(|(i, _)| kg.node_at(i)).collect();
    let edges = relations_among(kg, keep, &nodes, interrupt)?;
    let nodes = nodes.into_iter().map(ViewNode::Record).collect();
    Ok(NetworkView::new(nodes, edges, truncated))
}

/// The relations among `nodes` (a view's, in its order) that the filter keeps, node by node:
/// each node's own edges are looked at, not the graph's.
fn relations_among(
    kg: &KnowledgeGraph,
    keep: &Keep,
    nodes: &[NodeRef],
    interrupt: &Interrupt,
) -> Result<Vec<ViewEdge>, Interrupted> {
    let relations = &keep.filter.relations;
    let position: HashMap<NodeRef, usize> =
        nodes.iter().enumerate().map(|(p, &n)| (n, p)).collect();
    let mut every = Every::new(interrupt);
    let mut edges = Vec::new();
    for (a, &node) in nodes.iter().enumerate() {
        every.step()?;
        for edge in kg.edges(node, Direction::Outgoing, None) {
            if !relations.is_empty() && !relations.contains(&edge.edge.relation) {
                continue;
            }
            if let Some(&b) = position.get(&edge.to) {
                edges.push(ViewEdge {
                    a,
                    b,
                    weight: 1.0,
                    kind: ViewEdgeKind::Relation(edge),
                });
            }
        }
    }
    Ok(edges)
}

type Built = Result<(Vec<ViewNode>, Vec<ViewEdge>), ViewError>;

/// The whole graph's records that pass the filter, found kind by kind (institutions through the
/// country index), and the relations among them.
fn full(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let mut every = Every::new(interrupt);
    let mut nodes = Vec::new();
    let mut count = 0;
    for kind in NodeKind::ALL {
        if !keep.filter.node_kinds.is_empty() && !keep.filter.node_kinds.contains(&kind) {
            continue;
        }
        let candidates = match kind {
            NodeKind::Institution => kept_institutions(kg, keep, interrupt)?,
            _ => (0..kg.len(kind)).collect(),
        };
        for index in candidates {
            every.step()?;
            let node = NodeRef { kind, index };
            if keep.record(node) {
                count += 1;
                if count <= MAX_VIEW_NODES {
                    nodes.push(node);
                }
            }
        }
    }
    within_cap(count)?;
    let mut edges = relations_among(kg, keep, &nodes, interrupt)?;
    // In the graph's edge order, as a walk over all its edges would give them.
    edges.sort_by_key(|e| match &e.kind {
        ViewEdgeKind::Relation(edge) => edge.index,
        ViewEdgeKind::Collaboration(_) => unreachable!("relations only"),
    });
    Ok((nodes.into_iter().map(ViewNode::Record).collect(), edges))
}

/// Pairs of groups (institutions, or countries) and what links them, by pair of group
/// numbers, the smaller first.
type Pairs = BTreeMap<(usize, usize), Shared>;

/// Pairs of the groups of the institutions in `members` (sorted, each passing the filter) and
/// what links them: the agreements, labs and works of those institutions that pass the filter.
/// `group` numbers an institution's group (itself in the institutions projection, its
/// country in the countries one); a record links the distinct groups of its members, each
/// pair once.
fn collaborations(
    kg: &KnowledgeGraph,
    keep: &Keep,
    members: &[usize],
    group: impl Fn(usize) -> usize,
    interrupt: &Interrupt,
) -> Result<Pairs, Interrupted> {
    let mut every = Every::new(interrupt);
    let mut kept = vec![false; kg.institutions.len()];
    for &i in members {
        kept[i] = true;
    }
    let mut pairs = Pairs::new();
    for (kind, relation) in keep.signals() {
        // The agreements (or labs, or works) of the members, each once, in index order: all of
        // them when every institution is a member, without asking each institution.
        let mut vias = Vec::new();
        if members.len() == kg.institutions.len() {
            vias.extend(0..kg.len(kind));
        } else {
            for &i in members {
                every.step()?;
                let institution = NodeRef {
                    kind: NodeKind::Institution,
                    index: i,
                };
                vias.extend(
                    kg.neighbours(institution, Direction::Outgoing, relation)
                        .into_iter()
                        .map(|n| n.index),
                );
            }
            vias.sort_unstable();
            vias.dedup();
        }
        for via in vias {
            every.step()?;
            let node = NodeRef { kind, index: via };
            if !keep.via(node) {
                continue;
            }
            let mut groups: Vec<usize> = kg
                .neighbours(node, Direction::Incoming, relation)
                .into_iter()
                .filter(|n| kept[n.index])
                .map(|n| group(n.index))
                .collect();
            groups.sort_unstable();
            groups.dedup();
            for (i, &a) in groups.iter().enumerate() {
                // A work of hundreds of institutions makes tens of thousands of pairs.
                every.step()?;
                for &b in &groups[i + 1..] {
                    pairs.entry((a, b)).or_default().add(kind, via);
                }
            }
        }
    }
    Ok(pairs)
}

/// The institutions that pass the filter, in index order: those of the countries asked for
/// (through the country index), or all.
fn kept_institutions(
    kg: &KnowledgeGraph,
    keep: &Keep,
    interrupt: &Interrupt,
) -> Result<Vec<usize>, Interrupted> {
    let mut every = Every::new(interrupt);
    let mut candidates: Vec<usize> = if keep.filter.countries.is_empty() {
        (0..kg.institutions.len()).collect()
    } else {
        let mut found: Vec<usize> = keep
            .filter
            .countries
            .iter()
            .flat_map(|c| kg.institutions_in(c).iter().copied())
            .collect();
        found.sort_unstable();
        found
    };
    let mut stopped = Ok(());
    candidates.retain(|&i| {
        stopped = stopped.and(every.step());
        stopped.is_ok() && keep.institution(i)
    });
    stopped.map(|()| candidates)
}

/// The institutions projection: institutions linked by shared agreements and labs.
fn institutions(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let kept = kept_institutions(kg, keep, interrupt)?;
    // With a topic filter, an institution belongs to the view only through a collaboration,
    // which may leave far fewer than are kept: the cap is checked on the view itself.
    if keep.filter.topics.is_empty() {
        within_cap(kept.len())?;
    }
    let pairs = collaborations(kg, keep, &kept, |i| i, interrupt)?;
    let linked: HashSet<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    let members: Vec<usize> = if keep.filter.topics.is_empty() {
        kept
    } else {
        kept.into_iter().filter(|i| linked.contains(i)).collect()
    };
    within_cap(members.len())?;
    Ok(projected(kg, keep, &members, pairs))
}

/// The institutions projection around `seed`: the partners within `depth` steps, through
/// agreements and labs that pass the filter, at most `filter.limit`, in breadth-first order.
fn ego_institutions(
    kg: &KnowledgeGraph,
    keep: &Keep,
    seed: usize,
    depth: usize,
    interrupt: &Interrupt,
) -> Result<NetworkView, Interrupted> {
    let limit = keep.filter.limit.clamp(1, MAX_VIEW_NODES);
    if !keep.institution(seed) {
        return Ok(NetworkView::new(Vec::new(), Vec::new(), false));
    }
    // Partners come in index order, each once: the order of the edges of the whole
    // projection, so that a limit cuts the same nodes as it would there.
    let partners = |i: usize, out: &mut Vec<usize>| {
        if interrupt.check().is_err() {
            return;
        }
        let mut found = Vec::new();
        let me = NodeRef {
            kind: NodeKind::Institution,
            index: i,
        };
        for (_, relation) in keep.signals() {
            for via in kg.neighbours(me, Direction::Outgoing, relation) {
                if keep.via(via) {
                    found.extend(
                        kg.neighbours(via, Direction::Incoming, relation)
                            .into_iter()
                            .map(|n| n.index)
                            .filter(|&p| p != i && keep.institution(p)),
                    );
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        out.extend(found);
    };
    let (reached, truncated) = algorithms::neighbourhood(seed, depth, limit, partners);
    interrupt.check()?;
    let order: Vec<usize> = reached.into_iter().map(|(i, _)| i).collect();
    // With a topic filter an institution is in the view only through a collaboration: a seed
    // without one makes an empty view.
    if !keep.filter.topics.is_empty() && order.len() == 1 {
        return Ok(NetworkView::new(Vec::new(), Vec::new(), false));
    }
    let mut members = order.clone();
    members.sort_unstable();
    let pairs = collaborations(kg, keep, &members, |i| i, interrupt)?;
    let (nodes, edges) = projected(kg, keep, &order, pairs);
    Ok(NetworkView::new(nodes, edges, truncated))
}

/// The view's nodes (`members`, in the view's order) and its edges, one per pair.
fn projected(
    kg: &KnowledgeGraph,
    keep: &Keep,
    members: &[usize],
    pairs: Pairs,
) -> (Vec<ViewNode>, Vec<ViewEdge>) {
    let mut position = vec![usize::MAX; kg.institutions.len()];
    for (p, &i) in members.iter().enumerate() {
        position[i] = p;
    }
    let nodes = members
        .iter()
        .map(|&i| {
            ViewNode::Record(NodeRef {
                kind: NodeKind::Institution,
                index: i,
            })
        })
        .collect();
    let edges = pairs
        .into_iter()
        .filter(|((a, b), _)| position[*a] != usize::MAX && position[*b] != usize::MAX)
        .map(|((a, b), shared)| ViewEdge {
            a: position[a],
            b: position[b],
            weight: shared.weight(&keep.filter.weights),
            kind: ViewEdgeKind::Collaboration(shared),
        })
        .collect();
    (nodes, edges)
}

/// The countries projection: countries linked when their institutions share agreements,
/// labs or works, each shared record counted once for a pair of countries.
fn countries(kg: &KnowledgeGraph, keep: &Keep, interrupt: &Interrupt) -> Built {
    let kept = kept_institutions(kg, keep, interrupt)?;
    let country = |i: usize| kg.institutions[i].country.as_str();
    let mut codes: Vec<&str> = kept.iter().map(|&i| country(i)).collect();
    codes.sort_unstable();
    codes.dedup();
    let number: HashMap<&str, usize> = codes.iter().enumerate().map(|(n, c)| (*c, n)).collect();
    let pairs = collaborations(kg, keep, &kept, |i| number[country(i)], interrupt)?;
    // With a topic filter, a country is in the view only through a collaboration.
    let shown: Vec<usize> = if keep.filter.topics.is_empty() {
        (0..codes.len()).collect()
    } else {
        let mut linked: Vec<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
        linked.sort_unstable();
        linked.dedup();
        linked
    };
    let mut position = vec![usize::MAX; codes.len()];
    for (p, &n) in shown.iter().enumerate() {
        position[n] = p;
    }
    let nodes = shown
        .iter()
        .map(|&n| ViewNode::Country(codes[n].to_owned()))
        .collect();
    let edges = pairs
        .into_iter()
        .map(|((a, b), shared)| ViewEdge {
            a: position[a],
            b: position[b],
            weight: shared.weight(&keep.filter.weights),
            kind: ViewEdgeKind::Collaboration(shared),
        })
        .collect();
    Ok((nodes, edges))
}

/// Cuts a view without a seed to its node limit, keeping the best-connected nodes, and
/// renumbers the edges.
pub(super) fn restrict(
    nodes: Vec<ViewNode>,
    edges: Vec<ViewEdge>,
    filter: &NetworkFilter,
) -> NetworkView {
    let limit = filter.limit.clamp(1, MAX_VIEW_NODES);
    if nodes.len() <= limit {
        return NetworkView::new(nodes, edges, false);
    }
    let mut degree = vec![0usize; nodes.len()];
    for e in &edges {
        degree[e.a] += 1;
        degree[e.b] += 1;
    }
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by(|&x, &y| degree[y].cmp(&degree[x]).then(x.cmp(&y)));
    order.truncate(limit);
    order.sort_unstable();
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
    NetworkView::new(kept_nodes, kept_edges, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        graph::tests::bundled,
        model::PartialDate,
        network::{
            ViewCache, Weights,
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
        // Signed "on or before 2023-05-19": each may have been signed by 2022.
        assert_eq!(
            view_edges(&kg, &before),
            3,
            "loosely dated agreements may be that old"
        );

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

    /// The institutions projection around a seed, walked from the seed through its partners,
    /// is the neighbourhood of the seed in the whole projection, node for node and edge for
    /// edge, with and without filters.
    #[test]
    fn the_institutions_around_a_seed_are_its_neighbourhood_in_the_whole_projection() {
        let kg = crate::generate::generated_graph(300, 5);
        let year = |y: &str| PartialDate::parse(y).unwrap();
        let some_topic = kg.agreements[0].topics[0].as_str();
        let topic = record(&kg, NodeKind::Topic, some_topic).index;
        let filters = [
            NetworkFilter::default(),
            NetworkFilter {
                window: Some((Some(year("2012")), Some(year("2020")))),
                ..Default::default()
            },
            NetworkFilter {
                topics: vec![topic],
                ..Default::default()
            },
        ];
        let mut walked = 0;
        for filter in filters {
            let whole = build(
                &kg,
                &NetworkFilter {
                    projection: Projection::Institutions,
                    limit: MAX_VIEW_NODES,
                    ..filter.clone()
                },
                Interrupt::never(),
            )
            .unwrap();
            let mut adjacency = vec![Vec::new(); whole.nodes.len()];
            for e in &whole.edges {
                adjacency[e.a].push(e.b);
                adjacency[e.b].push(e.a);
            }
            for (start, depth, limit) in [(0, 1, 500), (3, 2, 500), (7, 3, 40)] {
                let seed = match whole.nodes[start] {
                    ViewNode::Record(node) => node,
                    ViewNode::Country(_) => unreachable!(),
                };
                let (reached, cut) = algorithms::neighbourhood(start, depth, limit, |n, out| {
                    out.extend(&adjacency[n])
                });
                let around = build(
                    &kg,
                    &NetworkFilter {
                        projection: Projection::Institutions,
                        seed: Some((seed, depth)),
                        limit,
                        ..filter.clone()
                    },
                    Interrupt::never(),
                )
                .unwrap();
                let expected: Vec<ViewNode> = reached
                    .iter()
                    .map(|&(n, _)| whole.nodes[n].clone())
                    .collect();
                assert_eq!(around.nodes, expected);
                assert_eq!(around.truncated, cut);
                let position: HashMap<usize, usize> = reached
                    .iter()
                    .enumerate()
                    .map(|(p, &(n, _))| (n, p))
                    .collect();
                let mut expected_edges: Vec<(usize, usize, f64)> = whole
                    .edges
                    .iter()
                    .filter_map(|e| Some((*position.get(&e.a)?, *position.get(&e.b)?, e.weight)))
                    .map(|(a, b, w)| (a.min(b), a.max(b), w))
                    .collect();
                let mut edges: Vec<(usize, usize, f64)> = around
                    .edges
                    .iter()
                    .map(|e| (e.a.min(e.b), e.a.max(e.b), e.weight))
                    .collect();
                expected_edges.sort_by(|x, y| x.partial_cmp(y).unwrap());
                edges.sort_by(|x, y| x.partial_cmp(y).unwrap());
                assert_eq!(edges, expected_edges);
                walked += around.nodes.len();
            }
        }
        assert!(walked > 20, "the seeds have partners");
    }

    /// A filtered view that would hold more than a request may build is refused before its
    /// relations are looked at, however small its limit, as the unfiltered one is.
    #[test]
    fn a_filtered_view_over_the_cap_is_refused_whatever_its_limit() {
        let kg = crate::generate::generated_graph(1_500, 3);
        assert!(kg.node_count() > MAX_VIEW_NODES, "{}", kg.node_count());
        let country = kg.institutions[0].country.as_str().to_owned();
        let filter = NetworkFilter {
            countries: vec![country],
            limit: 10,
            ..Default::default()
        };
        let refused = build(&kg, &filter, Interrupt::never());
        assert!(
            matches!(refused, Err(ViewError::TooLarge { nodes, .. }) if nodes > MAX_VIEW_NODES),
            "{:?}",
            refused.map(|v| v.nodes.len())
        );
        // Narrowed to institutions, it is small enough, and cut to its limit.
        let narrowed = NetworkFilter {
            node_kinds: vec![NodeKind::Institution],
            ..filter
        };
        let view = build(&kg, &narrowed, Interrupt::never()).unwrap();
        assert_eq!(view.nodes.len(), 10);
        assert!(view.truncated);
    }

    /// Institutions that share works are linked by co-publication, weighted as asked, counted
    /// in the years of the window; countries count each shared work once.
    #[test]
    fn shared_works_link_institutions_and_countries_in_their_years() {
        let kg = crate::graph::works_fixture::graph();
        let edges = |filter: NetworkFilter| -> Vec<(String, String, f64, Vec<String>)> {
            let view = build(
                &kg,
                &NetworkFilter {
                    limit: 100,
                    ..filter
                },
                Interrupt::never(),
            )
            .unwrap();
            let mut edges: Vec<_> = view
                .edges
                .iter()
                .map(|e| {
                    let ViewEdgeKind::Collaboration(shared) = &e.kind else {
                        panic!("a projection's edges are collaborations")
                    };
                    let (a, b) = (label(&kg, &view, e.a), label(&kg, &view, e.b));
                    let works = shared
                        .works
                        .iter()
                        .map(|&w| kg.works[w].id.to_string())
                        .collect();
                    (a.clone().min(b.clone()), a.max(b), e.weight, works)
                })
                .collect();
            edges.sort_by(|x, y| x.partial_cmp(y).unwrap());
            edges
        };
        let edge = |a: &str, b: &str, weight: f64, works: &[&str]| {
            (
                a.to_owned(),
                b.to_owned(),
                weight,
                works.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>(),
            )
        };
        let institutions = NetworkFilter {
            projection: Projection::Institutions,
            ..Default::default()
        };
        assert_eq!(
            edges(institutions.clone()),
            [
                edge("inst-c", "uni-a", 2.0, &["w2", "w3"]),
                edge("inst-c", "uni-b", 1.0, &["w2"]),
                edge("uni-a", "uni-b", 2.0, &["w1", "w2"]),
            ]
        );
        let year = |y: &str| Some(PartialDate::parse(y).unwrap());
        assert_eq!(
            edges(NetworkFilter {
                window: Some((year("2020"), year("2020"))),
                weights: Weights {
                    agreements: 0.0,
                    labs: 0.0,
                    works: 2.5
                },
                ..institutions.clone()
            }),
            [edge("inst-c", "uni-a", 2.5, &["w3"])]
        );
        assert!(
            edges(NetworkFilter {
                weights: Weights {
                    works: 0.0,
                    ..Weights::default()
                },
                ..institutions
            })
            .is_empty(),
            "no agreements or labs, and works weigh nothing"
        );
        assert_eq!(
            edges(NetworkFilter {
                projection: Projection::Countries,
                ..Default::default()
            }),
            [edge("CN", "KZ", 3.0, &["w1", "w2", "w3"])]
        );
        // Around a seed, the partners are those it publishes with.
        let uni_b = record(&kg, NodeKind::Institution, "uni-b");
        let around = build(
            &kg,
            &NetworkFilter {
                projection: Projection::Institutions,
                seed: Some((uni_b, 1)),
                limit: 100,
                ..Default::default()
            },
            Interrupt::never(),
        )
        .unwrap();
        assert_eq!(around.nodes.len(), 3);
        assert_eq!(around.edges.len(), 3);
    }

    fn view_edges(kg: &KnowledgeGraph, filter: &NetworkFilter) -> usize {
        view(kg, &ViewCache::default(), filter, Interrupt::never())
            .unwrap()
            .edges
            .len()
    }
}
