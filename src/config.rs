//! Every setting of the service and its default: the limits on what one request may cost and
//! the switches for what is exposed. The command line and the environment set them through
//! [`SettingsArgs`] (clap reads each default from here), and everything else reads them from
//! here, so a default is written once.

use std::time::Duration;

/// The largest seed file read unless `--max-seed-file-bytes` says otherwise: the 100,000-
/// institution generated seed is about half of it; larger seeds can be split into files.
pub const DEFAULT_MAX_SEED_FILE_BYTES: u64 = 1 << 30;

/// Limits on what one request may cost, with their defaults, which are safe for a public
/// service. Each field's doc is its `--help` line.
#[derive(Debug, Clone, PartialEq, clap::Args)]
pub struct Limits {
    /// Deepest selection nesting.
    #[arg(long, env = "COLLABGRAPH_MAX_DEPTH", default_value_t = Limits::default().max_depth)]
    pub max_depth: usize,
    /// Highest query complexity (each field costs 1, a page of a list its size times its items').
    #[arg(long, env = "COLLABGRAPH_MAX_COMPLEXITY", default_value_t = Limits::default().max_complexity)]
    pub max_complexity: usize,
    /// Most aliased fields in one query.
    #[arg(long, env = "COLLABGRAPH_MAX_ALIASES", default_value_t = Limits::default().max_aliases)]
    pub max_aliases: usize,
    /// Most fields in one query once its fragments are expanded.
    #[arg(long, env = "COLLABGRAPH_MAX_FIELDS", default_value_t = Limits::default().max_fields)]
    pub max_fields: usize,
    /// Longest query text, in bytes.
    #[arg(long, env = "COLLABGRAPH_MAX_QUERY_BYTES", default_value_t = Limits::default().max_query_bytes)]
    pub max_query_bytes: usize,
    // A body over it is answered with a 413.
    /// Largest request body, in bytes.
    #[arg(long, env = "COLLABGRAPH_MAX_BODY_BYTES", default_value_t = Limits::default().max_body_bytes)]
    pub max_body_bytes: usize,
    /// Most operations in one batched request.
    #[arg(long, env = "COLLABGRAPH_MAX_BATCH", default_value_t = Limits::default().max_batch)]
    pub max_batch: usize,
    /// Most objects in one answer (a batch's answers together); past it the request is refused.
    #[arg(long, env = "COLLABGRAPH_MAX_RESPONSE_OBJECTS", default_value_t = Limits::default().max_response_objects)]
    pub max_response_objects: usize,
    /// Most bytes in one answer (a batch's answers together); past it the request is refused.
    #[arg(long, env = "COLLABGRAPH_MAX_RESPONSE_BYTES", default_value_t = Limits::default().max_response_bytes)]
    pub max_response_bytes: usize,
    /// Light requests (lookups, search, counts) that run at once.
    #[arg(long, env = "COLLABGRAPH_LIGHT_REQUESTS", default_value_t = Limits::default().light_requests)]
    pub light_requests: usize,
    /// Heavy requests (lists, views, measures, paths, exports) that run at once.
    #[arg(long, env = "COLLABGRAPH_HEAVY_REQUESTS", default_value_t = Limits::default().heavy_requests)]
    pub heavy_requests: usize,
    /// Requests of each kind that may wait for a turn; past it a request is refused as BUSY.
    #[arg(long, env = "COLLABGRAPH_QUEUED_REQUESTS", default_value_t = Limits::default().queued_requests)]
    pub queued_requests: usize,
    /// Seconds a connection may take to send a request's headers, and may stay open idle
    /// between requests.
    #[arg(long, env = "COLLABGRAPH_HEADER_TIMEOUT", default_value_t = Limits::default().header_timeout, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout: u64,
    /// Seconds a client may take to send a request's body, from its headers to its last byte
    /// however steadily it comes.
    #[arg(long, env = "COLLABGRAPH_BODY_TIMEOUT", default_value_t = Limits::default().body_timeout, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,
    /// Seconds an answer or an export waits for a client that stopped reading before the
    /// connection is dropped.
    #[arg(long, env = "COLLABGRAPH_STALL_TIMEOUT", default_value_t = Limits::default().stall_timeout, value_parser = clap::value_parser!(u64).range(1..))]
    pub stall_timeout: u64,
    /// Most connections open at once (kept below the open-file limit); past it the oldest idle
    /// one is closed for a new one.
    #[arg(long, env = "COLLABGRAPH_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub max_connections: usize,
    /// Largest seed file read at start-up or on a reload, in bytes; a larger one is refused
    /// before it is read.
    #[arg(long, env = "COLLABGRAPH_MAX_SEED_FILE_BYTES", default_value_t = Limits::default().max_seed_file_bytes)]
    pub max_seed_file_bytes: u64,
    /// Longest time one request may take. Given in seconds on the command line, where
    /// [`SettingsArgs`] checks it.
    #[arg(skip = Limits::default().request_timeout)]
    pub request_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        // More light requests than cores keeps a core busy while another thread is between
        // requests; heavy ones, one a core, so that they cannot take the light ones' time.
        // Asked once: clap asks for a default of each field, and the answer reads cgroup files.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores =
            *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from));
        Limits {
            max_depth: 16,
            max_complexity: 20_000,
            max_aliases: 50,
            max_fields: 5_000,
            max_query_bytes: 32 * 1024,
            max_body_bytes: 256 * 1024,
            max_batch: 10,
            // The largest view a request may build (20,000 nodes with their attributes, and
            // their edges) fits; an answer this size is tens of megabytes in memory.
            max_response_objects: 250_000,
            max_response_bytes: 64 * 1024 * 1024,
            light_requests: 2 * cores,
            heavy_requests: cores,
            queued_requests: 256,
            header_timeout: 10,
            body_timeout: 30,
            stall_timeout: 30,
            max_connections: 2_048,
            max_seed_file_bytes: DEFAULT_MAX_SEED_FILE_BYTES,
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

/// [`Settings`] as the command line and the environment give them; [`SettingsArgs::settings`]
/// turns them into the settings. The switches are on by default, so their flags turn them off.
#[derive(Debug, Clone, clap::Args)]
pub struct SettingsArgs {
    /// Origins allowed to call the API from browsers (CORS), comma-separated; `*` for any.
    #[arg(long, env = "COLLABGRAPH_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Turn off schema introspection (the playground needs it).
    #[arg(long, env = "COLLABGRAPH_NO_INTROSPECTION")]
    no_introspection: bool,
    /// Do not serve the playground at /.
    #[arg(long, env = "COLLABGRAPH_NO_PLAYGROUND")]
    no_playground: bool,
    /// Do not serve the network explorer at /explore.
    #[arg(long, env = "COLLABGRAPH_NO_EXPLORER")]
    no_explorer: bool,
    #[command(flatten)]
    limits: Limits,
    // Read as a number and checked in `settings`, so that a bad one gets the message below.
    /// Longest a request may take, in seconds.
    #[arg(long, env = "COLLABGRAPH_REQUEST_TIMEOUT", default_value_t = Limits::default().request_timeout.as_secs_f64())]
    request_timeout: f64,
}

/// A setting the command line or the environment gave that cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// The request timeout is zero, negative or not a number.
    #[error("--request-timeout must be a positive number of seconds")]
    RequestTimeout,
}

impl SettingsArgs {
    /// The settings these arguments give.
    pub fn settings(&self) -> Result<Settings, SettingsError> {
        let timeout = self.request_timeout;
        if !(timeout.is_finite() && timeout > 0.0) {
            return Err(SettingsError::RequestTimeout);
        }
        Ok(Settings {
            limits: Limits {
                request_timeout: Duration::from_secs_f64(timeout),
                ..self.limits.clone()
            },
            cors_origins: self.cors_origins.clone(),
            introspection: !self.no_introspection,
            playground: !self.no_playground,
            explorer: !self.no_explorer,
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        settings: SettingsArgs,
    }

    fn settings(args: &[&str]) -> Result<Settings, SettingsError> {
        let args = std::iter::once("collabgraph").chain(args.iter().copied());
        Command::try_parse_from(args).unwrap().settings.settings()
    }

    #[test]
    fn no_arguments_give_the_default_settings() {
        // Unless the environment sets some: this test runs without COLLABGRAPH_ variables.
        if std::env::vars().any(|(name, _)| name.starts_with("COLLABGRAPH_")) {
            return;
        }
        assert_eq!(settings(&[]), Ok(Settings::default()));
    }

    #[test]
    fn each_flag_sets_its_setting() {
        let set = settings(&[
            "--cors-origins=https://a.example,https://b.example",
            "--no-introspection",
            "--no-playground",
            "--no-explorer",
            "--max-depth=1",
            "--max-complexity=2",
            "--max-aliases=3",
            "--max-fields=4",
            "--max-query-bytes=5",
            "--max-body-bytes=6",
            "--max-batch=7",
            "--max-response-objects=8",
            "--max-response-bytes=9",
            "--light-requests=10",
            "--heavy-requests=11",
            "--queued-requests=12",
            "--header-timeout=13",
            "--body-timeout=14",
            "--stall-timeout=15",
            "--max-connections=16",
            "--max-seed-file-bytes=17",
            "--request-timeout=0.5",
        ]);
        assert_eq!(
            set,
            Ok(Settings {
                limits: Limits {
                    max_depth: 1,
                    max_complexity: 2,
                    max_aliases: 3,
                    max_fields: 4,
                    max_query_bytes: 5,
                    max_body_bytes: 6,
                    max_batch: 7,
                    max_response_objects: 8,
                    max_response_bytes: 9,
                    light_requests: 10,
                    heavy_requests: 11,
                    queued_requests: 12,
                    header_timeout: 13,
                    body_timeout: 14,
                    stall_timeout: 15,
                    max_connections: 16,
                    max_seed_file_bytes: 17,
                    request_timeout: Duration::from_millis(500),
                },
                cors_origins: vec!["https://a.example".into(), "https://b.example".into()],
                introspection: false,
                playground: false,
                explorer: false,
            })
        );
    }

    #[test]
    fn connection_timeouts_and_the_connection_cap_must_be_positive() {
        for flag in [
            "--header-timeout",
            "--body-timeout",
            "--stall-timeout",
            "--max-connections",
        ] {
            let zero = format!("{flag}=0");
            assert!(
                Command::try_parse_from(["collabgraph", zero.as_str()]).is_err(),
                "{flag}"
            );
        }
    }

    #[test]
    fn a_request_timeout_must_be_a_positive_number() {
        for bad in ["0", "-1", "NaN", "inf"] {
            assert_eq!(
                settings(&[&format!("--request-timeout={bad}")]),
                Err(SettingsError::RequestTimeout),
                "{bad}"
            );
        }
    }
}
