//! The explorer and the playground in a real browser: Debian's chromium, driven by
//! playwright-core (`tests/browser/explorer.test.mjs`), against the real binary on the bundled
//! seed. The script saves a screenshot per step in `target/browser-artifacts/` and fails on any
//! console error, page error, failed or 4xx/5xx request, or request to another host.
//!
//! Needs Node.js with npm (`npm ci` in `tests/browser` runs on first use) and chromium at
//! `/usr/bin/chromium` (or `$CHROMIUM`). Without chromium the test installs Debian's package
//! when it runs as root with apt-get, and otherwise fails saying how to install it.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Instant,
};

use crate::{cli::start_server, interop};

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// The chromium to drive, installed first if it is missing and this process may install it.
fn chromium() -> PathBuf {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if chromium.is_file() {
        return chromium;
    }
    let how = "the browser tests need Debian's chromium at /usr/bin/chromium (or its path in \
               $CHROMIUM): install it with `apt-get update && apt-get install -y chromium`; \
               never a browser downloaded by playwright";
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if !root || interop::find_program("apt-get").is_none() {
        panic!("{how}");
    }
    let _lock = interop::lock("chromium-install").unwrap_or_else(|e| panic!("{e}"));
    if !chromium.is_file() {
        interop::setup_step(
            Command::new("sh").args([
                "-c",
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
            ]),
            "installing chromium with apt-get",
        )
        .unwrap_or_else(|e| panic!("{e}\n{how}"));
    }
    assert!(chromium.is_file(), "{how}");
    chromium
}

#[test]
fn the_playground_and_the_explorer_work_in_chromium() {
    let chromium = chromium();
    interop::set_up_node_modules_in(&browser_dir(), "browser-npm")
        .unwrap_or_else(|e| panic!("{e}"));
    let node = interop::find_program("node").expect(
        "the browser tests need Node.js: install it (for example `apt-get install nodejs npm`)",
    );
    let artifacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-artifacts");

    let (mut server, address) = start_server(&[]);
    let started = Instant::now();
    let output = Command::new(node)
        .arg(browser_dir().join("explorer.test.mjs"))
        .env("COLLABGRAPH_URL", format!("http://{address}"))
        .env("COLLABGRAPH_ARTIFACTS", &artifacts)
        .env("CHROMIUM", &chromium)
        .current_dir(browser_dir())
        .output()
        .expect("run node");
    server.kill().expect("stop collabgraph");
    server.wait().expect("collabgraph stopped");

    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser test failed ({}); screenshots in {}\n{stdout}\n{stderr}",
        output.status,
        artifacts.display()
    );
    assert!(
        stdout.contains("all browser steps passed"),
        "the browser script ran to its end:\n{stdout}"
    );
    println!(
        "{stdout}browser test: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
