//! The `Node` interface every record implements, the handle each entity object holds, the
//! macros that write the entity objects, the generic `RelationEdge`, and `find`, which answers
//! the seven lookups by id or name.

use std::sync::Arc;

use async_graphql::{Context, ID, Interface, Object, Result};
use petgraph::Direction;

use super::{
    agreement::Agreement,
    enums::Known,
    enums::{EdgeDirection, RelationType},
    institution::Institution,
    lab::Lab,
    lookup,
    pages::{connection, nested},
    person::Person,
    plain::{Many, One},
    provenance::{Citation, Event, Fact, Source, citations_from, sources},
    snapshot,
    topic::Topic,
    work::Work,
};
use crate::{
    error::ErrorCode,
    graph::{EdgeView, KnowledgeGraph, Relation},
    model::{NodeKind, NodeRef},
};

/// Anything with a global id: `Institution:kaznu`, `Person:chen-feng`. Resolve one with
/// `node(id:)` or many with `nodes(ids:)`.
// clippy takes the repeated `ty = ...` of the interface's fields for duplicated attributes.
#[allow(clippy::duplicated_attributes)]
#[derive(Interface, Clone)]
#[graphql(
    field(
        name = "id",
        ty = "ID",
        desc = "Global id: the type, a colon and the seed id, such as `Institution:kaznu`."
    ),
    field(name = "slug", ty = "String", desc = "The seed id, such as `kaznu`."),
    field(
        name = "label",
        ty = "String",
        desc = "A name to show: the primary name, or the title."
    ),
    field(
        name = "sources",
        ty = "Many<Source>",
        desc = "The documents this record comes from."
    ),
    field(
        name = "citations",
        ty = "Result<Many<Citation>>",
        desc = "The sources this record comes from, with where and in which words each states it and how it is known.",
        arg(
            name = "source",
            ty = "Option<ID>",
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`."
        )
    ),
    field(
        name = "name_known",
        ty = "Known",
        desc = "How the record's name (an agreement's title) is known: STATED when a source gives it, EDITORIAL when it is a label the editors made up."
    ),
    field(
        name = "facts",
        ty = "Many<Fact>",
        desc = "The record's fields that are cited on their own (a status, a kind, a country...), each with its citations and how it is known. A field not listed is known as the record's `citations` say."
    ),
    field(
        name = "fact",
        ty = "Result<One<Fact>>",
        desc = "How one of the record's fields is known, such as `status` or `country`: its own citations, or the record's when it has none of its own.",
        arg(
            name = "field",
            ty = "String",
            desc = "The field, as the record's type names it."
        )
    ),
    field(
        name = "relations",
        ty = "Result<One<RelationConnection>>",
        desc = "The node's relations, optionally of some types and in one direction, a page at a time.",
        arg(
            name = "types",
            ty = "Option<Vec<RelationType>>",
            desc = "Only these relation types."
        ),
        arg(
            name = "direction",
            ty = "EdgeDirection",
            default_with = "EdgeDirection::Both",
            desc = "Which way the relations point, relative to this node."
        ),
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "How many items (20 if not given, at most 100)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Return items after this cursor."
        )
    )
)]
pub(super) enum Node {
    /// An institution.
    Institution(Institution),
    /// A person.
    Person(Person),
    /// A lab.
    Lab(Lab),
    /// An agreement.
    Agreement(Agreement),
    /// A research area.
    Topic(Topic),
    /// A source.
    Source(Source),
    /// An event.
    Event(Event),
    /// A publication.
    Work(Work),
}

/// What every entity object holds: the snapshot and its record's index.
#[derive(Clone)]
pub(super) struct Handle {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) index: usize,
}

impl Node {
    pub(super) fn new(kg: &Arc<KnowledgeGraph>, node: NodeRef) -> Node {
        let index = node.index;
        match node.kind {
            NodeKind::Institution => Node::Institution(Institution::at(kg, index)),
            NodeKind::Person => Node::Person(Person::at(kg, index)),
            NodeKind::Lab => Node::Lab(Lab::at(kg, index)),
            NodeKind::Agreement => Node::Agreement(Agreement::at(kg, index)),
            NodeKind::Topic => Node::Topic(Topic::at(kg, index)),
            NodeKind::Source => Node::Source(Source::at(kg, index)),
            NodeKind::Event => Node::Event(Event::at(kg, index)),
            NodeKind::Work => Node::Work(Work::at(kg, index)),
        }
    }
}

pub(super) fn relations(
    kg: &Arc<KnowledgeGraph>,
    node: NodeRef,
    types: Option<Vec<RelationType>>,
    direction: EdgeDirection,
    first: Option<i32>,
    after: Option<String>,
) -> Result<One<RelationConnection>> {
    let directions: &[Direction] = match direction {
        EdgeDirection::Outgoing => &[Direction::Outgoing],
        EdgeDirection::Incoming => &[Direction::Incoming],
        EdgeDirection::Both => &[Direction::Outgoing, Direction::Incoming],
    };
    let wanted: Option<Vec<Relation>> = types.map(|t| t.into_iter().map(Relation::from).collect());
    let items = kg.edges_of(node, directions, wanted.as_deref());
    nested(&items, first, after, |edge| RelationEdge {
        kg: kg.clone(),
        edge,
    })
    .map(Into::into)
}

connection!(NodeConnection, NodeEdge, Node, "records");
connection!(
    RelationConnection,
    RelationListEdge,
    RelationEdge,
    "relations"
);

/// The `#[Object]` impl of an entity: the fields every entity shares (the `Node` interface),
/// then its own, then its lists that come a page at a time (`pages { ... }`: each gets `first`
/// and `after`, and counts towards complexity by its page size). (A macro call inside an
/// `#[Object]` impl would not be expanded in time, so the macro writes the whole impl; and
/// the complexity expression must be written here, where async-graphql binds
/// `child_complexity`, or macro hygiene hides it.)
macro_rules! entity_object {
    (
        $(#[$doc:meta])* $name:ident ($example:literal) { $($body:tt)* }
        $(pages { $(
            $(#[$page_doc:meta])*
            async fn $page:ident (&$page_self:ident $($page_args:tt)*) -> $connection:ident
            |$first:ident, $after:ident| $page_body:block
        )* })?
    ) => {
        $(#[$doc])*
        #[async_graphql::Object(serial)]
        impl $name {
        #[doc = concat!("Global id: the type, a colon and the seed id, such as `", stringify!($name), ":", $example, "`.")]
        pub(super) async fn id(&self) -> async_graphql::ID {
            async_graphql::ID(self.0.kg.global_id(self.node()))
        }

        #[doc = concat!("The seed id, such as `", $example, "`.")]
        pub(super) async fn slug(&self) -> String {
            self.0.kg.id_of(self.node()).to_string()
        }

        /// A name to show: the primary name, or the title.
        pub(super) async fn label(&self) -> String {
            self.0.kg.label_of(self.node()).to_owned()
        }

        /// The documents this record comes from.
        pub(super) async fn sources(&self) -> $crate::api::plain::Many<$crate::api::provenance::Source> {
            $crate::api::provenance::sources(&self.0.kg, self.0.kg.sources_of(self.node()))
        }

        /// The sources this record comes from, with where and in which words each states it
        /// and how it is known.
        pub(super) async fn citations(
            &self,
            #[graphql(desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.", validator(chars_max_length = 256))] source: Option<async_graphql::ID>,
        ) -> async_graphql::Result<$crate::api::plain::Many<$crate::api::provenance::Citation>> {
            $crate::api::provenance::citations_from(&self.0.kg, self.0.kg.sources_of(self.node()), source.as_ref())
        }

        /// How the record's name (an agreement's title) is known: STATED when a source gives
        /// it, EDITORIAL when it is a label the editors made up.
        pub(super) async fn name_known(&self) -> $crate::api::enums::Known {
            $crate::api::provenance::Fact::name_known(&self.0.kg, self.node())
        }

        /// The record's fields that are cited on their own (a status, a kind, a country...),
        /// each with its citations and how it is known. A field not listed is known as the
        /// record's `citations` say.
        pub(super) async fn facts(&self) -> $crate::api::plain::Many<$crate::api::provenance::Fact> {
            $crate::api::provenance::Fact::own(&self.0.kg, self.node())
        }

        /// How one of the record's fields is known, such as `status` or `country`: its own
        /// citations, or the record's when it has none of its own.
        pub(super) async fn fact(
            &self,
            #[graphql(desc = "The field, as the record's type names it.", validator(chars_max_length = 64))] field: String,
        ) -> async_graphql::Result<$crate::api::plain::One<$crate::api::provenance::Fact>> {
            $crate::api::provenance::Fact::named(&self.0.kg, self.node(), &field).map($crate::api::plain::One)
        }

        /// The node's relations as generic edges, optionally of some types and in one
        /// direction, a page at a time: what a network view draws.
        #[graphql(complexity = "crate::api::pages::nested_complexity(first, child_complexity)")]
        pub(super) async fn relations(
            &self,
            #[graphql(desc = "Only these relation types.", validator(max_items = 256))] types: Option<Vec<$crate::api::enums::RelationType>>,
            #[graphql(default_with = "crate::api::enums::EdgeDirection::Both", desc = "Which way the relations point, relative to this node.")] direction: $crate::api::enums::EdgeDirection,
            #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
            #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        ) -> async_graphql::Result<$crate::api::plain::One<$crate::api::node::RelationConnection>> {
            $crate::api::node::relations(&self.0.kg, self.node(), types, direction, first, after)
        }

        $($body)*

        $($(
            $(#[$page_doc])*
            #[graphql(complexity = "crate::api::pages::nested_complexity(first, child_complexity)")]
            async fn $page(
                &$page_self $($page_args)*,
                #[graphql(desc = "How many items (20 if not given, at most 100).")] first: Option<i32>,
                #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
            ) -> async_graphql::Result<$crate::api::plain::One<$connection>> {
                let page = |$first: Option<i32>, $after: Option<String>| $page_body;
                page(first, after).map(Into::into)
            }
        )*)?
        }
    };
}

/// The helpers of an entity object: its node, its record, and the object of another record of
/// the same snapshot (`Institution::at(kg, index)`).
macro_rules! entity {
    ($name:ident, $kind:expr, $field:ident, $record:ty) => {
        impl $name {
            /// The object of record `index` of the snapshot `kg`.
            pub(super) fn at(
                kg: &std::sync::Arc<$crate::graph::KnowledgeGraph>,
                index: usize,
            ) -> Self {
                $name($crate::api::node::Handle {
                    kg: kg.clone(),
                    index,
                })
            }

            fn node(&self) -> $crate::model::NodeRef {
                $crate::model::NodeRef {
                    kind: $kind,
                    index: self.0.index,
                }
            }

            fn record(&self) -> &$record {
                &self.0.kg.$field[self.0.index]
            }
        }
    };
}

pub(super) use entity;
pub(super) use entity_object;

/// Finds a record of `kind` by id, or by an exact name, acronym or alias (any case, any accents).
pub(super) fn find_one(
    kg: &KnowledgeGraph,
    kind: NodeKind,
    id: Option<ID>,
    name: Option<String>,
) -> Result<Option<usize>> {
    match (id, name) {
        (Some(id), None) => Ok(lookup(kg, kind, &id)),
        (None, Some(name)) => Ok(kg.search_index().find_by_name(kind, &name).map(|n| n.index)),
        _ => Err(ErrorCode::BadUserInput.error("give exactly one of `id` and `name`")),
    }
}

/// A lookup root field's answer: the record of `kind` by `id` or `name`, as `at` makes it.
pub(super) fn find<T>(
    ctx: &Context<'_>,
    kind: NodeKind,
    id: Option<ID>,
    name: Option<String>,
    at: fn(&Arc<KnowledgeGraph>, usize) -> T,
) -> Result<Option<One<T>>> {
    let kg = snapshot(ctx);
    Ok(find_one(kg, kind, id, name)?.map(|index| One(at(kg, index))))
}

/// One relation between two nodes, generically: what a network view draws as an edge. The
/// typed views (Position, Party, Signatory, LabHost, Participation) carry the attributes.
#[derive(Clone)]
pub(super) struct RelationEdge {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) edge: EdgeView,
}

/// One relation between two nodes, generically: what a network view draws as an edge. The
/// typed views (Position, Party, Signatory, LabHost, Participation) carry the attributes.
#[Object(serial)]
impl RelationEdge {
    /// A stable id, readable: `PARTY_TO:kaznu>mou-kaznu-cup-2023`.
    async fn id(&self) -> ID {
        ID(self.kg.edge_id(&self.edge))
    }

    /// The relation.
    #[graphql(name = "type")]
    async fn relation_type(&self) -> RelationType {
        self.edge.edge.relation.into()
    }

    /// The node the relation leaves.
    async fn from(&self) -> One<Node> {
        One(Node::new(&self.kg, self.edge.from))
    }

    /// The node the relation enters.
    async fn to(&self) -> One<Node> {
        One(Node::new(&self.kg, self.edge.to))
    }

    /// The documents that state it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.kg.edge_sources(&self.edge.edge))
    }

    /// The documents that state it, with where and in which words each does and how it is
    /// known.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        citations_from(
            &self.kg,
            &self.kg.edge_sources(&self.edge.edge),
            source.as_ref(),
        )
    }
}
