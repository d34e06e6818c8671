//! A private MariaDB server under `target/tmp/mariadb-NAME`, on a loopback
//! port of its own, for tests that need server settings the shared server
//! must not have (`read_only`, say). Started idempotently (a running one is
//! reused, its data directory kept between runs), shut down on drop if this
//! process started it. It runs as the `mysql` user.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One process sets a server up at a time.
static SETUP: Mutex<()> = Mutex::new(());

/// A running private server.
pub struct PrivateMariadb {
    /// `mysql://root@127.0.0.1:PORT/`.
    pub url: String,
    port: u16,
    /// The server this process started (shut down and reaped on drop).
    started: Option<std::process::Child>,
}

fn ping(port: u16) -> bool {
    Command::new("mariadb-admin")
        .args([
            "--protocol=tcp",
            "-h",
            "127.0.0.1",
            "-P",
            &port.to_string(),
            "-u",
            "root",
            "ping",
        ])
        .output()
        .is_ok_and(|o| o.status.success())
}

impl PrivateMariadb {
    /// Starts (or reuses) server `name` on `port` (below 32768, outside the
    /// ephemeral range) with extra `mariadbd` options.
    pub fn start(name: &str, port: u16, options: &[&str]) -> PrivateMariadb {
        let _one = SETUP.lock().unwrap_or_else(|p| p.into_inner());
        let base = crate::target_tmp().join(format!("mariadb-{name}"));
        let data = base.join("data");
        if ping(port) {
            return PrivateMariadb {
                url: format!("mysql://root@127.0.0.1:{port}/"),
                port,
                started: None,
            };
        }
        std::fs::create_dir_all(&base).unwrap();
        chown_mysql(&base);
        if !data.join("mysql").exists() {
            let _ = std::fs::remove_dir_all(&data);
            let out = Command::new("mariadb-install-db")
                .arg("--no-defaults")
                .arg(format!("--datadir={}", data.display()))
                .args([
                    "--user=mysql",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ])
                .output()
                .expect("mariadb-install-db (MariaDB's server package)");
            assert!(
                out.status.success(),
                "mariadb-install-db failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let log = std::fs::File::create(base.join("error.log")).unwrap();
        let child = Command::new("mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--socket={}", base.join("sock").display()))
            .arg(format!("--pid-file={}", base.join("pid").display()))
            .arg(format!("--port={port}"))
            .args([
                "--user=mysql",
                "--bind-address=127.0.0.1",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=32M",
            ])
            .args(options)
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("mariadbd");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !ping(port) {
            assert!(
                Instant::now() < deadline,
                "the private MariaDB on port {port} did not answer in 30 s; see {}",
                base.join("error.log").display()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        PrivateMariadb {
            url: format!("mysql://root@127.0.0.1:{port}/"),
            port,
            started: Some(child),
        }
    }

    /// Runs SQL on the server as root.
    pub fn execute(&self, sql: &str) {
        use mysql::prelude::Queryable;
        let mut c = mysql::Conn::new(mysql::Opts::from_url(&self.url).unwrap()).unwrap();
        c.query_drop(sql).unwrap();
    }

    /// A URL of database `db` on this server.
    pub fn db_url(&self, db: &str) -> String {
        format!("{}{db}", self.url)
    }
}

impl Drop for PrivateMariadb {
    fn drop(&mut self) {
        if let Some(mut child) = self.started.take() {
            let _ = Command::new("mariadb-admin")
                .args([
                    "--protocol=tcp",
                    "-h",
                    "127.0.0.1",
                    "-P",
                    &self.port.to_string(),
                    "-u",
                    "root",
                    "shutdown",
                ])
                .output();
            let _ = child.wait();
        }
    }
}

fn chown_mysql(dir: &Path) {
    let ok = Command::new("chown")
        .arg("mysql:mysql")
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cannot hand {} to the mysql user", dir.display());
}
