//! [`Sparse`]: a list that most records leave empty, held in one pointer.

use std::{borrow::Cow, ops::Deref};

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A list that most records leave empty (the people a person met, the labs a lab strengthens),
/// held in one pointer, so that an empty one costs a large seed's millions of records a word
/// each rather than three. Reads and writes as a plain JSON array; reads as a slice.
#[derive(Debug, Clone, PartialEq)]
// Boxed for its size, as above.
#[allow(clippy::box_collection)]
pub struct Sparse<T>(Option<Box<Vec<T>>>);

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse(None)
    }
}

impl<T> From<Vec<T>> for Sparse<T> {
    fn from(items: Vec<T>) -> Self {
        Sparse((!items.is_empty()).then(|| Box::new(items)))
    }
}

impl<T> Deref for Sparse<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'a, T> IntoIterator for &'a Sparse<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for Sparse<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sparse<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::deserialize(deserializer).map(Sparse::from)
    }
}

impl<T: JsonSchema> JsonSchema for Sparse<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        Vec::<T>::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Vec::<T>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_holds_nothing_and_any_list_reads_and_writes_as_an_array() {
        assert_eq!(
            std::mem::size_of::<Sparse<String>>(),
            std::mem::size_of::<usize>()
        );
        let empty: Sparse<u32> = serde_json::from_str("[]").unwrap();
        assert!(empty.0.is_none() && empty.is_empty());
        let some: Sparse<u32> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!(&*some, &[1, 2]);
        assert_eq!(serde_json::to_string(&some).unwrap(), "[1,2]");
        assert_eq!(
            serde_json::to_string(&Sparse::<u32>::default()).unwrap(),
            "[]"
        );
        assert!(serde_json::from_str::<Sparse<u32>>("null").is_err());
    }
}
