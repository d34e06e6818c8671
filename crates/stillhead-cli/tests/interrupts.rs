//! Ctrl-C and SIGTERM stop a run as `psql` stops a query (issue 27, item
//! 7): the statement running is cancelled on the server, the failed
//! migration recorded as for any failed statement, and the process exits
//! 130 or 143 at once; the next run finds nothing running and no lock held.
//! Through PgBouncer: `pooler.rs`.

mod common;

use std::io::Read;
use std::time::{Duration, Instant};

use common::{admin_query, mig, Backend, Project};

fn has(backend: Backend) -> bool {
    Backend::all().contains(&backend)
}

fn signal(pid: u32, name: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{name}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Sessions of the server running the sleep of this test's database.
fn sleeping(backend: Backend, db: &str) -> Vec<Vec<String>> {
    let sql = match backend {
        Backend::Postgres => format!(
            "SELECT pid::text, query FROM pg_stat_activity WHERE datname = '{db}' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()"
        ),
        _ => format!(
            "SELECT id, info FROM information_schema.PROCESSLIST WHERE db = '{db}' AND info LIKE '%SLEEP(30)%' AND id <> CONNECTION_ID()"
        ),
    };
    admin_query(backend, &sql)
}

#[test]
fn an_interrupted_run_cancels_its_statement_on_the_server() {
    for (backend, sig, code) in [
        (Backend::Postgres, "INT", 130),
        (Backend::Mysql, "TERM", 143),
    ] {
        if !has(backend) {
            continue;
        }
        let at = backend.name();
        let sleep = match backend {
            Backend::Postgres => "SELECT pg_sleep(30);",
            _ => "SELECT SLEEP(30);",
        };
        let p = Project::on(
            backend,
            &[(
                "001_slow.sql",
                &mig(
                    "001_slow",
                    "",
                    &format!("CREATE TABLE t (id INTEGER);\n{sleep}\nCREATE TABLE u (id INTEGER);"),
                    Some("DROP TABLE t;"),
                ),
            )],
        );
        p.configure("\n[migrations]\nlock_timeout = \"3s\"\n");
        let child = p.spawn(&["upgrade"]);
        let pid = child.id();
        let started = Instant::now();
        while sleeping(backend, p.db_name()).is_empty() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "[{at}] no sleep seen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let sent = Instant::now();
        signal(pid, sig);
        let out = child.wait_with_output().unwrap();
        let exited = sent.elapsed();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "[{at}] {err}");
        assert!(
            exited < Duration::from_secs(15),
            "[{at}] exited after {exited:?}"
        );
        let mut gone = None;
        while gone.is_none() {
            if sleeping(backend, p.db_name()).is_empty() {
                gone = Some(sent.elapsed());
            } else {
                assert!(
                    sent.elapsed() < Duration::from_secs(10),
                    "[{at}] the statement still runs on the server"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        eprintln!(
            "[{at}] SIG{sig}: exit {code} after {exited:?}; the statement gone from the server after {:?}",
            gone.unwrap()
        );
        assert!(
            err.contains("001_slow failed at statement 2"),
            "[{at}] {err}"
        );
        // Nothing after the cancelled statement ran.
        assert!(!p.has_table("u"), "[{at}] statement 3 ran");
        match backend {
            Backend::Postgres => {
                // Rolled back, its failure logged with the server's code.
                assert!(!p.has_table("t"), "[{at}]");
                let log = p.query(
                    "SELECT outcome, message FROM stillhead_version_log WHERE revision = '001_slow'",
                );
                assert_eq!(log.len(), 1, "[{at}] {log:?}");
                assert_eq!(log[0][0].to_text(), "failed");
                assert!(log[0][1].to_text().contains("57014"), "[{at}] {log:?}");
                // The next run takes the lock at once (lock_timeout 3 s).
                p.write(
                    "001_slow.sql",
                    &mig(
                        "001_slow",
                        "",
                        "CREATE TABLE t (id INTEGER);",
                        Some("DROP TABLE t;"),
                    ),
                );
                let out = p.ok(&["upgrade"]);
                assert!(out.contains("Applied 1 migration"), "[{at}] {out}");
            }
            _ => {
                // DDL committed as it ran: the mark says where it stopped,
                // and the next run says so rather than waiting on a lock.
                let state = p.query(
                    "SELECT in_progress, failed_statement FROM stillhead_version WHERE revision = '001_slow'",
                );
                assert_eq!(state[0][0].to_text(), "1", "[{at}] {state:?}");
                assert_eq!(state[0][1].to_text(), "2", "[{at}] {state:?}");
                let err = p.fails(&["upgrade"]);
                assert!(err.contains("marked in progress"), "[{at}] {err}");
                assert!(!err.contains("timed out"), "[{at}] {err}");
            }
        }
    }
}

#[test]
fn an_interrupted_sqlite_run_stops_its_statement() {
    let forever =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;";
    let p = Project::with_files(&[(
        "001_forever.sql",
        &mig(
            "001_forever",
            "",
            &format!("CREATE TABLE t (id INTEGER);\n{forever}"),
            Some("DROP TABLE t;"),
        ),
    )]);
    let mut child = p.spawn(&["upgrade"]);
    let mut stderr = child.stderr.take().unwrap();
    // Its line says the migration started; then the statement runs on.
    let mut seen = Vec::new();
    let mut buf = [0u8; 64];
    while !String::from_utf8_lossy(&seen).contains("applying 001_forever …") {
        let n = stderr.read(&mut buf).unwrap();
        assert!(n > 0, "{}", String::from_utf8_lossy(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    signal(child.id(), "INT");
    let status = child.wait().unwrap();
    let exited = sent.elapsed();
    stderr.read_to_end(&mut seen).unwrap();
    let err = String::from_utf8_lossy(&seen);
    eprintln!("[sqlite] SIGINT: exit after {exited:?}");
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(exited < Duration::from_secs(15), "exited after {exited:?}");
    assert!(err.contains("interrupted"), "{err}");
    // Rolled back, and the file is not left locked.
    assert!(!p.has_table("t"));
    p.write(
        "001_forever.sql",
        &mig(
            "001_forever",
            "",
            "CREATE TABLE t (id INTEGER);",
            Some("DROP TABLE t;"),
        ),
    );
    p.ok(&["upgrade"]);
    assert_eq!(p.applied(), ["001_forever"]);
}
