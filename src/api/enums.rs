//! The GraphQL enums: `mirror_enum!` and the mirrors of the model's enums, the node and
//! relation types, and the directions of relations and of sorting.

use async_graphql::Enum;

use crate::{
    graph::Relation,
    model::{self, NodeKind},
};

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
        /// About then: filters take it to mean within a year either side.
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
    /// How a fact is known from the source a citation names: whether the words are the
    /// source's, or an editor's reading of it, or an editor's addition.
    Known = Known {
        /// The source states it: the citation's quote, where it has one, is the source's own
        /// words.
        Stated,
        /// An editor inferred it from what the source states; the citation's `reason` says
        /// how.
        Inferred,
        /// An editor added it from elsewhere (an editorial source, or their own knowledge);
        /// the source does not state it.
        Editorial,
    }
);

mirror_enum!(
    /// How a value stands against the other values sources give the same fact, as ranks do in
    /// Wikidata.
    Rank = Rank {
        /// The value to use: the one the record's own field returns, where sources give others.
        Preferred,
        /// A value a source gives that is not the preferred one (its `reason` says why the
        /// preferred one was chosen over it); or the only value there is.
        Normal,
        /// A value a source gives that is known to be wrong; its `reason` says why.
        Deprecated,
    }
);

mirror_enum!(
    /// Whether an institution still operates, as its registry records it.
    InstitutionStatus = InstitutionStatus {
        /// It operates.
        Active,
        /// It no longer operates (closed, merged, or renamed into another record).
        Inactive,
        /// Its registry record was withdrawn, as a duplicate or an error.
        Withdrawn,
    }
);

mirror_enum!(
    /// A registry that gives records ids: institutions, people or works.
    IdScheme = IdScheme {
        /// The Research Organization Registry: `03q0vrn42` (https://ror.org/03q0vrn42).
        Ror,
        /// GRID, the Global Research Identifier Database: `grid.77184.3d`.
        Grid,
        /// The International Standard Name Identifier: `0000 0000 8887 5266`.
        Isni,
        /// Wikidata: `Q427677`.
        Wikidata,
        /// The Crossref Funder Registry: `501100016254`.
        Fundref,
        /// OpenAlex: `I27837315` for an institution, `A5023888391` for a person, `W2741809807`
        /// for a work.
        Openalex,
        /// ORCID, a person's id: `0000-0003-1613-5981` (https://orcid.org/0000-0003-1613-5981).
        Orcid,
        /// PubMed, a work's id: `29456894`.
        Pmid,
        /// PubMed Central, a work's id: `PMC5815332`.
        Pmcid,
        /// Microsoft Academic Graph, whose ids OpenAlex keeps: `2741809807`.
        Mag,
    }
);

mirror_enum!(
    /// What kind of publication a work is, as OpenAlex types them.
    WorkType = WorkType {
        /// A journal or conference article.
        Article,
        /// A book.
        Book,
        /// A chapter of a book.
        BookChapter,
        /// A dataset.
        Dataset,
        /// A thesis or dissertation.
        Dissertation,
        /// An editorial.
        Editorial,
        /// A correction of another work.
        Erratum,
        /// A letter.
        Letter,
        /// A peer review of another work.
        PeerReview,
        /// A preprint, not yet peer reviewed.
        Preprint,
        /// An entry in a reference work.
        ReferenceEntry,
        /// A report.
        Report,
        /// A notice that another work is retracted.
        Retraction,
        /// A review of other works.
        Review,
        /// A standard.
        Standard,
        /// Material that supplements another work.
        SupplementaryMaterial,
        /// Front matter, back matter and other parts of a publication that are not works of
        /// their own.
        Paratext,
        /// Anything else.
        Other,
    }
);

mirror_enum!(
    /// Where an author stands in a work's list of authors.
    AuthorPosition = AuthorPosition {
        /// The first author.
        First,
        /// Neither first nor last.
        Middle,
        /// The last author.
        Last,
    }
);

mirror_enum!(
    /// A type of organisation, as the Research Organization Registry names them.
    OrganisationType = OrganisationType {
        /// A university or other place of education.
        Education,
        /// A body that funds research.
        Funder,
        /// A research facility.
        Facility,
        /// A company.
        Company,
        /// A non-profit organisation.
        Nonprofit,
        /// A government body.
        Government,
        /// A hospital or other place of healthcare.
        Healthcare,
        /// An archive.
        Archive,
        /// Anything else.
        Other,
    }
);

mirror_enum!(
    /// What a link points at.
    LinkKind = LinkKind {
        /// The institution's own web site.
        Website,
        /// Its Wikipedia article.
        Wikipedia,
        /// Any other page.
        Other,
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
    /// A publication: an article, book, dataset or other work.
    Work,
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
            NodeKind::Work => NodeType::Work,
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
    /// Lab -> lab or centre it is meant to strengthen, as a source says.
    Strengthens,
    /// Person -> person they met, as a source reports (during an event, when it says).
    Met,
    /// Institution -> institution its registry relates it to otherwise.
    RelatedTo,
    /// Institution -> institution that succeeded it (merged into it, renamed as it).
    SucceededBy,
    /// Person -> work they are an author of.
    Authored,
    /// Institution -> work one of whose authors was affiliated with it on the work: the
    /// relation co-publication is counted from.
    ContributedTo,
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
            Relation::Strengthens => RelationType::Strengthens,
            Relation::Met => RelationType::Met,
            Relation::RelatedTo => RelationType::RelatedTo,
            Relation::SucceededBy => RelationType::SucceededBy,
            Relation::Authored => RelationType::Authored,
            Relation::ContributedTo => RelationType::ContributedTo,
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

/// Sort direction.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}
