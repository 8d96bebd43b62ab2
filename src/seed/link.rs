//! Linked records as one: an institution of the curated seed that names a ROR id, and the
//! record `import ror` made for that id (`ror-<id>`), are one institution. The registry's
//! record is merged into the curated one before the seed is checked, so that one node shows
//! both sources' facts, each with its citations; where they disagree, the curated value stays
//! and the registry's is kept beside it as another value, and every reference to the
//! registry's id names the curated record instead.

use std::collections::HashMap;

use crate::model::{Id, IdScheme, Institution, OtherValue, Rank, Records, Text};

/// What merging found: the registry records merged away (their indexes, ascending), and the
/// problems (an institution's index and what is wrong).
#[derive(Debug, Default)]
pub(crate) struct Merged {
    pub(crate) removed: Vec<usize>,
    pub(crate) problems: Vec<(usize, String)>,
}

fn ror_ids(institution: &Institution) -> impl Iterator<Item = String> + '_ {
    institution
        .external_ids
        .iter()
        .filter(|id| id.scheme == IdScheme::Ror)
        .map(|id| id.value.as_str().to_ascii_lowercase())
}

/// Merges each registry record into the curated record linked to it.
pub(crate) fn merge_linked(records: &mut Records) -> Merged {
    let mut merged = Merged::default();
    let registry: HashMap<String, usize> = records
        .institutions
        .iter()
        .enumerate()
        .flat_map(|(i, inst)| {
            ror_ids(inst)
                .filter(|ror| inst.id.as_str() == format!("ror-{ror}"))
                .map(move |ror| (ror, i))
                .collect::<Vec<_>>()
        })
        .collect();
    if registry.is_empty() {
        return merged;
    }
    let mut claimed: HashMap<usize, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for (i, inst) in records.institutions.iter().enumerate() {
        for ror in ror_ids(inst) {
            let Some(&r) = registry.get(&ror) else {
                continue;
            };
            if r == i {
                continue;
            }
            match claimed.get(&r) {
                Some(&first) => merged.problems.push((
                    i,
                    format!(
                        "ROR id {ror} links \"{}\" already; one registry record is one institution",
                        records.institutions[first].id
                    ),
                )),
                None => {
                    claimed.insert(r, i);
                    pairs.push((i, r));
                }
            }
        }
    }
    let mut renamed: HashMap<Id, Id> = HashMap::new();
    for &(curated, r) in &pairs {
        let from = records.institutions[r].clone();
        renamed.insert(from.id.clone(), records.institutions[curated].id.clone());
        merge_into(&mut records.institutions[curated], from);
    }
    rename_institutions(records, &renamed);
    merged.removed = pairs.iter().map(|&(_, r)| r).collect();
    merged.removed.sort_unstable();
    for &r in merged.removed.iter().rev() {
        records.institutions.remove(r);
    }
    merged
}

/// Another value for `field` from the registry's record, kept beside the curated one.
fn registry_value(value: serde_json::Value, from: &Institution) -> OtherValue {
    OtherValue {
        value,
        rank: Rank::Normal,
        reason: Text::parse(&format!(
            "the registry's record ({}) says so; the curated record's value is kept",
            from.id
        ))
        .expect("not empty"),
        sources: from.sources.clone(),
    }
}

fn merge_into(into: &mut Institution, from: Institution) {
    if from.name != into.name {
        into.values
            .push("name", registry_value(json(&from.name), &from));
        if !into.aliases.contains(&from.name) {
            into.aliases.push(from.name.clone());
        }
    }
    if from.kind != into.kind {
        into.values
            .push("kind", registry_value(json(&from.kind), &from));
    }
    if from.country != into.country {
        into.values
            .push("country", registry_value(json(&from.country), &from));
    }
    match (&mut into.founded, from.founded.clone()) {
        (None, founded) => into.founded = founded,
        (Some(own), Some(theirs)) if own.year == theirs.year => {
            own.sources.extend(theirs.sources);
        }
        (Some(_), Some(theirs)) => into
            .values
            .push("founded", registry_value(json(&theirs.year), &from)),
        (Some(_), None) => {}
    }
    for name in from.names {
        if !into
            .names
            .iter()
            .any(|n| n.value == name.value && n.lang == name.lang)
        {
            into.names.push(name);
        }
    }
    for acronym in from.acronyms {
        if !into.acronyms.contains(&acronym) {
            into.acronyms.push(acronym);
        }
    }
    for alias in from.aliases {
        if !into.aliases.contains(&alias) && alias != into.name {
            into.aliases.push(alias);
        }
    }
    if into.parent.is_none() {
        into.parent = from.parent;
    }
    if into.status.is_active() {
        into.status = from.status;
    }
    let mut ids = into.external_ids.to_vec();
    for id in from.external_ids.iter() {
        match ids
            .iter_mut()
            .find(|own| own.scheme == id.scheme && own.value == id.value)
        {
            Some(own) => {
                own.sources.extend(id.sources.iter().cloned());
                own.preferred |= id.preferred;
            }
            None => ids.push(id.clone()),
        }
    }
    into.external_ids = ids.into();
    into.locations = joined(&into.locations, &from.locations);
    into.types = joined(&into.types, &from.types);
    into.links = joined(&into.links, &from.links);
    into.domains = joined(&into.domains, &from.domains);
    into.relationships = joined(&into.relationships, &from.relationships);
    into.rankings.extend(from.rankings);
    into.counts.extend(from.counts);
    for citation in from.sources {
        if !into.sources.contains(&citation) {
            into.sources.push(citation);
        }
    }
}

/// A list of the curated record's items then the registry's, as one.
fn joined<T: Clone>(own: &[T], theirs: &[T]) -> crate::model::Sparse<T> {
    own.iter().chain(theirs).cloned().collect::<Vec<_>>().into()
}

/// Points every reference to a renamed institution at its new id.
fn rename_institutions(records: &mut Records, renamed: &HashMap<Id, Id>) {
    let rename = |id: &mut Id| {
        if let Some(new) = renamed.get(id) {
            *id = new.clone();
        }
    };
    for inst in &mut records.institutions {
        if let Some(parent) = &mut inst.parent {
            rename(parent);
        }
        let mut relationships = inst.relationships.to_vec();
        relationships
            .iter_mut()
            .for_each(|r| rename(&mut r.institution));
        relationships.retain(|r| r.institution != inst.id);
        inst.relationships = relationships.into();
    }
    for source in &mut records.sources {
        if let Some(publisher) = &mut source.publisher_institution {
            rename(publisher);
        }
    }
    for person in &mut records.people {
        person
            .positions
            .iter_mut()
            .for_each(|p| rename(&mut p.institution));
    }
    for lab in &mut records.labs {
        lab.hosts
            .iter_mut()
            .for_each(|h| rename(&mut h.institution));
    }
    for agreement in &mut records.agreements {
        agreement
            .parties
            .iter_mut()
            .for_each(|p| rename(&mut p.institution));
        agreement
            .signatories
            .iter_mut()
            .for_each(|s| rename(&mut s.on_behalf_of));
    }
    for work in &mut records.works {
        for authorship in &mut work.authorships {
            authorship.institutions.iter_mut().for_each(rename);
            // Two ids of one institution (its registry's and the curated one) are one now.
            let mut seen = Vec::new();
            authorship.institutions.retain(|i| {
                let first = !seen.contains(i);
                seen.push(i.clone());
                first
            });
        }
    }
}

/// A field as its seed writes it.
fn json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("a field serializes")
}

#[cfg(test)]
mod tests {
    use crate::{graph::KnowledgeGraph, model::Rank, seed::load_texts};

    /// A curated KazNU linked to its registry record, which names it differently, gives
    /// another founding year and is the parent of another registry record.
    const LINKED: &str = r#"{
      "version": 2,
      "sources": [{"id": "press", "title": "Press", "kind": "press_release", "language": "en"},
                  {"id": "ror-v2-9", "title": "ROR", "kind": "dataset", "language": "en"}],
      "institutions": [
        {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ",
         "founded": {"year": 1933, "sources": ["press"]}, "sources": ["press"],
         "externalIds": [{"scheme": "ror", "value": "03q0vrn42"}]},
        {"id": "ror-03q0vrn42", "name": "Kazakh National University", "kind": "university", "country": "KZ",
         "founded": {"year": 1934, "sources": ["ror-v2-9"]}, "sources": ["ror-v2-9"],
         "externalIds": [{"scheme": "ror", "value": "03q0vrn42", "preferred": true, "sources": ["ror-v2-9"]}],
         "locations": [{"city": "Almaty", "country": "KZ", "sources": ["ror-v2-9"]}],
         "relationships": [{"kind": "child", "institution": "ror-0child01", "sources": ["ror-v2-9"]}]},
        {"id": "ror-0child01", "name": "A faculty", "kind": "other", "country": "KZ", "sources": ["ror-v2-9"],
         "externalIds": [{"scheme": "ror", "value": "0child01", "sources": ["ror-v2-9"]}],
         "relationships": [{"kind": "parent", "institution": "ror-03q0vrn42", "sources": ["ror-v2-9"]}]}
      ]
    }"#;

    #[test]
    fn a_linked_registry_record_is_merged_into_the_curated_one_with_its_disagreements() {
        let seed = load_texts(&[("seed.json", LINKED)]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        assert_eq!(kg.institutions.len(), 2, "KazNU is one institution");
        let kaznu = &kg.institutions[0];
        assert_eq!(kaznu.id.as_str(), "kaznu");
        assert_eq!(
            kaznu.founded.as_ref().unwrap().year.get(),
            1933,
            "the curated value stays"
        );
        let founded = kaznu.values.of("founded").unwrap();
        assert_eq!(founded[0].value, serde_json::json!(1934));
        assert_eq!(founded[0].rank, Rank::Normal);
        assert_eq!(founded[0].sources[0].source.as_str(), "ror-v2-9");
        let name = kaznu.values.of("name").unwrap();
        assert_eq!(
            name[0].value,
            serde_json::json!("Kazakh National University")
        );
        assert!(
            kaznu
                .aliases
                .iter()
                .any(|a| a.as_str() == "Kazakh National University")
        );
        assert_eq!(kaznu.locations[0].city.as_ref().unwrap().as_str(), "Almaty");
        assert_eq!(kaznu.external_ids.len(), 1, "one ROR id, cited by both");
        assert!(kaznu.external_ids[0].preferred);
        let sources: Vec<&str> = kaznu.sources.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["press", "ror-v2-9"]);
        // The faculty's parent is KazNU now, and the parent and child statements are one edge.
        assert_eq!(
            kg.institutions[1].relationships[0].institution.as_str(),
            "kaznu"
        );
        assert_eq!(kg.edge_count(), 1);
        // The registry's id still finds it.
        let found = kg.find(crate::model::NodeKind::Institution, "ror-03q0vrn42");
        assert_eq!(found.map(|n| n.index), Some(0));
        assert_eq!(kg.disputed().len(), 2, "the name and the founding year");
    }

    #[test]
    fn two_curated_records_cannot_claim_one_registry_record() {
        let seed = LINKED.replace(
            "  \"institutions\": [",
            "  \"institutions\": [\n        {\"id\": \"kaznu2\", \"name\": \"KazNU\", \"kind\": \"university\", \"country\": \"KZ\", \"externalIds\": [{\"scheme\": \"ror\", \"value\": \"03q0vrn42\"}]},",
        );
        let Err(report) = load_texts(&[("seed.json", seed.as_str())]) else {
            panic!("two claims on one registry record are refused");
        };
        let problem = &report.problems[0];
        assert_eq!(problem.path.to_string(), "$.institutions[1].externalIds");
        assert!(
            problem.message.contains("links \"kaznu2\" already"),
            "{problem}"
        );
    }
}
