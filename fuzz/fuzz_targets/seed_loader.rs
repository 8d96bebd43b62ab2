//! Arbitrary bytes as seed files: `load_texts` answers with a seed or a report whose every
//! problem is placed in a file that was given, and a seed that loads builds a graph.
//!
//! NUL never appears in a JSON text, so it splits the input into up to four files: the merge
//! across files (duplicate ids, references from one file to another) is fuzzed too.

#![no_main]

use collabgraph_fuzz::check_load;
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["a.json", "b.json", "c.json", "d.json"];

fuzz_target!(|data: &[u8]| {
    let texts: Vec<String> = data
        .splitn(NAMES.len(), |&b| b == 0)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    let files: Vec<(&str, &str)> = NAMES
        .iter()
        .copied()
        .zip(texts.iter().map(String::as_str))
        .collect();
    check_load(&files, false);
});
