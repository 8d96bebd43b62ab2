//! JSON for the web's drawing libraries: Cytoscape.js elements and graphology's serialized
//! graph (what sigma.js draws), each written straight to the output, element by element.

use std::io::{self, Write};

use serde::{Serialize, Serializer, ser::SerializeMap};

use super::{ExportNode, Nodes, edge_attributes};
use crate::{
    graph::KnowledgeGraph,
    network::{AttrValue, EdgeInfo, NetworkView},
};

/// An attribute value as JSON: a string or a number.
struct JsonValue<'a>(&'a AttrValue);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            AttrValue::Text(text) => s.serialize_str(text),
            AttrValue::Int(n) => s.serialize_i64(*n),
            AttrValue::Float(x) => s.serialize_f64(*x),
        }
    }
}

/// A node's fields as one JSON object: Cytoscape's `data` (with `id`) or graphology's
/// `attributes` (without: the id is the node's `key`).
struct NodeJson<'a> {
    node: &'a ExportNode,
    with_id: bool,
}

impl Serialize for NodeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let node = self.node;
        let mut map = s.serialize_map(None)?;
        if self.with_id {
            map.serialize_entry("id", &node.info.id)?;
        }
        map.serialize_entry("label", &node.info.label)?;
        map.serialize_entry("type", node.info.node_type)?;
        for (name, value) in node.attributes() {
            map.serialize_entry(name, &JsonValue(value))?;
        }
        map.serialize_entry("degree", &node.degree)?;
        map.serialize_entry("pagerank", &node.pagerank)?;
        map.serialize_entry("community", &node.community)?;
        map.serialize_entry("size", &node.size)?;
        map.end()
    }
}

/// An edge's fields as one JSON object: Cytoscape's `data` (with id, ends and direction) or
/// graphology's `attributes` (where those are the edge's own fields).
struct EdgeJson<'a> {
    edge: &'a EdgeInfo,
    cytoscape: bool,
}

impl Serialize for EdgeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let edge = self.edge;
        let mut map = s.serialize_map(None)?;
        if self.cytoscape {
            map.serialize_entry("id", &edge.id)?;
            map.serialize_entry("source", &edge.source)?;
            map.serialize_entry("target", &edge.target)?;
        }
        map.serialize_entry("type", edge.edge_type)?;
        map.serialize_entry("weight", &edge.weight)?;
        if self.cytoscape {
            map.serialize_entry("directed", &edge.directed)?;
        }
        for (name, value) in edge_attributes(edge) {
            map.serialize_entry(name, &JsonValue(value))?;
        }
        map.end()
    }
}

/// One Cytoscape element: `{"data": {...}}`.
#[derive(Serialize)]
struct CytoscapeElement<T> {
    data: T,
}

/// What the whole graph says of itself.
#[derive(Serialize)]
struct GraphJson {
    name: &'static str,
    truncated: bool,
}

fn graph_json(view: &NetworkView) -> GraphJson {
    GraphJson {
        name: "collabgraph",
        truncated: view.truncated,
    }
}

/// Writes a JSON array of `count` elements, each written by `element` straight to `out`.
fn json_array<W: Write>(
    out: &mut W,
    count: usize,
    mut element: impl FnMut(&mut W, usize) -> serde_json::Result<()>,
) -> io::Result<()> {
    out.write_all(b"[")?;
    for i in 0..count {
        if i > 0 {
            out.write_all(b",")?;
        }
        element(out, i)?;
    }
    out.write_all(b"]")
}

/// Cytoscape.js elements JSON, with the graph's own `data` (name, whether the limit cut it).
pub(crate) fn write_cytoscape<W: Write>(
    view: &NetworkView,
    kg: &KnowledgeGraph,
    out: &mut W,
) -> io::Result<()> {
    let nodes = Nodes::new(view, kg);
    out.write_all(b"{\"data\":")?;
    serde_json::to_writer(&mut *out, &graph_json(view))?;
    out.write_all(b",\"elements\":{\"nodes\":")?;
    json_array(out, nodes.len(), |out, i| {
        let node = nodes.get(i);
        let data = NodeJson {
            node: &node,
            with_id: true,
        };
        serde_json::to_writer(out, &CytoscapeElement { data })
    })?;
    out.write_all(b",\"edges\":")?;
    json_array(out, view.edges.len(), |out, i| {
        let edge = view.edge_info(kg, i);
        let data = EdgeJson {
            edge: &edge,
            cytoscape: true,
        };
        serde_json::to_writer(out, &CytoscapeElement { data })
    })?;
    out.write_all(b"}}")
}

/// graphology's serialized graph: a mixed multigraph (relations directed, collaborations
/// undirected), whose attributes say whether the limit cut it.
pub(crate) fn write_graphology<W: Write>(
    view: &NetworkView,
    kg: &KnowledgeGraph,
    out: &mut W,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct GraphologyNode<'a> {
        key: &'a str,
        attributes: NodeJson<'a>,
    }
    #[derive(Serialize)]
    struct GraphologyEdge<'a> {
        key: &'a str,
        source: &'a str,
        target: &'a str,
        attributes: EdgeJson<'a>,
        undirected: bool,
    }
    let nodes = Nodes::new(view, kg);
    out.write_all(b"{\"attributes\":")?;
    serde_json::to_writer(&mut *out, &graph_json(view))?;
    out.write_all(
        b",\"options\":{\"type\":\"mixed\",\"multi\":true,\"allowSelfLoops\":true},\"nodes\":",
    )?;
    json_array(out, nodes.len(), |out, i| {
        let node = nodes.get(i);
        let attributes = NodeJson {
            node: &node,
            with_id: false,
        };
        serde_json::to_writer(
            out,
            &GraphologyNode {
                key: &node.info.id,
                attributes,
            },
        )
    })?;
    out.write_all(b",\"edges\":")?;
    json_array(out, view.edges.len(), |out, i| {
        let edge = view.edge_info(kg, i);
        let attributes = EdgeJson {
            edge: &edge,
            cytoscape: false,
        };
        serde_json::to_writer(
            out,
            &GraphologyEdge {
                key: &edge.id,
                source: &edge.source,
                target: &edge.target,
                attributes,
                undirected: !edge.directed,
            },
        )
    })?;
    out.write_all(b"}")
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::super::SIZE_RANGE;
    use crate::{
        export::{
            Format,
            tests::{json, view_of},
        },
        graph::tests::bundled,
        network::Projection,
    };

    #[test]
    fn cytoscape_elements_carry_every_node_and_edge_with_measures() {
        let kg = bundled();
        let view = view_of(&kg, Projection::Full);
        let doc = json(Format::Cytoscape, &view, &kg);
        let nodes = doc["elements"]["nodes"].as_array().unwrap();
        let edges = doc["elements"]["edges"].as_array().unwrap();
        assert_eq!(nodes.len(), kg.node_count());
        assert_eq!(edges.len(), kg.edge_count());
        assert_eq!(doc["data"]["truncated"], false);
        let kaznu = nodes
            .iter()
            .find(|n| n["data"]["id"] == "Institution:kaznu")
            .unwrap();
        assert_eq!(kaznu["data"]["type"], "Institution");
        assert_eq!(kaznu["data"]["country"], "KZ");
        assert!(kaznu["data"]["degree"].as_u64().unwrap() > 3);
        assert!(kaznu["data"]["pagerank"].as_f64().unwrap() > 0.0);
        assert!(kaznu["data"]["community"].is_u64());
        let size = kaznu["data"]["size"].as_f64().unwrap();
        assert!((SIZE_RANGE.0..=SIZE_RANGE.1).contains(&size));
        let mut ids: Vec<&str> = nodes
            .iter()
            .chain(edges)
            .map(|e| e["data"]["id"].as_str().unwrap())
            .collect();
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(
            ids.len(),
            count,
            "Cytoscape needs ids unique across elements"
        );
        let party = edges
            .iter()
            .find(|e| e["data"]["type"] == "PARTY_TO")
            .unwrap();
        assert_eq!(party["data"]["directed"], true);
        assert_eq!(party["data"]["weight"], 1.0);
    }

    #[test]
    fn graphology_marks_collaborations_undirected_and_keeps_their_weight() {
        let kg = bundled();
        let view = view_of(&kg, Projection::Institutions);
        let doc = json(Format::Graphology, &view, &kg);
        assert_eq!(
            doc["options"],
            serde_json::json!({"type": "mixed", "multi": true, "allowSelfLoops": true})
        );
        assert_eq!(doc["nodes"].as_array().unwrap().len(), 5);
        let edges = doc["edges"].as_array().unwrap();
        assert_eq!(edges.len(), 3);
        let xieg = edges
            .iter()
            .find(|e| [&e["source"], &e["target"]].contains(&&Value::from("Institution:xieg")))
            .unwrap();
        assert_eq!(xieg["undirected"], true);
        assert_eq!(xieg["attributes"]["type"], "COLLABORATES_WITH");
        assert_eq!(xieg["attributes"]["weight"], 2.0);
        assert!(!xieg["attributes"]["labs"].as_str().unwrap().is_empty());
        let kaznu = doc["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["key"] == "Institution:kaznu")
            .unwrap();
        assert!(kaznu["attributes"].get("id").is_none(), "the id is the key");
        assert_eq!(
            kaznu["attributes"]["label"],
            kg.institutions[0].name.as_str()
        );
        assert_eq!(
            kaznu["attributes"]["size"], SIZE_RANGE.1,
            "the highest PageRank"
        );
    }
}
