//! The async service migrates its database at start-up on every backend,
//! without blocking its single-threaded runtime, and finds nothing to do
//! the second time.

use std::process::Command;

use stillhead_testkit::{Backend, TestDb};

fn start(url: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_async-service"))
        .env("DATABASE_URL", url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "async-service failed on {url}:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

fn heartbeats(output: &str) -> u64 {
    output
        .lines()
        .find_map(|l| l.strip_prefix("heartbeats during the migration: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no heartbeat count in:\n{output}"))
}

#[test]
fn migrates_at_start_up_through_the_async_api_on_every_backend() {
    for backend in Backend::all() {
        let dir = tempfile::tempdir().unwrap();
        let db = TestDb::create(backend, dir.path(), "service.db");
        let at = backend.name();

        let first = start(&db.url);
        assert_eq!(
            first.lines().filter(|l| l.starts_with("applied ")).count(),
            7,
            "[{at}] {first}"
        );
        assert!(first.contains("at 007_device_sessions"), "[{at}] {first}");
        // The runtime has one thread: had the migration run on it, the
        // heartbeat task could not have run until it ended.
        assert!(heartbeats(&first) > 0, "[{at}] {first}");

        let second = start(&db.url);
        assert!(!second.contains("applied "), "[{at}] {second}");
        assert!(second.contains("at 007_device_sessions"), "[{at}] {second}");
    }
}
