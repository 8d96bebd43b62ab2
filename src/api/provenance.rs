//! Where facts come from: sources (the documents every record and relation cites, and the
//! `sources` fields that list them) and events (visits, meetings, signings) with who took part.

use std::sync::Arc;

use async_graphql::{ID, Object, Result};
use petgraph::Direction;

use super::{
    agreement::{Agreement, AgreementConnection},
    enums::{EventKind, Known, Rank, SourceKind},
    institution::Institution,
    lookup,
    node::{Handle, Node, NodeConnection, RelationConnection, RelationEdge, entity, entity_object},
    pages::{Page, connection, nested, paginate},
    person::Person,
    plain::{Many, One},
    values::{Date, QualifiedDate},
};
use crate::{
    error::ErrorCode,
    graph::{KnowledgeGraph, Relation},
    model::{self, FactKey, NodeKind, NodeRef, Text},
    search::did_you_mean,
};
/// A document that facts come from.
#[derive(Clone)]
pub(super) struct Source(Handle);
entity!(Source, NodeKind::Source, sources, model::Source);

/// A visit, meeting or signing.
#[derive(Clone)]
pub(super) struct Event(Handle);
entity!(Event, NodeKind::Event, events, model::Event);

/// The distinct sources of `citations`, in the order first cited: a source cited at two places
/// is one source.
pub(super) fn sources(kg: &Arc<KnowledgeGraph>, citations: &[model::Citation]) -> Many<Source> {
    let mut cited = Vec::with_capacity(citations.len());
    kg.sources_cited(citations, &mut cited);
    cited.into_iter().map(|i| Source::at(kg, i)).collect()
}

/// The `citations` beside a `sources` list: the same sources, with what each says of the fact.
pub(super) fn citations(kg: &Arc<KnowledgeGraph>, citations: &[model::Citation]) -> Many<Citation> {
    citations
        .iter()
        .filter_map(|c| Citation::new(kg, c))
        .collect()
}

/// The citations of `cited` from `source` (a seed id or global id) only, or all of them when
/// no source is given; an unknown source is NOT_FOUND.
pub(super) fn citations_from(
    kg: &Arc<KnowledgeGraph>,
    cited: &[model::Citation],
    source: Option<&ID>,
) -> Result<Many<Citation>> {
    only_from(kg, citations(kg, cited).0, source)
}

/// `citations`, keeping those of `source` only when one is given.
fn only_from(
    kg: &KnowledgeGraph,
    mut citations: Vec<Citation>,
    source: Option<&ID>,
) -> Result<Many<Citation>> {
    if let Some(id) = source {
        let source = super::require(kg, NodeKind::Source, id)?;
        citations.retain(|c| c.source == source);
    }
    Ok(Many(citations))
}

/// The citations a value object (a founding, a count, a name) carries, with the graph they
/// cite, for its `sources` and `citations` fields ([`cited_object!`]).
pub(super) struct Cited {
    kg: Arc<KnowledgeGraph>,
    citations: Vec<model::Citation>,
}

impl Cited {
    pub(super) fn new(kg: &Arc<KnowledgeGraph>, citations: &[model::Citation]) -> Cited {
        Cited {
            kg: kg.clone(),
            citations: citations.to_vec(),
        }
    }

    pub(super) fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.citations)
    }

    pub(super) fn citations(&self, source: Option<&ID>) -> Result<Many<Citation>> {
        citations_from(&self.kg, &self.citations, source)
    }
}

/// The `sources` and `citations` fields of a value object that holds its citations as
/// `cited` ([`Cited`]), declared with `#[graphql(complex)]`.
macro_rules! cited_object {
    ($object:ident) => {
        #[async_graphql::ComplexObject]
        impl $object {
            /// The documents that give it.
            async fn sources(&self) -> $crate::api::plain::Many<$crate::api::provenance::Source> {
                self.cited.sources()
            }

            /// The documents that give it, with where and in which words each does and how it
            /// is known, or only one source's.
            async fn citations(
                &self,
                #[graphql(
                    desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
                    validator(chars_max_length = 256)
                )]
                source: Option<async_graphql::ID>,
            ) -> async_graphql::Result<$crate::api::plain::Many<$crate::api::provenance::Citation>> {
                self.cited.citations(source.as_ref())
            }
        }
    };
}
pub(super) use cited_object;

/// A source's support for a fact: which source, where in it, in which words, and how the fact
/// is known from it.
#[derive(Clone)]
pub(super) struct Citation {
    kg: Arc<KnowledgeGraph>,
    /// The source's index.
    source: usize,
    citation: model::Citation,
}

impl Citation {
    /// The citation's object; None for a source the graph does not have (the seed's check
    /// refuses those).
    fn new(kg: &Arc<KnowledgeGraph>, citation: &model::Citation) -> Option<Citation> {
        let source = kg.find(NodeKind::Source, citation.source.as_str())?.index;
        Some(Citation {
            kg: kg.clone(),
            source,
            citation: citation.clone(),
        })
    }

    fn how_known(&self) -> model::Known {
        let editorial = self.kg.sources[self.source].kind == model::SourceKind::Editorial;
        self.citation.known_from(editorial)
    }
}

/// A source's support for a fact: which source, where in it, in which words, and how the fact
/// is known from it. Check a quote by reading the source at the locator.
#[Object(serial)]
impl Citation {
    /// The source.
    async fn source(&self) -> One<Source> {
        One(Source::at(&self.kg, self.source))
    }

    /// Where in the source the fact is stated, such as `¶5` (the fifth paragraph of its text)
    /// or a page; null when the citation does not say.
    async fn locator(&self) -> Option<&str> {
        self.citation.locator().map(|l| l.as_str())
    }

    /// The few words of the source that state the fact, verbatim; null when the citation gives
    /// none. For an inferred fact, the words it is inferred from.
    async fn quote(&self) -> Option<&str> {
        self.citation.quote().map(|q| q.as_str())
    }

    /// How the fact is known from this source: stated by it, inferred from it by an editor,
    /// or added by an editor.
    async fn known(&self) -> Known {
        self.how_known().into()
    }

    /// Why an editor inferred or added the fact; null for a stated one.
    async fn reason(&self) -> Option<&str> {
        self.citation.reason().map(|r| r.as_str())
    }
}

/// The strongest way any of `citations` knows a fact (stated, then inferred, then editorial);
/// editorial when there is none, for then no source gives it.
fn known_by(citations: &[Citation]) -> model::Known {
    let rank = |known: model::Known| match known {
        model::Known::Stated => 0,
        model::Known::Inferred => 1,
        model::Known::Editorial => 2,
    };
    citations
        .iter()
        .map(Citation::how_known)
        .min_by_key(|&k| rank(k))
        .unwrap_or(model::Known::Editorial)
}

/// One of a record's facts (a field, or an institution's counts of one metric): its value,
/// the citations that support it, and the other values sources give it.
#[derive(Clone)]
pub(super) struct Fact {
    kg: Arc<KnowledgeGraph>,
    node: NodeRef,
    key: FactKey,
    own: bool,
    citations: Vec<Citation>,
}

impl Fact {
    /// The fact `key` of `node`, with its own citations if the record has them (a founding's
    /// or a count's, for those), else the record's sources, which then stand for all its
    /// fields.
    fn of(kg: &Arc<KnowledgeGraph>, node: NodeRef, key: FactKey) -> Fact {
        let (own, otherwise) = match (node.kind, &key) {
            // A founding or count cites its own sources; without one, there is nothing to cite.
            (NodeKind::Institution, FactKey::Field("founded")) => {
                let founded = kg.institutions[node.index].founded.as_ref();
                (founded.map(|f| &f.sources[..]), &[][..])
            }
            (_, FactKey::Counts(metric)) => {
                let institution = &kg.institutions[node.index];
                let preferred = institution.preferred_count(metric.as_str());
                (
                    preferred.map(|i| &institution.counts[i].sources[..]),
                    &[][..],
                )
            }
            (_, FactKey::Field(field)) => (kg.facts_of(node).of(field), kg.sources_of(node)),
        };
        let cited = own.unwrap_or(otherwise);
        Fact {
            kg: kg.clone(),
            node,
            key,
            own: own.is_some(),
            citations: citations(kg, cited).0,
        }
    }

    /// The fact named `name` (a field, or `counts.` and a metric), or an error naming the
    /// facts there are.
    pub(super) fn named(kg: &Arc<KnowledgeGraph>, node: NodeRef, name: &str) -> Result<Fact> {
        if let Some(field) = fields(node.kind).find(|&f| f == name) {
            return Ok(Fact::of(kg, node, FactKey::Field(field)));
        }
        let mut names: Vec<String> = fields(node.kind).map(str::to_owned).collect();
        if node.kind == NodeKind::Institution {
            let counts = &kg.institutions[node.index].counts;
            if let Some(count) = name
                .strip_prefix("counts.")
                .and_then(|metric| counts.iter().find(|c| c.metric.as_str() == metric))
            {
                return Ok(Fact::of(kg, node, FactKey::Counts(count.metric.clone())));
            }
            for count in counts {
                let name = FactKey::Counts(count.metric.clone()).name();
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let hint = did_you_mean(name, names.iter().map(String::as_str));
        Err(ErrorCode::BadUserInput.error(format!(
            "{} has no field \"{name}\" with a provenance{hint}; {}",
            node.kind.name(),
            if names.is_empty() {
                "a source is its own account of itself".to_owned()
            } else {
                format!("its fields are {}", names.join(", "))
            }
        )))
    }

    /// The facts of `node` that have citations or other values of their own, in field order,
    /// then the counts whose sources disagree.
    pub(super) fn own(kg: &Arc<KnowledgeGraph>, node: NodeRef) -> Many<Fact> {
        let (facts, values) = (kg.facts_of(node), kg.values_of(node));
        let fields = fields(node.kind)
            .filter(|field| facts.of(field).is_some() || values.of(field).is_some())
            .map(FactKey::Field);
        let metrics = match node.kind {
            NodeKind::Institution => kg.institutions[node.index].disputed_metrics(),
            _ => Vec::new(),
        };
        let counts = metrics.into_iter().map(|m| FactKey::Counts(m.clone()));
        fields
            .chain(counts)
            .map(|key| Fact::of(kg, node, key))
            .collect()
    }

    /// The facts sources disagree on, a page at a time, in node order.
    pub(super) fn conflicts(
        kg: &Arc<KnowledgeGraph>,
        after: Option<String>,
        before: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> Result<Page<Fact>> {
        paginate(kg.disputed(), after, before, first, last, |(node, key)| {
            Fact::of(kg, node, key)
        })
    }

    /// How the record's name (its title, for an agreement or source) is known.
    pub(super) fn name_known(kg: &Arc<KnowledgeGraph>, node: NodeRef) -> Known {
        if node.kind == NodeKind::Source {
            // A document's title is the document's own.
            return Known::Stated;
        }
        let name = Fact::of(kg, node, FactKey::Field(node.kind.label_field()));
        known_by(&name.citations).into()
    }

    /// The other values sources give a field.
    fn others(&self, field: &str) -> &[model::OtherValue] {
        self.kg.values_of(self.node).of(field).unwrap_or_default()
    }

    fn institution(&self) -> &model::Institution {
        &self.kg.institutions[self.node.index]
    }

    /// The value one asks for: the record's own for a field, the preferred count for counts.
    fn preferred(&self) -> Option<String> {
        match &self.key {
            FactKey::Field(field) => self.kg.field_value(self.node, field).as_ref().map(shown),
            FactKey::Counts(metric) => {
                let institution = self.institution();
                let i = institution.preferred_count(metric.as_str())?;
                Some(shown_count(&institution.counts[i]))
            }
        }
    }
}

/// The fields of a record of `kind` that have a provenance of their own: those its `facts`
/// may cite, then those only its `values` may give (an institution's founding).
fn fields(kind: NodeKind) -> impl Iterator<Item = &'static str> {
    let cited = kind.fact_fields();
    let valued = kind.value_fields().iter().filter(|f| !cited.contains(f));
    cited.iter().chain(valued).copied()
}

/// A value as the API shows it: text as it is, anything else (a number, a date with its
/// qualifier, a list) as JSON.
fn shown(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A count as the API shows it among the values of its metric: "more than 35000 over 20
/// years, as of 2023-05-19".
fn shown_count(count: &model::Count) -> String {
    let bound = match count.qualifier {
        model::CountQualifier::Exact => "",
        model::CountQualifier::About => "about ",
        model::CountQualifier::MoreThan => "more than ",
        model::CountQualifier::FewerThan => "fewer than ",
    };
    let mut shown = format!("{bound}{}", count.value);
    if let Some(years) = count.period_years {
        shown.push_str(&format!(" over {years} years"));
    }
    if let Some(date) = count.as_of {
        shown.push_str(&format!(", as of {date}"));
    }
    shown
}

/// One of a record's facts (a field, or an institution's counts of one metric): its value,
/// the citations that support it, and the other values sources give it.
#[Object(serial)]
impl Fact {
    /// The record the fact belongs to.
    async fn node(&self) -> Node {
        Node::new(&self.kg, self.node)
    }

    /// The field, as the record's type names it (`name`, `kind`, `status`, `country`,
    /// `founded`...), or for an institution's counts of one metric, `counts.` and the metric
    /// (`counts.students`).
    async fn field(&self) -> String {
        self.key.name()
    }

    /// The value to use, the preferred one where sources disagree, as the seed writes it:
    /// text as it is, anything else (a year, a date, a list) as JSON; for counts, the
    /// preferred count ("more than 35000, as of 2023-05-19"). Null when the record has none.
    async fn value(&self) -> Option<String> {
        self.preferred()
    }

    /// How the value is known: the strongest way any citation knows it (stated, then
    /// inferred, then editorial); editorial when no source gives it.
    async fn known(&self) -> Known {
        known_by(&self.citations).into()
    }

    /// True when the record cites this fact itself; false when its sources stand for all of
    /// its fields, as they do unless a field is cited on its own.
    async fn own_citations(&self) -> bool {
        self.own
    }

    /// The citations that support the value, or only those of one source.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        only_from(&self.kg, self.citations.clone(), source.as_ref())
    }

    /// True when sources disagree: a field with more than one value, or two counts of the
    /// same metric, date and period with different numbers. `values` lists them.
    async fn disputed(&self) -> bool {
        match &self.key {
            FactKey::Field(field) => !self.others(field).is_empty(),
            FactKey::Counts(metric) => self.institution().disputed_metrics().contains(&metric),
        }
    }

    /// Every value sources give the fact, each with its rank, why it has it, and its
    /// citations. For a field, the preferred value (the record's own) first, then the others
    /// as the seed lists them; only the record's value, ranked NORMAL, when no source
    /// disagrees. For counts, every count of the metric in seed order, the one to use ranked
    /// PREFERRED.
    async fn values(&self) -> Many<FactValue> {
        let value = |value, rank, reason: Option<&Text>, cited: &[model::Citation]| FactValue {
            kg: self.kg.clone(),
            value,
            rank,
            reason: reason.map(ToString::to_string),
            citations: citations(&self.kg, cited).0,
        };
        match &self.key {
            FactKey::Field(field) => {
                let others = self.others(field);
                let rank = if others.is_empty() {
                    model::Rank::Normal
                } else {
                    model::Rank::Preferred
                };
                let own = self.preferred().map(|shown| FactValue {
                    citations: self.citations.clone(),
                    ..value(shown, rank, None, &[])
                });
                let others = others.iter().map(|other| {
                    value(
                        shown(&other.value),
                        other.rank,
                        Some(&other.reason),
                        &other.sources,
                    )
                });
                own.into_iter().chain(others).collect()
            }
            FactKey::Counts(metric) => {
                let institution = self.institution();
                let preferred = institution.preferred_count(metric.as_str());
                let counts = institution.counts.iter().enumerate();
                counts
                    .filter(|(_, c)| c.metric == *metric)
                    .map(|(i, c)| {
                        let rank = if Some(i) == preferred {
                            model::Rank::Preferred
                        } else {
                            c.rank
                        };
                        value(shown_count(c), rank, c.rank_reason.as_ref(), &c.sources)
                    })
                    .collect()
            }
        }
    }
}

/// One value a record's field has, according to some of the sources.
#[derive(Clone)]
pub(super) struct FactValue {
    kg: Arc<KnowledgeGraph>,
    value: String,
    rank: model::Rank,
    reason: Option<String>,
    citations: Vec<Citation>,
}

/// One value a record's field has, according to some of the sources: the value, how it
/// stands against the others, and who gives it.
#[Object(serial)]
impl FactValue {
    /// The value, as the seed writes it: text as it is, anything else (a year, a date) as
    /// JSON.
    async fn value(&self) -> &str {
        &self.value
    }

    /// PREFERRED for the value the record's field returns, NORMAL for another value a source
    /// gives, DEPRECATED for one known to be wrong.
    async fn rank(&self) -> Rank {
        self.rank.into()
    }

    /// For a value that is not preferred, why the preferred one was chosen over it, or why it
    /// is wrong; null for the preferred value.
    async fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// How the value is known: the strongest way any of its citations knows it.
    async fn known(&self) -> Known {
        known_by(&self.citations).into()
    }

    /// The documents that give this value.
    async fn sources(&self) -> Many<Source> {
        let mut cited: Vec<usize> = Vec::new();
        for c in &self.citations {
            if !cited.contains(&c.source) {
                cited.push(c.source);
            }
        }
        cited.into_iter().map(|i| Source::at(&self.kg, i)).collect()
    }

    /// The citations that give this value, with where and in which words each does and how
    /// it is known.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        only_from(&self.kg, self.citations.clone(), source.as_ref())
    }
}

entity_object!(
    /// A document that facts come from.
    Source ("kaznu-press-2023-05-19") {

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
        lookup(&self.0.kg, NodeKind::Institution, id.as_str()).map(|i| Institution::at(&self.0.kg, i)).map(One)
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
} pages {

    /// The records that cite this source, a page at a time.
    async fn supports(&self) -> NodeConnection |first, after| {
        let nodes = self.0.kg.records_citing(self.0.index);
        nested(nodes, first, after, |n| Node::new(&self.0.kg, n))
    }

    /// The relations (positions, parties, signatories, hosts...) that cite this source, a page
    /// at a time.
    async fn supported_relations(&self) -> RelationConnection |first, after| {
        let kg = &self.0.kg;
        let edges = kg.relations_citing(self.0.index);
        nested(edges, first, after, |e| RelationEdge { kg: kg.clone(), edge: kg.view(e) })
    }
});

entity_object!(
    /// A visit, meeting or signing.
    Event ("kaznu-china-working-trip-2023") {

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
} pages {

    /// Who took part, and in what capacity, a page at a time.
    async fn participants(&self) -> ParticipationConnection |first, after| {
        let items: Vec<usize> = (0..self.record().participants.len()).collect();
        nested(&items, first, after, |item| Participation { kg: self.0.kg.clone(), event: self.0.index, item })
    }

    /// Agreements concluded at it, a page at a time.
    async fn agreements(&self) -> AgreementConnection |first, after| {
        let items = self.0.kg.neighbours(self.node(), Direction::Incoming, Relation::ConcludedAt);
        nested(&items, first, after, |n| Agreement::at(&self.0.kg, n.index))
    }
});

/// A person taking part in an event: the PARTICIPATED_IN relation.
#[derive(Clone)]
pub(super) struct Participation {
    pub(super) kg: Arc<KnowledgeGraph>,
    pub(super) event: usize,
    pub(super) item: usize,
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
        One(Person::at(&self.kg, index))
    }

    /// The event.
    async fn event(&self) -> One<Event> {
        One(Event::at(&self.kg, self.event))
    }

    /// In what capacity.
    async fn role(&self) -> Option<String> {
        self.record().role.as_ref().map(ToString::to_string)
    }

    /// The documents that give it.
    async fn sources(&self) -> Many<Source> {
        sources(&self.kg, &self.record().sources)
    }

    /// The documents that give it, with where and in which words each does and how it is
    /// known.
    async fn citations(
        &self,
        #[graphql(
            desc = "Only this source's citations: its id, such as `kaznu-press-2023-05-19`.",
            validator(chars_max_length = 256)
        )]
        source: Option<ID>,
    ) -> Result<Many<Citation>> {
        citations_from(&self.kg, &self.record().sources, source.as_ref())
    }
}

connection!(SourceConnection, SourceEdge, Source, "the sources");
connection!(FactConnection, FactEdge, Fact, "the disputed facts");

connection!(EventConnection, EventEdge, Event, "the events");
connection!(
    ParticipationConnection,
    ParticipationEdge,
    Participation,
    "the participants"
);
