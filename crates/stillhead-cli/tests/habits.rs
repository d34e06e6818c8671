//! Habits of dbmate, Flyway, sqlx-cli and Atlas users (issue 27, item 7):
//! `wait` and `--wait`, `database create|drop`, `redo`, a line per
//! migration as it runs, `--help` examples, `revision` printing its path
//! alone, `--json` errors with a kind and the database's code. Ctrl-C and
//! SIGTERM cancelling the running statement on the server: `interrupts.rs`.

mod common;

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{
    ab_chain, admin_execute, admin_query, mariadb_port, mig, pg_url, postgres_port, unique_name,
    Backend, Project,
};

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not one JSON value ({e}): {out}"))
}

/// A loopback port nothing listens on (bound, then closed).
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// Files as `Project::on` takes them.
fn chain<'a>(files: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    files.iter().map(|(n, t)| (*n, t.as_str())).collect()
}

fn has(backend: Backend) -> bool {
    Backend::all().contains(&backend)
}

// ---------------------------------------------------------------- wait

#[test]
fn wait_on_a_closed_port_waits_out_its_timeout_then_fails() {
    let p = Project::with_files(&chain(&ab_chain()));
    for url in [
        format!("postgres://postgres@127.0.0.1:{}/x", closed_port()),
        format!("mysql://root@127.0.0.1:{}/x", closed_port()),
    ] {
        let started = Instant::now();
        let (code, out, err) = p.run(&["--url", &url, "wait", "--timeout", "2"]);
        let took = started.elapsed();
        eprintln!("wait --timeout 2 on a closed port ({url}): {took:?}");
        assert_eq!(code, 1, "{out}\n{err}");
        assert!(
            err.contains("did not accept connections within 2.0 s")
                && err.contains("Connection refused"),
            "{err}"
        );
        assert!(took >= Duration::from_secs(2), "gave up early: {took:?}");
        assert!(took < Duration::from_secs(20), "waited far past: {took:?}");
        // `--wait` before a command waits the same way, and says so at -v.
        let (code, _, err) = p.run(&["-v", "--url", &url, "--wait=0.5", "current"]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("connection refused; trying again in"), "{err}");
        assert!(err.contains("did not accept connections"), "{err}");
    }
    let (code, out, _) = p.run(&[
        "--json",
        "--url",
        &format!("postgres://postgres@127.0.0.1:{}/x", closed_port()),
        "wait",
        "--timeout",
        "0.3",
    ]);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "server_not_up", "{out}");
    assert_eq!(v["error"]["exit_code"], 1, "{out}");
}

#[test]
fn wait_does_not_wait_for_what_waiting_cannot_fix() {
    let p = Project::with_files(&chain(&ab_chain()));
    let mut urls = Vec::new();
    if has(Backend::Postgres) {
        urls.push((pg_url("sh_no_such_database_here"), "does not exist"));
    }
    if has(Backend::Mysql) {
        urls.push((
            format!("mysql://no_such_user_here@127.0.0.1:{}/x", mariadb_port()),
            "Access denied",
        ));
    }
    for (url, words) in urls {
        let started = Instant::now();
        let (code, _, err) = p.run(&["--url", &url, "wait", "--timeout", "60"]);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains(words) && err.contains("not waited for"),
            "{err}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "waited for {url}"
        );
    }
}

/// Listens on `port` from `after` on, passing each connection to `target`.
fn proxy_after(port: u16, target: u16, after: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(after);
        let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                continue;
            };
            for (mut from, mut to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut from, &mut to);
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
}

#[test]
fn wait_succeeds_once_the_server_comes_up() {
    if !has(Backend::Postgres) {
        return;
    }
    let p = Project::on(Backend::Postgres, &chain(&ab_chain()));
    let port = closed_port();
    proxy_after(port, postgres_port(), Duration::from_secs(1));
    let url = format!("postgres://postgres@127.0.0.1:{port}/{}", p.db_name());
    let out = p.ok(&["-v", "--url", &url, "wait", "--timeout", "30"]);
    assert!(out.contains("accepts connections (after"), "{out}");
    // Through the proxy, now up: `--wait` then the command itself.
    let out = p.ok(&["--url", &url, "--wait=30", "upgrade"]);
    assert!(out.contains("Applied 2 migrations"), "{out}");
    assert_eq!(p.applied(), ["001_a", "002_b"]);
}

// ---------------------------------------------------------------- database

/// Drops a database made by a test even when it fails midway.
struct Cleanup(Backend, String);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let sql = match self.0 {
            Backend::Sqlite => return,
            Backend::Postgres => format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.1),
            Backend::Mysql => format!("DROP DATABASE IF EXISTS {}", self.1),
        };
        admin_execute(self.0, &sql);
    }
}

fn database_exists(backend: Backend, name: &str, p: &Project) -> bool {
    let sql = match backend {
        Backend::Sqlite => return p.path().join(name).exists(),
        Backend::Postgres => format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
        Backend::Mysql => {
            format!("SELECT 1 FROM information_schema.schemata WHERE schema_name = '{name}'")
        }
    };
    !admin_query(backend, &sql).is_empty()
}

#[test]
fn database_create_and_drop_on_every_backend() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = Project::on(backend, &chain(&ab_chain()));
        let name = match backend {
            Backend::Sqlite => "made.db".to_string(),
            _ => unique_name(),
        };
        let _cleanup = Cleanup(backend, name.clone());
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", p.path().join(&name).display()),
            Backend::Postgres => pg_url(&name),
            Backend::Mysql => format!("mysql://root@127.0.0.1:{}/{name}", mariadb_port()),
        };
        let out = p.ok(&["--url", &url, "database", "create"]);
        assert!(out.contains("Created database"), "[{at}] {out}");
        assert!(database_exists(backend, &name, &p), "[{at}] not created");
        // Again: it exists, which is said, and is not an error.
        let out = p.ok(&["--url", &url, "database", "create"]);
        assert!(out.contains("exists already"), "[{at}] {out}");
        let v = json(&p.ok(&["--json", "--url", &url, "database", "create"]));
        assert_eq!(v["changed"], false, "[{at}] {v}");
        // The new database takes migrations.
        let out = p.ok(&["--url", &url, "upgrade"]);
        assert!(out.contains("Applied 2 migrations"), "[{at}] {out}");
        // Without a terminal to ask on, drop refuses unless --yes.
        let (code, _, err) = p.run(&["--url", &url, "database", "drop"]);
        assert_eq!(code, 2, "[{at}] {err}");
        assert!(err.contains("--yes"), "[{at}] {err}");
        assert!(
            database_exists(backend, &name, &p),
            "[{at}] dropped unasked"
        );
        let out = p.ok(&["--url", &url, "database", "drop", "--yes"]);
        assert!(out.contains("Dropped database"), "[{at}] {out}");
        assert!(!database_exists(backend, &name, &p), "[{at}] not dropped");
        let v = json(&p.ok(&["--json", "--url", &url, "database", "drop", "-y"]));
        assert_eq!(v["changed"], false, "[{at}] {v}");
        let out = p.ok(&["--url", &url, "database", "drop", "-y"]);
        assert!(out.contains("does not exist"), "[{at}] {out}");
    }
}

// ---------------------------------------------------------------- redo

#[test]
fn redo_reverts_the_latest_migration_then_applies_it_again() {
    for backend in Backend::all() {
        let at = backend.name();
        let p = Project::on(backend, &chain(&ab_chain()));
        let err = p.fails(&["redo"]);
        assert!(err.contains("nothing is applied"), "[{at}] {err}");
        p.ok(&["upgrade"]);
        let out = p.ok(&["redo"]);
        assert!(out.contains("Redone 002_b"), "[{at}] {out}");
        assert_eq!(p.applied(), ["001_a", "002_b"], "[{at}]");
        let log: Vec<String> = p
            .query("SELECT revision, action FROM stillhead_version_log ORDER BY id")
            .into_iter()
            .map(|r| format!("{} {}", r[0].to_text(), r[1].to_text()))
            .collect();
        assert_eq!(
            log[log.len() - 2..],
            ["002_b downgrade", "002_b upgrade"],
            "[{at}] {log:?}"
        );
    }
}

// ---------------------------------------------------------------- progress lines

#[test]
fn each_migration_has_a_line_as_it_starts_and_its_time_when_it_ends() {
    let (backend, slow) = if has(Backend::Postgres) {
        (Backend::Postgres, "SELECT pg_sleep(0.3);")
    } else {
        (
            Backend::Sqlite,
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 300000) SELECT count(*) FROM c;",
        )
    };
    let files: Vec<(String, String)> = (1..=3)
        .map(|i| {
            let id = format!("00{i}_slow{i}");
            let parent = if i == 1 {
                String::new()
            } else {
                format!("00{}_slow{}", i - 1, i - 1)
            };
            (
                format!("{id}.sql"),
                mig(&id, &parent, slow, Some("SELECT 1;")),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let p = Project::on(backend, &files);
    // The first line is there while the run still runs.
    let mut child = p.spawn(&["upgrade"]);
    let mut stderr = child.stderr.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 || send.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("applying 001_slow1 …") {
        seen.extend(
            receive
                .recv_timeout(Duration::from_secs(30))
                .expect("no line as the first migration started"),
        );
    }
    if backend == Backend::Postgres {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the line came only after the run"
        );
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    while let Ok(more) = receive.recv_timeout(Duration::from_secs(5)) {
        seen.extend(more);
    }
    let err = String::from_utf8_lossy(&seen).into_owned();
    let lines: Vec<&str> = err.lines().collect();
    for (i, line) in lines.iter().take(3).enumerate() {
        let n = i + 1;
        let prefix = format!("applying 00{n}_slow{n} … done in ");
        assert!(line.starts_with(&prefix), "{err}");
        if backend == Backend::Postgres {
            // pg_sleep(0.3): at least 300 ms, written as such.
            let time = &line[prefix.len()..];
            let ms: f64 = match time.strip_suffix(" ms") {
                Some(ms) => ms.parse().unwrap(),
                None => time.strip_suffix(" s").unwrap().parse::<f64>().unwrap() * 1000.0,
            };
            assert!(ms >= 300.0, "{line}");
        }
    }
    // --quiet: nothing at all; --json: the report alone on stdout.
    p.ok(&["downgrade", "base"]);
    let (code, out, err) = p.run(&["--quiet", "upgrade"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    p.ok(&["downgrade", "base"]);
    let (code, out, err) = p.run(&["--json", "upgrade"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["steps"].as_array().unwrap().len(), 3, "{out}");
    assert!(err.contains("applying 003_slow3 … done in"), "{err}");
    // Downgrades say so.
    let (_, _, err) = p.run(&["downgrade", "-1"]);
    assert!(err.starts_with("reverting 003_slow3 … done in"), "{err}");
}

// ---------------------------------------------------------------- current on SQLite

#[test]
fn current_on_a_missing_sqlite_file() {
    let p = Project::with_files(&chain(&ab_chain()));
    // A file that does not exist yet is a database with nothing applied
    // (as `upgrade` would create it), and is not created by looking.
    let out = p.ok(&["current"]);
    assert!(
        out.starts_with("base (the database file does not exist yet"),
        "{out}"
    );
    assert!(!p.db_path("test.db").exists());
    // A file that cannot exist, as its folder does not: an error.
    let err = p.fails(&["--url", "sqlite://no/such/folder/x.db", "current"]);
    assert!(
        err.contains("folder") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!p.path().join("no").exists());
}

// ---------------------------------------------------------------- help

#[test]
fn the_main_subcommands_show_examples_in_their_help() {
    let p = Project::with_files(&[]);
    for command in [
        &["upgrade"][..],
        &["downgrade"],
        &["revision"],
        &["current"],
        &["status"],
        &["history"],
        &["check"],
        &["stamp"],
        &["wait"],
        &["database"],
        &["database", "create"],
        &["database", "drop"],
        &["redo"],
    ] {
        for flag in ["--help", "-h"] {
            let mut args = command.to_vec();
            args.push(flag);
            let out = p.ok(&args);
            let examples = out
                .split_once("Examples:\n")
                .unwrap_or_else(|| panic!("{args:?}: no examples\n{out}"))
                .1;
            assert!(
                examples.contains(&format!("stillhead {}", command[0]))
                    || examples.contains(&format!("stillhead --wait=30 {}", command[0])),
                "{args:?}: no example of it\n{out}"
            );
        }
    }
}

// ---------------------------------------------------------------- revision

#[test]
fn revision_prints_its_path_alone() {
    let p = Project::with_files(&[]);
    let (code, out, err) = p.run(&["revision", "-m", "add orders"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "migrations/001_add_orders.sql\n");
    assert!(
        err.contains("Generated migrations/001_add_orders.sql"),
        "{err}"
    );
    assert!(p.path().join(out.trim()).is_file());
    // Even with --quiet the path is printed: it is the command's output.
    let (code, out, err) = p.run(&["--quiet", "revision", "-m", "second"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "migrations/002_second.sql\n");
    // Autogenerate too: the path (a line each where it writes two).
    p.ok(&["upgrade"]);
    std::fs::write(
        p.path().join("schema.sql"),
        "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    let (code, out, err) = p.run(&["revision", "--autogenerate", "-m", "orders"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "migrations/003_orders.sql\n");
    assert!(err.contains("add table orders"), "{err}");
    assert!(p.path().join(out.trim()).is_file());
}

// ---------------------------------------------------------------- JSON errors

#[test]
fn json_errors_carry_a_kind_and_the_database_code() {
    let p = Project::with_files(&chain(&ab_chain()));
    // A usage error: clap's, as JSON on stdout too, exit 2.
    let (code, out, err) = p.run(&["--json", "upgrade", "--no-such-flag"]);
    assert_eq!(code, 2, "{err}");
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "usage", "{out}");
    assert_eq!(v["error"]["exit_code"], 2, "{out}");
    assert!(v["error"]["code"].is_null(), "{out}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--no-such-flag"),
        "{out}"
    );
    // A usage error of the CLI's own.
    p.ok(&["upgrade"]);
    let (code, out, _) = p.run(&["--json", "database", "drop"]);
    assert_eq!(code, 2);
    assert_eq!(json(&out)["error"]["kind"], "usage", "{out}");
    if !has(Backend::Postgres) {
        return;
    }
    let p = Project::on(
        Backend::Postgres,
        &[("001_bad.sql", &mig("001_bad", "", "CREATE TABLE (;", None))],
    );
    let (code, out, err) = p.run(&["--json", "upgrade"]);
    assert_eq!(code, 1, "{err}");
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "statement_failed", "{out}");
    assert_eq!(v["error"]["code"], "42601", "{out}");
    assert_eq!(v["error"]["exit_code"], 1, "{out}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("syntax error"),
        "{out}"
    );
    // A connection the server refused names its code too.
    let (code, out, _) = p.run(&["--json", "--url", &pg_url("sh_no_such_db_x"), "current"]);
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "connect", "{out}");
    assert_eq!(v["error"]["code"], "3D000", "{out}");
}
