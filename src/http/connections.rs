//! The connections: accepting them, holding each to its timeouts, and keeping their number
//! under a cap below the open-file limit, so that clients which open connections and then send
//! nothing, send slowly or stop reading cannot take the service offline.
//!
//! - A request's headers must arrive within the header timeout, which hyper also arms while a
//!   connection waits for its next request: it is the idle timeout too. Bodies have their own
//!   timeout (a layer of [`super::app`]).
//! - A write that cannot go out for the stall timeout (a client that stopped reading an answer
//!   or an export) fails, which closes the connection and frees what the answer held.
//! - At the cap, the oldest connection with no request in flight is closed for the new one; if
//!   every connection has a request in flight, the new one is closed instead.

use std::{
    collections::BTreeMap,
    convert::Infallible,
    future::Future,
    io,
    pin::{Pin, pin},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    task::{Context, Poll, ready},
    time::Duration,
};

use axum::{Router, body::Body, extract::Request};
use http_body_util::BodyExt as _;
use hyper::{body::Incoming, server::conn::http1};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    service::TowerToHyperService,
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
    sync::{Notify, watch},
    time::Sleep,
};
use tower::ServiceExt as _;

/// File descriptors kept for everything but connections: seed files read on a reload, logs,
/// the runtime's own.
const RESERVED_FILES: u64 = 64;

/// How the connections are held.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnectionLimits {
    /// Longest wait for a request's headers, and for the next request on an idle connection.
    pub(crate) header_timeout: Duration,
    /// Longest a write may wait for a client to read.
    pub(crate) stall_timeout: Duration,
    /// Most connections open at once.
    pub(crate) max_connections: usize,
}

/// Raises the soft limit on open files to the hard one where allowed, and returns the most
/// connections that fit under it: `wanted`, or fewer if the limit is lower.
pub(crate) fn connection_cap(wanted: usize) -> usize {
    let files = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            tracing::warn!(%error, "cannot read or raise the open-file limit");
            return wanted;
        }
    };
    let fits = usize::try_from(files.saturating_sub(RESERVED_FILES))
        .unwrap_or(usize::MAX)
        .max(1);
    if fits < wanted {
        tracing::warn!(
            open_files = files,
            connections = fits,
            "the open-file limit leaves room for fewer connections than --max-connections asks"
        );
    }
    wanted.min(fits)
}

/// One open connection, as the accept loop sees it.
#[derive(Default)]
struct Connection {
    /// Requests in flight on it, counted until their answer's body is done with.
    in_flight: AtomicUsize,
    /// Set once it was chosen to be closed, so that it is not chosen twice.
    closing: AtomicBool,
    /// Wakes the connection's task to close it.
    close: Notify,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Open {
    next: u64,
    connections: BTreeMap<u64, Arc<Connection>>,
}

impl Open {
    /// Makes room for one more connection under `cap`: closes the oldest idle one when at the
    /// cap. False when every connection has a request in flight, or when so many are still
    /// closing that another file would go past the open-file budget.
    fn make_room(&self, cap: usize) -> bool {
        let closing = self
            .connections
            .values()
            .filter(|c| c.closing.load(Ordering::Relaxed))
            .count();
        if self.connections.len() - closing < cap {
            return true;
        }
        // Those being closed still hold their files for a moment: allow a few, not a flood.
        if closing > cap / 8 {
            return false;
        }
        let idle = self.connections.values().find(|c| {
            !c.closing.load(Ordering::Relaxed) && c.in_flight.load(Ordering::Acquire) == 0
        });
        match idle {
            Some(connection) => {
                connection.closing.store(true, Ordering::Relaxed);
                connection.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Counts a request in flight on its connection until dropped.
struct InFlight(Arc<Connection>);

impl InFlight {
    fn new(connection: &Arc<Connection>) -> Self {
        connection.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(connection.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Accepts connections on `listener` and serves `router` on each until `shutdown` resolves;
/// then stops accepting, lets the requests in flight finish, and returns once every
/// connection is closed.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let cap = connection_cap(limits.max_connections);
    let open = Arc::new(Mutex::new(Open::default()));
    let (stopping, stop) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of files (or another error of the listener's own): wait a moment
                    // for connections to close rather than spin.
                    if !is_connection_error(&error) {
                        tracing::error!(%error, "cannot accept a connection");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    continue;
                }
            },
        };
        let (id, connection) = {
            let mut open = open
                .lock()
                .expect("the connection list is never left half-changed");
            if !open.make_room(cap) {
                tracing::debug!(
                    "at the connection cap with every connection busy: closing a new one"
                );
                continue;
            }
            let id = open.next;
            open.next += 1;
            let connection = Arc::new(Connection::default());
            open.connections.insert(id, connection.clone());
            (id, connection)
        };
        let (router, open, stop) = (router.clone(), open.clone(), stop.clone());
        tokio::spawn(async move {
            serve_connection(stream, router, &connection, limits, stop).await;
            open.lock()
                .expect("the connection list is never left half-changed")
                .connections
                .remove(&id);
        });
    }
    drop((listener, stop));
    // Every connection holds a receiver; once they are all gone, every connection is closed.
    let _ = stopping.send(true);
    stopping.closed().await;
}

/// Errors of one connection that `accept` reports, which say nothing about the listener.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// Serves one connection until it ends, is closed to make room, or the server stops.
async fn serve_connection(
    stream: TcpStream,
    router: Router,
    connection: &Arc<Connection>,
    limits: ConnectionLimits,
    mut stop: watch::Receiver<bool>,
) {
    // Answers go out as soon as they are written: with Nagle's algorithm a response sent in
    // several writes (a large or compressed one) can wait for the client's delayed ACK.
    if let Err(error) = stream.set_nodelay(true) {
        tracing::debug!(%error, "cannot set TCP_NODELAY on a connection");
    }
    let counted = connection.clone();
    let service = tower::service_fn(move |request: Request<Incoming>| {
        let in_flight = InFlight::new(&counted);
        let answer = router.clone().oneshot(request.map(Body::new));
        async move {
            let response = answer.await?;
            // Counted until its body is sent or dropped, so that a long export is not taken
            // for an idle connection.
            Ok::<_, Infallible>(response.map(|body| {
                Body::new(body.map_frame(move |frame| {
                    let _counted = &in_flight;
                    frame
                }))
            }))
        }
    });
    let io = TokioIo::new(Stalling::new(stream, limits.stall_timeout));
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .serve_connection(io, TowerToHyperService::new(service))
        .with_upgrades();
    let mut served = pin!(served);
    let stopping = async {
        // Err: the server is gone, which also means stop.
        let _ = stop.wait_for(|stopping| *stopping).await;
    };
    tokio::select! {
        result = served.as_mut() => return log_end(result),
        () = connection.close.notified() => {
            // Chosen as idle; a request may have started since: let it finish.
            if connection.in_flight.load(Ordering::Acquire) == 0 {
                return;
            }
        }
        () = stopping => {}
    }
    served.as_mut().graceful_shutdown();
    log_end(served.await);
}

fn log_end(result: Result<(), hyper::Error>) {
    if let Err(error) = result {
        tracing::debug!(%error, "connection ended with an error");
    }
}

/// A stream whose writes fail once one has waited `limit` for the client to read.
struct Stalling<S> {
    stream: S,
    limit: Duration,
    /// Armed while a write waits.
    waiting: Option<Pin<Box<Sleep>>>,
}

impl<S: AsyncWrite + Unpin> Stalling<S> {
    fn new(stream: S, limit: Duration) -> Self {
        Stalling {
            stream,
            limit,
            waiting: None,
        }
    }

    /// Passes a write's result through, timing how long it has waited.
    fn timed<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: impl FnOnce(Pin<&mut S>, &mut Context<'_>) -> Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match poll(Pin::new(&mut self.stream), cx) {
            Poll::Ready(result) => {
                self.waiting = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let limit = self.limit;
                let waiting = self
                    .waiting
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                ready!(waiting.as_mut().poll(cx));
                self.waiting = None;
                Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "the client stopped reading",
                )))
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Stalling<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Stalling<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.timed(cx, |stream, cx| stream.poll_write(cx, buf))
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        self.timed(cx, |stream, cx| stream.poll_write_vectored(cx, bufs))
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.timed(cx, |stream, cx| stream.poll_flush(cx))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::AsyncReadExt as _;

    use super::*;

    fn open_with(states: &[(bool, usize)]) -> Open {
        let mut open = Open::default();
        for &(closing, in_flight) in states {
            let connection = Arc::new(Connection::default());
            connection.closing.store(closing, Ordering::Relaxed);
            connection.in_flight.store(in_flight, Ordering::Relaxed);
            open.connections.insert(open.next, connection);
            open.next += 1;
        }
        open
    }

    fn closing(open: &Open) -> Vec<bool> {
        open.connections
            .values()
            .map(|c| c.closing.load(Ordering::Relaxed))
            .collect()
    }

    #[tokio::test]
    async fn a_write_that_waits_for_a_reader_past_the_limit_fails() {
        use tokio::io::AsyncWriteExt as _;
        let (near, mut far) = tokio::io::duplex(64);
        let mut stalling = Stalling::new(near, Duration::from_millis(200));
        // The reader takes its time but keeps reading: nothing fails.
        let reader = tokio::spawn(async move {
            let mut buffer = [0u8; 64];
            for _ in 0..4 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                let _ = far.read(&mut buffer).await;
            }
            far
        });
        stalling.write_all(&[1; 256]).await.unwrap();
        let _far = reader.await.unwrap();
        // Now nobody reads.
        let start = std::time::Instant::now();
        let failed = stalling.write_all(&[2; 256]).await.unwrap_err();
        assert_eq!(failed.kind(), io::ErrorKind::TimedOut);
        assert!(
            start.elapsed() >= Duration::from_millis(150),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn under_the_cap_nothing_is_closed() {
        let open = open_with(&[(false, 0), (false, 1)]);
        assert!(open.make_room(3));
        assert_eq!(closing(&open), [false, false]);
    }

    #[test]
    fn at_the_cap_the_oldest_idle_connection_is_closed() {
        let open = open_with(&[(false, 1), (false, 0), (false, 0)]);
        assert!(open.make_room(3));
        assert_eq!(closing(&open), [false, true, false]);
        // The one chosen no longer counts, but holds its file until it is gone: a cap of 2
        // allows one such at a time.
        assert!(!open.make_room(2));
        assert_eq!(closing(&open), [false, true, false]);
    }

    #[test]
    fn with_every_connection_busy_the_new_one_is_refused() {
        let open = open_with(&[(false, 1), (false, 2)]);
        assert!(!open.make_room(2));
        assert_eq!(closing(&open), [false, false]);
    }

    #[test]
    fn connections_still_closing_are_few_or_new_ones_wait() {
        let open = open_with(&[(true, 0), (true, 0), (false, 0), (false, 0)]);
        assert!(
            !open.make_room(2),
            "two closing is past a cap of 2's allowance"
        );
        assert_eq!(closing(&open), [true, true, false, false]);
    }
}
