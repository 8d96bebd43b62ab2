//! Name search across every kind of record: ranked, case- and diacritic-insensitive, aware of
//! acronyms, aliases and names in other scripts, tolerant of small typos.
//!
//! Every name a record is known by becomes an entry, normalized once at load (Unicode NFKD,
//! combining marks dropped, lower-cased, punctuation to spaces). A query is normalized the same
//! way and scored against candidate entries found through a token vocabulary: exact and prefix
//! tokens by range lookup, typos by Damerau-Levenshtein distance over the tokens of about the same
//! length, and text without spaces (Chinese) by substring.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use crate::graph::{KnowledgeGraph, NodeKind, NodeRef};

/// Which of a record's names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameField {
    /// The primary name (or title).
    Name,
    /// An acronym.
    Acronym,
    /// An alias.
    Alias,
    /// A name in another language or script.
    LocalizedName,
    /// The record's id.
    Id,
}

impl NameField {
    /// How much a match on this field counts, relative to the primary name.
    fn weight(self) -> f32 {
        match self {
            NameField::Name | NameField::Acronym => 1.0,
            NameField::Alias | NameField::LocalizedName => 0.95,
            NameField::Id => 0.9,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The record found.
    pub node: NodeRef,
    /// Relevance in (0, 1]: 1 is an exact match of a primary name or acronym.
    pub score: f32,
    /// The name that matched, as written in the seed.
    pub matched: String,
    /// Which kind of name it was.
    pub field: NameField,
}

struct Entry {
    node: NodeRef,
    field: NameField,
    text: String,
    normalized: String,
}

/// The search index, built once per graph.
#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Every token of every entry, with the entries it occurs in.
    vocabulary: BTreeMap<String, Vec<u32>>,
}

/// Lower-case, strip diacritics and turn punctuation into single spaces.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// How many edits a token of this length may be off by and still match.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

impl SearchIndex {
    /// Indexes every name of every record in `kg`.
    pub fn build(kg: &KnowledgeGraph) -> Self {
        let mut index = SearchIndex::default();
        let mut add = |node: NodeRef, field: NameField, text: &str| {
            let normalized = normalize(text);
            if normalized.is_empty() {
                return;
            }
            let entry = index.entries.len() as u32;
            for token in normalized.split(' ') {
                let postings = index.vocabulary.entry(token.to_owned()).or_default();
                if postings.last() != Some(&entry) {
                    postings.push(entry);
                }
            }
            index.entries.push(Entry {
                node,
                field,
                text: text.to_owned(),
                normalized,
            });
        };
        for kind in NodeKind::ALL {
            for i in 0..kg.len(kind) {
                let node = NodeRef { kind, index: i };
                add(node, NameField::Name, kg.label_of(node));
                add(node, NameField::Id, kg.id_of(node).as_str());
                let (names, acronyms, aliases) = match kind {
                    NodeKind::Institution => {
                        let r = &kg.institutions[i];
                        (&r.names[..], &r.acronyms[..], &r.aliases[..])
                    }
                    NodeKind::Person => (&kg.people[i].names[..], &[][..], &[][..]),
                    NodeKind::Lab => (&kg.labs[i].names[..], &[][..], &[][..]),
                    NodeKind::Topic => (&kg.topics[i].names[..], &[][..], &[][..]),
                    _ => (&[][..], &[][..], &[][..]),
                };
                for name in names {
                    add(node, NameField::LocalizedName, name.value.as_str());
                }
                for acronym in acronyms {
                    add(node, NameField::Acronym, acronym.as_str());
                }
                for alias in aliases {
                    add(node, NameField::Alias, alias.as_str());
                }
            }
        }
        index
    }

    /// The record of `kind` with exactly this name, acronym, alias or id, ignoring case,
    /// accents and punctuation.
    pub fn find_by_name(&self, kind: NodeKind, name: &str) -> Option<NodeRef> {
        let wanted = normalize(name);
        let first_token = wanted.split(' ').next()?;
        self.vocabulary
            .get(first_token)?
            .iter()
            .map(|&e| &self.entries[e as usize])
            .find(|e| e.node.kind == kind && e.normalized == wanted)
            .map(|e| e.node)
    }

    /// Records matching `query`, best first, at most `limit`, optionally of some kinds only.
    pub fn search(&self, query: &str, kinds: Option<&[NodeKind]>, limit: usize) -> Vec<SearchHit> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let tokens: Vec<&str> = query.split(' ').collect();
        let mut best: HashMap<NodeRef, (f32, u32)> = HashMap::new();
        for entry_index in self.candidates(&query, &tokens) {
            let entry = &self.entries[entry_index as usize];
            if kinds.is_some_and(|k| !k.contains(&entry.node.kind)) {
                continue;
            }
            let Some(score) = score(&query, &tokens, &entry.normalized) else {
                continue;
            };
            let score = score * entry.field.weight();
            let slot = best.entry(entry.node).or_insert((0.0, entry_index));
            if score > slot.0 {
                *slot = (score, entry_index);
            }
        }
        let mut hits: Vec<SearchHit> = best
            .into_iter()
            .map(|(node, (score, entry_index))| {
                let entry = &self.entries[entry_index as usize];
                SearchHit {
                    node,
                    score,
                    matched: entry.text.clone(),
                    field: entry.field,
                }
            })
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.matched.cmp(&b.matched))
                .then_with(|| (a.node.kind, a.node.index).cmp(&(b.node.kind, b.node.index)))
        });
        hits.truncate(limit);
        hits
    }

    /// Entries that share a token (exactly, as a prefix, or within a typo) with the query, and,
    /// for text written without spaces, entries that contain it.
    fn candidates(&self, query: &str, tokens: &[&str]) -> Vec<u32> {
        let mut found: Vec<u32> = Vec::new();
        for token in tokens {
            for (word, postings) in self.vocabulary.range(token.to_string()..) {
                if !word.starts_with(token) {
                    break;
                }
                found.extend(postings);
            }
            let len = token.chars().count();
            let typos = allowed_typos(len);
            if typos > 0 {
                for (word, postings) in &self.vocabulary {
                    let word_len = word.chars().count();
                    if word_len.abs_diff(len) <= typos
                        && strsim::damerau_levenshtein(token, word) <= typos
                    {
                        found.extend(postings);
                    }
                }
            }
        }
        if query.chars().any(is_unspaced_script) {
            found.extend(
                self.entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.normalized.contains(query))
                    .map(|(i, _)| i as u32),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Scripts written without spaces between words, where a query may be any part of a name.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// How well a normalized name matches a normalized query, in (0, 1], or None.
fn score(query: &str, tokens: &[&str], name: &str) -> Option<f32> {
    if name == query {
        return Some(1.0);
    }
    if name.starts_with(query) {
        return Some(0.9);
    }
    if name.contains(query) && query.chars().count() >= 2 {
        return Some(0.8);
    }
    let words: Vec<&str> = name.split(' ').collect();
    let mut total = 0.0;
    for token in tokens {
        let len = token.chars().count();
        let best = words
            .iter()
            .map(|word| {
                if word == token {
                    1.0
                } else if len >= 2 && word.starts_with(token) {
                    0.85
                } else {
                    let distance = strsim::damerau_levenshtein(token, word);
                    if distance <= allowed_typos(len) {
                        1.0 - 0.5 * distance as f32 / len as f32
                    } else {
                        0.0
                    }
                }
            })
            .fold(0.0f32, f32::max);
        if best == 0.0 {
            return None;
        }
        total += best;
    }
    // All query words found; a name with fewer other words is a closer match.
    let coverage = tokens.len() as f32 / words.len().max(tokens.len()) as f32;
    Some(0.75 * total / tokens.len() as f32 * (0.8 + 0.2 * coverage))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

    fn top(kg: &KnowledgeGraph, query: &str) -> String {
        let hits = kg.search_index().search(query, None, 5);
        let hit = hits
            .first()
            .unwrap_or_else(|| panic!("no hit for {query:?}"));
        kg.id_of(hit.node).to_string()
    }

    #[test]
    fn normalizes_case_diacritics_and_punctuation() {
        assert_eq!(normalize("Al-Farabi  KAZAKH"), "al farabi kazakh");
        assert_eq!(normalize("Université"), "universite");
        assert_eq!(normalize("Әл-Фараби"), "әл фараби");
    }

    #[test]
    fn finds_by_acronym_alias_and_other_scripts() {
        let kg = bundled();
        assert_eq!(top(&kg, "KazNU"), "kaznu");
        assert_eq!(top(&kg, "kaznu"), "kaznu");
        assert_eq!(top(&kg, "Казахский национальный"), "kaznu");
        assert_eq!(top(&kg, "深圳"), "szu");
        assert_eq!(top(&kg, "中国科学院"), "cas");
        assert_eq!(top(&kg, "XIEG"), "xieg");
    }

    #[test]
    fn tolerates_small_typos_and_ranks_exact_matches_first() {
        let kg = bundled();
        assert_eq!(top(&kg, "Shenzen Univrsity"), "szu");
        assert_eq!(top(&kg, "petrolium"), "cup");
        let hits = kg.search_index().search("Shenzhen University", None, 5);
        assert_eq!(hits[0].score, 1.0);
        assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
        assert!(kg.search_index().search("zzzzqqq", None, 5).is_empty());
    }

    #[test]
    fn filters_by_kind() {
        let kg = bundled();
        let hits = kg
            .search_index()
            .search("remote sensing", Some(&[NodeKind::Topic]), 10);
        assert!(!hits.is_empty());
        assert!(hits.iter().all(|h| h.node.kind == NodeKind::Topic));
    }
}
