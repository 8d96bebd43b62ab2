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
    assert!(String::from_utf8_lossy(&output.stdout).contains("ok, 30 nodes"));
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

/// A `collabgraph serve` process on a free loopback port, and the address it printed.
pub(crate) fn start_server(extra: &[&str]) -> (std::process::Child, String) {
    use std::{
        io::{BufRead, BufReader},
        process::Stdio,
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["--listen", "127.0.0.1:0"])
        .args(extra)
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
        .expect("a printed URL")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    (child, address)
}

/// GET `path` over a plain HTTP/1.1 connection: the status line and the body.
fn get(address: &str, path: &str) -> (String, String) {
    use std::{
        io::{Read, Write},
        net::TcpStream,
    };
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

fn signal(child: &std::process::Child, name: &str) {
    let status = Command::new("kill")
        .args([name, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn serve_prints_its_url_answers_and_stops_cleanly_on_sigterm() {
    let (mut child, address) = start_server(&[]);
    let (status, body) = get(&address, "/healthz");
    assert!(
        status.starts_with("HTTP/1.1 200") && body.contains("\"status\":\"ok\""),
        "{status} {body}"
    );
    signal(&child, "-TERM");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "collabgraph exited with {exit} on SIGTERM");
}

#[test]
fn sigterm_lets_a_request_in_flight_finish_before_the_server_stops() {
    use std::{
        io::{Read, Write},
        net::TcpStream,
        time::Duration,
    };
    let (mut child, address) = start_server(&[]);
    // A request whose headers have arrived and whose body is still coming when SIGTERM does.
    let body = r#"{"query": "{ institution(id: \"kaznu\") { name } }"}"#;
    let (first, rest) = body.split_at(10);
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    signal(&child, "-TERM");
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the server stopped with a request in flight"
    );
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(
        response.ends_with(
            r#"{"data":{"institution":{"name":"Al-Farabi Kazakh National University"}}}"#
        ),
        "{response}"
    );
    let exit = child.wait().unwrap();
    assert!(exit.success(), "collabgraph exited with {exit} on SIGTERM");
}

#[test]
fn sighup_reloads_the_seed_and_an_invalid_one_keeps_the_old_graph() {
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    let institution = |id: &str| {
        format!(r#"{{"id": "{id}", "name": "{id}", "kind": "university", "country": "KZ"}}"#)
    };
    let seed_of = |ids: &[&str]| {
        let list: Vec<String> = ids.iter().map(|id| institution(id)).collect();
        format!(r#"{{"version": 1, "institutions": [{}]}}"#, list.join(", "))
    };
    std::fs::write(&seed, seed_of(&["a"])).unwrap();
    let (mut child, address) = start_server(&["--seed", seed.to_str().unwrap()]);
    let nodes = || {
        let (_, body) = get(&address, "/healthz");
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["nodes"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(nodes(), 1);

    std::fs::write(&seed, seed_of(&["a", "b"])).unwrap();
    signal(&child, "-HUP");
    let started = Instant::now();
    while nodes() != 2 && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(nodes(), 2, "SIGHUP loaded the new seed");

    std::fs::write(
        &seed,
        r#"{"version": 1, "institutions": [{"id": "broken"}]}"#,
    )
    .unwrap();
    signal(&child, "-HUP");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        nodes(),
        2,
        "an invalid seed is refused and the old graph keeps serving"
    );
    assert!(child.try_wait().unwrap().is_none(), "still running");

    signal(&child, "-TERM");
    assert!(child.wait().unwrap().success());
}

#[test]
fn logs_written_to_a_pipe_have_no_colour_codes_and_sigterm_at_once_stops_cleanly() {
    use std::{
        io::{BufRead, BufReader},
        process::Stdio,
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_collabgraph"))
        .args(["--listen", "127.0.0.1:0"])
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start collabgraph");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut logged = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("is serving") {
            break;
        }
        logged.push(line);
    }
    // At once, before any request: from the "serving" line on, SIGTERM stops it gracefully.
    signal(&child, "-TERM");
    assert!(child.wait().unwrap().success());
    assert!(
        logged.iter().any(|line| line.contains("graph loaded")),
        "{logged:#?}"
    );
    assert!(
        logged.iter().all(|line| !line.contains('\u{1b}')),
        "{logged:#?}"
    );
}

/// A version 2 seed citing a release by paragraph and quote; the text is given with
/// `--source-text`.
const CITED: &str = r#"{
  "version": 2,
  "sources": [{"id": "release", "title": "A release", "kind": "press_release", "language": "en"}],
  "institutions": [
    {"id": "a", "name": "University A", "kind": "university", "country": "KZ",
     "sources": [{"source": "release", "locator": "¶2", "quote": "University A signed"}]}
  ]
}"#;

#[test]
fn check_verifies_quotes_against_a_text_given_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    let text = dir.path().join("release.txt");
    std::fs::write(&seed, CITED).unwrap();
    let given = format!("release={}", text.display());
    let seed = seed.to_str().unwrap();
    let check = |release: &str| {
        std::fs::write(&text, release).unwrap();
        collabgraph(&["check", seed, "--source-text", &given])
    };
    // Runs of whitespace match any other run; blank lines do not count as paragraphs.
    let output = check("A headline\n\n\nToday  University A\tsigned a memorandum.\n");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A quote is within one paragraph: split over two lines, it is in neither.
    for release in [
        "A headline\nToday University A\nsigned a memorandum.\n",
        "A headline\nToday University B signed a memorandum.\n",
    ] {
        let output = check(release);
        assert_eq!(output.status.code(), Some(1));
        let report = String::from_utf8_lossy(&output.stderr);
        assert!(
            report.contains("seed.json:6:")
                && report.contains("error[quote-not-found] at $.institutions[0].sources[0].quote")
                && report.contains("is not in the text of \"release\""),
            "{report}"
        );
    }
    let output = collabgraph(&["check", seed, "--source-text", "release"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is not SOURCE-ID=PATH"));
}

#[test]
fn migrate_rewrites_a_version_1_seed_as_version_2_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1.json");
    let v2 = dir.path().join("v2.json");
    let migrate = || collabgraph(&["migrate", v1.to_str().unwrap(), v2.to_str().unwrap()]);
    let plain = "{\n  \"version\": 1,\n\n  \"topics\": [{\"id\": \"t\", \"name\": \"T\"}]\n}\n";
    std::fs::write(&v1, plain).unwrap();
    let output = migrate();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("version 1 -> 2"));
    assert_eq!(
        std::fs::read_to_string(&v2).unwrap(),
        plain.replace("\"version\": 1", "\"version\": 2")
    );
    assert!(
        collabgraph(&["check", v2.to_str().unwrap()])
            .status
            .success()
    );
    // A version 1 file that uses what version 2 added is refused, and so not migrated.
    std::fs::write(&v1, CITED.replace("\"version\": 2", "\"version\": 1")).unwrap();
    std::fs::remove_file(&v2).unwrap();
    let output = migrate();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("need \"version\": 2"));
    assert!(!v2.exists());
}
