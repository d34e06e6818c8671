//! An application with its own rusqlite can depend on stillhead (README,
//! "Using the library"): two rusqlite versions cannot be in one build (each
//! `libsqlite3-sys` links `sqlite3`), so stillhead asks for a range, and an
//! app on either end of it resolves to one rusqlite. Each case is a
//! throwaway app depending on this crate by path with only the `sqlite`
//! feature; `cargo generate-lockfile` resolves it (crates.io's index, no
//! build), and its lock shows what the app would build.

use std::path::Path;
use std::process::Command;

/// The workspace's rusqlite requirement, `>=A.B, <C.D`, as `(A.B, C.D)`.
fn range() -> ((u64, u64), (u64, u64)) {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|l| l.starts_with("rusqlite = "))
        .expect("the workspace names rusqlite");
    let req = line
        .split("version = \"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_else(|| panic!("no version in {line}"));
    let minor = |bound: &str, op: &str| -> (u64, u64) {
        let v = bound
            .trim()
            .strip_prefix(op)
            .unwrap_or_else(|| panic!("{req}: expected `>=A.B, <C.D`"));
        let mut parts = v.trim().split('.').map(|p| p.parse::<u64>().unwrap());
        (parts.next().unwrap(), parts.next().unwrap())
    };
    let (low, high) = req
        .split_once(',')
        .unwrap_or_else(|| panic!("{req}: a range, not one version"));
    (minor(low, ">="), minor(high, "<"))
}

/// What resolving an app with `rusqlite = "<app_rusqlite>"` beside
/// stillhead gives: the lock's packages as `(name, version)`, or cargo's
/// error.
fn resolve(app_rusqlite: &str) -> Result<Vec<(String, String)>, String> {
    let dir = tempfile::tempdir().unwrap();
    let stillhead = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [dependencies]\n\
             stillhead = {{ path = {path:?}, default-features = false, features = [\"sqlite\"] }}\n\
             rusqlite = \"{app_rusqlite}\"\n\n[workspace]\n",
            path = stillhead.display().to_string(),
        ),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/main.rs"), "fn main() {}\n").unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .arg("generate-lockfile")
        .current_dir(dir.path())
        .output()
        .expect("cargo runs");
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let lock: toml::Value =
        toml::from_str(&std::fs::read_to_string(dir.path().join("Cargo.lock")).unwrap()).unwrap();
    Ok(lock["package"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_string(),
                p["version"].as_str().unwrap().to_string(),
            )
        })
        .collect())
}

/// The versions of `name` in a resolved lock.
fn versions<'a>(lock: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    lock.iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn an_app_on_either_end_of_the_range_shares_its_rusqlite_and_pulls_no_server_driver() {
    let ((lo_major, lo_minor), (hi_major, hi_minor)) = range();
    assert_eq!(lo_major, 0, "rusqlite 1.0 would need this test rethought");
    assert_eq!(hi_major, 0);
    let oldest = format!("0.{lo_minor}");
    let newest = format!("0.{}", hi_minor - 1);
    for minor in [&oldest, &newest] {
        let lock = resolve(&format!("~{minor}")).unwrap_or_else(|e| {
            panic!("an app on rusqlite {minor} does not resolve with stillhead:\n{e}")
        });
        let rusqlite = versions(&lock, "rusqlite");
        assert!(
            rusqlite.len() == 1 && rusqlite[0].starts_with(&format!("{minor}.")),
            "app on rusqlite ~{minor}: one rusqlite {minor}.x expected, the lock has {rusqlite:?}"
        );
        assert_eq!(versions(&lock, "libsqlite3-sys").len(), 1);
        for driver in ["postgres", "tokio-postgres", "rustls", "mysql", "tokio"] {
            assert!(
                versions(&lock, driver).is_empty(),
                "the `sqlite` feature alone pulls {driver}"
            );
        }
    }
}

/// The control: a rusqlite just below the range cannot be in the same
/// build, and cargo says why (the two `links = "sqlite3"`). Without it the
/// test above could pass while stillhead took no rusqlite at all.
#[test]
fn an_app_on_a_rusqlite_below_the_range_is_refused_by_cargo() {
    let ((_, lo_minor), _) = range();
    let below = format!("~0.{}", lo_minor - 1);
    let err = resolve(&below).expect_err("two rusqlite versions resolved into one build");
    assert!(
        err.contains("sqlite3"),
        "cargo refused {below} for another reason:\n{err}"
    );
}
