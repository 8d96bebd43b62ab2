//! What one request may still spend: objects in its answer, and the interrupt that stops its
//! work. The HTTP layer puts a [`Budget`] in each request's data (one for all the operations of
//! a batch); `One` and `Many` spend from it as they lay out objects, and the network's fields
//! hand its interrupt to the views, measures and paths they compute.

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use async_graphql::{Context, ServerError, ServerResult};

use crate::{
    error::ErrorCode,
    interrupt::{Interrupt, Interrupted},
};

/// The objects an answer may still hold, and whether its work should stop.
pub struct Budget {
    interrupt: Arc<Interrupt>,
    max_objects: usize,
    left: AtomicUsize,
    exceeded: AtomicBool,
}

impl Budget {
    /// A budget of `max_objects` objects for work that `interrupt` stops.
    pub fn new(interrupt: Arc<Interrupt>, max_objects: usize) -> Self {
        Budget {
            interrupt,
            max_objects,
            left: AtomicUsize::new(max_objects),
            exceeded: AtomicBool::new(false),
        }
    }

    /// The interrupt of the request's work.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }

    /// Whether the answer asked for more objects than the budget holds.
    pub fn exceeded(&self) -> bool {
        self.exceeded.load(Ordering::Relaxed)
    }

    /// Takes `objects` from the budget, or refuses once it is spent or the work was stopped.
    pub(super) fn spend(&self, objects: usize) -> ServerResult<()> {
        self.interrupt.check().map_err(interrupted)?;
        let spent = self
            .left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(objects)
            });
        if spent.is_err() {
            self.exceeded.store(true, Ordering::Relaxed);
            return Err(ErrorCode::LimitExceeded.server_error(self.refusal()));
        }
        Ok(())
    }

    /// Why an answer over the budget is refused.
    pub fn refusal(&self) -> String {
        format!(
            "the answer would hold more than {} objects: ask for smaller pages, fewer nested \
             lists or fewer aliases",
            self.max_objects
        )
    }
}

/// A request whose work was stopped: out of time (LIMIT_EXCEEDED), or abandoned by its client
/// (who will never read the error).
pub(super) fn interrupted(why: Interrupted) -> ServerError {
    ErrorCode::LimitExceeded.server_error(why.to_string())
}

/// Takes `objects` from the request's budget, if it has one, for records a resolver hands back
/// in a list that [`Many`](super::plain::Many) does not lay out (one with nulls in it), as a
/// resolver's error.
pub(super) fn spend_for(ctx: &Context<'_>, objects: usize) -> async_graphql::Result<()> {
    match ctx.data_opt::<Arc<Budget>>() {
        Some(budget) => budget.spend(objects).map_err(|refused| {
            let mut error = async_graphql::Error::new(refused.message);
            error.extensions = refused.extensions;
            error
        }),
        None => Ok(()),
    }
}

/// The same as a resolver's error.
pub(super) fn interrupted_error(why: Interrupted) -> async_graphql::Error {
    ErrorCode::LimitExceeded.error(why.to_string())
}

/// The interrupt of the request `ctx` belongs to; one that never stops for a request run
/// without a budget (by the tests and benches that execute the schema directly).
pub(super) fn interrupt<'a>(ctx: &Context<'a>) -> &'a Interrupt {
    ctx.data_opt::<Arc<Budget>>()
        .map_or(Interrupt::never(), |budget| budget.interrupt())
}
