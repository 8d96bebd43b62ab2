//! Typo distances between words: how many typos a query word is allowed, and the bounded
//! Damerau-Levenshtein distance of a query word to a name's word, cheap tests first.

use std::cell::RefCell;

/// A word holds three digits or more: an id's number, found exactly and by prefix only.
pub(super) fn is_number(word: &str) -> bool {
    word.bytes().filter(u8::is_ascii_digit).nth(2).is_some()
}

/// How many edits a token of this length may be off by and still match.
pub(super) fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// A query word, its characters decoded once for the typo distances to the many words it is
/// compared with.
pub(super) struct QueryWord<'q> {
    pub(super) text: &'q str,
    /// Its first [`SHORT_WORD`] characters, and how many it has in all.
    chars: [char; SHORT_WORD],
    pub(super) len: usize,
    /// The edits a word may be from it and still match.
    pub(super) typos: usize,
}

impl<'q> QueryWord<'q> {
    pub(super) fn new(text: &'q str, typos: usize) -> Self {
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
    pub(super) fn may_be_near(&self, word: &str) -> bool {
        word.len() + self.typos >= self.len
            && (word.len() <= self.len + self.typos || !word.is_ascii())
    }

    /// How many edits `word` is from this one, if at most its typos and `word` is one a typo
    /// may reach (not an id's number).
    pub(super) fn distance(&self, word: &str) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
