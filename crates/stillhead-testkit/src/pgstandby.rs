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
    /// (primary, standby) ports.
    pub ports: (u16, u16),
    /// The folder holding both data directories.
    base: PathBuf,
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
        Standby::start_named("pg-standby", PRIMARY_PORT, STANDBY_PORT)
    }

    /// A pair of its own, under `target/tmp/NAME`, on other ports: for a
    /// test that breaks it (a failover), which then calls [`Standby::destroy`].
    pub fn start_named(name: &str, primary_port: u16, standby_port: u16) -> Standby {
        let _one = SETUP.lock().unwrap_or_else(|p| p.into_inner());
        let base = crate::target_tmp().join(name);
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
            start_server(&primary, &base.join("primary.log"), primary_port);
            started.push(primary.clone());
        }
        wait_for(&url(primary_port));
        if !standby.join("PG_VERSION").exists() {
            let _ = std::fs::remove_dir_all(&standby);
            as_postgres(
                "pg_basebackup",
                &[
                    "-h",
                    "127.0.0.1",
                    "-p",
                    &primary_port.to_string(),
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
            start_server(&standby, &base.join("standby.log"), standby_port);
            started.push(standby.clone());
        }
        wait_for(&url(standby_port));
        Standby {
            primary: url(primary_port),
            standby: url(standby_port),
            ports: (primary_port, standby_port),
            base,
            started,
        }
    }

    /// A URL of database `db` on the primary (`primary = true`) or the standby.
    pub fn url(&self, primary: bool, db: &str) -> String {
        let port = if primary { self.ports.0 } else { self.ports.1 };
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

impl Standby {
    /// [`Standby::start_named`] from nothing: what an earlier (failed) run
    /// left in that folder is stopped and deleted first.
    pub fn start_fresh(name: &str, primary_port: u16, standby_port: u16) -> Standby {
        let base = crate::target_tmp().join(name);
        for dir in ["standby", "primary"] {
            if base.join(dir).join("postmaster.pid").exists() {
                let _ = Command::new("runuser")
                    .args(["-u", "postgres", "--"])
                    .arg(bin("pg_ctl"))
                    .args(["stop", "-m", "immediate", "-w", "-D"])
                    .arg(base.join(dir))
                    .output();
            }
        }
        let _ = std::fs::remove_dir_all(&base);
        Standby::start_named(name, primary_port, standby_port)
    }

    /// A database of its own, created on the primary (and so on the
    /// standby once it catches up); named like every test database.
    pub fn create_database(&self) -> String {
        let db = crate::unique_name();
        let mut admin = answers(&self.primary).expect("primary answers");
        admin
            .batch_execute(&format!("CREATE DATABASE {db}"))
            .unwrap();
        db
    }

    /// Drops a database made by [`Standby::create_database`], sessions and all.
    pub fn drop_database(&self, db: &str) {
        let mut admin = answers(&self.primary).expect("primary answers");
        admin
            .batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            .unwrap();
    }

    /// Stops the primary at once, as a crash would.
    pub fn crash_primary(&self) {
        as_postgres(
            "pg_ctl",
            &[
                "stop",
                "-m",
                "immediate",
                "-w",
                "-D",
                self.base.join("primary").to_str().unwrap(),
            ],
        );
    }

    /// Promotes the standby to primary and waits until it takes writes.
    pub fn promote_standby(&self) {
        as_postgres(
            "pg_ctl",
            &[
                "promote",
                "-w",
                "-D",
                self.base.join("standby").to_str().unwrap(),
            ],
        );
    }

    /// Stops both servers and deletes their data (a pair broken by a
    /// failover is made again by the next `start_named`).
    pub fn destroy(mut self) {
        for dir in ["standby", "primary"] {
            let _ = Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(bin("pg_ctl"))
                .args(["stop", "-m", "immediate", "-w", "-D"])
                .arg(self.base.join(dir))
                .output();
        }
        self.started.clear();
        let _ = std::fs::remove_dir_all(&self.base);
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
