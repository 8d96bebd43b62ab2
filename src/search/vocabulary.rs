//! The words of every indexed name, interned and sorted, with the entries each occurs in, and
//! the lookups that find words: exactly, by prefix, by suffix, and within one or two typos.

use std::{cell::RefCell, ops::Range};

use super::distance::{QueryWord, is_number};

/// Every token of every entry, sorted, with the entries it occurs in (flat, one allocation per
/// column rather than per word), and the indexes that find a word with typos or by suffix.
#[derive(Default)]
pub(super) struct Vocabulary {
    /// The words in order, end to end: word w is `text[ends[w - 1]..ends[w]]`.
    pub(super) text: String,
    pub(super) ends: Vec<u32>,
    /// Entries of word w are `postings[starts[w]..starts[w + 1]]`, in entry order.
    pub(super) starts: Vec<u32>,
    pub(super) postings: Vec<u32>,
    /// The words a typo may reach (at most two digits), by length in characters (capped at
    /// `u8::MAX`), then in word order; a typo's "slot" is its place here.
    pub(super) typo_words: Vec<u32>,
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
    pub(super) by_suffix: Vec<u32>,
}

/// Interns the words of the names as they are indexed, and records which entries hold each.
#[derive(Default)]
pub(super) struct VocabularyBuilder {
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
    pub(super) fn add(&mut self, entry: u32, normalized: &str) {
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
    pub(super) fn append(&mut self, next: VocabularyBuilder, entries: u32) {
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

    pub(super) fn build(self) -> Vocabulary {
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
pub(super) fn word_in<'a>(text: &'a str, ends: &[u32], i: u32) -> &'a str {
    let i = i as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
}

/// A text offset as stored: the index's texts stay under 4 GiB.
pub(super) fn offset(len: usize) -> u32 {
    u32::try_from(len).expect("the search index's text stays under 4 GiB")
}

thread_local! {
    /// The counts of shared letter pairs of a typo lookup, kept between queries on a thread so
    /// that a lookup neither allocates nor clears more than it touches.
    static PAIR_COUNTS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Vocabulary {
    pub(super) fn word(&self, w: u32) -> &str {
        word_in(&self.text, &self.ends, w)
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Words that end with `token` and have another word after them in some name.
    pub(super) fn with_suffix(&self, token: &str) -> &[u32] {
        let start = self
            .by_suffix
            .partition_point(|&w| self.word(w).bytes().rev().lt(token.bytes().rev()));
        let end =
            start + self.by_suffix[start..].partition_point(|&w| self.word(w).ends_with(token));
        &self.by_suffix[start..end]
    }

    pub(super) fn postings(&self, word: u32) -> &[u32] {
        &self.postings[self.starts[word as usize] as usize..self.starts[word as usize + 1] as usize]
    }

    pub(super) fn find(&self, word: &str) -> Option<u32> {
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
    pub(super) fn with_prefix(&self, token: &str) -> Range<u32> {
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
    pub(super) fn within(
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

/// The lengths of the words that a query word allowed one typo (see
/// [`allowed_typos`](super::distance::allowed_typos)) may reach, in characters: these are in the
/// one-typo index.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::tests::bundled;

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
}
