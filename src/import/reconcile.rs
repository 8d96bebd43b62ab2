//! Which registry record a curated institution is: by a registry id when it has one, else
//! proposed by its names, acronyms and aliases, its country and its founding year, with a
//! score. Only proposed: a curator links a record by adding the id to the seed, as an
//! editorial, cited decision, and an ambiguous match (two candidates that score alike) is
//! listed, never chosen.

use crate::{
    graph::KnowledgeGraph,
    model::{IdScheme, Institution, NodeKind},
};

/// A registry record that may be a curated institution.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The registry record's index among the institutions.
    pub institution: usize,
    /// How well it matches, in (0, 1]: the best name match, raised when the founding years
    /// agree and lowered when they differ.
    pub score: f32,
    /// The name of the registry record that matched, as written.
    pub matched: String,
}

/// What reconciling found for one curated institution.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It has a ROR id already (and the registry's record, when the seed holds it, is merged
    /// into it).
    Linked(String),
    /// One candidate stands out: add its id to the seed to link them.
    Unique(Candidate),
    /// Several candidates score alike: a curator must decide.
    Ambiguous(Vec<Candidate>),
    /// No registry record matches.
    NoMatch,
}

/// A curated institution and what reconciling found for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// The curated institution's index.
    pub institution: usize,
    /// The finding.
    pub verdict: Verdict,
}

/// A candidate scoring below this is no match.
const MATCH_AT_LEAST: f32 = 0.75;
/// Candidates within this of the best are as good as it: the match is ambiguous.
const ALIKE_WITHIN: f32 = 0.05;

fn ror_id(institution: &Institution) -> Option<&str> {
    let mut ids = institution
        .external_ids
        .iter()
        .filter(|id| id.scheme == IdScheme::Ror);
    ids.next().map(|id| id.value.as_str())
}

/// Proposes, for every institution of `kg` that is not a registry record (one that `import
/// ror` made: id `ror-<ROR id>`, with that ROR id), the registry record it is, in seed order.
pub fn reconcile(kg: &KnowledgeGraph) -> Vec<Proposal> {
    let is_registry = |i: usize| {
        ror_id(&kg.institutions[i]).is_some() && kg.institutions[i].id.as_str().starts_with("ror-")
    };
    (0..kg.institutions.len())
        .filter(|&i| !is_registry(i))
        .map(|i| Proposal {
            institution: i,
            verdict: verdict(kg, i, &is_registry),
        })
        .collect()
}

fn verdict(kg: &KnowledgeGraph, i: usize, is_registry: &dyn Fn(usize) -> bool) -> Verdict {
    let curated = &kg.institutions[i];
    if let Some(ror) = ror_id(curated) {
        return Verdict::Linked(ror.to_owned());
    }
    let mut names: Vec<&str> = vec![curated.name.as_str()];
    names.extend(curated.aliases.iter().map(|a| a.as_str()));
    names.extend(curated.names.iter().map(|n| n.value.as_str()));
    let mut candidates: Vec<Candidate> = Vec::new();
    for name in names {
        for hit in kg
            .search_index()
            .search(name, Some(&[NodeKind::Institution]), 20)
        {
            let j = hit.node.index;
            let record = &kg.institutions[j];
            if !is_registry(j) || record.country != curated.country {
                continue;
            }
            let years = curated.founded.as_ref().zip(record.founded.as_ref());
            let score = match years {
                Some((a, b)) if a.year == b.year => (hit.score + 0.05).min(1.0),
                Some(_) => hit.score - 0.2,
                None => hit.score,
            };
            match candidates.iter_mut().find(|c| c.institution == j) {
                Some(kept) if kept.score >= score => {}
                Some(kept) => {
                    *kept = Candidate {
                        institution: j,
                        score,
                        matched: hit.matched.to_string(),
                    }
                }
                None => candidates.push(Candidate {
                    institution: j,
                    score,
                    matched: hit.matched.to_string(),
                }),
            }
        }
    }
    candidates.retain(|c| c.score >= MATCH_AT_LEAST);
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.institution.cmp(&b.institution))
    });
    let Some(best) = candidates.first().map(|c| c.score) else {
        return Verdict::NoMatch;
    };
    candidates.retain(|c| best - c.score <= ALIKE_WITHIN);
    if candidates.len() == 1 {
        Verdict::Unique(candidates.remove(0))
    } else {
        Verdict::Ambiguous(candidates)
    }
}

/// The proposals as a curator reads them: one block per curated institution.
pub fn report(kg: &KnowledgeGraph, proposals: &[Proposal]) -> String {
    let describe = |j: usize| {
        let r = &kg.institutions[j];
        let founded = r
            .founded
            .as_ref()
            .map(|f| format!(", founded {}", f.year.get()))
            .unwrap_or_default();
        format!(
            "{} ({}{founded}), ROR {}",
            r.name,
            r.country,
            ror_id(r).unwrap_or("-")
        )
    };
    let mut out = String::new();
    for proposal in proposals {
        let curated = &kg.institutions[proposal.institution];
        out.push_str(&format!(
            "{} ({}, {}):\n",
            curated.id, curated.name, curated.country
        ));
        match &proposal.verdict {
            Verdict::Linked(ror) => out.push_str(&format!("  linked: ROR {ror}\n")),
            Verdict::Unique(c) => out.push_str(&format!(
                "  match, {:.2}: {} (matched \"{}\")\n  to link: add {{\"scheme\": \"ror\", \"value\": \"{}\"}} to its externalIds, citing why\n",
                c.score,
                describe(c.institution),
                c.matched,
                ror_id(&kg.institutions[c.institution]).unwrap_or("-")
            )),
            Verdict::Ambiguous(candidates) => {
                out.push_str(&format!("  ambiguous: {} candidates score alike; a curator decides\n", candidates.len()));
                for c in candidates {
                    out.push_str(&format!("    {:.2}: {} (matched \"{}\")\n", c.score, describe(c.institution), c.matched));
                }
            }
            Verdict::NoMatch => out.push_str("  no registry record matches\n"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two curated institutions and four registry records: one KazNU, two China Universities
    /// of Petroleum founded the same year, and a Shenzhen University in another country.
    const SEED: &str = r#"{
      "version": 2,
      "sources": [{"id": "s", "title": "S", "kind": "dataset", "language": "en"}],
      "institutions": [
        {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ"},
        {"id": "cup", "name": "China University of Petroleum", "kind": "university", "country": "CN",
         "founded": {"year": 1953}},
        {"id": "szu", "name": "Shenzhen University", "kind": "university", "country": "CN"},
        {"id": "linked", "name": "Chinese Academy of Sciences", "kind": "academy", "country": "CN",
         "externalIds": [{"scheme": "ror", "value": "034t30j35"}]},
        {"id": "ror-0a", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ",
         "externalIds": [{"scheme": "ror", "value": "0a"}]},
        {"id": "ror-0b", "name": "China University of Petroleum, Beijing", "kind": "university", "country": "CN",
         "founded": {"year": 1953}, "externalIds": [{"scheme": "ror", "value": "0b"}]},
        {"id": "ror-0c", "name": "China University of Petroleum, East China", "kind": "university", "country": "CN",
         "founded": {"year": 1953}, "externalIds": [{"scheme": "ror", "value": "0c"}]},
        {"id": "ror-0d", "name": "Shenzhen University", "kind": "university", "country": "TW",
         "externalIds": [{"scheme": "ror", "value": "0d"}]}
      ]
    }"#;

    #[test]
    fn a_unique_match_is_proposed_and_an_ambiguous_one_lists_its_candidates() {
        let seed =
            crate::seed::load_texts(&[("seed.json", SEED)]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let proposals = reconcile(&kg);
        let curated: Vec<usize> = proposals.iter().map(|p| p.institution).collect();
        assert_eq!(
            curated,
            [0, 1, 2, 3],
            "the registry's records are not reconciled"
        );
        match &proposals[0].verdict {
            Verdict::Unique(c) => assert_eq!((c.institution, c.score), (4, 1.0)),
            other => panic!("{other:?}"),
        }
        match &proposals[1].verdict {
            Verdict::Ambiguous(candidates) => {
                let found: Vec<usize> = candidates.iter().map(|c| c.institution).collect();
                assert_eq!(found, [5, 6]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            proposals[2].verdict,
            Verdict::NoMatch,
            "the only Shenzhen University is elsewhere"
        );
        assert_eq!(proposals[3].verdict, Verdict::Linked("034t30j35".into()));
        let report = report(&kg, &proposals);
        assert!(report.contains("ambiguous: 2 candidates"), "{report}");
        assert!(
            report.contains("add {\"scheme\": \"ror\", \"value\": \"0a\"}"),
            "{report}"
        );
    }
}
