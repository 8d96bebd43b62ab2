//! The GraphQL API: thin async-graphql types over one graph snapshot.
//!
//! Each object holds the snapshot (`Arc<KnowledgeGraph>`) and the index of its record, so a
//! request reads one consistent graph without locks. Resolvers translate arguments into graph
//! calls and graph results into objects; algorithms live in `graph` and `search`. The `///`
//! comments here are the descriptions shown in the playground's docs pane.
//!
//! Resolvers return objects as `One(..)` and lists of them as `Many(..)` (see `plain`): their
//! fields are resolved on the spot instead of as the executor's boxed futures. No resolver
//! waits for anything (the graph is in memory), so what the executor still resolves (a
//! selection with fragments) resolves its fields one after another too (`#[Object(serial)]`,
//! `#[graphql(serial)]`) rather than as a task per field.

use std::{borrow::Cow, collections::BTreeMap, sync::Arc};

use async_graphql::{
    Context, EmptyMutation, EmptySubscription, Enum, ID, InputObject, Interface, MergedObject,
    Object, Result, Schema, SimpleObject, ValidationResult,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextValidation},
};
use petgraph::Direction;
use plain::{Many, One};

mod network;
mod plain;

use crate::{
    error::ErrorCode,
    graph::{EdgeView, KnowledgeGraph, ListOrder, Relation},
    model::{self, Id, NodeKind, NodeRef, PartialDate},
    search::{NameField, did_you_mean},
    snapshot::Snapshot,
};

/// The schema type served at /graphql.
pub type CollabSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The largest page a list returns at once.
pub const MAX_PAGE_SIZE: usize = 100;
/// The page size when a list is asked for without `first` or `last`.
pub const DEFAULT_PAGE_SIZE: usize = 20;

/// The complexity of a page of a list: each item costs what is selected of it, so a query's
/// complexity grows with the pages it asks for, not only with the fields it names.
fn page_complexity(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let items = match (first, last) {
        (None, None) => DEFAULT_PAGE_SIZE,
        (first, last) => first.max(last).unwrap_or(0).clamp(0, MAX_PAGE_SIZE as i32) as usize,
    };
    1 + items.max(1) * child_complexity
}

/// Builds the schema with the default limits. The graph is not part of it: each request
/// carries its snapshot as data (an `Arc<Snapshot>`), so a new graph can replace the old one
/// between requests.
pub fn build_schema() -> CollabSchema {
    build_schema_with(&crate::config::Settings::default())
}

/// Builds the schema with these limits and switches. Depth and complexity are enforced by
/// async-graphql; the other limits, error codes and error counts by the HTTP handler
/// (`http::graphql::run`), which is the only caller of the executor. The schema has no extensions on
/// purpose: with any, async-graphql sends every field it resolves itself through them (see
/// [`build_schema_trusting`] for the one exception).
pub fn build_schema_with(settings: &crate::config::Settings) -> CollabSchema {
    schema_builder(settings).finish()
}

/// Like [`build_schema_with`], for requests whose document passed validation before: a request
/// that carries [`ValidatedBefore`] as data is not validated again. Validation reads the
/// document, the variables, the operation name and the schema's limits, so a document that
/// passed once, sent again with no variables and no operation name, would pass again; walking it
/// was 10% of the instructions of an institution with its agreements. A request without
/// [`ValidatedBefore`] is validated as usual.
///
/// The price is an extension: async-graphql then passes the fields it resolves itself (the
/// root's, and items of lists of scalars; the `plain` module answers the rest) through the
/// extension chain. That costs less than the walk it saves, but for long lists of scalars
/// (50 institutions with their acronyms and aliases: 2.6% more).
pub fn build_schema_trusting(settings: &crate::config::Settings) -> CollabSchema {
    schema_builder(settings).extension(TrustValidated).finish()
}

fn schema_builder(
    settings: &crate::config::Settings,
) -> async_graphql::SchemaBuilder<Query, EmptyMutation, EmptySubscription> {
    let limits = &settings.limits;
    let builder = Schema::build(Query::default(), EmptyMutation, EmptySubscription)
        .register_output_type::<Node>()
        .limit_depth(limits.max_depth)
        .limit_complexity(limits.max_complexity);
    if settings.introspection {
        builder
    } else {
        builder.disable_introspection()
    }
}

/// A request's document passed validation before, with this cache control: see
/// [`build_schema_trusting`].
#[derive(Clone, Copy, Debug)]
pub struct ValidatedBefore(pub async_graphql::CacheControl);

/// The extension of [`build_schema_trusting`].
struct TrustValidated;

impl ExtensionFactory for TrustValidated {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(TrustValidated)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for TrustValidated {
    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<async_graphql::ServerError>> {
        match ctx.data_opt::<ValidatedBefore>() {
            // The executor reads only the cache control from the result; the limits on
            // complexity and depth were checked when the document was validated.
            Some(&ValidatedBefore(cache_control)) => Ok(ValidationResult {
                cache_control,
                complexity: 0,
                depth: 0,
            }),
            None => next.run(ctx).await,
        }
    }
}

/// The graph of the snapshot a request reads (each request carries its
/// `Arc<crate::snapshot::Snapshot>` as data).
fn snapshot<'a>(ctx: &Context<'a>) -> &'a Arc<KnowledgeGraph> {
    ctx.data_unchecked::<Arc<Snapshot>>().graph()
}

/// Finds a record of `kind` by seed id (`kaznu`) or global id (`Institution:kaznu`).
fn lookup(kg: &KnowledgeGraph, kind: NodeKind, id: &str) -> Option<usize> {
    let local = match id.split_once(':') {
        Some((prefix, rest)) if prefix == kind.name() => rest,
        Some(_) => return None,
        None => id,
    };
    kg.find(kind, local).map(|n| n.index)
}

/// Like [`lookup`], but an unknown id is a NOT_FOUND error that suggests the closest id.
fn require(kg: &KnowledgeGraph, kind: NodeKind, id: &ID) -> Result<usize> {
    lookup(kg, kind, id).ok_or_else(|| {
        let ids = (0..kg.len(kind)).map(|index| kg.id_of(NodeRef { kind, index }).as_str());
        let hint = did_you_mean(id.as_str(), ids);
        ErrorCode::NotFound.error(format!(
            "no {} has id \"{}\"{hint}",
            kind.name(),
            id.as_str()
        ))
    })
}

fn parse_date(field: &str, value: &str) -> Result<PartialDate> {
    PartialDate::parse(value).map_err(|e| ErrorCode::BadUserInput.error(format!("{field}: {e}")))
}

fn cursor_position(name: &str, cursor: Option<String>) -> Result<Option<usize>> {
    cursor
        .map(|c| {
            c.parse::<usize>().map_err(|_| {
                ErrorCode::BadUserInput
                    .error(format!("{name}: {c:?} is not a cursor from this list"))
            })
        })
        .transpose()
}

/// One page of `items` (record indexes in list order), with Relay cursors and a total; `make`
/// turns only the page's items into objects.
fn paginate<T>(
    items: &[usize],
    after: Option<String>,
    before: Option<String>,
    first: Option<i32>,
    last: Option<i32>,
    make: impl Fn(usize) -> T,
) -> Result<Page<T>> {
    let limit = |name: &str, value: Option<i32>| -> Result<Option<usize>> {
        match value {
            Some(n) if n < 0 => {
                Err(ErrorCode::BadUserInput.error(format!("{name} must not be negative")))
            }
            Some(n) if n as usize > MAX_PAGE_SIZE => Err(ErrorCode::LimitExceeded.error(format!(
                "{name} is {n}; pages hold at most {MAX_PAGE_SIZE} items, use the cursors for more"
            ))),
            other => Ok(other.map(|n| n as usize)),
        }
    };
    let (first, last) = (limit("first", first)?, limit("last", last)?);
    let first = if first.is_none() && last.is_none() {
        Some(DEFAULT_PAGE_SIZE)
    } else {
        first
    };
    let total = items.len();
    // Cursors are positions in the filtered, ordered list.
    let mut start = cursor_position("after", after)?
        .map_or(0, |a| a.saturating_add(1))
        .min(total);
    let mut end = cursor_position("before", before)?
        .unwrap_or(total)
        .min(total)
        .max(start);
    if let Some(first) = first {
        end = end.min(start + first);
    }
    if let Some(last) = last {
        start = start.max(end.saturating_sub(last));
    }
    let nodes: Vec<T> = items[start..end].iter().map(|&item| make(item)).collect();
    Ok(Page {
        start,
        nodes,
        page_info: PageInfo {
            has_previous_page: start > 0,
            has_next_page: end < total,
            start_cursor: (start < end).then(|| start.to_string()),
            end_cursor: (start < end).then(|| (end - 1).to_string()),
        },
        total_count: total,
    })
}

/// Declares the Relay connection and edge types of one kind of item.
macro_rules! connection {
    ($connection:ident, $edge:ident, $item:ident, $what:literal) => {
        pub struct $connection(Page<$item>);

        #[doc = concat!("One page of ", $what, ", Relay style: ask for `first` items `after` a cursor (or `last` items `before` one) and follow `pageInfo.endCursor` for the next page.")]
        #[Object(serial)]
        impl $connection {
            /// The items on this page, each with its cursor.
            async fn edges(&self) -> Many<$edge> {
                let page = &self.0;
                page.nodes
                    .iter()
                    .enumerate()
                    .map(|(i, node)| $edge {
                        cursor: (page.start + i).to_string(),
                        node: One(node.clone()),
                    })
                    .collect()
            }

            /// The items on this page.
            async fn nodes(&self) -> Many<&$item> {
                self.0.nodes.iter().collect()
            }

            /// Whether there are more pages, and the cursors to reach them.
            async fn page_info(&self) -> &PageInfo {
                &self.0.page_info
            }

            /// How many items match, over all pages.
            async fn total_count(&self) -> usize {
                self.0.total_count
            }
        }

        #[doc = concat!("One of ", $what, " on a page, and its cursor.")]
        #[derive(SimpleObject)]
        #[graphql(serial)]
        pub struct $edge {
            /// Where the item is in the list; pass it as `after` or `before`.
            cursor: String,
            /// The item.
            node: One<$item>,
        }

        impl From<Page<$item>> for One<$connection> {
            fn from(page: Page<$item>) -> Self {
                One($connection(page))
            }
        }
    };
}

connection!(
    InstitutionConnection,
    InstitutionEdge,
    Institution,
    "the institutions"
);
connection!(PersonConnection, PersonEdge, Person, "the people");
connection!(LabConnection, LabEdge, Lab, "the labs");
connection!(
    AgreementConnection,
    AgreementEdge,
    Agreement,
    "the agreements"
);
connection!(TopicConnection, TopicEdge, Topic, "the research areas");
connection!(SourceConnection, SourceEdge, Source, "the sources");
connection!(EventConnection, EventEdge, Event, "the events");

/// A page before it becomes its type's connection.
struct Page<T> {
    /// The first item's position in the list: the edges' cursors count from it.
    start: usize,
    nodes: Vec<T>,
    page_info: PageInfo,
    total_count: usize,
}

/// Where a page is in its list.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct PageInfo {
    /// Whether items come before this page.
    has_previous_page: bool,
    /// Whether items come after this page.
    has_next_page: bool,
    /// The first item's cursor, if the page has items.
    start_cursor: Option<String>,
    /// The last item's cursor, if the page has items: pass it as `after` for the next page.
    end_cursor: Option<String>,
}

/// Declares a GraphQL enum that mirrors a model enum, with conversions both ways.
macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident = $model:ident { $($(#[$vdoc:meta])* $variant:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $name { $($(#[$vdoc])* $variant),* }

        impl From<model::$model> for $name {
            fn from(value: model::$model) -> Self {
                match value { $(model::$model::$variant => $name::$variant),* }
            }
        }

        impl From<$name> for model::$model {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => model::$model::$variant),* }
            }
        }
    };
}

mirror_enum!(
    /// What kind of organisation an institution is.
    InstitutionKind = InstitutionKind {
        /// A university.
        University,
        /// A research institute.
        ResearchInstitute,
        /// An academy of sciences.
        Academy,
        /// A company.
        Company,
        /// A government body.
        Government,
        /// Any other organisation.
        Other,
    }
);

mirror_enum!(
    /// Whether a lab or agreement exists or is in force.
    Status = Status {
        /// Announced or agreed, not yet in place.
        Planned,
        /// In place.
        Active,
        /// No longer in place.
        Ended,
    }
);

mirror_enum!(
    /// What kind of unit a lab is.
    LabKind = LabKind {
        /// A laboratory.
        Laboratory,
        /// A centre.
        Centre,
        /// A network of stations or centres.
        Network,
        /// An institute hosted by others.
        Institute,
    }
);

mirror_enum!(
    /// What kind of agreement.
    AgreementKind = AgreementKind {
        /// A memorandum of understanding or of cooperation.
        Memorandum,
        /// A cooperation agreement.
        CooperationAgreement,
        /// An agreement for one programme, such as a double degree.
        ProgrammeAgreement,
        /// Any other agreement.
        Other,
    }
);

mirror_enum!(
    /// What the source says a person did with an agreement.
    SignatoryRole = SignatoryRole {
        /// The source says the person signed it.
        Signed,
        /// The source says the person concluded it with the other party, not who signed.
        Concluded,
    }
);

mirror_enum!(
    /// A kind of collaboration activity.
    ActivityKind = ActivityKind {
        /// Exchange of students.
        StudentExchange,
        /// Exchange of teaching staff and scientists.
        StaffExchange,
        /// Exchange of scientific publications.
        PublicationExchange,
        /// Joint conferences.
        JointConferences,
        /// Joint research.
        JointResearch,
        /// A double-degree programme.
        DoubleDegree,
        /// Training of qualified specialists.
        SpecialistTraining,
        /// Opening a joint laboratory.
        JointLab,
        /// Anything else.
        Other,
    }
);

mirror_enum!(
    /// Whether an activity is stated for a set of agreements in general or for one.
    ActivityScope = ActivityScope {
        /// Stated for the agreements in general.
        General,
        /// Stated for this agreement in particular.
        Specific,
    }
);

mirror_enum!(
    /// Whose list a ranking covers.
    RankingScope = RankingScope {
        /// Institutions worldwide.
        World,
        /// Institutions in Asia.
        Asia,
        /// Institutions of one country.
        National,
        /// The source does not say.
        Unspecified,
    }
);

mirror_enum!(
    /// How a counted value relates to the true number.
    CountQualifier = CountQualifier {
        /// Exactly this many.
        Exact,
        /// About this many.
        About,
        /// More than this many.
        MoreThan,
        /// Fewer than this many.
        FewerThan,
    }
);

mirror_enum!(
    /// How a date relates to the event it dates.
    DateQualifier = DateQualifier {
        /// The event happened on that date.
        Exact,
        /// About then.
        Circa,
        /// On that date or earlier: the source gives only a latest date.
        OnOrBefore,
        /// On that date or later.
        OnOrAfter,
    }
);

mirror_enum!(
    /// What kind of document a source is.
    SourceKind = SourceKind {
        /// A press release or news item from an institution.
        PressRelease,
        /// A news article.
        NewsArticle,
        /// A report.
        Report,
        /// A web page.
        WebPage,
        /// A data set.
        Dataset,
        /// The text of an agreement.
        AgreementText,
        /// Knowledge added by the seed's editors, such as official names in other scripts.
        Editorial,
    }
);

mirror_enum!(
    /// What kind of event.
    EventKind = EventKind {
        /// A delegation's working trip.
        WorkingTrip,
        /// A meeting.
        Meeting,
        /// A signing ceremony.
        Signing,
        /// A conference.
        Conference,
        /// Anything else.
        Other,
    }
);

/// The types of node in the graph.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum NodeType {
    /// An institution.
    Institution,
    /// A person.
    Person,
    /// A lab, centre or network.
    Lab,
    /// An agreement.
    Agreement,
    /// A research area.
    Topic,
    /// A source document.
    Source,
    /// An event.
    Event,
}

impl From<NodeKind> for NodeType {
    fn from(kind: NodeKind) -> Self {
        match kind {
            NodeKind::Institution => NodeType::Institution,
            NodeKind::Person => NodeType::Person,
            NodeKind::Lab => NodeType::Lab,
            NodeKind::Agreement => NodeType::Agreement,
            NodeKind::Topic => NodeType::Topic,
            NodeKind::Source => NodeType::Source,
            NodeKind::Event => NodeType::Event,
        }
    }
}

impl From<NodeType> for NodeKind {
    fn from(kind: NodeType) -> Self {
        NodeKind::ALL
            .into_iter()
            .find(|k| NodeType::from(*k) == kind)
            .expect("every type has a kind")
    }
}

/// The types of relation (edge) in the graph, each directed as its name reads.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
#[graphql(rename_items = "SCREAMING_SNAKE_CASE")]
pub enum RelationType {
    /// Institution -> the institution it is part of.
    PartOf,
    /// Person -> institution, with a title and dates.
    HoldsPosition,
    /// Institution -> lab it hosts.
    Hosts,
    /// Institution -> agreement it is bound by.
    PartyTo,
    /// Person -> agreement, on behalf of a party.
    Signed,
    /// Agreement -> research area it covers.
    Covers,
    /// Lab -> research area it works on.
    FocusesOn,
    /// Agreement -> lab it sets up.
    Establishes,
    /// Person -> event they took part in.
    ParticipatedIn,
    /// Agreement -> event it was concluded at.
    ConcludedAt,
    /// Research area -> broader research area.
    Broader,
    /// Source -> institution that published it.
    PublishedBy,
}

impl From<Relation> for RelationType {
    fn from(relation: Relation) -> Self {
        match relation {
            Relation::PartOf => RelationType::PartOf,
            Relation::HoldsPosition => RelationType::HoldsPosition,
            Relation::Hosts => RelationType::Hosts,
            Relation::PartyTo => RelationType::PartyTo,
            Relation::Signed => RelationType::Signed,
            Relation::Covers => RelationType::Covers,
            Relation::FocusesOn => RelationType::FocusesOn,
            Relation::Establishes => RelationType::Establishes,
            Relation::ParticipatedIn => RelationType::ParticipatedIn,
            Relation::ConcludedAt => RelationType::ConcludedAt,
            Relation::Broader => RelationType::Broader,
            Relation::PublishedBy => RelationType::PublishedBy,
        }
    }
}

impl From<RelationType> for Relation {
    fn from(relation: RelationType) -> Self {
        Relation::ALL
            .into_iter()
            .find(|r| RelationType::from(*r) == relation)
            .expect("every type has a relation")
    }
}

/// Which end of a relation a node is at.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum EdgeDirection {
    /// Relations that leave the node (it is `from`).
    Outgoing,
    /// Relations that enter the node (it is `to`).
    Incoming,
    /// Both.
    Both,
}

/// Which kind of name a search matched.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum MatchedField {
    /// The primary name or title.
    Name,
    /// An acronym.
    Acronym,
    /// An alias.
    Alias,
    /// A name in another language or script.
    LocalizedName,
    /// The record's id.
    Id,
}

impl From<NameField> for MatchedField {
    fn from(field: NameField) -> Self {
        match field {
            NameField::Name => MatchedField::Name,
            NameField::Acronym => MatchedField::Acronym,
            NameField::Alias => MatchedField::Alias,
            NameField::LocalizedName => MatchedField::LocalizedName,
            NameField::Id => MatchedField::Id,
        }
    }
}

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

// ---------------------------------------------------------------------------------------------
// Node interface and entity objects
// ---------------------------------------------------------------------------------------------

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
        name = "relations",
        ty = "Many<RelationEdge>",
        desc = "The node's relations, optionally of some types and in one direction.",
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
        )
    )
)]
pub enum Node {
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
}

/// What every entity object holds: the snapshot and its record's index.
#[derive(Clone)]
struct Handle {
    kg: Arc<KnowledgeGraph>,
    index: usize,
}

impl Node {
    fn new(kg: &Arc<KnowledgeGraph>, node: NodeRef) -> Node {
        let handle = Handle {
            kg: kg.clone(),
            index: node.index,
        };
        match node.kind {
            NodeKind::Institution => Node::Institution(Institution(handle)),
            NodeKind::Person => Node::Person(Person(handle)),
            NodeKind::Lab => Node::Lab(Lab(handle)),
            NodeKind::Agreement => Node::Agreement(Agreement(handle)),
            NodeKind::Topic => Node::Topic(Topic(handle)),
            NodeKind::Source => Node::Source(Source(handle)),
            NodeKind::Event => Node::Event(Event(handle)),
        }
    }
}

fn sources(kg: &Arc<KnowledgeGraph>, ids: &[Id]) -> Many<Source> {
    ids.iter()
        .filter_map(|id| kg.find(NodeKind::Source, id.as_str()))
        .map(|n| {
            Source(Handle {
                kg: kg.clone(),
                index: n.index,
            })
        })
        .collect()
}

fn relations(
    kg: &Arc<KnowledgeGraph>,
    node: NodeRef,
    types: Option<Vec<RelationType>>,
    direction: EdgeDirection,
) -> Many<RelationEdge> {
    let directions: &[Direction] = match direction {
        EdgeDirection::Outgoing => &[Direction::Outgoing],
        EdgeDirection::Incoming => &[Direction::Incoming],
        EdgeDirection::Both => &[Direction::Outgoing, Direction::Incoming],
    };
    let wanted: Option<Vec<Relation>> = types.map(|t| t.into_iter().map(Relation::from).collect());
    directions
        .iter()
        .flat_map(|&d| kg.edges(node, d, None))
        .filter(|e| wanted.as_ref().is_none_or(|w| w.contains(&e.edge.relation)))
        .map(|edge| RelationEdge {
            kg: kg.clone(),
            edge,
        })
        .collect()
}

/// The `#[Object]` impl of an entity: the fields every entity shares (the `Node` interface),
/// then its own. (A macro call inside an `#[Object]` impl would not be expanded in time, so the
/// macro writes the whole impl.)
macro_rules! entity_object {
    ($(#[$doc:meta])* $name:ident { $($body:tt)* }) => {
        $(#[$doc])*
        #[Object(serial)]
        impl $name {
        /// Global id: the type, a colon and the seed id, such as `Institution:kaznu`.
        async fn id(&self) -> ID {
            ID(self.0.kg.global_id(self.node()))
        }

        /// The seed id, such as `kaznu`.
        async fn slug(&self) -> String {
            self.0.kg.id_of(self.node()).to_string()
        }

        /// A name to show: the primary name, or the title.
        async fn label(&self) -> String {
            self.0.kg.label_of(self.node()).to_owned()
        }

        /// The documents this record comes from.
        async fn sources(&self) -> Many<Source> {
            sources(&self.0.kg, self.0.kg.sources_of(self.node()))
        }

        /// The node's relations as generic edges, optionally of some types and in one
        /// direction: what a network view draws.
        async fn relations(
            &self,
            #[graphql(desc = "Only these relation types.")] types: Option<Vec<RelationType>>,
            #[graphql(default_with = "EdgeDirection::Both", desc = "Which way the relations point, relative to this node.")] direction: EdgeDirection,
        ) -> Many<RelationEdge> {
            relations(&self.0.kg, self.node(), types, direction)
        }

        $($body)*
        }
    };
}

macro_rules! entity {
    ($name:ident, $kind:expr, $field:ident, $record:ty) => {
        impl $name {
            fn node(&self) -> NodeRef {
                NodeRef {
                    kind: $kind,
                    index: self.0.index,
                }
            }

            fn record(&self) -> &$record {
                &self.0.kg.$field[self.0.index]
            }

            #[allow(dead_code)]
            fn make<T>(&self, index: usize, wrap: fn(Handle) -> T) -> T {
                wrap(Handle {
                    kg: self.0.kg.clone(),
                    index,
                })
            }
        }
    };
}

/// A university, institute, academy or other organisation.
#[derive(Clone)]
pub struct Institution(Handle);
entity!(
    Institution,
    NodeKind::Institution,
    institutions,
    model::Institution
);

/// A person.
#[derive(Clone)]
pub struct Person(Handle);
entity!(Person, NodeKind::Person, people, model::Person);

/// A laboratory, centre or network, existing or planned.
#[derive(Clone)]
pub struct Lab(Handle);
entity!(Lab, NodeKind::Lab, labs, model::Lab);

/// A memorandum or other agreement between institutions.
#[derive(Clone)]
pub struct Agreement(Handle);
entity!(Agreement, NodeKind::Agreement, agreements, model::Agreement);

/// A research area.
#[derive(Clone)]
pub struct Topic(Handle);
entity!(Topic, NodeKind::Topic, topics, model::Topic);

/// A document that facts come from.
#[derive(Clone)]
pub struct Source(Handle);
entity!(Source, NodeKind::Source, sources, model::Source);

/// A visit, meeting or signing.
#[derive(Clone)]
pub struct Event(Handle);
entity!(Event, NodeKind::Event, events, model::Event);

fn localized(kg: &Arc<KnowledgeGraph>, names: &[model::LocalizedName]) -> Many<LocalizedName> {
    names
        .iter()
        .map(|n| LocalizedName {
            value: n.value.to_string(),
            lang: n.lang.to_string(),
            sources: sources(kg, &n.sources),
        })
        .collect()
}

fn texts(values: &[model::Text]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// A name in another language or script.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct LocalizedName {
    /// The name as written.
    value: String,
    /// Its BCP 47 language tag, such as `kk`, `ru` or `zh-Hans`.
    lang: String,
    /// The documents that give this name.
    sources: Many<Source>,
}

/// A date known to the year, the month or the day.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Date {
    /// The date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    value: String,
    /// The year.
    year: i32,
    /// How much of the date is known.
    precision: DatePrecision,
}

/// How much of a date is known.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The exact day.
    Day,
}

impl From<PartialDate> for Date {
    fn from(date: PartialDate) -> Self {
        Date {
            value: date.to_string(),
            year: date.year(),
            precision: match date.precision() {
                model::DatePrecision::Year => DatePrecision::Year,
                model::DatePrecision::Month => DatePrecision::Month,
                model::DatePrecision::Day => DatePrecision::Day,
            },
        }
    }
}

/// A date with how it relates to the event: "signed on or before 2023-05-19".
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct QualifiedDate {
    /// The date.
    date: Date,
    /// How the date relates to the event.
    qualifier: DateQualifier,
}

impl From<model::FuzzyDate> for QualifiedDate {
    fn from(date: model::FuzzyDate) -> Self {
        QualifiedDate {
            date: date.date().into(),
            qualifier: date.qualifier().into(),
        }
    }
}

/// The year an institution was founded.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Founding {
    /// The year.
    year: i32,
    /// How the source words it, if it says more than "founded".
    note: Option<String>,
    /// The documents that give it.
    sources: Many<Source>,
}

/// A place in a ranking.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Ranking {
    /// The ranking, such as "QS World University Rankings".
    system: String,
    /// The edition's year, when the source names it.
    edition: Option<i32>,
    /// The place.
    rank: u32,
    /// Whose list it is.
    scope: RankingScope,
    /// The documents that give it.
    sources: Many<Source>,
}

/// A counted fact with the time it refers to: "about 300 awards over the past 60 years".
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct Count {
    /// What is counted: students, awards, monographs, scientific_papers, patents.
    metric: String,
    /// The number.
    value: u64,
    /// Whether the number is exact, approximate or a bound.
    qualifier: CountQualifier,
    /// True unless the number is exact.
    approximate: bool,
    /// The count covers this many years up to `asOf`.
    period_years: Option<u32>,
    /// The date the count refers to.
    as_of: Option<Date>,
    /// What the source says of it beyond the number.
    note: Option<String>,
    /// The documents that give it.
    sources: Many<Source>,
}

entity_object!(
    /// A university, institute, academy or other organisation.
    Institution {

    /// Primary name, in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts (Kazakh, Russian, Chinese).
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// Acronyms, such as KazNU.
    async fn acronyms(&self) -> Vec<String> {
        texts(&self.record().acronyms)
    }

    /// Other names it is known by.
    async fn aliases(&self) -> Vec<String> {
        texts(&self.record().aliases)
    }

    /// What kind of organisation it is.
    async fn kind(&self) -> InstitutionKind {
        self.record().kind.into()
    }

    /// ISO 3166-1 alpha-2 code of its country, such as KZ or CN.
    async fn country(&self) -> &str {
        self.record().country.as_str()
    }

    /// When it was founded, if the sources say.
    async fn founded(&self) -> Option<One<Founding>> {
        self.record().founded.as_ref().map(|f| Founding {
            year: f.year.get(),
            note: f.note.as_ref().map(ToString::to_string),
            sources: sources(&self.0.kg, &f.sources),
        }).map(One)
    }

    /// Places in rankings, optionally of one system (matched case-insensitively, by substring).
    async fn rankings(&self, #[graphql(desc = "Only rankings whose system contains this text, ignoring case.")] system: Option<String>) -> Many<Ranking> {
        let system = system.map(|s| s.to_lowercase());
        self.record()
            .rankings
            .iter()
            .filter(|r| system.as_ref().is_none_or(|s| r.system.as_str().to_lowercase().contains(s)))
            .map(|r| Ranking {
                system: r.system.to_string(),
                edition: r.edition.map(model::Year::get),
                rank: r.rank,
                scope: r.scope.into(),
                sources: sources(&self.0.kg, &r.sources),
            })
            .collect()
    }

    /// Counted facts (students, papers, patents, partners), optionally of one metric.
    async fn counts(&self, #[graphql(desc = "Only this metric, such as `students`.")] metric: Option<String>) -> Many<Count> {
        self.record()
            .counts
            .iter()
            .filter(|c| metric.as_ref().is_none_or(|m| c.metric.as_str() == m))
            .map(|c| Count {
                metric: c.metric.to_string(),
                value: c.value,
                qualifier: c.qualifier.into(),
                approximate: c.qualifier != model::CountQualifier::Exact,
                period_years: c.period_years,
                as_of: c.as_of.map(Date::from),
                note: c.note.as_ref().map(ToString::to_string),
                sources: sources(&self.0.kg, &c.sources),
            })
            .collect()
    }

    /// The institution it is part of, such as the academy an institute belongs to.
    async fn parent(&self) -> Option<One<Institution>> {
        self.0.kg.ancestors_of(self.0.index).first().map(|&i| self.make(i, Institution)).map(One)
    }

    /// Every institution above it, nearest first.
    async fn ancestors(&self) -> Many<Institution> {
        self.0.kg.ancestors_of(self.0.index).into_iter().map(|i| self.make(i, Institution)).collect()
    }

    /// Institutions that are part of it.
    async fn children(&self) -> Many<Institution> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::PartOf)
            .into_iter()
            .map(|n| self.make(n.index, Institution))
            .collect()
    }

    /// Posts held at this institution, with the people who hold them.
    async fn people(&self) -> Many<Position> {
        self.0
            .kg
            .edges(self.node(), Direction::Incoming, Some(Relation::HoldsPosition))
            .into_iter()
            .map(|e| Position { kg: self.0.kg.clone(), person: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// Agreements it is party to, optionally with one status.
    async fn agreements(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::PartyTo)
            .into_iter()
            .filter(|n| status.is_none_or(|s| self.0.kg.agreements[n.index].status == s.into()))
            .map(|n| self.make(n.index, Agreement))
            .collect()
    }

    /// Its memberships of agreements as edges, with their sources.
    async fn party_to(&self) -> Many<Party> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::PartyTo))
            .into_iter()
            .map(|e| Party { kg: self.0.kg.clone(), agreement: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// Labs it hosts, existing or planned, as hosting edges.
    async fn labs(&self, #[graphql(desc = "Only those with this status.")] status: Option<Status>) -> Many<LabHost> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::Hosts))
            .into_iter()
            .filter(|e| status.is_none_or(|s| self.0.kg.labs[e.edge.record].status == s.into()))
            .map(|e| LabHost { kg: self.0.kg.clone(), lab: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// The institutions it shares an agreement or a lab with, heaviest first, with what links them.
    async fn collaborators(&self) -> Many<Collaboration> {
        self.0
            .kg
            .collaborators_of(self.0.index)
            .into_iter()
            .map(|c| Collaboration { kg: self.0.kg.clone(), inner: c })
            .collect()
    }

    /// Sources it published.
    async fn published(&self) -> Many<Source> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::PublishedBy)
            .into_iter()
            .map(|n| self.make(n.index, Source))
            .collect()
    }
});

/// A post held by a person at an institution: the HOLDS_POSITION relation with its attributes.
pub struct Position {
    kg: Arc<KnowledgeGraph>,
    person: usize,
    item: usize,
}

impl Position {
    fn record(&self) -> &model::Position {
        &self.kg.people[self.person].positions[self.item]
    }
}

/// A post held by a person at an institution: the HOLDS_POSITION relation with its attributes.
#[Object(serial)]
impl Position {
    /// The title as given, such as "Vice President".
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// Who holds it.
    async fn person(&self) -> One<Person> {
        One(Person(Handle {
            kg: self.kg.clone(),
            index: self.person,
        }))
    }

    /// Where.
    async fn institution(&self) -> One<Institution> {
        let id = self.record().institution.as_str();
        let index = lookup(&self.kg, NodeKind::Institution, id).expect("checked at load");
        One(Institution(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// Since when, if known.
    async fn from(&self) -> Option<One<Date>> {
        self.record().from.map(Date::from).map(One)
    }

    /// Until when, if it ended.
    async fn to(&self) -> Option<One<Date>> {
        self.record().to.map(Date::from).map(One)
    }

    /// A date the post is known to be held on, when start and end are not known.
    async fn as_of(&self) -> Option<One<Date>> {
        self.record().as_of.map(Date::from).map(One)
    }

    /// Whether the post has no end date.
    async fn current(&self) -> bool {
        self.record().to.is_none()
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

/// An institution bound by an agreement: the PARTY_TO relation.
pub struct Party {
    kg: Arc<KnowledgeGraph>,
    agreement: usize,
    item: usize,
}

/// An institution bound by an agreement: the PARTY_TO relation.
#[Object(serial)]
impl Party {
    /// The party.
    async fn institution(&self) -> One<Institution> {
        let id = &self.kg.agreements[self.agreement].parties[self.item].institution;
        let index = lookup(&self.kg, NodeKind::Institution, id.as_str()).expect("checked at load");
        One(Institution(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement(Handle {
            kg: self.kg.clone(),
            index: self.agreement,
        }))
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(
            &self.kg,
            &self.kg.agreements[self.agreement].parties[self.item].sources,
        )
    }
}

/// A person who signed or concluded an agreement, and for whom: the SIGNED relation.
pub struct Signatory {
    kg: Arc<KnowledgeGraph>,
    agreement: usize,
    item: usize,
}

impl Signatory {
    fn record(&self) -> &model::Signatory {
        &self.kg.agreements[self.agreement].signatories[self.item]
    }
}

/// A person who signed or concluded an agreement, and for whom: the SIGNED relation.
#[Object(serial)]
impl Signatory {
    /// Who.
    async fn person(&self) -> One<Person> {
        let index = lookup(&self.kg, NodeKind::Person, self.record().person.as_str())
            .expect("checked at load");
        One(Person(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement(Handle {
            kg: self.kg.clone(),
            index: self.agreement,
        }))
    }

    /// The party the person acted for.
    async fn on_behalf_of(&self) -> One<Institution> {
        let index = lookup(
            &self.kg,
            NodeKind::Institution,
            self.record().on_behalf_of.as_str(),
        )
        .expect("checked at load");
        One(Institution(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// Whether the source says the person signed, or only that they concluded the agreement.
    async fn role(&self) -> SignatoryRole {
        self.record().role.into()
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

/// An institution hosting a lab: the HOSTS relation.
pub struct LabHost {
    kg: Arc<KnowledgeGraph>,
    lab: usize,
    item: usize,
}

impl LabHost {
    fn record(&self) -> &model::LabHost {
        &self.kg.labs[self.lab].hosts[self.item]
    }
}

/// An institution hosting a lab: the HOSTS relation.
#[Object(serial)]
impl LabHost {
    /// The host.
    async fn institution(&self) -> One<Institution> {
        let index = lookup(
            &self.kg,
            NodeKind::Institution,
            self.record().institution.as_str(),
        )
        .expect("checked at load");
        One(Institution(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// The lab.
    async fn lab(&self) -> One<Lab> {
        One(Lab(Handle {
            kg: self.kg.clone(),
            index: self.lab,
        }))
    }

    /// The host's part, if the source says.
    async fn note(&self) -> Option<String> {
        self.record().note.as_ref().map(ToString::to_string)
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

/// A partner institution and what links the two: shared agreements and shared labs.
pub struct Collaboration {
    kg: Arc<KnowledgeGraph>,
    inner: crate::graph::Collaboration,
}

/// A partner institution and what links the two: shared agreements and shared labs.
#[Object(serial)]
impl Collaboration {
    /// The partner.
    async fn partner(&self) -> One<Institution> {
        One(Institution(Handle {
            kg: self.kg.clone(),
            index: self.inner.partner,
        }))
    }

    /// Shared agreements plus shared labs.
    async fn weight(&self) -> usize {
        self.inner.weight()
    }

    /// Agreements both are party to.
    async fn agreements(&self) -> Many<Agreement> {
        self.inner
            .agreements
            .iter()
            .map(|&i| {
                Agreement(Handle {
                    kg: self.kg.clone(),
                    index: i,
                })
            })
            .collect()
    }

    /// Labs both host, existing or planned.
    async fn labs(&self) -> Many<Lab> {
        self.inner
            .labs
            .iter()
            .map(|&i| {
                Lab(Handle {
                    kg: self.kg.clone(),
                    index: i,
                })
            })
            .collect()
    }
}

entity_object!(
    /// A person.
    Person {

    /// Name as usually written in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// Posts the person holds or held, with titles and dates.
    async fn positions(&self) -> Many<Position> {
        (0..self.record().positions.len())
            .map(|item| Position { kg: self.0.kg.clone(), person: self.0.index, item })
            .collect()
    }

    /// Agreements the person signed or concluded, and for whom.
    async fn signed(&self) -> Many<Signatory> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::Signed))
            .into_iter()
            .map(|e| Signatory { kg: self.0.kg.clone(), agreement: e.edge.record, item: e.edge.item })
            .collect()
    }

    /// Events the person took part in.
    async fn events(&self) -> Many<Participation> {
        self.0
            .kg
            .edges(self.node(), Direction::Outgoing, Some(Relation::ParticipatedIn))
            .into_iter()
            .map(|e| Participation { kg: self.0.kg.clone(), event: e.edge.record, item: e.edge.item })
            .collect()
    }
});

entity_object!(
    /// A laboratory, centre or network, existing or planned.
    Lab {

    /// Name, or a description when it has no name yet.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// What kind of unit it is.
    async fn kind(&self) -> LabKind {
        self.record().kind.into()
    }

    /// Whether it exists yet.
    async fn status(&self) -> Status {
        self.record().status.into()
    }

    /// What it is for, in the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// When it was or will be opened.
    async fn opened(&self) -> Option<One<QualifiedDate>> {
        self.record().opened.map(QualifiedDate::from).map(One)
    }

    /// The institutions that host or run it.
    async fn hosts(&self) -> Many<LabHost> {
        (0..self.record().hosts.len()).map(|item| LabHost { kg: self.0.kg.clone(), lab: self.0.index, item }).collect()
    }

    /// The research areas it works on.
    async fn focus(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::FocusesOn)
            .into_iter()
            .map(|n| self.make(n.index, Topic))
            .collect()
    }

    /// Agreements that set it up.
    async fn established_by(&self) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Establishes)
            .into_iter()
            .map(|n| self.make(n.index, Agreement))
            .collect()
    }
});

/// Something the parties will do under an agreement.
pub struct Activity {
    kg: Arc<KnowledgeGraph>,
    agreement: usize,
    item: usize,
}

impl Activity {
    fn record(&self) -> &model::Activity {
        &self.kg.agreements[self.agreement].activities[self.item]
    }
}

/// Something the parties will do under an agreement.
#[Object(serial)]
impl Activity {
    /// What kind.
    async fn kind(&self) -> ActivityKind {
        self.record().kind.into()
    }

    /// In the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// Stated for the agreements in general, or for this one in particular.
    async fn scope(&self) -> ActivityScope {
        self.record().scope.into()
    }

    /// The lab, for a joint lab.
    async fn lab(&self) -> Option<One<Lab>> {
        let id = self.record().lab.as_ref()?;
        lookup(&self.kg, NodeKind::Lab, id.as_str())
            .map(|index| {
                Lab(Handle {
                    kg: self.kg.clone(),
                    index,
                })
            })
            .map(One)
    }

    /// Research areas this activity is about.
    async fn topics(&self) -> Many<Topic> {
        self.record()
            .topics
            .iter()
            .filter_map(|t| lookup(&self.kg, NodeKind::Topic, t.as_str()))
            .map(|index| {
                Topic(Handle {
                    kg: self.kg.clone(),
                    index,
                })
            })
            .collect()
    }

    /// The agreement.
    async fn agreement(&self) -> One<Agreement> {
        One(Agreement(Handle {
            kg: self.kg.clone(),
            index: self.agreement,
        }))
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

entity_object!(
    /// A memorandum or other agreement between institutions.
    Agreement {

    /// A title, as given or descriptive.
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// What kind of agreement.
    async fn kind(&self) -> AgreementKind {
        self.record().kind.into()
    }

    /// What it is about, in the source's words.
    async fn description(&self) -> Option<String> {
        self.record().description.as_ref().map(ToString::to_string)
    }

    /// Whether it is in force.
    async fn status(&self) -> Status {
        self.record().status.into()
    }

    /// When it was signed, and how exactly that is known.
    async fn signed(&self) -> Option<One<QualifiedDate>> {
        self.record().signed.map(QualifiedDate::from).map(One)
    }

    /// When it takes effect, if different from signing.
    async fn valid_from(&self) -> Option<One<Date>> {
        self.record().valid_from.map(Date::from).map(One)
    }

    /// When it ends.
    async fn valid_to(&self) -> Option<One<Date>> {
        self.record().valid_to.map(Date::from).map(One)
    }

    /// The institutions bound by it.
    async fn parties(&self) -> Many<Party> {
        (0..self.record().parties.len()).map(|item| Party { kg: self.0.kg.clone(), agreement: self.0.index, item }).collect()
    }

    /// Who signed or concluded it, for which party.
    async fn signatories(&self) -> Many<Signatory> {
        (0..self.record().signatories.len())
            .map(|item| Signatory { kg: self.0.kg.clone(), agreement: self.0.index, item })
            .collect()
    }

    /// The research areas it covers.
    async fn topics(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::Covers)
            .into_iter()
            .map(|n| self.make(n.index, Topic))
            .collect()
    }

    /// What the parties will do under it, optionally of one kind.
    async fn activities(&self, #[graphql(desc = "Only activities of this kind.")] kind: Option<ActivityKind>) -> Many<Activity> {
        self.record()
            .activities
            .iter()
            .enumerate()
            .filter(|(_, a)| kind.is_none_or(|k| a.kind == k.into()))
            .map(|(item, _)| Activity { kg: self.0.kg.clone(), agreement: self.0.index, item })
            .collect()
    }

    /// Labs it sets up.
    async fn establishes(&self) -> Many<Lab> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::Establishes)
            .into_iter()
            .map(|n| self.make(n.index, Lab))
            .collect()
    }

    /// Events it was concluded at.
    async fn events(&self) -> Many<Event> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Outgoing, Relation::ConcludedAt)
            .into_iter()
            .map(|n| self.make(n.index, Event))
            .collect()
    }
});

entity_object!(
    /// A research area.
    Topic {

    /// Primary name, in English.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// Names in other languages and scripts.
    async fn names(&self) -> Many<LocalizedName> {
        localized(&self.0.kg, &self.record().names)
    }

    /// The broader research area this one belongs to.
    async fn broader(&self) -> Option<One<Topic>> {
        let id = self.record().broader.as_ref()?;
        lookup(&self.0.kg, NodeKind::Topic, id.as_str()).map(|i| self.make(i, Topic)).map(One)
    }

    /// Narrower research areas.
    async fn narrower(&self) -> Many<Topic> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Broader)
            .into_iter()
            .map(|n| self.make(n.index, Topic))
            .collect()
    }

    /// Agreements that cover it.
    async fn agreements(&self) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::Covers)
            .into_iter()
            .map(|n| self.make(n.index, Agreement))
            .collect()
    }

    /// Labs that work on it.
    async fn labs(&self) -> Many<Lab> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::FocusesOn)
            .into_iter()
            .map(|n| self.make(n.index, Lab))
            .collect()
    }
});

entity_object!(
    /// A document that facts come from.
    Source {

    /// The document's title.
    async fn title(&self) -> &str {
        self.record().title.as_str()
    }

    /// What kind of document it is.
    async fn kind(&self) -> SourceKind {
        self.record().kind.into()
    }

    /// Who published it, as printed.
    async fn publisher(&self) -> Option<String> {
        self.record().publisher.as_ref().map(ToString::to_string)
    }

    /// The publisher, when it is an institution in the graph.
    async fn publisher_institution(&self) -> Option<One<Institution>> {
        let id = self.record().publisher_institution.as_ref()?;
        lookup(&self.0.kg, NodeKind::Institution, id.as_str()).map(|i| self.make(i, Institution)).map(One)
    }

    /// When it was published.
    async fn date(&self) -> Option<One<Date>> {
        self.record().date.map(Date::from).map(One)
    }

    /// Where it can be read, if known.
    async fn url(&self) -> Option<String> {
        self.record().url.as_ref().map(ToString::to_string)
    }

    /// The BCP 47 tag of the language it is written in.
    async fn language(&self) -> &str {
        self.record().language.as_str()
    }

    /// Anything a reader should know about the source.
    async fn note(&self) -> Option<String> {
        self.record().note.as_ref().map(ToString::to_string)
    }

    /// The records that cite this source.
    async fn supports(&self) -> Many<Node> {
        let (nodes, _) = self.0.kg.supported_by(self.0.index);
        nodes.into_iter().map(|n| Node::new(&self.0.kg, n)).collect()
    }

    /// The relations (positions, parties, signatories, hosts...) that cite this source.
    async fn supported_relations(&self) -> Many<RelationEdge> {
        let (_, edges) = self.0.kg.supported_by(self.0.index);
        edges.into_iter().map(|edge| RelationEdge { kg: self.0.kg.clone(), edge }).collect()
    }
});

/// A person taking part in an event: the PARTICIPATED_IN relation.
pub struct Participation {
    kg: Arc<KnowledgeGraph>,
    event: usize,
    item: usize,
}

impl Participation {
    fn record(&self) -> &model::Participant {
        &self.kg.events[self.event].participants[self.item]
    }
}

/// A person taking part in an event: the PARTICIPATED_IN relation.
#[Object(serial)]
impl Participation {
    /// Who.
    async fn person(&self) -> One<Person> {
        let index = lookup(&self.kg, NodeKind::Person, self.record().person.as_str())
            .expect("checked at load");
        One(Person(Handle {
            kg: self.kg.clone(),
            index,
        }))
    }

    /// The event.
    async fn event(&self) -> One<Event> {
        One(Event(Handle {
            kg: self.kg.clone(),
            index: self.event,
        }))
    }

    /// In what capacity.
    async fn role(&self) -> Option<String> {
        self.record().role.as_ref().map(ToString::to_string)
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }
}

entity_object!(
    /// A visit, meeting or signing.
    Event {

    /// A name, as given or descriptive.
    async fn name(&self) -> &str {
        self.record().name.as_str()
    }

    /// What kind of event.
    async fn kind(&self) -> EventKind {
        self.record().kind.into()
    }

    /// When, and how exactly that is known.
    async fn date(&self) -> Option<One<QualifiedDate>> {
        self.record().date.map(QualifiedDate::from).map(One)
    }

    /// ISO code of the country it took place in.
    async fn country(&self) -> Option<&str> {
        self.record().country.as_ref().map(|c| c.as_str())
    }

    /// Who took part, and in what capacity.
    async fn participants(&self) -> Many<Participation> {
        (0..self.record().participants.len())
            .map(|item| Participation { kg: self.0.kg.clone(), event: self.0.index, item })
            .collect()
    }

    /// Agreements concluded at it.
    async fn agreements(&self) -> Many<Agreement> {
        self.0
            .kg
            .neighbours(self.node(), Direction::Incoming, Relation::ConcludedAt)
            .into_iter()
            .map(|n| self.make(n.index, Agreement))
            .collect()
    }
});

/// One relation between two nodes, generically: what a network view draws as an edge. The
/// typed views (Position, Party, Signatory, LabHost, Participation) carry the attributes.
pub struct RelationEdge {
    kg: Arc<KnowledgeGraph>,
    edge: EdgeView,
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
        sources(&self.kg, self.kg.edge_sources(&self.edge.edge))
    }
}

// ---------------------------------------------------------------------------------------------
// Search and statistics
// ---------------------------------------------------------------------------------------------

/// One search result.
pub struct SearchResult {
    kg: Arc<KnowledgeGraph>,
    hit: crate::search::SearchHit,
}

/// One search result.
#[Object(serial)]
impl SearchResult {
    /// The record found.
    async fn node(&self) -> One<Node> {
        One(Node::new(&self.kg, self.hit.node))
    }

    /// Relevance in (0, 1]: 1 is an exact match of a primary name or acronym.
    async fn score(&self) -> f32 {
        self.hit.score
    }

    /// The name that matched, as written in the data.
    async fn matched(&self) -> &str {
        &self.hit.matched
    }

    /// Which kind of name matched.
    async fn field(&self) -> MatchedField {
        self.hit.field.into()
    }
}

/// A count for one value of a key.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct KeyCount {
    /// The value: a country code, a kind, a status.
    key: String,
    /// How many.
    count: usize,
}

/// A count for one year.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct YearCount {
    /// The year.
    year: i32,
    /// How many.
    count: usize,
}

/// How many nodes of one type.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct TypeCount {
    /// The type.
    #[graphql(name = "type")]
    node_type: NodeType,
    /// How many.
    count: usize,
}

/// How many relations of one type.
#[derive(SimpleObject)]
#[graphql(serial)]
pub struct RelationCount {
    /// The relation type.
    #[graphql(name = "type")]
    relation_type: RelationType,
    /// How many.
    count: usize,
}

fn key_counts<K: Ord + ToString>(keys: impl Iterator<Item = K>) -> Many<KeyCount> {
    let mut counts: BTreeMap<K, usize> = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(key, count)| KeyCount {
            key: key.to_string(),
            count,
        })
        .collect()
}

/// The GraphQL name of an enum value, such as `UNIVERSITY`.
fn enum_name<T: async_graphql::resolver_utils::EnumType>(value: T) -> String {
    async_graphql::resolver_utils::enum_value(value).to_string()
}

/// Counts over the whole graph.
pub struct Stats(Arc<KnowledgeGraph>);

/// Counts over the whole graph.
#[Object(serial)]
impl Stats {
    /// All nodes.
    async fn nodes(&self) -> usize {
        self.0.node_count()
    }

    /// All relations.
    async fn relations(&self) -> usize {
        self.0.edge_count()
    }

    /// Nodes by type.
    async fn by_type(&self) -> Many<TypeCount> {
        NodeKind::ALL
            .into_iter()
            .map(|k| TypeCount {
                node_type: k.into(),
                count: self.0.len(k),
            })
            .collect()
    }

    /// Relations by type (types with none are left out).
    async fn relations_by_type(&self) -> Many<RelationCount> {
        let mut counts = [0usize; Relation::ALL.len()];
        for edge in self.0.all_edges() {
            counts[edge.edge.relation as usize] += 1;
        }
        Relation::ALL
            .into_iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(r, count)| RelationCount {
                relation_type: r.into(),
                count,
            })
            .collect()
    }

    /// Institutions by country code.
    async fn institutions_by_country(&self) -> Many<KeyCount> {
        key_counts(self.0.institutions.iter().map(|i| i.country.as_str()))
    }

    /// Institutions by kind.
    async fn institutions_by_kind(&self) -> Many<KeyCount> {
        key_counts(
            self.0
                .institutions
                .iter()
                .map(|i| enum_name(InstitutionKind::from(i.kind))),
        )
    }

    /// Agreements by the year they were signed (agreements with no date are left out).
    async fn agreements_by_year(&self) -> Many<YearCount> {
        let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
        for agreement in &self.0.agreements {
            if let Some(signed) = agreement.signed {
                *counts.entry(signed.date().year()).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .map(|(year, count)| YearCount { year, count })
            .collect()
    }

    /// Agreements by status.
    async fn agreements_by_status(&self) -> Many<KeyCount> {
        key_counts(
            self.0
                .agreements
                .iter()
                .map(|a| enum_name(Status::from(a.status))),
        )
    }

    /// Labs by status.
    async fn labs_by_status(&self) -> Many<KeyCount> {
        key_counts(
            self.0
                .labs
                .iter()
                .map(|l| enum_name(Status::from(l.status))),
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Filters and ordering
// ---------------------------------------------------------------------------------------------

/// Which institutions to list. Conditions combine with AND; list values match any.
#[derive(InputObject, Default)]
pub struct InstitutionFilter {
    /// ISO country codes, such as ["KZ", "CN"].
    country: Option<Vec<String>>,
    /// Kinds of organisation.
    kind: Option<Vec<InstitutionKind>>,
    /// Founded in this year or later.
    founded_from: Option<i32>,
    /// Founded in this year or earlier.
    founded_to: Option<i32>,
    /// Party to an agreement covering, or host of a lab working on, this topic (id).
    topic: Option<ID>,
    /// Part of this institution (id), directly.
    parent: Option<ID>,
}

/// What to sort institutions by.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum InstitutionSort {
    /// Primary name.
    #[default]
    Name,
    /// Founding year (unknown years last).
    Founded,
    /// Country code, then name.
    Country,
    /// Seed id.
    Id,
}

/// Order of an institution list.
#[derive(InputObject, Default)]
pub struct InstitutionOrder {
    /// What to sort by.
    #[graphql(default)]
    field: InstitutionSort,
    /// Which way.
    #[graphql(default)]
    direction: SortDirection,
}

/// Which agreements to list. Conditions combine with AND.
#[derive(InputObject, Default)]
pub struct AgreementFilter {
    /// An institution (id) that is party to it.
    party: Option<ID>,
    /// A person (id) who signed or concluded it.
    signatory: Option<ID>,
    /// Its status.
    status: Option<Status>,
    /// Its kind.
    kind: Option<AgreementKind>,
    /// A research area (id) it covers.
    topic: Option<ID>,
    /// It provides for this kind of activity.
    activity: Option<ActivityKind>,
    /// Signed on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    signed_from: Option<String>,
    /// Signed on or before this date.
    signed_to: Option<String>,
}

/// What to sort agreements by.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum AgreementSort {
    /// Signing date (unknown dates last).
    #[default]
    Signed,
    /// Title.
    Title,
    /// Seed id.
    Id,
}

/// Order of an agreement list.
#[derive(InputObject, Default)]
pub struct AgreementOrder {
    /// What to sort by.
    #[graphql(default)]
    field: AgreementSort,
    /// Which way.
    #[graphql(default)]
    direction: SortDirection,
}

/// Which people to list.
#[derive(InputObject, Default)]
pub struct PersonFilter {
    /// Holds or held a post at this institution (id).
    institution: Option<ID>,
    /// Holds or held a post whose title has these words (or words beginning so), in any case:
    /// "rector" finds a "Chairman of the Board-Rector", not a "Director General".
    title: Option<String>,
}

/// Which labs to list. Conditions combine with AND.
#[derive(InputObject, Default)]
pub struct LabFilter {
    /// Its status.
    status: Option<Status>,
    /// Its kind.
    kind: Option<LabKind>,
    /// Hosted by this institution (id).
    host: Option<ID>,
    /// Works on this research area (id).
    topic: Option<ID>,
}

/// Whether every word of `words` (normalized) begins a word of `title`: "rector" matches
/// "Chairman of the Board-Rector" but not "Director General".
fn title_has_words(title: &str, words: &str) -> bool {
    let title = crate::search::normalize(title);
    words
        .split(' ')
        .all(|w| title.split(' ').any(|t| t.starts_with(w)))
}

/// The records of `order` that `keep`, in that order. `keep` is asked of each record in seed
/// order, which is the records' order in memory: asked in name order, a cache miss at each of a
/// million people made a filter by title seven times slower (380 ms against 55).
fn ordered_where(
    kg: &KnowledgeGraph,
    order: ListOrder,
    keep: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let ordered = kg.ordered(order);
    let kept: Vec<bool> = (0..ordered.len()).map(keep).collect();
    ordered.iter().copied().filter(|&i| kept[i]).collect()
}

fn sort_by<T: Ord>(items: &mut [usize], direction: SortDirection, key: impl Fn(usize) -> T) {
    items.sort_by_cached_key(|&i| key(i));
    if direction == SortDirection::Desc {
        items.reverse();
    }
}

// ---------------------------------------------------------------------------------------------
// Query root
// ---------------------------------------------------------------------------------------------

/// Finds a record of `kind` by id, or by an exact name, acronym or alias (any case, any accents).
fn find_one(
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

/// The root of every query: records and lookups here, network questions in `network`.
#[derive(MergedObject, Default)]
pub struct Query(RecordQuery, network::NetworkQuery);

/// Lookups, lists, search and statistics over the records.
#[derive(Default)]
pub struct RecordQuery;

/// Lookups, lists, search and statistics over the records.
#[Object]
impl RecordQuery {
    /// Any record by global id (`Institution:kaznu`); null if there is none.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, such as `Institution:kaznu`.")] id: ID,
    ) -> Option<One<Node>> {
        let kg = snapshot(ctx);
        kg.find_global(&id).map(|n| Node::new(kg, n)).map(One)
    }

    /// Records by global id, in the order asked; null for ids with none. At most 100 ids.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, such as `Institution:kaznu`.")] ids: Vec<ID>,
    ) -> Result<Vec<Option<Node>>> {
        if ids.len() > MAX_PAGE_SIZE {
            return Err(
                ErrorCode::LimitExceeded.error(format!("at most {MAX_PAGE_SIZE} ids at once"))
            );
        }
        let kg = snapshot(ctx);
        Ok(ids
            .iter()
            .map(|id| kg.find_global(id).map(|n| Node::new(kg, n)))
            .collect())
    }

    /// One institution by id (`kaznu` or `Institution:kaznu`) or by exact name, acronym or
    /// alias in any language (`KazNU`, `深圳大学`); null if there is none.
    async fn institution(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Institution>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Institution, id, name)?
            .map(|index| {
                Institution(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One person by id or exact name; null if there is none.
    async fn person(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Person>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Person, id, name)?
            .map(|index| {
                Person(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One lab by id or exact name; null if there is none.
    async fn lab(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Lab>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Lab, id, name)?
            .map(|index| {
                Lab(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One agreement by id or exact title; null if there is none.
    async fn agreement(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Agreement>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Agreement, id, name)?
            .map(|index| {
                Agreement(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One research area by id or exact name; null if there is none.
    async fn topic(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Topic>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Topic, id, name)?
            .map(|index| {
                Topic(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One source by id or exact title; null if there is none.
    async fn source(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Source>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Source, id, name)?
            .map(|index| {
                Source(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// One event by id or exact name; null if there is none.
    async fn event(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A seed id (`kaznu`) or a global id (`Institution:kaznu`).")] id: Option<
            ID,
        >,
        #[graphql(
            desc = "An exact name, acronym or alias, in any language; case, accents and punctuation are ignored."
        )]
        name: Option<String>,
    ) -> Result<Option<One<Event>>> {
        let kg = snapshot(ctx);
        Ok(find_one(kg, NodeKind::Event, id, name)?
            .map(|index| {
                Event(Handle {
                    kg: kg.clone(),
                    index,
                })
            })
            .map(One))
    }

    /// Institutions, filtered and ordered, a page at a time (default 20, at most 100).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn institutions(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<InstitutionFilter>,
        #[graphql(desc = "How to order the list.")] order_by: Option<InstitutionOrder>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<InstitutionConnection>> {
        let kg = snapshot(ctx);
        let filter = filter.unwrap_or_default();
        let topic = filter
            .topic
            .as_ref()
            .map(|t| require(kg, NodeKind::Topic, t))
            .transpose()?;
        let parent = filter
            .parent
            .as_ref()
            .map(|p| require(kg, NodeKind::Institution, p))
            .transpose()?;
        let on_topic = topic.map(|t| kg.institutions_on_topic(t));
        // A country filter starts from those countries' lists, not from every institution; one
        // country's list is already in name order.
        let name_ordered = filter.country.as_ref().is_some_and(|c| c.len() == 1);
        let pool: Cow<[usize]> = match &filter.country {
            Some(countries) if name_ordered => Cow::Borrowed(kg.institutions_in(&countries[0])),
            Some(countries) => {
                let mut pool: Vec<usize> = countries
                    .iter()
                    .flat_map(|c| kg.institutions_in(c).iter().copied())
                    .collect();
                pool.sort_unstable();
                pool.dedup();
                Cow::Owned(pool)
            }
            None => Cow::Owned((0..kg.institutions.len()).collect()),
        };
        // The pool holds only the countries asked for. With nothing else to filter it is the
        // answer, borrowed: copying or re-checking a large country's list (18,000 in the
        // United States of the large seed) cost more than the rest of a page of 50.
        let only_countries = filter.kind.is_none()
            && filter.founded_from.is_none()
            && filter.founded_to.is_none()
            && on_topic.is_none()
            && parent.is_none();
        let mut items = if only_countries {
            pool
        } else {
            Cow::Owned(
                pool.iter()
                    .copied()
                    .filter(|&i| {
                        let inst = &kg.institutions[i];
                        let founded = inst.founded.as_ref().map(|f| f.year.get());
                        filter.kind.as_ref().is_none_or(|k| {
                            k.iter()
                                .any(|&k| model::InstitutionKind::from(k) == inst.kind)
                        }) && filter
                            .founded_from
                            .is_none_or(|from| founded.is_some_and(|y| y >= from))
                            && filter
                                .founded_to
                                .is_none_or(|to| founded.is_some_and(|y| y <= to))
                            && on_topic.as_ref().is_none_or(|set| set.contains(&i))
                            && parent.is_none_or(|p| kg.ancestors_of(i).first() == Some(&p))
                    })
                    .collect(),
            )
        };
        let order = order_by.unwrap_or_default();
        let name = |i: usize| kg.institution_name_rank(i);
        match order.field {
            InstitutionSort::Name if name_ordered => {
                if order.direction == SortDirection::Desc {
                    items.to_mut().reverse();
                }
            }
            InstitutionSort::Name => sort_by(items.to_mut(), order.direction, name),
            InstitutionSort::Founded => sort_by(items.to_mut(), order.direction, |i| {
                let year = kg.institutions[i].founded.as_ref().map(|f| f.year.get());
                (year.is_none(), year, name(i))
            }),
            InstitutionSort::Country => sort_by(items.to_mut(), order.direction, |i| {
                (kg.institutions[i].country.as_str(), name(i))
            }),
            InstitutionSort::Id => sort_by(items.to_mut(), order.direction, |i| {
                kg.institutions[i].id.as_str()
            }),
        }
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Institution(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// Agreements, filtered and ordered, a page at a time (default 20, at most 100).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<AgreementFilter>,
        #[graphql(desc = "How to order the list.")] order_by: Option<AgreementOrder>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<AgreementConnection>> {
        let kg = snapshot(ctx);
        let filter = filter.unwrap_or_default();
        let party = filter
            .party
            .as_ref()
            .map(|p| require(kg, NodeKind::Institution, p))
            .transpose()?;
        let signatory = filter
            .signatory
            .as_ref()
            .map(|p| require(kg, NodeKind::Person, p))
            .transpose()?;
        let topic = filter
            .topic
            .as_ref()
            .map(|t| require(kg, NodeKind::Topic, t))
            .transpose()?;
        let from = filter
            .signed_from
            .as_deref()
            .map(|d| parse_date("signedFrom", d))
            .transpose()?;
        let to = filter
            .signed_to
            .as_deref()
            .map(|d| parse_date("signedTo", d))
            .transpose()?;
        let party_id = party.map(|p| kg.institutions[p].id.clone());
        let signatory_id = signatory.map(|p| kg.people[p].id.clone());
        let topic_id = topic.map(|t| kg.topics[t].id.clone());
        let status: Option<model::Status> = filter.status.map(Into::into);
        let matches = |i: usize| {
            let a = &kg.agreements[i];
            let signed = || a.signed.map(|s| s.date());
            status.is_none_or(|s| a.status == s)
                && filter.kind.is_none_or(|k| a.kind == k.into())
                && party_id.as_ref().is_none_or(|p| a.parties.iter().any(|x| &x.institution == p))
                && signatory_id.as_ref().is_none_or(|p| a.signatories.iter().any(|x| &x.person == p))
                && topic_id.as_ref().is_none_or(|t| a.topics.contains(t))
                && filter
                    .activity
                    .is_none_or(|k| a.activities.iter().any(|x| x.kind == k.into()))
                // A date known only to the month or year matches if it may fall in range.
                && from.is_none_or(|f| signed().is_some_and(|s| s.latest() >= f.earliest()))
                && to.is_none_or(|t| signed().is_some_and(|s| s.earliest() <= t.latest()))
        };
        let order_by = order_by.unwrap_or_default();
        let order = match order_by.field {
            AgreementSort::Signed => ListOrder::AgreementsBySigned,
            AgreementSort::Title => ListOrder::AgreementsByTitle,
            AgreementSort::Id => ListOrder::AgreementsById,
        };
        let mut items = ordered_where(kg, order, matches);
        if order_by.direction == SortDirection::Desc {
            items.reverse();
        }
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Agreement(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// People, filtered, ordered by name, a page at a time (default 20, at most 100).
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<PersonFilter>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<PersonConnection>> {
        let kg = snapshot(ctx);
        let filter = filter.unwrap_or_default();
        let institution = filter
            .institution
            .as_ref()
            .map(|i| require(kg, NodeKind::Institution, i))
            .transpose()?;
        let institution_id = institution.map(|i| kg.institutions[i].id.clone());
        let title = filter.title.map(|t| crate::search::normalize(&t));
        let holds = |i: usize| {
            kg.people[i].positions.iter().any(|p| {
                institution_id
                    .as_ref()
                    .is_none_or(|id| &p.institution == id)
                    && title
                        .as_ref()
                        .is_none_or(|t| title_has_words(p.title.as_str(), t))
            })
        };
        let items: Cow<[usize]> = match institution {
            // An institution's people are its edges' (a few, where a scan reads a million),
            // put in name order.
            Some(institution) => {
                let node = NodeRef {
                    kind: NodeKind::Institution,
                    index: institution,
                };
                let mut people: Vec<usize> = kg
                    .neighbours(node, Direction::Incoming, Relation::HoldsPosition)
                    .into_iter()
                    .map(|person| person.index)
                    .filter(|&i| holds(i))
                    .collect();
                people.sort_unstable();
                kg.sort_into(ListOrder::PeopleByName, &mut people);
                Cow::Owned(people)
            }
            None if title.is_some() => {
                Cow::Owned(ordered_where(kg, ListOrder::PeopleByName, holds))
            }
            None => Cow::Borrowed(kg.ordered(ListOrder::PeopleByName)),
        };
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Person(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// Labs, centres and networks, filtered, ordered by name, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn labs(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which items to list.")] filter: Option<LabFilter>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<LabConnection>> {
        let kg = snapshot(ctx);
        let filter = filter.unwrap_or_default();
        let host = filter
            .host
            .as_ref()
            .map(|h| require(kg, NodeKind::Institution, h))
            .transpose()?;
        let topic = filter
            .topic
            .as_ref()
            .map(|t| require(kg, NodeKind::Topic, t))
            .transpose()?;
        let host_id = host.map(|h| kg.institutions[h].id.clone());
        let topic_id = topic.map(|t| kg.topics[t].id.clone());
        let items = ordered_where(kg, ListOrder::LabsByName, |i| {
            let lab = &kg.labs[i];
            filter.status.is_none_or(|s| lab.status == s.into())
                && filter.kind.is_none_or(|k| lab.kind == k.into())
                && host_id
                    .as_ref()
                    .is_none_or(|h| lab.hosts.iter().any(|x| &x.institution == h))
                && topic_id.as_ref().is_none_or(|t| lab.focus.contains(t))
        });
        let kg = kg.clone();
        paginate(&items, after, before, first, last, move |index| {
            Lab(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// Research areas, ordered by name, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn topics(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<TopicConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::TopicsByName);
        let kg = kg.clone();
        paginate(items, after, before, first, last, move |index| {
            Topic(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// Sources, newest first, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn sources(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<SourceConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::SourcesNewestFirst);
        let kg = kg.clone();
        paginate(items, after, before, first, last, move |index| {
            Source(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// Events, newest first, a page at a time.
    #[graphql(complexity = "page_complexity(first, last, child_complexity)")]
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return items after this cursor.")] after: Option<String>,
        #[graphql(desc = "Return items before this cursor.")] before: Option<String>,
        #[graphql(
            desc = "How many items from the start of the list (20 if neither `first` nor `last` is given), at most 100."
        )]
        first: Option<i32>,
        #[graphql(desc = "How many items from the end of the list, at most 100.")] last: Option<
            i32,
        >,
    ) -> Result<One<EventConnection>> {
        let kg = snapshot(ctx);
        let items = kg.ordered(ListOrder::EventsNewestFirst);
        let kg = kg.clone();
        paginate(items, after, before, first, last, move |index| {
            Event(Handle {
                kg: kg.clone(),
                index,
            })
        })
        .map(Into::into)
    }

    /// The partners of an institution (id), heaviest first, with the agreements and labs that
    /// link them. NOT_FOUND if there is no such institution.
    async fn collaborators(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The institution, by id (`kaznu` or `Institution:kaznu`).")]
        institution: ID,
    ) -> Result<Many<Collaboration>> {
        let kg = snapshot(ctx);
        let index = require(kg, NodeKind::Institution, &institution)?;
        Ok(kg
            .collaborators_of(index)
            .into_iter()
            .map(|c| Collaboration {
                kg: kg.clone(),
                inner: c,
            })
            .collect())
    }

    /// One relation by its id (`PARTY_TO:kaznu>mou-kaznu-cup-2023`); null if there is none.
    async fn relation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A relation id, such as `PARTY_TO:kaznu>mou-kaznu-cup-2023`.")] id: ID,
    ) -> Option<One<RelationEdge>> {
        let kg = snapshot(ctx);
        kg.find_edge(&id)
            .map(|edge| RelationEdge {
                kg: kg.clone(),
                edge,
            })
            .map(One)
    }

    /// Search every name, acronym, alias and other-language name, ranked by score: case- and
    /// accent-insensitive, tolerant of small typos, in any script (`kaznu`, `Shenzen`,
    /// `Казахский`, `深圳`). Optionally only some types; at most `first` results (up to 100).
    async fn search(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "What to look for: a name, acronym or alias, in any script; small typos are forgiven."
        )]
        text: String,
        #[graphql(desc = "Only these types of node.")] types: Option<Vec<NodeType>>,
        #[graphql(default = 10, desc = "How many results, at most 100.")] first: i32,
    ) -> Result<Many<SearchResult>> {
        if !(0..=MAX_PAGE_SIZE as i32).contains(&first) {
            return Err(ErrorCode::LimitExceeded
                .error(format!("first must be between 0 and {MAX_PAGE_SIZE}")));
        }
        if text.chars().count() > 200 {
            return Err(ErrorCode::LimitExceeded.error("search text is limited to 200 characters"));
        }
        let kg = snapshot(ctx);
        let kinds: Option<Vec<NodeKind>> =
            types.map(|t| t.into_iter().map(NodeKind::from).collect());
        Ok(kg
            .search_index()
            .search(&text, kinds.as_deref(), first as usize)
            .into_iter()
            .map(|hit| SearchResult {
                kg: kg.clone(),
                hit,
            })
            .collect())
    }

    /// Counts by type, country, kind, status and year.
    async fn stats(&self, ctx: &Context<'_>) -> One<Stats> {
        One(Stats(snapshot(ctx).clone()))
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::{CacheControl, Request};

    use super::*;
    use crate::config::Settings;

    #[tokio::test]
    async fn the_trusting_schema_skips_validation_only_when_told() {
        let schema = build_schema_trusting(&Settings::default());
        // Validated as usual without the mark: refused.
        let refused = schema.execute(Request::new("{ nope }")).await;
        assert_eq!(refused.errors.len(), 1, "{refused:?}");
        assert!(refused.errors[0].message.contains("nope"), "{refused:?}");

        // With the mark, its result stands in for validation's: the response carries the
        // cache control it names, where validation would have given the default.
        let cache_control = CacheControl {
            public: false,
            max_age: 60,
        };
        let validated = schema.execute(Request::new("{ __typename }")).await;
        assert_eq!(validated.cache_control, CacheControl::default());
        let trusted = schema
            .execute(Request::new("{ __typename }").data(ValidatedBefore(cache_control)))
            .await;
        assert!(trusted.errors.is_empty(), "{trusted:?}");
        assert_eq!(trusted.cache_control, cache_control);
        assert_eq!(trusted.data, validated.data);
    }
}
