//! Stopping work that nobody is waiting for any more: a request past its time, or one whose
//! client has gone.
//!
//! The work of a request (a view, a measure, a path, an answer's objects) runs on a thread of
//! its own, where no timer can reach it; the side that waits for it (the HTTP handler, on the
//! async runtime) sets its [`Interrupt`] when the request's time is up or when it is dropped
//! because the client left. The loops of that work ask [`Interrupt::check`] as they go (one
//! atomic load) and give up with [`Interrupted`], so the thread is free again within a fraction
//! of a second.

use std::sync::atomic::{AtomicU8, Ordering};

/// Why work was stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Interrupted {
    /// The request ran out of time.
    #[error("the request ran out of time")]
    TimedOut,
    /// Nobody waits for the answer any more: the client left.
    #[error("the client stopped waiting for the answer")]
    Abandoned,
}

/// Whether the work of one request should stop; shared between the work and whoever waits for
/// it.
#[derive(Debug, Default)]
pub struct Interrupt(AtomicU8);

const RUNNING: u8 = 0;
const TIMED_OUT: u8 = 1;
const ABANDONED: u8 = 2;

impl Interrupt {
    /// Work that has not been stopped.
    pub const fn new() -> Self {
        Interrupt(AtomicU8::new(RUNNING))
    }

    /// An interrupt nothing ever sets, for work that runs to the end (the command line,
    /// benchmarks, tests).
    pub fn never() -> &'static Interrupt {
        static NEVER: Interrupt = Interrupt::new();
        &NEVER
    }

    /// Asks the work to stop, for `why`; the first reason given is the one kept.
    pub fn stop(&self, why: Interrupted) {
        let code = match why {
            Interrupted::TimedOut => TIMED_OUT,
            Interrupted::Abandoned => ABANDONED,
        };
        let _ = self
            .0
            .compare_exchange(RUNNING, code, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// `Err` once the work has been asked to stop. Cheap enough for the inner loops.
    #[inline]
    pub fn check(&self) -> Result<(), Interrupted> {
        match self.0.load(Ordering::Relaxed) {
            RUNNING => Ok(()),
            TIMED_OUT => Err(Interrupted::TimedOut),
            _ => Err(Interrupted::Abandoned),
        }
    }
}

/// Checks an [`Interrupt`] every so many steps of a loop whose steps are tiny (a node or an
/// edge), so that checking costs nothing next to the step.
pub struct Every<'a> {
    interrupt: &'a Interrupt,
    steps: u32,
}

/// How many steps [`Every`] takes between two checks.
const STEPS_BETWEEN_CHECKS: u32 = 1024;

impl<'a> Every<'a> {
    /// A counter for one loop.
    pub fn new(interrupt: &'a Interrupt) -> Self {
        Every {
            interrupt,
            steps: 0,
        }
    }

    /// Counts a step; checks the interrupt on every [`STEPS_BETWEEN_CHECKS`]th.
    #[inline]
    pub fn step(&mut self) -> Result<(), Interrupted> {
        self.steps = self.steps.wrapping_add(1);
        if self.steps.is_multiple_of(STEPS_BETWEEN_CHECKS) {
            self.interrupt.check()
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_is_kept() {
        let interrupt = Interrupt::new();
        assert_eq!(interrupt.check(), Ok(()));
        interrupt.stop(Interrupted::TimedOut);
        interrupt.stop(Interrupted::Abandoned);
        assert_eq!(interrupt.check(), Err(Interrupted::TimedOut));
    }

    #[test]
    fn a_loop_notices_within_one_round_of_checks() {
        let interrupt = Interrupt::new();
        let mut every = Every::new(&interrupt);
        interrupt.stop(Interrupted::Abandoned);
        let steps = (1..).find(|_| every.step().is_err()).unwrap();
        assert!(steps <= STEPS_BETWEEN_CHECKS, "{steps}");
        assert_eq!(Interrupt::never().check(), Ok(()));
    }
}
