//! Citations: which source supports a fact, where in it, in which words, and how the fact is
//! known from it; and a record's `facts`, the citations of its own fields.

use std::{borrow::Cow, collections::BTreeMap, fmt};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize, de::value::MapAccessDeserializer, ser::SerializeStruct};

use super::{Id, Text};

/// How a fact is known from the source a citation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Known {
    /// The source states it.
    Stated,
    /// An editor inferred it from what the source states; the citation gives the reason.
    Inferred,
    /// An editor added it from elsewhere (an editorial source, or their own knowledge).
    Editorial,
}

impl Known {
    /// The value's name in the seed format.
    pub fn as_str(self) -> &'static str {
        match self {
            Known::Stated => "stated",
            Known::Inferred => "inferred",
            Known::Editorial => "editorial",
        }
    }
}

/// A source's support for a fact. In a seed, a bare source id (the source states it, nowhere
/// in particular; or, for an editorial source, the editors added it) or an object that says
/// more.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    /// The source.
    pub source: Id,
    /// What the object form adds; none for a bare id, so that the usual citation costs no
    /// more than the id did.
    detail: Option<Box<CitationDetail>>,
}

/// What a citation says beyond its source.
#[derive(Debug, Clone, PartialEq, Default)]
struct CitationDetail {
    locator: Option<Text>,
    quote: Option<Text>,
    known: Option<Known>,
    reason: Option<Text>,
}

/// The object form of a citation, as written in a seed (format version 2).
#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[schemars(rename = "CitationObject")]
struct CitationObject {
    /// The source's id.
    source: Id,
    /// Where in the source the fact is stated. `¶N` names the Nth paragraph of the source's
    /// text (each non-empty line is one) and is checked against it; anything else (a page, a
    /// section) is kept as written.
    locator: Option<Text>,
    /// The few words of the source that state the fact, verbatim (runs of whitespace may
    /// differ). Checked against the source's text when a copy of it is given.
    quote: Option<Text>,
    /// How the fact is known: `stated` (the default), `inferred` from the source by an editor,
    /// or `editorial`, added from elsewhere (the default for a source of kind `editorial`).
    known: Option<Known>,
    /// Why an editor inferred or added it: required for `inferred`, and for `editorial` unless
    /// the source is itself editorial.
    reason: Option<Text>,
}

impl Citation {
    /// A bare citation of `source`.
    pub fn of(source: Id) -> Self {
        Citation {
            source,
            detail: None,
        }
    }

    /// A citation of `source` at `locator` (a paragraph, a page, a record's id).
    pub fn located(source: Id, locator: Text) -> Self {
        Citation {
            source,
            detail: Some(Box::new(CitationDetail {
                locator: Some(locator),
                ..CitationDetail::default()
            })),
        }
    }

    /// A citation of `source` at `locator` for a fact an importer inferred from what the
    /// source states there, and why (`reason`).
    pub fn inferred(source: Id, locator: Text, reason: Text) -> Self {
        Citation {
            source,
            detail: Some(Box::new(CitationDetail {
                locator: Some(locator),
                known: Some(Known::Inferred),
                reason: Some(reason),
                ..CitationDetail::default()
            })),
        }
    }

    /// Where in the source, if the citation says.
    pub fn locator(&self) -> Option<&Text> {
        self.detail.as_ref()?.locator.as_ref()
    }

    /// The source's words, if the citation quotes them.
    pub fn quote(&self) -> Option<&Text> {
        self.detail.as_ref()?.quote.as_ref()
    }

    /// How the fact is known, when the citation says; see [`Citation::known_from`].
    pub fn known(&self) -> Option<Known> {
        self.detail.as_ref()?.known
    }

    /// How the fact is known, given whether the cited source is editorial: what the citation
    /// says, else `editorial` for an editorial source and `stated` for any other.
    pub fn known_from(&self, editorial_source: bool) -> Known {
        self.known().unwrap_or(if editorial_source {
            Known::Editorial
        } else {
            Known::Stated
        })
    }

    /// Why an editor inferred or added the fact.
    pub fn reason(&self) -> Option<&Text> {
        self.detail.as_ref()?.reason.as_ref()
    }

    /// Whether it is more than a bare source id (which only format version 2 allows).
    pub fn is_detailed(&self) -> bool {
        self.detail.is_some()
    }
}

impl<'de> Deserialize<'de> for Citation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Citation;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a source id, or a citation object with \"source\"")
            }
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Citation, E> {
                Id::parse(value).map(Citation::of).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Citation, A::Error> {
                let object = CitationObject::deserialize(MapAccessDeserializer::new(map))?;
                Ok(Citation {
                    source: object.source,
                    detail: Some(Box::new(CitationDetail {
                        locator: object.locator,
                        quote: object.quote,
                        known: object.known,
                        reason: object.reason,
                    })),
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Serialize for Citation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(detail) = &self.detail else {
            return self.source.serialize(serializer);
        };
        let mut object = serializer.serialize_struct("Citation", 5)?;
        object.serialize_field("source", &self.source)?;
        macro_rules! optional {
            ($($field:ident),*) => {$(
                match &detail.$field {
                    Some(value) => object.serialize_field(stringify!($field), value)?,
                    None => object.skip_field(stringify!($field))?,
                }
            )*};
        }
        optional!(locator, quote, known, reason);
        object.end()
    }
}

impl JsonSchema for Citation {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Citation")
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<Id>();
        let object = generator.subschema_for::<CitationObject>();
        json_schema!({
            "description": "A source that supports the fact: its id alone, or (format version 2) an object that also says where, in which words and how it is known.",
            "anyOf": [id, object]
        })
    }
}

/// What a record says field by field (`status`, `kind`, `name`...): the citations of its own
/// fields ([`Facts`]), or the values other sources give them ([`OtherValues`]). Most records
/// have none, and hold nothing for them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
// Boxed: one pointer in every record, where an empty map would take three words in each of
// the millions of records of a large seed.
#[allow(clippy::box_collection)]
pub struct ByField<T>(Option<Box<BTreeMap<String, Vec<T>>>>);

/// The citations of a record's own fields, by field name.
pub type Facts = ByField<Citation>;

/// The values that sources give a record's fields besides the record's own, by field name.
pub type OtherValues = ByField<OtherValue>;

impl<T> Default for ByField<T> {
    fn default() -> Self {
        ByField(None)
    }
}

impl<T> ByField<T> {
    /// Nothing for any field.
    pub const NONE: ByField<T> = ByField(None);

    /// Whether no field has anything.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|fields| fields.is_empty())
    }

    /// Each field with its items, in field-name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[T])> {
        self.0
            .iter()
            .flat_map(|fields| fields.iter())
            .map(|(field, items)| (field.as_str(), items.as_slice()))
    }

    /// The items of `field`, if it has any.
    pub fn of(&self, field: &str) -> Option<&[T]> {
        self.0.as_ref()?.get(field).map(Vec::as_slice)
    }

    /// Adds `item` to `field`'s.
    pub fn push(&mut self, field: &str, item: T) {
        let fields = self.0.get_or_insert_with(Default::default);
        fields.entry(field.to_owned()).or_default().push(item);
    }

    /// Keeps the items of `field` for which `keep` (which may change them) says so; a field
    /// left with none has none.
    pub fn retain_in(&mut self, field: &str, mut keep: impl FnMut(&mut T) -> bool) {
        let Some(fields) = self.0.as_mut() else {
            return;
        };
        if let Some(items) = fields.get_mut(field) {
            items.retain_mut(|item| keep(item));
            if items.is_empty() {
                fields.remove(field);
            }
        }
    }

    /// Makes `items` all of `field`'s.
    pub fn set(&mut self, field: &str, items: Vec<T>) {
        let fields = self.0.get_or_insert_with(Default::default);
        fields.insert(field.to_owned(), items);
    }
}

impl ByField<OtherValue> {
    /// Adds `others`' values: one this already has for the field is one value, cited by
    /// both.
    pub fn extend_with(&mut self, others: OtherValues) {
        let Some(others) = others.0 else { return };
        for (field, values) in *others {
            for value in values {
                let fields = self.0.get_or_insert_with(Default::default);
                let held = fields.entry(field.clone()).or_default();
                match held
                    .iter_mut()
                    .find(|v| v.value == value.value && v.rank == value.rank)
                {
                    Some(same) => {
                        for citation in value.sources {
                            if !same.sources.contains(&citation) {
                                same.sources.push(citation);
                            }
                        }
                    }
                    None => held.push(value),
                }
            }
        }
    }
}

impl<T: JsonSchema> JsonSchema for ByField<T> {
    fn schema_name() -> Cow<'static, str> {
        Cow::Owned(format!("{}ByField", T::schema_name()))
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<Vec<T>>();
        json_schema!({
            "description": "By field name, such as \"status\" or \"country\".",
            "type": "object",
            "additionalProperties": items
        })
    }
}

/// How a value stands against the other values of its fact, as ranks do in Wikidata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rank {
    /// The value to use: the record's own, when sources give others.
    Preferred,
    /// A value a source gives that is not the preferred one; or the only value there is.
    #[default]
    Normal,
    /// A value a source gives that is known to be wrong.
    Deprecated,
}

impl Rank {
    /// Whether it is the default rank, which a seed need not write.
    pub fn is_normal(&self) -> bool {
        *self == Rank::Normal
    }

    /// The value's name in the seed format.
    pub fn as_str(self) -> &'static str {
        match self {
            Rank::Preferred => "preferred",
            Rank::Normal => "normal",
            Rank::Deprecated => "deprecated",
        }
    }
}

/// A value that a source gives one of a record's fields, other than the record's own (which
/// is the preferred one): what it is, who gives it, and why it is not preferred.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OtherValue {
    /// The value, written as the field itself would be (for `founded`, the year).
    pub value: serde_json::Value,
    /// `normal` for a value sources disagree on (the default), `deprecated` for one known
    /// to be wrong.
    #[serde(default)]
    pub rank: Rank,
    /// Why the record's own value is preferred to this one, or why this one is wrong.
    pub reason: Text,
    /// The sources that give this value: at least one.
    pub sources: Vec<Citation>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_is_a_bare_id_or_an_object_and_is_written_back_the_same_way() {
        let bare: Citation = serde_json::from_str(r#""press""#).unwrap();
        assert_eq!(bare.source.as_str(), "press");
        assert!(!bare.is_detailed());
        assert_eq!(bare.known_from(false), Known::Stated);
        assert_eq!(bare.known_from(true), Known::Editorial);
        assert_eq!(serde_json::to_string(&bare).unwrap(), r#""press""#);

        let text = r#"{"source":"press","locator":"¶4","quote":"signed a memorandum","known":"inferred","reason":"r"}"#;
        let full: Citation = serde_json::from_str(text).unwrap();
        assert_eq!(full.locator().unwrap().as_str(), "¶4");
        assert_eq!(full.quote().unwrap().as_str(), "signed a memorandum");
        assert_eq!(full.known_from(true), Known::Inferred);
        assert_eq!(full.reason().unwrap().as_str(), "r");
        assert_eq!(serde_json::to_string(&full).unwrap(), text);

        let short: Citation = serde_json::from_str(r#"{"source":"press"}"#).unwrap();
        assert!(short.is_detailed());
        assert_eq!(
            serde_json::to_string(&short).unwrap(),
            r#"{"source":"press"}"#
        );
    }

    #[test]
    fn a_citation_that_cannot_be_read_says_why() {
        let error = |text| {
            serde_json::from_str::<Citation>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(error(r#"{"quote": "x"}"#).contains("missing field `source`"));
        assert!(error(r#"{"source": "s", "page": 3}"#).contains("unknown field `page`"));
        assert!(error(r#"{"source": "s", "known": "guessed"}"#).contains("unknown variant"));
        assert!(error("3").contains("a source id, or a citation object"));
    }

    #[test]
    fn facts_are_absent_unless_given() {
        let none: Facts = serde_json::from_str("null").unwrap();
        assert!(none.is_empty());
        let some: Facts =
            serde_json::from_str(r#"{"status": [{"source": "e", "known": "editorial"}]}"#).unwrap();
        assert_eq!(some.of("status").unwrap().len(), 1);
        assert!(some.of("kind").is_none());
        assert_eq!(some.iter().count(), 1);
    }
}
