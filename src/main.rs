//! The `collabgraph` command: serve the graph, check a seed, print the schemas.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use collabgraph::{api, bundled_seed_dir, load_graph, model, server};
use tracing_subscriber::EnvFilter;

/// A GraphQL knowledge graph of academic collaborations.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Settings for `serve`, which runs when no command is given.
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve GraphQL and the playground (the default command).
    Serve(ServeArgs),
    /// Check a seed file or directory; print every problem and exit non-zero if there are any.
    Check {
        /// The seed file or directory.
        path: PathBuf,
    },
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    Schema,
    /// Print the seed format's JSON Schema, as committed in seed/schema/.
    SeedSchema,
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Seed file or directory [default: the bundled seed/]
    #[arg(long, env = "COLLABGRAPH_SEED")]
    seed: Option<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "COLLABGRAPH_LISTEN", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "COLLABGRAPH_LOG_JSON")]
    log_json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { path }) => return check(&path),
        Some(Command::Schema) => {
            print!("{}", api::build_schema().sdl());
            Ok(())
        }
        Some(Command::SeedSchema) => {
            println!("{}", model::seed_json_schema());
            Ok(())
        }
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn check(path: &std::path::Path) -> ExitCode {
    match load_graph(path) {
        Ok(graph) => {
            println!(
                "{}: ok, {} nodes and {} relations",
                path.display(),
                graph.node_count(),
                graph.edge_count()
            );
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info"));
    if args.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let seed = args.seed.unwrap_or_else(bundled_seed_dir);
    let graph = load_graph(&seed).map_err(|report| {
        anyhow::anyhow!("the seed at {} is invalid:\n{report}", seed.display())
    })?;
    tracing::info!(seed = %seed.display(), nodes = graph.node_count(), relations = graph.edge_count(), "graph loaded");
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let address = listener.local_addr()?;
        println!("collabgraph is serving the GraphiQL playground at http://{address}/ (GraphQL at http://{address}/graphql)");
        axum::serve(listener, server::app(server::AppState::new(graph)))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("serving")?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// Resolves on Ctrl-C or SIGTERM; requests in flight then finish before the server stops.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c().await.ok();
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
