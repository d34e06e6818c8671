//! A private PostgreSQL primary with a streaming hot standby, under
//! `target/tmp/pg-standby`, on loopback ports 25432 (primary) and 25433
//! (standby). Started idempotently (a running pair is reused, data
//! directories are kept between runs), stopped on drop if this process
//! started it. The servers run as the `postgres` user, as PostgreSQL
//! refuses to run as root.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Primary and standby ports: below Linux's ephemeral range (32768–60999),
/// where a client connection's local port could already hold them.
pub const PRIMARY_PORT: u16 = 25432;
pub const STANDBY_PORT: u16 = 25433;

/// One process sets the pair up at a time.
static SETUP: Mutex<()> = Mutex::new(());

/// A running primary and standby.
pub struct Standby {
    /// `postgres://postgres@127.0.0.1:25432/postgres`.
    pub primary: String,
    /// `postgres://postgres@127.0.0.1:25433/postgres`.
    pub standby: String,
    /// Servers this process started (and stops on drop).
    started: Vec<PathBuf>,
}

fn bin(tool: &str) -> PathBuf {
    let versions = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's server binaries (/usr/lib/postgresql/VERSION/bin)");
    let mut found: Vec<PathBuf> = versions
        .filter_map(|e| e.ok().map(|e| e.path().join("bin").join(tool)))
        .filter(|p| p.exists())
        .collect();
    found.sort();
    found.pop().unwrap_or_else(|| panic!("{tool} not found"))
}

/// Runs a PostgreSQL tool as the `postgres` user; panics with its output on failure.
fn as_postgres(tool: &str, args: &[&str]) {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(bin(tool))
        .args(args)
        .output()
        .expect("runuser (util-linux) runs the servers as postgres");
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn running(dir: &Path) -> bool {
    dir.join("postmaster.pid").exists()
        && Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(bin("pg_ctl"))
            .args(["status", "-D"])
            .arg(dir)
            .output()
            .is_ok_and(|o| o.status.success())
}

fn url(port: u16) -> String {
    format!("postgres://postgres@127.0.0.1:{port}/postgres")
}

fn answers(url: &str) -> Option<postgres::Client> {
    postgres::Client::connect(url, postgres::NoTls).ok()
}

impl Standby {
    /// Starts (or reuses) the pair and waits until the standby replays.
    pub fn start() -> Standby {
        let _one = SETUP.lock().unwrap_or_else(|p| p.into_inner());
        let base = crate::target_tmp().join("pg-standby");
        std::fs::create_dir_all(&base).unwrap();
        chown_postgres(&base);
        let (primary, standby) = (base.join("primary"), base.join("standby"));
        let mut started = Vec::new();
        if !primary.join("PG_VERSION").exists() {
            let _ = std::fs::remove_dir_all(&primary);
            as_postgres(
                "initdb",
                &[
                    "-D",
                    primary.to_str().unwrap(),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "--no-sync",
                ],
            );
            append(
                &primary.join("postgresql.conf"),
                &format!(
                    "listen_addresses = '127.0.0.1'\nunix_socket_directories = '{}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\n",
                    base.display()
                ),
            );
        }
        if !running(&primary) {
            start_server(&primary, &base.join("primary.log"), PRIMARY_PORT);
            started.push(primary.clone());
        }
        wait_for(&url(PRIMARY_PORT));
        if !standby.join("PG_VERSION").exists() {
            let _ = std::fs::remove_dir_all(&standby);
            as_postgres(
                "pg_basebackup",
                &[
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &PRIMARY_PORT.to_string(),
                    "-U",
                    "postgres",
                    "-D",
                    standby.to_str().unwrap(),
                    "-R",
                    "-X",
                    "stream",
                ],
            );
            append(&standby.join("postgresql.auto.conf"), "hot_standby = on\n");
        }
        if !running(&standby) {
            start_server(&standby, &base.join("standby.log"), STANDBY_PORT);
            started.push(standby.clone());
        }
        wait_for(&url(STANDBY_PORT));
        Standby {
            primary: url(PRIMARY_PORT),
            standby: url(STANDBY_PORT),
            started,
        }
    }

    /// A URL of database `db` on the primary (`primary = true`) or the standby.
    pub fn url(&self, primary: bool, db: &str) -> String {
        let port = if primary { PRIMARY_PORT } else { STANDBY_PORT };
        format!("postgres://postgres@127.0.0.1:{port}/{db}")
    }

    /// Waits until the standby has replayed everything the primary has written.
    pub fn catch_up(&self) {
        let mut p = answers(&self.primary).expect("primary answers");
        let lsn: String = p
            .query_one("SELECT pg_current_wal_lsn()::text", &[])
            .unwrap()
            .get(0);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mut s = answers(&self.standby).expect("standby answers");
            let caught: bool = s
                .query_one(
                    "SELECT pg_last_wal_replay_lsn() >= $1::text::pg_lsn",
                    &[&lsn],
                )
                .unwrap()
                .get(0);
            if caught {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the standby did not catch up in 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Standby {
    fn drop(&mut self) {
        // The standby first, so it does not spin reconnecting to a stopped primary.
        for dir in self.started.iter().rev() {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(bin("pg_ctl"))
                .args(["stop", "-m", "fast", "-w", "-D"])
                .arg(dir)
                .output();
        }
    }
}

/// Starts a server; the port is given here, not in its configuration, so a
/// data directory kept from an earlier run works whatever it says.
fn start_server(dir: &Path, log: &Path, port: u16) {
    as_postgres(
        "pg_ctl",
        &[
            "start",
            "-w",
            "-D",
            dir.to_str().unwrap(),
            "-l",
            log.to_str().unwrap(),
            "-o",
            &format!("-p {port}"),
        ],
    );
}

fn wait_for(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while answers(url).is_none() {
        assert!(Instant::now() < deadline, "{url} did not answer in 30 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn append(file: &Path, text: &str) {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new().append(true).open(file).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

fn chown_postgres(dir: &Path) {
    let ok = Command::new("chown")
        .arg("postgres:postgres")
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cannot hand {} to the postgres user", dir.display());
}
