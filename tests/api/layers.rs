//! The library's folders use only the folders above them in `src/lib.rs`'s layout, so data flows
//! one way and no two folders import each other. Test modules are left out: a test may build a
//! generated graph or a bundled one whatever folder it is in.

use std::{collections::BTreeSet, fs, path::Path};

/// The folders (and top-level files) in the order of `src/lib.rs`'s layout: each may use the
/// ones before it. `generate` and `import` write seeds from records and are used by the binary
/// and tests.
const LAYERS: [&str; 14] = [
    "config",
    "error",
    "interrupt",
    "model",
    "search",
    "seed",
    "graph",
    "generate",
    "import",
    "network",
    "export",
    "snapshot",
    "api",
    "http",
];

/// The top-level modules `text` names through `crate::`, outside comments and test modules.
fn crate_modules(text: &str) -> BTreeSet<String> {
    let code: String = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or_default()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut used = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::X, b, c::{..}}`: the names at the group's first level.
            let mut depth = 0;
            let mut name = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if !name.is_empty() {
                            used.insert(std::mem::take(&mut name));
                        }
                        at_start = true;
                    }
                    c if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') => {
                        name.push(c)
                    }
                    _ if depth == 0 && at_start && !name.is_empty() => {
                        used.insert(std::mem::take(&mut name));
                        at_start = false;
                    }
                    _ => {}
                }
            }
            if !name.is_empty() {
                used.insert(name);
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            used.insert(name);
        }
    }
    used
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn each_folder_uses_only_the_folders_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative.components().next().unwrap().as_os_str();
        let top = top.to_str().unwrap().trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let layer = LAYERS
            .iter()
            .position(|l| *l == top)
            .unwrap_or_else(|| panic!("src/{top} is not in LAYERS: add it where lib.rs has it"));
        seen.insert(top);
        for used in crate_modules(&fs::read_to_string(file).unwrap()) {
            if let Some(at) = LAYERS.iter().position(|l| *l == used)
                && at > layer
            {
                upward.push(format!("src/{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the data flow:\n{}",
        upward.join("\n")
    );
    assert_eq!(seen.len(), LAYERS.len(), "every layer has code");
}

#[test]
fn the_scanner_reads_paths_and_groups() {
    let text = "use crate::{\n    graph::{A, B},\n    model,\n    network::view,\n};\n\
                // crate::http in a comment\nfn f() { crate::search::normalize(x) }\n\
                #[cfg(test)]\nmod tests {\n    use crate::generate;\n}\n";
    assert_eq!(
        crate_modules(text),
        ["graph", "model", "network", "search"]
            .map(String::from)
            .into()
    );
}
