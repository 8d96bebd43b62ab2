//! The bundled seed, edited: the fuzzer chooses values in the seed's JSON and replaces, removes,
//! copies or renames them, then the edited files are loaded. Edits keep the JSON well-formed, so
//! the fuzzer spends its time on the checks behind the parser (types, values, references,
//! duplicates, cycles, dates) and, when the edited seed still loads, on the graph built from it:
//! every view, measure and export.

#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use collabgraph_fuzz::check_load;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

/// A string: one from the seed (an id, a key, a name, a date...), a change of one, or any.
#[derive(Arbitrary, Debug)]
enum Text {
    Pool(u16),
    Suffixed(u16, String),
    Joined(u16, u16),
    Any(String),
}

#[derive(Arbitrary, Debug)]
enum Op {
    SetText(Text),
    SetInt(i64),
    SetYear(u16),
    SetFloat(f64),
    SetBool(bool),
    SetNull,
    EmptyObject,
    EmptyArray,
    /// Into a one-element array.
    Wrap,
    /// Out of the member or element holding it.
    Remove,
    /// A copy next to it in its array (a duplicate record, party, reference...).
    Duplicate,
    /// Replaced by a copy of the value at another path.
    CopyFrom(Vec<u8>),
    /// A member's key renamed.
    Rename(Text),
    /// A new member in an object.
    Insert(Text, Text),
}

#[derive(Arbitrary, Debug)]
struct Edit {
    /// Each byte picks a member or element, going down from the list of files.
    path: Vec<u8>,
    op: Op,
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// Bit i moves the first file's i-th section into a file of its own.
    split: u8,
    edits: Vec<Edit>,
}

struct Bundled {
    files: Vec<(String, Value)>,
    pool: Vec<String>,
}

fn bundled() -> &'static Bundled {
    static BUNDLED: OnceLock<Bundled> = OnceLock::new();
    BUNDLED.get_or_init(|| {
        let dir = collabgraph::bundled_seed_dir();
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("the bundled seed directory")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        let files: Vec<(String, Value)> = paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).expect("a bundled seed file");
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    serde_json::from_str(&text).expect("the bundled seed is JSON"),
                )
            })
            .collect();
        let mut pool = vec![
            "",
            " ",
            "x",
            "2024-02-29",
            "2023-02-29",
            "2023-13",
            "0800",
            "2100-12-31",
            "ZZ",
            "kz",
            "zh-Hans",
            "http://",
            "https://example.org",
            "é",
            "Ал-Фараби",
            "\u{0}",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        pool.push("a".repeat(101));
        for (_, value) in &files {
            collect_strings(value, &mut pool);
        }
        pool.sort();
        pool.dedup();
        Bundled { files, pool }
    })
}

fn collect_strings(value: &Value, pool: &mut Vec<String>) {
    match value {
        Value::String(s) => pool.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, pool)),
        Value::Object(members) => {
            for (k, v) in members {
                pool.push(k.clone());
                collect_strings(v, pool);
            }
        }
        _ => {}
    }
}

fn text(t: &Text, pool: &[String]) -> String {
    let pick = |i: u16| pool[i as usize % pool.len()].as_str();
    match t {
        Text::Pool(i) => pick(*i).to_owned(),
        Text::Suffixed(i, s) => format!("{}{s}", pick(*i)),
        Text::Joined(a, b) => format!("{}{}", pick(*a), pick(*b)),
        Text::Any(s) => s.clone(),
    }
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// The steps `path` picks from `root`, stopping at a leaf or an empty container.
fn resolve(root: &Value, path: &[u8]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut at = root;
    for &b in path {
        match at {
            Value::Object(m) if !m.is_empty() => {
                let (k, v) = m.iter().nth(b as usize % m.len()).unwrap();
                steps.push(Step::Key(k.clone()));
                at = v;
            }
            Value::Array(a) if !a.is_empty() => {
                let i = b as usize % a.len();
                steps.push(Step::Index(i));
                at = &a[i];
            }
            _ => break,
        }
    }
    steps
}

fn get_mut<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(root, |at, step| match step {
        Step::Key(k) => at.get_mut(k.as_str()),
        Step::Index(i) => at.get_mut(*i),
    })
}

fn apply(root: &mut Value, edit: &Edit, pool: &[String]) {
    let steps = resolve(root, &edit.path);
    // The root is the list of files: keep it a list of objects.
    if steps.len() < 2 && !matches!(edit.op, Op::Duplicate | Op::Insert(..)) {
        return;
    }
    let (parent_steps, last) = steps.split_at(steps.len().saturating_sub(1));
    match &edit.op {
        Op::Remove => {
            let Some(parent) = get_mut(root, parent_steps) else {
                return;
            };
            match (parent, &last[0]) {
                (Value::Object(m), Step::Key(k)) => {
                    m.remove(k);
                }
                (Value::Array(a), Step::Index(i)) => {
                    a.remove(*i);
                }
                _ => {}
            }
        }
        Op::Duplicate => {
            if let Some(Step::Index(i)) = last.first()
                && let Some(Value::Array(a)) = get_mut(root, parent_steps)
            {
                let copy = a[*i].clone();
                a.insert(i + 1, copy);
            }
        }
        Op::Rename(to) => {
            if let Some(Step::Key(k)) = last.first()
                && let Some(Value::Object(m)) = get_mut(root, parent_steps)
                && let Some(v) = m.remove(k)
            {
                m.insert(text(to, pool), v);
            }
        }
        Op::Insert(key, value) => {
            if let Some(Value::Object(m)) = get_mut(root, &steps) {
                m.insert(text(key, pool), Value::String(text(value, pool)));
            }
        }
        Op::CopyFrom(from) => {
            let source = resolve(root, from);
            if source.is_empty() {
                return;
            }
            let Some(copy) = get_mut(root, &source).map(|v| v.clone()) else {
                return;
            };
            if let Some(target) = get_mut(root, &steps) {
                *target = copy;
            }
        }
        op => {
            let Some(target) = get_mut(root, &steps) else {
                return;
            };
            *target = match op {
                Op::SetText(t) => Value::String(text(t, pool)),
                Op::SetInt(n) => Value::from(*n),
                Op::SetYear(y) => Value::from(*y),
                Op::SetFloat(f) => {
                    serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
                }
                Op::SetBool(b) => Value::Bool(*b),
                Op::SetNull => Value::Null,
                Op::EmptyObject => Value::Object(Map::new()),
                Op::EmptyArray => Value::Array(Vec::new()),
                Op::Wrap => Value::Array(vec![target.take()]),
                _ => unreachable!("handled above"),
            };
        }
    }
}

fuzz_target!(|input: Input| {
    let bundled = bundled();
    let mut names: Vec<String> = bundled.files.iter().map(|(n, _)| n.clone()).collect();
    let mut docs: Vec<Value> = bundled.files.iter().map(|(_, v)| v.clone()).collect();
    if input.split != 0
        && let Some(Value::Object(first)) = docs.first_mut()
    {
        let keys: Vec<String> = first.keys().filter(|k| *k != "version").cloned().collect();
        let mut moved = Map::new();
        moved.insert("version".into(), Value::from(1));
        for (i, key) in keys.iter().enumerate() {
            if i < 8 && input.split & (1 << i) != 0 {
                moved.insert(key.clone(), first.remove(key).unwrap());
            }
        }
        names.push("zz-split.json".into());
        docs.push(Value::Object(moved));
    }
    let mut root = Value::Array(docs);
    for edit in input.edits.iter().take(16) {
        apply(&mut root, edit, &bundled.pool);
    }
    let Value::Array(docs) = root else { return };
    let texts: Vec<String> = docs
        .iter()
        .map(|d| serde_json::to_string_pretty(d).expect("a JSON value serializes"))
        .collect();
    // A duplicated file gets a name of its own.
    while names.len() < texts.len() {
        names.push(format!("zz-copy-{}.json", names.len()));
    }
    let files: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(texts.iter().map(String::as_str))
        .collect();
    check_load(&files, true);
});
