//! Linked records as one: an institution of the curated seed that names a ROR id, and the
//! record `import ror` made for that id (`ror-<id>`), are one institution; so is a record
//! `import openalex` made (`openalex-I…`) that names the same ROR id. The registry's record
//! is merged into the curated one before the seed is checked, so that one node shows both
//! sources' facts, each with its citations; where they disagree, the curated value stays and
//! the registry's is kept beside it as another value, and every reference to the registry's
//! id names the curated record instead. A merged record keeps the registry's ids, by which it
//! is still found (`ror-<id>`, `openalex-I…`). People are linked the same way by their
//! ORCID: an author `import openalex` made (`openalex-A…`) is the curated person whose seed
//! gives the same ORCID.

use std::collections::HashMap;

use crate::model::{
    Citation, ExternalId, Facts, Id, IdScheme, Institution, OtherValue, OtherValues, Person, Rank,
    Records, Sparse, Text,
};

/// What merging found: the registry records merged away (their indexes, ascending), and the
/// problems (a record's index and what is wrong), for institutions and for people.
#[derive(Debug, Default)]
pub(crate) struct Merged {
    pub(crate) removed: Vec<usize>,
    pub(crate) problems: Vec<(usize, String)>,
    pub(crate) removed_people: Vec<usize>,
    pub(crate) people_problems: Vec<(usize, String)>,
}

fn ror_ids(institution: &Institution) -> impl Iterator<Item = String> + '_ {
    institution
        .external_ids
        .iter()
        .filter(|id| id.scheme == IdScheme::Ror)
        .map(|id| id.value.as_str().to_ascii_lowercase())
}

/// Whether a record is one `import openalex` made (an institution or an author): its id is
/// `openalex-` and its own OpenAlex id.
fn is_openalex_made(id: &Id, external_ids: &[ExternalId]) -> bool {
    id.as_str().strip_prefix("openalex-").is_some_and(|own| {
        external_ids.iter().any(|id| {
            id.scheme == IdScheme::Openalex && id.value.as_str().eq_ignore_ascii_case(own)
        })
    })
}

fn is_openalex_record(institution: &Institution) -> bool {
    is_openalex_made(&institution.id, &institution.external_ids)
}

/// Merges each registry record into the curated record linked to it: first each ROR record
/// (`ror-<id>`) into the curated record that names its ROR id; then each OpenAlex record
/// (`openalex-I…`) that names a ROR id into the record that holds that id once the ROR
/// records are merged (the ROR record, or the curated record it became part of). An OpenAlex
/// record whose ROR id no other record holds, or more than one does, stays as it is. Then
/// each OpenAlex author into the person who holds their ORCID ([`merge_people`]).
pub(crate) fn merge_linked(records: &mut Records) -> Merged {
    let mut merged = merge_institutions(records);
    (merged.removed_people, merged.people_problems) = merge_people(records);
    merged
}

fn merge_institutions(records: &mut Records) -> Merged {
    let mut merged = Merged::default();
    let mut removed = vec![false; records.institutions.len()];
    let mut renamed: HashMap<Id, Id> = HashMap::new();
    let mut merge = |records: &mut Records, into: usize, from: usize, removed: &mut [bool]| {
        let from_record = records.institutions[from].clone();
        renamed.insert(
            from_record.id.clone(),
            records.institutions[into].id.clone(),
        );
        merge_into(&mut records.institutions[into], from_record);
        removed[from] = true;
    };
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
    let mut claimed: HashMap<usize, usize> = HashMap::new();
    let mut pairs = Vec::new();
    for (i, inst) in records.institutions.iter().enumerate() {
        // An OpenAlex record that names a ROR id is merged after, into whichever record then
        // holds the id: it is not a curated record claiming the ROR record.
        if registry.is_empty() || is_openalex_record(inst) {
            continue;
        }
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
    for (curated, r) in pairs {
        merge(records, curated, r, &mut removed);
    }
    let openalex: Vec<usize> = (0..records.institutions.len())
        .filter(|&i| is_openalex_record(&records.institutions[i]))
        .collect();
    if !openalex.is_empty() {
        let mut holders: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, inst) in records.institutions.iter().enumerate() {
            if !removed[i] && !is_openalex_record(inst) {
                for ror in ror_ids(inst) {
                    let of_ror = holders.entry(ror).or_default();
                    if !of_ror.contains(&i) {
                        of_ror.push(i);
                    }
                }
            }
        }
        let mut pairs = Vec::new();
        for o in openalex {
            let holder =
                ror_ids(&records.institutions[o]).find_map(|ror| match holders.get(&ror) {
                    Some(one) if one.len() == 1 => Some(one[0]),
                    _ => None,
                });
            pairs.extend(holder.map(|holder| (holder, o)));
        }
        for (holder, o) in pairs {
            merge(records, holder, o, &mut removed);
        }
    }
    if renamed.is_empty() {
        return merged;
    }
    rename_institutions(records, &renamed);
    merged.removed = retain_kept(&mut records.institutions, &removed);
    merged
}

/// Keeps the items not `removed`; the indexes of those removed, ascending.
fn retain_kept<T>(items: &mut Vec<T>, removed: &[bool]) -> Vec<usize> {
    let mut at = 0;
    items.retain(|_| {
        at += 1;
        !removed[at - 1]
    });
    (0..removed.len()).filter(|&i| removed[i]).collect()
}

/// Merges each OpenAlex author (`openalex-A…`) into the one other person whose record gives
/// the same ORCID (a curated person, typically): one person, with the posts the curators
/// cite and the works OpenAlex lists, each reference to the author's id naming that person
/// instead. An author whose ORCID no other person holds stays as they are; so does one
/// whose ORCID two people hold, which is a problem of the second (one ORCID is one person).
/// Returns the authors merged away (their indexes, ascending) and the problems.
fn merge_people(records: &mut Records) -> (Vec<usize>, Vec<(usize, String)>) {
    fn orcids(person: &Person) -> impl Iterator<Item = Box<str>> + '_ {
        person
            .external_ids
            .iter()
            .filter(|id| id.scheme == IdScheme::Orcid)
            .map(|id| IdScheme::Orcid.id_key(id.value.as_str()))
    }
    let mut problems = Vec::new();
    let mut holders: HashMap<Box<str>, usize> = HashMap::new();
    for (i, person) in records.people.iter().enumerate() {
        if is_openalex_made(&person.id, &person.external_ids) {
            continue;
        }
        for orcid in orcids(person) {
            match holders.get(&orcid) {
                Some(&first) if first != i => problems.push((
                    i,
                    format!(
                        "ORCID {orcid} is \"{}\"'s already; one ORCID is one person",
                        records.people[first].id
                    ),
                )),
                Some(_) => {}
                None => {
                    holders.insert(orcid, i);
                }
            }
        }
    }
    if holders.is_empty() {
        return (Vec::new(), problems);
    }
    let pairs: Vec<(usize, usize)> = records
        .people
        .iter()
        .enumerate()
        .filter(|(_, person)| is_openalex_made(&person.id, &person.external_ids))
        .filter_map(|(author, person)| {
            orcids(person).find_map(|orcid| holders.get(&orcid).map(|&holder| (holder, author)))
        })
        .collect();
    if pairs.is_empty() {
        return (Vec::new(), problems);
    }
    let mut removed = vec![false; records.people.len()];
    let mut renamed: HashMap<Id, Id> = HashMap::new();
    for (holder, author) in pairs {
        let from = records.people[author].clone();
        renamed.insert(from.id.clone(), records.people[holder].id.clone());
        merge_person_into(&mut records.people[holder], from);
        removed[author] = true;
    }
    rename_people(records, &renamed);
    (retain_kept(&mut records.people, &removed), problems)
}

/// Another value for `field` from the registry's record `id`, kept beside the curated one.
fn registry_value(value: serde_json::Value, id: &Id, sources: &[Citation]) -> OtherValue {
    OtherValue {
        value,
        rank: Rank::Normal,
        reason: Text::parse(&format!(
            "the registry's record ({id}) says so; the curated record's value is kept"
        ))
        .expect("not empty"),
        sources: sources.to_vec(),
    }
}

/// The curated record's registry ids and the registry record's, as one list: an id both
/// give (however each writes it: `https://orcid.org/…` or bare, in either case) is one
/// entry, cited by both; one preferred id per registry, the curated one's first.
fn merged_external_ids(own: &[ExternalId], theirs: &[ExternalId]) -> Sparse<ExternalId> {
    let same = |a: &ExternalId, b: &ExternalId| {
        a.scheme == b.scheme && a.scheme.same_id(a.value.as_str(), b.value.as_str())
    };
    let mut ids = own.to_vec();
    for id in theirs {
        // One preferred id per registry: the registry's preference yields to one held already.
        let preferred = id.preferred
            && !ids
                .iter()
                .any(|own| own.scheme == id.scheme && own.preferred && !same(own, id));
        match ids.iter_mut().find(|own| same(own, id)) {
            Some(own) => {
                own.sources.extend(id.sources.iter().cloned());
                own.preferred |= preferred;
            }
            None => ids.push(ExternalId {
                preferred,
                ..id.clone()
            }),
        }
    }
    ids.into()
}

/// Adds the citations of `theirs` that `own` lacks.
fn add_sources(own: &mut Vec<Citation>, theirs: Vec<Citation>) {
    for citation in theirs {
        if !own.contains(&citation) {
            own.push(citation);
        }
    }
}

fn merge_person_into(into: &mut Person, mut from: Person) {
    let theirs = Cited::take(&mut from.facts, &from.sources, &from.id);
    let mut fields = Fields {
        facts: &mut into.facts,
        values: &mut into.values,
        own_sources: &into.sources,
    };
    fields.scalar("name", &into.name, &from.name, &theirs);
    into.values.extend_with(from.values);
    for name in from.names {
        if !into
            .names
            .iter()
            .any(|n| n.value == name.value && n.lang == name.lang)
        {
            into.names.push(name);
        }
    }
    into.positions.extend(from.positions);
    into.met = joined(&into.met, &from.met);
    into.external_ids = merged_external_ids(&into.external_ids, &from.external_ids);
    add_sources(&mut into.sources, from.sources);
}

/// Points every reference to a renamed person at their new id.
fn rename_people(records: &mut Records, renamed: &HashMap<Id, Id>) {
    let rename = |id: &mut Id| {
        if let Some(new) = renamed.get(id) {
            *id = new.clone();
        }
    };
    for person in &mut records.people {
        let mut met = person.met.to_vec();
        met.iter_mut().for_each(|m| rename(&mut m.person));
        met.retain(|m| m.person != person.id);
        person.met = met.into();
    }
    for agreement in &mut records.agreements {
        agreement
            .signatories
            .iter_mut()
            .for_each(|s| rename(&mut s.person));
    }
    for event in &mut records.events {
        event
            .participants
            .iter_mut()
            .for_each(|p| rename(&mut p.person));
    }
    for work in &mut records.works {
        for authorship in &mut work.authorships {
            if let Some(person) = &mut authorship.person {
                rename(person);
            }
        }
    }
}

fn merge_into(into: &mut Institution, mut from: Institution) {
    let theirs = Cited::take(&mut from.facts, &from.sources, &from.id);
    let mut fields = Fields {
        facts: &mut into.facts,
        values: &mut into.values,
        own_sources: &into.sources,
    };
    fields.scalar("name", &into.name, &from.name, &theirs);
    fields.scalar("kind", &into.kind, &from.kind, &theirs);
    fields.scalar("country", &into.country, &from.country, &theirs);
    match (&into.parent, &from.parent) {
        (None, Some(_)) => fields.taken("parent", &theirs),
        (Some(own), Some(other)) => fields.scalar("parent", own, other, &theirs),
        (_, None) => {}
    }
    // The fields a seed can cite (`NodeKind::fact_fields`); `names` and `domains` are not
    // among them, and are cited by the merged record's sources.
    let acronyms = (!into.acronyms.is_empty(), !from.acronyms.is_empty());
    fields.joined("acronyms", acronyms.0, acronyms.1, &theirs);
    let aliases = (!into.aliases.is_empty(), !from.aliases.is_empty());
    fields.joined("aliases", aliases.0, aliases.1, &theirs);
    into.values.extend_with(from.values);
    if from.name != into.name && !into.aliases.contains(&from.name) {
        into.aliases.push(from.name.clone());
    }
    match (&mut into.founded, from.founded.clone()) {
        (None, founded) => into.founded = founded,
        (Some(own), Some(other)) if own.year == other.year => {
            own.sources.extend(other.sources);
        }
        (Some(_), Some(founded)) => into.values.push(
            "founded",
            theirs.value(json(&founded.year), &founded.sources),
        ),
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
    into.external_ids = merged_external_ids(&into.external_ids, &from.external_ids);
    into.locations = joined(&into.locations, &from.locations);
    into.types = joined(&into.types, &from.types);
    into.links = joined(&into.links, &from.links);
    into.domains = joined(&into.domains, &from.domains);
    into.relationships = joined(&into.relationships, &from.relationships);
    into.rankings.extend(from.rankings);
    into.counts.extend(from.counts);
    add_sources(&mut into.sources, from.sources);
}

/// How a registry record cites its fields, taken from it before it is merged.
struct Cited<'a> {
    id: &'a Id,
    facts: Facts,
    sources: &'a [Citation],
}

impl<'a> Cited<'a> {
    fn take(facts: &mut Facts, sources: &'a [Citation], id: &'a Id) -> Cited<'a> {
        Cited {
            id,
            facts: std::mem::take(facts),
            sources,
        }
    }

    /// The citations of `field`: its own, else the record's sources.
    fn of(&self, field: &str) -> &[Citation] {
        self.facts.of(field).unwrap_or(self.sources)
    }

    /// Another value for a field, which this record gives and the curated one does not.
    fn value(&self, value: serde_json::Value, sources: &[Citation]) -> OtherValue {
        registry_value(value, self.id, sources)
    }
}

/// The citations of the curated record's fields as a merge changes them. Once merged, the
/// record's sources are both records' sources, so a field that only one of them gives (or
/// that one cites by citations of its own) must say which.
struct Fields<'a> {
    facts: &'a mut Facts,
    values: &'a mut OtherValues,
    /// The curated record's sources, as they were before the merge adds the registry's.
    own_sources: &'a [Citation],
}

impl Fields<'_> {
    fn own(&self, field: &str) -> &[Citation] {
        self.facts.of(field).unwrap_or(self.own_sources)
    }

    /// A field both records give: the same value is cited by both; another is kept beside
    /// the curated one, with the registry's citations.
    fn scalar<T: PartialEq + serde::Serialize>(
        &mut self,
        field: &str,
        own: &T,
        other: &T,
        theirs: &Cited,
    ) {
        if own == other {
            self.joined(field, true, true, theirs);
        } else {
            let value = theirs.value(json(other), theirs.of(field));
            self.values.push(field, value);
        }
    }

    /// A field the curated record lacks and takes from the registry's, with its citations.
    fn taken(&mut self, field: &str, theirs: &Cited) {
        self.facts.set(field, theirs.of(field).to_vec());
    }

    /// A field whose items are both records' as one list.
    fn joined(&mut self, field: &str, own_has: bool, theirs_has: bool, theirs: &Cited) {
        match (own_has, theirs_has) {
            (_, false) => {}
            (false, true) => self.taken(field, theirs),
            (true, true) => {
                // Without citations of its own on either side, both records' sources (the
                // merged record's sources) cite it already.
                if self.facts.of(field).is_some() || theirs.facts.of(field).is_some() {
                    let mut cited = self.own(field).to_vec();
                    add_sources(&mut cited, theirs.of(field).to_vec());
                    self.facts.set(field, cited);
                }
            }
        }
    }
}

/// A list of the curated record's items then the registry's, as one.
fn joined<T: Clone>(own: &[T], theirs: &[T]) -> Sparse<T> {
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
        // A parent another registry gives is a disagreement only if it is another
        // institution once both are renamed.
        let own_parent = inst.parent.as_ref().map(Id::as_str);
        inst.values.retain_in("parent", |other| {
            if let Some(new) = other
                .value
                .as_str()
                .and_then(|id| Id::parse(id).ok().and_then(|id| renamed.get(&id)))
            {
                other.value = serde_json::Value::from(new.as_str());
            }
            other.value.as_str() != own_parent
        });
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
    use crate::{
        graph::KnowledgeGraph,
        model::{IdScheme, Rank},
        seed::load_texts,
    };

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

    /// KazNU as the curators, ROR and OpenAlex (twice) have it, a faculty only ROR and
    /// OpenAlex have, and OpenAlex records that nothing else holds: one names a ROR id no
    /// record has, one names none. A work names KazNU by both its OpenAlex ids and its own.
    const WITH_OPENALEX: &str = r#"{
      "version": 2,
      "sources": [{"id": "press", "title": "Press", "kind": "press_release", "language": "en"},
                  {"id": "ror-v2-9", "title": "ROR", "kind": "dataset", "language": "en"},
                  {"id": "openalex", "title": "OpenAlex", "kind": "dataset", "language": "en"}],
      "institutions": [
        {"id": "openalex-I1", "name": "Al-Farabi University", "kind": "university", "country": "KZ", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "I1", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "ror", "value": "03q0vrn42", "sources": ["openalex"]}],
         "relationships": [{"kind": "child", "institution": "openalex-I5", "sources": ["openalex"]}]},
        {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ",
         "sources": ["press"], "externalIds": [{"scheme": "ror", "value": "03q0vrn42"}]},
        {"id": "ror-03q0vrn42", "name": "Kazakh National University", "kind": "university", "country": "KZ",
         "sources": ["ror-v2-9"],
         "externalIds": [{"scheme": "ror", "value": "03q0vrn42", "preferred": true, "sources": ["ror-v2-9"]}]},
        {"id": "openalex-I2", "name": "KazNU", "kind": "university", "country": "KZ", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "I2", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "ror", "value": "03q0vrn42", "sources": ["openalex"]}]},
        {"id": "ror-0child01", "name": "A faculty", "kind": "other", "country": "KZ", "sources": ["ror-v2-9"],
         "externalIds": [{"scheme": "ror", "value": "0child01", "preferred": true, "sources": ["ror-v2-9"]}]},
        {"id": "openalex-I5", "name": "A faculty", "kind": "other", "country": "KZ", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "I5", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "ror", "value": "0child01", "sources": ["openalex"]}],
         "relationships": [{"kind": "parent", "institution": "openalex-I1", "sources": ["openalex"]}]},
        {"id": "openalex-I3", "name": "Elsewhere", "kind": "other", "country": "KZ", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "I3", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "ror", "value": "0zzzzzz99", "sources": ["openalex"]}]},
        {"id": "openalex-I4", "name": "Nowhere", "kind": "other", "country": "KZ", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "I4", "preferred": true, "sources": ["openalex"]}]}
      ],
      "works": [{"id": "openalex-W1", "title": "A work", "kind": "article", "sources": ["openalex"],
                 "authorships": [{"name": "A. Author", "institutions": ["openalex-I1", "kaznu", "openalex-I2", "openalex-I5"]},
                                 {"name": "B. Author", "institutions": ["openalex-I3"]}]}]
    }"#;

    #[test]
    fn a_merged_registry_record_keeps_its_own_citations_and_other_values() {
        let seed = r#"{
          "version": 2,
          "sources": [{"id": "press", "title": "Press", "kind": "press_release", "language": "en"},
                      {"id": "ror-v2-9", "title": "ROR", "kind": "dataset", "language": "en"},
                      {"id": "wiki", "title": "Wiki", "kind": "web_page", "language": "en"}],
          "institutions": [
            {"id": "kaznu", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ",
             "sources": ["press"], "externalIds": [{"scheme": "ror", "value": "03q0vrn42"}]},
            {"id": "ror-03q0vrn42", "name": "Al-Farabi Kazakh National University", "kind": "university", "country": "KZ",
             "acronyms": ["KazNU"], "sources": ["ror-v2-9"],
             "facts": {"country": [{"source": "ror-v2-9", "known": "inferred", "reason": "from its city"}]},
             "values": {"kind": [{"value": "academy", "reason": "an old name", "sources": ["wiki"]}]},
             "externalIds": [{"scheme": "ror", "value": "03q0vrn42", "preferred": true, "sources": ["ror-v2-9"]}]}
          ]
        }"#;
        let seed = load_texts(&[("seed.json", seed)]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let kaznu = &kg.institutions[0];
        assert_eq!(kg.institutions.len(), 1);
        let cited = |field: &str| -> Vec<(String, Option<crate::model::Known>)> {
            kaznu
                .facts
                .of(field)
                .unwrap_or_else(|| panic!("{field} has citations of its own"))
                .iter()
                .map(|c| (c.source.as_str().to_owned(), c.known()))
                .collect()
        };
        // Both give the country: the press release states it, the registry inferred it.
        assert_eq!(
            cited("country"),
            [
                ("press".to_owned(), None),
                ("ror-v2-9".to_owned(), Some(crate::model::Known::Inferred))
            ]
        );
        // Only the registry gives the acronym: the press release does not cite it.
        assert_eq!(cited("acronyms"), [("ror-v2-9".to_owned(), None)]);
        // The registry's other value for the kind stays, with its source.
        let kind = kaznu.values.of("kind").unwrap();
        assert_eq!(kind.len(), 1);
        assert_eq!(kind[0].value, serde_json::json!("academy"));
        assert_eq!(kind[0].sources[0].source.as_str(), "wiki");
        // The name both give is cited by both records' sources, as before.
        assert!(kaznu.facts.of("name").is_none());
    }

    #[test]
    fn an_openalex_record_is_one_with_the_record_that_holds_its_ror_id() {
        let seed = load_texts(&[("seed.json", WITH_OPENALEX)]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let ids: Vec<&str> = kg.institutions.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["kaznu", "ror-0child01", "openalex-I3", "openalex-I4"]);
        let found = |id: &str| {
            let node = kg.find(crate::model::NodeKind::Institution, id).unwrap();
            kg.institutions[node.index].id.as_str()
        };
        assert_eq!(found("openalex-I1"), "kaznu");
        assert_eq!(found("openalex-I2"), "kaznu");
        assert_eq!(found("ror-03q0vrn42"), "kaznu");
        assert_eq!(
            found("openalex-I5"),
            "ror-0child01",
            "the ROR record holds it"
        );
        let kaznu = &kg.institutions[0];
        let openalex: Vec<(&str, bool)> = kaznu
            .external_ids
            .iter()
            .filter(|id| id.scheme == crate::model::IdScheme::Openalex)
            .map(|id| (id.value.as_str(), id.preferred))
            .collect();
        assert_eq!(openalex, [("I1", true), ("I2", false)], "one preferred");
        let names: Vec<&serde_json::Value> = kaznu
            .values
            .of("name")
            .unwrap()
            .iter()
            .map(|v| &v.value)
            .collect();
        assert_eq!(
            names,
            [
                "Kazakh National University",
                "Al-Farabi University",
                "KazNU"
            ]
        );
        let sources: Vec<&str> = kaznu.sources.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["press", "ror-v2-9", "openalex"]);
        // The work's affiliations name the records they are one with now, each once.
        let work = &kg.works[0];
        let affiliated: Vec<&str> = work.authorships[0]
            .institutions
            .iter()
            .map(|i| i.as_str())
            .collect();
        assert_eq!(affiliated, ["kaznu", "ror-0child01"]);
        assert_eq!(work.authorships[1].institutions[0].as_str(), "openalex-I3");
        // OpenAlex's child and parent are one PART_OF, between the records they became.
        let faculty = &kg.institutions[1];
        assert_eq!(faculty.relationships[0].institution.as_str(), "kaznu");
        let part_of = kg
            .all_edges()
            .filter(|e| e.edge.relation == crate::graph::Relation::PartOf)
            .count();
        assert_eq!(part_of, 1);
    }

    #[test]
    fn an_openalex_record_merges_into_a_curated_record_without_a_ror_record() {
        let seed = WITH_OPENALEX
            .replace(
                "\"id\": \"ror-03q0vrn42\"",
                "\"id\": \"ror-03q0vrn42-gone\"",
            )
            .replace(
                "\"value\": \"03q0vrn42\", \"preferred\": true",
                "\"value\": \"0other000\", \"preferred\": true",
            );
        let seed = load_texts(&[("seed.json", seed.as_str())]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let node = kg
            .find(crate::model::NodeKind::Institution, "openalex-I1")
            .unwrap();
        assert_eq!(kg.institutions[node.index].id.as_str(), "kaznu");
    }

    /// A curated rector who gives their ORCID, the OpenAlex author of that ORCID (written as
    /// a web address, in another case) and one whose ORCID nobody else holds, on one work.
    const PEOPLE: &str = r#"{
      "version": 2,
      "sources": [{"id": "press", "title": "Press", "kind": "press_release", "language": "en"},
                  {"id": "openalex", "title": "OpenAlex", "kind": "dataset", "language": "en"}],
      "institutions": [{"id": "kaznu", "name": "KazNU", "kind": "university", "country": "KZ", "sources": ["press"]}],
      "people": [
        {"id": "openalex-A1", "name": "Zh. Tuimebayev", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "A1", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "orcid", "value": "https://orcid.org/0000-0002-1825-009X", "sources": ["openalex"]}]},
        {"id": "tuimebayev", "name": "Zhansseit Tuimebayev", "sources": ["press"],
         "positions": [{"title": "Rector", "institution": "kaznu", "sources": ["press"]}],
         "externalIds": [{"scheme": "orcid", "value": "0000-0002-1825-009x", "sources": ["press"]}]},
        {"id": "openalex-A2", "name": "Wei Li", "sources": ["openalex"],
         "externalIds": [{"scheme": "openalex", "value": "A2", "preferred": true, "sources": ["openalex"]},
                         {"scheme": "orcid", "value": "0000-0001-5109-3700", "sources": ["openalex"]}]}
      ],
      "works": [{"id": "openalex-W1", "title": "A work", "kind": "article", "sources": ["openalex"],
                 "authorships": [{"person": "openalex-A1", "name": "Zh. Tuimebayev", "institutions": ["kaznu"]},
                                 {"person": "openalex-A2", "name": "Wei Li"}]}]
    }"#;

    #[test]
    fn an_openalex_author_is_one_with_the_person_who_gives_their_orcid() {
        let seed = load_texts(&[("seed.json", PEOPLE)]).unwrap_or_else(|r| panic!("{r}"));
        let kg = KnowledgeGraph::new(seed);
        let ids: Vec<&str> = kg.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["tuimebayev", "openalex-A2"]);
        let rector = &kg.people[0];
        assert_eq!(
            rector.name.as_str(),
            "Zhansseit Tuimebayev",
            "the curated name stays"
        );
        assert_eq!(
            rector.values.of("name").unwrap()[0].value,
            serde_json::json!("Zh. Tuimebayev")
        );
        assert_eq!(rector.positions.len(), 1);
        let schemes: Vec<(IdScheme, bool)> = rector
            .external_ids
            .iter()
            .map(|id| (id.scheme, id.preferred))
            .collect();
        assert_eq!(
            schemes,
            [(IdScheme::Orcid, false), (IdScheme::Openalex, true)],
            "two ways of writing one ORCID are one id"
        );
        let cited: Vec<&str> = rector.external_ids[0]
            .sources
            .iter()
            .map(|c| c.source.as_str())
            .collect();
        assert_eq!(cited, ["press", "openalex"], "cited by both");
        let sources: Vec<&str> = rector.sources.iter().map(|c| c.source.as_str()).collect();
        assert_eq!(sources, ["press", "openalex"]);
        let authors: Vec<Option<&str>> = kg.works[0]
            .authorships
            .iter()
            .map(|a| a.person.as_ref().map(|p| p.as_str()))
            .collect();
        assert_eq!(authors, [Some("tuimebayev"), Some("openalex-A2")]);
        let found = kg.find(crate::model::NodeKind::Person, "openalex-A1");
        assert_eq!(
            found.map(|n| n.index),
            Some(0),
            "the author's id still finds them"
        );
    }

    #[test]
    fn two_people_cannot_give_one_orcid() {
        let seed = PEOPLE.replace(
            "  \"people\": [",
            "  \"people\": [\n        {\"id\": \"someone\", \"name\": \"Someone\", \"externalIds\": [{\"scheme\": \"orcid\", \"value\": \"0000-0002-1825-009X\"}]},",
        );
        let Err(report) = load_texts(&[("seed.json", seed.as_str())]) else {
            panic!("two people of one ORCID are refused");
        };
        let problem = &report.problems[0];
        assert_eq!(problem.path.to_string(), "$.people[2].externalIds");
        assert!(
            problem.message.contains("is \"someone\"'s already"),
            "{problem}"
        );
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
