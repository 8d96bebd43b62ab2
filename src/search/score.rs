//! How well a normalized name matches a normalized query: by the query as written inside it,
//! else by its words against the query's, allowing typos.

use super::distance::{QueryWord, allowed_typos};

/// How well a normalized name matches a normalized query, in (0, 1], or None: this, else
/// [`WordScorer::score`]. The score of a name that is, starts with or holds the query as
/// written.
pub(super) fn substring_score(query: &str, name: &str) -> Option<f32> {
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
pub(super) const BY_WORDS_AT_MOST: f32 = 0.76;

/// Scores names by their words against a query's words, remembering the distance of each
/// query word to each name word it was compared with: a query's candidates share most of their
/// words ("university" in nearly every one), and a distance costs far more than looking it up.
pub(super) struct WordScorer<'q, 'n> {
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
    pub(super) fn new(tokens: &[&'q str]) -> Self {
        let query: Vec<QueryWord> = tokens
            .iter()
            .map(|&token| QueryWord::new(token, allowed_typos(token.chars().count())))
            .collect();
        let mut order: Vec<usize> = (0..query.len()).collect();
        order.sort_by_key(|&i| query[i].typos);
        // Room for a search's distances up front (growing would rehash them several times a
        // search), where any will be remembered.
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
    pub(super) fn score(&mut self, name: &'n str) -> Option<f32> {
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// [`WordScorer::score`] as written down, computing each distance when it is needed.
    pub(in crate::search) fn word_score(tokens: &[&str], name: &str) -> Option<f32> {
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

    proptest::proptest! {
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
    }
}
