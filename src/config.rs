//! Every setting of the service and its default: the limits on what one request may cost and
//! the switches for what is exposed. The command line and the environment set them (`main.rs`);
//! everything else reads them from here, so a default is written once.

use std::time::Duration;

/// Every limit, with its default.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Deepest selection nesting.
    pub max_depth: usize,
    /// Highest complexity (each field costs 1, a page of a list its size times its items').
    pub max_complexity: usize,
    /// Most aliased fields in one query.
    pub max_aliases: usize,
    /// Most fields once fragments are expanded.
    pub max_fields: usize,
    /// Longest query text, in bytes.
    pub max_query_bytes: usize,
    /// Largest request body, in bytes (413 beyond).
    pub max_body_bytes: usize,
    /// Most operations in a batch.
    pub max_batch: usize,
    /// Longest time one request may take.
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 16,
            max_complexity: 20_000,
            max_aliases: 50,
            max_fields: 5_000,
            max_query_bytes: 32 * 1024,
            max_body_bytes: 256 * 1024,
            max_batch: 10,
            request_timeout: Duration::from_secs(10),
        }
    }
}

/// How the service is exposed.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The limits.
    pub limits: Limits,
    /// Origins allowed to call the API from a browser (CORS); empty allows none, `*` any.
    pub cors_origins: Vec<String>,
    /// Whether the schema can be introspected (the playground needs it).
    pub introspection: bool,
    /// Whether the playground is served at `/`.
    pub playground: bool,
    /// Whether the network explorer is served at `/explore`.
    pub explorer: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            limits: Limits::default(),
            cors_origins: Vec::new(),
            introspection: true,
            playground: true,
            explorer: true,
        }
    }
}
