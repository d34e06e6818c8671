//! Migration files: parsing headers and sections, checksums, loading a
//! folder (README, "Migration files"). Writing new files from the template
//! is the `stillhead` library's (`script/template.rs` there).
//!
//! Owns the file format. Knows nothing of the graph (`revision`) or of
//! databases (`runtime`, `dialect`).

pub mod delimiter;
mod error;
mod split;

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sha2::{Digest, Sha256};

pub use error::ScriptError;
pub use split::{split_checked, split_statements, Statement, Unclosed};

/// A database dialect: which SQL a section is written for. The default is
/// SQLite, the embedded database (used when no URL names another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Dialect {
    /// SQLite.
    #[default]
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        })
    }
}

/// A dialect name stillhead does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown dialect \"{given}\" (expected sqlite, postgres or mysql)")]
pub struct UnknownDialect {
    /// The name given.
    pub given: String,
}

impl FromStr for Dialect {
    type Err = UnknownDialect;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sqlite" => Ok(Dialect::Sqlite),
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            other => Err(UnknownDialect {
                given: other.to_string(),
            }),
        }
    }
}

/// One `-- +upgrade` or `-- +downgrade` part of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `Some` for a dialect-specific variant (`-- +upgrade dialect=postgres`).
    pub dialect: Option<Dialect>,
    /// The SQL text between this marker and the next.
    pub text: String,
    /// File line of the first line after the marker.
    pub first_line: usize,
}

impl Section {
    /// The section's statements, each with its file line.
    pub fn statements(&self) -> Vec<Statement> {
        split_statements(&self.text, self.first_line)
    }

    /// An error naming `origin` and the line if a quote, comment, body or
    /// statement group is still open at the section's end, or a statement
    /// is a client's command (a server would refuse it partway through).
    ///
    /// Also refuses a part `stillhead import` could not produce: it holds an
    /// [`IMPORT_TODO`] line (or an older importer's words for one), and run
    /// as it is it would do nothing of what the other tool's migration did.
    pub fn check_closed(&self, origin: &str) -> Result<(), ScriptError> {
        if let Some((line, todo)) = self.import_todo() {
            return Err(ScriptError::ImportTodo {
                file: origin.to_string(),
                line,
                todo,
            });
        }
        let (statements, unclosed) = split_checked(&self.text, self.first_line);
        if let Some(Unclosed { line, what }) = unclosed {
            return Err(ScriptError::Unclosed {
                file: origin.to_string(),
                line,
                what,
            });
        }
        match statements.iter().find_map(client_command) {
            Some((line, command, client, instead)) => Err(ScriptError::ClientCommand {
                file: origin.to_string(),
                line,
                command,
                client,
                instead,
            }),
            None => Ok(()),
        }
    }
}

/// The line `stillhead import` writes where a part of a migration could not
/// be produced (Alembic's offline mode stopped, or did not show what the
/// revision does): the runner refuses the part until a person writes it.
pub const IMPORT_TODO: &str = "-- stillhead-import: TODO";

/// What importers before [`IMPORT_TODO`] wrote in such a part's place.
const OLDER_IMPORT_TODOS: [&str; 3] = [
    "-- Not produced offline: ",
    "-- Alembic stopped here offline: ",
    "-- Alembic did not run it in offline mode",
];

impl Section {
    /// The first line an importer left for a part it could not produce:
    /// its file line and text.
    fn import_todo(&self) -> Option<(usize, String)> {
        self.text.lines().enumerate().find_map(|(i, line)| {
            let line = line.trim();
            let marked = line.starts_with(IMPORT_TODO)
                || OLDER_IMPORT_TODOS.iter().any(|m| line.starts_with(m));
            marked.then(|| (self.first_line + i, line.to_string()))
        })
    }
}

/// The client command a statement starts with, if it is one: its line, its
/// first line of text, the client, and what to write instead.
fn client_command(s: &Statement) -> Option<(usize, String, &'static str, &'static str)> {
    let first = s.sql.lines().next().unwrap_or("").trim();
    let word = first.split_whitespace().next().unwrap_or("");
    let (client, instead) = if word.eq_ignore_ascii_case("DELIMITER") {
        (
            "mysql",
            "put a routine or trigger between `-- +statement-begin` and `-- +statement-end` lines instead",
        )
    } else if first.starts_with('\\') {
        ("psql", "write it as SQL, or run it outside the migration")
    } else {
        return None;
    };
    Some((s.line, first.to_string(), client, instead))
}

/// A parsed migration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// The revision id (header `revision`).
    pub id: String,
    /// Parents (header `revises`); empty for a root.
    pub revises: Vec<String>,
    /// Header `message`.
    pub message: String,
    /// Header `tags`.
    pub tags: Vec<String>,
    /// Header `depends-on`.
    pub depends_on: Vec<String>,
    /// Header `branch`.
    pub branch_labels: Vec<String>,
    /// Header `created`.
    pub created: Option<String>,
    /// Header `transaction` (default true).
    pub transaction: bool,
    /// Upgrade sections: the generic one and/or dialect variants; never empty.
    pub upgrade: Vec<Section>,
    /// Downgrade sections; `None` when the file has none (irreversible).
    pub downgrade: Option<Vec<Section>>,
    /// SHA-256 (hex) of the upgrade part.
    pub checksum: String,
    /// The file (or embedded name) it came from, for messages.
    pub origin: String,
}

/// Header keys a file may use.
pub const KNOWN_KEYS: &[&str] = &[
    "revision",
    "revises",
    "message",
    "tags",
    "depends-on",
    "branch",
    "created",
    "transaction",
];

impl Script {
    /// Parses a migration file's text; `origin` names it in errors.
    pub fn parse(source: &str, origin: &str) -> Result<Script, ScriptError> {
        parse::parse(source, origin)
    }

    /// The upgrade section for a dialect: its own variant, else the generic one.
    pub fn upgrade_for(&self, d: Dialect) -> Option<&Section> {
        pick(&self.upgrade, d)
    }

    /// The downgrade section for a dialect; `None` if irreversible or no section fits.
    pub fn downgrade_for(&self, d: Dialect) -> Option<&Section> {
        self.downgrade.as_deref().and_then(|s| pick(s, d))
    }

    /// Whether the file has a downgrade part.
    pub fn is_reversible(&self) -> bool {
        self.downgrade.is_some()
    }
}

fn pick(sections: &[Section], d: Dialect) -> Option<&Section> {
    sections
        .iter()
        .find(|s| s.dialect == Some(d))
        .or_else(|| sections.iter().find(|s| s.dialect.is_none()))
}

/// SHA-256 (lowercase hex) of text with line endings normalised to `\n` and
/// trailing whitespace removed, so the checksum survives a CRLF checkout.
pub fn checksum_of(text: &str) -> String {
    // Parsed sections have no `\r` left; copy only when there is one.
    let normalised = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let digest = Sha256::digest(normalised.trim_end().as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

/// Where `bytes` stop being UTF-8, for a message: "line 3, column 15: byte
/// 0xe9 is not UTF-8 …" (a file saved as Latin-1 or Windows-1252, or not text).
pub fn not_utf8(bytes: &[u8], e: &std::str::Utf8Error) -> String {
    // A NUL before the first bad byte says more: this is no text at all.
    let end = bytes[..e.valid_up_to()]
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(e.valid_up_to());
    let good = &bytes[..end];
    let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // Columns in characters: the part before is valid UTF-8.
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
    match bytes.get(end) {
        Some(0) => format!("line {line}, column {column}: a NUL byte; this is not a text file"),
        Some(b) => format!(
            "line {line}, column {column}: byte 0x{b:02x} is not UTF-8 (the file may be Latin-1 or Windows-1252); save it as UTF-8"
        ),
        None => format!("line {line}, column {column}: the file ends inside a UTF-8 character"),
    }
}

/// Reads every `*.sql` file of a folder except `template.sql`, sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Script>, ScriptError> {
    load_dir_as(dir, |script| script)
}

/// Like [`load_dir`], each parsed file turned into a `T` as soon as it is
/// read. The result is filled in place: a folder of 10,000 files is not held
/// twice, as scripts and then as what the caller makes of them.
pub fn load_dir_as<T: Send>(
    dir: &Path,
    wrap: impl Fn(Script) -> T + Sync,
) -> Result<Vec<T>, ScriptError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ScriptError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ScriptError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        match kind_of(&name) {
            Listed::Migration => {}
            Listed::Hidden => {
                // Editor locks (`.#001.sql`), macOS metadata (`._001.sql`)
                // and hidden copies are not the user's migrations.
                tracing::info!("{}: a hidden file, not read", entry.path().display());
                continue;
            }
            Listed::MisCased => {
                tracing::warn!(
                    "{} is not read as a migration: only names ending in lower-case `.sql` are; rename it if it is one",
                    entry.path().display()
                );
                continue;
            }
            Listed::Other => {
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    warn_nested_sql(&entry.path());
                }
                continue;
            }
        }
        // The directory listing knows the type: no stat per file, except
        // for symbolic links, which are followed. A `.sql` name that
        // cannot be followed (a link to nothing, or to itself) is an error:
        // skipped, it would be a migration that silently does not exist.
        let path = entry.path();
        let is_file = match entry.file_type() {
            Ok(t) if t.is_symlink() => std::fs::metadata(&path)
                .map_err(|source| ScriptError::Io {
                    path: path.display().to_string(),
                    source,
                })?
                .is_file(),
            Ok(t) => t.is_file(),
            Err(_) => path.is_file(),
        };
        if is_file {
            paths.push((entry.file_name(), path));
        }
    }
    // By name, as listed: all are in one folder, and comparing `Path`s
    // (component by component) was a sixth of `heads` on 10,000 files.
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let paths: Vec<PathBuf> = paths.into_iter().map(|(_, path)| path).collect();
    read_scripts(&paths, wrap)
}

/// What a name in the migrations folder is to [`load_dir_as`].
#[derive(Debug, PartialEq, Eq)]
enum Listed {
    /// `*.sql` (not `template.sql`): read as a migration.
    Migration,
    /// Starts with a dot: never read.
    Hidden,
    /// `*.SQL`, `*.Sql`…: not read, with a warning.
    MisCased,
    /// Anything else (the template, notes, folders).
    Other,
}

fn kind_of(name: &str) -> Listed {
    let sql = name.len() > 4
        && name.is_char_boundary(name.len() - 4)
        && name[name.len() - 4..].eq_ignore_ascii_case(".sql");
    if name.starts_with('.') {
        Listed::Hidden
    } else if name == "template.sql" || !sql {
        Listed::Other
    } else if name.ends_with(".sql") {
        Listed::Migration
    } else {
        Listed::MisCased
    }
}

/// Warns when a folder inside the migrations folder holds `.sql` files:
/// only the folder itself is read, so they are not migrations. Symbolic
/// links are not followed (a link to the folder itself would loop), and
/// the search stops at the first file found.
fn warn_nested_sql(folder: &Path) {
    fn first_sql(dir: &Path, depth: usize) -> Option<PathBuf> {
        let entries = std::fs::read_dir(dir).ok()?;
        let mut folders = Vec::new();
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if kind.is_dir() {
                folders.push(entry.path());
            } else if matches!(kind_of(&name), Listed::Migration | Listed::MisCased) {
                return Some(entry.path());
            }
        }
        match depth {
            0 => None,
            _ => folders.iter().find_map(|f| first_sql(f, depth - 1)),
        }
    }
    if let Some(found) = first_sql(folder, 8) {
        tracing::warn!(
            "{} holds .sql files ({} …) that are not read as migrations: stillhead reads only the migrations folder itself, not the folders in it",
            folder.display(),
            found.display()
        );
    }
}

/// Reads and parses `paths` in order into `wrap`'s values. Large folders
/// are read by a few threads, each filling its own part of the result: for
/// thousands of files the work is system calls, and the calls of different
/// threads overlap.
fn read_scripts<T: Send>(
    paths: &[PathBuf],
    wrap: impl Fn(Script) -> T + Sync,
) -> Result<Vec<T>, ScriptError> {
    let mut slots: Vec<Option<T>> = Vec::with_capacity(paths.len());
    slots.resize_with(paths.len(), || None);
    let fill = |paths: &[PathBuf], slots: &mut [Option<T>]| -> Result<(), ScriptError> {
        let mut buf = Vec::new();
        for (path, slot) in paths.iter().zip(slots) {
            let origin = path.display().to_string();
            let io = |source| ScriptError::Io {
                path: origin.clone(),
                source,
            };
            let len = read_file_into(path, &mut buf).map_err(io)?;
            let text = std::str::from_utf8(&buf[..len]).map_err(|e| {
                io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    not_utf8(&buf[..len], &e),
                ))
            })?;
            *slot = Some(wrap(Script::parse(text, &origin)?));
        }
        Ok(())
    };
    let threads = std::thread::available_parallelism()
        .map(|n| n.get().min(8))
        .unwrap_or(1);
    if paths.len() < 256 || threads < 2 {
        fill(paths, &mut slots)?;
    } else {
        let chunk = paths.len().div_ceil(threads);
        let fill = &fill;
        let results: Vec<Result<(), ScriptError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = paths
                .chunks(chunk)
                .zip(slots.chunks_mut(chunk))
                .map(|(paths, slots)| scope.spawn(move || fill(paths, slots)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        });
        // The first failing file in name order, as a sequential read reports.
        results.into_iter().collect::<Result<(), _>>()?;
    }
    // Every slot is filled once no file failed. `filter_map` collects into
    // the same allocation; `flatten` grew a new one by doubling (5 MB more
    // peak heap for 10,000 files).
    #[allow(clippy::filter_map_identity)]
    let all = slots.into_iter().filter_map(|slot| slot).collect();
    Ok(all)
}

/// Reads a whole file into `buf` and returns its length: open, read until
/// the end, close.
///
/// `std::fs::read` first asks for the file's size and position (two more
/// system calls per file), and `read_to_end` on a reused `Vec` zeroes its
/// spare capacity before every file. `buf` stays initialised between files
/// and grows only for a file larger than any before it: a folder of
/// thousands of small files costs system calls and nothing else.
fn read_file_into(path: &Path, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    loop {
        if len == buf.len() {
            buf.resize((buf.len() * 2).max(16 * 1024), 0);
        }
        match file.read(&mut buf[len..]) {
            Ok(0) => return Ok(len),
            Ok(n) => len += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

mod parse;
