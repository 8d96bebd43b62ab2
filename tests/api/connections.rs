//! Connections that cannot exhaust the service: idle and slow ones are closed after the header
//! timeout, slow bodies after the body timeout, and at the connection cap the oldest idle
//! connection makes room for a new client.

use std::time::{Duration, Instant};

use collabgraph::config::{Limits, Settings};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{TestApp, bundled_graph, spawn_app_with_settings};

async fn app_with(limits: Limits) -> TestApp {
    let settings = Settings {
        limits,
        ..Settings::default()
    };
    spawn_app_with_settings(bundled_graph(), settings).await
}

/// Reads until the server closes the connection; the time it took, or `None` if it stayed
/// open for `patience`.
async fn closed_within(stream: &mut TcpStream, patience: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buffer = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((start + patience).into(), stream.read(&mut buffer)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(start.elapsed()),
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn a_connection_that_sends_nothing_or_trickles_its_headers_is_closed_after_the_header_timeout()
 {
    let app = app_with(Limits {
        header_timeout: 1,
        ..Limits::default()
    })
    .await;
    let mut silent = TcpStream::connect(app.address).await.unwrap();
    let mut trickling = TcpStream::connect(app.address).await.unwrap();
    let trickle = async {
        for byte in b"GET /healthz HTTP/1.1\r\nHost: x\r\n" {
            if trickling.write_all(&[*byte]).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        closed_within(&mut trickling, Duration::from_secs(5)).await
    };
    let (silent, trickling) =
        tokio::join!(closed_within(&mut silent, Duration::from_secs(5)), trickle);
    for (what, closed) in [("silent", silent), ("trickling", trickling)] {
        let closed = closed.unwrap_or_else(|| panic!("the {what} connection stayed open"));
        assert!(closed < Duration::from_secs(4), "{what}: {closed:?}");
    }
}

#[tokio::test]
async fn an_idle_connection_after_a_request_is_closed_after_the_header_timeout() {
    let app = app_with(Limits {
        header_timeout: 1,
        ..Limits::default()
    })
    .await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let read = stream.read(&mut answer).await.unwrap();
    assert!(
        answer[..read].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&answer[..read])
    );
    let closed = closed_within(&mut stream, Duration::from_secs(5)).await;
    assert!(
        closed.is_some_and(|c| c < Duration::from_secs(4)),
        "{closed:?}"
    );
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_refused_and_the_connection_freed() {
    let app = app_with(Limits {
        body_timeout: 1,
        ..Limits::default()
    })
    .await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{\"query\":",
        )
        .await
        .unwrap();
    let start = Instant::now();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer))
        .await
        .expect("an answer before the body is complete")
        .unwrap();
    let head = String::from_utf8_lossy(&answer[..read]);
    assert!(head.starts_with("HTTP/1.1 4"), "{head}");
    assert!(start.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_body_sent_a_byte_at_a_time_is_refused_at_the_body_timeout_however_steady() {
    let app = app_with(Limits {
        body_timeout: 1,
        ..Limits::default()
    })
    .await;
    let mut stream = TcpStream::connect(app.address).await.unwrap();
    stream
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n",
        )
        .await
        .unwrap();
    let start = Instant::now();
    let (mut reader, mut writer) = stream.into_split();
    // A byte every 200 ms: never a gap near the timeout, and 20 s to send the whole body.
    let drip = tokio::spawn(async move {
        for _ in 0..100 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if writer.write_all(b" ").await.is_err() {
                break;
            }
        }
    });
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), reader.read(&mut answer))
        .await
        .expect("an answer before the body is complete")
        .unwrap();
    drip.abort();
    let head = String::from_utf8_lossy(&answer[..read]);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert!(head.contains("did not arrive whole within 1 s"), "{head}");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test]
async fn at_the_connection_cap_a_new_client_is_served_in_place_of_the_oldest_idle_one() {
    let cap = 8;
    let app = app_with(Limits {
        max_connections: cap,
        ..Limits::default()
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..cap {
        idle.push(TcpStream::connect(app.address).await.unwrap());
    }
    // Let the server accept them all before the next one comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    for round in 0..3 {
        let client = reqwest::Client::new();
        let health = tokio::time::timeout(
            Duration::from_secs(5),
            client.get(app.url("/healthz")).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("round {round}: a new client waited"))
        .unwrap();
        assert_eq!(health.status(), 200, "round {round}");
    }
    // The oldest idle connections were closed to make room; the server keeps its cap.
    let mut closed = 0;
    for stream in &mut idle {
        if closed_within(stream, Duration::from_millis(300))
            .await
            .is_some()
        {
            closed += 1;
        }
    }
    assert!((1..=cap).contains(&closed), "{closed} closed");
}
