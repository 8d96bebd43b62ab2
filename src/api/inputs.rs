//! Typed inputs: dates and country codes parsed where they arrive (parse, don't validate), so a
//! resolver never holds an unchecked one. They present as `String` in the schema, as the plain
//! strings they replace did, so the variables clients declare keep working.

use std::{borrow::Cow, marker::PhantomData, ops::Deref};

use async_graphql::{InputType, InputValueError, InputValueResult, Value, registry::Registry};

use crate::{
    error::ErrorCode,
    model::{CountryCode, PartialDate},
};

/// The name an input is given under, for its error message (`signedFrom: ...`): a value
/// parses before it knows which field it is in, so the field's type carries the name.
pub trait Argument: Send + Sync + 'static {
    /// The GraphQL name of the field or argument.
    const NAME: &'static str;
}

/// Declares the markers of `Argument`.
macro_rules! arguments {
    ($($marker:ident = $name:literal),* $(,)?) => {
        $(
            #[doc = concat!("The input field `", $name, "`.")]
            pub enum $marker {}

            impl Argument for $marker {
                const NAME: &'static str = $name;
            }
        )*
    };
}

arguments!(
    SignedFrom = "signedFrom",
    SignedTo = "signedTo",
    WindowFrom = "from",
    WindowTo = "to",
    Country = "country",
    Countries = "countries",
);

/// A refusal of a bad value: BAD_USER_INPUT, naming the input and the expected form.
fn refuse<T: InputType>(message: String) -> InputValueError<T> {
    InputValueError::custom(message).with_extension("code", ErrorCode::BadUserInput.as_str())
}

/// A date given as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the input `A`.
pub struct DateInput<A>(PartialDate, PhantomData<A>);

impl<A> From<DateInput<A>> for PartialDate {
    fn from(date: DateInput<A>) -> Self {
        date.0
    }
}

impl<A: Argument> InputType for DateInput<A> {
    type RawValueType = PartialDate;

    fn type_name() -> Cow<'static, str> {
        <String as InputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <String as InputType>::create_type_info(registry)
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        let text = String::parse(value).map_err(InputValueError::propagate)?;
        PartialDate::parse(&text)
            .map(|date| DateInput(date, PhantomData))
            .map_err(|e| refuse(format!("{}: {e}", A::NAME)))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(&self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code in any case (`kz` is `KZ`, as /export reads it), as the
/// input `A`.
pub struct CountryInput<A>(CountryCode, PhantomData<A>);

impl<A> From<CountryInput<A>> for CountryCode {
    fn from(code: CountryInput<A>) -> Self {
        code.0
    }
}

/// A country input reads as its code, so that code taking `&str` codes takes it as it is.
impl<A> Deref for CountryInput<A> {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl<A: Argument> InputType for CountryInput<A> {
    type RawValueType = CountryCode;

    fn type_name() -> Cow<'static, str> {
        <String as InputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        <String as InputType>::create_type_info(registry)
    }

    fn parse(value: Option<Value>) -> InputValueResult<Self> {
        let text = String::parse(value).map_err(InputValueError::propagate)?;
        CountryCode::parse(&text.to_ascii_uppercase())
            .map(|code| CountryInput(code, PhantomData))
            .map_err(|_| {
                refuse(format!(
                    "{}: {text:?} is not an ISO 3166-1 alpha-2 country code such as KZ",
                    A::NAME
                ))
            })
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }

    fn as_raw_value(&self) -> Option<&Self::RawValueType> {
        Some(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message<T: InputType>(value: &str) -> String {
        let error = T::parse(Some(Value::String(value.to_owned())))
            .err()
            .expect("refused");
        error.into_server_error(Default::default()).message
    }

    #[test]
    fn a_date_parses_to_its_precision_and_a_bad_one_names_its_input() {
        let date = DateInput::<SignedFrom>::parse(Some(Value::String("2023-05".into())))
            .ok()
            .expect("a date");
        assert_eq!(PartialDate::from(date).to_string(), "2023-05");
        let refused = message::<DateInput<SignedFrom>>("2023-13");
        assert!(refused.contains("signedFrom: \"2023-13\""), "{refused}");
        assert!(message::<DateInput<SignedTo>>("May 2023").contains("YYYY-MM-DD"));
    }

    #[test]
    fn a_country_code_is_read_in_any_case_and_a_bad_one_names_its_input() {
        let code = CountryInput::<Country>::parse(Some(Value::String("kz".into())))
            .ok()
            .expect("a code");
        assert_eq!(&*code, "KZ");
        let refused = message::<CountryInput<Country>>("Kazakhstan");
        assert!(refused.contains("country: \"Kazakhstan\""), "{refused}");
        assert!(refused.contains("ISO 3166-1 alpha-2"), "{refused}");
        assert!(message::<CountryInput<Country>>("XX").contains("\"XX\""));
    }

    #[test]
    fn they_present_as_strings_and_refuse_other_values_as_strings_do() {
        assert_eq!(DateInput::<SignedFrom>::type_name(), "String");
        assert_eq!(CountryInput::<Country>::qualified_type_name(), "String!");
        assert!(DateInput::<SignedFrom>::parse(Some(Value::Number(2023.into()))).is_err());
    }
}
