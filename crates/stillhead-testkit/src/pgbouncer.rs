//! PgBouncer in transaction pooling in front of the test server
//! (127.0.0.1:5432), under `target/tmp/pgbouncer`, on loopback port 26432,
//! run as the `postgres` user (PgBouncer refuses root). Started
//! idempotently (a running one is reused), stopped on drop if this process
//! started it. Needs the Debian package `pgbouncer` (`.ci/run` installs it).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// PgBouncer's port: below the ephemeral range, like the private servers.
pub const PORT: u16 = 26432;

/// How many guards of this process share the PgBouncer it started (tests
/// run in parallel threads): the last one out stops it.
static USERS: Mutex<usize> = Mutex::new(0);

/// A running PgBouncer.
pub struct Pgbouncer {
    dir: PathBuf,
    started: bool,
}

fn answers(db: &str) -> bool {
    postgres::Client::connect(
        &format!("postgres://postgres@127.0.0.1:{PORT}/{db}"),
        postgres::NoTls,
    )
    .and_then(|mut c| c.simple_query("SELECT 1"))
    .is_ok()
}

impl Pgbouncer {
    /// Starts (or reuses) PgBouncer; every database of the test server is
    /// reachable through it, with a pool of at most `pool` server connections.
    pub fn start(pool: u32) -> Pgbouncer {
        let mut users = USERS.lock().unwrap_or_else(|p| p.into_inner());
        let dir = crate::target_tmp().join("pgbouncer");
        std::fs::create_dir_all(&dir).unwrap();
        if *users > 0 || answers("postgres") {
            let ours = *users > 0;
            *users += usize::from(ours);
            return Pgbouncer { dir, started: ours };
        }
        let ini = dir.join("pgbouncer.ini");
        std::fs::write(
            &ini,
            format!(
                "[databases]\n* = host=127.0.0.1 port=5432\n\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {PORT}\nunix_socket_dir =\nauth_type = trust\nauth_file = {auth}\npool_mode = transaction\nserver_round_robin = 1\ndefault_pool_size = {pool}\nmax_client_conn = 500\npidfile = {pid}\nlogfile = {log}\nignore_startup_parameters = extra_float_digits,options\nserver_reset_query =\n",
                auth = dir.join("users.txt").display(),
                pid = dir.join("pgbouncer.pid").display(),
                log = dir.join("pgbouncer.log").display(),
            ),
        )
        .unwrap();
        std::fs::write(dir.join("users.txt"), "\"postgres\" \"\"\n\"root\" \"\"\n").unwrap();
        let _ = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(&dir)
            .status();
        let out = Command::new("runuser")
            .args(["-u", "postgres", "--", "pgbouncer", "-d"])
            .arg(&ini)
            .output()
            .expect("pgbouncer (Debian package pgbouncer) and runuser");
        assert!(
            out.status.success(),
            "pgbouncer did not start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while !answers("postgres") {
            assert!(
                Instant::now() < deadline,
                "pgbouncer did not answer in 20 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        *users = 1;
        Pgbouncer { dir, started: true }
    }

    /// A URL of database `db` through PgBouncer.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{PORT}/{db}")
    }
}

impl Drop for Pgbouncer {
    fn drop(&mut self) {
        if !self.started {
            return;
        }
        let mut users = USERS.lock().unwrap_or_else(|p| p.into_inner());
        *users -= 1;
        if *users > 0 {
            return;
        }
        if let Ok(pid) = std::fs::read_to_string(self.dir.join("pgbouncer.pid")) {
            let _ = Command::new("kill").arg(pid.trim()).status();
        }
    }
}
