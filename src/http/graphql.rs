//! GraphQL over HTTP: the `/graphql` handlers, from the Accept header to the answer's bytes.
//! Media-type negotiation, the request read from a body or a URL, [`prepare`] and [`run`], and
//! the request errors of whatever is refused before it executes.

use std::{collections::BTreeMap, sync::Arc};

use async_graphql::{
    BatchRequest, Positioned, Request, ServerError, Variables,
    parser::{
        self,
        types::{
            BaseType, DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
            Type, VariableDefinition,
        },
    },
};
use axum::{
    body::Bytes,
    extract::{
        Query, State,
        rejection::{BytesRejection, QueryRejection},
    },
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{
    AppState, deadline,
    documents::Kept,
    limits,
    work::{RETRY_AFTER, Refused, Weight, finish},
};
use crate::{
    api::{Budget, ValidatedBefore},
    config::Limits,
    error::{ErrorCode, code_of},
    interrupt::Interrupt,
};

// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/), checked by the
// `graphql-http` audit in tests/api/audit.rs. The steps, in the order a request meets them:
// negotiate the response type on Accept (406), check the method (405) and the body's type (415),
// read the parameters (400), parse the document and coerce the variables, execute. Whatever is
// refused before execution is a request error: it has no `data` entry, and it is a 400 when the
// client understands application/graphql-response+json.

/// Media types a GraphQL response can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ResponseType {
    /// `application/graphql-response+json`: the status code tells request errors apart.
    GraphQLResponse,
    /// `application/json`: the legacy type, always 200 once the request is well-formed, because
    /// older clients drop the body of a 4xx.
    Json,
}

impl ResponseType {
    fn media_type(self) -> &'static str {
        match self {
            ResponseType::GraphQLResponse => "application/graphql-response+json",
            ResponseType::Json => "application/json",
        }
    }

    fn subtype(self) -> &'static str {
        &self.media_type()["application/".len()..]
    }
}

/// One entry of an Accept header, `type/subtype;charset=…;q=…`, judged for one response type.
struct MediaRange<'a> {
    kind: &'a str,
    subtype: &'a str,
    /// The quality in thousandths (`q=0.5` is 500), so that ranges compare as integers.
    quality: u16,
    /// False when the range asks for a charset other than UTF-8, the only one we write.
    utf8: bool,
}

impl<'a> MediaRange<'a> {
    /// `None` for an entry that is not a media range or has a malformed `q`; such an entry is
    /// skipped, as if the client had not sent it.
    fn parse(entry: &'a str) -> Option<Self> {
        let mut parts = entry.split(';');
        let (kind, subtype) = parts.next()?.trim().split_once('/')?;
        let mut range = MediaRange {
            kind: kind.trim(),
            subtype: subtype.trim(),
            quality: 1000,
            utf8: true,
        };
        for parameter in parts {
            let (name, value) = parameter.split_once('=')?;
            let value = value.trim().trim_matches('"');
            if name.trim().eq_ignore_ascii_case("q") {
                let q: f32 = value.parse().ok().filter(|q| (0.0..=1.0).contains(q))?;
                range.quality = (q * 1000.0).round() as u16;
            } else if name.trim().eq_ignore_ascii_case("charset") {
                range.utf8 =
                    value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8");
            }
        }
        Some(range)
    }

    /// How closely this range names `response`: 2 exactly, 1 as `application/*`, 0 as `*/*`.
    fn specificity(&self, response: ResponseType) -> Option<u8> {
        if !self.utf8 {
            return None;
        }
        match (self.kind, self.subtype) {
            ("*", "*") => Some(0),
            (kind, "*") if kind.eq_ignore_ascii_case("application") => Some(1),
            (kind, subtype)
                if kind.eq_ignore_ascii_case("application")
                    && subtype.eq_ignore_ascii_case(response.subtype()) =>
            {
                Some(2)
            }
            _ => None,
        }
    }
}

/// The response type the client prefers, from its Accept headers; `None` if it accepts neither.
///
/// Each type takes the quality of the most specific range that names it (RFC 9110 §12.5.1), and
/// the better quality wins. On a tie, a client that names application/graphql-response+json
/// explicitly gets it; one that only names wildcards (`*/*`, `application/*`) gets
/// application/json, as does a client that sends no Accept at all: the specification's default
/// for clients written before the new type existed.
fn negotiate(headers: &HeaderMap) -> Option<ResponseType> {
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter(|entry| !entry.trim().is_empty())
        .collect();
    if accept.is_empty() {
        return Some(ResponseType::Json);
    }
    let ranges: Vec<MediaRange> = accept.into_iter().filter_map(MediaRange::parse).collect();
    [ResponseType::GraphQLResponse, ResponseType::Json]
        .into_iter()
        .filter_map(|response| {
            let (specificity, quality) = ranges
                .iter()
                .filter_map(|range| Some((range.specificity(response)?, range.quality)))
                .max()?;
            let preferred = (specificity == 2) == (response == ResponseType::GraphQLResponse);
            (quality > 0).then_some(((quality, specificity, preferred), response))
        })
        .max_by_key(|(rank, _)| *rank)
        .map(|(_, response)| response)
}

/// A response carrying GraphQL-shaped errors, for requests refused before execution, with the
/// status of its code ([`ErrorCode::status`]).
fn request_error(code: ErrorCode, response: ResponseType, message: impl Into<String>) -> Response {
    request_error_with_status(code.status(), code, response, message)
}

/// A request error with a status other than its code's: a request over one of the configured
/// limits says `LIMIT_EXCEEDED` whatever its status (413 for a body too large, 503 for a request
/// past its time). Every request error's body is written here.
fn request_error_with_status(
    status: StatusCode,
    code: ErrorCode,
    response: ResponseType,
    message: impl Into<String>,
) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message.into(), "extensions": { "code": code.as_str() } }] });
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(response.media_type()),
        )],
        body.to_string(),
    )
        .into_response()
}

/// The Accept header named no type we write: 406, in application/json since it chose none.
fn not_acceptable() -> Response {
    request_error(
        ErrorCode::NotAcceptable,
        ResponseType::Json,
        "/graphql answers in application/graphql-response+json or application/json; \
         the Accept header allows neither",
    )
}

/// What `/graphql` allows, for the Allow header of a 405.
const GRAPHQL_METHODS: &str = "GET, HEAD, POST";

fn method_not_allowed(response: ResponseType, message: &str) -> Response {
    let mut refused = request_error(ErrorCode::MethodNotAllowed, response, message);
    refused
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(GRAPHQL_METHODS));
    refused
}

/// Any method but GET, HEAD and POST.
pub(super) async fn graphql_other_method(headers: HeaderMap) -> Response {
    method_not_allowed(
        negotiate(&headers).unwrap_or(ResponseType::Json),
        "/graphql takes GET (queries) and POST",
    )
}

/// Whether a POST body is declared as JSON in UTF-8. A missing Content-Type is refused rather
/// than guessed at: a cross-site form can send a body without one.
fn is_json_body(headers: &HeaderMap) -> bool {
    let Some(content_type) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case(ResponseType::Json.media_type())
        && parts.all(|parameter| match parameter.split_once('=') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("charset") => {
                let value = value.trim().trim_matches('"');
                value.eq_ignore_ascii_case("utf-8") || value.eq_ignore_ascii_case("utf8")
            }
            _ => true,
        })
}

/// "a string", "an array", …: what a JSON value is, for error messages.
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The parameter `key` of a request, when it is present and not null; an error naming it when
/// `extract` does not accept its shape (`expected` says what it should be).
fn optional_parameter<T>(
    fields: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    expected: &str,
    extract: fn(serde_json::Value) -> Result<T, serde_json::Value>,
) -> Result<Option<T>, String> {
    match fields.remove(key) {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(value) => extract(value)
            .map(Some)
            .map_err(|value| format!("`{key}` must be {expected}, not {}", json_kind(&value))),
    }
}

/// Checks the shape of one request's parameters (`query` a string; `operationName` a string;
/// `variables` and `extensions` objects; the last three optional and nullable) and builds the
/// executor's request. Other keys are ignored, as the specification allows.
fn graphql_request(value: serde_json::Value) -> Result<Request, String> {
    use serde_json::Value as Json;
    let Json::Object(mut fields) = value else {
        return Err(format!(
            "a GraphQL request is a JSON object with a `query` string, not {}",
            json_kind(&value)
        ));
    };
    let query = optional_parameter(&mut fields, "query", "a string", |v| match v {
        Json::String(s) => Ok(s),
        other => Err(other),
    })?
    .filter(|query| !query.trim().is_empty())
    .ok_or("the request has no `query`: send the GraphQL document as a `query` string")?;
    let mut request = Request::new(query);
    if let Some(name) = optional_parameter(&mut fields, "operationName", "a string", |v| match v {
        Json::String(s) => Ok(s),
        other => Err(other),
    })? {
        request = request.operation_name(name);
    }
    let object = |v| match v {
        Json::Object(map) => Ok(map),
        other => Err(other),
    };
    if let Some(variables) = optional_parameter(&mut fields, "variables", "an object", object)? {
        request = request.variables(Variables::from_json(Json::Object(variables)));
    }
    if let Some(extensions) = optional_parameter(&mut fields, "extensions", "an object", object)? {
        for (key, value) in extensions {
            let value = async_graphql::Value::from_json(value).map_err(|e| e.to_string())?;
            request.extensions.insert(key, value);
        }
    }
    Ok(request)
}

/// The parameters of a GET: `query` and `operationName` as they are, `variables` and
/// `extensions` as JSON text. An empty optional parameter counts as absent; a repeated one is
/// refused rather than one of its values picked.
fn graphql_request_from_url(parameters: Vec<(String, String)>) -> Result<Request, String> {
    let mut fields = serde_json::Map::new();
    for (key, value) in parameters {
        let value = match key.as_str() {
            "query" => serde_json::Value::String(value),
            _ if value.is_empty() => continue,
            "operationName" => serde_json::Value::String(value),
            "variables" | "extensions" => serde_json::from_str(&value)
                .map_err(|e| format!("`{key}` must be a JSON object: {e}"))?,
            // Not a GraphQL parameter (a cache buster, say): not ours to judge.
            _ => continue,
        };
        if fields.insert(key.clone(), value).is_some() {
            return Err(format!("the parameter `{key}` is given more than once"));
        }
    }
    graphql_request(serde_json::Value::Object(fields))
}

/// The operation a document runs for `operation_name`, chosen as the executor chooses it;
/// `None` when the name matches nothing or is needed and missing (the executor says which).
fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<&'a Positioned<OperationDefinition>> {
    match (&document.operations, operation_name) {
        (DocumentOperations::Single(operation), None) => Some(operation),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next()
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Whether a GET asks for a mutation. GET must not change anything (it is cached, prefetched
/// and replayed), so this is checked before anything runs; a document that does not parse is
/// not a mutation here and gets its parse error from [`prepare`].
fn is_mutation(state: &AppState, request: &Request) -> bool {
    state.document(&request.query).is_ok_and(|(document, _)| {
        selected_operation(&document, request.operation_name.as_deref())
            .is_some_and(|operation| operation.node.ty == OperationType::Mutation)
    })
}

/// Why `value` cannot be coerced to the variable type `ty`, judged where no schema is needed:
/// null against non-null, lists, and the built-in scalars. Enums, input objects and custom
/// scalars are left to the executor, whose validation checks them where they are used.
fn coercion_problem(ty: &Type, value: &async_graphql::Value) -> Option<String> {
    use async_graphql::Value as V;
    if *value == V::Null {
        return (!ty.nullable).then(|| format!("of non-null type \"{ty}\" must not be null"));
    }
    match &ty.base {
        BaseType::List(item) => match value {
            V::List(items) => items.iter().find_map(|v| coercion_problem(item, v)),
            // Input coercion takes a single value for a list of one.
            single => coercion_problem(item, single),
        },
        BaseType::Named(name) => {
            let fits = match (name.as_str(), value) {
                ("Int", V::Number(n)) => n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
                ("ID", V::Number(n)) => n.is_i64() || n.is_u64(),
                ("Float", V::Number(_))
                | ("String" | "ID", V::String(_))
                | ("Boolean", V::Boolean(_)) => true,
                ("Int" | "Float" | "String" | "Boolean" | "ID", _) => false,
                _ => true,
            };
            (!fits).then(|| format!("got invalid value {value}; expected type \"{name}\""))
        }
    }
}

/// Coerces the request's variables to the operation's variable definitions, as the
/// specification does before execution. async-graphql 7.2 only coerces a variable where an
/// argument uses it, so a missing or mistyped variable would otherwise surface as a field
/// error in the middle of a result instead of as a request error.
fn coerce_variables(
    definitions: &[Positioned<VariableDefinition>],
    variables: &Variables,
) -> Vec<ServerError> {
    definitions
        .iter()
        .filter_map(|definition| {
            let name = &definition.node.name.node;
            let ty = &definition.node.var_type.node;
            let problem = match variables.get(name) {
                Some(value) => coercion_problem(ty, value),
                None if definition.node.default_value().is_none() => {
                    Some(format!("of required type \"{ty}\" was not provided"))
                }
                None => None,
            }?;
            Some(ErrorCode::BadUserInput.set_on(ServerError::new(
                format!("Variable \"${name}\" {problem}."),
                Some(definition.pos),
            )))
        })
        .collect()
}

/// A parse error in one line, "syntax error at line 1, column 31: expected ...", rather than the
/// parser's multi-line drawing of the query; `locations` keeps the position for tools.
pub(super) fn parse_error(error: parser::Error) -> ServerError {
    let summary = match &error {
        parser::Error::Syntax { message, start, .. } => {
            let expected = message
                .lines()
                .rev()
                .find_map(|line| line.trim_start().strip_prefix("= "))
                .unwrap_or("unexpected input")
                .replace('_', " ");
            Some(format!(
                "syntax error at line {}, column {}: {expected}",
                start.line, start.column
            ))
        }
        _ => None,
    };
    let mut error = ServerError::from(error);
    if let Some(summary) = summary {
        error.message = summary;
    }
    ErrorCode::GraphqlParseFailed.set_on(error)
}

/// Checks the query's length, parses it, checks its shape against the limits, selects the
/// operation and coerces the variables. On success the parsed document goes with the request,
/// so that the executor does not parse it again, and its kept entry comes back.
fn prepare(state: &AppState, request: &mut Request) -> Result<Arc<Kept>, Vec<ServerError>> {
    let (document, kept) = state.document(&request.query)?;
    prepare_parsed(request, document, kept)
}

/// [`prepare`] for a request whose document is parsed.
fn prepare_parsed(
    request: &mut Request,
    document: ExecutableDocument,
    kept: Arc<Kept>,
) -> Result<Arc<Kept>, Vec<ServerError>> {
    let Some(operation) = selected_operation(&document, request.operation_name.as_deref()) else {
        let message = match &request.operation_name {
            Some(name) => format!("the document has no operation named {name:?}"),
            None => "the document has several operations; say which to run in `operationName`"
                .to_owned(),
        };
        return Err(vec![
            ErrorCode::GraphqlValidationFailed.server_error(message),
        ]);
    };
    let errors = coerce_variables(&operation.node.variable_definitions, &request.variables);
    if !errors.is_empty() {
        return Err(errors);
    }
    request.set_parsed_query(document);
    Ok(kept)
}

/// The answer to one operation.
struct Outcome {
    response: async_graphql::Response,
    /// False for a request error: refused before execution, so there is no `data` at all.
    executed: bool,
}

impl Outcome {
    fn refused(errors: Vec<ServerError>) -> Self {
        Outcome {
            response: async_graphql::Response::from_errors(errors),
            executed: false,
        }
    }

    /// The executor's answer. It refuses a request (validation, limits, an unknown operation
    /// name) with `data: null` and errors without a path, which get their codes here; every
    /// error raised while executing belongs to a field and carries that field's path, even one
    /// that nulls the whole `data`.
    fn from_executor(mut response: async_graphql::Response, limits: &Limits) -> Self {
        let refused = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|error| error.path.is_empty());
        if refused {
            let errors = std::mem::take(&mut response.errors);
            response.errors = errors
                .into_iter()
                .map(|error| limits::refusal(error, limits))
                .collect();
        }
        // An argument that does not parse as its type (a list longer than it may be, a number
        // out of range) comes back from the executor without a code: it is the client's input.
        for error in &mut response.errors {
            if code_of(error) == "NONE" && error.message.starts_with("Failed to parse") {
                *error = ErrorCode::BadUserInput
                    .set_on(std::mem::replace(error, ServerError::new("", None)));
            }
        }
        Outcome {
            response,
            executed: !refused,
        }
    }

    /// The response entry, with `errors` first as the GraphQL specification suggests, and
    /// `data` only when execution started: async-graphql 7.2 always writes `"data": null`.
    fn body(&self) -> ResponseBody<'_> {
        ResponseBody {
            errors: &self.response.errors,
            data: self.executed.then_some(&self.response.data),
            extensions: &self.response.extensions,
        }
    }
}

#[derive(serde::Serialize)]
struct ResponseBody<'a> {
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, async_graphql::Value>,
}

/// One operation of a request, prepared on the thread that will run it.
enum Prepared {
    /// Refused before execution (see [`prepare`]).
    Refused(Vec<ServerError>),
    /// Parsed and checked, ready to execute.
    Ready(Box<Request>, Arc<Kept>),
}

impl Prepared {
    fn of(state: &AppState, mut request: Request) -> Self {
        let prepared = prepare(state, &mut request);
        Prepared::from(request, prepared)
    }

    fn parsed(mut request: Request, document: ExecutableDocument, kept: Arc<Kept>) -> Self {
        let prepared = prepare_parsed(&mut request, document, kept);
        Prepared::from(request, prepared)
    }

    fn from(request: Request, prepared: Result<Arc<Kept>, Vec<ServerError>>) -> Self {
        match prepared {
            Ok(kept) => Prepared::Ready(Box::new(request), kept),
            Err(errors) => Prepared::Refused(errors),
        }
    }

    fn weight(&self) -> Weight {
        match self {
            Prepared::Refused(_) => Weight::Light,
            Prepared::Ready(_, kept) => kept.weight(),
        }
    }
}

/// Executes one prepared operation on the current graph, spending from `budget`.
async fn execute(state: &AppState, prepared: Prepared, budget: &Arc<Budget>) -> Outcome {
    let (request, kept) = match prepared {
        Prepared::Refused(errors) => return Outcome::refused(errors),
        Prepared::Ready(request, kept) => (*request, kept),
    };
    // A document that passed validation once, sent again without variables or an operation
    // name, is not validated again (see `build_schema_trusting`).
    let plain = request.variables.is_empty() && request.operation_name.is_none();
    let validated_before = kept.validated().filter(|_| plain);
    let request = request.data(state.snapshot()).data(budget.clone());
    let response = match validated_before {
        Some(cache_control) => {
            let request = request.data(ValidatedBefore(cache_control));
            state.trusting_schema.execute(request).await
        }
        None => state.schema.execute(request).await,
    };
    let outcome = Outcome::from_executor(response, &state.settings.limits);
    if plain && outcome.executed && validated_before.is_none() {
        kept.mark_validated(outcome.response.cache_control);
    }
    outcome
}

/// The operations of one request (one, or a batch's), as they go from the handler to the
/// threads that run them.
struct Operations {
    prepared: Vec<Prepared>,
    batch: bool,
    response: ResponseType,
}

/// What the work of a request hands back to its handler.
enum Step {
    /// The answer, written.
    Answered(Response),
    /// The operations, prepared, when one of them needs the heavy lane.
    Heavy(Operations),
}

impl Operations {
    /// Executes every operation in order with one budget for all, and writes the answer (see
    /// [`write`]).
    async fn answer(self, state: &AppState, interrupt: Arc<Interrupt>) -> Response {
        let budget = Arc::new(Budget::new(
            interrupt,
            state.settings.limits.max_response_objects,
        ));
        let (batch, response) = (self.batch, self.response);
        let outcomes = self.execute(state, &budget).await;
        write(state, &budget, batch, response, outcomes)
    }

    /// Executes every operation in order, spending from `budget`.
    async fn execute(self, state: &AppState, budget: &Arc<Budget>) -> Vec<Outcome> {
        let mut outcomes = Vec::with_capacity(self.prepared.len());
        for prepared in self.prepared {
            outcomes.push(execute(state, prepared, budget).await);
        }
        outcomes
    }
}

/// Writes the answer to the operations: one entry, or an array of the entries in order. An
/// answer over the object or byte limit is refused as a whole with LIMIT_EXCEEDED (one error,
/// or one in each entry of a batch).
fn write(
    state: &AppState,
    budget: &Budget,
    batch: bool,
    response: ResponseType,
    outcomes: Vec<Outcome>,
) -> Response {
    let limits = &state.settings.limits;
    let written = if budget.exceeded() {
        Err(budget.refusal())
    } else {
        let body = if batch {
            let bodies: Vec<ResponseBody> = outcomes.iter().map(Outcome::body).collect();
            sonic_rs::to_vec(&bodies)
        } else {
            sonic_rs::to_vec(&outcomes[0].body())
        }
        .expect("GraphQL responses serialize");
        if body.len() > limits.max_response_bytes {
            Err(format!(
                "the answer would be {} bytes long; the limit is {}: ask for smaller pages, \
                 fewer nested lists or fewer fields",
                body.len(),
                limits.max_response_bytes
            ))
        } else {
            Ok(body)
        }
    };
    match written {
        Ok(body) => {
            for outcome in &outcomes {
                for error in &outcome.response.errors {
                    state.metrics.graphql_error(code_of(error));
                }
            }
            // A request error is a 400 in application/graphql-response+json and a 200 in
            // application/json; a result is a 200, and so is a batch, each entry saying for
            // itself whether its operation ran.
            let refused = !batch && !outcomes[0].executed;
            let status = if refused && response == ResponseType::GraphQLResponse {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            graphql_response(status, response, body)
        }
        Err(message) => {
            state
                .metrics
                .graphql_error(ErrorCode::LimitExceeded.as_str());
            too_large(response, batch, outcomes.len(), &message)
        }
    }
}

/// An answer refused for its size, with no `data`: its error once, or in each entry of a batch.
fn too_large(response: ResponseType, batch: bool, entries: usize, message: &str) -> Response {
    let entry = serde_json::json!({ "errors": [{
        "message": message,
        "extensions": { "code": ErrorCode::LimitExceeded.as_str() },
    }] });
    let body = if batch {
        serde_json::Value::Array(vec![entry; entries])
    } else {
        entry
    };
    let status = if !batch && response == ResponseType::GraphQLResponse {
        ErrorCode::LimitExceeded.status()
    } else {
        StatusCode::OK
    };
    graphql_response(status, response, body.to_string().into_bytes())
}

/// A JSON response body in the negotiated type.
fn graphql_response(status: StatusCode, response: ResponseType, body: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(response.media_type()),
        )],
        body,
    )
        .into_response()
}

fn timed_out(state: &AppState, response: ResponseType) -> Response {
    request_error_with_status(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::LimitExceeded,
        response,
        format!(
            "the request took longer than {} s",
            state.settings.limits.request_timeout.as_secs_f64()
        ),
    )
}

fn busy(response: ResponseType) -> Response {
    let mut refused = request_error(
        ErrorCode::Busy,
        response,
        "the service is running and queueing as many requests of this kind as it takes; try \
         again in a moment",
    );
    refused
        .headers_mut()
        .insert(header::RETRY_AFTER, RETRY_AFTER);
    refused
}

/// The most objects an answer given on the async worker may hold, a batch's together: a few
/// records with a page of each's relations. Answering that costs less than handing the work
/// to a lane's thread and back, and little enough that the worker is not held from other
/// clients (a health check, say) for long.
const INLINE_OBJECTS: usize = 100;

/// The longest query answered on the async worker: short, so that parsing it there the first
/// time and validating it each time are quick.
const INLINE_QUERY_BYTES: usize = 2048;

/// The parsed documents of `requests` if each may be tried on the async worker: short, only
/// lookups, and never found too big to answer there. A document that does not parse is left
/// to the lanes, which say why.
fn inline_documents(
    state: &AppState,
    requests: &[Request],
) -> Option<Vec<(ExecutableDocument, Arc<Kept>)>> {
    requests
        .iter()
        .map(|request| {
            (request.query.len() <= INLINE_QUERY_BYTES)
                .then(|| state.document(&request.query).ok())
                .flatten()
                .filter(|(_, kept)| kept.inline())
        })
        .collect()
}

/// A copy of a request as the handler made it (query, operation name, variables, extensions),
/// to run again in a lane.
fn copy_of(request: &Request) -> Request {
    let mut copy = Request::new(request.query.clone()).variables(request.variables.clone());
    copy.operation_name = request.operation_name.clone();
    copy.extensions = request.extensions.clone();
    copy
}

/// Answers the operations of one request. Short lookups whose answer holds at most
/// [`INLINE_OBJECTS`] objects are answered on the async worker that received them; a lookup
/// that turns out bigger is given up there, answered in a lane, and sent to a lane from then
/// on. Everything else runs off the async workers: prepared in the light lane, and answered
/// there too unless one of the operations is heavy, when they move to the heavy lane (see
/// [`super::work`]); the request's timeout covers both.
async fn respond(
    state: &AppState,
    mut requests: Vec<Request>,
    batch: bool,
    response: ResponseType,
) -> Response {
    if let Some(documents) = inline_documents(state, &requests) {
        let copies: Vec<Request> = requests.iter().map(copy_of).collect();
        let kept: Vec<Arc<Kept>> = documents.iter().map(|(_, kept)| kept.clone()).collect();
        let operations = Operations {
            prepared: requests
                .into_iter()
                .zip(documents)
                .map(|(request, (document, kept))| Prepared::parsed(request, document, kept))
                .collect(),
            batch,
            response,
        };
        // Nothing stops this work but its budget, which bounds it. An answer over a limit
        // smaller than this one is refused in the lane, as any other.
        let objects = INLINE_OBJECTS.min(state.settings.limits.max_response_objects);
        let budget = Arc::new(Budget::new(Arc::new(Interrupt::new()), objects));
        let outcomes = operations.execute(state, &budget).await;
        if !budget.exceeded() {
            return write(state, &budget, batch, response, outcomes);
        }
        for kept in kept {
            kept.answered_too_big();
        }
        requests = copies;
    }
    let timeout = state.settings.limits.request_timeout;
    let deadline = tokio::time::Instant::now() + timeout;
    let first = state
        .workers
        .run(Weight::Light, timeout, {
            let state = state.clone();
            move |interrupt| {
                let prepared: Vec<Prepared> = requests
                    .into_iter()
                    .map(|request| Prepared::of(&state, request))
                    .collect();
                let operations = Operations {
                    prepared,
                    batch,
                    response,
                };
                if operations
                    .prepared
                    .iter()
                    .any(|p| p.weight() == Weight::Heavy)
                {
                    Step::Heavy(operations)
                } else {
                    Step::Answered(finish(operations.answer(&state, interrupt)))
                }
            }
        })
        .await;
    let answered = match first {
        Ok(Step::Answered(answer)) => Ok(answer),
        Ok(Step::Heavy(operations)) => {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let state = state.clone();
            let work = {
                let state = state.clone();
                move |interrupt| finish(operations.answer(&state, interrupt))
            };
            state.workers.run(Weight::Heavy, left, work).await
        }
        Err(refused) => Err(refused),
    };
    match answered {
        Ok(answer) => answer,
        Err(Refused::Busy) => busy(response),
        Err(Refused::TimedOut) => timed_out(state, response),
    }
}

/// The operations of a POST body: one request object, or an array of 1 to `max_batch`. An
/// error comes with its code: BAD_REQUEST, or LIMIT_EXCEEDED for a batch over `max_batch`.
fn batch_from_body(body: &[u8], max_batch: usize) -> Result<BatchRequest, (ErrorCode, String)> {
    let bad = |message: String| (ErrorCode::BadRequest, message);
    if body.trim_ascii().is_empty() {
        return Err(bad(
            "the body is empty; send a GraphQL request as a JSON object".into(),
        ));
    }
    let body: serde_json::Value = serde_json::from_slice(body)
        .map_err(|err| bad(format!("the body is not a GraphQL request: {err}")))?;
    let serde_json::Value::Array(entries) = body else {
        return graphql_request(body).map(BatchRequest::Single).map_err(bad);
    };
    if entries.is_empty() {
        return Err(bad("the batch is empty; send 1 or more operations".into()));
    }
    if entries.len() > max_batch {
        return Err((
            ErrorCode::LimitExceeded,
            format!(
                "a batch holds at most {max_batch} operations; this one has {}",
                entries.len()
            ),
        ));
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| graphql_request(entry).map_err(|e| bad(format!("batch entry {i}: {e}"))))
        .collect::<Result<_, _>>()
        .map(BatchRequest::Batch)
}

pub(super) async fn graphql_post(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(response) = negotiate(&headers) else {
        return not_acceptable();
    };
    if !is_json_body(&headers) {
        return request_error(
            ErrorCode::UnsupportedMediaType,
            response,
            "POST /graphql takes a JSON body with Content-Type: application/json",
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return request_error_with_status(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::LimitExceeded,
                response,
                format!(
                    "the body is larger than the limit of {} bytes",
                    state.settings.limits.max_body_bytes
                ),
            );
        }
        Err(rejection) if deadline::is_too_slow(&rejection) => {
            return request_error_with_status(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::LimitExceeded,
                response,
                format!(
                    "the body did not arrive whole within {} s of the request's headers",
                    state.settings.limits.body_timeout
                ),
            );
        }
        Err(rejection) => {
            return request_error(
                ErrorCode::BadRequest,
                response,
                format!("the body could not be read: {}", rejection.body_text()),
            );
        }
    };
    match batch_from_body(&body, state.settings.limits.max_batch) {
        Ok(BatchRequest::Single(request)) => respond(&state, vec![request], false, response).await,
        Ok(BatchRequest::Batch(requests)) => respond(&state, requests, true, response).await,
        Err((code, message)) => request_error(code, response, message),
    }
}

pub(super) async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    parameters: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let Some(response) = negotiate(&headers) else {
        return not_acceptable();
    };
    let request = match parameters
        .map_err(|rejection| rejection.body_text())
        .and_then(|Query(parameters)| graphql_request_from_url(parameters))
    {
        Ok(request) => request,
        Err(message) => {
            return request_error(
                ErrorCode::BadRequest,
                response,
                format!("bad GraphQL GET request: {message}"),
            );
        }
    };
    // The document is kept, so `prepare` does not parse it again.
    if is_mutation(&state, &request) {
        return method_not_allowed(
            response,
            "GET /graphql runs queries only; send mutations with POST",
        );
    }
    respond(&state, vec![request], false, response).await
}

#[cfg(test)]
mod tests {
    use async_graphql::{Name, Value, indexmap::IndexMap};
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Answers are written with sonic-rs (SIMD string escaping, where serde_json
        /// escapes byte by byte) and must read as serde_json would write them.
        #[test]
        fn answers_are_written_as_serde_json_writes_them(
            key in any::<String>(),
            text in prop_oneof![
                any::<String>(),
                Just("\0\u{1f}\"\\/\u{7f}\u{2028}é😀\n\t\r\u{8}\u{c}".to_owned()),
            ],
            integer in any::<i64>(),
            float in any::<f64>().prop_filter("finite", |f| f.is_finite()),
        ) {
            let data = Value::Object(IndexMap::from([
                (Name::new(&key), Value::String(text.clone())),
                (Name::new("n"), Value::from(integer)),
                (Name::new("x"), Value::from(float)),
                (Name::new("list"), Value::List(vec![Value::Null, Value::Boolean(true), Value::String(text.clone())])),
            ]));
            let mut error = ServerError::new(text, Some(async_graphql::Pos { line: 2, column: 7 }));
            error.path = vec![
                async_graphql::PathSegment::Field(key.clone()),
                async_graphql::PathSegment::Index(3),
            ];
            let mut response = async_graphql::Response::new(data).extension("note", Value::String(key));
            response.errors.push(error);
            let outcome = Outcome { response, executed: true };
            let ours = sonic_rs::to_vec(&outcome.body()).unwrap();
            prop_assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&outcome.body()).unwrap()
            );
        }
    }
}
