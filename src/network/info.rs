//! What a node or an edge of a view says when it is drawn or exported: a stable id, a type, a
//! label and typed attributes.

use super::{NetworkView, ViewEdgeKind, ViewNode};
use crate::{
    graph::KnowledgeGraph,
    model::{DateQualifier, NodeKind},
};

/// An attribute value of a node or edge, typed for formats that declare types (GEXF, GraphML).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A real number.
    Float(f64),
}

/// A node as drawn: a stable id, its type, a label and typed attributes.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeInfo {
    /// Global id (`Institution:kaznu`), or `Country:KZ` in the country projection.
    pub id: String,
    /// `Institution`, `Person`, ..., or `Country`.
    pub node_type: &'static str,
    /// A name to show.
    pub label: String,
    /// What a drawing may style by: country, kind, status, founded, signed...
    pub attributes: Vec<(&'static str, AttrValue)>,
}

/// An edge as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeInfo {
    /// A stable id: the relation's (`PARTY_TO:kaznu>mou-kaznu-cup-2023`), or
    /// `COLLABORATES_WITH:kaznu>szu` in a projection.
    pub id: String,
    /// The source node's id.
    pub source: String,
    /// The target node's id.
    pub target: String,
    /// The relation's name, or `COLLABORATES_WITH` in a projection.
    pub edge_type: &'static str,
    /// 1 for a relation; for a collaboration its shared records, each at its signal's weight.
    pub weight: f64,
    /// Whether the edge has a direction (relations do; collaborations do not).
    pub directed: bool,
    /// For a collaboration: the ids of the shared agreements and labs, joined by spaces, and
    /// how many works they share.
    pub attributes: Vec<(&'static str, AttrValue)>,
}

impl NetworkView {
    /// Node `position`'s stable id: its global id, or `Country:KZ`. (The parts of
    /// `node_info` and `edge_info` that a view reads one by one, without building the rest.)
    pub fn node_id(&self, kg: &KnowledgeGraph, position: usize) -> String {
        match &self.nodes[position] {
            ViewNode::Country(code) => format!("Country:{code}"),
            ViewNode::Record(node) => kg.global_id(*node),
        }
    }

    /// Node `position`'s type: `Institution`, ..., or `Country`.
    pub fn node_type(&self, position: usize) -> &'static str {
        match &self.nodes[position] {
            ViewNode::Country(_) => "Country",
            ViewNode::Record(node) => node.kind.name(),
        }
    }

    /// Node `position`'s label.
    pub fn node_label(&self, kg: &KnowledgeGraph, position: usize) -> String {
        match &self.nodes[position] {
            ViewNode::Country(code) => code.clone(),
            ViewNode::Record(node) => kg.label_of(*node).to_owned(),
        }
    }

    /// Edge `position`'s type: the relation's name, or `COLLABORATES_WITH`.
    pub fn edge_type(&self, position: usize) -> &'static str {
        match &self.edges[position].kind {
            ViewEdgeKind::Relation(view) => view.edge.relation.name(),
            ViewEdgeKind::Collaboration { .. } => "COLLABORATES_WITH",
        }
    }

    /// Whether edge `position` has a direction: relations do, collaborations do not.
    pub fn directed(&self, position: usize) -> bool {
        matches!(self.edges[position].kind, ViewEdgeKind::Relation(_))
    }

    /// How node `position` is drawn.
    pub fn node_info(&self, kg: &KnowledgeGraph, position: usize) -> NodeInfo {
        use AttrValue::{Int, Text};
        match &self.nodes[position] {
            ViewNode::Country(code) => NodeInfo {
                id: self.node_id(kg, position),
                node_type: self.node_type(position),
                label: self.node_label(kg, position),
                attributes: vec![("country", Text(code.clone()))],
            },
            ViewNode::Record(node) => {
                let i = node.index;
                let text = |v: String| Text(v);
                let attributes = match node.kind {
                    NodeKind::Institution => {
                        let r = &kg.institutions[i];
                        let mut a = vec![
                            ("country", text(r.country.to_string())),
                            ("kind", text(snake(&r.kind))),
                        ];
                        if let Some(f) = &r.founded {
                            a.push(("founded", Int(f.year.get().into())));
                        }
                        // What registries say, for colouring and filtering a drawing.
                        a.push(("status", text(snake(&r.status))));
                        if !r.types.is_empty() {
                            let types: Vec<String> = r.types.iter().map(snake).collect();
                            a.push(("types", text(types.join(" "))));
                        }
                        if let Some(city) = r.locations.iter().find_map(|l| l.city.as_ref()) {
                            a.push(("city", text(city.to_string())));
                        }
                        a
                    }
                    NodeKind::Lab => {
                        let r = &kg.labs[i];
                        vec![
                            ("kind", text(snake(&r.kind))),
                            ("status", text(snake(&r.status))),
                        ]
                    }
                    NodeKind::Agreement => {
                        let r = &kg.agreements[i];
                        let mut a = vec![
                            ("kind", text(snake(&r.kind))),
                            ("status", text(snake(&r.status))),
                        ];
                        if let Some(signed) = r.signed {
                            a.push(("signed", text(signed.date().to_string())));
                            // The date alone would read as exact.
                            if signed.qualifier() != DateQualifier::Exact {
                                a.push(("signed_qualifier", text(snake(&signed.qualifier()))));
                            }
                        }
                        a
                    }
                    NodeKind::Work => {
                        let r = &kg.works[i];
                        let mut a = vec![("kind", text(snake(&r.kind)))];
                        if let Some(published) = r.published {
                            a.push(("published", text(published.to_string())));
                            a.push(("year", Int(published.year().into())));
                        }
                        a
                    }
                    NodeKind::Event => {
                        let r = &kg.events[i];
                        let mut a = vec![("kind", text(snake(&r.kind)))];
                        if let Some(date) = r.date {
                            a.push(("date", text(date.date().to_string())));
                            if date.qualifier() != DateQualifier::Exact {
                                a.push(("date_qualifier", text(snake(&date.qualifier()))));
                            }
                        }
                        a
                    }
                    NodeKind::Source => {
                        let r = &kg.sources[i];
                        let mut a = vec![("kind", text(snake(&r.kind)))];
                        if let Some(date) = r.date {
                            a.push(("date", text(date.to_string())));
                        }
                        a
                    }
                    NodeKind::Person | NodeKind::Topic => Vec::new(),
                };
                NodeInfo {
                    id: self.node_id(kg, position),
                    node_type: self.node_type(position),
                    label: self.node_label(kg, position),
                    attributes,
                }
            }
        }
    }

    /// How edge `position` is drawn.
    pub fn edge_info(&self, kg: &KnowledgeGraph, position: usize) -> EdgeInfo {
        let edge = &self.edges[position];
        let (source, target) = (self.node_id(kg, edge.a), self.node_id(kg, edge.b));
        match &edge.kind {
            ViewEdgeKind::Relation(view) => EdgeInfo {
                id: kg.edge_id(view),
                source,
                target,
                edge_type: self.edge_type(position),
                weight: edge.weight,
                directed: self.directed(position),
                attributes: Vec::new(),
            },
            ViewEdgeKind::Collaboration(shared) => {
                let short = |id: &str| id.split_once(':').map_or(id, |(_, rest)| rest).to_owned();
                let ids = |list: Vec<&str>| AttrValue::Text(list.join(" "));
                EdgeInfo {
                    id: format!("COLLABORATES_WITH:{}>{}", short(&source), short(&target)),
                    source,
                    target,
                    edge_type: self.edge_type(position),
                    weight: edge.weight,
                    directed: self.directed(position),
                    // Two institutions may share thousands of works: they are counted here,
                    // and listed a page at a time by the API's `NetworkEdge.works`.
                    attributes: vec![
                        (
                            "agreements",
                            ids(shared
                                .agreements
                                .iter()
                                .map(|&a| kg.agreements[a].id.as_str())
                                .collect()),
                        ),
                        (
                            "labs",
                            ids(shared
                                .labs
                                .iter()
                                .map(|&l| kg.labs[l].id.as_str())
                                .collect()),
                        ),
                        ("works", AttrValue::Int(shared.works.len() as i64)),
                    ],
                }
            }
        }
    }
}

/// The seed format's snake_case name of a model enum value (`research_institute`).
fn snake<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
