//! A request body that must be complete by a deadline fixed when its headers arrived.
//!
//! tower-http's body timeout restarts after each frame, so a client sending a byte every few
//! seconds holds its connection, and a place in the connection cap, for as long as it likes.
//! Here the time runs from the request's arrival to the body's last byte, however it is sent.

use std::{
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use axum::body::{Body, Bytes, HttpBody};
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep, sleep_until};

/// A body that fails with [`TooSlow`] once `deadline` has passed before its end.
pub struct DeadlineBody {
    body: Body,
    deadline: Instant,
    /// Made at the first read, so a request whose body is never read never sets a timer.
    timer: Option<Pin<Box<Sleep>>>,
}

impl DeadlineBody {
    /// `body`, which must have arrived whole `within` from now.
    pub fn new(body: Body, within: Duration) -> Self {
        Self {
            body,
            deadline: Instant::now() + within,
            timer: None,
        }
    }
}

/// The error of a body that was not complete by its deadline.
#[derive(Debug)]
pub struct TooSlow;

impl fmt::Display for TooSlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the body did not arrive whole within the body timeout")
    }
}

impl std::error::Error for TooSlow {}

/// Whether `error` is, or was caused by, a body missing its deadline.
pub fn is_too_slow(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<TooSlow>() {
            return true;
        }
        cause = error.source();
    }
    false
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        let deadline = this.deadline;
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(sleep_until(deadline)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Some(Err(axum::Error::new(TooSlow)))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use futures_util::stream;
    use http_body_util::BodyExt as _;

    use super::*;

    /// A body that sends a byte every `gap`, `count` times.
    fn dripping(gap: Duration, count: usize) -> Body {
        Body::from_stream(stream::unfold(0, move |sent| async move {
            if sent == count {
                return None;
            }
            tokio::time::sleep(gap).await;
            Some((Ok::<_, Infallible>(Bytes::from_static(b"x")), sent + 1))
        }))
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_keeps_coming_fails_at_the_deadline_not_after_its_last_gap() {
        // Each gap is well inside the limit; the whole is not.
        let body = DeadlineBody::new(dripping(Duration::from_secs(2), 10), Duration::from_secs(5));
        let start = Instant::now();
        let error = body.collect().await.expect_err("too slow");
        assert!(is_too_slow(&error), "{error}");
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_complete_in_time_is_read_whole() {
        let body = DeadlineBody::new(dripping(Duration::from_secs(1), 4), Duration::from_secs(5));
        let bytes = body.collect().await.expect("in time").to_bytes();
        assert_eq!(&bytes[..], b"xxxx");
    }
}
