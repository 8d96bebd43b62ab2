//! Walks over any graph given by its `neighbours` function (a view's analysis graph, or the
//! knowledge graph itself): shortest paths from both ends, simple paths, neighbourhoods.

use std::collections::{HashMap, VecDeque};

/// Shortest path from `from` to `to` by breadth-first search from both ends, at most
/// `max_length` edges, over any graph given by its `neighbours` function. Visits only the two
/// balls around the ends, not the whole graph. Returns the nodes on the path, ends included.
pub fn shortest_path(
    from: usize,
    to: usize,
    max_length: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> Option<Vec<usize>> {
    if from == to {
        return Some(vec![from]);
    }
    let mut parent_fwd: HashMap<usize, usize> = HashMap::from([(from, from)]);
    let mut parent_bwd: HashMap<usize, usize> = HashMap::from([(to, to)]);
    let mut frontier_fwd = vec![from];
    let mut frontier_bwd = vec![to];
    let mut length = 0;
    let mut buffer = Vec::new();
    while !frontier_fwd.is_empty() && !frontier_bwd.is_empty() && length < max_length {
        // Grow the smaller frontier by one level.
        let forward = frontier_fwd.len() <= frontier_bwd.len();
        let (frontier, parents, others) = if forward {
            (&mut frontier_fwd, &mut parent_fwd, &parent_bwd)
        } else {
            (&mut frontier_bwd, &mut parent_bwd, &parent_fwd)
        };
        length += 1;
        let mut next_frontier = Vec::new();
        let mut meeting = None;
        for &node in frontier.iter() {
            buffer.clear();
            neighbours(node, &mut buffer);
            for &next in &buffer {
                if parents.contains_key(&next) {
                    continue;
                }
                parents.insert(next, node);
                if others.contains_key(&next) {
                    meeting = Some(next);
                    break;
                }
                next_frontier.push(next);
            }
            if meeting.is_some() {
                break;
            }
        }
        if let Some(meet) = meeting {
            let mut path = vec![meet];
            let mut at = meet;
            while at != from {
                at = parent_fwd[&at];
                path.push(at);
            }
            path.reverse();
            let mut at = meet;
            while at != to {
                at = parent_bwd[&at];
                path.push(at);
            }
            return Some(path);
        }
        *frontier = next_frontier;
    }
    None
}

/// Simple paths from `from` to `to` of at most `max_length` edges, shortest first, at most
/// `limit` of them; the bool says whether more were left out. Depth-first, bounded by both.
pub fn simple_paths(
    from: usize,
    to: usize,
    max_length: usize,
    limit: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> (Vec<Vec<usize>>, bool) {
    // A path between two nodes has at least one edge: none fits in 0. (The walk below checks
    // the length only before it steps further, so it would take the first edge regardless.)
    if max_length == 0 {
        return (Vec::new(), false);
    }
    let mut found = Vec::new();
    let mut more = false;
    let mut path = vec![from];
    // Depth-first with an explicit stack of neighbour lists.
    let mut stack: Vec<Vec<usize>> = Vec::new();
    let mut first = Vec::new();
    neighbours(from, &mut first);
    stack.push(first);
    let mut steps = 0usize;
    while let Some(options) = stack.last_mut() {
        steps += 1;
        if steps > 1_000_000 {
            more = true;
            break;
        }
        let Some(next) = options.pop() else {
            stack.pop();
            path.pop();
            continue;
        };
        if path.contains(&next) {
            continue;
        }
        if next == to {
            if found.len() == limit {
                more = true;
                break;
            }
            let mut complete = path.clone();
            complete.push(to);
            found.push(complete);
            continue;
        }
        if path.len() < max_length {
            path.push(next);
            let mut options = Vec::new();
            neighbours(next, &mut options);
            stack.push(options);
        }
    }
    found.sort_by_key(Vec::len);
    (found, more)
}

/// Nodes within `depth` steps of `start`, in breadth-first order with their distance, at most
/// `limit` of them; the bool says whether the limit cut the neighbourhood.
pub fn neighbourhood(
    start: usize,
    depth: usize,
    limit: usize,
    mut neighbours: impl FnMut(usize, &mut Vec<usize>),
) -> (Vec<(usize, usize)>, bool) {
    let mut seen: HashMap<usize, usize> = HashMap::from([(start, 0)]);
    let mut order = vec![(start, 0)];
    let mut queue = VecDeque::from([start]);
    let mut buffer = Vec::new();
    while let Some(node) = queue.pop_front() {
        let distance = seen[&node];
        if distance == depth {
            continue;
        }
        buffer.clear();
        neighbours(node, &mut buffer);
        for &next in &buffer {
            if seen.contains_key(&next) {
                continue;
            }
            if order.len() == limit {
                return (order, true);
            }
            seen.insert(next, distance + 1);
            order.push((next, distance + 1));
            queue.push_back(next);
        }
    }
    (order, false)
}

#[cfg(test)]
mod tests {
    use petgraph::graph::NodeIndex;

    use super::*;
    use crate::network::algorithms::{AnalysisGraph, tests::barbell};

    fn adjacency(graph: &AnalysisGraph) -> impl FnMut(usize, &mut Vec<usize>) + '_ {
        |node, out| out.extend(graph.neighbors(NodeIndex::new(node)).map(|n| n.index()))
    }

    #[test]
    fn shortest_paths_search_from_both_ends_and_respect_the_maximum() {
        let g = barbell();
        assert_eq!(
            shortest_path(0, 5, 10, adjacency(&g)),
            Some(vec![0, 2, 3, 5])
        );
        assert_eq!(shortest_path(0, 5, 2, adjacency(&g)), None);
        assert_eq!(shortest_path(0, 6, 10, adjacency(&g)), None);
        assert_eq!(shortest_path(4, 4, 0, adjacency(&g)), Some(vec![4]));
    }

    #[test]
    fn simple_paths_are_bounded_in_length_and_count() {
        let g = barbell();
        let (paths, more) = simple_paths(0, 5, 10, 100, adjacency(&g));
        assert_eq!(paths.len(), 4, "{paths:?}");
        assert!(!more);
        assert_eq!(paths[0].len(), 4);
        let (paths, more) = simple_paths(0, 5, 10, 1, adjacency(&g));
        assert_eq!(paths.len(), 1);
        assert!(more);
    }

    #[test]
    fn no_simple_path_fits_in_length_0() {
        // Found by the property tests: with `maxLength: 0`, neighbours came back as paths of
        // one relation (and, with `first: 0`, as "more paths left out").
        let g = barbell();
        assert_eq!(simple_paths(0, 1, 0, 10, adjacency(&g)), (vec![], false));
        assert_eq!(simple_paths(0, 1, 0, 0, adjacency(&g)), (vec![], false));
        assert_eq!(simple_paths(0, 1, 1, 10, adjacency(&g)).0, [vec![0, 1]]);
    }

    #[test]
    fn neighbourhoods_stop_at_the_depth_and_say_when_the_limit_cut_them() {
        let g = barbell();
        let (nodes, cut) = neighbourhood(0, 1, 100, adjacency(&g));
        let mut ids: Vec<usize> = nodes.iter().map(|n| n.0).collect();
        ids.sort();
        assert_eq!(ids, [0, 1, 2]);
        assert!(!cut);
        let (nodes, cut) = neighbourhood(0, 5, 3, adjacency(&g));
        assert_eq!(nodes.len(), 3);
        assert!(cut);
    }
}
