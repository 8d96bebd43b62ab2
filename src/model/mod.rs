//! The seed format: plain typed records, as they appear in a seed file.
//!
//! These types are the contract between seed files and the rest of the program. They know
//! nothing of petgraph or GraphQL. Every value that has a shape of its own (an id, a country
//! code, a year, a date, a language tag, a name) is a type that can only hold a valid value, so
//! deserializing a record is also checking it ("parse, don't validate"). What needs the whole
//! seed to check (references, duplicates, cycles) is done in `seed`.
//!
//! The JSON Schema in `seed/collabgraph-seed.schema.json` is generated from these types
//! (`collabgraph seed-schema`), so the doc comments below are also the format's documentation.
//!
//! - `mod.rs`: a seed file ([`SeedFile`]) and its record types, and giving back the room their
//!   lists were read with.
//! - `values.rs`: the checked scalars ([`Id`], [`Text`], [`CountryCode`], [`LangTag`], [`Url`],
//!   [`Year`], [`PartialDate`], [`FuzzyDate`]) and the sharing of equal strings during a load.
//! - `sparse.rs`: [`Sparse`], a list most records leave empty, in one pointer.
//! - `records.rs`: a whole seed's records and the names of a record ([`NodeKind`], [`NodeRef`]).

mod citation;
mod records;
mod sparse;
mod values;

pub use citation::{ByField, Citation, Facts, Known, OtherValue, OtherValues, Rank};

pub(crate) use records::checked_value;
pub use records::{FactKey, NodeKind, NodeRef, Records};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
pub use sparse::Sparse;
pub use values::{
    CountryCode, DatePrecision, DateQualifier, FuzzyDate, Id, LangTag, PartialDate, Text, Url,
    Year, country_codes,
};
pub(crate) use values::{reserve_shared_strings, share_strings};

/// The seed format version this build writes. Version 2 added citation objects, records'
/// `facts` and `values`, and sources' `text`; version 1 files are read as they always were.
pub const SEED_FORMAT_VERSION: u32 = 2;

/// The seed format versions this build reads.
pub(crate) const SEED_FORMAT_VERSIONS: std::ops::RangeInclusive<u32> = 1..=SEED_FORMAT_VERSION;

/// The JSON Schema of a seed file, generated from these types, pretty-printed.
pub fn seed_json_schema() -> String {
    let schema = schemars::schema_for!(SeedFile);
    serde_json::to_string_pretty(&schema).expect("a JSON Schema serializes")
}

/// One seed file. Every section is optional; a directory of files is merged into one seed.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(title = "collabgraph seed file")]
pub(crate) struct SeedFile {
    /// Format version, so later formats can be migrated. This build reads versions 1 and 2
    /// (`collabgraph migrate` rewrites a version 1 file as version 2).
    pub version: u32,
    /// The documents facts come from.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// Research areas.
    #[serde(default)]
    pub topics: Vec<Topic>,
    /// Universities, institutes, academies and other organisations.
    #[serde(default)]
    pub institutions: Vec<Institution>,
    /// People and the posts they hold.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Laboratories, centres and networks, existing or planned.
    #[serde(default)]
    pub labs: Vec<Lab>,
    /// Memoranda and other agreements between institutions.
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    /// Visits, meetings and signing ceremonies.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Format version 2: publications, with who wrote them and where they were affiliated.
    #[serde(default)]
    pub works: Vec<Work>,
}

// ---------------------------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------------------------

/// A document that facts come from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Source {
    /// Stable id.
    pub id: Id,
    /// The document's title.
    pub title: Text,
    /// What kind of document it is.
    pub kind: SourceKind,
    /// Who published it, as printed.
    pub publisher: Option<Text>,
    /// The publisher, when it is an institution in the seed.
    pub publisher_institution: Option<Id>,
    /// When it was published.
    pub date: Option<PartialDate>,
    /// Where it can be read, if known.
    pub url: Option<Url>,
    /// The language it is written in.
    pub language: LangTag,
    /// Anything a reader should know about the source.
    pub note: Option<Text>,
    /// Format version 2: a local copy of the source's text, as a path relative to this seed
    /// file, against which `collabgraph check` verifies every quote and paragraph locator.
    pub text: Option<Text>,
}

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
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

/// A name in another language or script, with where it comes from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LocalizedName {
    /// The name as written.
    pub value: Text,
    /// Its language (and script, if needed).
    pub lang: LangTag,
    /// Which sources give this name.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A research area.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Topic {
    /// Stable id.
    pub id: Id,
    /// Primary name, in English.
    pub name: Text,
    /// Names in other languages and scripts.
    #[serde(default)]
    pub names: Vec<LocalizedName>,
    /// A broader topic this one belongs to.
    pub broader: Option<Id>,
    /// The sources that mention it.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// What kind of organisation an institution is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
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

/// A university, institute, academy or other organisation.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Institution {
    /// Stable id.
    pub id: Id,
    /// Primary name, in English.
    pub name: Text,
    /// Names in other languages and scripts.
    #[serde(default)]
    pub names: Vec<LocalizedName>,
    /// Acronyms, such as KazNU.
    #[serde(default)]
    pub acronyms: Vec<Text>,
    /// Other names it is known by.
    #[serde(default)]
    pub aliases: Vec<Text>,
    /// What kind of organisation it is.
    pub kind: InstitutionKind,
    /// The country it is in.
    pub country: CountryCode,
    /// The institution it is part of, such as an academy for its institutes.
    pub parent: Option<Id>,
    /// When it was founded.
    pub founded: Option<Founding>,
    /// Places in rankings.
    #[serde(default)]
    pub rankings: Vec<Ranking>,
    /// Counted facts: students, papers, patents, partners.
    #[serde(default)]
    pub counts: Vec<Count>,
    /// Format version 2: whether it still operates, as its registry says (`active` unless
    /// said).
    #[serde(default, skip_serializing_if = "InstitutionStatus::is_active")]
    pub status: InstitutionStatus,
    /// Format version 2: its ids in registries (ROR, GRID, ISNI, Wikidata, FundRef,
    /// OpenAlex), one entry per id.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub external_ids: Sparse<ExternalId>,
    /// Format version 2: where it is: city, subdivision, country and coordinates.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub locations: Sparse<Location>,
    /// Format version 2: every type its registry gives it (`kind` is the one the graph
    /// uses).
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub types: Sparse<OrganisationType>,
    /// Format version 2: its web site and other pages about it.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub links: Sparse<Link>,
    /// Format version 2: its internet domains, such as `farabi.university`.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub domains: Sparse<Text>,
    /// Format version 2: its relations to other institutions as its registry states them:
    /// parents (besides `parent`), children, related ones, successors and predecessors.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub relationships: Sparse<Relationship>,
    /// The sources that mention it.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// Whether an institution still operates, as a registry records it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionStatus {
    /// It operates.
    #[default]
    Active,
    /// It no longer operates (closed, merged, renamed into another record).
    Inactive,
    /// Its registry record was withdrawn, as a duplicate or an error.
    Withdrawn,
}

impl InstitutionStatus {
    /// Whether it is the default, which a seed need not write.
    pub fn is_active(&self) -> bool {
        *self == InstitutionStatus::Active
    }
}

/// A registry that gives records ids: institutions, people or works.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum IdScheme {
    /// The Research Organization Registry: `03q0vrn42`, without `https://ror.org/`.
    Ror,
    /// GRID, the Global Research Identifier Database: `grid.77184.3d`.
    Grid,
    /// The International Standard Name Identifier: `0000 0000 8887 5266`.
    Isni,
    /// Wikidata: `Q427677`.
    Wikidata,
    /// The Crossref Funder Registry: `501100016254`.
    Fundref,
    /// OpenAlex: `I123456789` for an institution, `A5023888391` for a person, `W2741809807`
    /// for a work.
    Openalex,
    /// ORCID, a person's id: `0000-0003-1613-5981`, without `https://orcid.org/`.
    Orcid,
    /// PubMed, a work's id: `29456894`.
    Pmid,
    /// PubMed Central, a work's id: `PMC5815332`.
    Pmcid,
    /// Microsoft Academic Graph, whose ids OpenAlex keeps: `2741809807`.
    Mag,
}

impl IdScheme {
    /// The scheme's name in the seed format.
    pub fn as_str(self) -> &'static str {
        match self {
            IdScheme::Ror => "ror",
            IdScheme::Grid => "grid",
            IdScheme::Isni => "isni",
            IdScheme::Wikidata => "wikidata",
            IdScheme::Fundref => "fundref",
            IdScheme::Openalex => "openalex",
            IdScheme::Orcid => "orcid",
            IdScheme::Pmid => "pmid",
            IdScheme::Pmcid => "pmcid",
            IdScheme::Mag => "mag",
        }
    }

    /// The part of an id of this registry that names the record, compared without case
    /// (`Q427677` and `q427677` are one Wikidata id): for the registries whose ids are also
    /// web addresses, the address's last part (ROR's without `https://ror.org/`).
    pub fn id_part(self, id: &str) -> &str {
        let id = id.trim();
        match self {
            IdScheme::Ror | IdScheme::Orcid | IdScheme::Openalex | IdScheme::Wikidata => {
                id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
            }
            _ => id,
        }
    }

    /// Whether two ids of this registry name one record, however each is written.
    pub fn same_id(self, a: &str, b: &str) -> bool {
        self.id_part(a).eq_ignore_ascii_case(self.id_part(b))
    }

    /// An id of this registry as a key that every way of writing it shares.
    pub fn id_key(self, id: &str) -> Box<str> {
        self.id_part(id).to_ascii_lowercase().into_boxed_str()
    }
}

/// A record's id in a registry.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExternalId {
    /// The registry.
    pub scheme: IdScheme,
    /// The id, as the registry writes it.
    pub value: Text,
    /// Whether it is the one to use of several the institution has in this registry.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// Where an institution is.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Location {
    /// The place's GeoNames id.
    pub geonames_id: Option<u64>,
    /// The city or town.
    pub city: Option<Text>,
    /// The country's subdivision (region, province, state), by name.
    pub subdivision: Option<Text>,
    /// The subdivision's code, as GeoNames gives it.
    pub subdivision_code: Option<Text>,
    /// The country.
    pub country: CountryCode,
    /// Latitude, in degrees north.
    pub lat: Option<f64>,
    /// Longitude, in degrees east.
    pub lng: Option<f64>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A type of organisation, as the Research Organization Registry names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationType {
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

/// What a link points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The institution's own web site.
    Website,
    /// Its Wikipedia article.
    Wikipedia,
    /// Any other page.
    Other,
}

/// A web page about an institution.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Link {
    /// What it points at.
    pub kind: LinkKind,
    /// Where.
    pub url: Url,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// How an institution is related to another, as a registry states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    /// The other is its parent: it is part of the other (a PART_OF relation).
    Parent,
    /// The other is its child (the other's PART_OF relation, seen from here).
    Child,
    /// The two are related otherwise (a RELATED_TO relation).
    Related,
    /// The other succeeded it (a SUCCEEDED_BY relation).
    Successor,
    /// The other preceded it (the other's SUCCEEDED_BY relation, seen from here).
    Predecessor,
}

/// A relation to another institution, as a registry states it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Relationship {
    /// How the two are related.
    pub kind: RelationshipKind,
    /// The other institution.
    pub institution: Id,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// The year an institution was founded, and who says so.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Founding {
    /// The year.
    pub year: Year,
    /// How the source words it, if it says more than "founded" (for example "opened").
    pub note: Option<Text>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// Whose list a ranking covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RankingScope {
    /// Institutions worldwide.
    World,
    /// Institutions in Asia.
    Asia,
    /// Institutions of one country.
    National,
    /// The source does not say.
    Unspecified,
}

/// A place in a ranking.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ranking {
    /// The ranking, such as "QS World University Rankings".
    pub system: Text,
    /// The edition's year, when the source names it.
    pub edition: Option<Year>,
    /// The place.
    pub rank: u32,
    /// Whose list it is.
    pub scope: RankingScope,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// How a counted value relates to the true number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CountQualifier {
    /// Exactly this many.
    #[default]
    Exact,
    /// About this many.
    About,
    /// More than this many.
    MoreThan,
    /// Fewer than this many.
    FewerThan,
}

/// A counted fact with the time it refers to: "about 300 awards over the past 60 years".
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Count {
    /// What is counted, as a short snake_case name: students, awards, monographs, patents.
    pub metric: Id,
    /// The number.
    pub value: u64,
    /// Whether the number is exact, approximate or a bound.
    #[serde(default)]
    pub qualifier: CountQualifier,
    /// The count covers this many years up to `asOf` ("over the past 20 years").
    pub period_years: Option<u32>,
    /// The date the count refers to (usually the source's date).
    pub as_of: Option<PartialDate>,
    /// What the source says of it beyond the number, such as "international and national".
    pub note: Option<Text>,
    /// Format version 2: how it stands against the other counts of its metric: `preferred`
    /// for the one to use (at most one per metric; without one, the latest that is not
    /// deprecated), `normal` (the default), or `deprecated` for one known to be wrong.
    #[serde(default, skip_serializing_if = "Rank::is_normal")]
    pub rank: Rank,
    /// Why it is preferred or deprecated: required for those ranks.
    pub rank_reason: Option<Text>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

impl Count {
    /// Whether `other` counts the same thing at the same time and period (so that both cannot
    /// be right unless they agree).
    pub fn same_measure(&self, other: &Count) -> bool {
        self.metric == other.metric
            && self.as_of == other.as_of
            && self.period_years == other.period_years
    }

    /// Whether `other` says the same number, in the same way.
    pub fn agrees_with(&self, other: &Count) -> bool {
        self.value == other.value && self.qualifier == other.qualifier
    }
}

/// A person.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Person {
    /// Stable id.
    pub id: Id,
    /// Name as usually written in English.
    pub name: Text,
    /// Names in other languages and scripts.
    #[serde(default)]
    pub names: Vec<LocalizedName>,
    /// Posts the person holds or held.
    #[serde(default)]
    pub positions: Vec<Position>,
    /// Format version 2: people a source says this person met.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub met: Sparse<Meeting>,
    /// Format version 2: the person's ids in registries (ORCID, OpenAlex), one entry per id.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub external_ids: Sparse<ExternalId>,
    /// The sources that mention the person.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// A post at an institution.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Position {
    /// The title as given, such as "Vice President".
    pub title: Text,
    /// Where.
    pub institution: Id,
    /// Since when, if known.
    pub from: Option<PartialDate>,
    /// Until when, if it ended.
    pub to: Option<PartialDate>,
    /// A date the post is known to be held on, when start and end are not known.
    pub as_of: Option<PartialDate>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A meeting with another person that a source reports.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Meeting {
    /// Whom they met.
    pub person: Id,
    /// The event they met during, if the source places the meeting in one.
    pub during: Option<Id>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// Whether something exists yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Announced or agreed, not yet in place.
    Planned,
    /// In place.
    Active,
    /// No longer in place.
    Ended,
}

/// What kind of unit a lab is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LabKind {
    /// A laboratory.
    Laboratory,
    /// A centre.
    Centre,
    /// A network of stations or centres.
    Network,
    /// An institute hosted by others.
    Institute,
}

/// A laboratory, centre or network, existing or planned.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Lab {
    /// Stable id.
    pub id: Id,
    /// Name, or a description when it has no name yet.
    pub name: Text,
    /// Names in other languages and scripts.
    #[serde(default)]
    pub names: Vec<LocalizedName>,
    /// What kind of unit it is.
    pub kind: LabKind,
    /// Whether it exists yet.
    pub status: Status,
    /// The institutions that host or run it.
    #[serde(default)]
    pub hosts: Vec<LabHost>,
    /// The topics it works on.
    #[serde(default)]
    pub focus: Vec<Id>,
    /// Format version 2: labs or centres a source says this one is meant to strengthen.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub strengthens: Sparse<LabLink>,
    /// What it is for, in the source's words.
    pub description: Option<Text>,
    /// When it was or will be opened.
    pub opened: Option<FuzzyDate>,
    /// The sources that mention it.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// An institution hosting a lab.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabHost {
    /// The host.
    pub institution: Id,
    /// Its part, if the source says (for example "with other organisations").
    pub note: Option<Text>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A lab or centre that another is meant to strengthen, as a source says.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LabLink {
    /// The lab or centre strengthened.
    pub lab: Id,
    /// How, in the source's words, if it says more.
    pub note: Option<Text>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// What kind of agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// A memorandum of understanding or of cooperation.
    Memorandum,
    /// A cooperation agreement.
    CooperationAgreement,
    /// An agreement for one programme, such as a double degree.
    ProgrammeAgreement,
    /// Any other agreement.
    Other,
}

/// A memorandum or other agreement between institutions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agreement {
    /// Stable id.
    pub id: Id,
    /// A title, as given or descriptive.
    pub title: Text,
    /// What kind of agreement.
    pub kind: AgreementKind,
    /// What it is about, in the source's words.
    pub description: Option<Text>,
    /// Whether it is in force.
    pub status: Status,
    /// When it was signed.
    pub signed: Option<FuzzyDate>,
    /// When it takes effect, if different.
    pub valid_from: Option<PartialDate>,
    /// When it ends.
    pub valid_to: Option<PartialDate>,
    /// The institutions bound by it: at least two.
    pub parties: Vec<Party>,
    /// Who signed or concluded it, for whom.
    #[serde(default)]
    pub signatories: Vec<Signatory>,
    /// The research areas it covers.
    #[serde(default)]
    pub topics: Vec<Id>,
    /// What the parties will do under it.
    #[serde(default)]
    pub activities: Vec<Activity>,
    /// Labs it sets up.
    #[serde(default)]
    pub establishes: Vec<Id>,
    /// The sources that mention it.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// An institution bound by an agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Party {
    /// The party.
    pub institution: Id,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A person who signed or concluded an agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Signatory {
    /// Who.
    pub person: Id,
    /// For which party.
    pub on_behalf_of: Id,
    /// Whether the source says this person signed, or only that they concluded the agreement.
    #[serde(default)]
    pub role: SignatoryRole,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// What the source says a person did with an agreement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatoryRole {
    /// The source says the person signed it.
    #[default]
    Signed,
    /// The source says the person concluded it with the other party, not who signed.
    Concluded,
}

/// A kind of collaboration activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
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

/// Whether an activity is one of the terms common to a set of agreements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityScope {
    /// Stated for the agreements in general.
    General,
    /// Stated for this agreement in particular.
    #[default]
    Specific,
}

/// Something the parties will do under an agreement.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Activity {
    /// What kind.
    pub kind: ActivityKind,
    /// In the source's words.
    pub description: Option<Text>,
    /// General terms or specific to this agreement.
    #[serde(default)]
    pub scope: ActivityScope,
    /// The lab, for a joint lab.
    pub lab: Option<Id>,
    /// Topics this activity is about.
    #[serde(default)]
    pub topics: Vec<Id>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// What kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
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

/// A visit, meeting or signing.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Event {
    /// Stable id.
    pub id: Id,
    /// A name, as given or descriptive.
    pub name: Text,
    /// What kind.
    pub kind: EventKind,
    /// When.
    pub date: Option<FuzzyDate>,
    /// The country it took place in.
    pub country: Option<CountryCode>,
    /// Who took part.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// Agreements concluded at it.
    #[serde(default)]
    pub agreements: Vec<Id>,
    /// The sources that mention it.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Format version 2: citations for this record's own fields (`name`, `kind`...), by field
    /// name, where the record's sources do not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Format version 2: values that sources give this record's fields besides its own, by
    /// field name, each with its rank, why it has it, and its sources. The record's own value
    /// is the preferred one.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

/// A person taking part in an event.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Participant {
    /// Who.
    pub person: Id,
    /// In what capacity, such as "head of delegation" or "host".
    pub role: Option<Text>,
    /// Which sources give it.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// What kind of publication a work is, as OpenAlex types them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkType {
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
    /// Front matter, back matter and other parts of a publication that are not works of their
    /// own.
    Paratext,
    /// Anything else.
    Other,
}

/// A publication: an article, book, dataset or other work, with its authorships.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Work {
    /// Stable id.
    pub id: Id,
    /// Its title.
    pub title: Text,
    /// What kind of publication it is.
    pub kind: WorkType,
    /// When it was published: a year, month or day.
    pub published: Option<PartialDate>,
    /// Its DOI, such as `10.7717/peerj.4375`, without `https://doi.org/`.
    pub doi: Option<Text>,
    /// Its ids in registries (OpenAlex, PubMed, PubMed Central, MAG), one entry per id.
    #[serde(default, skip_serializing_if = "<[_]>::is_empty")]
    pub external_ids: Sparse<ExternalId>,
    /// Its authors in the order the work lists them, each with the institutions they were
    /// affiliated with on it. The work's sources give its authorships.
    #[serde(default)]
    pub authorships: Vec<Authorship>,
    /// The sources that give the work and its authorships.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Citations for this record's own fields, by field name, where the record's sources do
    /// not plainly state them.
    #[serde(default, skip_serializing_if = "Facts::is_empty")]
    pub facts: Facts,
    /// Values that sources give this record's fields besides its own, by field name, each
    /// with its rank, why it has it, and its sources.
    #[serde(default, skip_serializing_if = "OtherValues::is_empty")]
    pub values: OtherValues,
}

impl Work {
    /// The year it was published, if known.
    pub fn year(&self) -> Option<i32> {
        self.published.map(|date| date.year())
    }

    /// The institutions its authors were affiliated with on it, each once, with the first
    /// authorship that names it, in the order of the authorships.
    pub fn institutions(&self) -> Vec<(usize, &Id)> {
        // Checked against the distinct ones found so far: a work has few, even one with
        // thousands of authors.
        let mut found: Vec<(usize, &Id)> = Vec::new();
        for (a, authorship) in self.authorships.iter().enumerate() {
            for id in &authorship.institutions {
                if !found.iter().any(|(_, seen)| *seen == id) {
                    found.push((a, id));
                }
            }
        }
        found
    }

    /// How many institutions its authors were affiliated with on it.
    pub fn institution_count(&self) -> usize {
        self.institutions().len()
    }
}

/// Where an author stands in a work's list of authors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorPosition {
    /// The first author.
    First,
    /// Neither first nor last.
    Middle,
    /// The last author.
    Last,
}

/// One author of a work, and where they were affiliated on it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Authorship {
    /// The author, when the seed knows them as a person.
    pub person: Option<Id>,
    /// The author's name as the work writes it.
    pub name: Option<Text>,
    /// Where they stand in the list of authors.
    pub position: Option<AuthorPosition>,
    /// Whether they are a corresponding author.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corresponding: bool,
    /// The institutions they were affiliated with on this work.
    #[serde(default)]
    pub institutions: Vec<Id>,
}

// ---------------------------------------------------------------------------------------------
// Compact lists
// ---------------------------------------------------------------------------------------------

/// Gives back the room a record's lists were given while they were read. A list read from JSON
/// does not know its length in advance and grows from room for four, so a one-item list (most
/// of a large seed's positions, parties and source lists) would hold four times its size.
pub(crate) trait ShrinkLists {
    /// Shrinks every list in the record, and in the items of its lists, to its length.
    fn shrink_lists(&mut self);
}

/// Shrinks `list` and the lists inside its items.
fn shrink<T: ShrinkLists>(list: &mut Vec<T>) {
    list.shrink_to_fit();
    list.iter_mut().for_each(T::shrink_lists);
}

/// Implements [`ShrinkLists`] for a type from the names of its list fields and of its optional
/// fields that hold lists.
macro_rules! shrink_lists {
    ($t:ty { $($list:ident),* } $(optional { $($option:ident),* })?) => {
        impl ShrinkLists for $t {
            #[allow(unused_variables)]
            fn shrink_lists(&mut self) {
                $(shrink(&mut self.$list);)*
                $($(self.$option.iter_mut().for_each(ShrinkLists::shrink_lists);)*)?
            }
        }
    };
}

shrink_lists!(Id {});
shrink_lists!(Text {});
shrink_lists!(Citation {});
shrink_lists!(Source {});
shrink_lists!(LocalizedName { sources });
shrink_lists!(Topic { names, sources });
shrink_lists!(Institution { names, acronyms, aliases, rankings, counts, sources } optional { founded });
shrink_lists!(Founding { sources });
shrink_lists!(Ranking { sources });
shrink_lists!(Count { sources });
shrink_lists!(Person {
    names,
    positions,
    sources
});
shrink_lists!(Position { sources });
shrink_lists!(Lab {
    names,
    hosts,
    focus,
    sources
});
shrink_lists!(LabHost { sources });
shrink_lists!(Agreement {
    parties,
    signatories,
    topics,
    activities,
    establishes,
    sources
});
shrink_lists!(Party { sources });
shrink_lists!(Signatory { sources });
shrink_lists!(Activity { topics, sources });
shrink_lists!(Event {
    participants,
    agreements,
    sources
});
shrink_lists!(Participant { sources });
shrink_lists!(Work {
    authorships,
    sources
});
shrink_lists!(Authorship { institutions });

impl Institution {
    /// Its places in rankings whose system contains `system`, ignoring case (all without one).
    pub fn rankings_in<'a>(&'a self, system: Option<&str>) -> impl Iterator<Item = &'a Ranking> {
        let system = system.map(str::to_lowercase);
        self.rankings.iter().filter(move |r| {
            system
                .as_ref()
                .is_none_or(|s| r.system.as_str().to_lowercase().contains(s.as_str()))
        })
    }

    /// Its counted facts of `metric` (all without one).
    pub fn counts_of<'a>(&'a self, metric: Option<&'a str>) -> impl Iterator<Item = &'a Count> {
        self.counts
            .iter()
            .filter(move |c| metric.is_none_or(|m| c.metric.as_str() == m))
    }

    /// The position in `counts` of the count of `metric` to use: the one ranked preferred,
    /// else the latest (by `asOf`, undated ones first; the first in seed order of equals)
    /// that is not deprecated. None when there is none.
    pub fn preferred_count(&self, metric: &str) -> Option<usize> {
        let of_metric =
            || (0..self.counts.len()).filter(move |&i| self.counts[i].metric.as_str() == metric);
        of_metric()
            .find(|&i| self.counts[i].rank == Rank::Preferred)
            .or_else(|| {
                of_metric()
                    .filter(|&i| self.counts[i].rank != Rank::Deprecated)
                    .rev()
                    .max_by_key(|&i| self.counts[i].as_of.map(|d| d.earliest()))
            })
    }

    /// The metrics whose counts disagree: two counts of the same measure (metric, date and
    /// period) with different numbers. In order of first count.
    pub fn disputed_metrics(&self) -> Vec<&Id> {
        let mut disputed: Vec<&Id> = Vec::new();
        for (i, count) in self.counts.iter().enumerate() {
            let differs = self.counts[..i]
                .iter()
                .any(|earlier| earlier.same_measure(count) && !earlier.agrees_with(count));
            if differs && !disputed.contains(&&count.metric) {
                disputed.push(&count.metric);
            }
        }
        disputed.sort_by_key(|m| self.counts.iter().position(|c| &c.metric == *m));
        disputed
    }
}

impl Agreement {
    /// The positions in `activities` of its activities of `kind` (all without one).
    pub fn activities_of(&self, kind: Option<ActivityKind>) -> impl Iterator<Item = usize> + '_ {
        self.activities
            .iter()
            .enumerate()
            .filter(move |(_, a)| kind.is_none_or(|k| a.kind == k))
            .map(|(item, _)| item)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_records_own_lists_keep_what_is_asked_in_their_order() {
        let institution: Institution = serde_json::from_str(
            r#"{"id": "i", "name": "I", "kind": "university", "country": "KZ",
                "rankings": [{"system": "QS World University Rankings", "rank": 150, "scope": "world"},
                             {"system": "THE Impact", "rank": 40, "scope": "world"},
                             {"system": "QS Asia", "rank": 20, "scope": "asia"}],
                "counts": [{"metric": "students", "value": 20000},
                           {"metric": "patents", "value": 30},
                           {"metric": "students", "value": 25000}]}"#,
        )
        .unwrap();
        let ranks =
            |system| -> Vec<u32> { institution.rankings_in(system).map(|r| r.rank).collect() };
        assert_eq!(ranks(Some("qs")), [150, 20]);
        assert_eq!(ranks(Some("Impact")), [40]);
        assert_eq!(ranks(Some("nature")), Vec::<u32>::new());
        assert_eq!(ranks(None), [150, 40, 20]);
        let values =
            |metric| -> Vec<u64> { institution.counts_of(metric).map(|c| c.value).collect() };
        assert_eq!(values(Some("students")), [20000, 25000]);
        assert_eq!(values(Some("Students")), Vec::<u64>::new());
        assert_eq!(values(None).len(), 3);

        let agreement: Agreement = serde_json::from_str(
            r#"{"id": "a", "title": "A", "kind": "memorandum", "status": "active",
                "parties": [], "activities": [{"kind": "student_exchange"},
                {"kind": "joint_research"}, {"kind": "student_exchange"}]}"#,
        )
        .unwrap();
        let exchange = Some(ActivityKind::StudentExchange);
        assert_eq!(
            agreement.activities_of(exchange).collect::<Vec<_>>(),
            [0, 2]
        );
        assert_eq!(agreement.activities_of(None).count(), 3);
    }

    #[test]
    fn shrinking_leaves_every_list_exactly_as_long_as_it_is() {
        let mut person: Person = serde_json::from_str(
            r#"{"id": "p", "name": "P", "positions": [{"title": "Rector", "institution": "i",
                "sources": ["s"]}], "sources": ["s", "t"]}"#,
        )
        .unwrap();
        let before = (person.positions.capacity(), person.sources.capacity());
        assert!(
            before.0 > 1 && before.1 > 2,
            "serde reads lists with room to grow"
        );
        person.shrink_lists();
        assert_eq!(person.positions.capacity(), 1);
        assert_eq!(person.positions[0].sources.capacity(), 1);
        assert_eq!(person.sources.capacity(), 2);
        assert_eq!(person.positions[0].institution.as_str(), "i");
        assert_eq!(person.sources[1].source.as_str(), "t");
    }
}
