//! Normalisation of names and queries alike: lower-cased, diacritics dropped, punctuation made
//! single spaces.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// Lower-case, strip diacritics and turn punctuation into single spaces.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// Appends [`normalize`]`(text)` to `out`.
pub(super) fn normalize_into(text: &str, out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
