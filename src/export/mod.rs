//! Graph exports for drawing tools: a network view written as Cytoscape.js elements JSON,
//! graphology's serialized JSON (sigma.js), GEXF 1.3 (Gephi) or GraphML (yEd, networkx, igraph).
//!
//! Every writer streams into any `io::Write`, node by node and edge by edge: nothing builds a
//! document tree, so memory stays flat however large the view. Every node carries its id,
//! label, type and attributes plus the view's measures `degree`, `pagerank`, `community` and
//! `size` (PageRank scaled to 4-20 for drawing); every edge its id, source, target, type,
//! weight, attributes and whether it is directed (relations are, collaborations are not).
//!
//! The XML is written by hand with a small escaper rather than through an XML crate: the
//! writers emit a fixed, flat set of elements, and the one thing that has to be right,
//! escaping (five entities, tabs and line breaks inside attribute values, characters XML 1.0
//! cannot hold), fits in one tested function.
//!
//! [`filter_from_params`] turns the query parameters of `GET /export/{format}` into a
//! [`NetworkFilter`], with an error naming the parameter when one is wrong.

use std::io::{self, Write};

use serde::{Serialize, Serializer, ser::SerializeMap};

use crate::{
    graph::{KnowledgeGraph, Relation},
    model::{CountryCode, InstitutionKind, NodeKind, PartialDate},
    network::{
        AttrValue, EdgeInfo, MAX_VIEW_NODES, Measures, NetworkFilter, NetworkView, NodeInfo,
        Projection,
    },
};

/// A file format an export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Cytoscape.js elements JSON: `{"elements":{"nodes":[{"data":..}],"edges":[..]}}`.
    Cytoscape,
    /// graphology's serialized graph (what sigma.js draws), loaded with `graph.import()`.
    Graphology,
    /// GEXF 1.3, Gephi's format.
    Gexf,
    /// GraphML.
    Graphml,
}

impl Format {
    /// Every format, in a fixed order.
    pub const ALL: [Format; 4] = [
        Format::Cytoscape,
        Format::Graphology,
        Format::Gexf,
        Format::Graphml,
    ];

    /// The format's name in the URL (`/export/gexf`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Cytoscape => "cytoscape",
            Format::Graphology => "graphology",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
        }
    }

    /// The format with that name in the URL.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The media type an export of this format is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Cytoscape | Format::Graphology => "application/json",
            Format::Gexf => "application/gexf+xml",
            Format::Graphml => "application/graphml+xml",
        }
    }

    /// The file extension of a download (`cyjs` is what Cytoscape itself uses for this JSON).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Cytoscape => "cyjs",
            Format::Graphology => "json",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
        }
    }
}

/// Writes `view` in `format` to `out`.
pub fn write<W: Write>(
    format: Format,
    view: &NetworkView,
    kg: &KnowledgeGraph,
    out: &mut W,
) -> io::Result<()> {
    match format {
        Format::Cytoscape => write_cytoscape(view, kg, out),
        Format::Graphology => write_graphology(view, kg, out),
        Format::Gexf => write_gexf(view, kg, out),
        Format::Graphml => write_graphml(view, kg, out),
    }
}

// ---------------------------------------------------------------------------------------------
// What every format says about a node and an edge
// ---------------------------------------------------------------------------------------------

/// Node fields every format writes itself; a record attribute of the same name is left out.
const NODE_FIELDS: [&str; 7] = [
    "id",
    "label",
    "type",
    "degree",
    "pagerank",
    "community",
    "size",
];
/// Edge fields every format writes itself; a record attribute of the same name is left out.
const EDGE_FIELDS: [&str; 7] = [
    "id", "source", "target", "type", "weight", "directed", "label",
];

/// The smallest and largest drawn node size; PageRank is scaled between them.
const SIZE_RANGE: (f64, f64) = (4.0, 20.0);

/// A node with its measures.
struct ExportNode {
    info: NodeInfo,
    degree: usize,
    pagerank: f64,
    community: usize,
    size: f64,
}

impl ExportNode {
    /// The record's attributes, less any that would clash with the fixed fields.
    fn attributes(&self) -> impl Iterator<Item = &(&'static str, AttrValue)> {
        own_attributes(&self.info.attributes, &NODE_FIELDS)
    }
}

fn own_attributes<'a>(
    attributes: &'a [(&'static str, AttrValue)],
    fixed: &'a [&str],
) -> impl Iterator<Item = &'a (&'static str, AttrValue)> {
    attributes
        .iter()
        .filter(move |(name, _)| !fixed.contains(name))
}

fn edge_attributes(edge: &EdgeInfo) -> impl Iterator<Item = &(&'static str, AttrValue)> {
    own_attributes(&edge.attributes, &EDGE_FIELDS)
}

/// The nodes of a view with their measures, made one at a time.
struct Nodes<'a> {
    view: &'a NetworkView,
    kg: &'a KnowledgeGraph,
    measures: &'a Measures,
    max_pagerank: f64,
}

impl<'a> Nodes<'a> {
    fn new(view: &'a NetworkView, kg: &'a KnowledgeGraph) -> Self {
        let measures = view.measures();
        let max_pagerank = measures
            .pagerank
            .iter()
            .copied()
            .filter(|p| p.is_finite())
            .fold(0.0, f64::max);
        Nodes {
            view,
            kg,
            measures,
            max_pagerank,
        }
    }

    fn len(&self) -> usize {
        self.view.nodes.len()
    }

    fn get(&self, position: usize) -> ExportNode {
        let pagerank = self.measures.pagerank[position];
        let (small, large) = SIZE_RANGE;
        let size = if self.max_pagerank > 0.0 && pagerank.is_finite() {
            small + (large - small) * pagerank / self.max_pagerank
        } else {
            small
        };
        ExportNode {
            info: self.view.node_info(self.kg, position),
            degree: self.measures.degree[position],
            pagerank,
            community: self.measures.community[position],
            size,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// JSON: Cytoscape.js and graphology
// ---------------------------------------------------------------------------------------------

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
pub fn write_cytoscape<W: Write>(
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
pub fn write_graphology<W: Write>(
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

// ---------------------------------------------------------------------------------------------
// XML: GEXF and GraphML
// ---------------------------------------------------------------------------------------------

/// The type an XML format declares for an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrType {
    Text,
    Int,
    Float,
}

impl AttrType {
    fn of(value: &AttrValue) -> AttrType {
        match value {
            AttrValue::Text(_) => AttrType::Text,
            AttrValue::Int(_) => AttrType::Int,
            AttrValue::Float(_) => AttrType::Float,
        }
    }

    /// The type that holds values of both: a number widens to a real, anything else to text.
    fn widen(self, other: AttrType) -> AttrType {
        use AttrType::*;
        match (self, other) {
            (a, b) if a == b => a,
            (Int, Float) | (Float, Int) => Float,
            _ => Text,
        }
    }

    /// The name GraphML and GEXF both use for this type.
    fn xml_name(self) -> &'static str {
        match self {
            AttrType::Text => "string",
            AttrType::Int => "long",
            AttrType::Float => "double",
        }
    }
}

/// Attributes declared before the nodes (or edges), in first-seen order.
#[derive(Debug, Default)]
struct Declared(Vec<(&'static str, AttrType)>);

impl Declared {
    fn add(&mut self, name: &'static str, ty: AttrType) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, known)) => *known = known.widen(ty),
            None => self.0.push((name, ty)),
        }
    }

    fn position(&self, name: &str) -> usize {
        self.0
            .iter()
            .position(|(n, _)| *n == name)
            .expect("every written attribute is declared")
    }

    fn get(&self, name: &str) -> AttrType {
        self.0[self.position(name)].1
    }
}

/// What the XML formats declare up front: every attribute of the view's nodes and edges, and
/// which way most edges go. Found in a first pass, so the second can stream.
struct XmlSchema {
    nodes: Declared,
    edges: Declared,
    /// Whether the graph's default edge type is directed (some edge is, or there are none).
    directed: bool,
}

impl XmlSchema {
    /// `node_first` and `edge_first` are declared ahead of the records' own attributes.
    fn of(
        view: &NetworkView,
        kg: &KnowledgeGraph,
        node_first: &[(&'static str, AttrType)],
        edge_first: &[(&'static str, AttrType)],
    ) -> XmlSchema {
        let mut nodes = Declared::default();
        for &(name, ty) in node_first {
            nodes.add(name, ty);
        }
        for position in 0..view.nodes.len() {
            let info = view.node_info(kg, position);
            for (name, value) in own_attributes(&info.attributes, &NODE_FIELDS) {
                nodes.add(name, AttrType::of(value));
            }
        }
        for (name, ty) in [
            ("degree", AttrType::Int),
            ("pagerank", AttrType::Float),
            ("community", AttrType::Int),
            ("size", AttrType::Float),
        ] {
            nodes.add(name, ty);
        }
        let mut edges = Declared::default();
        for &(name, ty) in edge_first {
            edges.add(name, ty);
        }
        let mut directed = view.edges.is_empty();
        for position in 0..view.edges.len() {
            let info = view.edge_info(kg, position);
            directed |= info.directed;
            for (name, value) in edge_attributes(&info) {
                edges.add(name, AttrType::of(value));
            }
        }
        XmlSchema {
            nodes,
            edges,
            directed,
        }
    }
}

/// Writes `text` escaped for XML character data or (with `attribute`) a double-quoted
/// attribute value. Characters XML 1.0 cannot hold become U+FFFD; in attribute values, tabs
/// and line breaks become character references so parsers do not fold them into spaces.
fn escape<W: Write>(out: &mut W, text: &str, attribute: bool) -> io::Result<()> {
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let replacement: &str = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if attribute => "&quot;",
            '\'' if attribute => "&apos;",
            '\t' if attribute => "&#9;",
            '\n' if attribute => "&#10;",
            '\r' => "&#13;",
            '\t' | '\n' => continue,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        out.write_all(&text.as_bytes()[start..i])?;
        out.write_all(replacement.as_bytes())?;
        start = i + c.len_utf8();
    }
    out.write_all(&text.as_bytes()[start..])
}

/// A value as XML text, converted to the declared type: numbers in the XML Schema lexical
/// forms (`NaN`, `INF`), anything as text where the declared type is text.
fn xml_value<W: Write>(
    out: &mut W,
    value: &AttrValue,
    declared: AttrType,
    attribute: bool,
) -> io::Result<()> {
    match (value, declared) {
        (AttrValue::Text(text), _) => escape(out, text, attribute),
        (AttrValue::Int(n), AttrType::Float) => out.write_all(xml_float(*n as f64).as_bytes()),
        (AttrValue::Int(n), _) => write!(out, "{n}"),
        (AttrValue::Float(x), _) => out.write_all(xml_float(*x).as_bytes()),
    }
}

/// A real number as xs:double writes it (Rust's shortest round-trip form, never exponents).
fn xml_float(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "INF" } else { "-INF" }.into()
    } else {
        format!("{x}")
    }
}

fn xml_bool(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// GEXF 1.3: node and edge attributes declared with their types, PageRank also as the node's
/// `viz:size`, edge weights in `weight`, each edge's direction in its `type`, and the relation
/// as its `label`.
pub fn write_gexf<W: Write>(
    view: &NetworkView,
    kg: &KnowledgeGraph,
    out: &mut W,
) -> io::Result<()> {
    let schema = XmlSchema::of(
        view,
        kg,
        &[("type", AttrType::Text)],
        &[("type", AttrType::Text)],
    );
    let nodes = Nodes::new(view, kg);
    out.write_all(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"#,
            "\n  <meta>\n    <creator>collabgraph</creator>\n    <description>"
        )
        .as_bytes(),
    )?;
    write!(
        out,
        "collabgraph network view; nodes: {}, edges: {}{}",
        view.nodes.len(),
        view.edges.len(),
        if view.truncated {
            ", cut by the node limit"
        } else {
            ""
        }
    )?;
    writeln!(out, "</description>\n  </meta>")?;
    writeln!(
        out,
        r#"  <graph mode="static" defaultedgetype="{}">"#,
        if schema.directed {
            "directed"
        } else {
            "undirected"
        }
    )?;
    for (class, declared) in [("node", &schema.nodes), ("edge", &schema.edges)] {
        writeln!(out, r#"    <attributes class="{class}">"#)?;
        for (i, (name, ty)) in declared.0.iter().enumerate() {
            write!(out, r#"      <attribute id="{i}" title=""#)?;
            escape(out, name, true)?;
            writeln!(out, r#"" type="{}"/>"#, ty.xml_name())?;
        }
        writeln!(out, "    </attributes>")?;
    }

    /// Writes `<attvalues>` for the values given, if any.
    fn attvalues<'a, W: Write>(
        out: &mut W,
        declared: &Declared,
        values: impl Iterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()> {
        let mut opened = false;
        for (name, value) in values {
            if !opened {
                out.write_all(b"<attvalues>")?;
                opened = true;
            }
            write!(
                out,
                r#"<attvalue for="{}" value=""#,
                declared.position(name)
            )?;
            xml_value(out, value, declared.get(name), true)?;
            out.write_all(b"\"/>")?;
        }
        if opened {
            out.write_all(b"</attvalues>")?;
        }
        Ok(())
    }

    writeln!(out, "    <nodes>")?;
    for position in 0..nodes.len() {
        let node = nodes.get(position);
        out.write_all(b"      <node id=\"")?;
        escape(out, &node.info.id, true)?;
        out.write_all(b"\" label=\"")?;
        escape(out, &node.info.label, true)?;
        out.write_all(b"\">")?;
        let node_type = AttrValue::Text(node.info.node_type.to_owned());
        let measures = [
            ("degree", AttrValue::Int(node.degree as i64)),
            ("pagerank", AttrValue::Float(node.pagerank)),
            ("community", AttrValue::Int(node.community as i64)),
            ("size", AttrValue::Float(node.size)),
        ];
        attvalues(
            out,
            &schema.nodes,
            std::iter::once(("type", &node_type))
                .chain(node.attributes().map(|(n, v)| (*n, v)))
                .chain(measures.iter().map(|(n, v)| (*n, v))),
        )?;
        writeln!(
            out,
            r#"<viz:size value="{}"/></node>"#,
            xml_float(node.size)
        )?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for position in 0..view.edges.len() {
        let edge = view.edge_info(kg, position);
        out.write_all(b"      <edge id=\"")?;
        escape(out, &edge.id, true)?;
        out.write_all(b"\" source=\"")?;
        escape(out, &edge.source, true)?;
        out.write_all(b"\" target=\"")?;
        escape(out, &edge.target, true)?;
        write!(
            out,
            r#"" type="{}" label=""#,
            if edge.directed {
                "directed"
            } else {
                "undirected"
            }
        )?;
        escape(out, edge.edge_type, true)?;
        write!(out, r#"" weight="{}">"#, xml_float(edge.weight))?;
        let edge_type = AttrValue::Text(edge.edge_type.to_owned());
        attvalues(
            out,
            &schema.edges,
            std::iter::once(("type", &edge_type))
                .chain(edge_attributes(&edge).map(|(n, v)| (*n, v))),
        )?;
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "    </edges>\n  </graph>\n</gexf>")
}

/// GraphML: keys with `attr.type` for every node and edge attribute, the edge weight as the
/// `weight` key, each edge's direction in its `directed` attribute, and a graph-level
/// `truncated` saying whether the node limit cut the view.
pub fn write_graphml<W: Write>(
    view: &NetworkView,
    kg: &KnowledgeGraph,
    out: &mut W,
) -> io::Result<()> {
    let schema = XmlSchema::of(
        view,
        kg,
        &[("label", AttrType::Text), ("type", AttrType::Text)],
        &[("type", AttrType::Text), ("weight", AttrType::Float)],
    );
    let nodes = Nodes::new(view, kg);
    out.write_all(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            "\n",
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#,
            r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#,
            r#"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#,
            "\n",
            r#"  <key id="g0" for="graph" attr.name="truncated" attr.type="boolean"/>"#,
            "\n"
        )
        .as_bytes(),
    )?;
    for (prefix, class, declared) in [("n", "node", &schema.nodes), ("e", "edge", &schema.edges)] {
        for (i, (name, ty)) in declared.0.iter().enumerate() {
            write!(out, r#"  <key id="{prefix}{i}" for="{class}" attr.name=""#)?;
            escape(out, name, true)?;
            writeln!(out, r#"" attr.type="{}"/>"#, ty.xml_name())?;
        }
    }
    writeln!(
        out,
        r#"  <graph id="collabgraph" edgedefault="{}">"#,
        if schema.directed {
            "directed"
        } else {
            "undirected"
        }
    )?;
    writeln!(
        out,
        r#"    <data key="g0">{}</data>"#,
        xml_bool(view.truncated)
    )?;

    /// Writes one `<data>` element per value given.
    fn data<'a, W: Write>(
        out: &mut W,
        prefix: &str,
        declared: &Declared,
        values: impl Iterator<Item = (&'a str, &'a AttrValue)>,
    ) -> io::Result<()> {
        for (name, value) in values {
            write!(out, r#"<data key="{prefix}{}">"#, declared.position(name))?;
            xml_value(out, value, declared.get(name), false)?;
            out.write_all(b"</data>")?;
        }
        Ok(())
    }

    for position in 0..nodes.len() {
        let node = nodes.get(position);
        out.write_all(b"    <node id=\"")?;
        escape(out, &node.info.id, true)?;
        out.write_all(b"\">")?;
        let fixed = [
            ("label", AttrValue::Text(node.info.label.clone())),
            ("type", AttrValue::Text(node.info.node_type.to_owned())),
        ];
        let measures = [
            ("degree", AttrValue::Int(node.degree as i64)),
            ("pagerank", AttrValue::Float(node.pagerank)),
            ("community", AttrValue::Int(node.community as i64)),
            ("size", AttrValue::Float(node.size)),
        ];
        data(
            out,
            "n",
            &schema.nodes,
            fixed
                .iter()
                .map(|(n, v)| (*n, v))
                .chain(node.attributes().map(|(n, v)| (*n, v)))
                .chain(measures.iter().map(|(n, v)| (*n, v))),
        )?;
        writeln!(out, "</node>")?;
    }
    for position in 0..view.edges.len() {
        let edge = view.edge_info(kg, position);
        out.write_all(b"    <edge id=\"")?;
        escape(out, &edge.id, true)?;
        out.write_all(b"\" source=\"")?;
        escape(out, &edge.source, true)?;
        out.write_all(b"\" target=\"")?;
        escape(out, &edge.target, true)?;
        write!(out, r#"" directed="{}">"#, xml_bool(edge.directed))?;
        let fixed = [
            ("type", AttrValue::Text(edge.edge_type.to_owned())),
            ("weight", AttrValue::Float(edge.weight)),
        ];
        data(
            out,
            "e",
            &schema.edges,
            fixed
                .iter()
                .map(|(n, v)| (*n, v))
                .chain(edge_attributes(&edge).map(|(n, v)| (*n, v))),
        )?;
        writeln!(out, "</edge>")?;
    }
    writeln!(out, "  </graph>\n</graphml>")
}

// ---------------------------------------------------------------------------------------------
// Query parameters
// ---------------------------------------------------------------------------------------------

/// The node limit of an export when the request gives none.
pub const DEFAULT_EXPORT_LIMIT: usize = 5000;
/// The deepest neighbourhood of a seed node an export may ask for.
pub const MAX_EXPORT_DEPTH: usize = 5;
/// The depth around a seed node when the request gives none.
pub const DEFAULT_EXPORT_DEPTH: usize = 2;

/// A query parameter that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{parameter}`: {message}")]
pub struct ParamError {
    /// The parameter's name.
    pub parameter: String,
    /// What is wrong with it.
    pub message: String,
}

fn bad(parameter: &str, message: impl Into<String>) -> ParamError {
    ParamError {
        parameter: parameter.to_owned(),
        message: message.into(),
    }
}

/// The parameters an export takes.
const PARAMETERS: [&str; 11] = [
    "projection",
    "country",
    "kind",
    "topic",
    "from",
    "to",
    "seed",
    "depth",
    "limit",
    "types",
    "relations",
];

/// Turns the query parameters of an export (`projection`, `country`, `kind`, `topic`, `from`,
/// `to`, `seed`, `depth`, `limit`, `types`, `relations`) into a filter, checking each against
/// the graph. List parameters may repeat and may hold several values separated by commas.
pub fn filter_from_params(
    kg: &KnowledgeGraph,
    params: &[(String, String)],
) -> Result<NetworkFilter, ParamError> {
    if let Some((name, _)) = params
        .iter()
        .find(|(name, _)| !PARAMETERS.contains(&name.as_str()))
    {
        return Err(bad(
            name,
            format!(
                "unknown parameter; an export takes {}",
                PARAMETERS.join(", ")
            ),
        ));
    }
    // The last value of a single-valued parameter counts, as in most query-string readers.
    let single = |name: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
    };
    let list = |name: &str| -> Vec<&str> {
        params
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    };

    let projection = match single("projection") {
        None | Some("") => Projection::Full,
        Some(p) => match p.to_ascii_lowercase().as_str() {
            "full" => Projection::Full,
            "institutions" => Projection::Institutions,
            "countries" => Projection::Countries,
            _ => {
                return Err(bad(
                    "projection",
                    format!("{p:?} is not a projection; use full, institutions or countries"),
                ));
            }
        },
    };

    let countries = list("country")
        .into_iter()
        .map(|c| {
            CountryCode::parse(&c.to_ascii_uppercase())
                .map(|code| code.as_str().to_owned())
                .map_err(|_| {
                    bad(
                        "country",
                        format!("{c:?} is not an ISO 3166-1 alpha-2 country code such as KZ"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let institution_kinds = list("kind")
        .into_iter()
        .map(|k| {
            serde_json::from_value::<InstitutionKind>(serde_json::Value::String(
                k.to_ascii_lowercase(),
            ))
            .map_err(|_| {
                bad(
                    "kind",
                    format!(
                        "{k:?} is not a kind of institution; use university, research_institute, \
                         academy, company, government or other"
                    ),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let topics = list("topic")
        .into_iter()
        .map(|t| {
            let id = t.strip_prefix("Topic:").unwrap_or(t);
            kg.find(NodeKind::Topic, id)
                .map(|n| n.index)
                .ok_or_else(|| {
                    bad(
                        "topic",
                        format!("there is no topic {t:?}; give a topic id such as remote-sensing"),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;

    let date = |name: &str| -> Result<Option<PartialDate>, ParamError> {
        match single(name) {
            None | Some("") => Ok(None),
            Some(d) => PartialDate::parse(d).map(Some).map_err(|e| bad(name, e)),
        }
    };
    let (from, to) = (date("from")?, date("to")?);
    if let (Some(f), Some(t)) = (from, to)
        && f.earliest() > t.latest()
    {
        return Err(bad("from", format!("{f} is after `to` ({t})")));
    }
    let window = (from.is_some() || to.is_some()).then_some((from, to));

    let depth = match single("depth") {
        None | Some("") => None,
        Some(d) => match d.parse::<usize>() {
            Ok(d) if d <= MAX_EXPORT_DEPTH => Some(d),
            _ => {
                return Err(bad(
                    "depth",
                    format!("{d:?} is not a depth from 0 to {MAX_EXPORT_DEPTH}"),
                ));
            }
        },
    };
    let seed = match single("seed") {
        None | Some("") => {
            if depth.is_some() {
                return Err(bad(
                    "depth",
                    "depth counts steps from a `seed` node; give one, such as seed=Institution:kaznu",
                ));
            }
            None
        }
        Some(s) => {
            let node = kg.find_global(s).ok_or_else(|| {
                bad(
                    "seed",
                    format!("there is no node {s:?}; give a global id such as Institution:kaznu"),
                )
            })?;
            match projection {
                Projection::Countries => {
                    return Err(bad(
                        "seed",
                        "the countries projection has no seed node; use projection=institutions",
                    ));
                }
                Projection::Institutions if node.kind != NodeKind::Institution => {
                    return Err(bad(
                        "seed",
                        format!(
                            "{s:?} is not an institution, so it is not in the institutions projection"
                        ),
                    ));
                }
                _ => {}
            }
            Some((node, depth.unwrap_or(DEFAULT_EXPORT_DEPTH)))
        }
    };

    let limit = match single("limit") {
        None | Some("") => DEFAULT_EXPORT_LIMIT,
        Some(l) => match l.parse::<usize>() {
            Ok(l) if (1..=MAX_VIEW_NODES).contains(&l) => l,
            _ => {
                return Err(bad(
                    "limit",
                    format!("{l:?} is not a node limit from 1 to {MAX_VIEW_NODES}"),
                ));
            }
        },
    };

    let full_only = |name: &str, given: bool| {
        if given && projection != Projection::Full {
            Err(bad(name, format!("{name} applies to projection=full only")))
        } else {
            Ok(())
        }
    };
    // Each value must name one of `all` (any case).
    let named = |param: &'static str, what: &str, all: &[&'static str]| {
        list(param)
            .into_iter()
            .map(|value| {
                all.iter()
                    .position(|name| name.eq_ignore_ascii_case(value))
                    .ok_or_else(|| {
                        bad(
                            param,
                            format!("{value:?} is not a {what}; use {}", all.join(", ")),
                        )
                    })
            })
            .collect::<Result<Vec<usize>, _>>()
    };
    let node_kinds: Vec<NodeKind> =
        named("types", "node type", &NodeKind::ALL.map(NodeKind::name))?
            .into_iter()
            .map(|i| NodeKind::ALL[i])
            .collect();
    full_only("types", !node_kinds.is_empty())?;
    let relations: Vec<Relation> =
        named("relations", "relation", &Relation::ALL.map(Relation::name))?
            .into_iter()
            .map(|i| Relation::ALL[i])
            .collect();
    full_only("relations", !relations.is_empty())?;

    Ok(NetworkFilter {
        projection,
        node_kinds,
        relations,
        countries,
        institution_kinds,
        topics,
        window,
        seed,
        limit,
    })
}

/// The projection's name in a download's file name (`collabgraph-institutions.gexf`).
pub fn projection_name(projection: Projection) -> &'static str {
    match projection {
        Projection::Full => "full",
        Projection::Institutions => "institutions",
        Projection::Countries => "countries",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::{graph::tests::bundled, network};

    fn view_of(kg: &KnowledgeGraph, projection: Projection) -> std::sync::Arc<NetworkView> {
        let filter = NetworkFilter {
            projection,
            limit: DEFAULT_EXPORT_LIMIT,
            ..Default::default()
        };
        network::view(kg, &network::ViewCache::default(), &filter).unwrap()
    }

    fn export(format: Format, view: &NetworkView, kg: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write(format, view, kg, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn json(format: Format, view: &NetworkView, kg: &KnowledgeGraph) -> Value {
        serde_json::from_str(&export(format, view, kg)).unwrap()
    }

    fn params(query: &[(&str, &str)]) -> Vec<(String, String)> {
        query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn formats_have_a_name_a_media_type_and_an_extension() {
        for format in Format::ALL {
            assert_eq!(Format::from_name(format.name()), Some(format));
        }
        assert_eq!(Format::from_name("GEXF"), None);
        assert_eq!(Format::Gexf.media_type(), "application/gexf+xml");
        assert_eq!(Format::Graphml.media_type(), "application/graphml+xml");
        assert_eq!(Format::Cytoscape.media_type(), "application/json");
        assert_eq!(Format::Graphology.extension(), "json");
    }

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

    #[test]
    fn gexf_declares_typed_attributes_and_gives_edges_their_direction_and_weight() {
        let kg = bundled();
        let view = view_of(&kg, Projection::Institutions);
        let gexf = export(Format::Gexf, &view, &kg);
        assert!(gexf.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\""
        ));
        assert!(gexf.contains(r#"<graph mode="static" defaultedgetype="undirected">"#));
        assert_eq!(
            gexf.matches(r#"title="type" type="string""#).count(),
            2,
            "one for nodes, one for edges"
        );
        for declared in [
            r#"title="country" type="string""#,
            r#"title="founded" type="long""#,
            r#"title="pagerank" type="double""#,
            r#"title="community" type="long""#,
            r#"title="agreements" type="string""#,
        ] {
            assert_eq!(gexf.matches(declared).count(), 1, "{declared}");
        }
        assert_eq!(gexf.matches("<node ").count(), 5);
        assert_eq!(gexf.matches("<edge ").count(), 3);
        assert!(gexf.contains(r#"<node id="Institution:kaznu" label=""#));
        assert!(gexf.contains(r#"type="undirected" label="COLLABORATES_WITH" weight="2">"#));
        assert!(gexf.trim_end().ends_with("</gexf>"));

        let full = export(Format::Gexf, &view_of(&kg, Projection::Full), &kg);
        assert!(full.contains(r#"defaultedgetype="directed""#));
        assert_eq!(
            full.matches(r#"" type="directed" label=""#).count(),
            kg.edge_count()
        );
    }

    #[test]
    fn graphml_keys_carry_attr_types_and_edges_their_direction() {
        let kg = bundled();
        let view = view_of(&kg, Projection::Institutions);
        let graphml = export(Format::Graphml, &view, &kg);
        for key in [
            r#"for="node" attr.name="label" attr.type="string""#,
            r#"for="node" attr.name="founded" attr.type="long""#,
            r#"for="node" attr.name="pagerank" attr.type="double""#,
            r#"for="edge" attr.name="weight" attr.type="double""#,
            r#"for="edge" attr.name="labs" attr.type="string""#,
            r#"for="graph" attr.name="truncated" attr.type="boolean""#,
        ] {
            assert_eq!(graphml.matches(key).count(), 1, "{key}");
        }
        assert!(graphml.contains(r#"<graph id="collabgraph" edgedefault="undirected">"#));
        assert_eq!(graphml.matches(r#"directed="false""#).count(), 3);
        assert_eq!(graphml.matches("<node ").count(), 5);
        assert!(graphml.trim_end().ends_with("</graphml>"));
    }

    #[test]
    fn an_empty_view_is_still_a_whole_document() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            countries: vec!["FR".into()],
            limit: 10,
            ..Default::default()
        };
        let view = network::view(&kg, &network::ViewCache::default(), &filter).unwrap();
        assert!(view.nodes.is_empty());
        for format in [Format::Cytoscape, Format::Graphology] {
            assert!(json(format, &view, &kg).is_object());
        }
        assert!(export(Format::Gexf, &view, &kg).contains("<nodes>\n    </nodes>"));
        assert!(export(Format::Graphml, &view, &kg).ends_with("</graph>\n</graphml>\n"));
    }

    #[test]
    fn escaping_keeps_any_text_well_formed() {
        let text = "a&b<c>d\"e'f\tg\nh\ri\u{1}j\u{fffe}k ]]> Экология 生态";
        let escaped = |attribute| {
            let mut out = Vec::new();
            escape(&mut out, text, attribute).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(
            escaped(true),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#9;g&#10;h&#13;i\u{fffd}j\u{fffd}k ]]&gt; Экология 生态"
        );
        assert_eq!(
            escaped(false),
            "a&amp;b&lt;c&gt;d\"e'f\tg\nh&#13;i\u{fffd}j\u{fffd}k ]]&gt; Экология 生态"
        );
    }

    #[test]
    fn numbers_take_their_xml_schema_forms() {
        assert_eq!(xml_float(2.0), "2");
        assert_eq!(xml_float(0.125), "0.125");
        assert_eq!(xml_float(1e-7), "0.0000001");
        assert_eq!(xml_float(f64::NAN), "NaN");
        assert_eq!(xml_float(f64::INFINITY), "INF");
        assert_eq!(xml_float(f64::NEG_INFINITY), "-INF");
        let mut out = Vec::new();
        xml_value(&mut out, &AttrValue::Int(3), AttrType::Float, false).unwrap();
        assert_eq!(out, b"3");
    }

    #[test]
    fn attribute_types_widen_to_hold_every_value() {
        let mut declared = Declared::default();
        declared.add("founded", AttrType::Int);
        declared.add("score", AttrType::Int);
        declared.add("score", AttrType::Float);
        declared.add("date", AttrType::Float);
        declared.add("date", AttrType::Text);
        assert_eq!(declared.get("founded"), AttrType::Int);
        assert_eq!(declared.get("score"), AttrType::Float);
        assert_eq!(declared.get("date"), AttrType::Text);
        assert_eq!(declared.position("date"), 2);
    }

    #[test]
    fn record_attributes_never_shadow_the_fixed_fields() {
        let kg = bundled();
        let view = view_of(&kg, Projection::Full);
        for position in 0..view.nodes.len() {
            for (name, _) in &view.node_info(&kg, position).attributes {
                assert!(!NODE_FIELDS.contains(name), "node attribute {name}");
            }
        }
        for position in 0..view.edges.len() {
            for (name, _) in &view.edge_info(&kg, position).attributes {
                assert!(!EDGE_FIELDS.contains(name), "edge attribute {name}");
            }
        }
    }

    #[test]
    fn parameters_become_a_filter() {
        let kg = bundled();
        let filter = filter_from_params(
            &kg,
            &params(&[
                ("projection", "Institutions"),
                ("country", "kz,CN"),
                ("country", "cn"),
                ("kind", "university"),
                ("topic", "medicine"),
                ("topic", "Topic:ecology"),
                ("from", "2023"),
                ("to", "2023-12-31"),
                ("seed", "Institution:kaznu"),
                ("depth", "1"),
                ("limit", "100"),
            ]),
        )
        .unwrap();
        assert_eq!(filter.projection, Projection::Institutions);
        assert_eq!(filter.countries, ["KZ", "CN", "CN"]);
        assert_eq!(filter.institution_kinds, [InstitutionKind::University]);
        assert_eq!(
            filter.topics,
            [
                kg.find(NodeKind::Topic, "medicine").unwrap().index,
                kg.find(NodeKind::Topic, "ecology").unwrap().index
            ]
        );
        assert_eq!(
            filter.window,
            Some((
                PartialDate::parse("2023").ok(),
                PartialDate::parse("2023-12-31").ok()
            ))
        );
        assert_eq!(
            filter.seed,
            Some((kg.find(NodeKind::Institution, "kaznu").unwrap(), 1))
        );
        assert_eq!(filter.limit, 100);

        let full = filter_from_params(
            &kg,
            &params(&[
                ("types", "Institution,agreement"),
                ("relations", "party_to"),
            ]),
        )
        .unwrap();
        assert_eq!(full.projection, Projection::Full);
        assert_eq!(
            full.node_kinds,
            [NodeKind::Institution, NodeKind::Agreement]
        );
        assert_eq!(full.relations, [Relation::PartyTo]);
        assert_eq!(full.limit, DEFAULT_EXPORT_LIMIT);

        let seeded =
            filter_from_params(&kg, &params(&[("seed", "Person:zhanseit-tuimebayev")])).unwrap();
        assert_eq!(seeded.seed.unwrap().1, DEFAULT_EXPORT_DEPTH);
        assert_eq!(filter_from_params(&kg, &[]).unwrap().window, None);
    }

    #[test]
    fn bad_parameters_are_refused_by_name() {
        let kg = bundled();
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("projection", "people")], "projection"),
            (&[("country", "Kazakhstan")], "country"),
            (&[("country", "XX")], "country"),
            (&[("kind", "school")], "kind"),
            (&[("topic", "astrology")], "topic"),
            (&[("from", "2023-13")], "from"),
            (&[("to", "May 2023")], "to"),
            (&[("from", "2024"), ("to", "2023")], "from"),
            (&[("seed", "kaznu")], "seed"),
            (&[("seed", "Institution:nowhere")], "seed"),
            (
                &[
                    ("seed", "Agreement:mou-kaznu-cup-2023"),
                    ("projection", "institutions"),
                ],
                "seed",
            ),
            (
                &[("seed", "Institution:kaznu"), ("projection", "countries")],
                "seed",
            ),
            (&[("seed", "Institution:kaznu"), ("depth", "6")], "depth"),
            (&[("seed", "Institution:kaznu"), ("depth", "-1")], "depth"),
            (&[("depth", "2")], "depth"),
            (&[("limit", "0")], "limit"),
            (&[("limit", "20001")], "limit"),
            (&[("limit", "many")], "limit"),
            (&[("types", "Planet")], "types"),
            (
                &[("types", "Institution"), ("projection", "institutions")],
                "types",
            ),
            (&[("relations", "LIKES")], "relations"),
            (
                &[("relations", "HOSTS"), ("projection", "countries")],
                "relations",
            ),
            (&[("countries", "KZ")], "countries"),
        ];
        for (query, parameter) in cases {
            let err = filter_from_params(&kg, &params(query)).unwrap_err();
            assert_eq!(err.parameter, *parameter, "{query:?}: {err}");
            assert!(err.to_string().starts_with(&format!("`{parameter}`: ")));
        }
    }
}
