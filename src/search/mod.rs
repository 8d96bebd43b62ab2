//! Name search across every kind of record: ranked, case- and diacritic-insensitive, aware of
//! acronyms, aliases and names in other scripts, tolerant of small typos.
//!
//! Every name a record is known by becomes an entry, normalized once at load (Unicode NFKD,
//! combining marks dropped, lower-cased, punctuation to spaces). A query is normalized the same
//! way and scored against candidate entries found through a token vocabulary: exact and prefix
//! tokens by range lookup; one typo through a deletion index (a word is kept under itself and
//! each of its one-letter deletions, so a word one edit away shares one of these keys with the
//! query word's); two typos by Damerau-Levenshtein distance over the tokens of about the same
//! length that share enough letter pairs with the query's (a bigram index); and text without
//! spaces (Chinese) by substring among the entries that hold its rarest character.
//!
//! A name matches only if every query word matches one of its words (the first may also end
//! inside a word, "arabi kaz" in "al farabi kazakh", found through a suffix order of the
//! words), so the candidates are the entries of the rarest query word, not the union over all
//! words: a search for "Univrsity of Karamo" scores the few entries with a word like "karamo",
//! not every "university".
//!
//! Words with three digits or more (the numbers of record ids, "10037" of "ins-10037") are
//! found exactly and by prefix, never by typo: they are most of the distinct words of a large
//! graph, and a mistyped id is better not matched to another record's.
//!
//! The index is a few flat arrays rather than a structure per name or per word: a large graph
//! has millions of each, and one allocation each was most of the build's time and memory.
//!
//! - `mod.rs`: the index ([`SearchIndex`]) and its build from the records' names, the search
//!   itself (candidates, then ranking), [`SearchHit`] and [`NameField`].
//! - `normalize.rs`: [`normalize`], for names and queries alike.
//! - `vocabulary.rs`: the interned, sorted words and their lookups: exact, prefix, suffix, typos.
//! - `distance.rs`: typo distances between two words, and how many typos a word is allowed.
//! - `score.rs`: how well one name matches the query, by substring or word by word.
//! - `suggest.rs`: [`did_you_mean`], for messages about an unknown id or name.

mod distance;
mod normalize;
mod score;
mod suggest;
mod vocabulary;

use std::{ops::Range, sync::Arc};

use distance::allowed_typos;
pub(crate) use normalize::normalize;
use normalize::normalize_into;
use score::{BY_WORDS_AT_MOST, WordScorer, substring_score};
pub(crate) use suggest::did_you_mean;
use vocabulary::{Vocabulary, VocabularyBuilder, offset, word_in};

use crate::model::{NodeKind, NodeRef, Records};

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
    /// The name that matched, as written in the seed (shared with the record).
    pub matched: Arc<str>,
    /// Which kind of name it was.
    pub field: NameField,
}

struct Entry {
    /// The name as written, shared with the record.
    text: Arc<str>,
    index: u32,
    kind: NodeKind,
    field: NameField,
}

impl Entry {
    fn node(&self) -> NodeRef {
        NodeRef {
            kind: self.kind,
            index: self.index as usize,
        }
    }
}

/// The search index, built once per graph.
///
/// Entries are built kind by kind (in [`NodeKind::ALL`] order) and record by record, so the
/// entries of a kind are one range and a record's entries are next to each other.
#[derive(Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// The normalized names, end to end: entry e's is `normalized[ends[e - 1]..ends[e]]`.
    normalized: String,
    normalized_ends: Vec<u32>,
    /// The first entry of each kind, in [`NodeKind::ALL`] order, and the number of entries.
    kind_starts: [u32; NodeKind::ALL.len() + 1],
    vocabulary: Vocabulary,
    /// Entries holding each character of a script written without spaces.
    unspaced: foldhash::HashMap<char, Vec<u32>>,
}

/// The names of some records, normalized, with their words: the entries of a part of the
/// index, gathered on a thread of their own and then appended to those of the part before.
#[derive(Default)]
struct Names {
    entries: Vec<Entry>,
    normalized: String,
    normalized_ends: Vec<u32>,
    words: VocabularyBuilder,
    unspaced: foldhash::HashMap<char, Vec<u32>>,
}

impl Names {
    /// Every name of each of `nodes`, in order.
    fn of(records: &Records, nodes: impl Iterator<Item = NodeRef>) -> Self {
        let mut names = Names::default();
        for node in nodes {
            names.add(node, NameField::Name, records.label_arc_of(node));
            names.add(node, NameField::Id, records.id_of(node).as_arc());
            let i = node.index;
            let (localized, acronyms, aliases) = match node.kind {
                NodeKind::Institution => {
                    let r = &records.institutions[i];
                    (&r.names[..], &r.acronyms[..], &r.aliases[..])
                }
                NodeKind::Person => (&records.people[i].names[..], &[][..], &[][..]),
                NodeKind::Lab => (&records.labs[i].names[..], &[][..], &[][..]),
                NodeKind::Topic => (&records.topics[i].names[..], &[][..], &[][..]),
                _ => (&[][..], &[][..], &[][..]),
            };
            for name in localized {
                names.add(node, NameField::LocalizedName, name.value.as_arc());
            }
            for acronym in acronyms {
                names.add(node, NameField::Acronym, acronym.as_arc());
            }
            for alias in aliases {
                names.add(node, NameField::Alias, alias.as_arc());
            }
        }
        names
    }

    fn add(&mut self, node: NodeRef, field: NameField, text: &Arc<str>) {
        let start = self.normalized.len();
        normalize_into(text, &mut self.normalized);
        let normalized = &self.normalized[start..];
        if normalized.is_empty() {
            return;
        }
        let entry = u32::try_from(self.entries.len()).expect("fewer than 2^32 names");
        self.words.add(entry, normalized);
        if !normalized.is_ascii() {
            for c in normalized.chars().filter(|&c| is_unspaced_script(c)) {
                let postings = self.unspaced.entry(c).or_default();
                if postings.last() != Some(&entry) {
                    postings.push(entry);
                }
            }
        }
        self.normalized_ends.push(offset(self.normalized.len()));
        self.entries.push(Entry {
            text: text.clone(),
            index: u32::try_from(node.index).expect("fewer than 2^32 records of a kind"),
            kind: node.kind,
            field,
        });
    }

    /// Appends the names of the part after this one; no name is added after.
    fn append(&mut self, next: Names) {
        let (entries, text) = (offset(self.entries.len()), offset(self.normalized.len()));
        self.entries.extend(next.entries);
        self.normalized.push_str(&next.normalized);
        self.normalized_ends
            .extend(next.normalized_ends.iter().map(|end| end + text));
        for (c, postings) in next.unspaced {
            let all = self.unspaced.entry(c).or_default();
            all.extend(postings.iter().map(|entry| entry + entries));
        }
        self.words.append(next.words, entries);
    }
}

impl SearchIndex {
    /// Indexes every name of every record.
    pub fn build(records: &Records) -> Self {
        // The records in kind order, in two halves, each with its names gathered on a thread
        // of its own: normalizing and interning millions of names is most of the build.
        let half = records.nodes().count() / 2;
        let (mut names, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| Names::of(records, records.nodes().skip(half)));
            let first = Names::of(records, records.nodes().take(half));
            (
                first,
                second.join().expect("gathering names does not panic"),
            )
        });
        names.append(second);
        let Names {
            entries,
            normalized,
            normalized_ends,
            words,
            unspaced,
        } = names;
        let mut index = SearchIndex {
            entries,
            normalized,
            normalized_ends,
            unspaced,
            ..SearchIndex::default()
        };
        for (k, start) in index.kind_starts.iter_mut().enumerate() {
            *start = offset(index.entries.partition_point(|e| (e.kind as usize) < k));
        }
        index.entries.shrink_to_fit();
        index.normalized.shrink_to_fit();
        index.normalized_ends.shrink_to_fit();
        index.vocabulary = words.build();
        index
    }

    fn normalized_of(&self, entry: u32) -> &str {
        word_in(&self.normalized, &self.normalized_ends, entry)
    }

    /// The entries of records of `kind`.
    fn entries_of(&self, kind: NodeKind) -> Range<u32> {
        self.kind_starts[kind as usize]..self.kind_starts[kind as usize + 1]
    }

    /// A record's primary name, normalized as [`normalize`] does (kept from the build, so that
    /// ordering records by name needs no second normalization).
    pub fn normalized_name(&self, node: NodeRef) -> &str {
        let entries = self.entries_of(node.kind);
        let (from, to) = (entries.start as usize, entries.end as usize);
        let first =
            from + self.entries[from..to].partition_point(|e| (e.index as usize) < node.index);
        match self.entries.get(first) {
            Some(e)
                if first < to && e.index as usize == node.index && e.field == NameField::Name =>
            {
                self.normalized_of(first as u32)
            }
            // A name with no letters or digits has no entry.
            _ => "",
        }
    }

    /// The record of `kind` with exactly this name, acronym, alias or id, ignoring case,
    /// accents and punctuation.
    pub fn find_by_name(&self, kind: NodeKind, name: &str) -> Option<NodeRef> {
        let wanted = normalize(name);
        let first_token = wanted.split(' ').next()?;
        let word = self.vocabulary.find(first_token)?;
        let entries = self.entries_of(kind);
        self.vocabulary
            .postings(word)
            .iter()
            .copied()
            .filter(|e| entries.contains(e))
            .find(|&e| self.normalized_of(e) == wanted)
            .map(|e| self.entries[e as usize].node())
    }

    /// Records matching `query`, best first, at most `limit`, optionally of some kinds only.
    /// A query in Latin or Cyrillic letters also finds names written in the other script
    /// ("Kazakh" finds "Казахский"), and one with a space missing or misplaced finds the names
    /// its letters spell ("Shen zhen Universty", "shenzhenuniversity"), each a little below
    /// the names that match as typed.
    pub fn search(&self, query: &str, kinds: Option<&[NodeKind]>, limit: usize) -> Vec<SearchHit> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut hits = self.search_normalized(&query, kinds, limit);
        let alternatives = [normalize::transliterate(&query), self.respaced(&query)];
        for other in alternatives.into_iter().flatten() {
            // A name found another way scores at most ANOTHER_WAY_WEIGHT: when a full page
            // scores that or more, none could enter, and a common word is not searched twice.
            let full = hits.len() == limit
                && hits
                    .last()
                    .is_some_and(|h| h.score >= ANOTHER_WAY_WEIGHT - 1e-6);
            if full || other == query {
                continue;
            }
            for mut hit in self.search_normalized(&other, kinds, limit) {
                hit.score *= ANOTHER_WAY_WEIGHT;
                match hits.iter_mut().find(|kept| kept.node == hit.node) {
                    Some(kept) if kept.score >= hit.score => {}
                    Some(kept) => *kept = hit,
                    None => hits.push(hit),
                }
            }
            hits.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.matched.cmp(&b.matched))
                    .then_with(|| (a.node.kind, a.node.index).cmp(&(b.node.kind, b.node.index)))
            });
            hits.truncate(limit);
        }
        hits
    }

    /// The query with one space put right, when that spells words of the names: two words
    /// run together ("shen zhen" for "shenzhen"), a space moved ("shenzhe nuniversity"), or
    /// one missing ("shenzhenuniversity"). The last word may be the start of one, as it is
    /// where it stands in the query. None when no such change spells known words.
    fn respaced(&self, query: &str) -> Option<String> {
        let tokens: Vec<&str> = query.split(' ').collect();
        if tokens.len() > MAX_RESPACED_WORDS || query.chars().any(is_unspaced_script) {
            return None;
        }
        let v = &self.vocabulary;
        let known = |word: &str, last: bool| {
            v.find(word).is_some() || (last && !v.with_prefix(word).is_empty())
        };
        // Two words of at least two letters each that spell `word`.
        let split = |word: &str, last: bool| {
            word.char_indices()
                .map(|(at, _)| word.split_at(at))
                .filter(|(a, b)| a.chars().count() >= 2 && b.chars().count() >= 2)
                .find(|(a, b)| known(a, false) && known(b, last))
                .map(|(a, b)| format!("{a} {b}"))
        };
        let with = |from: usize, to: usize, words: String| {
            let mut out: Vec<&str> = tokens[..from].to_vec();
            out.push(&words);
            out.extend_from_slice(&tokens[to..]);
            out.join(" ")
        };
        let n = tokens.len();
        for i in 0..n.saturating_sub(1) {
            let joined = format!("{}{}", tokens[i], tokens[i + 1]);
            let last = i + 2 == n;
            if known(&joined, last) {
                return Some(with(i, i + 2, joined));
            }
            if let Some(words) =
                split(&joined, last).filter(|w| *w != format!("{} {}", tokens[i], tokens[i + 1]))
            {
                return Some(with(i, i + 2, words));
            }
        }
        (0..n).find_map(|i| split(tokens[i], i + 1 == n).map(|words| with(i, i + 1, words)))
    }

    fn search_normalized(
        &self,
        query: &str,
        kinds: Option<&[NodeKind]>,
        limit: usize,
    ) -> Vec<SearchHit> {
        // Words like "of" and "the" need not be in a name, so that "University of Ohio" finds
        // "Ohio University"; a query of nothing else keeps them.
        let words = query.split(' ');
        let mut tokens: Vec<&str> = words.clone().filter(|w| !is_stop_word(w)).collect();
        if tokens.is_empty() {
            tokens = words.collect();
        }
        let candidates = self.candidates(query, &tokens, kinds);
        self.rank(query, &tokens, candidates, kinds, limit)
    }

    /// Scores candidate entries (in entry order); the best hit per record, best first, at most
    /// `limit`.
    ///
    /// Only the best `limit` records so far are kept, in order; a name that does not hold the
    /// query as written scores at most [`BY_WORDS_AT_MOST`] (times its field's weight), so once
    /// that is below the last kept score, its words are not compared. A common word like
    /// "university" has a candidate in a great many names of a large graph, nearly all holding
    /// it as written.
    fn rank(
        &self,
        query: &str,
        tokens: &[&str],
        candidates: Vec<u32>,
        kinds: Option<&[NodeKind]>,
        limit: usize,
    ) -> Vec<SearchHit> {
        let order = |a: &(f32, u32), b: &(f32, u32)| {
            let (x, y) = (&self.entries[a.1 as usize], &self.entries[b.1 as usize]);
            b.0.total_cmp(&a.0)
                .then_with(|| x.text.cmp(&y.text))
                .then_with(|| (x.kind, x.index).cmp(&(y.kind, y.index)))
        };
        let mut words = WordScorer::new(tokens);
        // (score, entry) of the best records so far, best first, at most `limit`.
        let mut best: Vec<(f32, u32)> = Vec::new();
        let offer = |best: &mut Vec<(f32, u32)>, hit: (f32, u32)| {
            if best.len() == limit && best.last().is_none_or(|last| order(&hit, last).is_ge()) {
                return;
            }
            let at = best.partition_point(|kept| order(kept, &hit).is_lt());
            best.insert(at, hit);
            best.truncate(limit);
        };
        // The record being scored and its best entry so far: the first of its best, as a
        // record's entries are next to each other and come in order.
        let mut current: Option<(NodeRef, (f32, u32))> = None;
        for entry_index in candidates {
            let entry = &self.entries[entry_index as usize];
            if kinds.is_some_and(|k| !k.contains(&entry.kind)) {
                continue;
            }
            let node = entry.node();
            if let Some((record, hit)) = current
                && record != node
            {
                offer(&mut best, hit);
                current = None;
            }
            // A score below the last kept one cannot enter, nor change which of a kept
            // record's entries is its best.
            let floor = match best.last() {
                Some(&(last, _)) if best.len() == limit => last,
                _ => f32::NEG_INFINITY,
            };
            let weight = entry.field.weight();
            let name = self.normalized_of(entry_index);
            let score = match substring_score(query, name) {
                Some(score) => score,
                None if BY_WORDS_AT_MOST * weight < floor => continue,
                None => match words.score(name) {
                    Some(score) => score,
                    None => continue,
                },
            };
            let hit = (score * weight, entry_index);
            match &mut current {
                Some((_, kept)) => {
                    if hit.0 > kept.0 {
                        *kept = hit;
                    }
                }
                None => current = Some((node, hit)),
            }
        }
        if let Some((_, hit)) = current {
            offer(&mut best, hit);
        }
        best.into_iter()
            .map(|(score, entry_index)| self.hit(score, entry_index))
            .collect()
    }

    /// The hit for an entry and its score.
    fn hit(&self, score: f32, entry_index: u32) -> SearchHit {
        let entry = &self.entries[entry_index as usize];
        SearchHit {
            node: entry.node(),
            score,
            matched: Arc::clone(&entry.text),
            field: entry.field,
        }
    }

    /// Entries that may match, of `kinds` if given, in order: those with a word that every
    /// query word after the first starts or is a typo of (the first query word's alone, when it
    /// is the only one), and, for text written without spaces, entries that contain it.
    /// `score` decides.
    fn candidates(&self, query: &str, tokens: &[&str], kinds: Option<&[NodeKind]>) -> Vec<u32> {
        let v = &self.vocabulary;
        // Every matching entry has a word for each query word; the first query word may also
        // end a word followed by another (when the whole query is found inside the name),
        // unless it is alone. So any query word's words will do, and the one with the fewest
        // entries is best.
        let exact_words = |i: usize| -> Vec<u32> {
            let prefixed = v.with_prefix(tokens[i]);
            let suffixed = match i {
                0 if tokens.len() > 1 => v.with_suffix(tokens[0]),
                _ => &[],
            };
            let mut words = Vec::with_capacity(prefixed.len() + suffixed.len());
            words.extend(prefixed);
            words.extend_from_slice(suffixed);
            words
        };
        let ranges: Vec<Range<u32>> = match kinds {
            Some(kinds) => kinds.iter().map(|&k| self.entries_of(k)).collect(),
            None => std::iter::once(0..self.entries.len() as u32).collect(),
        };
        let parts = |postings| in_ranges(postings, &ranges);
        // A word's entries of the kinds asked for: what its candidates would cost.
        let entries_of = |w: u32| -> usize { parts(v.postings(w)).map(<[u32]>::len).sum() };
        let size = |words: &[u32]| -> usize { words.iter().map(|&w| entries_of(w)).sum() };
        // Typo lookups cost the most: a word whose exact matches alone already outnumber the
        // best choice so far is not looked up, and one stops once its typos' entries make it
        // no better. Words allowed fewer typos (whose lookups find fewer words, sooner) go
        // first, then those with fewer exact matches: "of" and "tosira" before "univesity",
        // whose lookup then stops as soon as it reaches "university".
        let mut by_typos: Vec<(usize, usize, usize, Vec<u32>)> = (0..tokens.len())
            .map(|i| {
                let words = exact_words(i);
                let typos = allowed_typos(tokens[i].chars().count());
                (typos, size(&words), i, words)
            })
            .collect();
        by_typos.sort_by_key(|&(typos, size, i, _)| (typos, size, i));
        let mut best: Option<(usize, Vec<u32>)> = None;
        for (typos, exact_size, i, mut words) in by_typos {
            let budget = match &best {
                Some((best_size, _)) if exact_size >= *best_size => continue,
                // Scoring this few costs less than a two-typo lookup would.
                Some((best_size, _)) if typos > 1 && *best_size <= FEW_ENOUGH_TO_SCORE => {
                    continue;
                }
                Some((best_size, _)) => best_size - exact_size,
                None => usize::MAX,
            };
            if typos > 0 {
                let Some(typo_words) = v.within(tokens[i], typos, budget, entries_of) else {
                    continue;
                };
                words.extend(typo_words);
            }
            let total = size(&words);
            if best
                .as_ref()
                .is_none_or(|(best_size, _)| total < *best_size)
            {
                best = Some((total, words));
            }
        }
        let mut found: Vec<u32> = Vec::new();
        for &w in best.map(|(_, words)| words).iter().flatten() {
            for part in parts(v.postings(w)) {
                found.extend_from_slice(part);
            }
        }
        let rarest = query
            .chars()
            .filter(|&c| is_unspaced_script(c))
            .map(|c| self.unspaced.get(&c).map_or(&[][..], Vec::as_slice))
            .min_by_key(|postings| postings.len());
        if let Some(postings) = rarest {
            found.extend(
                parts(postings)
                    .flatten()
                    .filter(|&&e| self.normalized_of(e).contains(query)),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// The parts of a list of entries (in order) in each of the ranges.
fn in_ranges<'a>(
    postings: &'a [u32],
    ranges: &'a [Range<u32>],
) -> impl Iterator<Item = &'a [u32]> + 'a {
    ranges.iter().map(move |range| {
        let from = postings.partition_point(|&e| e < range.start);
        let to = from + postings[from..].partition_point(|&e| e < range.end);
        &postings[from..to]
    })
}

/// Candidate entries so few that scoring them all costs less than a two-typo lookup, which
/// counts thousands of letter pairs: once a query word's words have no more, the other query
/// words are not looked up with two typos (a one-typo lookup costs a few probes).
const FEW_ENOUGH_TO_SCORE: usize = 256;

/// Whether a normalized word is one that names of institutions use for grammar, not meaning,
/// in the languages of the registries' names: "of", "the", "de", "der", "и"...
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "of" | "the"
            | "and"
            | "for"
            | "in"
            | "at"
            | "on"
            | "de"
            | "del"
            | "della"
            | "di"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "des"
            | "du"
            | "la"
            | "le"
            | "les"
            | "el"
            | "los"
            | "der"
            | "die"
            | "und"
            | "fur"
            | "et"
            | "y"
            | "e"
            | "и"
            | "имени"
    )
}

/// How much a name found through the query written another way (in the other of the Latin
/// and Cyrillic scripts, or with a space put right) counts, against one that matches as
/// typed: a romanisation is one of several, and a space may have been meant.
const ANOTHER_WAY_WEIGHT: f32 = 0.9;

/// The most words a query is re-spaced in: each pair of words costs a few lookups.
const MAX_RESPACED_WORDS: usize = 8;

/// Scripts written without spaces between words, where a query may be any part of a name.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

#[cfg(test)]
mod tests {
    use super::{distance::is_number, score::tests::word_score, *};
    use crate::graph::{KnowledgeGraph, tests::bundled};

    fn top(kg: &KnowledgeGraph, query: &str) -> String {
        let hits = kg.search_index().search(query, None, 5);
        let hit = hits
            .first()
            .unwrap_or_else(|| panic!("no hit for {query:?}"));
        kg.id_of(hit.node).to_string()
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
    fn kazakh_letters_and_the_other_script_are_found_as_people_type_them() {
        let kg = bundled();
        // KazNU's Kazakh name, typed on a Russian keyboard.
        assert_eq!(
            top(&kg, "Ал-Фараби атындагы Казак улттык университети"),
            "kaznu"
        );
        // Its Russian name, typed in Latin letters; and its English name in Cyrillic.
        assert_eq!(top(&kg, "Kazakhskii natsionalnyi universitet"), "kaznu");
        assert_eq!(top(&kg, "Шэньчжэнь"), top(&kg, "Shenzhen"));
        let score = |query: &str| kg.search_index().search(query, None, 1)[0].score;
        assert!(
            score("Kazakhskii natsionalnyi") < score("Казахский национальный"),
            "a name matched as typed ranks above one matched in the other script"
        );
    }

    #[test]
    fn a_space_missing_moved_or_too_many_is_put_right() {
        let kg = bundled();
        for query in [
            "Shen zhen University",
            "Shenzhenuniversity",
            "Shenzhe nUniversity",
            "Shen zhen Univ",
            "Al Farabi Kazakhnational",
        ] {
            let hits = kg.search_index().search(query, None, 5);
            let first = hits
                .first()
                .unwrap_or_else(|| panic!("no hit for {query:?}"));
            let expected = if query.starts_with("Al") {
                "kaznu"
            } else {
                "szu"
            };
            assert_eq!(kg.id_of(first.node).as_str(), expected, "{query:?}");
            assert!(first.score < 1.0, "{query:?} is not the name as written");
        }
        let index = kg.search_index();
        assert_eq!(index.respaced("shen zhen"), Some("shenzhen".to_owned()));
        assert_eq!(
            index.respaced("shenzhenuniversity"),
            Some("shenzhen university".to_owned())
        );
        assert_eq!(index.respaced("qwzx plorf"), None, "no known words");
    }

    #[test]
    fn words_like_of_and_the_need_not_be_in_the_name() {
        let kg = bundled();
        assert_eq!(top(&kg, "University of Shenzhen"), "szu");
        assert_eq!(
            top(&kg, "Institute for the Ecology and Geography of Xinjiang"),
            "xieg"
        );
        let exact =
            kg.search_index()
                .search("Xinjiang Institute of Ecology and Geography", None, 1);
        assert_eq!(
            exact[0].score, 1.0,
            "a name with its own stop words still matches exactly"
        );
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
    /// the whole vocabulary (but for ids' numbers), unspaced text by a scan of every entry.
    fn scanned_candidates(index: &SearchIndex, query: &str, tokens: &[&str]) -> Vec<u32> {
        let v = &index.vocabulary;
        let mut found: Vec<u32> = Vec::new();
        for token in tokens {
            for w in 0..v.len() as u32 {
                let word = v.word(w);
                let len = token.chars().count();
                let typos = allowed_typos(len);
                if word.starts_with(token)
                    || (typos > 0
                        && !is_number(word)
                        && word.chars().count().abs_diff(len) <= typos
                        && strsim::damerau_levenshtein(token, word) <= typos)
                {
                    found.extend(v.postings(w));
                }
            }
        }
        if query.chars().any(is_unspaced_script) {
            found.extend(
                (0..index.entries.len() as u32).filter(|&e| index.normalized_of(e).contains(query)),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn the_indexes_find_what_a_scan_of_everything_finds() {
        let generated = crate::generate::generated_graph(300, 5);
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
        let index = generated.search_index();
        for i in (0..index.entries.len()).step_by(97) {
            let name: Vec<char> = index.normalized_of(i as u32).chars().collect();
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
                let scanned = scanned_candidates(index, &query, &tokens);
                for kinds in [None, Some(&[NodeKind::Institution][..])] {
                    let indexed = index.rank(
                        &query,
                        &tokens,
                        index.candidates(&query, &tokens, kinds),
                        kinds,
                        1000,
                    );
                    let scanned = index.rank(&query, &tokens, scanned.clone(), kinds, 1000);
                    assert_eq!(indexed, scanned, "query {raw:?}, kinds {kinds:?}");
                }
            }
        }
    }

    /// Every candidate scored and sorted, as before `rank` kept only the best so far.
    fn ranked_by_scoring_all(
        index: &SearchIndex,
        query: &str,
        tokens: &[&str],
        candidates: &[u32],
        kinds: Option<&[NodeKind]>,
    ) -> Vec<SearchHit> {
        let mut best: Vec<(f32, u32)> = Vec::new();
        let mut last = None;
        for &e in candidates {
            let entry = &index.entries[e as usize];
            if kinds.is_some_and(|k| !k.contains(&entry.kind)) {
                continue;
            }
            let name = index.normalized_of(e);
            let Some(score) = substring_score(query, name).or_else(|| word_score(tokens, name))
            else {
                continue;
            };
            let score = score * entry.field.weight();
            match best.last_mut() {
                Some(slot) if last == Some(entry.node()) => {
                    if score > slot.0 {
                        *slot = (score, e);
                    }
                }
                _ => {
                    best.push((score, e));
                    last = Some(entry.node());
                }
            }
        }
        best.sort_by(|a, b| {
            let (x, y) = (&index.entries[a.1 as usize], &index.entries[b.1 as usize]);
            b.0.total_cmp(&a.0)
                .then_with(|| x.text.cmp(&y.text))
                .then_with(|| (x.kind, x.index).cmp(&(y.kind, y.index)))
        });
        best.into_iter()
            .map(|(score, e)| index.hit(score, e))
            .collect()
    }

    #[test]
    fn keeping_the_best_so_far_ranks_as_scoring_every_candidate() {
        let generated = crate::generate::generated_graph(300, 5);
        for kg in [&bundled(), &generated] {
            let index = kg.search_index();
            for raw in [
                "university",
                "univrsity",
                "institute",
                "of",
                "univ",
                "university of",
                "sciense",
                "national",
                "a",
                "per",
                "ins",
                "Shenzen Univrsity",
                "KazNU",
                "center",
                "research",
                // Query words with typos, whose distances to a name's words are remembered.
                "Univrsity of Sciense",
                "nationl institue of tecnology",
            ] {
                let query = normalize(raw);
                let tokens: Vec<&str> = query.split(' ').collect();
                for kinds in [None, Some(&[NodeKind::Institution][..])] {
                    let candidates = index.candidates(&query, &tokens, kinds);
                    let all = ranked_by_scoring_all(index, &query, &tokens, &candidates, kinds);
                    for limit in [1, 2, 5, 10, 50] {
                        let ranked = index.rank(&query, &tokens, candidates.clone(), kinds, limit);
                        let expected = &all[..all.len().min(limit)];
                        assert_eq!(ranked, expected, "{raw:?} {kinds:?} {limit}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_gathered_in_two_parts_index_as_in_one() {
        let kg = crate::generate::generated_graph(60, 3);
        let whole = Names::of(&kg, kg.nodes());
        assert!(
            !whole.unspaced.is_empty(),
            "names in a script without spaces"
        );
        let count = kg.nodes().count();
        let (normalized, ends, unspaced) =
            (&whole.normalized, &whole.normalized_ends, &whole.unspaced);
        let words = whole.words.build();
        for split in [1, count / 3, count - 1] {
            let mut parts = Names::of(&kg, kg.nodes().take(split));
            parts.append(Names::of(&kg, kg.nodes().skip(split)));
            assert_eq!(&parts.normalized, normalized, "split at {split}");
            assert_eq!(&parts.normalized_ends, ends);
            assert_eq!(&parts.unspaced, unspaced);
            let joined = parts.words.build();
            assert_eq!((&joined.text, &joined.ends), (&words.text, &words.ends));
            assert_eq!(
                (&joined.starts, &joined.postings),
                (&words.starts, &words.postings)
            );
            assert_eq!(joined.by_suffix, words.by_suffix);
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

    #[test]
    fn finds_an_ids_number_exactly_and_by_prefix_but_not_with_a_typo() {
        let kg = crate::generate::generated_graph(300, 5);
        let index = kg.search_index();
        let people = Some(&[NodeKind::Person][..]);
        let found = |query: &str| -> Vec<String> {
            index
                .search(query, people, 20)
                .iter()
                .map(|h| kg.id_of(h.node).to_string())
                .collect()
        };
        let wanted = "per-1234".to_string();
        assert_eq!(found("per-1234")[0], wanted);
        assert_eq!(found("1234")[0], wanted);
        assert!(found("per 123").contains(&wanted));
        assert!(found("123").contains(&wanted));
        // One edit away, but an id's number is not a word a typo may reach.
        for typo in ["1243", "per-1243", "12345", "per 1235", "1334"] {
            assert!(!found(typo).contains(&wanted), "{typo}");
        }
        let v = &index.vocabulary;
        let number = v.find("1234").expect("the word of per-1234");
        assert!(!v.typo_words.contains(&number));
        assert_eq!(
            v.within("1243", 1, usize::MAX, |w| v.postings(w).len()),
            Some(Vec::new())
        );
        // A word with two digits is still one a typo may reach.
        assert!(!is_number("b52") && is_number("b525") && is_number("1x2y3"));
    }

    #[test]
    fn keeps_each_records_normalized_name() {
        let kg = bundled();
        let index = kg.search_index();
        for kind in NodeKind::ALL {
            for i in 0..kg.len(kind) {
                let node = NodeRef { kind, index: i };
                assert_eq!(
                    index.normalized_name(node),
                    normalize(kg.label_of(node)),
                    "{node:?}"
                );
            }
        }
    }
}
