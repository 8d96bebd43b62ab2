//! Builds the front end (web/: the network explorer and the GraphiQL playground) with npm and
//! Vite, and writes `$OUT_DIR/web_assets.rs`, a table of the built files that `src/web.rs`
//! embeds with `include_bytes!`, so the binary serves every script, style and font itself.
//!
//! - `npm ci` runs only when `web/node_modules` is missing or older than `package-lock.json`;
//!   `npm run build` then writes the bundle to `$OUT_DIR/web-dist`.
//! - `COLLABGRAPH_WEB_DIST=<dir>` uses a bundle built elsewhere (`npm run build` in web/ makes
//!   `web/dist`) and skips npm altogether, for machines without Node.js.
//! - Without npm the build stops with a message saying what to install.

use std::{
    env, fs,
    path::{Path, PathBuf},
    process::Command,
    time::SystemTime,
};

/// Files and directories under web/ the bundle is built from: a change to any reruns the build.
const WEB_INPUTS: &[&str] = &[
    "package.json",
    "package-lock.json",
    "vite.config.js",
    "playground.html",
    "explore.html",
    "src",
];

fn main() {
    let manifest_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo"));
    let web = manifest_dir.join("web");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=COLLABGRAPH_WEB_DIST");
    for input in WEB_INPUTS {
        println!("cargo:rerun-if-changed={}", web.join(input).display());
    }

    let dist = match env::var_os("COLLABGRAPH_WEB_DIST") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            println!("cargo:rerun-if-changed={}", dir.display());
            if !dir.join("playground.html").is_file() || !dir.join("explore.html").is_file() {
                fail(&format!(
                    "COLLABGRAPH_WEB_DIST={} holds no built front end (playground.html and \
                     explore.html are missing); build one with `npm ci && npm run build` in web/, \
                     which writes web/dist",
                    dir.display()
                ));
            }
            dir
        }
        _ => build_with_npm(&web, &out_dir.join("web-dist")),
    };
    write_asset_table(&dist, &out_dir.join("web_assets.rs"));
}

/// Stops the build with `message`, which cargo shows under the build script's output.
fn fail(message: &str) -> ! {
    eprintln!("\nerror: {message}\n");
    std::process::exit(1);
}

const NEED_NODE: &str = "collabgraph's front end (web/) is built with npm: install Node.js 20.19 \
     or newer with npm (for example `apt-get install nodejs npm`, or from nodejs.org), or set \
     COLLABGRAPH_WEB_DIST to a directory holding a front end built elsewhere";

fn build_with_npm(web: &Path, dist: &Path) -> PathBuf {
    let npm =
        find_program("npm").unwrap_or_else(|| fail(&format!("npm was not found. {NEED_NODE}")));
    // Builds of several profiles (cargo build --release beside cargo test) run this script at
    // once; they share web/node_modules, so one installs while the others wait.
    let lock_path = web.join(".npm-build.lock");
    let lock = fs::File::create(&lock_path)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", lock_path.display())));
    lock.lock()
        .unwrap_or_else(|e| fail(&format!("cannot lock {}: {e}", lock_path.display())));

    let installed = web.join("node_modules/.package-lock.json");
    if modified(&installed) < modified(&web.join("package-lock.json")) {
        run(
            Command::new(&npm)
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(web),
            "installing web/package-lock.json with `npm ci`",
        );
    }
    run(
        Command::new(&npm)
            .args(["run", "build", "--silent"])
            .env("COLLABGRAPH_WEB_OUT", dist)
            .current_dir(web),
        "building the front end with `npm run build` (Vite)",
    );
    dist.to_path_buf()
}

/// When `path` was last modified; the epoch for a missing file, so that it counts as oldest.
fn modified(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| fail(&format!("{what}: cannot run {command:?}: {e}. {NEED_NODE}")));
    if !output.status.success() {
        fail(&format!(
            "{what} failed ({}):\n{}{}\n(Node.js 20.19 or newer is needed; `node --version` tells)",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
}

/// The program called `name` on PATH.
fn find_program(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Every file under `dir`, as paths relative to it with `/` separators, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let entries = fs::read_dir(dir)
            .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path.strip_prefix(root).expect("under the root");
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Writes the table `src/web.rs` includes: `(path, bytes)` for every built file.
fn write_asset_table(dist: &Path, table: &Path) {
    let mut code = String::from(
        "// Generated by build.rs from the built front end: every file, by its path in the bundle.\n\
         pub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in files(dist) {
        let absolute = dist.join(&file);
        code.push_str(&format!(
            "    ({file:?}, include_bytes!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    code.push_str("];\n");
    fs::write(table, code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", table.display())));
}
