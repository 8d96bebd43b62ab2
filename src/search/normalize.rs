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

/// [`normalize`]'s characters for any text: decomposed (NFKD), marks dropped, lower-cased,
/// and Kazakh's own Cyrillic letters folded to the Russian ones people type for them.
fn unicode_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(fold_kazakh)
}

/// A Kazakh letter as it is typed on a Russian keyboard: қ as к, ғ as г, ң as н, ө as о, ұ and
/// ү as у, і as и, ә as а, һ as х.
fn fold_kazakh(c: char) -> char {
    match c {
        'қ' => 'к',
        'ғ' => 'г',
        'ң' => 'н',
        'ө' => 'о',
        'ұ' | 'ү' => 'у',
        'і' => 'и',
        'ә' => 'а',
        'һ' => 'х',
        other => other,
    }
}

/// A lower-case Cyrillic letter in Latin letters; None for any other character.
fn romanised(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// A normalized text in the other of the Latin and Cyrillic scripts, for names written in one
/// and typed in the other: "kazakh" for "казах" and "казах" for "kazakh" (a common
/// romanisation, one way; a romanised name differs by a letter or two, which typos allow).
/// None when the text is in neither script.
pub(crate) fn transliterate(normalized: &str) -> Option<String> {
    let cyrillic = normalized
        .chars()
        .any(|c| ('а'..='я').contains(&c) || c == 'ё');
    if cyrillic {
        let mut latin = String::with_capacity(normalized.len());
        for c in normalized.chars() {
            match romanised(c) {
                Some(letters) => latin.push_str(letters),
                None => latin.push(c),
            }
        }
        return Some(latin);
    }
    if !normalized.bytes().any(|b| b.is_ascii_lowercase()) {
        return None;
    }
    const PAIRS: [(&str, char); 8] = [
        ("kh", 'х'),
        ("zh", 'ж'),
        ("ts", 'ц'),
        ("ch", 'ч'),
        ("sh", 'ш'),
        ("yu", 'ю'),
        ("ya", 'я'),
        ("yo", 'ё'),
    ];
    let mut cyrillic = String::with_capacity(normalized.len() * 2);
    let mut rest = normalized;
    'next: while let Some(c) = rest.chars().next() {
        if let Some(tail) = rest.strip_prefix("shch") {
            cyrillic.push('щ');
            rest = tail;
            continue;
        }
        for (pair, letter) in PAIRS {
            if let Some(tail) = rest.strip_prefix(pair) {
                cyrillic.push(letter);
                rest = tail;
                continue 'next;
            }
        }
        let letter = match c {
            'a' => "а",
            'b' => "б",
            'c' | 'k' | 'q' => "к",
            'd' => "д",
            'e' => "е",
            'f' => "ф",
            'g' => "г",
            'h' => "х",
            'i' => "и",
            'j' => "ж",
            'l' => "л",
            'm' => "м",
            'n' => "н",
            'o' => "о",
            'p' => "п",
            'r' => "р",
            's' => "с",
            't' => "т",
            'u' => "у",
            'v' | 'w' => "в",
            'x' => "кс",
            'y' => "ы",
            'z' => "з",
            _ => "",
        };
        if letter.is_empty() {
            cyrillic.push(c);
        } else {
            cyrillic.push_str(letter);
        }
        rest = &rest[c.len_utf8()..];
    }
    Some(cyrillic)
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
        assert_eq!(normalize("Әл-Фараби"), "ал фараби");
    }

    #[test]
    fn kazakh_letters_fold_to_the_ones_people_type() {
        assert_eq!(
            normalize("Әл-Фараби атындағы Қазақ ұлттық университеті"),
            normalize("Ал-Фараби атындагы Казак улттык университети")
        );
        assert_eq!(normalize("Өскемен Һ Ң Ү"), "оскемен х н у");
    }

    #[test]
    fn latin_and_cyrillic_are_written_in_each_other() {
        let latin = |text: &str| transliterate(&normalize(text)).unwrap();
        assert_eq!(
            latin("Казахский национальный университет"),
            "kazakhskii natsionalnyi universitet"
        );
        assert_eq!(
            latin("Kazakh National University"),
            "казах натионал университы"
        );
        assert_eq!(latin("Shchukin Zhukov"), "щукин жуков");
        assert_eq!(transliterate("深圳大学"), None);
        assert_eq!(transliterate("2023"), None);
    }
}
