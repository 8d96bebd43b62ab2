//! Graph exports for drawing tools: a network view written as Cytoscape.js elements JSON,
//! graphology's serialized JSON (sigma.js), GEXF 1.3 (Gephi) or GraphML (yEd, networkx, igraph).
//!
//! Every writer streams into any `io::Write`, node by node and edge by edge: nothing builds a
//! document tree, so memory stays flat however large the view. Every node carries its id,
//! label, type and attributes plus the view's measures `degree`, `pagerank`, `community` and
//! `size` (PageRank scaled to 4-20 for drawing); every edge its id, source, target, type,
//! weight, attributes and whether it is directed (relations are, collaborations are not).
//!
//! - `mod.rs`: the formats, [`write`], and what every format says about a node and an edge.
//! - `json.rs`: Cytoscape.js elements JSON and graphology's serialized graph.
//! - `xml.rs`: GEXF and GraphML, with the escaper they share.
//!
//! Reading a request into a view is the server's part (`http/export/`).

mod json;
mod xml;

use std::io::{self, Write};

pub(crate) use self::{
    json::{write_cytoscape, write_graphology},
    xml::{write_gexf, write_graphml},
};
use crate::{
    graph::KnowledgeGraph,
    interrupt::Interrupt,
    network::{AttrValue, EdgeInfo, Measures, NetworkView, NodeInfo},
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
        // Computed here only when the caller has not: the server computes them first, where
        // the request's interrupt can stop them.
        let measures = view
            .measures(Interrupt::never())
            .expect("never interrupted");
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

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::{
        graph::tests::bundled,
        network::{self, NetworkFilter, Projection},
    };

    pub(super) fn view_of(
        kg: &KnowledgeGraph,
        projection: Projection,
    ) -> std::sync::Arc<NetworkView> {
        let filter = NetworkFilter {
            projection,
            limit: network::DEFAULT_VIEW_LIMIT,
            ..Default::default()
        };
        network::view(
            kg,
            &network::ViewCache::default(),
            &filter,
            Interrupt::never(),
        )
        .unwrap()
    }

    pub(super) fn export(format: Format, view: &NetworkView, kg: &KnowledgeGraph) -> String {
        let mut out = Vec::new();
        write(format, view, kg, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    pub(super) fn json(format: Format, view: &NetworkView, kg: &KnowledgeGraph) -> Value {
        serde_json::from_str(&export(format, view, kg)).unwrap()
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
    fn an_empty_view_is_still_a_whole_document() {
        let kg = bundled();
        let filter = NetworkFilter {
            projection: Projection::Institutions,
            countries: vec!["FR".into()],
            limit: 10,
            ..Default::default()
        };
        let view = network::view(
            &kg,
            &network::ViewCache::default(),
            &filter,
            Interrupt::never(),
        )
        .unwrap();
        assert!(view.nodes.is_empty());
        for format in [Format::Cytoscape, Format::Graphology] {
            assert!(json(format, &view, &kg).is_object());
        }
        assert!(export(Format::Gexf, &view, &kg).contains("<nodes>\n    </nodes>"));
        assert!(export(Format::Graphml, &view, &kg).ends_with("</graph>\n</graphml>\n"));
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
}
