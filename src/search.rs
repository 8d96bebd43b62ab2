//! Name search across every kind of record: ranked, case- and diacritic-insensitive, aware of
//! acronyms, aliases and names in other scripts, tolerant of small typos.
//!
//! Every name a record is known by becomes an entry, normalized once at load (Unicode NFKD,
//! combining marks dropped, lower-cased, punctuation to spaces). A query is normalized the same
//! way and scored against candidate entries found through a token vocabulary: exact and prefix
//! tokens by range lookup, typos by Damerau-Levenshtein distance over the tokens that share
//! enough letter pairs with the query's (a bigram index), and text without spaces (Chinese) by
//! substring among the entries that hold its rarest character.
//!
//! A name matches only if every query word matches one of its words (the first may also end
//! inside a word, "arabi kaz" in "al farabi kazakh", found through a suffix order of the
//! words), so the candidates are the entries of the rarest query word, not the union over all
//! words: a search for "Univrsity of Karamo" scores the few entries with a word like "karamo",
//! not every "university".

use std::collections::HashMap;

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
    /// The name as written, shared with the record.
    text: std::sync::Arc<str>,
    normalized: Box<str>,
}

/// The search index, built once per graph.
#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    vocabulary: Vocabulary,
    /// Entries holding each character of a script written without spaces.
    unspaced: foldhash::HashMap<char, Vec<u32>>,
}

/// Every token of every entry, sorted, with the entries it occurs in (flat, one allocation per
/// column rather than per word), and the indexes that find a word with typos.
#[derive(Default)]
struct Vocabulary {
    words: Vec<Box<str>>,
    /// Entries of word w are `postings[starts[w]..starts[w + 1]]`, in entry order.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// Length of each word in characters.
    lengths: Vec<u8>,
    /// Words holding each pair of adjacent characters (and of start or end mark and first or
    /// last character), each word once per pair.
    bigrams: foldhash::HashMap<(char, char), Vec<u32>>,
    /// Words of each length in characters (capped at `u8::MAX`) with at most two digits: the
    /// only words a query word without digits can be two typos from, when its pairs say little.
    by_length: Vec<Vec<u32>>,
    /// Words of each length with three digits or more (record ids' numbers).
    digits_by_length: Vec<Vec<u32>>,
    /// Word ids ordered by their reversed text, to find words by suffix.
    by_suffix: Vec<u32>,
}

impl Vocabulary {
    fn build(mut tokens: foldhash::HashMap<Box<str>, Vec<u32>>) -> Vocabulary {
        let mut words: Vec<Box<str>> = tokens.keys().cloned().collect();
        words.sort_unstable();
        let mut v = Vocabulary {
            starts: Vec::with_capacity(words.len() + 1),
            lengths: Vec::with_capacity(words.len()),
            ..Vocabulary::default()
        };
        for (w, word) in words.iter().enumerate() {
            v.starts.push(v.postings.len() as u32);
            v.postings
                .extend(tokens.remove(word).expect("every word has postings"));
            let chars: Vec<char> = word.chars().collect();
            let len = chars.len().min(u8::MAX as usize);
            v.lengths.push(len as u8);
            let digits = chars.iter().filter(|c| c.is_ascii_digit()).count();
            let buckets = if digits <= 2 {
                &mut v.by_length
            } else {
                &mut v.digits_by_length
            };
            if buckets.len() <= len {
                buckets.resize_with(len + 1, Vec::new);
            }
            buckets[len].push(w as u32);
            for pair in letter_pairs(&chars) {
                v.bigrams.entry(pair).or_default().push(w as u32);
            }
        }
        v.starts.push(v.postings.len() as u32);
        // Ordered by reversed bytes: words with a common ending (in bytes, so also in
        // characters) are next to each other, and the keys compare as plain byte slices.
        let reversed: Vec<Box<[u8]>> = words.iter().map(|w| w.bytes().rev().collect()).collect();
        let mut by_suffix: Vec<u32> = (0..words.len() as u32).collect();
        by_suffix.sort_unstable_by(|&a, &b| reversed[a as usize].cmp(&reversed[b as usize]));
        v.by_suffix = by_suffix;
        v.words = words;
        v
    }

    /// Words that end with `token`.
    fn with_suffix(&self, token: &str) -> &[u32] {
        let word = |w: &u32| &*self.words[*w as usize];
        let start = self
            .by_suffix
            .partition_point(|w| word(w).bytes().rev().lt(token.bytes().rev()));
        let end = start + self.by_suffix[start..].partition_point(|w| word(w).ends_with(token));
        &self.by_suffix[start..end]
    }

    fn postings(&self, word: u32) -> &[u32] {
        &self.postings[self.starts[word as usize] as usize..self.starts[word as usize + 1] as usize]
    }

    fn find(&self, word: &str) -> Option<u32> {
        self.words
            .binary_search_by(|w| (**w).cmp(word))
            .ok()
            .map(|w| w as u32)
    }

    /// Words that start with `token`.
    fn with_prefix(&self, token: &str) -> std::ops::Range<u32> {
        let start = self.words.partition_point(|w| &**w < token);
        let end = start + self.words[start..].partition_point(|w| w.starts_with(token));
        start as u32..end as u32
    }

    /// Words within `typos` Damerau-Levenshtein edits of `token`.
    fn within(&self, token: &str, typos: usize) -> Vec<u32> {
        let chars: Vec<char> = token.chars().collect();
        let len = chars.len();
        // Cheap tests first: the length, then the letters the token lacks (each needs an edit).
        let close = |w: u32| {
            let word = &self.words[w as usize];
            (self.lengths[w as usize] as usize).abs_diff(len) <= typos
                && word
                    .chars()
                    .filter(|c| !chars.contains(c))
                    .nth(typos)
                    .is_none()
                && strsim::damerau_levenshtein(token, word) <= typos
        };
        let pairs = letter_pairs(&chars);
        // One edit changes at most three letter pairs (a transposition: ab, bc, cd in abcd ->
        // acbd), so a word within `typos` edits keeps at least this many of the token's pairs.
        let needed = pairs.len() as isize - 3 * typos as isize;
        if needed >= 1 {
            // Count each word's shared pairs by sorting the pairs' word lists together.
            let mut all: Vec<u32> = pairs
                .iter()
                .flat_map(|pair| self.bigrams.get(pair).map_or(&[][..], Vec::as_slice))
                .copied()
                .collect();
            all.sort_unstable();
            let found: Vec<u32> = all
                .chunk_by(|a, b| a == b)
                .filter(|run| run.len() as isize >= needed && close(run[0]))
                .map(|run| run[0])
                .collect();
            // Already in order: the runs of a sorted list.
            return found;
        }
        // Too few distinct pairs to tell (a word like "aaaa"): scan the words of about the same
        // length. A word with more digits than `typos` is out of reach of a token without
        // digits, and so is a word with more letters the token lacks than `typos`.
        let mut buckets = vec![&self.by_length];
        if chars.iter().any(|c| c.is_ascii_digit()) || typos >= 3 {
            buckets.push(&self.digits_by_length);
        }
        let mut found: Vec<u32> = Vec::new();
        for bucket in buckets {
            for l in len.saturating_sub(typos)..=(len + typos) {
                found.extend(
                    bucket
                        .get(l)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&w| close(w)),
                );
            }
        }
        found.sort_unstable();
        found
    }
}

/// Lower-case, strip diacritics and turn punctuation into single spaces.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        // The same result without Unicode tables: ASCII has no decompositions or marks.
        words_of(text.chars().map(|c| c.to_ascii_lowercase()), text.len())
    } else {
        normalize_unicode(text)
    }
}

/// [`normalize`] for any text: decomposed (NFKD), marks dropped, lower-cased.
fn normalize_unicode(text: &str) -> String {
    let chars = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase);
    words_of(chars, text.len())
}

/// The letters and digits of `chars`, each run of anything else made one space, none at the ends.
fn words_of(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = true;
    for c in chars {
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
        let mut tokens: foldhash::HashMap<Box<str>, Vec<u32>> = Default::default();
        let mut add = |node: NodeRef, field: NameField, text: &std::sync::Arc<str>| {
            let normalized = normalize(text);
            if normalized.is_empty() {
                return;
            }
            let entry = index.entries.len() as u32;
            for token in normalized.split(' ') {
                let postings = match tokens.get_mut(token) {
                    Some(postings) => postings,
                    None => tokens.entry(token.into()).or_default(),
                };
                if postings.last() != Some(&entry) {
                    postings.push(entry);
                }
            }
            for c in normalized.chars().filter(|&c| is_unspaced_script(c)) {
                let postings = index.unspaced.entry(c).or_default();
                if postings.last() != Some(&entry) {
                    postings.push(entry);
                }
            }
            index.entries.push(Entry {
                node,
                field,
                text: text.clone(),
                normalized: normalized.into_boxed_str(),
            });
        };
        for kind in NodeKind::ALL {
            for i in 0..kg.len(kind) {
                let node = NodeRef { kind, index: i };
                add(node, NameField::Name, kg.label_arc_of(node));
                add(node, NameField::Id, kg.id_of(node).as_arc());
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
                    add(node, NameField::LocalizedName, name.value.as_arc());
                }
                for acronym in acronyms {
                    add(node, NameField::Acronym, acronym.as_arc());
                }
                for alias in aliases {
                    add(node, NameField::Alias, alias.as_arc());
                }
            }
        }
        index.vocabulary = Vocabulary::build(tokens);
        index
    }

    /// The record of `kind` with exactly this name, acronym, alias or id, ignoring case,
    /// accents and punctuation.
    pub fn find_by_name(&self, kind: NodeKind, name: &str) -> Option<NodeRef> {
        let wanted = normalize(name);
        let first_token = wanted.split(' ').next()?;
        let word = self.vocabulary.find(first_token)?;
        self.vocabulary
            .postings(word)
            .iter()
            .map(|&e| &self.entries[e as usize])
            .find(|e| e.node.kind == kind && *e.normalized == *wanted)
            .map(|e| e.node)
    }

    /// Records matching `query`, best first, at most `limit`, optionally of some kinds only.
    pub fn search(&self, query: &str, kinds: Option<&[NodeKind]>, limit: usize) -> Vec<SearchHit> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let tokens: Vec<&str> = query.split(' ').collect();
        let candidates = self.candidates(&query, &tokens);
        self.rank(&query, &tokens, candidates, kinds, limit)
    }

    /// Scores candidate entries; the best hit per record, best first, at most `limit`.
    fn rank(
        &self,
        query: &str,
        tokens: &[&str],
        candidates: Vec<u32>,
        kinds: Option<&[NodeKind]>,
        limit: usize,
    ) -> Vec<SearchHit> {
        let mut best: HashMap<NodeRef, (f32, u32)> = HashMap::new();
        for entry_index in candidates {
            let entry = &self.entries[entry_index as usize];
            if kinds.is_some_and(|k| !k.contains(&entry.node.kind)) {
                continue;
            }
            let Some(score) = score(query, tokens, &entry.normalized) else {
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
                    matched: entry.text.to_string(),
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

    /// Entries that may match: those with a word that every query word after the first starts
    /// or is a typo of (the first query word's alone, when it is the only one), and, for text
    /// written without spaces, entries that contain it. `score` decides.
    fn candidates(&self, query: &str, tokens: &[&str]) -> Vec<u32> {
        let v = &self.vocabulary;
        // Every matching entry has a word for each query word; the first query word may also
        // end a word (when the whole query is found inside the name), unless it is alone. So
        // any query word's words will do, and the one with the fewest entries is best.
        let exact_words = |i: usize| -> Vec<u32> {
            let mut words: Vec<u32> = v.with_prefix(tokens[i]).collect();
            if i == 0 && tokens.len() > 1 {
                words.extend_from_slice(v.with_suffix(tokens[0]));
            }
            words
        };
        let size = |words: &[u32]| -> usize { words.iter().map(|&w| v.postings(w).len()).sum() };
        // Typo lookups cost the most: a word whose exact matches alone already outnumber the
        // best choice so far is not looked up.
        let mut by_exact: Vec<(usize, usize, Vec<u32>)> = (0..tokens.len())
            .map(|i| {
                let words = exact_words(i);
                (size(&words), i, words)
            })
            .collect();
        by_exact.sort_by_key(|&(size, i, _)| (size, i));
        let mut best: Option<(usize, Vec<u32>)> = None;
        for (exact_size, i, mut words) in by_exact {
            if best
                .as_ref()
                .is_some_and(|(best_size, _)| exact_size >= *best_size)
            {
                break;
            }
            let typos = allowed_typos(tokens[i].chars().count());
            if typos > 0 {
                words.extend(v.within(tokens[i], typos));
            }
            let total = size(&words);
            if best
                .as_ref()
                .is_none_or(|(best_size, _)| total < *best_size)
            {
                best = Some((total, words));
            }
        }
        let mut found: Vec<u32> = best
            .map(|(_, words)| {
                words
                    .iter()
                    .flat_map(|&w| v.postings(w).iter().copied())
                    .collect()
            })
            .unwrap_or_default();
        let rarest = query
            .chars()
            .filter(|&c| is_unspaced_script(c))
            .map(|c| self.unspaced.get(&c).map_or(&[][..], Vec::as_slice))
            .min_by_key(|postings| postings.len());
        if let Some(postings) = rarest {
            found.extend(
                postings
                    .iter()
                    .copied()
                    .filter(|&e| self.entries[e as usize].normalized.contains(query)),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The distinct pairs of adjacent characters of a word, with its first and last characters
/// paired with start and end marks, so that a word of n characters has n + 1 pairs and short
/// words can be told apart by them too.
fn letter_pairs(chars: &[char]) -> Vec<(char, char)> {
    const START: char = '\u{2}';
    const END: char = '\u{3}';
    let mut pairs: Vec<(char, char)> = std::iter::once(START)
        .chain(chars.iter().copied())
        .zip(chars.iter().copied().chain(std::iter::once(END)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
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
    fn ascii_text_normalizes_as_the_unicode_path_does() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            "  Al-Farabi  KAZAKH  ",
            "ins-123_x.y",
            "",
            "--",
            "A",
        ] {
            assert_eq!(normalize(text), normalize_unicode(text), "{text:?}");
        }
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

    /// The candidates of the first version: a union over every query word, typos by a scan of
    /// the whole vocabulary, unspaced text by a scan of every entry.
    fn scanned_candidates(index: &SearchIndex, query: &str, tokens: &[&str]) -> Vec<u32> {
        let v = &index.vocabulary;
        let mut found: Vec<u32> = Vec::new();
        for token in tokens {
            for (w, word) in v.words.iter().enumerate() {
                let len = token.chars().count();
                let typos = allowed_typos(len);
                if word.starts_with(token)
                    || (typos > 0
                        && word.chars().count().abs_diff(len) <= typos
                        && strsim::damerau_levenshtein(token, word) <= typos)
                {
                    found.extend(v.postings(w as u32));
                }
            }
        }
        if query.chars().any(is_unspaced_script) {
            found.extend(
                (0..index.entries.len() as u32)
                    .filter(|&e| index.entries[e as usize].normalized.contains(query)),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn the_indexes_find_what_a_scan_of_everything_finds() {
        let mut bytes = Vec::new();
        crate::generate::write_seed(
            crate::generate::Options {
                institutions: 300,
                seed: 5,
            },
            &mut bytes,
        )
        .unwrap();
        let generated = KnowledgeGraph::new(
            crate::seed::load_texts(&[("g.json", std::str::from_utf8(&bytes).unwrap())]).unwrap(),
        );
        let mut queries: Vec<String> = [
            "KazNU",
            "kaznu",
            "Казахский национальный",
            "深圳",
            "中国科学院",
            "大学",
            "XIEG",
            "Shenzen Univrsity",
            "petrolium",
            "arabi kaz",
            "rabi",
            "remote sensing",
            "zzzzqqq",
            "univ",
            "Univrsity of",
            "ins-12",
            "per 1234",
            "12",
            "1234567",
            "of",
            "a",
            "sciense",
            "Instiute of Tehcnology",
            "研究所",
            "大學",
            "Университет",
            "жамиға",
            "ka ra",
        ]
        .iter()
        .map(|q| q.to_string())
        .collect();
        // Names of generated records, misspelt in each of the ways a typo can be.
        for (i, entry) in generated
            .search_index()
            .entries
            .iter()
            .enumerate()
            .step_by(97)
        {
            let name: Vec<char> = entry.normalized.chars().collect();
            let at = i % name.len().max(1);
            let mut dropped = name.clone();
            dropped.remove(at);
            let mut swapped = name.clone();
            if at + 1 < swapped.len() {
                swapped.swap(at, at + 1);
            }
            let mut doubled = name.clone();
            doubled.insert(at, name[at]);
            let mut changed = name.clone();
            changed[at] = 'q';
            for variant in [dropped, swapped, doubled, changed] {
                queries.push(variant.into_iter().collect());
            }
            queries.push(name[..name.len() / 2].iter().collect());
            queries.push(name[name.len() / 3..].iter().collect());
        }
        for kg in [&bundled(), &generated] {
            let index = kg.search_index();
            for raw in &queries {
                let query = normalize(raw);
                if query.is_empty() {
                    continue;
                }
                let tokens: Vec<&str> = query.split(' ').collect();
                let indexed = index.rank(
                    &query,
                    &tokens,
                    index.candidates(&query, &tokens),
                    None,
                    1000,
                );
                let scanned = index.rank(
                    &query,
                    &tokens,
                    scanned_candidates(index, &query, &tokens),
                    None,
                    1000,
                );
                assert_eq!(indexed, scanned, "query {raw:?}");
            }
        }
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
