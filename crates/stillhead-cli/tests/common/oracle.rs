//! The dump oracle's shared half (ARCHITECTURE.md "Tests", oracle and
//! mutations): the corpus under `tests/oracle/<backend>/*.sql` and its header
//! lines, a reference database loaded by the database's own client, a
//! database built by stillhead from the same file, and each database's own
//! dump normalised only for what carries no meaning (dump headers, session
//! settings, owners, counters, stillhead's tables).

use super::*;

use sqlparser::ast::Statement;

/// A corpus file's header line that sets what the oracle expects of it.
const HEADER: &str = "-- oracle:";

/// One schema file of the corpus.
pub struct Case {
    /// The database it is written for.
    pub backend: Backend,
    /// Its file name (`shop.sql`).
    pub file: String,
    /// Its text, loaded as it is by the database's client.
    pub text: String,
    /// What stillhead is given as `schema.sql`: the file itself, or the
    /// file a `-- oracle: declared PATH` line names (relative to the
    /// repository root), e.g. the shop's portable schema.
    pub declared: String,
    /// Fragments of `-- oracle: not-compared FRAGMENT` lines: stillhead
    /// cannot carry these yet, so check and autogenerate must fail (exit 3)
    /// naming each one (case aside).
    pub not_compared: Vec<String>,
    /// `-- oracle: known-failure WHY`: a difference found and not fixed
    /// yet (a bug of the model, diff or renderers, or of the corpus file's
    /// source). It is reported, not failed; the test fails once the file
    /// passes, so the line is removed with the fix.
    pub known_failure: Option<String>,
    /// `-- oracle: since-postgres MAJOR`: the file uses what older
    /// PostgreSQL servers lack (NULLS NOT DISTINCT is 15's), so a run
    /// against an older one reports it as not for that version.
    pub since_postgres: Option<u32>,
}

impl Case {
    /// `backend/file`, as reports name it.
    pub fn label(&self) -> String {
        format!("{}/{}", self.backend.name(), self.file)
    }

    /// Why the test server cannot load the file (its major is older than
    /// the file's `since-postgres`), or `None`.
    pub fn not_for_this_server(&self) -> Option<String> {
        let since = self.since_postgres?;
        let major = postgres_major();
        (major < since).then(|| format!("not for PostgreSQL {major} (needs {since})"))
    }
}

/// The corpus folder.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

/// The corpus files of one backend, by name. An unknown `-- oracle:` line
/// fails the test naming it: a misspelt expectation must not pass unseen.
pub fn corpus(backend: Backend) -> Vec<Case> {
    let dir = corpus_dir().join(backend.name());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        // STILLHEAD_ORACLE_FILTER=partitions runs the files whose name
        // holds it alone (while working on one).
        .filter(|p| {
            std::env::var("STILLHEAD_ORACLE_FILTER").map_or(true, |f| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(f.as_str()))
            })
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let file = path.file_name().unwrap().to_string_lossy().into_owned();
            let mut case = Case {
                backend,
                file,
                declared: text.clone(),
                text,
                not_compared: Vec::new(),
                known_failure: None,
                since_postgres: None,
            };
            for line in case.text.lines() {
                let Some(rest) = line.strip_prefix(HEADER) else {
                    continue;
                };
                let rest = rest.trim();
                if let Some(f) = rest.strip_prefix("not-compared ") {
                    case.not_compared.push(f.trim().to_string());
                } else if let Some(why) = rest.strip_prefix("known-failure ") {
                    case.known_failure = Some(why.trim().to_string());
                } else if let Some(m) = rest.strip_prefix("since-postgres ") {
                    let m = m.trim().parse().unwrap_or_else(|_| {
                        panic!("{}: since-postgres takes a major: {line:?}", case.label())
                    });
                    case.since_postgres = Some(m);
                } else if let Some(p) = rest.strip_prefix("declared ") {
                    case.declared = std::fs::read_to_string(repo_root().join(p.trim()))
                        .unwrap_or_else(|e| panic!("{}: {p}: {e}", case.label()));
                } else {
                    panic!("{}: unknown oracle line {line:?}", case.label());
                }
            }
            case
        })
        .collect()
}

/// The major of the tests' PostgreSQL server (asked once per process).
pub fn postgres_major() -> u32 {
    static MAJOR: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MAJOR.get_or_init(|| pgversions::server_version_num(postgres_port()) / 10000)
}

/// A fresh database R with `sql` loaded by the database's own client, or
/// the client's complaint.
pub fn reference(backend: Backend, sql: &str) -> Result<Project, String> {
    let r = Project::on(backend, &[]);
    r.try_run_client(sql)?;
    Ok(r)
}

/// Runs `stillhead ARGS` and returns its output, or why it failed.
pub fn step(p: &Project, args: &[&str]) -> Result<String, String> {
    match p.run(args) {
        (0, out, err) => Ok(format!("{out}{err}")),
        (code, out, err) => Err(format!("stillhead {args:?} exit {code}: {out}{err}")),
    }
}

/// A fresh database S built by stillhead from `declared`: `revision
/// --autogenerate -m init`, then `upgrade head`.
pub fn built(backend: Backend, declared: &str) -> Result<Project, String> {
    let s = Project::on(backend, &[]);
    std::fs::write(s.path().join("schema.sql"), declared).unwrap();
    step(&s, &["revision", "--autogenerate", "-m", "init"])?;
    step(&s, &["upgrade", "head"])?;
    Ok(s)
}

/// What one dump has that the other lacks (each statement counted, as a
/// dump may repeat one), or `None` when they are equal.
pub fn dump_difference(left: &[String], right: &[String]) -> Option<String> {
    let mut count: std::collections::BTreeMap<&str, i64> = Default::default();
    for l in left {
        *count.entry(l).or_default() += 1;
    }
    for r in right {
        *count.entry(r).or_default() -= 1;
    }
    let side = |sign: i64| -> Vec<&str> {
        count
            .iter()
            .filter(|(_, n)| n.signum() == sign)
            .map(|(s, _)| *s)
            .collect()
    };
    let (only_l, only_r) = (side(1), side(-1));
    if only_l.is_empty() && only_r.is_empty() {
        return None;
    }
    Some(format!(
        "only in the first:\n  {}\nonly in the second:\n  {}",
        only_l.join("\n  "),
        only_r.join("\n  ")
    ))
}

/// True for a statement of stillhead's own tables (any `version_table`
/// name starts with the default's, in these tests).
fn stillhead_own(statement: &str) -> bool {
    statement.contains("stillhead_version")
}

/// Dump statements split at `;` line ends, without comment lines, the
/// session settings a dump tool wraps its output in, and stillhead's tables;
/// sorted, since two databases made in different orders dump the same
/// objects in the order of their creation where the tool does not sort.
fn statements(dump: &str, setting: impl Fn(&str) -> bool) -> Vec<String> {
    let kept: Vec<&str> = dump
        .lines()
        .filter(|l| !l.starts_with("--") && !l.trim().is_empty() && !setting(l))
        .collect();
    let mut out: Vec<String> = kept
        .join("\n")
        .split(";\n")
        .map(|s| s.trim().trim_end_matches(';').to_string())
        .filter(|s| !s.is_empty() && !stillhead_own(s))
        .collect();
    out.sort();
    out
}

impl Project {
    /// The schema as the database's own dump shows it, normalised only for
    /// what carries no meaning: `pg_dump -s --no-owner --no-privileges`
    /// (on PostgreSQL 17 and later, which no `pg_dump` here can dump, the
    /// catalog fingerprint of `pg_catalog.rs`),
    /// `mysqldump --no-data --skip-comments` without AUTO_INCREMENT
    /// counters and sequences' next values (`DO SETVAL`), and for SQLite everything the file keeps
    /// ([`Project::sqlite_facts`]). stillhead's tables are left out.
    pub fn oracle_dump(&self) -> Vec<String> {
        match self.backend() {
            Backend::Sqlite => self.sqlite_facts(),
            // No pg_dump dumps 17 and later here: the catalog fingerprint.
            Backend::Postgres if pgversions::pg_dump_for(postgres_port()).is_none() => {
                super::pg_catalog::fingerprint(&self.db.url)
            }
            Backend::Postgres => statements(
                &unfenced(&self.dump_tool("", &["-s", "--no-owner", "--no-privileges"], &[])),
                |l| l.starts_with("SET ") || l.starts_with("SELECT pg_catalog.set_config"),
            ),
            Backend::Mysql => {
                let dump = self.dump_tool(
                    "",
                    &[],
                    &[
                        "--no-data",
                        "--skip-comments",
                        "--skip-dump-date",
                        "--routines",
                        "--triggers",
                        "--events",
                    ],
                );
                let dump = without_definers(&strip_auto_increment(&dump));
                // Objects of the database itself named with it (a
                // sequence's nextval in a default): R and S are two databases.
                let name = self.db.url.rsplit('/').next().unwrap_or_default();
                let dump = dump.replace(&format!("`{name}`."), "");
                let dump = triggers_numbered(&dump);
                statements(&dump, |l| {
                    // `/*!40101 SET …*/` (not a one-line trigger whose body
                    // is a SET), and MariaDB 11's sandbox line; a
                    // sequence's next value, a counter as AUTO_INCREMENT's.
                    l.strip_prefix("/*!")
                        .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()))
                        .is_some_and(|l| l.starts_with(" SET "))
                        || l.starts_with("/*M!999999")
                        || l.starts_with("DO SETVAL(")
                })
                .iter()
                .map(|s| keys_sorted(s))
                .collect()
            }
        }
    }

    /// Everything a SQLite file keeps of its schema, one sorted line per
    /// fact: `pragma table_list` (type, strict, without rowid),
    /// `table_xinfo` (hidden and generated columns too), `index_list` and
    /// `index_xinfo` (sort order, collation, key or included column),
    /// `foreign_key_list`, and from each table's text what no pragma
    /// tells: column collations, CHECK constraints with their names,
    /// deferrable foreign keys, generated expressions. Views, triggers and
    /// virtual tables are compared by their text (spacing and quotes
    /// aside). A table text sqlparser cannot read is kept whole, so it
    /// fails loudly rather than comparing less.
    pub fn sqlite_facts(&self) -> Vec<String> {
        let c = rusqlite::Connection::open(self.db.url.strip_prefix("sqlite://").unwrap()).unwrap();
        let rows = |sql: &str| -> Vec<Vec<String>> { sqlite_rows(&c, sql) };
        let mut out = Vec::new();
        let objects = rows(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master \
             WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'stillhead_version%'",
        );
        let listed = rows(
            "SELECT name, type, ncol, wr, strict FROM pragma_table_list WHERE schema = 'main'",
        );
        for t in &listed {
            if t[0].starts_with("sqlite_") || stillhead_own(&t[0]) {
                continue;
            }
            out.push(format!(
                "{} {} ncol={} without_rowid={} strict={}",
                t[1], t[0], t[2], t[3], t[4]
            ));
        }
        for o in &objects {
            let (kind, name, sql) = (o[0].as_str(), o[1].as_str(), o[2].as_str());
            match kind {
                "table" if sql.to_ascii_uppercase().starts_with("CREATE VIRTUAL TABLE") => {
                    out.push(spaced(sql));
                }
                "table" => {
                    for mut col in rows(&format!("PRAGMA table_xinfo(\"{name}\")")) {
                        // SQLite reads a type name without regard to case
                        // (its affinity rules match `INT`, `int` alike);
                        // stillhead writes them upper-cased.
                        col[2] = col[2].to_ascii_uppercase();
                        out.push(format!("{name} column {}", col[1..].join(" | ")));
                    }
                    // SQLite's own word on the table's kind (3.37+).
                    for kind in rows(&format!(
                        "SELECT wr, strict FROM pragma_table_list WHERE name = '{name}'"
                    )) {
                        out.push(format!(
                            "{name} without rowid={} strict={}",
                            kind[0], kind[1]
                        ));
                    }
                    self.sqlite_index_facts(&c, name, &mut out);
                    let mut fks: std::collections::BTreeMap<String, Vec<String>> =
                        Default::default();
                    for fk in rows(&format!("PRAGMA foreign_key_list(\"{name}\")")) {
                        fks.entry(fk[0].clone())
                            .or_default()
                            .push(fk[2..].join(" | "));
                    }
                    for fk in fks.values() {
                        out.push(format!("{name} foreign key {}", fk.join(" ; ")));
                    }
                    out.extend(super::sqlite_text::table_text_facts(name, sql));
                }
                "view" | "trigger" => out.push(spaced(sql)),
                _ => {}
            }
        }
        out.sort();
        out
    }

    /// `index_list` and `index_xinfo` lines of one table; a partial
    /// index's predicate from its text.
    fn sqlite_index_facts(&self, c: &rusqlite::Connection, table: &str, out: &mut Vec<String>) {
        for idx in sqlite_rows(c, &format!("PRAGMA index_list(\"{table}\")")) {
            let cols: Vec<String> = sqlite_rows(c, &format!("PRAGMA index_xinfo(\"{}\")", idx[1]))
                .into_iter()
                .map(|r| format!("{} desc={} coll={} key={}", r[2], r[3], r[4], r[5]))
                .collect();
            // Automatic index names follow the order constraints were written in.
            let label = if idx[1].starts_with("sqlite_autoindex") {
                "auto"
            } else {
                idx[1].as_str()
            };
            let predicate = sqlite_rows(
                c,
                &format!("SELECT coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND name = '{}'", idx[1]),
            )
            .first()
            .and_then(|r| partial_predicate(&r[0]))
            .unwrap_or_default();
            out.push(format!(
                "{table} index {label} unique={} origin={} partial={} ({}){predicate}",
                idx[2],
                idx[3],
                idx[4],
                cols.join(", ")
            ));
        }
    }

    /// [`Project::run_client`], returning the client's complaint instead
    /// of failing the test (a mutated schema the database refuses).
    pub fn try_run_client(&self, script: &str) -> Result<(), String> {
        let file = self.path().join("script.sql");
        std::fs::write(&file, script).unwrap();
        let out = match self.backend() {
            Backend::Sqlite => std::process::Command::new("sqlite3")
                .arg("-bail")
                .arg(self.db.url.strip_prefix("sqlite://").unwrap())
                .stdin(std::fs::File::open(&file).unwrap())
                .output(),
            Backend::Postgres => std::process::Command::new("psql")
                .args([
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-d",
                    &self.db.url,
                    "-f",
                ])
                .arg(&file)
                .output(),
            // In stillhead's character set (the server's, utf8mb4): the
            // client's own default (utf8mb3 here) is a context each routine,
            // trigger and event keeps, and stillhead compares.
            Backend::Mysql => std::process::Command::new("mariadb")
                .args(mariadb_client())
                .arg("--default-character-set=utf8mb4")
                .arg(self.db.url.rsplit('/').next().unwrap())
                .stdin(std::fs::File::open(&file).unwrap())
                .output(),
        }
        .expect("the database's client (sqlite3, psql, mariadb) must be installed");
        if out.status.success() {
            Ok(())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }
}

/// Rows of a SQLite query, every value as text.
pub fn sqlite_rows(c: &rusqlite::Connection, sql: &str) -> Vec<Vec<String>> {
    let mut stmt = c.prepare(sql).unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        Ok((0..n)
            .map(|i| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Null => "NULL".to_string(),
                rusqlite::types::ValueRef::Integer(v) => v.to_string(),
                rusqlite::types::ValueRef::Real(v) => v.to_string(),
                rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                    String::from_utf8_lossy(t).into_owned()
                }
            })
            .collect())
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Text with runs of whitespace as one space and identifier quotes
/// removed: how one statement is spelt, not what it says.
pub fn spaced(sql: &str) -> String {
    sql.replace(['"', '`', '[', ']'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// ` WHERE …` of a partial index's text, as sqlparser prints it.
fn partial_predicate(sql: &str) -> Option<String> {
    let parsed =
        sqlparser::parser::Parser::parse_sql(&sqlparser::dialect::SQLiteDialect {}, sql).ok()?;
    match parsed.first()? {
        Statement::CreateIndex(i) => i
            .predicate
            .as_ref()
            .map(|p| format!(" WHERE {}", spaced(&p.to_string()))),
        _ => None,
    }
}

/// A `CREATE TABLE` of mysqldump with its secondary keys sorted: MariaDB
/// lists them in the order they were made (unique keys first), so a key
/// dropped and made again moves to the end, which changes nothing the
/// table means. The primary key and the constraints keep their place.
fn keys_sorted(statement: &str) -> String {
    let key = |l: &str| {
        ["KEY ", "UNIQUE KEY ", "FULLTEXT KEY ", "SPATIAL KEY "]
            .iter()
            .any(|k| l.trim_start().starts_with(k))
    };
    let lines: Vec<&str> = statement.lines().collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !key(lines[i]) {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && key(lines[i]) {
            i += 1;
        }
        // The run's last line has a comma only when more lines follow.
        let last_comma = lines[i - 1].ends_with(',');
        let mut run: Vec<&str> = lines[start..i]
            .iter()
            .map(|l| l.trim_end_matches(','))
            .collect();
        run.sort();
        let n = run.len();
        for (j, l) in run.into_iter().enumerate() {
            let comma = if j + 1 < n || last_comma { "," } else { "" };
            out.push(format!("{l}{comma}"));
        }
    }
    out.join("\n")
}

/// A mysqldump with each trigger numbered in the order it comes
/// (`TRIGGER #2 name`): mysqldump writes a table's triggers in the order
/// they fire, which sorting the statements would lose.
fn triggers_numbered(dump: &str) -> String {
    let mut n = 0;
    dump.split_inclusive('\n')
        .map(|line| match line.find("/*!50003 TRIGGER ") {
            Some(at) => {
                n += 1;
                let after = at + "/*!50003 TRIGGER ".len();
                format!("{}#{n} {}", &line[..after], &line[after..])
            }
            None => line.to_string(),
        })
        .collect()
}

/// A mysqldump with each `DEFINER=`user`@`host`` of its views, routines,
/// triggers and events as `DEFINER=?`: the user who ran the statement,
/// which stillhead does not compare (R and S may be made by different
/// users: a scratch database's own).
fn without_definers(dump: &str) -> String {
    let mut out = String::with_capacity(dump.len());
    let mut rest = dump;
    while let Some(at) = rest.find("DEFINER=`") {
        out.push_str(&rest[..at]);
        out.push_str("DEFINER=?");
        let after = &rest[at + "DEFINER=".len()..];
        // `user`@`host`: two back-quoted names and the @ between.
        let end = after[1..]
            .find('`')
            .map(|u| u + 2)
            .filter(|&u| after[u..].starts_with("@`"))
            .and_then(|u| after[u + 2..].find('`').map(|h| u + 2 + h + 1));
        rest = &after[end.unwrap_or(0)..];
    }
    out.push_str(rest);
    out
}

/// A mysqldump with its tables' `AUTO_INCREMENT=N` counters removed.
fn strip_auto_increment(dump: &str) -> String {
    dump.lines()
        .map(|l| match l.find(" AUTO_INCREMENT=") {
            Some(at) if l.starts_with(')') => {
                let rest = &l[at + " AUTO_INCREMENT=".len()..];
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                format!("{}{}", &l[..at], &rest[digits..])
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
