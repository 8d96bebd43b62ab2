//! Records found by a key that is not their id (a registry id, a DOI): a sorted list of the
//! keys' hashes, each with its record, searched by halving. An entry is 16 bytes and no key is
//! copied; a map of the keys themselves held every id a second time (hundreds of megabytes at
//! a million works) and took seconds to build on the request that first needed it.

use std::hash::{BuildHasher as _, Hasher as _};

/// Hashes of keys, each with the index of the record that has it, sorted by hash and then
/// index. Hashes may collide, so a lookup checks each candidate against the record.
#[derive(Debug, Default)]
pub(super) struct HashedKeys {
    entries: Vec<(u64, u32)>,
}

impl HashedKeys {
    /// The index of `(hash, record)` pairs, in any order.
    pub(super) fn build(keys: impl Iterator<Item = (u64, usize)>) -> HashedKeys {
        let mut entries: Vec<(u64, u32)> = keys
            .map(|(hash, record)| {
                let record = u32::try_from(record).expect("fewer than 2^32 records of a kind");
                (hash, record)
            })
            .collect();
        entries.sort_unstable();
        entries.dedup();
        entries.shrink_to_fit();
        HashedKeys { entries }
    }

    /// The records with a key of this hash, in seed order (a record once, even when two of
    /// its keys collide).
    pub(super) fn candidates(&self, hash: u64) -> impl Iterator<Item = usize> + '_ {
        let start = self.entries.partition_point(|&(h, _)| h < hash);
        self.entries[start..]
            .iter()
            .take_while(move |&&(h, _)| h == hash)
            .map(|&(_, record)| record as usize)
    }
}

/// The hash of `key` with its ASCII letters in lower case, after `tag` (what the key is: a
/// record kind and registry), so that keys of different kinds do not meet.
pub(super) fn folded_hash(tag: [u8; 2], key: &str) -> u64 {
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    hasher.write(&tag);
    let mut folded = [0u8; 64];
    for chunk in key.as_bytes().chunks(folded.len()) {
        let folded = &mut folded[..chunk.len()];
        folded.copy_from_slice(chunk);
        folded.make_ascii_lowercase();
        hasher.write(folded);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_without_case_in_seed_order_and_collisions_are_candidates() {
        assert_eq!(
            folded_hash([1, 2], "Q427677"),
            folded_hash([1, 2], "q427677")
        );
        assert_ne!(
            folded_hash([1, 2], "q427677"),
            folded_hash([1, 3], "q427677")
        );
        let long = "A".repeat(150);
        assert_eq!(
            folded_hash([0, 0], &long),
            folded_hash([0, 0], &long.to_lowercase())
        );
        let keys = HashedKeys::build([(7, 3), (5, 1), (7, 0), (7, 3), (9, 2)].into_iter());
        assert_eq!(keys.candidates(7).collect::<Vec<_>>(), [0, 3]);
        assert_eq!(keys.candidates(5).collect::<Vec<_>>(), [1]);
        assert_eq!(keys.candidates(6).count(), 0);
        assert_eq!(keys.candidates(10).count(), 0);
    }
}
