//! Serving the routes: the listener and its connections, the reloads, graceful shutdown, and the
//! log set-up of the binary. The binary serves through [`serve`]; the tests start the same
//! [`Server`] on port 0.

use std::{
    future::Future, io, io::IsTerminal as _, net::SocketAddr, path::PathBuf, time::Duration,
};

use tokio::net::TcpListener;
use tracing_subscriber::EnvFilter;

use super::{
    AppState, app,
    connections::{self, ConnectionLimits},
    reload,
};
use crate::config::Settings;

/// What a server does besides answering requests.
#[derive(Clone, Debug, Default)]
pub struct ServeOptions {
    /// The seed to read again on SIGHUP (on Unix) and, with `watch`, when its files change;
    /// none for a graph that was not read from files.
    pub reload_from: Option<PathBuf>,
    /// How often to look at the seed's files for changes; none to reload on SIGHUP only.
    pub watch: Option<Duration>,
}

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {address}")]
    Bind {
        address: SocketAddr,
        #[source]
        source: io::Error,
    },
    /// A signal handler could not be installed.
    #[error("listening for {signals}")]
    Signals {
        signals: &'static str,
        #[source]
        source: io::Error,
    },
    /// Accepting or serving connections failed.
    #[error("serving")]
    Serve(#[source] io::Error),
}

/// A bound listener and the state it serves; [`Server::run`] answers on it.
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    state: AppState,
}

impl Server {
    /// Binds `address` (port 0 for any free one) for `state`, and starts the reloads `options`
    /// asks for. Call it within a Tokio runtime.
    pub async fn bind(
        address: SocketAddr,
        state: AppState,
        options: ServeOptions,
    ) -> Result<Server, ServeError> {
        let bind_error = |source| ServeError::Bind { address, source };
        let listener = TcpListener::bind(address).await.map_err(bind_error)?;
        let address = listener.local_addr().map_err(bind_error)?;
        if let Some(seed) = options.reload_from {
            #[cfg(unix)]
            reload::reload_on_sighup(state.clone(), seed.clone()).map_err(|source| {
                ServeError::Signals {
                    signals: "SIGHUP",
                    source,
                }
            })?;
            if let Some(interval) = options.watch {
                reload::reload_on_change(state.clone(), seed, interval);
            }
        }
        Ok(Server {
            listener,
            address,
            state,
        })
    }

    /// The address the server listens on (with the port chosen, when 0 was asked for).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// Serves until `shutdown` resolves, then marks the state as stopping (so /readyz answers
    /// 503) and lets the requests in flight finish.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), ServeError> {
        let settings = &self.state.settings().limits;
        let limits = ConnectionLimits {
            header_timeout: Duration::from_secs(settings.header_timeout),
            stall_timeout: Duration::from_secs(settings.stall_timeout),
            max_connections: settings.max_connections,
        };
        let stopping = self.state.clone();
        connections::serve(self.listener, app(self.state), limits, async move {
            shutdown.await;
            stopping.stopping();
        })
        .await;
        Ok(())
    }
}

/// What `collabgraph serve` does once the graph is loaded: binds `address`, starts the reloads,
/// prints where it serves, and serves until Ctrl-C or SIGTERM, letting requests in flight
/// finish.
pub async fn serve(
    state: AppState,
    address: SocketAddr,
    options: ServeOptions,
) -> Result<(), ServeError> {
    let server = Server::bind(address, state, options).await?;
    // Answering starts now; the indexes built on first use are built meanwhile, not in
    // the way of the first request that needs one.
    let graph = server.state.graph();
    tokio::task::spawn_blocking(move || graph.warm());
    let banner = served_urls(server.state.settings(), server.local_addr());
    let shutdown = shutdown_signal().map_err(|source| ServeError::Signals {
        signals: "SIGTERM and Ctrl-C",
        source,
    })?;
    println!("collabgraph is serving {banner}");
    server.run(shutdown).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Logs to standard output, as JSON lines or as text, at the level `RUST_LOG` sets (`info` by
/// default).
pub fn init_tracing(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    if json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        // Colours only for a terminal: in a file or a log collector the escape codes are noise,
        // and writing them into each request's span was a measurable share of the cost of a
        // small query at the default level.
        tracing_subscriber::fmt()
            .with_ansi(std::io::stdout().is_terminal())
            .with_env_filter(filter)
            .init();
    }
}

/// What the server offers and where, the playground first (its URL is the one to open).
fn served_urls(settings: &Settings, address: SocketAddr) -> String {
    let mut offered = Vec::new();
    if settings.playground {
        offered.push(format!("the GraphiQL playground at http://{address}/"));
    }
    if settings.explorer {
        offered.push(format!("the network explorer at http://{address}/explore"));
    }
    offered.push(format!("GraphQL at http://{address}/graphql"));
    offered.join(", ")
}

/// Resolves on Ctrl-C or SIGTERM; requests in flight then finish before the server stops.
/// On Unix the signals are caught from the call on, not from the first poll: one that comes
/// between the "serving" line and the server's first turn must stop it gracefully, not kill it.
/// (Elsewhere Ctrl-C is caught from the first poll.)
fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    #[cfg(unix)]
    let (mut interrupt, mut terminate) = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::interrupt())?,
            signal(SignalKind::terminate())?,
        )
    };
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        #[cfg(not(unix))]
        tokio::signal::ctrl_c().await.ok();
        tracing::info!("shutting down: finishing requests in flight");
    })
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;

    use super::*;

    #[tokio::test]
    async fn a_server_on_port_0_serves_until_shutdown_and_then_is_not_ready() {
        let state = AppState::new(crate::graph::tests::bundled());
        let server = Server::bind(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            state.clone(),
            ServeOptions::default(),
        )
        .await
        .unwrap();
        let address = server.local_addr();
        assert_ne!(address.port(), 0, "the port chosen is the one told");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let running = tokio::spawn(server.run(async {
            stopped.await.ok();
        }));
        tokio::net::TcpStream::connect(address).await.unwrap();
        assert!(state.ready.load(Ordering::Relaxed));
        stop.send(()).unwrap();
        running.await.unwrap().unwrap();
        assert!(
            !state.ready.load(Ordering::Relaxed),
            "/readyz says stopping"
        );
    }

    #[test]
    fn the_banner_names_the_playground_first_and_only_what_is_served() {
        let address = SocketAddr::from(([127, 0, 0, 1], 8080));
        assert_eq!(
            served_urls(&Settings::default(), address),
            "the GraphiQL playground at http://127.0.0.1:8080/, the network explorer at \
             http://127.0.0.1:8080/explore, GraphQL at http://127.0.0.1:8080/graphql"
        );
        let bare = Settings {
            playground: false,
            explorer: false,
            ..Settings::default()
        };
        assert_eq!(
            served_urls(&bare, address),
            "GraphQL at http://127.0.0.1:8080/graphql"
        );
    }
}
