//! Fault injection: `stillhead upgrade head` is killed with SIGKILL at random
//! moments of a 50-migration run, then the recorded state is checked against
//! the real schema and a re-run must reach head.
//!
//! Not part of the default test run (it takes minutes). Run it with:
//!   FAULT_ROUNDS=200 cargo test --release -p stillhead-cli --test faults -- --ignored --nocapture
//! `STILLHEAD_TEST_BACKENDS=postgres` limits it to one backend; `FAULT_SEED`
//! repeats a sequence.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{Backend, Project};

const MIGRATIONS: usize = 50;

fn fifty() -> Vec<(String, String)> {
    (0..MIGRATIONS)
        .map(|i| {
            let id = format!("m{i:03}");
            let revises = if i == 0 { String::new() } else { format!("m{:03}", i - 1) };
            let text = common::mig(
                &id,
                &revises,
                &format!("CREATE TABLE t{i:03} (id INTEGER PRIMARY KEY, v VARCHAR(20));\nINSERT INTO t{i:03} (id, v) VALUES (1, 'x');"),
                Some(&format!("DROP TABLE t{i:03};")),
            );
            (format!("{id}.sql"), text)
        })
        .collect()
}

/// A small xorshift generator: reproducible without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[derive(Default, Debug)]
struct Tally {
    rounds: usize,
    killed_before_any: usize,
    killed_partway: usize,
    finished_before_kill: usize,
    marks_left: usize,
}

fn spawn_upgrade(p: &Project) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("stillhead"))
        .current_dir(p.path())
        .env_remove("DATABASE_URL")
        .args(["-q", "upgrade", "head"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn table_set(p: &Project) -> BTreeSet<String> {
    p.tables()
        .into_iter()
        .filter(|t| t.starts_with('t'))
        .map(|t| format!("m{}", &t[1..]))
        .collect()
}

fn marks(p: &Project) -> Vec<String> {
    if !p.has_table("stillhead_version") {
        return Vec::new();
    }
    p.query("SELECT revision, in_progress FROM stillhead_version")
        .into_iter()
        .filter(|row| !matches!(row[1], stillhead::Value::Integer(0)))
        .map(|row| {
            format!("{:?}", row[0])
                .trim_start_matches("Text(\"")
                .trim_end_matches("\")")
                .to_string()
        })
        .collect()
}

/// Waits until no other connection uses the project's MariaDB database.
fn wait_for_sessions_to_end(p: &Project) {
    let db = p.db.url.rsplit('/').next().unwrap().to_string();
    for _ in 0..200 {
        let busy = p.query(&format!(
            "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = '{db}' AND ID <> CONNECTION_ID()"
        ));
        if busy == vec![vec![stillhead::Value::Integer(0)]] {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("a killed client's session on {db} did not end");
}

#[test]
#[ignore]
fn sigkill_at_random_moments_leaves_a_truthful_state() {
    let rounds: usize = std::env::var("FAULT_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("FAULT_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("FAULT_SEED={seed}");
    let mut rng = Rng(seed);
    let files = fifty();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for backend in Backend::all() {
        // Calibrate: how long a whole run takes here, per transaction mode.
        let mut window = [Duration::ZERO; 2];
        for (k, mode) in ["all", "per-migration"].iter().enumerate() {
            let p = Project::on(backend, &refs);
            p.configure(&format!("[migrations]\ntransaction = \"{mode}\"\n"));
            let t = Instant::now();
            p.ok(&["-q", "upgrade", "head"]);
            window[k] = t.elapsed().mul_f64(1.2);
        }
        let mut tally = Tally::default();
        for round in 0..rounds {
            let k = round % 2;
            let p = Project::on(backend, &refs);
            p.configure(&format!(
                "[migrations]\ntransaction = \"{}\"\n",
                ["all", "per-migration"][k]
            ));
            let delay = Duration::from_micros(rng.next() % window[k].as_micros().max(1) as u64);
            let mut child = spawn_upgrade(&p);
            std::thread::sleep(delay);
            let _ = child.kill(); // SIGKILL
            let status = child.wait().unwrap();
            if backend == Backend::Mysql {
                // The server finishes a dead client's last statement before it
                // drops the session: look only once the session is gone.
                wait_for_sessions_to_end(&p);
            }

            let tables = table_set(&p);
            let applied: BTreeSet<String> = p.applied().into_iter().collect();
            let marked = marks(&p);
            tally.rounds += 1;
            if status.success() {
                tally.finished_before_kill += 1;
            } else if tables.is_empty() {
                tally.killed_before_any += 1;
            } else {
                tally.killed_partway += 1;
            }
            match (backend, marked.as_slice()) {
                (_, []) => assert_eq!(
                    tables,
                    applied,
                    "[{}] round {round}: schema and state disagree",
                    backend.name()
                ),
                (Backend::Mysql, [r]) => {
                    // DDL is not transactional: the interrupted revision is
                    // marked, its table may or may not exist.
                    tally.marks_left += 1;
                    let mut with_r = applied.clone();
                    with_r.insert(r.clone());
                    assert!(
                        tables == applied || tables == with_r,
                        "[mysql] round {round}: mark {r}, tables {tables:?}, applied {applied:?}"
                    );
                    let err = p.fails(&["upgrade", "head"]);
                    assert!(err.contains(&format!("{r} is marked in progress")), "{err}");
                    // The person checks the schema and records what they found.
                    let how = if tables.contains(r) {
                        "--applied"
                    } else {
                        "--reverted"
                    };
                    if how == "--applied" {
                        p.query(&format!("DELETE FROM t{} WHERE id = 1", &r[1..]));
                        p.query(&format!("INSERT INTO t{} (id, v) VALUES (1, 'x')", &r[1..]));
                    }
                    p.ok(&["resolve", r, how]);
                }
                (_, more) => panic!(
                    "[{}] round {round}: unexpected in-progress marks {more:?}",
                    backend.name()
                ),
            }
            // A plain re-run reaches head.
            p.ok(&["-q", "upgrade", "head"]);
            assert_eq!(
                p.applied().len(),
                MIGRATIONS,
                "[{}] round {round}",
                backend.name()
            );
            assert_eq!(
                table_set(&p).len(),
                MIGRATIONS,
                "[{}] round {round}",
                backend.name()
            );
        }
        println!(
            "{:<9} rounds {:>4}  killed before any change {:>4}  killed partway {:>4}  finished first {:>4}  in-progress marks {:>4}",
            backend.name(),
            tally.rounds,
            tally.killed_before_any,
            tally.killed_partway,
            tally.finished_before_kill,
            tally.marks_left
        );
    }
}
