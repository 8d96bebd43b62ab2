//! Where the work of a request runs: on a thread of its own, not on the async workers (but for
//! small lookups), a bounded number at once.
//!
//! Resolvers, views and measures are plain blocking code (the graph is in memory), so run on
//! the runtime's two worker threads they would keep every other request (health checks
//! included) waiting, and the request's timer would never be polled. Here each request's work
//! runs on Tokio's blocking threads, in one of two lanes: light work (lookups, search) and
//! heavy work (lists, views, measures, paths, exports), each with its own number of requests
//! that may run at once and of requests that may wait for a turn; past that a request is
//! refused at once as busy. The handler waits for the work with the request's timeout; when
//! the time is up, or when the handler is dropped because its client left, it sets the work's
//! [`Interrupt`], which the work checks as it goes.
//!
//! The one exception is a short lookup whose answer is small (see
//! `graphql::INLINE_OBJECTS`): handing it to a thread and back would cost more than answering
//! it, so it is answered where it was received.

use std::{
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use axum::http::HeaderValue;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::{
    config::Limits,
    interrupt::{Interrupt, Interrupted},
};

/// The Retry-After of a request refused as busy: how many seconds to wait before trying again.
pub(crate) const RETRY_AFTER: HeaderValue = HeaderValue::from_static("1");

/// Which lane a request's work runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Weight {
    /// Lookups by id, search, counts: bounded by what they return.
    Light,
    /// Lists, network views, measures, paths, exports: they may walk the whole graph.
    Heavy,
}

/// Why a request's work did not run to the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Its lane had as many requests running and waiting as it takes.
    Busy,
    /// It ran out of time (waiting for its turn, or running).
    TimedOut,
}

/// The two lanes.
pub(crate) struct Workers {
    light: Lane,
    heavy: Lane,
}

struct Lane {
    running: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

impl Lane {
    fn new(running: usize, max_waiting: usize) -> Self {
        Lane {
            running: Arc::new(Semaphore::new(running.max(1))),
            waiting: AtomicUsize::new(0),
            max_waiting,
        }
    }

    /// A turn to run, now or after waiting in line; `Busy` when the line is full.
    async fn turn(&self) -> Result<OwnedSemaphorePermit, Refused> {
        if let Ok(permit) = self.running.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(Refused::Busy);
        }
        // Counted out of the line however the wait ends, the request's timeout included.
        let _in_line = InLine(&self.waiting);
        Ok(self
            .running
            .clone()
            .acquire_owned()
            .await
            .expect("the semaphore is never closed"))
    }
}

struct InLine<'a>(&'a AtomicUsize);

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Stops the work when whoever waits for it goes away before it is done.
struct StopWhenDropped(Arc<Interrupt>);

impl Drop for StopWhenDropped {
    fn drop(&mut self) {
        // Harmless once the work is done: nothing checks the interrupt any more.
        self.0.stop(Interrupted::Abandoned);
    }
}

impl Workers {
    /// Lanes sized by `limits`.
    pub(crate) fn new(limits: &Limits) -> Self {
        Workers {
            light: Lane::new(limits.light_requests, limits.queued_requests),
            heavy: Lane::new(limits.heavy_requests, limits.queued_requests),
        }
    }

    /// Runs `work` in the lane of `weight`, within `timeout` (the wait for a turn included).
    /// `work` is handed the interrupt it should check, and runs on a blocking thread; when the
    /// time is up, or when the returned future is dropped, the interrupt is set, and the turn
    /// is given back once `work` has noticed and returned.
    pub(crate) async fn run<T, W>(
        &self,
        weight: Weight,
        timeout: Duration,
        work: W,
    ) -> Result<T, Refused>
    where
        T: Send + 'static,
        W: FnOnce(Arc<Interrupt>) -> T + Send + 'static,
    {
        let lane = match weight {
            Weight::Light => &self.light,
            Weight::Heavy => &self.heavy,
        };
        let interrupt = Arc::new(Interrupt::new());
        let _stop = StopWhenDropped(interrupt.clone());
        let deadline = std::time::Instant::now() + timeout;
        let running = async {
            let turn = lane.turn().await?;
            // A request whose time ran out while it waited does not start (the timer below
            // fires only at its next tick, by which time short work would have answered).
            if std::time::Instant::now() >= deadline {
                return Err(Refused::TimedOut);
            }
            let interrupt = interrupt.clone();
            let done = tokio::task::spawn_blocking(move || {
                let _turn = turn;
                work(interrupt)
            });
            match done.await {
                Ok(answer) => Ok(answer),
                Err(failed) => std::panic::resume_unwind(failed.into_panic()),
            }
        };
        match tokio::time::timeout(timeout, running).await {
            Ok(answer) => answer,
            Err(_) => {
                interrupt.stop(Interrupted::TimedOut);
                Err(Refused::TimedOut)
            }
        }
    }
}

/// Runs `future` to the end on the current (blocking) thread: the executor's futures never
/// wait for anything but the graph, so this is how a blocking thread runs a GraphQL request.
pub(crate) fn finish<F: Future>(future: F) -> F::Output {
    tokio::runtime::Handle::current().block_on(future)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn limits(running: usize, queued: usize) -> Limits {
        Limits {
            light_requests: running,
            heavy_requests: running,
            queued_requests: queued,
            ..Limits::default()
        }
    }

    /// Work that spins until it is stopped, and says why it was.
    fn spin(interrupt: Arc<Interrupt>) -> Interrupted {
        loop {
            if let Err(why) = interrupt.check() {
                return why;
            }
            std::thread::yield_now();
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_past_its_time_is_stopped_and_its_turn_given_back() {
        // One may wait: the work reports before it returns its turn.
        let workers = Arc::new(Workers::new(&limits(1, 1)));
        let (sender, receiver) = std::sync::mpsc::channel();
        let started = Instant::now();
        let refused = workers
            .run(
                Weight::Heavy,
                Duration::from_millis(100),
                move |interrupt| {
                    sender.send(spin(interrupt)).unwrap();
                },
            )
            .await;
        assert_eq!(refused, Err(Refused::TimedOut));
        assert_eq!(
            receiver.recv_timeout(Duration::from_secs(5)),
            Ok(Interrupted::TimedOut)
        );
        assert!(started.elapsed() < Duration::from_secs(5));
        // The one turn is given back (else this would wait its 5 s out).
        let answer = workers
            .run(Weight::Heavy, Duration::from_secs(5), |_| 42)
            .await;
        assert_eq!(answer, Ok(42));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_whose_waiter_leaves_is_stopped() {
        let workers = Workers::new(&limits(1, 0));
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiting = workers.run(Weight::Light, Duration::from_secs(60), move |interrupt| {
            sender.send(spin(interrupt)).unwrap();
        });
        // The client leaves after 50 ms: the handler's future is dropped.
        let _ = tokio::time::timeout(Duration::from_millis(50), waiting).await;
        assert_eq!(
            receiver.recv_timeout(Duration::from_secs(5)),
            Ok(Interrupted::Abandoned)
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_lane_refuses_at_once_and_the_other_lane_still_runs() {
        let workers = Arc::new(Workers::new(&limits(1, 1)));
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let released = Arc::new(std::sync::Mutex::new(Some(released)));
        let hold = {
            let workers = workers.clone();
            tokio::spawn(async move {
                workers
                    .run(Weight::Heavy, Duration::from_secs(30), move |_| {
                        let released = released.lock().unwrap().take().unwrap();
                        finish(released).ok();
                    })
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        // One waits in line; the next is refused.
        let in_line = {
            let workers = workers.clone();
            tokio::spawn(async move {
                workers
                    .run(Weight::Heavy, Duration::from_secs(30), |_| "ran")
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            workers
                .run(Weight::Heavy, Duration::from_secs(30), |_| "ran")
                .await,
            Err(Refused::Busy)
        );
        assert_eq!(
            workers
                .run(Weight::Light, Duration::from_secs(30), |_| "light")
                .await,
            Ok("light")
        );
        release.send(()).unwrap();
        assert_eq!(hold.await.unwrap(), Ok(()));
        assert_eq!(in_line.await.unwrap(), Ok("ran"));
    }
}
