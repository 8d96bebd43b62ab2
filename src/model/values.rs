//! The checked scalar values of the seed format: each type can only hold a valid value (an id,
//! a text, a country code, a language tag, a URL, a year, a date), and equal strings read during
//! a load share one allocation.

use std::{borrow::Cow, fmt, sync::Arc};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

thread_local! {
    /// The strings read so far by the load in progress on this thread, if one is.
    static SHARED: std::cell::RefCell<Option<foldhash::HashSet<Arc<str>>>> =
        const { std::cell::RefCell::new(None) };
}

/// While the returned guard lives, equal checked strings read on this thread share one
/// allocation: a seed names each id once and refers to it many times (a source is cited by
/// thousands of facts), so a large seed holds a fraction of the strings it would.
pub(crate) fn share_strings() -> SharingGuard {
    SHARED.with_borrow_mut(|set| *set = Some(foldhash::HashSet::default()));
    SharingGuard(())
}

/// Makes room in this thread's shared strings for `additional` more, if a load is sharing them:
/// a large seed's set would otherwise grow by doubling, moving every string it holds each time
/// and touching fresh memory for every table on the way (page faults were a large part of a load).
pub(crate) fn reserve_shared_strings(additional: usize) {
    SHARED.with_borrow_mut(|set| {
        if let Some(set) = set {
            set.reserve(additional);
        }
    });
}

/// Ends the sharing begun by [`share_strings`] when dropped.
pub(crate) struct SharingGuard(());

impl Drop for SharingGuard {
    fn drop(&mut self) {
        SHARED.with_borrow_mut(|set| *set = None);
    }
}

fn shared(value: &str) -> Arc<str> {
    SHARED.with_borrow_mut(|set| match set {
        Some(set) => match set.get(value) {
            Some(existing) => existing.clone(),
            None => {
                let new: Arc<str> = Arc::from(value);
                set.insert(new.clone());
                new
            }
        },
        None => Arc::from(value),
    })
}

/// Declares a string newtype that is checked when deserialized and described in the JSON Schema.
macro_rules! checked_string {
    ($(#[$doc:meta])* $name:ident, $check:path, $schema:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(into = "String")]
        pub struct $name(Arc<str>);

        impl $name {
            /// Checks `value` and wraps it.
            pub fn parse(value: &str) -> Result<Self, String> {
                $check(value).map(|()| Self(shared(value)))
            }
        }

        // By hand rather than `try_from = "String"`: the text is checked where the parser
        // holds it, with no String allocated per value.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<$name, E> {
                        $name::parse(value).map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Visitor)
            }
        }

        impl $name {

            /// The value as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The shared string, for cheap clones into indexes.
            pub fn as_arc(&self) -> &Arc<str> {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, String> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0.to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

checked_string!(
    /// A stable, human-readable id such as `kaznu`: letters, digits, `-`, `_` and `.`,
    /// starting with a letter or digit, at most 100 characters.
    Id,
    check_id,
    json_schema!({
        "type": "string",
        "description": "A stable, human-readable id: letters, digits, '-', '_' and '.', starting with a letter or digit.",
        "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
    })
);

fn check_id(value: &str) -> Result<(), String> {
    let mut chars = value.chars();
    match chars.next() {
        None => return Err("an id cannot be empty".into()),
        Some(first) if !first.is_ascii_alphanumeric() => {
            return Err(format!("id {value:?} must start with a letter or digit"));
        }
        Some(_) => {}
    }
    if value.len() > 100 {
        return Err(format!("id {value:?} is longer than 100 characters"));
    }
    if let Some(bad) = chars.find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "id {value:?} contains {bad:?}; ids use letters, digits, '-', '_' and '.'"
        ));
    }
    Ok(())
}

checked_string!(
    /// A non-empty text with no leading or trailing whitespace: a name, a title, an alias.
    Text,
    check_text,
    json_schema!({
        "type": "string",
        "description": "A non-empty text without leading or trailing whitespace.",
        "minLength": 1,
        "pattern": "^\\S(.*\\S)?$"
    })
);

fn check_text(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err("must not be empty".into())
    } else if value.trim() != value {
        Err(format!("{value:?} has leading or trailing whitespace"))
    } else {
        Ok(())
    }
}

checked_string!(
    /// An ISO 3166-1 alpha-2 country code in capitals, such as `KZ` or `CN`, or `XK` (Kosovo),
    /// which ROR and GeoNames use.
    CountryCode,
    check_country,
    json_schema!({
        "type": "string",
        "description": "An ISO 3166-1 alpha-2 country code in capitals, such as KZ or CN, or XK (Kosovo) as registries use it.",
        "enum": accepted_country_codes().collect::<Vec<_>>()
    })
);

/// Every officially assigned ISO 3166-1 alpha-2 code.
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Codes that registries use beside ISO's: `XK`, Kosovo's, in ROR and GeoNames.
const REGISTRY_COUNTRY_CODES: &str = "XK";

/// All ISO 3166-1 alpha-2 codes, for generators and tests.
pub fn country_codes() -> impl Iterator<Item = &'static str> {
    ISO_3166_ALPHA2.split(' ')
}

/// Every code a seed may use: ISO's, then the registries' own.
fn accepted_country_codes() -> impl Iterator<Item = &'static str> {
    country_codes().chain(REGISTRY_COUNTRY_CODES.split(' '))
}

/// The codes sorted, for a binary search: a large seed checks hundreds of thousands of them.
static SORTED_COUNTRY_CODES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| {
        let mut codes: Vec<&str> = accepted_country_codes().collect();
        codes.sort_unstable();
        codes
    });

fn check_country(value: &str) -> Result<(), String> {
    if value.len() == 2 && SORTED_COUNTRY_CODES.binary_search(&value).is_ok() {
        Ok(())
    } else if value.len() == 2
        && accepted_country_codes().any(|code| code.eq_ignore_ascii_case(value))
    {
        Err(format!(
            "country code {value:?} must be in capitals: {:?}",
            value.to_ascii_uppercase()
        ))
    } else {
        Err(format!(
            "{value:?} is not an ISO 3166-1 alpha-2 country code (such as \"KZ\" or \"CN\")"
        ))
    }
}

checked_string!(
    /// A BCP 47 language tag such as `en`, `kk`, `ru`, `zh` or `zh-Hans`.
    LangTag,
    check_lang,
    json_schema!({
        "type": "string",
        "description": "A BCP 47 language tag such as en, kk, ru, zh or zh-Hans.",
        "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
    })
);

fn check_lang(value: &str) -> Result<(), String> {
    let mut parts = value.split('-');
    let primary = parts.next().unwrap_or_default();
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(())
    } else {
        Err(format!(
            "{value:?} is not a BCP 47 language tag (such as \"en\", \"kk\" or \"zh-Hans\")"
        ))
    }
}

checked_string!(
    /// An absolute http or https URL.
    Url,
    check_url,
    json_schema!({
        "type": "string",
        "description": "An absolute http or https URL.",
        "pattern": "^https?://\\S+$"
    })
);

fn check_url(value: &str) -> Result<(), String> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(format!("{value:?} is not an absolute http(s) URL")),
    }
}

/// The earliest and latest years a seed may mention.
pub(crate) const YEAR_RANGE: std::ops::RangeInclusive<i32> = 800..=2100;

/// A calendar year between 800 and 2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i32")]
pub struct Year(i32);

impl Year {
    /// Checks that `value` is a plausible year.
    pub fn new(value: i64) -> Result<Self, String> {
        i32::try_from(value)
            .ok()
            .filter(|y| YEAR_RANGE.contains(y))
            .map(Year)
            .ok_or_else(|| {
                format!(
                    "year {value} is outside {}..={}",
                    YEAR_RANGE.start(),
                    YEAR_RANGE.end()
                )
            })
    }

    /// The year as a number.
    pub fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i64> for Year {
    type Error = String;
    fn try_from(value: i64) -> Result<Self, String> {
        Year::new(value)
    }
}

impl From<Year> for i32 {
    fn from(value: Year) -> i32 {
        value.0
    }
}

impl JsonSchema for Year {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Year")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "description": "A calendar year.",
            "minimum": YEAR_RANGE.start(),
            "maximum": YEAR_RANGE.end()
        })
    }
}

/// A date known to the year, the month or the day: `2023`, `2023-05` or `2023-05-19`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// Only the year.
    Year,
    /// The year and month.
    Month,
    /// The exact day.
    Day,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking the month and the day of the month.
    pub fn parse(value: &str) -> Result<Self, String> {
        let bad = || format!("{value:?} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD");
        let mut parts = value.split('-');
        let year_part = parts.next().filter(|p| p.len() == 4).ok_or_else(bad)?;
        let year: i32 = year_part.parse().map_err(|_| bad())?;
        Year::new(year.into())?;
        let number = |part: Option<&str>| -> Result<Option<u8>, String> {
            match part {
                None => Ok(None),
                Some(p) if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) => {
                    Ok(Some(p.parse().map_err(|_| bad())?))
                }
                Some(_) => Err(bad()),
            }
        };
        let month = number(parts.next())?;
        let day = number(parts.next())?;
        if parts.next().is_some() {
            return Err(bad());
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!("{value:?} has month {m}, which is not 1-12"));
        }
        if let (Some(m), Some(d)) = (month, day) {
            let last = days_in_month(year, m);
            if d == 0 || d > last {
                return Err(format!(
                    "{value:?}: day {d} is not in 1-{last} for that month"
                ));
            }
        }
        Ok(PartialDate { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// How much of the date is known.
    pub fn precision(&self) -> DatePrecision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), None) => DatePrecision::Month,
            _ => DatePrecision::Year,
        }
    }

    /// The first day the date could mean, as `(year, month, day)`, for ordering and filters.
    pub fn earliest(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day the date could mean, as `(year, month, day)`.
    pub fn latest(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        (
            self.year,
            month,
            self.day.unwrap_or(days_in_month(self.year, month)),
        )
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// By hand rather than `try_from = "String"`: the date is parsed where the parser holds its text,
// with no String allocated per date (a large seed has millions).
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = PartialDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date string")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<PartialDate, E> {
                PartialDate::parse(value).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl TryFrom<String> for PartialDate {
    type Error = String;
    fn try_from(value: String) -> Result<Self, String> {
        PartialDate::parse(&value)
    }
}

impl From<PartialDate> for String {
    fn from(value: PartialDate) -> String {
        value.to_string()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("PartialDate")
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.",
            "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
        })
    }
}

/// How a date relates to the event it dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DateQualifier {
    /// The event happened on that date.
    #[default]
    Exact,
    /// About then.
    Circa,
    /// On that date or earlier; the source gives only a latest date (for example its own).
    OnOrBefore,
    /// On that date or later.
    OnOrAfter,
}

/// A date with how sure we are of it: a plain date string, or an object with a qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum FuzzyDate {
    /// A date that is exact to its precision.
    Exact(PartialDate),
    /// A date with a qualifier.
    Qualified {
        /// The date.
        date: PartialDate,
        /// How the date relates to the event.
        qualifier: DateQualifier,
    },
}

/// The object form of a [`FuzzyDate`].
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "QualifiedDate")]
struct QualifiedDate {
    /// The date.
    date: PartialDate,
    /// How the date relates to the event; `exact` if left out.
    #[serde(default)]
    qualifier: DateQualifier,
}

impl<'de> Deserialize<'de> for FuzzyDate {
    // By hand rather than `untagged`, so a bad date says what is wrong with it; and read as it
    // comes, not through a `serde_json::Value` first.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FuzzyDate;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date string or {\"date\": .., \"qualifier\": ..}")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<FuzzyDate, E> {
                PartialDate::parse(text)
                    .map(FuzzyDate::Exact)
                    .map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<FuzzyDate, A::Error> {
                let q =
                    QualifiedDate::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(FuzzyDate::Qualified {
                    date: q.date,
                    qualifier: q.qualifier,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for FuzzyDate {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("FuzzyDate")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A date, either exact to its precision (a date string) or with a qualifier.",
            "anyOf": [generator.subschema_for::<PartialDate>(), generator.subschema_for::<QualifiedDate>()]
        })
    }
}

/// A day as `(year, month, day)`, in calendar order.
pub type Day = (i32, u8, u8);

/// How many years either side of its date a `circa` date may fall.
pub const CIRCA_YEARS: i32 = 1;

/// `day` moved by `years`. Where there is no 29th of February, one that is the first day of a
/// span becomes the 28th and one that is the last becomes the 1st of March, so that the span
/// only ever widens.
fn shift_years((year, month, day): Day, years: i32, last: bool) -> Day {
    let year = year + years;
    match day > days_in_month(year, month) {
        false => (year, month, day),
        true if last => (year, month + 1, 1),
        true => (year, month, days_in_month(year, month)),
    }
}

impl FuzzyDate {
    /// The first and the last day the dated event may have happened on, `None` where the date
    /// leaves that side open: a plain date spans the whole of its precision (`2023-05` is all
    /// of May), `circa` adds [`CIRCA_YEARS`] either side, `on_or_before` has no first day and
    /// `on_or_after` no last.
    pub fn span(&self) -> (Option<Day>, Option<Day>) {
        let date = self.date();
        let (first, last) = (date.earliest(), date.latest());
        match self.qualifier() {
            DateQualifier::Exact => (Some(first), Some(last)),
            DateQualifier::Circa => (
                Some(shift_years(first, -CIRCA_YEARS, false)),
                Some(shift_years(last, CIRCA_YEARS, true)),
            ),
            DateQualifier::OnOrBefore => (None, Some(last)),
            DateQualifier::OnOrAfter => (Some(first), None),
        }
    }

    /// Whether the event may have happened between `from` and `to` (either left open), each
    /// read as the whole of its precision: what every date filter asks, so that a date known
    /// loosely is kept wherever it may fall.
    pub fn may_fall_within(&self, from: Option<PartialDate>, to: Option<PartialDate>) -> bool {
        let (first, last) = self.span();
        from.is_none_or(|from| last.is_none_or(|last| last >= from.earliest()))
            && to.is_none_or(|to| first.is_none_or(|first| first <= to.latest()))
    }

    /// Whether the date says less than the day it names: qualified, or known only to the month
    /// or year.
    pub fn is_approximate(&self) -> bool {
        self.qualifier() != DateQualifier::Exact || self.date().precision() != DatePrecision::Day
    }

    /// The date itself.
    pub fn date(&self) -> PartialDate {
        match *self {
            FuzzyDate::Exact(date) | FuzzyDate::Qualified { date, .. } => date,
        }
    }

    /// The qualifier, `Exact` for a plain date.
    pub fn qualifier(&self) -> DateQualifier {
        match *self {
            FuzzyDate::Exact(_) => DateQualifier::Exact,
            FuzzyDate::Qualified { qualifier, .. } => qualifier,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_slugs_and_refuse_the_rest() {
        assert!(Id::parse("kaznu").is_ok());
        assert!(Id::parse("mou-kaznu-cup.2023").is_ok());
        assert!(Id::parse("").is_err());
        assert!(Id::parse("-x").is_err());
        assert!(Id::parse("kaz nu").unwrap_err().contains("' '"));
    }

    #[test]
    fn country_codes_are_iso_and_capitalised() {
        assert!(CountryCode::parse("KZ").is_ok());
        assert!(CountryCode::parse("kz").unwrap_err().contains("capitals"));
        assert!(CountryCode::parse("XX").is_err());
        assert!(CountryCode::parse("KAZ").is_err());
        assert_eq!(country_codes().count(), 249);
    }

    #[test]
    fn a_qualified_date_may_fall_anywhere_its_qualifier_allows() {
        let date = |text: &str| serde_json::from_str::<FuzzyDate>(text).unwrap();
        let day = |text: &str| Some(PartialDate::parse(text).unwrap());
        let before = date(r#"{"date": "2023-05-19", "qualifier": "on_or_before"}"#);
        assert_eq!(before.span(), (None, Some((2023, 5, 19))));
        // The issue's case: signed on or before the 19th may have been signed on the 18th.
        assert!(before.may_fall_within(None, day("2023-05-18")));
        assert!(before.may_fall_within(day("1990"), day("1990")));
        assert!(before.may_fall_within(day("2023-05-19"), None));
        assert!(!before.may_fall_within(day("2023-05-20"), None));

        let after = date(r#"{"date": "2023-05", "qualifier": "on_or_after"}"#);
        assert_eq!(after.span(), (Some((2023, 5, 1)), None));
        assert!(after.may_fall_within(day("2030"), None));
        assert!(after.may_fall_within(None, day("2023-05-01")));
        assert!(!after.may_fall_within(None, day("2023-04-30")));

        let circa = date(r#"{"date": "2020-02-29", "qualifier": "circa"}"#);
        assert_eq!(circa.span(), (Some((2019, 2, 28)), Some((2021, 3, 1))));
        assert!(circa.may_fall_within(day("2021-03-01"), None));
        assert!(!circa.may_fall_within(day("2021-03-02"), None));
        assert!(circa.may_fall_within(None, day("2019-02-28")));
        assert!(!circa.may_fall_within(None, day("2019-02-27")));

        // A plain date spans its precision, and is exact only to the day.
        let month = date(r#""2023-05""#);
        assert_eq!(month.span(), (Some((2023, 5, 1)), Some((2023, 5, 31))));
        assert!(month.may_fall_within(day("2023-05-31"), day("2023-06")));
        assert!(!month.may_fall_within(day("2023-06-01"), None));
        assert!(!month.may_fall_within(None, day("2023-04-30")));
        assert!(month.is_approximate() && before.is_approximate());
        assert!(!date(r#""2023-05-19""#).is_approximate());
        assert!(date(r#""2023-05-19""#).may_fall_within(day("2023-05-19"), day("2023-05-19")));
    }

    #[test]
    fn partial_dates_know_their_precision_and_bounds() {
        let d = PartialDate::parse("2023-05").unwrap();
        assert_eq!(d.precision(), DatePrecision::Month);
        assert_eq!(d.earliest(), (2023, 5, 1));
        assert_eq!(d.latest(), (2023, 5, 31));
        assert_eq!(d.to_string(), "2023-05");
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().precision(),
            DatePrecision::Day
        );
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2023-13").is_err());
        assert!(PartialDate::parse("23-05-19").is_err());
        assert!(PartialDate::parse("2023-5-19").is_err());
        assert!(PartialDate::parse("0100").is_err());
    }

    #[test]
    fn fuzzy_dates_read_plain_strings_and_qualified_objects() {
        let plain: FuzzyDate = serde_json::from_str("\"2023-05-19\"").unwrap();
        assert_eq!(plain.qualifier(), DateQualifier::Exact);
        let qualified: FuzzyDate =
            serde_json::from_str(r#"{"date":"2023-05-19","qualifier":"on_or_before"}"#).unwrap();
        assert_eq!(qualified.qualifier(), DateQualifier::OnOrBefore);
        assert_eq!(qualified.date().to_string(), "2023-05-19");
        let date: PartialDate = serde_json::from_str("\"2024-02-29\"").unwrap();
        assert_eq!(date.precision(), DatePrecision::Day);
    }

    #[test]
    fn bad_fuzzy_dates_say_what_is_wrong() {
        let error = |json: &str| {
            serde_json::from_str::<FuzzyDate>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(error("\"2023-02-30\"").contains("day 30 is not in 1-28"));
        assert!(error(r#"{"date": "2023-13"}"#).contains("month 13"));
        assert!(error(r#"{"date": "2023", "qualifier": "soon"}"#).contains("unknown variant"));
        assert!(error(r#"{"date": "2023", "when": 1}"#).contains("unknown field `when`"));
        assert!(error(r#"{"qualifier": "circa"}"#).contains("missing field `date`"));
        let wrong = error("5");
        assert!(
            wrong.starts_with("invalid type: integer `5`, expected a date string or"),
            "{wrong}"
        );
        let plain = serde_json::from_str::<PartialDate>("7")
            .unwrap_err()
            .to_string();
        assert!(
            plain.starts_with("invalid type: integer `7`, expected a date string"),
            "{plain}"
        );
    }

    #[test]
    fn equal_strings_read_during_a_load_share_one_allocation() {
        let sharing = share_strings();
        let (a, b) = (Id::parse("kaznu").unwrap(), Id::parse("kaznu").unwrap());
        let read: Vec<Id> = serde_json::from_str(r#"["kaznu", "kaznu"]"#).unwrap();
        assert!(Arc::ptr_eq(a.as_arc(), b.as_arc()));
        assert!(Arc::ptr_eq(a.as_arc(), read[1].as_arc()));
        drop(sharing);
        reserve_shared_strings(1000);
        let c = Id::parse("kaznu").unwrap();
        assert_eq!(a, c);
        assert!(
            !Arc::ptr_eq(a.as_arc(), c.as_arc()),
            "no sharing outside a load"
        );
        let err = serde_json::from_str::<Id>("5").unwrap_err().to_string();
        assert!(
            err.starts_with("invalid type: integer `5`, expected a string"),
            "{err}"
        );
        let err = serde_json::from_str::<Id>("\"-x\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("must start with a letter or digit"), "{err}");
    }

    #[test]
    fn room_made_for_shared_strings_keeps_them_shared() {
        let _sharing = share_strings();
        let a = Id::parse("kaznu").unwrap();
        reserve_shared_strings(10_000);
        let capacity = SHARED.with_borrow(|set| set.as_ref().map_or(0, |s| s.capacity()));
        assert!(capacity >= 10_001, "{capacity}");
        let b = Id::parse("kaznu").unwrap();
        assert!(Arc::ptr_eq(a.as_arc(), b.as_arc()));
    }

    #[test]
    fn years_and_texts_are_checked() {
        assert!(Year::new(1983).is_ok());
        assert!(Year::new(3000).is_err());
        assert!(Text::parse("  ").is_err());
        assert!(Text::parse(" KazNU").is_err());
        assert!(LangTag::parse("zh-Hans").is_ok());
        assert!(LangTag::parse("Chinese").is_err());
    }
}
