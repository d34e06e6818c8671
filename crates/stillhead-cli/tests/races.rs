//! Commands racing each other on one database: `upgrade head`, `downgrade -1`
//! and `stamp` started at once. A relative target is resolved once, under
//! the lock, and no run applies or reverts more than its target named then
//! (README "Guarantees"): the log table, replayed, must agree with the state
//! table and with the tables that exist. On SQLite, PostgreSQL and MariaDB.
//!
//! `STILLHEAD_RACE_TRIALS` sets the trials per backend and mode (default 3;
//! the ignored test runs 30).

mod common;

use std::collections::BTreeSet;

use common::{mig, Backend, Project};

const CHAIN: usize = 20;

fn id(n: usize) -> String {
    format!("m{n:02}")
}

/// `m01` … `m20`, each creating its own table; idempotent statements, so
/// that a `stamp` in the race (which records without running) cannot make a
/// later migration fail: every difference between record and schema must
/// then come from the runner. `m15` runs outside a transaction when
/// `split` is set, which splits a one-transaction run in three units.
fn chain(backend: Backend, split: bool) -> Project {
    let files: Vec<(String, String)> = (1..=CHAIN)
        .map(|n| {
            let revises = if n == 1 { String::new() } else { id(n - 1) };
            let mut text = mig(
                &id(n),
                &revises,
                &format!("CREATE TABLE IF NOT EXISTS t{n:02} (id INTEGER);"),
                Some(&format!("DROP TABLE IF EXISTS t{n:02};")),
            );
            if split && n == 15 {
                text = text.replace("-- message:", "-- transaction: false\n-- message:");
            }
            (format!("{}.sql", id(n)), text)
        })
        .collect();
    common::project_on(
        backend,
        &files
            .iter()
            .map(|(n, t)| (n.as_str(), t.clone()))
            .collect::<Vec<_>>(),
    )
}

/// Replays the log (in the order it was written, under the lock) into what
/// is recorded and what was executed, and checks both against the database.
/// Returns how often each revision was applied and reverted.
fn replay_log(p: &Project, what: &str) -> (Vec<usize>, Vec<usize>) {
    let mut recorded = BTreeSet::new();
    let mut executed = BTreeSet::new();
    let mut applies = vec![0; CHAIN + 1];
    let mut reverts = vec![0; CHAIN + 1];
    let mut unstamps = [0; CHAIN + 1];
    for (rev, action, outcome) in p.log() {
        if outcome != "ok" {
            continue;
        }
        let n: usize = rev[1..].parse().unwrap();
        match action.as_str() {
            "upgrade" => {
                assert!(
                    recorded.insert(rev.clone()),
                    "{what}: {rev} applied while recorded"
                );
                executed.insert(rev.clone());
                applies[n] += 1;
                assert!(
                    applies[n] <= 1 + reverts[n] + unstamps[n],
                    "{what}: {rev} applied {} times, reverted {}, unstamped {}",
                    applies[n],
                    reverts[n],
                    unstamps[n]
                );
            }
            "downgrade" => {
                assert!(
                    recorded.remove(&rev),
                    "{what}: {rev} reverted while not recorded"
                );
                executed.remove(&rev);
                reverts[n] += 1;
            }
            "stamp" => {
                recorded.insert(rev);
            }
            "unstamp" => {
                recorded.remove(&rev);
                unstamps[n] += 1;
            }
            other => panic!("{what}: unexpected log action {other} for {rev}"),
        }
    }
    let applied: BTreeSet<String> = p.applied().into_iter().collect();
    assert_eq!(
        applied, recorded,
        "{what}: the state table is what the log says"
    );
    let tables: BTreeSet<String> = p
        .tables()
        .into_iter()
        .filter(|t| !t.starts_with("stillhead_"))
        .collect();
    let made: BTreeSet<String> = executed.iter().map(|r| format!("t{}", &r[1..])).collect();
    assert_eq!(tables, made, "{what}: the schema is what the log says ran");
    (applies, reverts)
}

/// One race: ten `upgrade head`, one `downgrade -1` and one `stamp` started
/// together on a database at m10.
fn race(backend: Backend, mode: &str, split: bool, trial: usize) {
    let what = format!(
        "[{}] {mode}{} trial {trial}",
        backend.name(),
        if split { " + transaction: false" } else { "" }
    );
    let p = chain(backend, split);
    p.configure(&format!(
        "\n[migrations]\ntransaction = \"{mode}\"\nlock_timeout = \"120s\"\n"
    ));
    p.ok(&["upgrade", &id(10)]);
    let mut children = Vec::new();
    for k in 0..12 {
        let args: &[&str] = match k {
            5 => &["downgrade", "-1"],
            8 => &["stamp", "m12"],
            _ => &["upgrade", "head"],
        };
        children.push((args.join(" "), p.spawn(args)));
    }
    let mut downgraded = false;
    for (command, child) in children {
        let out = child.wait_with_output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains("panicked"), "{what}: {command}: {text}");
        if out.status.success() {
            downgraded |= command.starts_with("downgrade");
            continue;
        }
        // The only failures a race may cause: another run moved the state
        // under a plan, or a stamp met a migration running outside a
        // transaction; each is refused with its reason.
        assert!(
            text.contains("another run changed")
                || (command.starts_with("stamp") && text.contains("running now")),
            "{what}: `{command}` failed for another reason: {text}"
        );
    }
    let (_, reverts) = replay_log(&p, &what);
    let total: usize = reverts.iter().sum();
    assert!(
        total <= 1,
        "{what}: one `downgrade -1` reverted {total} migrations"
    );
    assert_eq!(
        total,
        usize::from(downgraded),
        "{what}: a `downgrade -1` that succeeded reverted exactly one migration"
    );
    // Afterwards one more upgrade brings everything to head, truthfully.
    p.ok(&["upgrade", "head"]);
    replay_log(&p, &what);
}

fn trials() -> usize {
    std::env::var("STILLHEAD_RACE_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
}

fn races(trials: usize) {
    for backend in Backend::all() {
        for trial in 0..trials {
            race(backend, "per-migration", false, trial);
            race(backend, "all", true, trial);
        }
    }
}

#[test]
fn upgrades_a_downgrade_and_a_stamp_at_once_do_only_what_they_named() {
    races(trials());
}

#[test]
#[ignore = "30 trials per backend and mode; run with --ignored"]
fn many_races() {
    races(30);
}
