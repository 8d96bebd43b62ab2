//! Other languages' readers for the tests: a Python venv with networkx and Node.js packages
//! (graphology, cytoscape), both described in `tests/interop/`.
//!
//! They are set up on first use, so a plain `cargo test` works on a fresh machine that has
//! `python3` (with its venv module) and `npm`: the venv goes to `target/interop-venv` and gets
//! `pip install -r tests/interop/requirements.txt`; `tests/interop/node_modules` comes from
//! `npm ci`. Each is set up at most once per test process, under a file lock so that parallel
//! test processes (nextest) do not build it at the same time, and again only when its
//! requirements file or lock file changes.

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
    sync::OnceLock,
};

/// `tests/interop/`: the reader scripts and their dependency files.
pub fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// A script in `tests/interop/`.
pub fn script(name: &str) -> PathBuf {
    interop_dir().join(name)
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// The venv's Python, with the packages of `tests/interop/requirements.txt` (networkx)
/// installed. Panics, saying what to install, when `python3` or its venv module is missing.
pub fn python() -> PathBuf {
    static PYTHON: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    PYTHON
        .get_or_init(set_up_python)
        .clone()
        .unwrap_or_else(|err| panic!("{err}"))
}

/// Makes sure `tests/interop/node_modules` holds what `package-lock.json` says, running
/// `npm ci` when it does not. Panics, saying what to install, when `npm` is missing.
pub fn node_modules_ready() {
    static READY: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(err) = READY.get_or_init(set_up_node_modules) {
        panic!("{err}");
    }
}

/// The `node` program, with `tests/interop/node_modules` ready for the scripts there.
pub fn node() -> PathBuf {
    node_modules_ready();
    find_program("node").unwrap_or_else(|| {
        panic!(
            "the interop tests need Node.js: install it (for example `apt-get install nodejs npm`)"
        )
    })
}

/// Runs `program` with `args` and returns what it printed; panics with its stderr if it fails.
pub fn run(program: &Path, args: &[&std::ffi::OsStr]) -> String {
    let output = Command::new(program)
        .args(args)
        .current_dir(interop_dir())
        .output()
        .unwrap_or_else(|err| panic!("cannot run {}: {err}", program.display()));
    assert!(
        output.status.success(),
        "{} {:?} failed ({}):\n{}",
        program.display(),
        args,
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the reader prints UTF-8")
}

/// The program called `name` on PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Holds an exclusive lock on `target/<name>.lock` until dropped.
pub fn lock(name: &str) -> Result<fs::File, String> {
    let dir = target_dir();
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{name}.lock"));
    let file =
        fs::File::create(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.lock()
        .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    Ok(file)
}

/// Runs a setup command; the error says what ran and what it printed.
pub fn setup_step(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|err| format!("{what}: cannot run {command:?}: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{what}: {command:?} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn set_up_python() -> Result<PathBuf, String> {
    let requirements_file = interop_dir().join("requirements.txt");
    let requirements = fs::read_to_string(&requirements_file)
        .map_err(|e| format!("cannot read {}: {e}", requirements_file.display()))?;
    let venv = target_dir().join("interop-venv");
    let python = venv.join(if cfg!(windows) {
        "Scripts/python.exe"
    } else {
        "bin/python"
    });
    // What the venv was last set up from; it is set up again when the requirements change.
    let stamp = venv.join("collabgraph-requirements.txt");
    let _lock = lock("interop-venv")?;
    if python.is_file() && fs::read_to_string(&stamp).ok().as_deref() == Some(&requirements) {
        return Ok(python);
    }
    let python3 = find_program("python3").ok_or(
        "the interop tests need Python 3 with its venv module: install python3 and python3-venv \
         (for example `apt-get install python3 python3-venv`)",
    )?;
    setup_step(
        Command::new(python3)
            .args(["-m", "venv", "--clear"])
            .arg(&venv),
        "creating the interop venv (is python3-venv installed?)",
    )?;
    setup_step(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements_file),
        "installing tests/interop/requirements.txt into the interop venv",
    )?;
    fs::write(&stamp, &requirements)
        .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(python)
}

fn set_up_node_modules() -> Result<(), String> {
    set_up_node_modules_in(&interop_dir(), "interop-npm")
}

/// Runs `npm ci` in `dir` unless its `node_modules` already holds what `package-lock.json`
/// says, under the lock `target/<lock_name>.lock`.
pub fn set_up_node_modules_in(dir: &Path, lock_name: &str) -> Result<(), String> {
    let lock_file = dir.join("package-lock.json");
    let wanted = fs::read_to_string(&lock_file)
        .map_err(|e| format!("cannot read {}: {e}", lock_file.display()))?;
    // A copy of the lock file `npm ci` last installed; `npm ci` runs again when it changes.
    let stamp = dir.join("node_modules/.collabgraph-package-lock.json");
    let _lock = lock(lock_name)?;
    if fs::read_to_string(&stamp).ok().as_deref() == Some(&wanted) {
        return Ok(());
    }
    let npm = find_program("npm").ok_or(
        "these tests need Node.js and npm: install them (for example \
         `apt-get install nodejs npm`)",
    )?;
    setup_step(
        Command::new(npm)
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(dir),
        &format!("installing {} with npm ci", lock_file.display()),
    )?;
    fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}
