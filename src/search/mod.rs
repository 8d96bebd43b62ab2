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

use std::{cell::RefCell, ops::Range, sync::Arc};

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

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

/// Every token of every entry, sorted, with the entries it occurs in (flat, one allocation per
/// column rather than per word), and the indexes that find a word with typos or by suffix.
#[derive(Default)]
struct Vocabulary {
    /// The words in order, end to end: word w is `text[ends[w - 1]..ends[w]]`.
    text: String,
    ends: Vec<u32>,
    /// Entries of word w are `postings[starts[w]..starts[w + 1]]`, in entry order.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// The words a typo may reach (at most two digits), by length in characters (capped at
    /// `u8::MAX`), then in word order; a typo's "slot" is its place here.
    typo_words: Vec<u32>,
    /// The slots of the words of length l are `length_starts[l]..length_starts[l + 1]`.
    length_starts: Vec<u32>,
    /// Slots of the words holding each pair of adjacent characters (and of start or end mark
    /// and first or last character), in order, each word once per pair.
    bigrams: foldhash::HashMap<(char, char), Vec<u32>>,
    /// The one-typo index: each typo word of [`ONE_TYPO_REACH`] characters under its own hash
    /// and the hash of each of its one-character deletions, by the hash's bucket (its top
    /// bits): the words of bucket b are `deletion_words[deletion_starts[b]..deletion_starts[b +
    /// 1]]`, each once per key (a bucket may hold other words, whose hash shares its bits).
    deletion_starts: Vec<u32>,
    deletion_words: Vec<u32>,
    /// Ids of the words that some name has another word after, ordered by their reversed
    /// text, to find words by suffix: only a query of two words or more looks a word up by
    /// suffix, and then only as the first of its words inside a name (see `candidates`).
    by_suffix: Vec<u32>,
}

/// A word holds three digits or more: an id's number, found exactly and by prefix only.
fn is_number(word: &str) -> bool {
    word.bytes().filter(u8::is_ascii_digit).nth(2).is_some()
}

/// Interns the words of the names as they are indexed, and records which entries hold each.
#[derive(Default)]
struct VocabularyBuilder {
    /// Distinct words in order of first sight, end to end, as in [`Vocabulary`].
    text: String,
    ends: Vec<u32>,
    /// Word ids by text, hashed with `hasher`.
    ids: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::FixedState,
    /// (word, entry) for each distinct word of each entry, in entry order.
    occurrences: Vec<(u32, u32)>,
    /// The last entry each word was recorded for.
    last_entry: Vec<u32>,
    /// Whether some name has another word after the word.
    followed: Vec<bool>,
}

impl VocabularyBuilder {
    fn intern(&mut self, token: &str) -> u32 {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(token);
        let (text, ends) = (&self.text, &self.ends);
        let found = self
            .ids
            .find(hash, |&w| word_in(text, ends, w) == token)
            .copied();
        if let Some(w) = found {
            return w;
        }
        let w = u32::try_from(self.ends.len()).expect("fewer than 2^32 words");
        self.text.push_str(token);
        self.ends.push(offset(self.text.len()));
        self.last_entry.push(u32::MAX);
        self.followed.push(false);
        let (text, ends, hasher) = (&self.text, &self.ends, &self.hasher);
        self.ids
            .insert_unique(hash, w, |&w| hasher.hash_one(word_in(text, ends, w)));
        w
    }

    /// Records the words of entry `entry`, whose normalized name is `normalized`.
    fn add(&mut self, entry: u32, normalized: &str) {
        let mut tokens = normalized.split(' ').peekable();
        while let Some(token) = tokens.next() {
            let w = self.intern(token);
            if self.last_entry[w as usize] != entry {
                self.last_entry[w as usize] = entry;
                self.occurrences.push((w, entry));
            }
            if tokens.peek().is_some() {
                self.followed[w as usize] = true;
            }
        }
    }

    /// Appends the words of the names after these, whose entries are numbered from `entries`
    /// on; no name is added after.
    fn append(&mut self, next: VocabularyBuilder, entries: u32) {
        let ids: Vec<u32> = (0..next.ends.len() as u32)
            .map(|w| self.intern(word_in(&next.text, &next.ends, w)))
            .collect();
        for (w, &followed) in next.followed.iter().enumerate() {
            if followed {
                self.followed[ids[w] as usize] = true;
            }
        }
        self.occurrences.extend(
            next.occurrences
                .iter()
                .map(|&(w, entry)| (ids[w as usize], entry + entries)),
        );
    }

    fn build(self) -> Vocabulary {
        let VocabularyBuilder {
            text,
            ends,
            occurrences,
            followed,
            ..
        } = self;
        let count = ends.len();
        let old = |w: u32| word_in(&text, &ends, w);

        // Word ids in text order; sorting first by the first eight bytes as one number saves
        // most string comparisons (words hold no NUL, so zero padding sorts shorter first).
        let prefixes: Vec<u64> = (0..count as u32)
            .map(|w| {
                let mut key = [0u8; 8];
                let bytes = old(w).as_bytes();
                let n = bytes.len().min(8);
                key[..n].copy_from_slice(&bytes[..n]);
                u64::from_be_bytes(key)
            })
            .collect();
        let mut order: Vec<u32> = (0..count as u32).collect();
        order.sort_unstable_by(|&a, &b| {
            prefixes[a as usize]
                .cmp(&prefixes[b as usize])
                .then_with(|| old(a).cmp(old(b)))
        });
        drop(prefixes);
        let mut rank = vec![0u32; count];
        for (new, &w) in order.iter().enumerate() {
            rank[w as usize] = new as u32;
        }

        let mut v = Vocabulary {
            text: String::with_capacity(text.len()),
            ends: Vec::with_capacity(count),
            ..Vocabulary::default()
        };
        for &w in &order {
            v.text.push_str(old(w));
            v.ends.push(offset(v.text.len()));
        }

        // Postings by a counting sort of the occurrences on word: stable, so each word's
        // entries stay in entry order.
        let mut starts = vec![0u32; count + 1];
        for &(w, _) in &occurrences {
            starts[rank[w as usize] as usize + 1] += 1;
        }
        for w in 0..count {
            starts[w + 1] += starts[w];
        }
        let mut next = starts.clone();
        let mut postings = vec![0u32; occurrences.len()];
        for (w, entry) in occurrences {
            let slot = &mut next[rank[w as usize] as usize];
            postings[*slot as usize] = entry;
            *slot += 1;
        }
        drop(next);
        v.starts = starts;
        v.postings = postings;

        // Typo slots: the words without an id's number, by length, then in word order.
        let mut lengths: Vec<u8> = Vec::with_capacity(count);
        let mut length_starts = vec![0u32; u8::MAX as usize + 2];
        for w in 0..count as u32 {
            let word = v.word(w);
            let len = if is_number(word) {
                0
            } else {
                word.chars().count().min(u8::MAX as usize) as u8
            };
            // No word is empty, so length 0 marks the words left out.
            lengths.push(len);
            if len > 0 {
                length_starts[len as usize + 1] += 1;
            }
        }
        for l in 0..=u8::MAX as usize {
            length_starts[l + 1] += length_starts[l];
        }
        let mut next = length_starts.clone();
        let mut typo_words = vec![0u32; length_starts[u8::MAX as usize + 1] as usize];
        for (w, &len) in lengths.iter().enumerate() {
            if len > 0 {
                let slot = &mut next[len as usize];
                typo_words[*slot as usize] = w as u32;
                *slot += 1;
            }
        }
        drop(lengths);
        let mut chars = Vec::new();
        for (slot, &w) in typo_words.iter().enumerate() {
            chars.clear();
            chars.extend(v.word(w).chars());
            for pair in letter_pairs(&chars) {
                v.bigrams.entry(pair).or_default().push(slot as u32);
            }
        }
        v.typo_words = typo_words;
        v.length_starts = length_starts;
        v.index_deletions();

        // Ordered by reversed bytes: words with a common ending (in bytes, so also in
        // characters) are next to each other.
        let mut by_suffix: Vec<u32> = (0..count as u32)
            .filter(|&w| followed[order[w as usize] as usize])
            .collect();
        by_suffix.sort_unstable_by(|&a, &b| v.word(a).bytes().rev().cmp(v.word(b).bytes().rev()));
        v.by_suffix = by_suffix;
        v
    }
}

/// Word or entry `i` of text stored end to end with the end of each in `ends`.
fn word_in<'a>(text: &'a str, ends: &[u32], i: u32) -> &'a str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// A text offset as stored: the index's texts stay under 4 GiB.
fn offset(len: usize) -> u32 {
    u32::try_from(len).expect("the search index's text stays under 4 GiB")
}

thread_local! {
    /// The counts of shared letter pairs of a typo lookup, kept between queries on a thread so
    /// that a lookup neither allocates nor clears more than it touches.
    static PAIR_COUNTS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Vocabulary {
    fn word(&self, w: u32) -> &str {
        word_in(&self.text, &self.ends, w)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Words that end with `token` and have another word after them in some name.
    fn with_suffix(&self, token: &str) -> &[u32] {
        let start = self
            .by_suffix
            .partition_point(|&w| self.word(w).bytes().rev().lt(token.bytes().rev()));
        let end =
            start + self.by_suffix[start..].partition_point(|&w| self.word(w).ends_with(token));
        &self.by_suffix[start..end]
    }

    fn postings(&self, word: u32) -> &[u32] {
        &self.postings[self.starts[word as usize] as usize..self.starts[word as usize + 1] as usize]
    }

    fn find(&self, word: &str) -> Option<u32> {
        let w = self.partition_point(|w| w < word);
        (w < self.len() && self.word(w as u32) == word).then_some(w as u32)
    }

    fn partition_point(&self, before: impl Fn(&str) -> bool) -> usize {
        self.partition_point_in(0..self.len(), before)
    }

    /// [`Self::partition_point`] within `words`, which `before` must split the same way.
    fn partition_point_in(&self, words: Range<usize>, before: impl Fn(&str) -> bool) -> usize {
        let (mut low, mut high) = (words.start, words.end);
        while low < high {
            let mid = low + (high - low) / 2;
            if before(self.word(mid as u32)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }

    /// Words that start with `token`. They follow one another from the first word not before
    /// it, so their end is found by galloping from there (a few steps for the usual handful of
    /// words) rather than by a second search of the whole vocabulary.
    fn with_prefix(&self, token: &str) -> Range<u32> {
        let start = self.partition_point(|w| w < token);
        let prefixed = |w: &str| w.starts_with(token);
        // Every word in start..low starts with `token`.
        let (mut low, mut step) = (start, 1);
        while low + step <= self.len() && prefixed(self.word((low + step - 1) as u32)) {
            low += step;
            step *= 2;
        }
        let end = self.partition_point_in(low..(low + step - 1).min(self.len()), prefixed);
        start as u32..end as u32
    }

    /// Builds the one-typo index from the typo words: a counting sort of their keys on bucket.
    fn index_deletions(&mut self) {
        let slots = self.length_starts[*ONE_TYPO_REACH.start()] as usize
            ..self.length_starts[ONE_TYPO_REACH.end() + 1] as usize;
        // (top 32 bits of the key's hash, word) of every key; a word of n characters has n + 1.
        let mut keys: Vec<(u32, u32)> = Vec::new();
        let mut buffer = String::new();
        for &w in &self.typo_words[slots] {
            deletion_keys(word_in(&self.text, &self.ends, w), &mut buffer, |key| {
                keys.push(((deletion_hash(key) >> 32) as u32, w));
            });
        }
        // About two buckets a key, a power of two: a bucket is the hash's top bits.
        let bits = (2 * keys.len())
            .next_power_of_two()
            .trailing_zeros()
            .clamp(1, 32);
        let mut starts = vec![0u32; (1usize << bits) + 1];
        for (hash, _) in &mut keys {
            *hash >>= 32 - bits;
            starts[*hash as usize + 1] += 1;
        }
        for b in 0..1usize << bits {
            starts[b + 1] += starts[b];
        }
        let mut next = starts.clone();
        let mut words = vec![0u32; keys.len()];
        for (bucket, w) in keys {
            let slot = &mut next[bucket as usize];
            words[*slot as usize] = w;
            *slot += 1;
        }
        self.deletion_starts = starts;
        self.deletion_words = words;
    }

    /// The words of the one-typo index under `key`, with others that share its bucket.
    fn under_deletion_key(&self, key: &str) -> &[u32] {
        let Some(buckets) = self.deletion_starts.len().checked_sub(1).filter(|&b| b > 0) else {
            return &[];
        };
        let bucket = (deletion_hash(key) >> (64 - buckets.trailing_zeros())) as usize;
        let (from, to) = (
            self.deletion_starts[bucket],
            self.deletion_starts[bucket + 1],
        );
        &self.deletion_words[from as usize..to as usize]
    }

    /// Words within `typos` Damerau-Levenshtein edits of `token`, of those a typo may reach;
    /// None as soon as they are found in `budget` entries or more (a word counting for
    /// `entries_of(word)`), when a caller has a smaller set of candidates already.
    fn within(
        &self,
        token: &str,
        typos: usize,
        budget: usize,
        entries_of: impl Fn(u32) -> usize,
    ) -> Option<Vec<u32>> {
        let query_word = QueryWord::new(token, typos);
        let len = query_word.len;
        // A word a typo may reach has at most two digits: each further digit of the token
        // needs an edit.
        if token.bytes().filter(u8::is_ascii_digit).count() > 2 + typos {
            return Some(Vec::new());
        }
        // Only words of about the same length: one range of slots.
        let cap = |l: usize| l.min(u8::MAX as usize);
        let low = self.length_starts[cap(len.saturating_sub(typos).max(1))];
        let high = self.length_starts[cap(len + typos) + 1];
        let close = |w: u32| query_word.distance(self.word(w)).is_some();
        // Each word that passes is checked at once, so that a lookup over budget stops as soon
        // as it is (a common word like "university" for "univesity" reaches the pair count
        // halfway through the counting); false then.
        let mut words: Vec<u32> = Vec::new();
        let mut entries = 0;
        let mut keep = |w: u32| -> bool {
            if close(w) {
                entries += entries_of(w);
                if entries >= budget {
                    return false;
                }
                words.push(w);
            }
            true
        };
        if typos == 1
            && ONE_TYPO_REACH.contains(&len.saturating_sub(1))
            && ONE_TYPO_REACH.contains(&(len + 1))
        {
            // A word one edit away shares a key with the token: the token itself or one of its
            // deletions is the word or one of the word's (a transposition or a substitution
            // deletes the same letter from both).
            let mut found: Vec<u32> = Vec::new();
            deletion_keys(token, &mut String::new(), |key| {
                found.extend_from_slice(self.under_deletion_key(key));
            });
            found.sort_unstable();
            found.dedup();
            return found.into_iter().all(keep).then_some(words);
        }
        let pairs = letter_pairs(&token.chars().collect::<Vec<char>>());
        // One edit changes at most three letter pairs (a transposition: ab, bc, cd in abcd ->
        // acbd), so a word within `typos` edits keeps at least this many of the token's pairs.
        let needed = pairs.len() as isize - 3 * typos as isize;
        let mut keep_slot = |slot: u32| keep(self.typo_words[slot as usize]);
        let within_budget = if needed >= 1 {
            let needed = needed as usize;
            let mut lists: Vec<&[u32]> = pairs
                .iter()
                .filter_map(|pair| self.bigrams.get(pair))
                .map(|slots| {
                    let from = slots.partition_point(|&s| s < low);
                    let to = from + slots[from..].partition_point(|&s| s < high);
                    &slots[from..to]
                })
                .collect();
            // Shortest first: a word over budget reaches the count after the fewest slots.
            lists.sort_unstable_by_key(|list| list.len());
            // Count each word's shared pairs in one array over the range of slots. (Counting
            // only the words of the shortest lists, then searching the longer lists for
            // them, was slower: they are thousands, to sort and to search.)
            PAIR_COUNTS.with_borrow_mut(|counts| {
                let width = (high - low) as usize;
                if counts.len() < width {
                    counts.resize(width, 0);
                }
                // How far the counting went: whole lists, then a part of the next one.
                let mut counted = (lists.len(), 0);
                'count: for (i, list) in lists.iter().enumerate() {
                    for (j, &slot) in list.iter().enumerate() {
                        let count = &mut counts[(slot - low) as usize];
                        *count += 1;
                        if *count as usize == needed && !keep_slot(slot) {
                            counted = (i, j + 1);
                            break 'count;
                        }
                    }
                }
                let (whole, part) = counted;
                let last = lists.get(whole).map_or(&[][..], |list| &list[..part]);
                for &slot in lists[..whole].iter().copied().flatten().chain(last) {
                    counts[(slot - low) as usize] = 0;
                }
                whole == lists.len()
            })
        } else {
            // Too few distinct pairs to tell (a word like "aaaa"): every word of about the
            // same length.
            (low..high).all(keep_slot)
        };
        within_budget.then(|| {
            words.sort_unstable();
            words
        })
    }
}

/// Lower-case, strip diacritics and turn punctuation into single spaces.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Appends [`normalize`]`(text)` to `out`.
fn normalize_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        // The same result without Unicode tables: ASCII has no decompositions or marks.
        words_of(text.chars().map(|c| c.to_ascii_lowercase()), out)
    } else {
        words_of(unicode_chars(text), out)
    }
}

/// [`normalize`]'s characters for any text: decomposed (NFKD), marks dropped, lower-cased.
fn unicode_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
}

/// [`normalize`] for any text, by the Unicode path alone.
#[cfg(test)]
fn normalize_unicode(text: &str) -> String {
    let mut out = String::new();
    words_of(unicode_chars(text), &mut out);
    out
}

/// Appends the letters and digits of `chars` to `out`, each run of anything else made one
/// space, none at the ends.
fn words_of(chars: impl Iterator<Item = char>, out: &mut String) {
    let start = out.len();
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
    if out.len() > start && out.ends_with(' ') {
        out.pop();
    }
}

/// How many edits a token of this length may be off by and still match.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
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
    pub fn search(&self, query: &str, kinds: Option<&[NodeKind]>, limit: usize) -> Vec<SearchHit> {
        let query = normalize(query);
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let tokens: Vec<&str> = query.split(' ').collect();
        let candidates = self.candidates(&query, &tokens, kinds);
        self.rank(&query, &tokens, candidates, kinds, limit)
    }

    /// Scores candidate entries (in entry order); the best hit per record, best first, at most
    /// `limit`.
    ///
    /// Only the best `limit` records so far are kept, in order; a name that does not hold the
    /// query as written scores at most [`BY_WORDS_AT_MOST`] (times its field's weight), so once
    /// that is below the last kept score, its words are not compared. A common word like
    /// "university" has a hundred thousand candidates, nearly all holding it as written.
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

/// The lengths of the words that a query word allowed one typo (see [`allowed_typos`]) may
/// reach, in characters: these are in the one-typo index.
const ONE_TYPO_REACH: std::ops::RangeInclusive<usize> = 3..=7;

/// Calls `each` with the keys of `word` in the one-typo index: the word, then the word with
/// each of its characters left out (written in `buffer`).
fn deletion_keys(word: &str, buffer: &mut String, mut each: impl FnMut(&str)) {
    each(word);
    for (at, c) in word.char_indices() {
        buffer.clear();
        buffer.push_str(&word[..at]);
        buffer.push_str(&word[at + c.len_utf8()..]);
        each(buffer);
    }
}

/// The hash of a key of the one-typo index.
fn deletion_hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(key)
}

/// Candidate entries so few that scoring them all costs less than a two-typo lookup, which
/// counts thousands of letter pairs: once a query word's words have no more, the other query
/// words are not looked up with two typos (a one-typo lookup costs a few probes).
const FEW_ENOUGH_TO_SCORE: usize = 256;

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

/// A query word, its characters decoded once for the typo distances to the many words it is
/// compared with.
struct QueryWord<'q> {
    text: &'q str,
    /// Its first [`SHORT_WORD`] characters, and how many it has in all.
    chars: [char; SHORT_WORD],
    len: usize,
    /// The edits a word may be from it and still match.
    typos: usize,
}

impl<'q> QueryWord<'q> {
    fn new(text: &'q str, typos: usize) -> Self {
        // A longer word (hardly any) is compared by strsim, which does not need its characters.
        let (chars, len) =
            chars_of(text).unwrap_or_else(|| (['\0'; SHORT_WORD], text.chars().count()));
        QueryWord {
            text,
            chars,
            len,
            typos,
        }
    }

    /// Whether `word`'s length allows it to be within this word's typos, told without decoding
    /// it: it has no more characters than bytes, and an ASCII word as many.
    fn may_be_near(&self, word: &str) -> bool {
        word.len() + self.typos >= self.len
            && (word.len() <= self.len + self.typos || !word.is_ascii())
    }

    /// How many edits `word` is from this one, if at most its typos and `word` is one a typo
    /// may reach (not an id's number).
    fn distance(&self, word: &str) -> Option<usize> {
        if self.typos == 0 || !self.may_be_near(word) {
            return None;
        }
        // Two ASCII words (most words; this one's bytes are its characters) are compared byte by
        // byte, without decoding.
        let short = |len: usize| len <= SHORT_WORD;
        let distance = if self.text.len() == self.len
            && short(self.len)
            && short(word.len())
            && word.is_ascii()
        {
            bounded_distance(self.text.as_bytes(), word.as_bytes(), self.typos)
        } else {
            match chars_of(word) {
                Some((word_chars, n)) if self.len <= SHORT_WORD => {
                    bounded_distance(&self.chars[..self.len], &word_chars[..n], self.typos)
                }
                _ => {
                    Some(strsim::damerau_levenshtein(self.text, word)).filter(|&d| d <= self.typos)
                }
            }
        };
        // Most words are far: whether one is a number is asked of the few that are near.
        distance.filter(|_| !is_number(word))
    }
}

/// A letter of a word compared by typo distance: a `char`, or a byte of an ASCII word (which
/// needs no decoding, and is most words).
trait Letter: Copy + Eq {
    /// A number for the letter, the same as its character's.
    fn code(self) -> usize;
}

impl Letter for char {
    fn code(self) -> usize {
        self as usize
    }
}

impl Letter for u8 {
    fn code(self) -> usize {
        self as usize
    }
}

/// The Damerau-Levenshtein distance of two short words if it is at most `bound`: cheap tests
/// first (lengths, [`one_edit_apart`], then letters one word has and the other lacks, each
/// needing an edit), the matrix last.
fn bounded_distance<L: Letter>(a: &[L], b: &[L], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    // Within one edit is the usual case of a word that is near at all ("univesity" and
    // "university"), and a single pass finds it.
    let near = one_edit_apart(a, b);
    if near.is_some() || bound <= 1 {
        return near.filter(|&d| d <= bound);
    }
    if unshared_letters(a, b) > bound {
        return None;
    }
    bounded_damerau_levenshtein(a, b, bound)
}

/// The Damerau-Levenshtein distance of two words if it is at most one, in one pass: past their
/// common start and end, what is left must be one letter changed, added or dropped, or two
/// letters swapped.
fn one_edit_apart<L: Letter>(a: &[L], b: &[L]) -> Option<usize> {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[start..], &b[start..]);
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    match (&a[..a.len() - end], &b[..b.len() - end]) {
        ([], []) => Some(0),
        ([_], [_]) | ([_], []) | ([], [_]) => Some(1),
        ([w, x], [y, z]) if w == z && x == y => Some(1),
        _ => None,
    }
}

/// Characters of the words compared on the stack; longer words (hardly any) go to strsim.
const SHORT_WORD: usize = 32;

/// The characters of a word of at most [`SHORT_WORD`] of them, on the stack.
fn chars_of(text: &str) -> Option<([char; SHORT_WORD], usize)> {
    let mut chars = ['\0'; SHORT_WORD];
    let mut len = 0;
    for c in text.chars() {
        *chars.get_mut(len)? = c;
        len += 1;
    }
    Some((chars, len))
}

/// A lower bound of the Damerau-Levenshtein distance of `a` and `b`, cheaper than it: the
/// larger number of letters either has that the other lacks, counted with repeats. A
/// substitution removes at most one such letter from each side, an insertion or a deletion one
/// from one side, and a transposition none.
fn unshared_letters<L: Letter>(a: &[L], b: &[L]) -> usize {
    // Counts of a's ASCII characters less b's (words of at most SHORT_WORD characters, so no
    // overflow); other characters (rare) count as shared whenever the other word has them at
    // all, which only lowers the bound.
    let mut counts = [0i8; 128];
    for &c in a {
        if let Some(count) = counts.get_mut(c.code()) {
            *count += 1;
        }
    }
    let mut only_b = 0;
    for &c in b {
        match counts.get_mut(c.code()) {
            Some(count) => {
                *count -= 1;
                if *count < 0 {
                    only_b += 1;
                }
            }
            None if a.contains(&c) => {}
            None => only_b += 1,
        }
    }
    let only_a = a.len().saturating_sub(b.len() - only_b);
    only_a.max(only_b)
}

/// The (unrestricted) Damerau-Levenshtein distance of `a` and `b` (of at most [`SHORT_WORD`]
/// characters each), as `strsim::damerau_levenshtein` gives it but without its allocations (a
/// matrix and a hash map per call), if it is at most `bound`; stops as soon as it cannot be.
///
/// Each row of the matrix (the first i characters of a against every prefix of b) has a
/// minimum no smaller than the previous row's, transpositions included (one reaching back k
/// rows costs k - 1 deletions more, and a row's minimum grows by at most one a row), and the
/// distance is in the last row: once a row's minimum exceeds the bound, so does the distance.
fn bounded_damerau_levenshtein<L: Letter>(a: &[L], b: &[L], bound: usize) -> Option<usize> {
    let (m, n) = (a.len(), b.len());
    debug_assert!(m <= SHORT_WORD && n <= SHORT_WORD);
    if m == 0 || n == 0 {
        return Some(m.max(n)).filter(|&d| d <= bound);
    }
    // strsim's layout: row i + 1 and column j + 1 hold the distance between the first i
    // characters of a and the first j of b; row and column 0 hold a bound larger than any.
    let width = n + 2;
    DISTANCE_MATRIX.with_borrow_mut(|d| bounded_in(d, a, b, width, bound))
}

/// A matrix for [`bounded_damerau_levenshtein`], kept between calls on a thread rather than
/// cleared for each (1 KiB): a call writes every cell it reads.
const MATRIX_CELLS: usize = (SHORT_WORD + 2) * (SHORT_WORD + 2);

thread_local! {
    static DISTANCE_MATRIX: RefCell<[u8; MATRIX_CELLS]> = const { RefCell::new([0; MATRIX_CELLS]) };
}

/// [`bounded_damerau_levenshtein`] of words neither empty, in matrix `d` of rows `width` long.
fn bounded_in<L: Letter>(
    d: &mut [u8; MATRIX_CELLS],
    a: &[L],
    b: &[L],
    width: usize,
    bound: usize,
) -> Option<usize> {
    let (m, n) = (a.len(), b.len());
    let most = (m + n) as u8;
    d[0] = most;
    for i in 0..=m {
        d[(i + 1) * width] = most;
        d[(i + 1) * width + 1] = i as u8;
    }
    for j in 0..=n {
        d[j + 1] = most;
        d[width + j + 1] = j as u8;
    }
    // The last row (1-based, before the current one) whose character of a is b's j-th.
    let mut last_row = [0u8; SHORT_WORD];
    for i in 1..=m {
        let mut last_column = 0;
        let mut row_min = i as u8;
        for j in 1..=n {
            let k = last_row[j - 1] as usize;
            let insertion = d[i * width + j + 1] + 1;
            let deletion = d[(i + 1) * width + j] + 1;
            let transposition =
                d[k * width + last_column] + (i - k - 1) as u8 + 1 + (j - last_column - 1) as u8;
            let mut substitution = d[i * width + j] + 1;
            if a[i - 1] == b[j - 1] {
                last_column = j;
                substitution -= 1;
            }
            let cell = substitution.min(insertion).min(deletion).min(transposition);
            d[(i + 1) * width + j + 1] = cell;
            row_min = row_min.min(cell);
        }
        if row_min as usize > bound {
            return None;
        }
        for j in 1..=n {
            if b[j - 1] == a[i - 1] {
                last_row[j - 1] = i as u8;
            }
        }
    }
    Some(d[(m + 1) * width + n + 1] as usize).filter(|&d| d <= bound)
}

/// How well a normalized name matches a normalized query, in (0, 1], or None: this, else
/// [`WordScorer::score`]. The score of a name that is, starts with or holds the query as
/// written.
fn substring_score(query: &str, name: &str) -> Option<f32> {
    match first_occurrence(name, query)? {
        0 if name.len() == query.len() => Some(1.0),
        0 => Some(0.9),
        _ => (query.chars().count() >= 2).then_some(0.8),
    }
}

/// Where `needle` first occurs in `haystack`, by a scan for its first and last bytes. The
/// haystacks are names, a few dozen bytes: `str::find` and `contains` spend more preparing
/// their search (and calling `memcmp` where first and last bytes agree) than this spends
/// scanning, and few places of a name have both bytes at the right distance. Both are UTF-8,
/// so a match of their bytes starts and ends at characters.
fn first_occurrence(haystack: &str, needle: &str) -> Option<usize> {
    let (haystack, needle) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, &last)) = needle.first().zip(needle.last()) else {
        return Some(0);
    };
    haystack
        .windows(needle.len())
        .position(|place| place[0] == first && place[place.len() - 1] == last && place == needle)
}

/// Above any [`WordScorer::score`]: 0.75 at most, and a little more for rounding.
const BY_WORDS_AT_MOST: f32 = 0.76;

/// Scores names by their words against a query's words, remembering the distance of each
/// query word to each name word it was compared with: a query's candidates share most of their
/// words ("university" in nearly every one), and a distance costs a few hundred nanoseconds.
struct WordScorer<'q, 'n> {
    /// The query words, each allowed the typos its length allows.
    query: Vec<QueryWord<'q>>,
    /// Indexes of `query`, words allowed fewer typos first: a name is rejected as soon as one
    /// query word finds no word in it, and those are cheapest to look for.
    order: Vec<usize>,
    /// Distances by (query word, name word), for query words allowed two typos or more: one
    /// is a matrix of a few hundred cells, where a typo of one is a single pass, cheaper than
    /// looking it up.
    distances: foldhash::HashMap<(usize, &'n str), Option<usize>>,
    /// The words of the name being scored, split once for all the query words.
    name_words: Vec<&'n str>,
    /// The best score of each query word in the name being scored, by index of `query`.
    best: Vec<f32>,
}

impl<'q, 'n> WordScorer<'q, 'n> {
    fn new(tokens: &[&'q str]) -> Self {
        let query: Vec<QueryWord> = tokens
            .iter()
            .map(|&token| QueryWord::new(token, allowed_typos(token.chars().count())))
            .collect();
        let mut order: Vec<usize> = (0..query.len()).collect();
        order.sort_by_key(|&i| query[i].typos);
        // Room for a search's distances up front (growing cost four rehashes a search), where
        // any will be remembered.
        let remembered = if query.iter().any(|w| w.typos >= 2) {
            64
        } else {
            0
        };
        WordScorer {
            best: vec![0.0; query.len()],
            query,
            order,
            distances: foldhash::HashMap::with_capacity_and_hasher(remembered, Default::default()),
            name_words: Vec::new(),
        }
    }

    /// The score of a name with a word for each query word (the same, one it starts, or one a
    /// few typos away), or None: at most 0.75, less for typos and for other words in the name.
    fn score(&mut self, name: &'n str) -> Option<f32> {
        // Normalized words are separated by single spaces. `split(' ')` would look for each
        // with memchr, which costs more than the few bytes of a word.
        self.name_words.clear();
        let mut start = 0;
        for (at, &byte) in name.as_bytes().iter().enumerate() {
            if byte == b' ' {
                self.name_words.push(&name[start..at]);
                start = at + 1;
            }
        }
        self.name_words.push(&name[start..]);
        for &i in &self.order {
            let query_word = &self.query[i];
            let (token, len) = (query_word.text, query_word.len);
            let mut best = 0.0f32;
            for &word in &self.name_words {
                // Most words start with another letter: no call to `memcmp` for them.
                let same_start = word.as_bytes().first() == token.as_bytes().first();
                let score = if same_start && word == token {
                    1.0
                } else if same_start && len >= 2 && word.starts_with(token) {
                    0.85
                } else {
                    let distance = match query_word.typos {
                        0 => None,
                        // Too short or too long to be near: not worth a call or a look-up.
                        _ if !query_word.may_be_near(word) => None,
                        1 => query_word.distance(word),
                        _ => *self
                            .distances
                            .entry((i, word))
                            .or_insert_with(|| query_word.distance(word)),
                    };
                    distance.map_or(0.0, |d| 1.0 - 0.5 * d as f32 / len as f32)
                };
                best = best.max(score);
            }
            if best == 0.0 {
                return None;
            }
            self.best[i] = best;
        }
        // All query words found; a name with fewer other words is a closer match. (Summed in
        // the query's order, whatever order they were looked for in: the same floats.)
        let total: f32 = self.best.iter().sum();
        let words = self.name_words.len();
        let query_words = self.query.len();
        let coverage = query_words as f32 / words.max(query_words) as f32;
        Some(0.75 * total / query_words as f32 * (0.8 + 0.2 * coverage))
    }
}

/// `" (did you mean \"x\"?)"` for the candidate closest to `wanted`, or `""` if none is close.
pub(crate) fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let wanted_lower = wanted.to_lowercase();
    let best = candidates
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wanted_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.chars().count() / 3).max(2))
        .min();
    match best {
        Some((_, candidate)) => format!(" (did you mean \"{candidate}\"?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{KnowledgeGraph, tests::bundled};

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

    #[test]
    fn words_with_a_prefix_are_those_a_scan_of_the_vocabulary_finds() {
        let kg = bundled();
        let v = &kg.search_index().vocabulary;
        // Every prefix of every word (so blocks of one word, of many, at both ends), and
        // tokens before, after and between the words.
        let mut tokens: Vec<String> = vec![String::new(), "0".into(), "zzzz".into(), "ё".into()];
        for w in 0..v.len() as u32 {
            let word = v.word(w);
            tokens.extend(word.char_indices().map(|(at, _)| word[..at].to_owned()));
            tokens.extend([word.to_owned(), format!("{word}a")]);
        }
        for token in &tokens {
            let scanned: Vec<u32> = (0..v.len() as u32)
                .filter(|&w| v.word(w).starts_with(token.as_str()))
                .collect();
            let found: Vec<u32> = v.with_prefix(token).collect();
            assert_eq!(found, scanned, "{token:?}");
        }
    }

    #[test]
    fn the_typo_index_agrees_with_a_scan_of_the_vocabulary() {
        let kg = bundled();
        let v = &kg.search_index().vocabulary;
        let entries = |w: u32| v.postings(w).len();
        for token in [
            "kazakh",
            "kazak",
            "univrsity",
            "nationl",
            "aaaa",
            "a1234",
            "sciense",
            "大学",
            // One typo, through the deletion index: a transposition, a letter too many, one
            // missing, one changed, in Latin and in Cyrillic (letters of two bytes).
            "kazahk",
            "иммени",
            "frabi",
            "имени",
            "имеи",
            "қазак",
            "ұлтық",
        ] {
            for typos in 1..=2 {
                let scanned: Vec<u32> = (0..v.len() as u32)
                    .filter(|&w| {
                        let word = v.word(w);
                        !is_number(word) && strsim::damerau_levenshtein(token, word) <= typos
                    })
                    .collect();
                assert_eq!(
                    v.within(token, typos, usize::MAX, entries).as_ref(),
                    Some(&scanned),
                    "{token:?} within {typos}"
                );
                // With a budget: all of them when they have fewer entries, else none.
                let total: usize = scanned.iter().map(|&w| entries(w)).sum();
                for budget in [total, total + 1] {
                    let expected = (total < budget || scanned.is_empty()).then(|| scanned.clone());
                    assert_eq!(
                        v.within(token, typos, budget, entries),
                        expected,
                        "{token:?} {budget}"
                    );
                }
            }
        }
    }

    /// [`WordScorer::score`] as written down, computing each distance when it is needed.
    fn word_score(tokens: &[&str], name: &str) -> Option<f32> {
        let mut total = 0.0;
        for token in tokens {
            let len = token.chars().count();
            let best = name
                .split(' ')
                .map(|word| {
                    if word == *token {
                        1.0
                    } else if len >= 2 && word.starts_with(token) {
                        0.85
                    } else {
                        QueryWord::new(token, allowed_typos(len))
                            .distance(word)
                            .map_or(0.0, |d| 1.0 - 0.5 * d as f32 / len as f32)
                    }
                })
                .fold(0.0f32, f32::max);
            if best == 0.0 {
                return None;
            }
            total += best;
        }
        let words = name.split(' ').count();
        let coverage = tokens.len() as f32 / words.max(tokens.len()) as f32;
        Some(0.75 * total / tokens.len() as f32 * (0.8 + 0.2 * coverage))
    }

    /// The full distance by [`bounded_damerau_levenshtein`], for words short enough.
    fn damerau_levenshtein(a: &str, b: &str) -> usize {
        match (chars_of(a), chars_of(b)) {
            (Some((a_chars, m)), Some((b_chars, n))) => {
                bounded_damerau_levenshtein(&a_chars[..m], &b_chars[..n], usize::MAX)
                    .expect("no bound")
            }
            _ => strsim::damerau_levenshtein(a, b),
        }
    }

    proptest::proptest! {
        #[test]
        fn damerau_levenshtein_is_strsims(a in "[abcé1 ]{0,12}", b in "[abcé1 ]{0,12}", long in "[ab]{30,40}") {
            proptest::prop_assert_eq!(damerau_levenshtein(&a, &b), strsim::damerau_levenshtein(&a, &b));
            proptest::prop_assert_eq!(damerau_levenshtein(&a, &long), strsim::damerau_levenshtein(&a, &long));
            proptest::prop_assert_eq!(damerau_levenshtein(&long, &b), strsim::damerau_levenshtein(&long, &b));
        }

        #[test]
        fn a_score_by_words_is_at_most_its_bound(
            tokens in proptest::collection::vec("[abé1]{1,9}", 1..4),
            name in proptest::collection::vec("[abé1]{1,9}", 1..6),
        ) {
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            if let Some(score) = WordScorer::new(&tokens).score(&name.join(" ")) {
                proptest::prop_assert!(score <= 0.75 && 0.75 < BY_WORDS_AT_MOST, "{score}");
            }
        }

        #[test]
        fn a_scorer_remembering_distances_scores_as_computing_them_each_time(
            tokens in proptest::collection::vec("[abé1]{1,7}", 1..4),
            names in proptest::collection::vec(proptest::collection::vec("[abé1]{1,7}", 1..5), 1..8),
        ) {
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let names: Vec<String> = names.iter().map(|words| words.join(" ")).collect();
            let mut scorer = WordScorer::new(&tokens);
            for name in &names {
                proptest::prop_assert_eq!(scorer.score(name), word_score(&tokens, name), "{}", name);
            }
        }

        #[test]
        fn first_occurrence_is_where_str_find_finds(haystack in "[abé ]{0,12}", needle in "[abé ]{0,4}") {
            proptest::prop_assert_eq!(first_occurrence(&haystack, &needle), haystack.find(&needle));
        }

        #[test]
        fn one_edit_apart_is_a_distance_of_at_most_one(a in "[abé1]{0,8}", b in "[abé1]{0,8}") {
            let a: Vec<char> = a.chars().collect();
            // b, and every word one edit from a (most are one edit apart, some the same).
            let mut others: Vec<Vec<char>> = vec![b.chars().collect()];
            for i in 0..=a.len() {
                for c in ['a', 'é'] {
                    others.push([&a[..i], &[c], &a[i..]].concat());
                }
                if i < a.len() {
                    others.push([&a[..i], &a[i + 1..]].concat());
                    others.push([&a[..i], &['b'], &a[i + 1..]].concat());
                }
                if i + 1 < a.len() {
                    others.push([&a[..i], &[a[i + 1], a[i]], &a[i + 2..]].concat());
                }
            }
            for b in others {
                let (x, y): (String, String) = (a.iter().collect(), b.iter().collect());
                let expected = Some(strsim::damerau_levenshtein(&x, &y)).filter(|&d| d <= 1);
                proptest::prop_assert_eq!(one_edit_apart(&a, &b), expected, "{} {}", x, y);
            }
        }

        #[test]
        fn the_bounded_distance_and_its_lower_bound_agree_with_the_full_one(
            a in "[abcé1]{0,12}",
            b in "[abcé1]{0,12}",
            bound in 0usize..5,
        ) {
            let (a_chars, b_chars): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let full = strsim::damerau_levenshtein(&a, &b);
            proptest::prop_assert_eq!(
                bounded_damerau_levenshtein(&a_chars, &b_chars, bound),
                (full <= bound).then_some(full)
            );
            proptest::prop_assert!(unshared_letters(&a_chars, &b_chars) <= full);
            proptest::prop_assert!(unshared_letters(&b_chars, &a_chars) <= full);
            let expected = (bound > 0 && !is_number(&b) && full <= bound).then_some(full);
            proptest::prop_assert_eq!(QueryWord::new(&a, bound).distance(&b), expected);
            // Words too long to decode on the stack go to strsim.
            let pad = "ab".repeat(SHORT_WORD / 2 + 1);
            let (long, longer) = (format!("{a}{pad}"), format!("{b}{pad}"));
            let full = strsim::damerau_levenshtein(&long, &longer);
            let expected = (bound > 0 && !is_number(&longer) && full <= bound).then_some(full);
            proptest::prop_assert_eq!(QueryWord::new(&long, bound).distance(&longer), expected);
        }
    }
}
