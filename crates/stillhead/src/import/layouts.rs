//! Readers for the one-folder layouts: diesel, sqlx, Flyway, golang-migrate
//! and dbmate. Each gives a linear chain in the tool's own order, with the
//! tool's version as the revision id.
//!
//! Every rule here follows the tool's own code, named where it is used:
//! which names it takes as migrations, how it derives the version it records
//! in its history table, in what order it runs them, and what it runs
//! outside a transaction. Where the tool would silently ignore a `.sql` file
//! (or refuse the folder over it), the file is listed as skipped with the
//! reason, so that nothing disappears without a word.

use std::collections::HashMap;
use std::path::Path;

use sha2::{Digest, Sha384};

use super::{Imported, Skipped, Tool};
use crate::error::{Error, Result};
use crate::script::split_statements;

/// Reads another tool's migrations folder. Migrations come out as a linear chain in the tool's own order, each revising the one before, with the tool's version as the revision id (so `adopt` can match the tool's history table); files not carried over are listed in the second vector.
pub fn read(tool: Tool, path: &Path) -> Result<(Vec<Imported>, Vec<Skipped>)> {
    let mut skipped = Vec::new();
    let found = match tool {
        Tool::Alembic => {
            return Err(bad(
                tool,
                format!(
                    "{} is an Alembic project: its revisions form a graph, not a folder of numbered files; use the Alembic importer",
                    path.display()
                ),
            ))
        }
        Tool::Diesel => diesel(path, &mut skipped)?,
        Tool::Sqlx => sqlx(path, &mut skipped)?,
        Tool::Flyway => flyway(path, &mut skipped)?,
        Tool::GolangMigrate => golang_migrate(path, &mut skipped)?,
        Tool::Dbmate => dbmate(path, &mut skipped)?,
    };
    if found.is_empty() {
        return Err(nothing_found(tool, path, &skipped));
    }
    Ok((chain(tool, found)?, skipped))
}

/// The revision id an imported migration of `tool` gets for the version the tool records in its history table (identity for most; see diesel).
///
/// A version that is already a valid stillhead id is kept as it is: every
/// golang-migrate, dbmate and Flyway version (digits and dots), and every
/// sqlx version but a negative one. diesel's version is the folder name's
/// first part with `-` removed, which may hold any character but `_`: each
/// character an id cannot hold becomes `_`, and an id that would be empty
/// or start with `-`, `+` or `.` gets a `v` in front. Import and adopt both
/// map through here, so they agree; two versions that map to one id are an
/// error at import. Alembic's ids are its own importer's business and are
/// returned unchanged.
pub fn revision_id(tool: Tool, version: &str) -> String {
    match tool {
        Tool::Alembic => version.to_string(),
        _ => safe_id(version),
    }
}

/// The checksum `tool` records for a migration file's bytes, as text, where the tool keeps one (sqlx: SHA-384 as lowercase hex; Flyway: CRC32 as a signed 32-bit decimal, computed the way Flyway does); `None` for the others.
///
/// Flyway's is `None` too for bytes that are not UTF-8: Flyway reads scripts
/// with a strict UTF-8 decoder by default and fails on such a file, so it
/// records no checksum for it.
pub fn tool_checksum(tool: Tool, file_bytes: &[u8]) -> Option<String> {
    match tool {
        // sqlx-core `migrate::migration::checksum`: `Sha384::digest(sql)` over
        // the whole file as read (`fs::read_to_string`, nothing stripped).
        Tool::Sqlx => Some(hex(&Sha384::digest(file_bytes))),
        Tool::Flyway => flyway_checksum(file_bytes).map(|sum| sum.to_string()),
        Tool::Alembic | Tool::Diesel | Tool::GolangMigrate | Tool::Dbmate => None,
    }
}

// ---------------------------------------------------------------------------
// The chain, shared by every layout.

/// Where a migration sorts among its tool's: each tool has its own notion of
/// order, and equal keys are the same version to the tool. (dbmate sorts by
/// file name; two files of one version there show as one revision id.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Order {
    /// Compared as text (diesel's version, dbmate's file name).
    Text(String),
    /// Compared as a number (sqlx's `i64`, golang-migrate's `uint`).
    Int(i128),
    /// Flyway's dotted version: each part without leading zeros, as
    /// (digit count, digits) so that comparing compares the numbers, and
    /// without trailing zero parts (`1.0` is `1` to Flyway).
    Parts(Vec<(usize, String)>),
}

/// One migration as read from the tool's files, before it takes its place
/// in the chain.
struct Found {
    order: Order,
    /// The version as the tool records it in its history table.
    version: String,
    message: String,
    /// The file (or folder), relative to the folder read.
    source: String,
    transaction: bool,
    upgrade: String,
    downgrade: Option<String>,
    checksum: Option<String>,
    /// Reasons for review, one per line of the file's `TODO`.
    todo: Vec<String>,
}

/// A down (undo) file, waiting for the up migration of its version.
struct Down {
    order: Order,
    source: String,
    text: String,
    transaction: bool,
    todo: Vec<String>,
}

/// Sorts the migrations into the tool's order and links each to the one
/// before. Two of one version (or two versions that become one id) are an
/// error naming both files: the tool would run only one of them, or fail.
fn chain(tool: Tool, mut found: Vec<Found>) -> Result<Vec<Imported>> {
    // Stable: ties keep listing (name) order, so the error names the same
    // two files on every run.
    found.sort_by(|a, b| a.order.cmp(&b.order));
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, f) in found.iter().enumerate() {
        if i > 0 && found[i - 1].order == f.order {
            return Err(same_version(tool, &found[i - 1], f));
        }
        let id = revision_id(tool, &f.version);
        if let Some(&j) = by_id.get(&id) {
            return Err(same_id(tool, &found[j], f));
        }
        by_id.insert(id, i);
    }
    let mut out: Vec<Imported> = Vec::with_capacity(found.len());
    let history = super::adopt::history_table(tool);
    for mut f in found {
        // A migration that reads or alters the tool's own record (a GRANT on
        // it, a column added to it) finds no such table on a database
        // stillhead migrates from empty.
        if let Some(table) = history.filter(|t| {
            crate::autogen::mentions(&f.upgrade, t)
                || f.downgrade
                    .as_deref()
                    .is_some_and(|d| crate::autogen::mentions(d, t))
        }) {
            f.todo.push(format!(
                "this migration uses {table}, {tool}'s own history table, which a database stillhead migrates from empty does not have: create it in an earlier migration, or remove what uses it"
            ));
        }
        let revises = out.last().map(|m| vec![m.id.clone()]).unwrap_or_default();
        out.push(Imported {
            id: revision_id(tool, &f.version),
            revises,
            message: f.message,
            transaction: f.transaction,
            upgrade: vec![(None, f.upgrade)],
            downgrade: f.downgrade.map(|sql| vec![(None, sql)]),
            todo: (!f.todo.is_empty()).then(|| f.todo.join("\n")),
            source: f.source,
            source_checksum: f.checksum,
            ..Imported::default()
        });
    }
    Ok(out)
}

/// Gives each down file to the up migration of its version. A second down
/// file of one version, or one with no up migration, is an error naming the
/// file: its SQL would otherwise be lost without a word.
fn attach_downs(tool: Tool, ups: &mut [Found], downs: Vec<Down>, up_kind: &str) -> Result<()> {
    let mut seen: HashMap<Order, String> = HashMap::new();
    for down in downs {
        if let Some(first) = seen.get(&down.order) {
            return Err(bad(
                tool,
                format!(
                    "{first} and {} are both the downgrade of one version: keep one of them",
                    down.source
                ),
            ));
        }
        seen.insert(down.order.clone(), down.source.clone());
        let Some(up) = ups.iter_mut().find(|up| up.order == down.order) else {
            return Err(bad(
                tool,
                format!(
                    "{} has no {up_kind} of the same version: add it, or remove the file",
                    down.source
                ),
            ));
        };
        // golang-migrate opens no transaction for either file: there the
        // flag says only that a file must run outside one, and that file's
        // own note says why.
        if up.transaction != down.transaction && tool != Tool::GolangMigrate {
            up.todo.push(format!(
                "under {tool} the upgrade ran {} and the downgrade {}; stillhead has one setting for both, so this migration runs outside a transaction",
                in_or_outside(up.transaction),
                in_or_outside(down.transaction)
            ));
        }
        up.transaction &= down.transaction;
        up.todo.extend(down.todo);
        up.downgrade = Some(body(&down.text));
    }
    Ok(())
}

fn in_or_outside(transaction: bool) -> &'static str {
    if transaction {
        "in a transaction"
    } else {
        "outside a transaction"
    }
}

// ---------------------------------------------------------------------------
// diesel (diesel_migrations: `file_based_migrations.rs`,
// `migrations_internals/src/lib.rs`, `migration_harness.rs`).

/// diesel: a folder per migration with `up.sql` and an optional `down.sql`
/// and `metadata.toml`. diesel skips files at the top, hidden and empty
/// folders; `00000000000000_diesel_initial_setup` is an ordinary migration
/// (only its progress line is not printed), so it is imported like the rest.
fn diesel(root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    for entry in list(root, "", skipped)? {
        if !entry.dir {
            if is_sql(&entry.name) {
                skip(
                    skipped,
                    &entry.rel,
                    "diesel reads only folders (NAME/up.sql): a .sql file at the top is not a migration",
                );
            }
            continue;
        }
        let files = list(root, &entry.rel, skipped)?;
        let has = |name: &str| files.iter().any(|f| !f.dir && f.name == name);
        if !has("up.sql") {
            // diesel skips an empty folder and refuses one with files but
            // no up.sql; a folder of other things is no concern of ours.
            if files.iter().any(|f| is_sql(&f.name)) {
                skip(
                    skipped,
                    &entry.rel,
                    "no up.sql: diesel refuses a migration folder without one",
                );
            }
            continue;
        }
        for f in files.iter().filter(|f| is_sql(&f.name)) {
            if f.name != "up.sql" && f.name != "down.sql" {
                skip(skipped, &f.rel, "diesel runs only up.sql and down.sql");
            }
        }
        found.push(diesel_migration(root, &entry.rel, has("down.sql"))?);
    }
    Ok(found)
}

fn diesel_migration(root: &Path, folder: &str, has_down: bool) -> Result<Found> {
    let (version, message) = diesel_name(folder);
    let upgrade = read_sql(Tool::Diesel, root, &format!("{folder}/up.sql"))?;
    let downgrade = if has_down {
        Some(read_sql(Tool::Diesel, root, &format!("{folder}/down.sql"))?)
    } else {
        None
    };
    let (transaction, note) = diesel_transaction(root, folder)?;
    Ok(Found {
        // `pending_migrations` sorts by `MigrationVersion`, a string: text
        // order, which is time order for diesel's fixed-width timestamps.
        order: Order::Text(version.clone()),
        version,
        message,
        source: folder.to_string(),
        transaction,
        upgrade: body(&upgrade),
        downgrade: downgrade.as_deref().map(body),
        checksum: None,
        todo: note.into_iter().collect(),
    })
}

/// diesel's version and message for a folder name. The version is
/// `version_from_string`: `name.split('_').next().map(|s| s.replace('-', ""))`,
/// so only `-` is removed (`2023-01-01-000000_create_users` is
/// `20230101000000`); the message is the rest, `_` read as spaces.
fn diesel_name(folder: &str) -> (String, String) {
    let (head, rest) = folder.split_once('_').unwrap_or((folder, ""));
    (head.replace('-', ""), rest.replace('_', " "))
}

/// Whether diesel runs the migration in a transaction, from its
/// `metadata.toml`, read as diesel reads it: `TomlMetadata::read_from_file`
/// then `unwrap_or_default()`, so a missing file, or one that is not valid
/// TOML or holds a `run_in_transaction` that is not a boolean, means `true`
/// (the default); and since the field is `#[serde(default)] bool`, a file
/// that parses but has no `run_in_transaction` means `false`.
fn diesel_transaction(root: &Path, folder: &str) -> Result<(bool, Option<String>)> {
    let rel = format!("{folder}/metadata.toml");
    let path = root.join(&rel);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((true, None)),
        Err(source) => return Err(io_error(&path, source)),
    };
    let ignored = || {
        let note = format!(
            "diesel could not read {rel} (not UTF-8 TOML with a boolean run_in_transaction), so it ignored it and ran this migration in a transaction, as stillhead will: check that was meant"
        );
        Ok((true, Some(note)))
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return ignored();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return ignored();
    };
    match table.get("run_in_transaction") {
        None => Ok((false, None)),
        Some(toml::Value::Boolean(b)) => Ok((*b, None)),
        Some(_) => ignored(),
    }
}

// ---------------------------------------------------------------------------
// sqlx (sqlx-core: `migrate/source.rs` `resolve_blocking_with_config`,
// `migrate/migration_type.rs`, `migrate/migration.rs`).

/// sqlx: `<VERSION>_<DESCRIPTION>.sql` (simple, irreversible) or
/// `.up.sql` + `.down.sql` (reversible) in one folder, sub-folders ignored.
fn sqlx(root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<Found>> {
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    for entry in list(root, "", skipped)? {
        if entry.dir || !is_sql(&entry.name) {
            continue;
        }
        // sqlx: `splitn(2, '_')`, and the rest must end with `.sql`
        // (case-sensitive) or the file is ignored.
        let Some((head, tail)) = entry
            .name
            .split_once('_')
            .filter(|(_, tail)| tail.ends_with(".sql"))
        else {
            skip(
                skipped,
                &entry.rel,
                "not <VERSION>_<DESCRIPTION>.sql: sqlx ignores it",
            );
            continue;
        };
        // `parts[0].parse::<i64>()`; a file that fails makes sqlx refuse
        // the whole folder, so a working project has none.
        let Ok(version) = head.parse::<i64>() else {
            skip(
                skipped,
                &entry.rel,
                "the version before the first `_` is not a 64-bit integer: sqlx refuses a folder holding this file",
            );
            continue;
        };
        let (is_down, suffix) = sqlx_kind(tail);
        let text = read_sql(Tool::Sqlx, root, &entry.rel)?;
        // `sql.starts_with("-- no-transaction")`, on the file as read.
        let transaction = !text.starts_with("-- no-transaction");
        let order = Order::Int(i128::from(version));
        if is_down {
            downs.push(Down {
                order,
                source: entry.rel,
                text,
                transaction,
                todo: Vec::new(),
            });
            continue;
        }
        ups.push(Found {
            order,
            version: version.to_string(),
            // `trim_end_matches(suffix).replace('_', " ")`.
            message: tail.trim_end_matches(suffix).replace('_', " "),
            transaction,
            upgrade: body(&text),
            downgrade: None,
            checksum: tool_checksum(Tool::Sqlx, text.as_bytes()),
            todo: Vec::new(),
            source: entry.rel,
        });
    }
    // sqlx reverts an applied version with the `.down.sql` of that version,
    // whether its up file is `.up.sql` or a simple `.sql`.
    attach_downs(
        Tool::Sqlx,
        &mut ups,
        downs,
        "up migration (.up.sql or .sql)",
    )?;
    Ok(ups)
}

/// sqlx's `MigrationType::from_filename`: whether the file is a down file,
/// and the suffix its description loses.
fn sqlx_kind(tail: &str) -> (bool, &'static str) {
    if tail.ends_with(".up.sql") {
        (false, ".up.sql")
    } else if tail.ends_with(".down.sql") {
        (true, ".down.sql")
    } else {
        (false, ".sql")
    }
}

// ---------------------------------------------------------------------------
// Flyway (flyway-core: `resource/ResourceNameParser.java`,
// `api/MigrationVersion.java`, `resolver/sql/SqlMigrationResolver.java`,
// `resolver/ChecksumCalculator.java`, `sqlscript/SqlScriptMetadata.java`,
// `scanner/filesystem/FileSystemScanner.java`; flyway-database-postgresql:
// `PostgreSQLParser.java`). Default settings assumed: prefixes V, U, R,
// separator `__`, suffix `.sql`.

/// Flyway's callback names (`api/callback/Event.java`): a `.sql` file named
/// after one runs around Flyway's commands and is no migration.
const FLYWAY_CALLBACKS: &[&str] = &[
    "beforeClean",
    "afterClean",
    "beforeMigrate",
    "beforeEachMigrate",
    "afterEachMigrate",
    "beforeRepeatables",
    "afterVersioned",
    "afterMigrate",
    "beforeUndo",
    "beforeEachUndo",
    "afterEachUndo",
    "afterUndo",
    "beforeValidate",
    "afterValidate",
    "beforeBaseline",
    "afterBaseline",
    "beforeRepair",
    "afterRepair",
    "beforeInfo",
    "afterInfo",
    "createSchema",
    "beforeCreateSchema",
    "beforeConnect",
    "afterConnect",
];

/// What a Flyway file name is.
enum FlywayName {
    /// `V` (versioned) or `U` (undo): display version, order, description.
    Versioned {
        undo: bool,
        version: String,
        order: Order,
        description: String,
    },
    /// Not carried over, and why.
    Skip(&'static str),
}

/// Flyway: `V<version>__<desc>.sql` become the chain, `U<version>__<desc>.sql`
/// their downgrades; sub-folders are scanned too, hidden ones not.
fn flyway(root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<Found>> {
    let mut files = Vec::new();
    walk(root, "", 0, skipped, &mut files)?;
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    for rel in files {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        // Flyway strips its suffix case-insensitively (`stripSuffix`).
        if !is_sql(name) {
            continue;
        }
        let stem = &name[..name.len() - ".sql".len()];
        match flyway_name(stem) {
            FlywayName::Skip(reason) => skip(skipped, &rel, reason),
            FlywayName::Versioned {
                undo,
                version,
                order,
                description,
            } => {
                let part = flyway_part(root, &rel)?;
                if undo {
                    downs.push(Down {
                        order,
                        source: rel,
                        text: part.text,
                        transaction: part.transaction,
                        todo: part.todo,
                    });
                    continue;
                }
                ups.push(Found {
                    order,
                    version,
                    message: description,
                    transaction: part.transaction,
                    upgrade: body(&part.text),
                    downgrade: None,
                    checksum: tool_checksum(Tool::Flyway, part.text.as_bytes()),
                    todo: part.todo,
                    source: rel,
                });
            }
        }
    }
    attach_downs(Tool::Flyway, &mut ups, downs, "V migration")?;
    Ok(ups)
}

/// Why a Flyway `.sql` file is not carried over.
const FLYWAY_CALLBACK: &str =
    "a Flyway callback (SQL run around Flyway's own commands), not a migration: not carried over";
const FLYWAY_REPEATABLE: &str = "a Flyway repeatable migration (R__): stillhead has no repeatable migrations, so it is not carried over; when its SQL changes, apply the change in a new migration";
const FLYWAY_BAD_REPEATABLE: &str =
    "not a Flyway migration name (a repeatable one is R__<description>.sql): Flyway ignores it";
const FLYWAY_BASELINE: &str = "a Flyway baseline migration (B<version>__): it stands in for the V migrations up to its version, which are imported instead";
const FLYWAY_OTHER: &str =
    "not a Flyway migration name (V<version>__<description>.sql): Flyway ignores it";
const FLYWAY_BAD_VERSION: &str = "its version is not digits separated by `.` or `_` (V<version>__<description>.sql): Flyway ignores or refuses it";

/// Classifies a file name without its `.sql`, as `ResourceNameParser.parse`
/// does: callbacks first (the longer prefixes), then the one-letter ones.
fn flyway_name(stem: &str) -> FlywayName {
    if FLYWAY_CALLBACKS.iter().any(|c| stem.starts_with(c)) {
        return FlywayName::Skip(FLYWAY_CALLBACK);
    }
    if let Some(rest) = stem.strip_prefix('R') {
        let repeatable = rest.starts_with("__");
        return FlywayName::Skip(if repeatable {
            FLYWAY_REPEATABLE
        } else {
            FLYWAY_BAD_REPEATABLE
        });
    }
    if stem.starts_with('B') {
        return FlywayName::Skip(FLYWAY_BASELINE);
    }
    let (undo, rest) = match (stem.strip_prefix('V'), stem.strip_prefix('U')) {
        (Some(rest), _) => (false, rest),
        (_, Some(rest)) => (true, rest),
        _ => return FlywayName::Skip(FLYWAY_OTHER),
    };
    // `StringUtils.splitAtFirstSeparator`: no `__` means all version and an
    // empty description (`V1.sql` is valid).
    let (raw, description) = rest.split_once("__").unwrap_or((rest, ""));
    match flyway_version(raw) {
        Some((version, order)) => FlywayName::Versioned {
            undo,
            version,
            order,
            description: description.replace('_', " "),
        },
        None => FlywayName::Skip(FLYWAY_BAD_VERSION),
    }
}

/// `MigrationVersion`: `_` becomes `.` (the text Flyway records, leading
/// zeros kept: `V005` is `005`, `V1_1` is `1.1`), and the parts are compared
/// as numbers with trailing zero parts dropped. Flyway's `BigInteger` parse
/// would also take a sign; no real migration has one, and an id cannot start
/// with `-`, so only digits are taken here.
fn flyway_version(raw: &str) -> Option<(String, Order)> {
    let display = raw.replace('_', ".");
    let mut parts = Vec::new();
    for part in display.split('.') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let digits = part.trim_start_matches('0');
        parts.push((digits.len(), digits.to_string()));
    }
    while parts.len() > 1 && parts.last().is_some_and(|(len, _)| *len == 0) {
        parts.pop();
    }
    Some((display, Order::Parts(parts)))
}

/// One V or U script, read with its script configuration.
struct FlywayPart {
    text: String,
    transaction: bool,
    todo: Vec<String>,
}

fn flyway_part(root: &Path, rel: &str) -> Result<FlywayPart> {
    let config = flyway_config(root, rel)?;
    let text = read_sql(Tool::Flyway, root, rel)?;
    let mut todo = Vec::new();
    // `ParserSqlScript.executeInTransaction`: the script configuration
    // decides if it says; otherwise any statement the parser marks as
    // non-transactional takes the whole script out of the transaction.
    let transaction = match config.execute_in_transaction {
        Some(transaction) => transaction,
        None => match non_transactional(&text) {
            Some((line, what)) => {
                todo.push(format!(
                    "{rel}: Flyway runs a script holding `{what}` (line {line}) outside a transaction on PostgreSQL, so this migration says `transaction: false`; check that fits your database"
                ));
                false
            }
            None => true,
        },
    };
    // Versioned scripts' placeholders are replaced when they run (not in
    // the checksum), unless the script configuration turns that off.
    if config.placeholder_replacement != Some(false) && text.contains("${") {
        todo.push(format!(
            "{rel} uses Flyway placeholders (${{...}}), which are not expanded: replace each with its value"
        ));
    }
    if config.should_execute {
        todo.push(format!(
            "{rel}.conf sets shouldExecute: Flyway runs this script only when that condition holds; stillhead always runs it"
        ));
    }
    Ok(FlywayPart {
        text,
        transaction,
        todo,
    })
}

/// What a script's configuration file (`V1__x.sql.conf`) says.
#[derive(Default)]
struct ScriptConfig {
    execute_in_transaction: Option<bool>,
    placeholder_replacement: Option<bool>,
    should_execute: bool,
}

/// Reads `<script>.conf` when there is one (`SqlScriptMetadata`): Java
/// properties, booleans `true` or `false` in any case, anything else an
/// error (as Flyway's `removeBoolean`).
fn flyway_config(root: &Path, rel: &str) -> Result<ScriptConfig> {
    let conf = format!("{rel}.conf");
    let path = root.join(&conf);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ScriptConfig::default()),
        Err(source) => return Err(io_error(&path, source)),
    };
    let mut config = ScriptConfig::default();
    for (key, value) in properties(&text) {
        let boolean = || match value.to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(bad(
                Tool::Flyway,
                format!("{conf}: {key} is `{value}`; Flyway takes only true or false"),
            )),
        };
        match key {
            "executeInTransaction" => config.execute_in_transaction = Some(boolean()?),
            "placeholderReplacement" => config.placeholder_replacement = Some(boolean()?),
            "shouldExecute" => config.should_execute = true,
            _ => {}
        }
    }
    Ok(config)
}

/// `key=value` pairs of a Java properties text: `#` and `!` start comments,
/// and the key ends at `=`, `:` or white space. (Line continuations are not
/// read: the keys Flyway takes here are one-word booleans.)
fn properties(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .map(|l| {
            let end = l
                .find(|c: char| c == '=' || c == ':' || c.is_whitespace())
                .unwrap_or(l.len());
            let value = l[end..].trim_start();
            let value = value.strip_prefix(['=', ':']).unwrap_or(value).trim();
            (&l[..end], value)
        })
        .collect()
}

/// Statements PostgreSQL runs only outside a transaction block, as
/// `PostgreSQLParser.detectCanExecuteInTransaction` lists them (each a
/// statement's first keywords). `ALTER TYPE … ADD VALUE` is left out: it is
/// on the list only for servers before PostgreSQL 12.
const NON_TRANSACTIONAL: &[&[&str]] = &[
    &["CREATE", "DATABASE"],
    &["DROP", "DATABASE"],
    &["CREATE", "TABLESPACE"],
    &["DROP", "TABLESPACE"],
    &["CREATE", "SUBSCRIPTION"],
    &["DROP", "SUBSCRIPTION"],
    &["ALTER", "SYSTEM"],
    &["CREATE", "INDEX", "CONCURRENTLY"],
    &["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"],
    &["DROP", "INDEX", "CONCURRENTLY"],
    &["REINDEX", "SCHEMA"],
    &["REINDEX", "DATABASE"],
    &["REINDEX", "SYSTEM"],
    &["REINDEX", "VERBOSE", "SCHEMA"],
    &["REINDEX", "VERBOSE", "DATABASE"],
    &["REINDEX", "VERBOSE", "SYSTEM"],
    &["VACUUM"],
    &["DISCARD", "ALL"],
];

/// The first statement of `sql` PostgreSQL refuses inside a transaction:
/// its line and its leading keywords.
fn non_transactional(sql: &str) -> Option<(usize, String)> {
    statement_heads(sql).into_iter().find_map(|(line, words)| {
        NON_TRANSACTIONAL
            .iter()
            .find(|pattern| {
                pattern.len() <= words.len() && pattern.iter().zip(&words).all(|(p, w)| p == w)
            })
            .map(|pattern| (line, pattern.join(" ")))
    })
}

/// Each statement's line and first few words, upper-cased.
fn statement_heads(sql: &str) -> Vec<(usize, Vec<String>)> {
    split_statements(sql, 1)
        .into_iter()
        .map(|s| {
            let words = s
                .sql
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .take(4)
                .map(str::to_ascii_uppercase)
                .collect();
            (s.line, words)
        })
        .collect()
}

/// Flyway's checksum of a script (`ChecksumCalculator
/// .calculateChecksumForResource`), verified against its source: one
/// `java.util.zip.CRC32` updated with the UTF-8 bytes of each line as
/// `BufferedReader.readLine` returns them (without the terminator, which is
/// `\n`, `\r\n` or a lone `\r`), a U+FEFF removed from the start of the
/// first line only (`BomFilter.FilterBomFromString`; the
/// `BomStrippingReader` around the file does not act on the block reads
/// `BufferedReader` makes), and `(int) crc32.getValue()`. Every `\r` and
/// `\n` ends a line, so this is the CRC of the bytes without them. For
/// UTF-8 input, decoding and re-encoding gives the same bytes; the values
/// were also checked against the JDK's own `CRC32` and `readLine`.
fn flyway_checksum(bytes: &[u8]) -> Option<i32> {
    std::str::from_utf8(bytes).ok()?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let crc = bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .fold(0, crc32_update);
    // Java's `(int)` cast of the unsigned value: the same bits, signed.
    Some(i32::from_ne_bytes(crc.to_ne_bytes()))
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the one of
/// `java.util.zip.CRC32` and zlib: `crc` is the value so far (0 to start),
/// as `CRC32.getValue()` returns it.
fn crc32_update(crc: u32, bytes: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in bytes {
        c = CRC32_TABLE[usize::from((c as u8) ^ b)] ^ (c >> 8);
    }
    !c
}

/// The byte-at-a-time table of [`crc32_update`].
const CRC32_TABLE: [u32; 256] = crc32_table();

const fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut bit = 0;
        while bit < 8 {
            c = if c & 1 == 1 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            bit += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
}

// ---------------------------------------------------------------------------
// golang-migrate (`source/parse.go`, `source/migration.go`,
// `source/iofs/iofs.go`, `migrate.go`).

/// A name matching golang-migrate's `source.Regex`.
struct GoName<'a> {
    version: &'a str,
    title: &'a str,
    up: bool,
    ext: &'a str,
}

/// golang-migrate: `<version>_<title>.up.sql` and `.down.sql` in one
/// folder; sub-folders and other names are ignored.
fn golang_migrate(root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<Found>> {
    let tool = Tool::GolangMigrate;
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    for entry in list(root, "", skipped)? {
        if entry.dir {
            continue;
        }
        let Some(name) = golang_name(&entry.name) else {
            if is_sql(&entry.name) {
                skip(
                    skipped,
                    &entry.rel,
                    "not <version>_<title>.up.sql or .down.sql: golang-migrate ignores it",
                );
            }
            continue;
        };
        // golang-migrate reads any extension; `2_x.up..sql` (a stray dot,
        // seen in real projects) ran as SQL there and must here too.
        if !name.ext.trim_start_matches('.').eq_ignore_ascii_case("sql") {
            skip(
                skipped,
                &entry.rel,
                "a golang-migrate migration that is not a .sql file: not carried over",
            );
            continue;
        }
        // `strconv.ParseUint(m[1], 10, 64)`; a file that fails is ignored.
        let Ok(version) = name.version.parse::<u64>() else {
            skip(
                skipped,
                &entry.rel,
                "its version does not fit in 64 bits: golang-migrate ignores it",
            );
            continue;
        };
        let text = read_sql(tool, root, &entry.rel)?;
        let (transaction, todo) = golang_transaction(&entry.rel, &text);
        let order = Order::Int(i128::from(version));
        if !name.up {
            downs.push(Down {
                order,
                source: entry.rel,
                text,
                transaction,
                todo,
            });
            continue;
        }
        ups.push(Found {
            order,
            version: version.to_string(),
            message: name.title.replace('_', " "),
            transaction,
            upgrade: body(&text),
            downgrade: None,
            checksum: None,
            todo,
            source: entry.rel,
        });
    }
    attach_downs(tool, &mut ups, downs, ".up.sql")?;
    Ok(ups)
}

/// Matches `^([0-9]+)_(.*)\.(down|up)\.(.*)$`. The middle group is greedy,
/// so the last `.up.` or `.down.` is the one that splits the name.
fn golang_name(name: &str) -> Option<GoName<'_>> {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let rest = name[digits..].strip_prefix('_')?;
    let up = rest.rfind(".up.").map(|at| (at, true, ".up.".len()));
    let down = rest.rfind(".down.").map(|at| (at, false, ".down.".len()));
    let (at, is_up, len) = match (up, down) {
        (Some(u), Some(d)) => {
            if u.0 > d.0 {
                u
            } else {
                d
            }
        }
        (Some(found), None) | (None, Some(found)) => found,
        (None, None) => return None,
    };
    Some(GoName {
        version: &name[..digits],
        title: &rest[..at],
        up: is_up,
        ext: &rest[at + len..],
    })
}

/// golang-migrate opens no transaction of its own: a file runs as it is
/// (on PostgreSQL as one multi-statement query). So a file that manages
/// its own transaction, or holds a statement PostgreSQL runs only outside
/// one, ran outside stillhead's kind of transaction: it comes out with
/// `transaction: false` and a note.
fn golang_transaction(file: &str, sql: &str) -> (bool, Vec<String>) {
    if let Some((line, what)) = transaction_control(sql) {
        let note = format!(
            "{file} manages its own transaction (`{what}` at line {line}), so this migration says `transaction: false`; or remove its BEGIN/COMMIT and let stillhead run it in one"
        );
        return (false, vec![note]);
    }
    if let Some((line, what)) = non_transactional(sql) {
        let note = format!(
            "{file} holds `{what}` (line {line}), which PostgreSQL runs only outside a transaction, so this migration says `transaction: false`; check that fits your database"
        );
        return (false, vec![note]);
    }
    (true, Vec::new())
}

/// The first statement that opens or ends a transaction (`BEGIN`,
/// `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`), with its line.
fn transaction_control(sql: &str) -> Option<(usize, String)> {
    statement_heads(sql).into_iter().find_map(|(line, words)| {
        let first = words.first().map(String::as_str);
        let second = words.get(1).map(String::as_str);
        let hit = match first {
            Some("BEGIN") => matches!(second, None | Some("TRANSACTION" | "WORK" | "ISOLATION")),
            Some("START") => second == Some("TRANSACTION"),
            Some("COMMIT" | "END" | "ROLLBACK") => words.len() <= 2,
            _ => false,
        };
        hit.then(|| (line, words.join(" ")))
    })
}

// ---------------------------------------------------------------------------
// dbmate (`pkg/dbmate/db.go` `FindMigrations`, `Migrate`, `Rollback`;
// `pkg/dbmate/migration.go`).

/// dbmate's two directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// dbmate: `<version><anything>.sql` (`^(\d+).*\.sql$`) in one folder, the
/// version being the leading digits as text (leading zeros kept), run in
/// file-name order (`sort.Slice` on `FileName`), not version order.
fn dbmate(root: &Path, skipped: &mut Vec<Skipped>) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    for entry in list(root, "", skipped)? {
        if entry.dir || !is_sql(&entry.name) {
            continue;
        }
        let digits = entry.name.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !entry.name.ends_with(".sql") {
            skip(
                skipped,
                &entry.rel,
                "its name does not start with a version (digits) and end in .sql: dbmate ignores it",
            );
            continue;
        }
        let text = read_sql(Tool::Dbmate, root, &entry.rel)?;
        let parsed = dbmate_parse(&entry.rel, &body(&text))?;
        let rest = &entry.name[digits..entry.name.len() - ".sql".len()];
        found.push(Found {
            order: Order::Text(entry.name.clone()),
            version: entry.name[..digits].to_string(),
            message: rest.strip_prefix('_').unwrap_or(rest).replace('_', " "),
            transaction: parsed.transaction,
            upgrade: parsed.upgrade,
            downgrade: parsed.downgrade,
            checksum: None,
            todo: parsed.todo,
            source: entry.rel,
        });
    }
    Ok(found)
}

/// A dbmate file, parsed.
struct DbmateFile {
    upgrade: String,
    downgrade: Option<String>,
    transaction: bool,
    todo: Vec<String>,
}

/// One `-- migrate:up` section and its `-- migrate:down`, as line ranges.
struct DbmateSection {
    up_line: usize,
    down_line: Option<usize>,
    end: usize,
}

/// Parses a file as `parseMigrationContents` does: nothing but blank and
/// comment lines before the first `-- migrate:up`; each `-- migrate:up`
/// opens a section, which may hold one `-- migrate:down`. dbmate 2 also
/// requires the down block; older versions did not, so a file without one
/// is taken as irreversible. dbmate runs the sections in file order, each
/// in a transaction of its own, for rollback too.
fn dbmate_parse(file: &str, text: &str) -> Result<DbmateFile> {
    let lines: Vec<&str> = text.split('\n').collect();
    let sections = dbmate_sections(file, &lines)?;
    let mut ups = Vec::new();
    let mut downs = Vec::new();
    let mut modes = Vec::new();
    for s in &sections {
        let up_end = s.down_line.unwrap_or(s.end);
        ups.push(lines[s.up_line + 1..up_end].join("\n"));
        modes.push(dbmate_transaction(lines[s.up_line]));
        if let Some(down) = s.down_line {
            downs.push(lines[down + 1..s.end].join("\n"));
            modes.push(dbmate_transaction(lines[down]));
        }
    }
    let downgrade = match downs.len() {
        0 => None,
        n if n == sections.len() => Some(downs.join("\n")),
        _ => {
            return Err(bad(
                Tool::Dbmate,
                format!("{file}: some `-- migrate:up` sections have a `-- migrate:down` and some do not; dbmate requires one in each"),
            ))
        }
    };
    let transaction = modes.iter().all(|&t| t);
    let mut todo = Vec::new();
    // dbmate reads a directive only at the start of a line; an indented one
    // is SQL to it (dbmate 2 then refuses a file without a down block).
    if let Some(i) = lines
        .iter()
        .position(|l| l.starts_with([' ', '\t']) && dbmate_directive(l.trim_start()).is_some())
    {
        todo.push(format!(
            "{file}, line {}: an indented `{}`, which dbmate does not read as a directive: it stays in the SQL as it was; move it to the start of its line if it was meant as one",
            i + 1,
            lines[i].trim()
        ));
    }
    if sections.len() > 1 {
        todo.push(format!(
            "{file} has {} `-- migrate:up` sections, which dbmate ran one after another, each in a transaction of its own; here they are one migration",
            sections.len()
        ));
    }
    if !transaction && modes.iter().any(|&t| t) {
        todo.push(format!(
            "{file} runs some of its blocks in a transaction and some outside (transaction:false); stillhead has one setting for the whole migration, so it runs outside a transaction"
        ));
    }
    Ok(DbmateFile {
        upgrade: ups.join("\n"),
        downgrade,
        transaction,
        todo,
    })
}

/// The sections of a dbmate file, checked as dbmate checks them.
fn dbmate_sections(file: &str, lines: &[&str]) -> Result<Vec<DbmateSection>> {
    let directives: Vec<(usize, Direction)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| dbmate_directive(l).map(|d| (i, d)))
        .collect();
    let ups: Vec<usize> = directives
        .iter()
        .filter(|(_, d)| *d == Direction::Up)
        .map(|(i, _)| *i)
        .collect();
    let Some(&first) = ups.first() else {
        return Err(bad(
            Tool::Dbmate,
            format!("{file} has no `-- migrate:up` line; dbmate requires one"),
        ));
    };
    // `statementsPrecedeMigrateBlocks`: blank lines and `--` comments only.
    if let Some(i) = (0..first).find(|&i| {
        let l = lines[i].trim();
        !l.is_empty() && !l.starts_with("--")
    }) {
        return Err(bad(
            Tool::Dbmate,
            format!(
                "{file}, line {}: SQL before `-- migrate:up`; dbmate refuses that",
                i + 1
            ),
        ));
    }
    let mut sections = Vec::new();
    for (n, &up_line) in ups.iter().enumerate() {
        let end = ups.get(n + 1).copied().unwrap_or(lines.len());
        let downs: Vec<usize> = directives
            .iter()
            .filter(|(i, d)| *d == Direction::Down && (up_line..end).contains(i))
            .map(|(i, _)| *i)
            .collect();
        if downs.len() > 1 {
            return Err(bad(
                Tool::Dbmate,
                format!("{file}, line {}: a second `-- migrate:down` for one `-- migrate:up`; dbmate refuses that", downs[1] + 1),
            ));
        }
        sections.push(DbmateSection {
            up_line,
            down_line: downs.first().copied(),
            end,
        });
    }
    Ok(sections)
}

/// Go's `\s` (RE2: space, tab, newline, form feed, carriage return).
const GO_SPACE: [char; 5] = [' ', '\t', '\n', '\x0c', '\r'];

/// Whether a line is a directive: `^--\s*migrate:up(\s*$|\s+\S+)` (or
/// `down`), at the very start of the line; `-- migrate:upgrade` is not one.
fn dbmate_directive(line: &str) -> Option<Direction> {
    let rest = line.strip_prefix("--")?.trim_start_matches(GO_SPACE);
    let (direction, rest) = match rest.strip_prefix("migrate:up") {
        Some(rest) => (Direction::Up, rest),
        None => (Direction::Down, rest.strip_prefix("migrate:down")?),
    };
    (rest.is_empty() || rest.starts_with(GO_SPACE)).then_some(direction)
}

/// A directive's `transaction` option (`parseMigrationOptions`): words
/// after the directive, each `key:value` with exactly one `:`; the block
/// runs in a transaction unless `transaction` is exactly `false`.
fn dbmate_transaction(directive: &str) -> bool {
    let options = directive
        .split_once("migrate:")
        .map(|(_, rest)| rest.trim_start_matches("up").trim_start_matches("down"))
        .unwrap_or("");
    !options.split_whitespace().any(|pair| {
        let mut parts = pair.split(':');
        parts.next() == Some("transaction")
            && parts.next() == Some("false")
            && parts.next().is_none()
    })
}

// ---------------------------------------------------------------------------
// Files and folders.

/// One entry of a folder.
struct Entry {
    name: String,
    /// Relative to the folder being imported, with `/`.
    rel: String,
    dir: bool,
}

/// The entries of `root/rel`, sorted by name, without hidden ones (`.keep`,
/// `.git`: none of these tools takes a hidden file as a migration) and
/// without what is neither file nor folder. A name that is not UTF-8 cannot
/// match any tool's pattern exactly; a `.sql` one is listed as skipped.
fn list(root: &Path, rel: &str, skipped: &mut Vec<Skipped>) -> Result<Vec<Entry>> {
    let dir = root.join(rel);
    let entries = std::fs::read_dir(&dir).map_err(|source| io_error(&dir, source))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| io_error(&dir, source))?;
        let file_name = entry.file_name();
        let name = file_name.to_string_lossy();
        let child = if rel.is_empty() {
            name.to_string()
        } else {
            format!("{rel}/{name}")
        };
        if name.starts_with('.') {
            continue;
        }
        if file_name.to_str().is_none() {
            if is_sql(&name) {
                skip(skipped, &child, "its name is not UTF-8: not carried over");
            }
            continue;
        }
        // Both follow symbolic links, as the tools do.
        let path = entry.path();
        let (is_dir, is_file) = (path.is_dir(), path.is_file());
        if is_dir || is_file {
            out.push(Entry {
                name: name.into_owned(),
                rel: child,
                dir: is_dir,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Every visible file under `root/rel`, relative to `root`, folder by folder
/// in name order (Flyway's `FileSystemScanner` descends into sub-folders,
/// skipping hidden ones).
fn walk(
    root: &Path,
    rel: &str,
    depth: usize,
    skipped: &mut Vec<Skipped>,
    out: &mut Vec<String>,
) -> Result<()> {
    // Deeper than any real layout: a symbolic link loop.
    if depth > 32 {
        return Err(bad(
            Tool::Flyway,
            format!("{rel}: folders nested more than 32 deep (a symbolic link loop?)"),
        ));
    }
    for entry in list(root, rel, skipped)? {
        if entry.dir {
            walk(root, &entry.rel, depth + 1, skipped, out)?;
        } else {
            out.push(entry.rel);
        }
    }
    Ok(())
}

/// Reads one SQL file as UTF-8 text, refusing one whose SQL holds a line
/// stillhead would read as a section marker of its own.
fn read_sql(tool: Tool, root: &Path, rel: &str) -> Result<String> {
    let path = root.join(rel);
    let bytes = std::fs::read(&path).map_err(|source| io_error(&path, source))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        bad(
            tool,
            format!(
                "{rel} is not UTF-8 text (invalid bytes at offset {}): stillhead reads migrations as UTF-8, so convert the file first",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    check_markers(tool, rel, &text)?;
    Ok(text)
}

/// A comment such as `-- +downgrade` inside the SQL would split the written
/// file in the wrong place (stillhead's parser reads it as a marker), so it
/// is refused rather than carried over changed.
fn check_markers(tool: Tool, rel: &str, sql: &str) -> Result<()> {
    for (i, line) in sql.lines().enumerate() {
        let Some(rest) = line.trim().strip_prefix("--") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('+') else {
            continue;
        };
        let word = rest.split_whitespace().next().unwrap_or("");
        if word.eq_ignore_ascii_case("upgrade") || word.eq_ignore_ascii_case("downgrade") {
            return Err(bad(
                tool,
                format!(
                    "{rel}, line {}: `{}` would be read as a stillhead section marker; reword that comment before importing",
                    i + 1,
                    line.trim()
                ),
            ));
        }
    }
    Ok(())
}

/// The SQL of a file as it goes into a section: a byte-order mark is no SQL.
fn body(text: &str) -> String {
    text.strip_prefix('\u{feff}').unwrap_or(text).to_string()
}

/// Whether a name ends in `.sql`, in any case.
fn is_sql(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 4 && b[b.len() - 4..].eq_ignore_ascii_case(b".sql")
}

/// See [`revision_id`].
fn safe_id(version: &str) -> String {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mapped: String = version
        .chars()
        .map(|c| if ok(c) { c } else { '_' })
        .collect();
    if mapped.is_empty() || mapped.starts_with(['-', '.']) {
        format!("v{mapped}")
    } else {
        mapped
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

// ---------------------------------------------------------------------------
// Errors.

fn bad(tool: Tool, message: impl Into<String>) -> Error {
    Error::Import {
        tool: tool.name().to_string(),
        message: message.into(),
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

fn skip(skipped: &mut Vec<Skipped>, file: &str, reason: &str) {
    skipped.push(Skipped {
        file: file.to_string(),
        reason: reason.to_string(),
    });
}

fn same_version(tool: Tool, a: &Found, b: &Found) -> Error {
    let version = if a.version == b.version {
        a.version.clone()
    } else {
        format!("{} = {}", a.version, b.version)
    };
    bad(
        tool,
        format!(
            "{} and {} have the same version ({version}): {tool} runs only one of them or refuses the folder; give one another version",
            a.source, b.source
        ),
    )
}

fn same_id(tool: Tool, a: &Found, b: &Found) -> Error {
    bad(
        tool,
        format!(
            "{} (version {}) and {} (version {}) would both become revision {}: rename one",
            a.source,
            a.version,
            b.source,
            b.version,
            revision_id(tool, &a.version)
        ),
    )
}

/// No migration at all: most likely the wrong folder or the wrong tool.
fn nothing_found(tool: Tool, path: &Path, skipped: &[Skipped]) -> Error {
    let layout = match tool {
        Tool::Diesel => "a folder per migration holding up.sql",
        Tool::Sqlx => "<VERSION>_<DESCRIPTION>.sql or .up.sql/.down.sql files",
        Tool::Flyway => "V<version>__<description>.sql files",
        Tool::GolangMigrate => "<version>_<title>.up.sql/.down.sql files",
        Tool::Dbmate | Tool::Alembic => "<version>_<name>.sql files with -- migrate:up",
    };
    let why = match skipped.first() {
        Some(s) => format!(
            "; {} .sql file(s) did not fit, the first {} ({})",
            skipped.len(),
            s.file,
            s.reason
        ),
        None => String::new(),
    };
    bad(
        tool,
        format!(
            "found no {tool} migrations in {} (expected {layout}){why}",
            path.display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::MigrationSet;

    /// A folder holding `files` (relative path, text); a path ending in `/`
    /// is an empty folder.
    fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            if rel.ends_with('/') {
                std::fs::create_dir_all(&path).unwrap();
                continue;
            }
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn ids(migrations: &[Imported]) -> Vec<&str> {
        migrations.iter().map(|m| m.id.as_str()).collect()
    }

    /// Writes the set as stillhead files, loads the folder, and returns the
    /// ids in graph order, checking the chain and each file's flags.
    fn written_and_loaded(migrations: &[Imported]) -> Vec<String> {
        let out = tempfile::tempdir().unwrap();
        crate::import::write_all(out.path(), migrations, false).unwrap();
        let set = MigrationSet::from_dir(out.path()).unwrap();
        assert_eq!(set.len(), migrations.len());
        for (i, m) in migrations.iter().enumerate() {
            let s = &set.get(&m.id).unwrap().script;
            let parent: Vec<String> = i
                .checked_sub(1)
                .map(|p| migrations[p].id.clone())
                .into_iter()
                .collect();
            assert_eq!(s.revises, parent, "{}", m.id);
            assert_eq!(s.transaction, m.transaction, "{}", m.id);
            assert_eq!(s.is_reversible(), m.downgrade.is_some(), "{}", m.id);
        }
        set.graph()
            .topo_order()
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn up(m: &Imported) -> &str {
        &m.upgrade[0].1
    }

    fn down(m: &Imported) -> Option<&str> {
        m.downgrade.as_ref().map(|d| d[0].1.as_str())
    }

    fn err(tool: Tool, files: &[(&str, &str)]) -> String {
        let dir = fixture(files);
        let e = read(tool, dir.path()).unwrap_err();
        assert!(matches!(e, Error::Import { .. }), "{e}");
        e.to_string()
    }

    fn skipped_files(skipped: &[Skipped]) -> Vec<&str> {
        skipped.iter().map(|s| s.file.as_str()).collect()
    }

    const DIESEL_SETUP_UP: &str = "-- This file was automatically created by Diesel to setup helper functions\nCREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$\nBEGIN\n    IF (NEW IS DISTINCT FROM OLD) THEN\n        NEW.updated_at := current_timestamp;\n    END IF;\n    RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n";

    #[test]
    fn diesel_folders_in_version_order() {
        let dir = fixture(&[
            (
                "2023-02-01-000000_add_index/up.sql",
                "CREATE INDEX CONCURRENTLY i ON users (name);",
            ),
            (
                "2023-02-01-000000_add_index/metadata.toml",
                "run_in_transaction = false\n",
            ),
            (
                "2023-01-01-000000_create_users/up.sql",
                "CREATE TABLE users (id INT, name TEXT);",
            ),
            (
                "2023-01-01-000000_create_users/down.sql",
                "DROP TABLE users;",
            ),
            (
                "00000000000000_diesel_initial_setup/up.sql",
                DIESEL_SETUP_UP,
            ),
            (
                "00000000000000_diesel_initial_setup/down.sql",
                "DROP FUNCTION IF EXISTS diesel_set_updated_at();",
            ),
            (
                "2023-03-01-000000_seed/up.sql",
                "INSERT INTO users VALUES (1, 'a');",
            ),
            ("2023-03-01-000000_seed/down.sql", ""),
            ("2023-03-01-000000_seed/up.postgres.sql", "-- not diesel's"),
            // Parses, but has no run_in_transaction: diesel reads false.
            ("2023-04-01-000000_odd_metadata/up.sql", "SELECT 1;"),
            (
                "2023-04-01-000000_odd_metadata/metadata.toml",
                "# nothing\n",
            ),
            ("2023-05-01-000000_bad_metadata/up.sql", "SELECT 2;"),
            (
                "2023-05-01-000000_bad_metadata/metadata.toml",
                "run_in_transaction = \"no\"\n",
            ),
            ("README.md", "notes"),
            ("stray.sql", "SELECT 3;"),
            ("empty/", ""),
            ("docs/notes.txt", "x"),
            ("2023-06-01-000000_only_down/down.sql", "DROP TABLE x;"),
            (".hidden/up.sql", "SELECT 4;"),
        ]);
        let (m, skipped) = read(Tool::Diesel, dir.path()).unwrap();
        let expected = [
            "00000000000000",
            "20230101000000",
            "20230201000000",
            "20230301000000",
            "20230401000000",
            "20230501000000",
        ];
        assert_eq!(ids(&m), expected);
        assert_eq!(m[0].message, "diesel initial setup");
        assert_eq!(m[0].source, "00000000000000_diesel_initial_setup");
        assert!(up(&m[0]).contains("$$ LANGUAGE plpgsql"));
        assert_eq!(m[1].message, "create users");
        assert_eq!(m[1].revises, ["00000000000000"]);
        assert_eq!(down(&m[1]), Some("DROP TABLE users;"));
        assert!(m[1].transaction);
        assert!(!m[2].transaction);
        assert_eq!(down(&m[2]), None);
        assert_eq!(down(&m[3]), Some(""));
        assert!(!m[4].transaction);
        assert!(m[5].transaction);
        assert!(m[5].todo.as_deref().unwrap().contains("metadata.toml"));
        assert!(m.iter().all(|m| m.source_checksum.is_none()));
        assert_eq!(
            skipped_files(&skipped),
            [
                "2023-03-01-000000_seed/up.postgres.sql",
                "2023-06-01-000000_only_down",
                "stray.sql"
            ]
        );
        assert_eq!(written_and_loaded(&m), expected);
    }

    #[test]
    fn diesel_version_is_the_first_part_without_dashes() {
        assert_eq!(
            diesel_name("2023-01-01-000000_create_users"),
            ("20230101000000".into(), "create users".into())
        );
        assert_eq!(diesel_name("v2.1_x"), ("v2.1".into(), "x".into()));
        assert_eq!(
            diesel_name("noversion"),
            ("noversion".into(), String::new())
        );
        let e = err(
            Tool::Diesel,
            &[
                ("2023-01-01-000000_a/up.sql", "SELECT 1;"),
                ("20230101000000_b/up.sql", "SELECT 2;"),
            ],
        );
        assert!(
            e.contains("2023-01-01-000000_a") && e.contains("20230101000000_b"),
            "{e}"
        );
    }

    #[test]
    fn sqlx_files_in_numeric_order() {
        let dir = fixture(&[
            ("2_add_posts.up.sql", "CREATE TABLE posts (id INT);"),
            ("2_add_posts.down.sql", "DROP TABLE posts;"),
            (
                "10_index.sql",
                "-- no-transaction\nCREATE INDEX CONCURRENTLY i ON posts (id);",
            ),
            ("1_init.sql", "CREATE TABLE users (id INT);"),
            ("3_nothing.up.sql", "SELECT 1;"),
            ("3_nothing.down.sql", ""),
            ("notes.sql", "SELECT 2;"),
            ("abc_x.sql", "SELECT 3;"),
            ("README.md", "x"),
            ("sub/4_nested.sql", "SELECT 4;"),
        ]);
        let (m, skipped) = read(Tool::Sqlx, dir.path()).unwrap();
        assert_eq!(ids(&m), ["1", "2", "3", "10"]);
        assert_eq!(m[1].message, "add posts");
        assert_eq!(m[1].source, "2_add_posts.up.sql");
        assert_eq!(down(&m[1]), Some("DROP TABLE posts;"));
        assert_eq!(down(&m[0]), None);
        assert_eq!(down(&m[2]), Some(""));
        assert!(m[0].transaction && m[1].transaction);
        assert!(!m[3].transaction);
        assert_eq!(m[3].message, "index");
        let sum = hex(&Sha384::digest(b"CREATE TABLE posts (id INT);"));
        assert_eq!(m[1].source_checksum.as_deref(), Some(sum.as_str()));
        assert_eq!(skipped_files(&skipped), ["abc_x.sql", "notes.sql"]);
        assert_eq!(written_and_loaded(&m), ["1", "2", "3", "10"]);
    }

    #[test]
    fn sqlx_duplicates_and_lone_downs_are_errors() {
        let e = err(
            Tool::Sqlx,
            &[("1_a.sql", "SELECT 1;"), ("01_b.sql", "SELECT 2;")],
        );
        assert!(e.contains("01_b.sql") && e.contains("1_a.sql"), "{e}");
        let e = err(
            Tool::Sqlx,
            &[("1_a.sql", "SELECT 1;"), ("2_b.down.sql", "SELECT 2;")],
        );
        assert!(e.contains("2_b.down.sql"), "{e}");
        // A down file for a simple migration is its downgrade, as sqlx runs it.
        let dir = fixture(&[("1_a.sql", "SELECT 1;"), ("1_a.down.sql", "SELECT 2;")]);
        let (m, _) = read(Tool::Sqlx, dir.path()).unwrap();
        assert_eq!(down(&m[0]), Some("SELECT 2;"));
        // Different transaction settings for up and down: outside, noted.
        let dir = fixture(&[
            ("1_a.up.sql", "SELECT 1;"),
            ("1_a.down.sql", "-- no-transaction\nSELECT 2;"),
        ]);
        let (m, _) = read(Tool::Sqlx, dir.path()).unwrap();
        assert!(!m[0].transaction);
        assert!(m[0].todo.is_some());
    }

    #[test]
    fn sqlx_checksum_is_sha384_hex() {
        // FIPS 180-2's SHA-384 test vector for "abc".
        assert_eq!(
            tool_checksum(Tool::Sqlx, b"abc").unwrap(),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
        );
        let bytes = b"\xEF\xBB\xBFCREATE TABLE t (id INT);\r\n";
        assert_eq!(
            tool_checksum(Tool::Sqlx, bytes).unwrap(),
            hex(&Sha384::digest(bytes))
        );
        for tool in [
            Tool::Diesel,
            Tool::GolangMigrate,
            Tool::Dbmate,
            Tool::Alembic,
        ] {
            assert_eq!(tool_checksum(tool, b"abc"), None);
        }
    }

    #[test]
    fn flyway_versions_in_numeric_order_with_undo_and_skips() {
        let dir = fixture(&[
            ("V1__init.sql", "CREATE TABLE users (id INT);\n"),
            ("V1_1__add_name.sql", "ALTER TABLE users ADD name TEXT;"),
            ("V2__posts.sql", "CREATE TABLE posts (id INT);"),
            ("U2__posts.sql", "DROP TABLE posts;"),
            ("V10__seed.sql", "INSERT INTO ${schema}.users VALUES (1);"),
            ("sub/V3__nested.sql", "SELECT 3;"),
            ("V4__conf.sql", "SELECT 4;"),
            (
                "V4__conf.sql.conf",
                "# script config\nexecuteInTransaction=false\n",
            ),
            (
                "V5__concurrently.sql",
                "-- index\nCREATE INDEX CONCURRENTLY i ON users (name);",
            ),
            ("V6__quiet.sql", "SELECT '${not_a_placeholder}';"),
            ("V6__quiet.sql.conf", "placeholderReplacement = FALSE\n"),
            ("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
            ("afterMigrate.sql", "SELECT 5;"),
            ("Vx__bad.sql", "SELECT 6;"),
            ("B7__baseline.sql", "SELECT 7;"),
            ("notes.sql", "SELECT 8;"),
            ("README.md", "x"),
            (".hidden/V8__hidden.sql", "SELECT 9;"),
        ]);
        let (m, skipped) = read(Tool::Flyway, dir.path()).unwrap();
        assert_eq!(ids(&m), ["1", "1.1", "2", "3", "4", "5", "6", "10"]);
        assert_eq!(m[1].message, "add name");
        assert_eq!(m[2].source, "V2__posts.sql");
        assert_eq!(down(&m[2]), Some("DROP TABLE posts;"));
        assert_eq!(down(&m[0]), None);
        assert_eq!(m[3].source, "sub/V3__nested.sql");
        assert!(m[0].transaction && m[3].transaction);
        assert!(!m[4].transaction);
        assert_eq!(m[4].todo, None);
        assert!(!m[5].transaction);
        assert!(m[5]
            .todo
            .as_deref()
            .unwrap()
            .contains("CREATE INDEX CONCURRENTLY"));
        assert_eq!(m[6].todo, None);
        assert!(m[7].todo.as_deref().unwrap().contains("placeholders"));
        assert_eq!(
            m[0].source_checksum,
            flyway_checksum(b"CREATE TABLE users (id INT);\n").map(|c| c.to_string())
        );
        assert_eq!(
            skipped_files(&skipped),
            [
                "B7__baseline.sql",
                "R__views.sql",
                "Vx__bad.sql",
                "afterMigrate.sql",
                "notes.sql"
            ]
        );
        assert!(skipped[1].reason.contains("repeatable"));
        assert_eq!(
            written_and_loaded(&m),
            ["1", "1.1", "2", "3", "4", "5", "6", "10"]
        );
    }

    #[test]
    fn flyway_equal_versions_and_lone_undos_are_errors() {
        // 1.0 is 1 to Flyway.
        let e = err(
            Tool::Flyway,
            &[("V1__a.sql", "SELECT 1;"), ("V1.0__b.sql", "SELECT 2;")],
        );
        assert!(e.contains("V1__a.sql") && e.contains("V1.0__b.sql"), "{e}");
        let e = err(
            Tool::Flyway,
            &[("V1__a.sql", "SELECT 1;"), ("U2__b.sql", "SELECT 2;")],
        );
        assert!(e.contains("U2__b.sql"), "{e}");
        let e = err(
            Tool::Flyway,
            &[
                ("V1__a.sql", "SELECT 1;"),
                ("V1__a.sql.conf", "executeInTransaction=maybe"),
            ],
        );
        assert!(e.contains("V1__a.sql.conf"), "{e}");
        assert_eq!(
            flyway_version("005"),
            Some(("005".into(), Order::Parts(vec![(1, "5".into())])))
        );
        assert_eq!(flyway_version("1..2"), None);
        assert_eq!(flyway_version("1.2."), None);
    }

    #[test]
    fn crc32_is_java_util_zip_crc32() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32_update(0, b"123456789"), 0xCBF4_3926);
        assert_eq!(
            i32::from_ne_bytes(0xCBF4_3926u32.to_ne_bytes()),
            -873_187_034
        );
        // Updating in pieces is updating once, as CRC32.update is.
        assert_eq!(
            crc32_update(crc32_update(0, b"1234"), b"56789"),
            crc32_update(0, b"123456789")
        );
        assert_eq!(crc32_update(0, b""), 0);
    }

    #[test]
    fn flyway_checksum_is_line_wise_crc32() {
        // Values printed by a Java program doing what ChecksumCalculator
        // does (BufferedReader.readLine, first-line BOM filter,
        // CRC32.update per line, (int) cast) over these exact bytes.
        let cases: [(&[u8], i32); 6] = [
            (
                b"CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
                -7_233_374,
            ),
            (
                b"\xEF\xBB\xBFCREATE TABLE t (id INT);\r\n\r\nINSERT INTO t VALUES (1);\n",
                194_980_085,
            ),
            (b"a\rb\nc\r\n\n", 891_568_578),
            (b"abc", 891_568_578),
            (b"", 0),
            (b"\n\xEF\xBB\xBFx", 1_540_412_666),
        ];
        for (bytes, java) in cases {
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(
                tool_checksum(Tool::Flyway, bytes),
                Some(java.to_string()),
                "{text:?}"
            );
        }
        // Line endings do not count, the first line's BOM does not count.
        assert_eq!(
            flyway_checksum(b"SELECT 1;\r\nSELECT 2;\r\n"),
            flyway_checksum(b"\xEF\xBB\xBFSELECT 1;\nSELECT 2;")
        );
        assert_eq!(
            flyway_checksum("caf\u{e9} \u{1F600};\n".as_bytes()),
            Some(1_187_265_634)
        );
        assert_eq!(tool_checksum(Tool::Flyway, b"\xFF\xFE"), None);
    }

    #[test]
    fn golang_migrate_pairs_in_numeric_order() {
        let dir = fixture(&[
            ("2_add_posts.up.sql", "CREATE TABLE posts (id INT);"),
            ("10_seed.up.sql", "INSERT INTO users VALUES (1);"),
            ("10_seed.down.sql", ""),
            ("1_init.up.sql", "CREATE TABLE users (id INT);"),
            ("1_init.down.sql", "DROP TABLE users;"),
            ("3_tx.up.sql", "BEGIN;\nCREATE TABLE t (id INT);\nCOMMIT;"),
            ("3_tx.down.sql", "BEGIN;\nDROP TABLE t;\nCOMMIT;"),
            ("4_index.up.sql", "CREATE INDEX CONCURRENTLY i ON t (id);"),
            ("4_index.down.sql", ""),
            ("5_mongo.up.json", "[]"),
            // A stray dot before the extension: golang-migrate runs it.
            ("6_flag.up..sql", "ALTER TABLE t ADD COLUMN flag INT;"),
            ("notes.sql", "SELECT 1;"),
            ("README.md", "x"),
        ]);
        let (m, skipped) = read(Tool::GolangMigrate, dir.path()).unwrap();
        assert_eq!(ids(&m), ["1", "2", "3", "4", "6", "10"]);
        assert_eq!(m[4].source, "6_flag.up..sql");
        assert_eq!(m[0].message, "init");
        assert_eq!(m[0].source, "1_init.up.sql");
        assert_eq!(down(&m[0]), Some("DROP TABLE users;"));
        assert_eq!(down(&m[1]), None);
        assert_eq!(down(&m[5]), Some(""));
        assert!(m[0].transaction && m[1].transaction && m[5].transaction);
        assert!(!m[2].transaction);
        assert!(m[2].todo.as_deref().unwrap().contains("BEGIN"));
        assert!(m[2].todo.as_deref().unwrap().contains("3_tx.down.sql"));
        assert!(!m[3].transaction);
        // Only the up file's own note: an empty down needs no transaction
        // either way.
        assert_eq!(m[3].todo.as_deref().unwrap().lines().count(), 1);
        assert!(m.iter().all(|m| m.source_checksum.is_none()));
        assert_eq!(skipped_files(&skipped), ["5_mongo.up.json", "notes.sql"]);
        assert_eq!(written_and_loaded(&m), ["1", "2", "3", "4", "6", "10"]);
    }

    #[test]
    fn golang_migrate_names_and_errors() {
        let n = golang_name("1_a.up.b.down.sql").unwrap();
        assert_eq!(
            (n.version, n.title, n.up, n.ext),
            ("1", "a.up.b", false, "sql")
        );
        assert!(golang_name("1a_x.up.sql").is_none());
        assert!(golang_name("1_x.sql").is_none());
        let e = err(
            Tool::GolangMigrate,
            &[("1_a.up.sql", "SELECT 1;"), ("2_b.down.sql", "SELECT 2;")],
        );
        assert!(e.contains("2_b.down.sql"), "{e}");
        let e = err(
            Tool::GolangMigrate,
            &[("1_a.up.sql", "SELECT 1;"), ("01_b.up.sql", "SELECT 2;")],
        );
        assert!(e.contains("01_b.up.sql") && e.contains("1_a.up.sql"), "{e}");
    }

    #[test]
    fn a_migration_using_the_tools_own_history_table_gets_a_note() {
        let dir = fixture(&[
            (
                "20240101000000_a.sql",
                "-- migrate:up\nCREATE TABLE a (id INT);\nGRANT SELECT ON schema_migrations TO PUBLIC;\n-- migrate:down\nDROP TABLE a;\n",
            ),
            (
                "20240102000000_b.sql",
                "-- migrate:up\nCREATE TABLE my_schema_migrations_copy (id INT);\n-- migrate:down\nDROP TABLE my_schema_migrations_copy;\n",
            ),
        ]);
        let (m, _) = read(Tool::Dbmate, dir.path()).unwrap();
        let note = m[0].todo.as_deref().unwrap();
        assert!(
            note.contains("schema_migrations, dbmate's own history table"),
            "{note}"
        );
        // Only the table itself, not a name that contains it.
        assert_eq!(m[1].todo, None);
    }

    #[test]
    fn an_indented_dbmate_directive_gets_a_note() {
        let dir = fixture(&[(
            "20240102000000_b.sql",
            "-- migrate:up\nCREATE TABLE b (id INT)\n    -- migrate:down\n;DROP TABLE b;\n",
        )]);
        let (m, _) = read(Tool::Dbmate, dir.path()).unwrap();
        let note = m[0].todo.as_deref().unwrap();
        assert!(
            note.contains("line 3: an indented `-- migrate:down`"),
            "{note}"
        );
        assert!(m[0].downgrade.is_none());
    }

    #[test]
    fn dbmate_files_in_file_name_order() {
        let dir = fixture(&[
            (
                "20230102000000_index.sql",
                "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON users (id);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY i;\n",
            ),
            (
                "20230101000000_create_users.sql",
                "-- a comment first is fine\n-- migrate:up\nCREATE TABLE users (id INT);\n\n-- migrate:down\nDROP TABLE users;\n",
            ),
            // dbmate before 2.0 took a file without a down block.
            ("20221231000000_first.sql", "-- migrate:up\nSELECT 1;\n"),
            ("20230103000000_empty_down.sql", "-- migrate:up\nSELECT 2;\n-- migrate:down\n"),
            (
                "20230104000000_two.sql",
                "-- migrate:up\nSELECT 3;\n-- migrate:down\nSELECT 4;\n-- migrate:up\nSELECT 5;\n-- migrate:down\nSELECT 6;\n",
            ),
            ("schema.sql", "CREATE TABLE users (id INT);"),
            ("README.md", "x"),
        ]);
        let (m, skipped) = read(Tool::Dbmate, dir.path()).unwrap();
        let expected = [
            "20221231000000",
            "20230101000000",
            "20230102000000",
            "20230103000000",
            "20230104000000",
        ];
        assert_eq!(ids(&m), expected);
        assert_eq!(m[1].message, "create users");
        assert_eq!(m[1].source, "20230101000000_create_users.sql");
        assert_eq!(up(&m[1]).trim(), "CREATE TABLE users (id INT);");
        assert_eq!(down(&m[1]).map(str::trim), Some("DROP TABLE users;"));
        assert_eq!(down(&m[0]), None);
        assert!(m[1].transaction);
        assert!(!m[2].transaction);
        assert_eq!(m[2].todo, None);
        assert_eq!(down(&m[3]).map(str::trim), Some(""));
        assert_eq!(
            up(&m[4]).split_whitespace().collect::<Vec<_>>(),
            ["SELECT", "3;", "SELECT", "5;"]
        );
        assert_eq!(
            down(&m[4]).unwrap().split_whitespace().collect::<Vec<_>>(),
            ["SELECT", "4;", "SELECT", "6;"]
        );
        assert!(m[4]
            .todo
            .as_deref()
            .unwrap()
            .contains("2 `-- migrate:up` sections"));
        assert_eq!(skipped_files(&skipped), ["schema.sql"]);
        assert_eq!(written_and_loaded(&m), expected);

        // File-name order, as dbmate sorts: "10_" sorts before "1_".
        let dir = fixture(&[
            ("2_b.sql", "-- migrate:up\nSELECT 2;\n"),
            ("10_c.sql", "-- migrate:up\nSELECT 10;\n"),
            ("1_a.sql", "-- migrate:up\nSELECT 1;\n"),
        ]);
        let (m, _) = read(Tool::Dbmate, dir.path()).unwrap();
        assert_eq!(ids(&m), ["10", "1", "2"]);
    }

    #[test]
    fn dbmate_layout_errors() {
        let e = err(
            Tool::Dbmate,
            &[
                ("1_a.sql", "-- migrate:up\nSELECT 1;\n"),
                ("1_b.sql", "-- migrate:up\nSELECT 2;\n"),
            ],
        );
        assert!(e.contains("1_a.sql") && e.contains("1_b.sql"), "{e}");
        let e = err(
            Tool::Dbmate,
            &[("1_a.sql", "SELECT 0;\n-- migrate:up\nSELECT 1;\n")],
        );
        assert!(e.contains("1_a.sql, line 1"), "{e}");
        let e = err(Tool::Dbmate, &[("1_a.sql", "SELECT 1;\n")]);
        assert!(e.contains("no `-- migrate:up`"), "{e}");
        let e = err(
            Tool::Dbmate,
            &[(
                "1_a.sql",
                "-- migrate:up\nSELECT 1;\n-- migrate:down\n-- migrate:down\n",
            )],
        );
        assert!(e.contains("line 4"), "{e}");
        assert_eq!(dbmate_directive("-- migrate:upgrade"), None);
        assert_eq!(dbmate_directive(" -- migrate:up"), None);
        assert_eq!(dbmate_directive("--migrate:down\r"), Some(Direction::Down));
        assert!(!dbmate_transaction("-- migrate:up transaction:false"));
        assert!(dbmate_transaction("-- migrate:up transaction:FALSE"));
        assert!(dbmate_transaction("-- migrate:up foo:bar"));
    }

    #[test]
    fn shared_rules() {
        // Alembic has its own importer.
        let dir = fixture(&[]);
        let e = read(Tool::Alembic, dir.path()).unwrap_err().to_string();
        assert!(e.contains("Alembic importer"), "{e}");
        // The wrong folder says what was expected.
        let e = err(Tool::Flyway, &[("R__views.sql", "SELECT 1;")]);
        assert!(
            e.contains("found no flyway migrations") && e.contains("R__views.sql"),
            "{e}"
        );
        // SQL that is not UTF-8 names the file.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("1_a.up.sql"), b"SELECT '\xFF';").unwrap();
        let e = read(Tool::GolangMigrate, dir.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("1_a.up.sql is not UTF-8"), "{e}");
        // A comment stillhead would take for a marker is refused.
        let e = err(Tool::Sqlx, &[("1_a.sql", "SELECT 1;\n  -- +downgrade\n")]);
        assert!(e.contains("1_a.sql, line 2"), "{e}");
        // A missing folder is an I/O error naming it.
        let e = read(Tool::Sqlx, Path::new("/nonexistent/stillhead-import")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }), "{e}");
        // A leading BOM is not carried into the SQL.
        let dir = fixture(&[("1_a.up.sql", "\u{feff}SELECT 1;")]);
        let (m, _) = read(Tool::GolangMigrate, dir.path()).unwrap();
        assert_eq!(up(&m[0]), "SELECT 1;");
    }

    #[test]
    fn revision_ids_are_versions_made_safe() {
        for tool in [
            Tool::Diesel,
            Tool::Sqlx,
            Tool::Flyway,
            Tool::GolangMigrate,
            Tool::Dbmate,
        ] {
            assert_eq!(revision_id(tool, "20230101000000"), "20230101000000");
            assert_eq!(revision_id(tool, "1.1"), "1.1");
        }
        assert_eq!(revision_id(Tool::Sqlx, "-5"), "v-5");
        assert_eq!(revision_id(Tool::Diesel, "2023 01"), "2023_01");
        assert_eq!(revision_id(Tool::Diesel, "+1"), "_1");
        assert_eq!(revision_id(Tool::Diesel, ""), "v");
        assert_eq!(revision_id(Tool::Diesel, ".x"), "v.x");
        assert_eq!(revision_id(Tool::Alembic, "ae1027a6acf"), "ae1027a6acf");
        // Two versions that become one id are an error naming both.
        let e = err(
            Tool::Diesel,
            &[("a b_x/up.sql", "SELECT 1;"), ("a+b_y/up.sql", "SELECT 2;")],
        );
        assert!(
            e.contains("a b_x") && e.contains("a+b_y") && e.contains("a_b"),
            "{e}"
        );
    }
}
