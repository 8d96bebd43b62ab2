//! The `collabgraph` binary: `check` on good and bad seeds, `schema`.

use std::process::Command;

fn collabgraph(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(args)
        .output()
        .expect("run collabgraph")
}

#[test]
fn check_passes_the_bundled_seed() {
    let seed = collabgraph::bundled_seed_dir();
    let output = collabgraph(&["check", seed.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok, 29 nodes"));
}

#[test]
fn check_reports_every_problem_with_its_place_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{
  "version": 1,
  "institutions": [
    {"id": "a", "name": "A", "kind": "university", "country": "ZZ"},
    {"id": "b", "name": "B", "kind": "university", "country": "KZ", "parent": "aa"}
  ]
}"#,
    )
    .unwrap();
    let output = collabgraph(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("bad.json:4:") && report.contains("$.institutions[0].country"),
        "{report}"
    );
    assert!(
        report.contains("bad.json:5:") && report.contains("did you mean \"a\""),
        "{report}"
    );
    assert!(report.contains("2 problems in 1 file"), "{report}");
}

#[test]
fn serve_refuses_an_invalid_seed_with_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{\"version\": 1, \"topics\": [{\"id\": \"t\"}]}").unwrap();
    let output = collabgraph(&[
        "serve",
        "--seed",
        path.to_str().unwrap(),
        "--listen",
        "127.0.0.1:0",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("missing field `name`") && report.contains("bad.json:1:"),
        "{report}"
    );
}

#[test]
fn schema_prints_the_sdl() {
    let output = collabgraph(&["schema"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        collabgraph::api::build_schema().sdl()
    );
}

#[test]
fn serve_prints_its_url_answers_and_stops_cleanly_on_sigterm() {
    use std::{
        io::{BufRead, BufReader, Read, Write},
        net::TcpStream,
        process::Stdio,
    };

    let mut child = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start collabgraph");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split("http://")
        .nth(1)
        .expect("a printed URL")
        .trim_end_matches(|c: char| c != '/');
    let address = url.trim_end_matches('/');

    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 200") && response.contains("\"status\":\"ok\""),
        "{response}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "collabgraph exited with {exit} on SIGTERM");
}

#[test]
fn sighup_reloads_the_seed_and_an_invalid_one_keeps_the_old_graph() {
    use std::{
        io::{BufRead, BufReader, Read, Write},
        net::TcpStream,
        process::Stdio,
        time::{Duration, Instant},
    };

    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    let institution = |id: &str| {
        format!(r#"{{"id": "{id}", "name": "{id}", "kind": "university", "country": "KZ"}}"#)
    };
    std::fs::write(
        &seed,
        format!(
            r#"{{"version": 1, "institutions": [{}]}}"#,
            institution("a")
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["--listen", "127.0.0.1:0", "--seed", seed.to_str().unwrap()])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start collabgraph");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let nodes = || {
        let mut stream = TcpStream::connect(&address).unwrap();
        write!(
            stream,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let body = response.split("\r\n\r\n").nth(1).unwrap().to_owned();
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["nodes"]
            .as_u64()
            .unwrap()
    };
    let hangup = |pid: u32| {
        assert!(
            Command::new("kill")
                .args(["-HUP", &pid.to_string()])
                .status()
                .unwrap()
                .success()
        )
    };
    let wait_for = |want: u64| {
        let started = Instant::now();
        while nodes() != want && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        nodes()
    };
    assert_eq!(nodes(), 1);

    let two = format!(
        r#"{{"version": 1, "institutions": [{}, {}]}}"#,
        institution("a"),
        institution("b")
    );
    std::fs::write(&seed, two).unwrap();
    hangup(child.id());
    assert_eq!(wait_for(2), 2, "SIGHUP loaded the new seed");

    std::fs::write(
        &seed,
        r#"{"version": 1, "institutions": [{"id": "broken"}]}"#,
    )
    .unwrap();
    hangup(child.id());
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        nodes(),
        2,
        "an invalid seed is refused and the old graph keeps serving"
    );
    assert!(child.try_wait().unwrap().is_none(), "still running");

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(child.wait().unwrap().success());
}
