//! A shorter way through the executor for our objects.
//!
//! async-graphql resolves each field of an object as a boxed future with a context of its own,
//! and a list's items as the tasks of a `FuturesOrdered`: a cost per object before any of our
//! code runs, and a large share of what a page of objects costs. None of our
//! resolvers waits (the graph is in memory), so [`One`] and [`Many`] run each field's resolver
//! (the one `#[Object]` generated, with its arguments and its errors) to the end on the spot
//! and put the object's map together themselves, as the executor would: errors are recorded
//! and the field left out, `__typename` is the concrete type.
//!
//! They leave a selection to the executor when it has fragments or a directive (`@skip` and
//! `@include` are gone by then: the executor takes them out before running), when a response
//! key is asked twice (the executor merges those), and when a resolver would wait. In that last
//! case errors already recorded for the object's earlier fields would be recorded twice; no
//! resolver waits. An extension would not see the fields answered here; the schema has none.
//! `tests/api/plain.rs` checks that both ways give the same answers.

use std::{
    borrow::Cow,
    cell::RefCell,
    pin::pin,
    sync::Arc,
    task::{Context, Poll, Waker},
};

use async_graphql::{
    ContainerType, ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value,
    indexmap::IndexMap,
    parser::types::{Field, Selection},
    registry::Registry,
};

use super::budget::Budget;

/// How many layouts each thread keeps (see [`layout`]).
const RECENT_LAYOUTS: usize = 8;

thread_local! {
    /// The layouts this thread made last, the latest first.
    static RECENT: RefCell<Vec<IndexMap<Name, Value>>> = const { RefCell::new(Vec::new()) };
}

/// The answer's keys in selection order, each with a null to fill in, or `None` to leave the
/// selection to the executor (see the module's notes).
///
/// A layout is an `IndexMap`, which hashes each key with SipHash as it goes in (async-graphql's
/// `Value` fixes the hasher); a copy keeps the hashes. The same selection is laid out again and
/// again (the `institution` of each party of each agreement, each item of a list), so the latest
/// layouts are kept per thread and a selection whose keys are a kept layout's, in order, gets a
/// copy: keys in order are all a layout is, whatever document they came from.
fn layout(ctx: &ContextSelectionSet<'_>) -> Option<IndexMap<Name, Value>> {
    let selections = &ctx.item.node.items;
    RECENT.with_borrow_mut(|recent| {
        if let Some(kept) = recent.iter().find(|kept| lays_out(kept, selections)) {
            return Some(kept.clone());
        }
        let made = make_layout(selections)?;
        recent.truncate(RECENT_LAYOUTS - 1);
        recent.insert(0, made.clone());
        Some(made)
    })
}

/// Whether `layout` is what [`make_layout`] would make of `selections`.
fn lays_out(layout: &IndexMap<Name, Value>, selections: &[Positioned<Selection>]) -> bool {
    layout.len() == selections.len()
        && layout.keys().zip(selections).all(|(key, selection)| {
            matches!(&selection.node, Selection::Field(field)
                if field.node.directives.is_empty() && field.node.response_key().node == *key)
        })
}

fn make_layout(selections: &[Positioned<Selection>]) -> Option<IndexMap<Name, Value>> {
    let mut object = IndexMap::with_capacity(selections.len());
    for selection in selections {
        match &selection.node {
            Selection::Field(field) if field.node.directives.is_empty() => {
                let key = field.node.response_key().node.clone();
                if object.insert(key, Value::Null).is_some() {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(object)
}

/// The object's answer, filled into its `layout`, or `None` when a resolver would wait.
fn answer<T: ContainerType + ?Sized>(
    item: &T,
    ctx: &ContextSelectionSet<'_>,
    mut object: IndexMap<Name, Value>,
) -> Option<Value> {
    let mut failed = Vec::new();
    for (index, selection) in ctx.item.node.items.iter().enumerate() {
        let Selection::Field(field) = &selection.node else {
            unreachable!("checked by layout")
        };
        let value = if field.node.name.node == "__typename" {
            Value::String(item.introspection_type_name().into_owned())
        } else {
            let field_ctx = ctx.with_field(field);
            let resolving = pin!(item.resolve_field(&field_ctx));
            match resolving.poll(&mut Context::from_waker(Waker::noop())) {
                Poll::Pending => return None,
                Poll::Ready(Ok(value)) => value.unwrap_or_default(),
                Poll::Ready(Err(error)) => {
                    ctx.add_error(error);
                    failed.push(index);
                    continue;
                }
            }
        };
        object[index] = value;
    }
    // A field that failed is left out of its object, as the executor leaves it.
    for index in failed.into_iter().rev() {
        object.shift_remove_index(index);
    }
    Some(if object.is_empty() {
        Value::Null
    } else {
        Value::Object(object)
    })
}

/// Takes `objects` from the request's [`Budget`], if it has one: every object of an answer is
/// laid out by [`One`] or [`Many`], so this is where an answer's size is held to its limit and
/// where the work of laying it out notices that it was stopped.
fn spend(ctx: &ContextSelectionSet<'_>, objects: usize) -> ServerResult<()> {
    match ctx.data_opt::<Arc<Budget>>() {
        Some(budget) => budget
            .spend(objects)
            .map_err(|error| ctx.set_error_path(error)),
        None => Ok(()),
    }
}

/// One object, resolved as above. The schema sees `T`.
pub(super) struct One<T>(pub T);

impl<T: ContainerType> OutputType for One<T> {
    fn type_name() -> Cow<'static, str> {
        T::type_name()
    }

    fn qualified_type_name() -> String {
        T::qualified_type_name()
    }

    fn introspection_type_name(&self) -> Cow<'static, str> {
        self.0.introspection_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        T::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        spend(ctx, 1)?;
        match layout(ctx).and_then(|layout| answer(&self.0, ctx, layout)) {
            Some(value) => Ok(value),
            None => self.0.resolve(ctx, field).await,
        }
    }
}

/// A list of objects, each resolved as above, one after another (nothing waits, so running
/// them as concurrent tasks only costs). The schema sees `[T!]!`.
pub(super) struct Many<T>(pub Vec<T>);

impl<T: ContainerType> OutputType for Many<T> {
    fn type_name() -> Cow<'static, str> {
        Vec::<T>::type_name()
    }

    fn qualified_type_name() -> String {
        Vec::<T>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        Vec::<T>::create_type_info(registry)
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        spend(ctx, self.0.len())?;
        let layout = layout(ctx);
        let mut list = Vec::with_capacity(self.0.len());
        for (index, item) in self.0.iter().enumerate() {
            let ctx = ctx.with_index(index);
            let value = match layout.clone().and_then(|layout| answer(item, &ctx, layout)) {
                Some(value) => value,
                None => item
                    .resolve(&ctx, field)
                    .await
                    .map_err(|error| ctx.set_error_path(error))?,
            };
            list.push(value);
        }
        Ok(Value::List(list))
    }
}

impl<T> FromIterator<T> for Many<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Many(items.into_iter().collect())
    }
}
