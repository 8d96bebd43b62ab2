//! Which root object answers which root field: a field-less object merged last into `Query`,
//! so that it is asked first and sends each root field straight to its object.
//!
//! A merged object asks its objects in turn, the last one first, and each asking nests one
//! more future in the last (each as large as the largest object's): through the twenty
//! objects of `Query`, a lookup asked first for the objects of the network, the stats, the
//! search... before its own, and the nesting showed in the cost of an institution by id. The
//! root objects hold nothing, so this one makes the one it needs. A field it does not know
//! (none, as a test checks) is still found, the long way.

use std::borrow::Cow;

use async_graphql::{
    ContainerType, Context, ContextSelectionSet, OutputType, Positioned, ServerResult, Value,
    parser::types::Field,
    registry::{MetaType, MetaTypeId, Registry},
};

use super::{agreement, institution, lab, network, node, person, provenance, search, stats, topic};

/// The field-less object that sends each root field to its object (see the module's notes).
#[derive(Default)]
pub struct Routes;

/// Writes [`Routes`]' answer and the list of the fields it routes.
macro_rules! routes {
    ($($object:expr => $($field:literal)|+,)*) => {
        impl ContainerType for Routes {
            async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
                match ctx.item.node.name.node.as_str() {
                    $($($field)|+ => $object.resolve_field(ctx).await,)*
                    _ => Ok(None),
                }
            }
        }

        #[cfg(test)]
        const ROUTED: &[&str] = &[$($($field),+),*];
    };
}

routes! {
    node::NodeQuery => "node" | "nodes",
    institution::InstitutionLookup => "institution",
    person::PersonLookup => "person",
    lab::LabLookup => "lab",
    agreement::AgreementLookup => "agreement",
    topic::TopicLookup => "topic",
    provenance::SourceLookup => "source",
    provenance::EventLookup => "event",
    institution::InstitutionList => "institutions",
    agreement::AgreementList => "agreements",
    person::PersonList => "people",
    lab::LabList => "labs",
    topic::TopicList => "topics",
    provenance::SourceList => "sources",
    provenance::EventList => "events",
    institution::CollaboratorQuery => "collaborators",
    node::RelationQuery => "relation",
    search::SearchQuery => "search",
    stats::StatsQuery => "stats",
    network::NetworkQuery => "shortestPath" | "paths" | "neighbourhood" | "network" | "centrality"
        | "components" | "communities" | "cutPoints" | "timeline",
}

/// An object without fields, as async-graphql's own end of a merged object is: it adds nothing
/// to `Query` and is left out of the schema.
impl OutputType for Routes {
    fn type_name() -> Cow<'static, str> {
        Cow::Borrowed("QueryRoutes")
    }

    fn create_type_info(registry: &mut Registry) -> String {
        registry.create_output_type::<Self, _>(MetaTypeId::Object, |_| MetaType::Object {
            name: "QueryRoutes".to_owned(),
            description: None,
            fields: Default::default(),
            cache_control: Default::default(),
            extends: false,
            shareable: false,
            resolvable: true,
            keys: None,
            visible: None,
            inaccessible: false,
            interface_object: false,
            tags: Default::default(),
            is_subscription: false,
            rust_typename: Some(std::any::type_name::<Self>()),
            directive_invocations: Default::default(),
            requires_scopes: Default::default(),
        })
    }

    async fn resolve(
        &self,
        _ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        unreachable!("only ever merged into Query")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::build_schema;

    #[test]
    fn every_root_field_is_routed_and_no_other() {
        let sdl = build_schema().sdl();
        let query = sdl
            .split("\ntype Query {")
            .nth(1)
            .and_then(|rest| rest.split("\n}").next())
            .expect("a Query type");
        // A root field is a line one tab in, its name up to `(` or `:`.
        let fields: Vec<&str> = query
            .lines()
            .filter_map(|line| line.strip_prefix('\t'))
            .filter(|line| !line.starts_with(['\t', '"', ' ']) && !line.is_empty())
            .map(|line| line.split(['(', ':']).next().unwrap_or(line))
            .collect();
        assert_eq!(fields.len(), 29, "{fields:?}");
        assert_eq!(fields, ROUTED);
    }
}
