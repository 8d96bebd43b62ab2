//! The `collabgraph` command: serve the graph, check or migrate a seed, print the schemas.

use std::{net::SocketAddr, path::PathBuf, process::ExitCode, time::Duration};

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use collabgraph::{
    api, bundled_seed_dir, config::SettingsArgs, generate, http, load_graph_limited,
    load_graph_with, model,
};

/// mimalloc rather than glibc's malloc. Loading a large seed makes and frees millions of small
/// records and strings on two threads, and answering a query allocates many small short-lived
/// objects (async-graphql's values and futures): glibc's malloc was a large share of the
/// server's time on the HTTP mix. Set in the binary only, so that the library's tests and the
/// fuzz targets keep the system allocator (and its sanitizers).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Serve(Box<ServeArgs>),
    /// Check a seed file or directory; print every problem and exit non-zero if there are any.
    Check {
        /// The seed file or directory.
        path: PathBuf,
        /// A local copy of a source's text, as SOURCE-ID=PATH, against which that source's
        /// quotes and paragraph locators are checked (as a source's own `text` is). Repeatable.
        #[arg(long = "source-text", value_name = "SOURCE-ID=PATH", value_parser = source_text)]
        source_texts: Vec<(String, PathBuf)>,
        /// Largest seed file read, in bytes, as `serve` takes it: a larger one is refused
        /// before it is read.
        #[arg(long, env = "COLLABGRAPH_MAX_SEED_FILE_BYTES", default_value_t = collabgraph::seed::LoadOptions::default().max_file_bytes)]
        max_seed_file_bytes: u64,
    },
    /// Rewrite a seed of an older format version as the current one, after checking it. Only
    /// the `version` number changes (version 2 only added to version 1); the layout is kept.
    Migrate {
        /// The seed file or directory to read.
        path: PathBuf,
        /// Where to write it: a file for a file, a directory for a directory (made if missing).
        /// May be the seed itself.
        out: PathBuf,
    },
    /// Print the GraphQL schema (SDL), as committed in schema.graphql.
    Schema,
    /// Print the seed format's JSON Schema, as committed in seed/schema/.
    SeedSchema,
    /// Write a registry's records as a seed file that `check` accepts and `serve` serves
    /// beside others; print what the seed format could not hold, counted.
    Import {
        #[command(subcommand)]
        registry: Registry,
    },
    /// Propose, for each curated institution of a seed, the registry record it is (a seed
    /// holding both, such as a directory with the curated files and an import): a unique
    /// match with its score, or the candidates when several score alike. It changes nothing:
    /// link one by adding its ROR id to the curated record.
    Reconcile {
        /// The seed file or directory.
        path: PathBuf,
    },
    /// Write a realistic generated seed (for benchmarks and demos); the same seed gives the
    /// same bytes. With `--registries`, write registry-shaped input instead.
    Generate {
        /// How many institutions; people, agreements, labs and sources scale with it. With
        /// `--registries`, how many ROR organisations.
        #[arg(long, default_value_t = 1000)]
        institutions: u32,
        /// The random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many works (publications) by their people, linking their institutions by
        /// co-publication; none unless given.
        #[arg(long, default_value_t = 0)]
        works: u32,
        /// Where to write it; `-` for standard output. With `--registries`, a directory.
        #[arg(long, default_value = "-")]
        out: PathBuf,
        /// Write what registries publish instead of a seed, into the `--out` directory:
        /// `ror.jsonl` (ROR v2.1 records), `openalex-institutions.jsonl` and
        /// `openalex-works.jsonl.gz` (OpenAlex records), for measuring imports at scale.
        #[arg(long)]
        registries: bool,
    },
}

/// The registries `import` reads.
#[derive(Subcommand)]
enum Registry {
    /// Research Organization Registry v2 records: the data dump's zip, a JSON array, or JSON
    /// Lines. Each becomes institution `ror-<id>`, every fact cited to its record and release.
    Ror {
        /// The records.
        path: PathBuf,
        /// Where to write the seed file (a `.json` file; put it in a seed directory to serve
        /// it beside other seed files).
        #[arg(long)]
        out: PathBuf,
        /// The ROR release the records come from, such as `v2.9` (for their citations).
        #[arg(long)]
        release: Option<String>,
        /// A TSV of each record's release (ROR id, then release, after a header), as the
        /// ror-records repository's index gives; it overrides `--release`.
        #[arg(long, value_name = "TSV")]
        release_index: Option<PathBuf>,
    },
    /// OpenAlex records of institutions (`I…`), works (`W…`) and authors (`A…`): the
    /// snapshot's JSON Lines, API responses, JSON arrays or single records, gzipped or not.
    /// Each becomes `openalex-<id>`: a work with its authorships, the people it names and
    /// their institutions, every fact cited to its record. An institution naming a ROR id
    /// is one with the record that holds that id when served beside it.
    Openalex {
        /// The files of records (any number; a snapshot's parts, an API response...).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Where to write the seed file (a `.json` file; put it in a seed directory to serve
        /// it beside other seed files).
        #[arg(long)]
        out: PathBuf,
        /// The snapshot the records come from, such as `2025-06-01` (for their source).
        #[arg(long)]
        release: Option<String>,
    },
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
    /// Also reload the seed when its files change (checked every second); SIGHUP always reloads.
    #[arg(long, env = "COLLABGRAPH_WATCH")]
    watch: bool,
    #[command(flatten)]
    settings: SettingsArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check {
            path,
            source_texts,
            max_seed_file_bytes,
        }) => {
            let options = collabgraph::seed::LoadOptions {
                source_texts,
                max_file_bytes: max_seed_file_bytes,
            };
            return check(&path, &options);
        }
        Some(Command::Migrate { path, out }) => migrate(&path, &out),
        Some(Command::Schema) => {
            print!("{}", api::build_schema().sdl());
            Ok(())
        }
        Some(Command::SeedSchema) => {
            println!("{}", model::seed_json_schema());
            Ok(())
        }
        Some(Command::Generate {
            institutions,
            seed,
            works,
            out,
            registries: true,
        }) => generate_registries(
            generate::registries::Options {
                institutions,
                works,
                seed,
            },
            &out,
        ),
        Some(Command::Generate {
            institutions,
            seed,
            works,
            out,
            registries: false,
        }) => generate(
            generate::Options {
                institutions,
                seed,
                works,
            },
            &out,
        ),
        Some(Command::Import { registry }) => import(registry),
        Some(Command::Reconcile { path }) => reconcile(&path),
        Some(Command::Serve(args)) => serve(*args),
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

/// A `--source-text` argument: the source's id and the path of its text.
fn source_text(arg: &str) -> Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((id, path)) if !id.is_empty() && !path.is_empty() => {
            Ok((id.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!(
            "\"{arg}\" is not SOURCE-ID=PATH, such as kaznu-press-2023-05-19=release.txt"
        )),
    }
}

fn check(path: &std::path::Path, options: &collabgraph::seed::LoadOptions) -> ExitCode {
    match load_graph_with(path, options) {
        Ok(graph) => {
            println!(
                "{}: ok, {} nodes and {} relations",
                path.display(),
                graph.node_count(),
                graph.edge_count()
            );
            // The process ends here: the OS takes the memory back at once, where dropping a
            // large graph (over a gigabyte in millions of small allocations) took seconds.
            std::mem::forget(graph);
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprintln!("{report}");
            ExitCode::FAILURE
        }
    }
}

fn import(registry: Registry) -> anyhow::Result<()> {
    use collabgraph::import::{openalex, ror};
    // What was imported, said once the written seed is checked, with its relations.
    let (out, summary, not_kept) = match registry {
        Registry::Ror {
            path,
            out,
            release,
            release_index,
        } => {
            let by_record = match &release_index {
                Some(index) => ror::Releases::read_index(index)?,
                None => Default::default(),
            };
            let records = ror::read(&path)?;
            let read = records.len();
            let imported = ror::import(&records, &ror::Releases { release, by_record });
            drop(records);
            imported.write(&out)?;
            let summary = format!(
                "{}: {} institutions from {read} records of {}",
                out.display(),
                imported.institutions(),
                path.display(),
            );
            (out, summary, imported.not_kept)
        }
        Registry::Openalex {
            paths,
            out,
            release,
        } => {
            let imported = openalex::import(&paths, &openalex::Options { release })?;
            imported.write(&out)?;
            let summary = format!(
                "{}: {} institutions, {} people and {} works from {} records in {} files",
                out.display(),
                imported.institutions(),
                imported.people(),
                imported.works(),
                imported.records(),
                paths.len(),
            );
            (out, summary, imported.not_kept)
        }
    };
    // What was written must be a seed `check` accepts; say so now rather than at `serve`. A
    // seed over serve's default size limit is checked all the same, with a word on the limit.
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    let options = collabgraph::seed::LoadOptions {
        max_file_bytes: size.max(collabgraph::config::DEFAULT_MAX_SEED_FILE_BYTES),
        ..Default::default()
    };
    let graph = load_graph_with(&out, &options)
        .map_err(|report| anyhow::anyhow!("the written seed does not check:\n{report}"))?;
    eprintln!("{summary} ({} relations)", graph.edge_count());
    // The process ends soon: the OS takes the memory back at once (see `check`).
    std::mem::forget(graph);
    if size > collabgraph::config::DEFAULT_MAX_SEED_FILE_BYTES {
        eprintln!(
            "{} is {size} bytes: serve it with --max-seed-file-bytes {size} or more",
            out.display()
        );
    }
    if not_kept.is_empty() {
        eprintln!("everything was kept");
    } else {
        eprintln!("not kept, by what:");
        for (what, n) in not_kept.iter() {
            eprintln!("  {n:>7}  {what}");
        }
    }
    Ok(())
}

fn reconcile(path: &std::path::Path) -> anyhow::Result<()> {
    use collabgraph::import::reconcile;
    let graph = load_graph_with(path, &Default::default()).map_err(|report| {
        anyhow::anyhow!("the seed at {} does not check:\n{report}", path.display())
    })?;
    let proposals = reconcile::reconcile(&graph);
    print!("{}", reconcile::report(&graph, &proposals));
    std::mem::forget(graph);
    Ok(())
}

fn migrate(path: &std::path::Path, out: &std::path::Path) -> anyhow::Result<()> {
    let migrated = collabgraph::seed::migrate(path).map_err(|report| {
        anyhow::anyhow!("the seed at {} is not migrated:\n{report}", path.display())
    })?;
    let into_dir = path.is_dir();
    if into_dir {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    }
    for file in &migrated {
        let target = match file.file.file_name() {
            Some(name) if into_dir => out.join(name),
            _ => out.to_path_buf(),
        };
        std::fs::write(&target, &file.text)
            .with_context(|| format!("cannot write {}", target.display()))?;
        eprintln!(
            "{}: version {} -> {}",
            target.display(),
            file.from,
            model::SEED_FORMAT_VERSION
        );
    }
    Ok(())
}

fn generate(options: generate::Options, out: &std::path::Path) -> anyhow::Result<()> {
    let counts = if out == std::path::Path::new("-") {
        generate::write_seed(options, std::io::stdout().lock())
    } else {
        let file = std::fs::File::create(out)
            .with_context(|| format!("cannot create {}", out.display()))?;
        generate::write_seed(options, file)
    }
    .context("writing the generated seed")?;
    eprintln!(
        "generated {} institutions, {} people, {} agreements, {} labs, {} sources, {} events, {} works",
        counts.institutions,
        counts.people,
        counts.agreements,
        counts.labs,
        counts.sources,
        counts.events,
        counts.works
    );
    Ok(())
}

fn generate_registries(
    options: generate::registries::Options,
    out: &std::path::Path,
) -> anyhow::Result<()> {
    if out == std::path::Path::new("-") {
        anyhow::bail!("--registries writes three files: give --out a directory");
    }
    let counts = generate::registries::write_registries(options, out)
        .with_context(|| format!("writing the registries into {}", out.display()))?;
    let file = |name: &str| out.join(name).display().to_string();
    eprintln!(
        "{}: {} ROR records ({} not active, {} relationships listed)",
        file(generate::registries::ROR_FILE),
        counts.ror_records,
        counts.not_active,
        counts.relationships
    );
    eprintln!(
        "{}: {} works, {} authorships by {} authors, {} international, {} large collaborations (at most {} authors)",
        file(generate::registries::OPENALEX_WORKS_FILE),
        counts.works,
        counts.authorships,
        counts.authors,
        counts.international_works,
        counts.large_collaborations,
        counts.most_authors
    );
    eprintln!(
        "{}: {} OpenAlex institutions",
        file(generate::registries::OPENALEX_INSTITUTIONS_FILE),
        counts.openalex_institutions
    );
    Ok(())
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    http::init_tracing(args.log_json);
    let settings = args.settings.settings()?;
    let seed = args.seed.clone().unwrap_or_else(bundled_seed_dir);
    let graph =
        load_graph_limited(&seed, settings.limits.max_seed_file_bytes).map_err(|report| {
            anyhow::anyhow!("the seed at {} is invalid:\n{report}", seed.display())
        })?;
    tracing::info!(seed = %seed.display(), nodes = graph.node_count(), relations = graph.edge_count(), "graph loaded");
    let options = http::ServeOptions {
        reload_from: Some(seed),
        watch: args.watch.then_some(Duration::from_secs(1)),
    };
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async move {
        let state = http::AppState::with_settings(graph, settings);
        http::serve(state, args.listen, options).await
    })?;
    Ok(())
}
