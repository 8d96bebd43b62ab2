//! What a seed's problems are and where: kinds, JSON paths, the report printed for them, and
//! the line and column of a path in a file's text.

use std::{
    collections::HashSet,
    fmt,
    path::{Path, PathBuf},
};

/// What kind of problem a seed has; the code is printed with every problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file or directory could not be read.
    Io,
    /// The text is not JSON.
    Syntax,
    /// The seed format version is missing or not one this build reads.
    Version,
    /// A value has the wrong type or shape, or an unknown field.
    Type,
    /// A value has the right type but is not valid (a date, a country code, an empty name).
    InvalidValue,
    /// Two records of one type share an id.
    DuplicateId,
    /// A reference names no record of the type it needs.
    UnknownReference,
    /// An agreement has fewer than two distinct parties.
    TooFewParties,
    /// A signatory signs for an institution that is not a party.
    SignatoryNotParty,
    /// Parents (or broader topics) form a cycle.
    Cycle,
    /// Two dates are in the wrong order.
    DateOrder,
    /// A citation does not hold together: an inference without its reason, an editorial
    /// source said to state a fact, a fact for a field the record does not have, a locator
    /// that names no paragraph of the source's text.
    Citation,
    /// A quote is not in the text of the source it cites (or not in the paragraph its locator
    /// names).
    QuoteNotFound,
}

impl ProblemKind {
    /// A short, stable name for the kind.
    pub fn code(self) -> &'static str {
        match self {
            ProblemKind::Io => "io",
            ProblemKind::Syntax => "syntax",
            ProblemKind::Version => "version",
            ProblemKind::Type => "type",
            ProblemKind::InvalidValue => "invalid-value",
            ProblemKind::DuplicateId => "duplicate-id",
            ProblemKind::UnknownReference => "unknown-reference",
            ProblemKind::TooFewParties => "too-few-parties",
            ProblemKind::SignatoryNotParty => "signatory-not-party",
            ProblemKind::Cycle => "cycle",
            ProblemKind::DateOrder => "date-order",
            ProblemKind::Citation => "citation",
            ProblemKind::QuoteNotFound => "quote-not-found",
        }
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// An object member.
    Key(String),
    /// An array element.
    Index(usize),
}

/// A path from the document root to a value, printed as `$.agreements[0].parties[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(pub Vec<PathSegment>);

impl JsonPath {
    pub(super) fn key(&self, key: &str) -> JsonPath {
        let mut path = self.clone();
        path.0.push(PathSegment::Key(key.to_owned()));
        path
    }

    pub(super) fn index(&self, index: usize) -> JsonPath {
        let mut path = self.clone();
        path.0.push(PathSegment::Index(index));
        path
    }

    pub(super) fn join(&self, rest: &JsonPath) -> JsonPath {
        let mut path = self.clone();
        path.0.extend(rest.0.iter().cloned());
        path
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.0 {
            match segment {
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// One problem in a seed, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file it is in.
    pub file: PathBuf,
    /// Where in the file's JSON.
    pub path: JsonPath,
    /// 1-based line, 0 when the problem is about the whole file.
    pub line: usize,
    /// 1-based column (in characters), 0 when the problem is about the whole file.
    pub column: usize,
    /// What is wrong, and what would be right.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        write!(f, ": error[{}]", self.kind.code())?;
        if !self.path.0.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a seed, in file order; the error type of [`load`](super::load).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SeedReport {
    /// The problems.
    pub problems: Vec<Problem>,
}

impl SeedReport {
    /// Whether some problem is of `kind`.
    pub fn has(&self, kind: ProblemKind) -> bool {
        self.problems.iter().any(|p| p.kind == kind)
    }
}

impl fmt::Display for SeedReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let files: HashSet<&PathBuf> = self.problems.iter().map(|p| &p.file).collect();
        let n = self.problems.len();
        write!(
            f,
            "{n} problem{} in {} file{}",
            if n == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        )
    }
}

pub(super) fn file_problem(kind: ProblemKind, file: &Path, message: String) -> Problem {
    Problem {
        kind,
        file: file.to_path_buf(),
        path: JsonPath::default(),
        line: 0,
        column: 0,
        message,
    }
}

/// Whether a serde error is about the shape of the data rather than one value's content.
pub(super) fn is_shape_error(message: &str) -> bool {
    [
        "invalid type",
        "missing field",
        "unknown field",
        "unknown variant",
        "invalid length",
    ]
    .iter()
    .any(|m| message.starts_with(m))
}

/// serde_json's message without its " at line L column C" suffix.
pub(super) fn strip_position(err: &serde_json::Error) -> String {
    let message = err.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// The syntax tree of a file, with positions, for [`locate`]; None if it does not parse.
pub(super) fn parse_tree(text: &str) -> Option<jsonc_parser::ParseResult<'_>> {
    use jsonc_parser::{CollectOptions, ParseOptions};
    jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default()).ok()
}

/// The 1-based line and column (in characters) of the value at `path`, or of the deepest
/// value on the way to it that exists. Syntax errors carry their position in the message.
pub(super) fn locate(
    text: &str,
    parsed: &jsonc_parser::ParseResult<'_>,
    path: &JsonPath,
) -> (usize, usize) {
    use jsonc_parser::{ast, common::Ranged};

    let Some(mut value) = parsed.value.as_ref() else {
        return (0, 0);
    };
    let mut offset = value.start();
    for segment in &path.0 {
        let next = match (segment, value) {
            (PathSegment::Key(key), ast::Value::Object(object)) => object
                .properties
                .iter()
                .find(|p| p.name.as_str() == key)
                .map(|p| (p.range.start, &p.value)),
            (PathSegment::Index(i), ast::Value::Array(array)) => {
                array.elements.get(*i).map(|v| (v.start(), v))
            }
            _ => None,
        };
        match next {
            Some((start, next_value)) => {
                // Point at the value itself for leaves, at the member for containers.
                offset = match segment {
                    PathSegment::Key(_) => next_value.start(),
                    PathSegment::Index(_) => start,
                };
                value = next_value;
            }
            None => break,
        }
    }
    line_column(text, offset)
}

/// A syntax error's line and column, the column in characters and at least 1. serde_json counts
/// the column in bytes, and gives 0 for an error at the start of a line (input that ends there);
/// both would break the 1-based, in-characters promise of [`Problem::column`].
pub(super) fn syntax_position(text: &str, err: &serde_json::Error) -> (usize, usize) {
    let (line, byte_column) = (err.line().max(1), err.column());
    let line_text = text.split('\n').nth(line - 1).unwrap_or("");
    // The character holding the byte serde_json points at (its `byte_column`th, 1-based).
    let column = line_text
        .char_indices()
        .take_while(|&(start, _)| start < byte_column)
        .count();
    (line, column.max(1))
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::{
        load_texts,
        tests::{only, problems},
    };

    #[test]
    fn malformed_json_is_reported_with_its_position() {
        let report = problems("{\n  \"version\": 1,\n  \"institutions\": [\n}");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (4, 1), "{p}");
    }

    #[test]
    fn syntax_errors_are_placed_from_column_1_in_characters() {
        // Found by the seed_loader fuzz target: serde_json gives column 0 for an error at the
        // start of a line (here, the end of the input) and counts columns in bytes.
        let report = problems("");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (1, 1), "{p}");
        assert_eq!(
            p.to_string(),
            "seed.json:1:1: error[syntax]: EOF while parsing a value"
        );
        let report = problems("{\n");
        let p = only(&report, ProblemKind::Syntax);
        assert_eq!((p.line, p.column), (2, 1), "{p}");
        let text = "{\"version\": 1, \"sources\": [\"Аль-Фараби\" x]}";
        let report = problems(text);
        let p = only(&report, ProblemKind::Syntax);
        let x = text.chars().position(|c| c == 'x').unwrap() + 1;
        assert_eq!((p.line, p.column), (1, x), "{p}");
    }

    #[test]
    fn a_bad_qualified_date_is_placed_at_the_date() {
        let lab = r#"{"version": 1, "labs": [{"id": "lab", "name": "A lab", "kind": "laboratory",
            "status": "planned", "opened": {"date": "2023-13", "qualifier": "circa"}}]}"#;
        let report = load_texts(&[("lab.json", lab)]).unwrap_err();
        let p = only(&report, ProblemKind::InvalidValue);
        assert_eq!(p.path.to_string(), "$.labs[0].opened.date");
        assert_eq!((p.line, p.column), (2, 53), "{p}");
        assert!(p.message.contains("month 13"), "{p}");
    }
}
