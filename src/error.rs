//! The error vocabulary clients see: every `extensions.code` the service sends, named once.
//!
//! GraphQL clients branch on `extensions.code` (Apollo's conventions: `BAD_USER_INPUT`,
//! `GRAPHQL_PARSE_FAILED`...), so a code is part of the API: it is written here and nowhere
//! else, and each says which HTTP status a request refused with it gets when nothing more
//! specific applies (a body over the size limit is a 413 and a request past its time a 503,
//! though both say `LIMIT_EXCEEDED`).

use std::fmt;

use async_graphql::{ErrorExtensions as _, ServerError};
use axum::http::StatusCode;

/// A machine-readable error code, sent as `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ErrorCode {
    /// The request is not a GraphQL request (bad JSON, bad parameters).
    BadRequest,
    /// An argument or variable has a value its type refuses.
    BadUserInput,
    /// The query text is not GraphQL.
    GraphqlParseFailed,
    /// The query is GraphQL but does not fit the schema (or names no operation to run).
    GraphqlValidationFailed,
    /// The request is over one of the configured limits, or asks for more than a field gives.
    LimitExceeded,
    /// No record has the id asked for.
    NotFound,
    /// The service has as much work of this kind running and waiting as it takes: try again
    /// later (the response's Retry-After says when).
    Busy,
    /// The HTTP method is not one the route serves.
    MethodNotAllowed,
    /// The Accept header allows no type the route writes.
    NotAcceptable,
    /// The body is not in a media type the route reads.
    UnsupportedMediaType,
}

impl ErrorCode {
    /// The code as sent in `extensions.code`.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Busy => "BUSY",
            ErrorCode::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            ErrorCode::NotAcceptable => "NOT_ACCEPTABLE",
            ErrorCode::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        }
    }

    /// The status of a request refused, as a whole, with this code.
    pub(crate) const fn status(self) -> StatusCode {
        match self {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadRequest
            | ErrorCode::BadUserInput
            | ErrorCode::GraphqlParseFailed
            | ErrorCode::GraphqlValidationFailed
            | ErrorCode::LimitExceeded => StatusCode::BAD_REQUEST,
        }
    }

    /// A resolver's error with this code.
    pub(crate) fn error(self, message: impl Into<String>) -> async_graphql::Error {
        async_graphql::Error::new(message).extend_with(|_, e| e.set("code", self.as_str()))
    }

    /// A request error (refused before execution) with this code.
    pub(crate) fn server_error(self, message: impl Into<String>) -> ServerError {
        self.set_on(ServerError::new(message, None))
    }

    /// `error` with this code, unless it already has one.
    pub(crate) fn set_on(self, mut error: ServerError) -> ServerError {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", self.as_str());
        }
        error
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The code `error` carries in `extensions.code`, or `NONE`.
pub(crate) fn code_of(error: &ServerError) -> &str {
    match error.extensions.as_ref().and_then(|e| e.get("code")) {
        Some(async_graphql::Value::String(code)) => code,
        Some(async_graphql::Value::Enum(code)) => code.as_str(),
        _ => "NONE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_set_on_an_error_is_read_back_and_an_existing_code_is_kept() {
        let error = ErrorCode::LimitExceeded.server_error("too big");
        assert_eq!(code_of(&error), "LIMIT_EXCEEDED");
        let kept = ErrorCode::BadRequest.set_on(error);
        assert_eq!(code_of(&kept), "LIMIT_EXCEEDED");
        assert_eq!(code_of(&ServerError::new("bare", None)), "NONE");
    }
}
