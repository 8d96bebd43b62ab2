//! What a view keeps: which network (the whole graph or a projection) and the filters that
//! narrow it.

use crate::{
    graph::Relation,
    model::{InstitutionKind, NodeKind, NodeRef, PartialDate},
};

/// Which network to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Projection {
    /// Every kind of node and relation.
    #[default]
    Full,
    /// Institutions, linked when they share agreements or labs.
    Institutions,
    /// Countries, linked when their institutions share agreements or labs.
    Countries,
}

/// What a view keeps. Empty lists and `None` keep everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NetworkFilter {
    /// Which network.
    pub projection: Projection,
    /// Full graph only: kinds of node to keep.
    pub node_kinds: Vec<NodeKind>,
    /// Full graph only: relations to keep.
    pub relations: Vec<Relation>,
    /// Institutions in these countries (ISO codes).
    pub countries: Vec<String>,
    /// Institutions of these kinds.
    pub institution_kinds: Vec<InstitutionKind>,
    /// Agreements covering, and labs working on, one of these topics (indexes).
    pub topics: Vec<usize>,
    /// Agreements signed, and labs opened, on or before the window's end and not ended before
    /// its start: the network as it stood then.
    pub window: Option<(Option<PartialDate>, Option<PartialDate>)>,
    /// Only nodes within `depth` steps of this node.
    pub seed: Option<(NodeRef, usize)>,
    /// Most nodes to return.
    pub limit: usize,
}

impl NetworkFilter {
    /// Whether the filter keeps everything (its view can be cached).
    pub(super) fn is_unfiltered(&self) -> bool {
        self.node_kinds.is_empty()
            && self.relations.is_empty()
            && self.countries.is_empty()
            && self.institution_kinds.is_empty()
            && self.topics.is_empty()
            && self.window.is_none()
            && self.seed.is_none()
    }
}
