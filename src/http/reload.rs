//! Hot reload: read the seed again on SIGHUP (and, optionally, when its files change), check it,
//! and swap the new graph in whole. Requests in flight finish on the snapshot they started
//! with; an invalid seed is refused with its full report and the old graph keeps serving.

use std::{
    path::{Path, PathBuf},
    time::{Duration, SystemTime},
};

use super::AppState;
use crate::{seed::SeedReport, snapshot::load_graph_limited};

/// Loads the seed at `seed` and, if it is valid, makes it the graph every new request reads.
/// Loading runs on a blocking thread, so requests keep being answered meanwhile.
pub(crate) async fn reload(state: &AppState, seed: &Path) -> Result<(), SeedReport> {
    let path = seed.to_path_buf();
    let max_file_bytes = state.settings().limits.max_seed_file_bytes;
    // The new graph comes with its indexes built: it replaces one whose indexes were.
    let loaded = tokio::task::spawn_blocking(move || {
        load_graph_limited(&path, max_file_bytes).inspect(|graph| graph.warm())
    })
    .await
    .expect("the loader does not panic");
    match loaded {
        Ok(graph) => {
            tracing::info!(seed = %seed.display(), nodes = graph.node_count(), relations = graph.edge_count(), "seed reloaded");
            state.replace_graph(graph);
            state.metrics().reloaded(true);
            Ok(())
        }
        Err(report) => {
            tracing::error!(seed = %seed.display(), "seed reload refused, the previous graph keeps serving:\n{report}");
            state.metrics().reloaded(false);
            Err(report)
        }
    }
}

/// Reloads on every SIGHUP, for as long as the process runs.
#[cfg(unix)]
pub(crate) fn reload_on_sighup(
    state: AppState,
    seed: PathBuf,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    Ok(tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading the seed");
            let _ = reload(&state, &seed).await;
        }
    }))
}

/// Reloads whenever a seed file's modification time or the set of files changes, checking
/// every `interval`. Polling rather than inotify: it works on every file system (network and
/// container mounts included), costs one `stat` per file per interval, and needs no crate.
pub(crate) fn reload_on_change(
    state: AppState,
    seed: PathBuf,
    interval: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last = fingerprint(&seed);
        let mut ticks = tokio::time::interval(interval);
        ticks.tick().await;
        loop {
            ticks.tick().await;
            let now = fingerprint(&seed);
            if now != last {
                last = now;
                tracing::info!(seed = %seed.display(), "seed files changed: reloading");
                let _ = reload(&state, &seed).await;
            }
        }
    })
}

/// The seed's files and their modification times, in name order.
fn fingerprint(seed: &Path) -> Vec<(PathBuf, Option<SystemTime>)> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if seed.is_dir() {
        let mut files: Vec<(PathBuf, Option<SystemTime>)> = std::fs::read_dir(seed)
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .map(|p| {
                let time = modified(&p);
                (p, time)
            })
            .collect();
        files.sort();
        files
    } else {
        vec![(seed.to_path_buf(), modified(seed))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        config::{Limits, Settings},
        snapshot::load_graph,
    };

    fn write_seed(dir: &Path, institutions: &[&str]) {
        let list: Vec<String> = institutions
            .iter()
            .map(|id| format!(r#"{{"id": "{id}", "name": "{id} university", "kind": "university", "country": "KZ"}}"#))
            .collect();
        std::fs::write(
            dir.join("seed.json"),
            format!(r#"{{"version": 1, "institutions": [{}]}}"#, list.join(",")),
        )
        .unwrap();
    }

    #[tokio::test]
    async fn a_seed_file_over_the_size_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        write_seed(dir.path(), &["a"]);
        let settings = Settings {
            limits: Limits {
                max_seed_file_bytes: 4_096,
                ..Limits::default()
            },
            ..Settings::default()
        };
        let state = AppState::with_settings(load_graph(dir.path()).unwrap(), settings);
        // A stray file beside the seed, larger than the limit (and not JSON at all: it is
        // refused for its size, so it is never read).
        std::fs::write(dir.path().join("stray.json"), vec![b'x'; 8_192]).unwrap();
        let report = reload(&state, dir.path()).await.unwrap_err().to_string();
        assert!(report.contains("stray.json"), "{report}");
        assert!(
            report
                .contains("8192 bytes, more than the 4096 a seed file may (--max-seed-file-bytes)"),
            "{report}"
        );
        assert!(!report.contains("expected"), "not parsed: {report}");
        assert_eq!(state.graph().node_count(), 1, "the old graph keeps serving");
    }

    #[tokio::test]
    async fn a_valid_seed_replaces_the_graph_and_an_invalid_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write_seed(dir.path(), &["a"]);
        let state = AppState::new(load_graph(dir.path()).unwrap());
        let before = state.graph();

        write_seed(dir.path(), &["a", "b"]);
        reload(&state, dir.path()).await.unwrap();
        assert_eq!(state.graph().node_count(), 2);
        assert_eq!(
            before.node_count(),
            1,
            "a request holding the old snapshot still reads it"
        );

        std::fs::write(
            dir.path().join("seed.json"),
            "{\"version\": 1, \"institutions\": [{\"id\": \"c\"}]}",
        )
        .unwrap();
        let report = reload(&state, dir.path()).await.unwrap_err();
        assert!(
            report.to_string().contains("missing field `name`"),
            "{report}"
        );
        assert_eq!(state.graph().node_count(), 2, "the old graph keeps serving");
        let metrics = state.metrics().render();
        assert!(
            metrics.contains("collabgraph_reloads_total{result=\"ok\"} 1"),
            "{metrics}"
        );
        assert!(
            metrics.contains("collabgraph_reloads_total{result=\"rejected\"} 1"),
            "{metrics}"
        );
    }

    #[tokio::test]
    async fn file_changes_trigger_a_reload() {
        let dir = tempfile::tempdir().unwrap();
        write_seed(dir.path(), &["a"]);
        let state = AppState::new(load_graph(dir.path()).unwrap());
        let watcher = reload_on_change(
            state.clone(),
            dir.path().to_path_buf(),
            Duration::from_millis(20),
        );
        tokio::time::sleep(Duration::from_millis(60)).await;
        std::fs::write(dir.path().join("more.json"), r#"{"version": 1, "institutions": [{"id": "z", "name": "Z", "kind": "academy", "country": "CN"}]}"#).unwrap();
        let mut waited = 0;
        while state.graph().node_count() != 2 && waited < 100 {
            tokio::time::sleep(Duration::from_millis(20)).await;
            waited += 1;
        }
        watcher.abort();
        assert_eq!(state.graph().node_count(), 2);
    }
}
