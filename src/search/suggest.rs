//! "Did you mean": the closest of some names to one that is not among them, for messages.

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
