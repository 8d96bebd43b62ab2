//! Value objects: names in other languages, dates known to the year, month or day, and the
//! facts an institution's record carries (founding, rankings, counts).

use std::sync::Arc;

use async_graphql::{Enum, SimpleObject};

use super::{
    enums::{CountQualifier, DateQualifier, IdScheme, LinkKind, Rank, RankingScope},
    plain::Many,
    provenance::{Cited, cited_object},
};
use crate::{
    graph::KnowledgeGraph,
    model::{self, PartialDate},
};

pub(super) fn localized(
    kg: &Arc<KnowledgeGraph>,
    names: &[model::LocalizedName],
) -> Many<LocalizedName> {
    names
        .iter()
        .map(|n| LocalizedName {
            value: n.value.to_string(),
            lang: n.lang.to_string(),
            cited: Cited::new(kg, &n.sources),
        })
        .collect()
}

pub(super) fn texts(values: &[model::Text]) -> Vec<String> {
    values.iter().map(ToString::to_string).collect()
}

/// A name in another language or script.
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct LocalizedName {
    /// The name as written.
    value: String,
    /// Its BCP 47 language tag, such as `kk`, `ru` or `zh-Hans`.
    lang: String,
    #[graphql(skip)]
    cited: Cited,
}
cited_object!(LocalizedName);

/// A date known to the year, the month or the day.
#[derive(SimpleObject)]
#[graphql(serial)]
pub(super) struct Date {
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
pub(super) struct QualifiedDate {
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
#[graphql(serial, complex)]
pub(super) struct Founding {
    /// The year.
    pub(super) year: i32,
    /// How the source words it, if it says more than "founded".
    pub(super) note: Option<String>,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(Founding);

/// A place in a ranking.
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct Ranking {
    /// The ranking, such as "QS World University Rankings".
    pub(super) system: String,
    /// The edition's year, when the source names it.
    pub(super) edition: Option<i32>,
    /// The place.
    pub(super) rank: u32,
    /// Whose list it is.
    pub(super) scope: RankingScope,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(Ranking);

/// A counted fact with the time it refers to: "about 300 awards over the past 60 years".
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct Count {
    /// What is counted, such as `students`, `scientific_papers`, `patents` or
    /// `partner_institutions`.
    pub(super) metric: String,
    /// The number.
    pub(super) value: u64,
    /// Whether the number is exact, approximate or a bound.
    pub(super) qualifier: CountQualifier,
    /// True unless the number is exact.
    pub(super) approximate: bool,
    /// The count covers this many years up to `asOf`.
    pub(super) period_years: Option<u32>,
    /// The date the count refers to.
    pub(super) as_of: Option<Date>,
    /// What the source says of it beyond the number.
    pub(super) note: Option<String>,
    /// How it stands against the other counts of its metric: PREFERRED for one the seed
    /// prefers, DEPRECATED for one known to be wrong, NORMAL otherwise.
    pub(super) rank: Rank,
    /// Why it is preferred or deprecated.
    pub(super) rank_reason: Option<String>,
    /// True for the count of its metric to use: the one ranked PREFERRED, else the latest
    /// that is not deprecated. `count(metric:)` returns it.
    pub(super) preferred: bool,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(Count);

/// A record's id in a registry.
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct ExternalId {
    /// The registry.
    pub(super) scheme: IdScheme,
    /// The id, as the registry writes it, such as `03q0vrn42` for ROR.
    pub(super) value: String,
    /// True for the one to use, where the record has several in this registry.
    pub(super) preferred: bool,
    /// The id as a web address, for the registries that give one per id (ROR, Wikidata,
    /// ORCID, OpenAlex, PubMed); null for the others.
    pub(super) url: Option<String>,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(ExternalId);

/// A record's ids in registries, of one registry when `scheme` is given.
pub(super) fn external_ids(
    kg: &Arc<KnowledgeGraph>,
    ids: &[model::ExternalId],
    scheme: Option<IdScheme>,
) -> Many<ExternalId> {
    let scheme = scheme.map(model::IdScheme::from);
    ids.iter()
        .filter(|id| scheme.is_none_or(|s| id.scheme == s))
        .map(|id| ExternalId {
            scheme: id.scheme.into(),
            value: id.value.to_string(),
            preferred: id.preferred,
            url: id_url(id.scheme, id.value.as_str()),
            cited: Cited::new(kg, &id.sources),
        })
        .collect()
}

/// The web address of an id, for the registries that give one per id.
fn id_url(scheme: model::IdScheme, id: &str) -> Option<String> {
    use model::IdScheme as S;
    Some(match scheme {
        S::Ror => format!("https://ror.org/{id}"),
        S::Wikidata => format!("https://www.wikidata.org/wiki/{id}"),
        S::Orcid => format!("https://orcid.org/{id}"),
        S::Openalex => format!("https://openalex.org/{id}"),
        S::Pmid => format!("https://pubmed.ncbi.nlm.nih.gov/{id}"),
        S::Pmcid => format!("https://www.ncbi.nlm.nih.gov/pmc/articles/{id}"),
        S::Grid | S::Isni | S::Fundref | S::Mag => return None,
    })
}

/// The preferred id of `scheme` among `ids`, else the first of it.
pub(super) fn preferred_id(ids: &[model::ExternalId], scheme: model::IdScheme) -> Option<String> {
    let of = || ids.iter().filter(move |id| id.scheme == scheme);
    of().find(|id| id.preferred)
        .or_else(|| of().next())
        .map(|id| id.value.to_string())
}

/// Where an institution is.
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct Location {
    /// The city or town.
    pub(super) city: Option<String>,
    /// The country's subdivision (region, province, state), by name.
    pub(super) subdivision: Option<String>,
    /// The subdivision's code, as GeoNames gives it.
    pub(super) subdivision_code: Option<String>,
    /// ISO 3166-1 alpha-2 code of the country (or XK, Kosovo, as registries use it).
    pub(super) country: String,
    /// Latitude, in degrees north.
    pub(super) lat: Option<f64>,
    /// Longitude, in degrees east.
    pub(super) lng: Option<f64>,
    /// The place's GeoNames id.
    pub(super) geonames_id: Option<u64>,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(Location);

/// A web page about an institution.
#[derive(SimpleObject)]
#[graphql(serial, complex)]
pub(super) struct Link {
    /// What it points at.
    pub(super) kind: LinkKind,
    /// Where.
    pub(super) url: String,
    #[graphql(skip)]
    pub(super) cited: Cited,
}
cited_object!(Link);
