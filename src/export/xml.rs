//! XML for desktop tools: GEXF 1.3 (Gephi) and GraphML (yEd, networkx, igraph), both declaring
//! typed attributes in a first pass so the second can stream, and one escaper for both.
//!
//! The XML is written by hand with a small escaper rather than through an XML crate: the
//! writers emit a fixed, flat set of elements, and the one thing that has to be right,
//! escaping (five entities, tabs and line breaks inside attribute values, characters XML 1.0
//! cannot hold), fits in one tested function.

use std::io::{self, Write};

use super::{NODE_FIELDS, Nodes, edge_attributes, own_attributes};
use crate::{
    graph::KnowledgeGraph,
    network::{AttrValue, NetworkView},
};

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
pub(crate) fn write_gexf<W: Write>(
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
pub(crate) fn write_graphml<W: Write>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        export::{
            Format,
            tests::{export, view_of},
        },
        graph::tests::bundled,
        network::Projection,
    };

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
}
