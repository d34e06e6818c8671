//! Real applications' schemas for the dump oracle (issues 25 and 26: "at
//! least two large public schemas", "one large public MySQL schema dump
//! and one large public SQLite schema"), taken at test time from the
//! packages Debian ships them in (`apt-get download`, unpacked with
//! `dpkg-deb` under `target/tmp/public-schemas`), never committed: their
//! text is their projects' own. The version is whatever the machine's
//! package lists offer, and is named with the schema.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One application's schema.
pub struct PublicSchema {
    /// `zabbix`, `mediawiki`.
    pub name: &'static str,
    /// The package and version it came from (`zabbix-server-pgsql
    /// 1:6.0.14+dfsg-1+b1`).
    pub source: String,
    /// The SQL, as the application's installer runs it with `psql`.
    pub text: String,
    /// What the schema holds that stillhead names "not compared" (MariaDB
    /// triggers), each as `check` words it: the round trip is then loud as
    /// expected, not passed.
    pub not_compared: Vec<String>,
}

/// What to take from which package, for which database.
struct Source {
    name: &'static str,
    /// `postgres`, `mysql` or `sqlite`.
    database: &'static str,
    package: &'static str,
    /// Files in the package, concatenated in order (`.gz` ones unpacked).
    files: &'static [&'static str],
    /// See [`PublicSchema::not_compared`].
    not_compared: &'static [&'static str],
}

const SOURCES: &[Source] = &[
    // Zabbix server 6.0: 173 tables, 234 indexes, foreign keys with
    // actions, triggers and their functions (about 2,300 lines).
    Source {
        name: "zabbix",
        database: "postgres",
        package: "zabbix-server-pgsql",
        files: &["usr/share/zabbix-server-pgsql/schema.sql.gz"],
        not_compared: &[],
    },
    // MediaWiki 1.39: 58 tables (composite keys, text search columns,
    // sequences), then the PostgreSQL installer's functions, triggers and
    // GIN indexes.
    Source {
        name: "mediawiki",
        database: "postgres",
        package: "mediawiki",
        files: &[
            "usr/share/mediawiki/maintenance/postgres/tables-generated.sql",
            "usr/share/mediawiki/maintenance/postgres/tables.sql",
        ],
        not_compared: &[],
    },
    // Zabbix server 6.0 for MySQL/MariaDB: the same 173 tables in
    // MariaDB's types, binary collations on keys.
    Source {
        name: "zabbix",
        database: "mysql",
        package: "zabbix-server-mysql",
        files: &["usr/share/zabbix-server-mysql/schema.sql.gz"],
        // Its four triggers (upper-cased names kept beside hosts' and
        // items') are compared as the rest (`dialect/mysql/code.rs`).
        not_compared: &[],
    },
    // MediaWiki 1.39 for MySQL/MariaDB: 58 tables, VARBINARY keys,
    // UNSIGNED counters, secondary keys written in CREATE TABLE.
    Source {
        name: "mediawiki",
        database: "mysql",
        package: "mediawiki",
        files: &["usr/share/mediawiki/maintenance/tables-generated.sql"],
        not_compared: &[],
    },
    // Zabbix proxy 6.0 for SQLite: its 170-odd tables and indexes.
    Source {
        name: "zabbix-proxy",
        database: "sqlite",
        package: "zabbix-proxy-sqlite3",
        files: &["usr/share/zabbix-proxy-sqlite3/schema.sql.gz"],
        not_compared: &[],
    },
    // MediaWiki 1.39 for SQLite: 58 tables, AUTOINCREMENT keys.
    Source {
        name: "mediawiki",
        database: "sqlite",
        package: "mediawiki",
        files: &["usr/share/mediawiki/maintenance/sqlite/tables-generated.sql"],
        not_compared: &[],
    },
];

/// The PostgreSQL schemas of [`SOURCES`], downloaded once; an error names
/// what could not be had (no `apt-get`, no package lists, no network).
pub fn postgres() -> Result<Vec<PublicSchema>, String> {
    for_database("postgres")
}

/// The schemas of [`SOURCES`] for `database` (`postgres`, `mysql`,
/// `sqlite`), downloaded once.
pub fn for_database(database: &str) -> Result<Vec<PublicSchema>, String> {
    let dir = crate::target_tmp().join("public-schemas");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    SOURCES
        .iter()
        .filter(|s| s.database == database)
        .map(|s| fetch(&dir, s))
        .collect()
}

fn fetch(dir: &Path, source: &Source) -> Result<PublicSchema, String> {
    let root = dir.join(source.package);
    let version_file = root.join("VERSION");
    if !version_file.exists() {
        unpack(dir, source.package, &root)?;
    }
    let version = std::fs::read_to_string(&version_file).map_err(|e| e.to_string())?;
    let mut text = String::new();
    for file in source.files {
        let path = root.join(file);
        let part = if file.ends_with(".gz") {
            output(Command::new("gzip").arg("-dc").arg(&path), "gzip -dc")?
        } else {
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?
        };
        text.push_str(&part);
        text.push('\n');
    }
    if source.name == "mediawiki" {
        // tables.sql opens a transaction and leaves its end to the
        // installer, which commits it; psql would roll it back at the end
        // of the file, so the schema is read without the BEGIN.
        text = text.replacen("\nBEGIN;\n", "\n", 1);
        // The installer's placeholders: the table prefix (none) and the
        // configured table options (none: the server's defaults).
        text = text
            .replace("/*_*/", "")
            .replace("/*$wgDBTableOptions*/", "");
    }
    Ok(PublicSchema {
        name: source.name,
        source: format!("{} {}", source.package, version.trim()),
        text,
        not_compared: source.not_compared.iter().map(|s| s.to_string()).collect(),
    })
}

/// Downloads `package` and unpacks it into `root` (through a staging
/// folder, so that a run stopped halfway leaves nothing half-made).
fn unpack(dir: &Path, package: &str, root: &Path) -> Result<(), String> {
    let staging: PathBuf = dir.join(format!("{package}.partial.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(|e| e.to_string())?;
    output(
        Command::new("apt-get")
            .args(["download", "-q", package])
            .current_dir(&staging),
        &format!("apt-get download {package} (Debian's apt, with package lists)"),
    )?;
    let deb = std::fs::read_dir(&staging)
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "deb"))
        .ok_or_else(|| format!("apt-get download {package} wrote no .deb"))?;
    let version = output(
        Command::new("dpkg-deb")
            .args(["-f"])
            .arg(&deb)
            .arg("Version"),
        "dpkg-deb -f",
    )?;
    let files = staging.join("files");
    output(
        Command::new("dpkg-deb").arg("-x").arg(&deb).arg(&files),
        "dpkg-deb -x",
    )?;
    std::fs::write(files.join("VERSION"), version.trim()).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(root);
    std::fs::rename(&files, root).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&staging);
    Ok(())
}

/// A command's standard output, or what went wrong naming `what`.
fn output(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
