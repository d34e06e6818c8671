//! Autogenerate: the difference between two schemas as a typed change
//! list ([`Change`], computed by [`diff`]), rendered as SQL by each
//! dialect's renderer (`Tooling::render`); [`generate`] does both ways for a
//! migration file. No SQL is built in the diff.
//!
//! Owns "what changed" and the words for it. How a database writes it is
//! the dialect's; column-type families are `types`'s.

mod change;
mod diff;
mod objects;
pub mod rename;
pub(crate) mod sql;
mod type_diff;
mod types;
mod words;

pub use change::{Change, ModifyTable, TableChange};
pub use diff::diff;
pub(crate) use diff::{diff_with, mentions, Plan};
pub use words::describe_with_definitions;

use crate::dialect::DialectBackend;
use crate::schema::Schema;
use crate::script::Dialect;

/// A request autogenerate cannot carry out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutogenError {
    /// `--rename` not written `TABLE.OLD:NEW`.
    #[error("--rename {given}: expected TABLE.OLD:NEW, e.g. --rename members.name:full_name")]
    RenameSyntax {
        /// What was given.
        given: String,
    },
    /// A `--rename` names a column one side does not have.
    #[error("--rename {rename}: {side} has no column {column}")]
    RenamedColumnMissing {
        /// The rename, `table.old:new`.
        rename: String,
        /// `the database` or `schema.sql`.
        side: &'static str,
        /// `table.column`.
        column: String,
    },
    /// A schema holds a namespace other than the configured one on a
    /// dialect whose one namespace is the database (a schema built in code).
    #[error("schema {namespace}: a {dialect} database has one namespace, itself; a migration cannot create another")]
    NamespaceOnThisDialect {
        /// The namespace.
        namespace: String,
        /// The dialect of the migration.
        dialect: Dialect,
    },
    /// A schema holds an attribute of another dialect's (a schema built in
    /// code): the migration could not write it.
    #[error(
        "{object} has a {owner} attribute ({attribute}) that a {dialect} migration cannot write"
    )]
    ForeignAttribute {
        /// What holds it (`column t.id`).
        object: String,
        /// The attribute in words.
        attribute: String,
        /// The dialect it belongs to.
        owner: Dialect,
        /// The dialect of the migration.
        dialect: Dialect,
    },
    /// A domain, composite or range type changes in a way PostgreSQL can
    /// only make by dropping and creating it, and something uses it: the
    /// drop would fail (or, with `CASCADE`, take columns with it).
    #[error("{kind} {name}: PostgreSQL cannot make this change in place ({why}), and dropping and creating it fails while {used_by} uses it: write this migration by hand (a new type, the users moved over to it, then the old one dropped)")]
    TypeInUse {
        /// `domain`, `composite type`, `range type` or `enum type`.
        kind: &'static str,
        /// The type's key.
        name: String,
        /// Why it cannot be altered in place.
        why: &'static str,
        /// What uses it, in words (`column film.release_year`).
        used_by: String,
    },
    /// A kept table's partitioning changes (PostgreSQL: `PARTITION BY`
    /// added, taken away or another key): PostgreSQL cannot change it in
    /// place, and dropping and creating the table would lose its rows.
    #[error("table {table}: its partitioning changes ({from} -> {to}), which PostgreSQL cannot do in place: write this migration by hand (a new table partitioned as wanted, the rows moved over, then the old one dropped)")]
    Repartition {
        /// The table's key.
        table: String,
        /// `PARTITION BY …` before, or `none`.
        from: String,
        /// `PARTITION BY …` after, or `none`.
        to: String,
    },
    /// A domain, composite or range type uses the row type of a table or
    /// view that the migration creates (or its downgrade drops): types are
    /// created before tables and dropped after them, so it would fail.
    #[error("{kind} {name} uses the row type of {relation}, which this migration creates or drops, and stillhead creates types before tables and drops them after: write this migration by hand")]
    TypeUsesRelation {
        /// `domain`, `composite type` or `range type`.
        kind: &'static str,
        /// The type's key.
        name: String,
        /// The table or view.
        relation: String,
    },
}

/// The upgrade and downgrade SQL for the change from `from` to `to`.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Statements for `-- +upgrade`, with comments.
    pub upgrade: String,
    /// Statements for `-- +downgrade`.
    pub downgrade: String,
    /// The upgrade's changes.
    pub changes: Vec<Change>,
    /// Warnings about data loss, one per risky change.
    pub warnings: Vec<String>,
}

/// The second migration of an online-safe change (README, "Online-safe
/// migrations"): it runs outside a transaction, after the first.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// Statements for its `-- +upgrade`.
    pub upgrade: String,
    /// Statements for its `-- +downgrade`.
    pub downgrade: String,
}

/// [`generate`], split where the dialect builds indexes and checks
/// constraints on tables in use without blocking writes
/// ([`Tooling::online_split`](crate::dialect::Tooling::online_split)): the
/// first migration as [`generate`] writes one (to the split's midway
/// schema), and the [`FollowUp`] that goes from there to `to`; or the one
/// migration and `None`, where nothing needs it.
pub fn generate_online(
    live: &Schema,
    to: &Schema,
    dialect: Dialect,
    renames: &[rename::Rename],
) -> Result<(Rendered, Option<FollowUp>), AutogenError> {
    let whole = generate(live, to, dialect, renames)?;
    let from = rename::apply(live, to, renames)?;
    let Some(online) = dialect.tooling().online_split(&from, to) else {
        return Ok((whole, None));
    };
    let mut first = generate(live, &online.midway, dialect, renames)?;
    for (start, comment) in &online.annotations {
        first.upgrade = annotate(&first.upgrade, start, comment);
    }
    // The first migration's changes are the whole change's, for the
    // report; its warnings too (the follow-up loses no data).
    first.changes = whole.changes;
    first.warnings = whole.warnings;
    let back = generate(&online.midway, to, dialect, &[])?;
    Ok((
        first,
        Some(FollowUp {
            upgrade: online.upgrade,
            downgrade: back.downgrade,
        }),
    ))
}

/// `sql` with `comment` put before the first line that starts with `start`.
fn annotate(sql: &str, start: &str, comment: &str) -> String {
    match sql.lines().position(|l| l.starts_with(start)) {
        Some(at) => {
            let mut lines: Vec<&str> = sql.lines().collect();
            lines.insert(at, comment.trim_end());
            lines.join("\n") + "\n"
        }
        None => sql.to_string(),
    }
}

/// Diffs both ways and renders the SQL for a dialect. `renames` become
/// `RENAME COLUMN` statements (first in the upgrade, last in the downgrade)
/// instead of a drop and an add.
pub fn generate(
    live: &Schema,
    to: &Schema,
    dialect: Dialect,
    renames: &[rename::Rename],
) -> Result<Rendered, AutogenError> {
    for schema in [live, to] {
        if let Some(namespace) = schema
            .namespaces
            .first()
            .filter(|_| dialect != Dialect::Postgres)
        {
            return Err(AutogenError::NamespaceOnThisDialect {
                namespace: namespace.clone(),
                dialect,
            });
        }
        if let Some((object, attribute, owner)) = crate::schema::attrs::foreign_to(schema, dialect)
        {
            return Err(AutogenError::ForeignAttribute {
                object,
                attribute,
                owner,
                dialect,
            });
        }
    }
    let from = &rename::apply(live, to, renames)?;
    let backend = dialect.tooling();
    let plan = Plan {
        recreate_views: true,
        break_key_cycles: backend.capabilities().foreign_key_by_alter,
    };
    let up = diff_with(from, to, plan);
    let down = diff_with(to, from, plan);
    // Never a migration that fails (ARCHITECTURE.md "Schema model"): a type
    // only a drop can change is refused while something uses it. An enum
    // is recreated with its columns converted, which no other type or
    // routine using it would follow. A type over a table's row type cannot
    // be created before the tables, where types go.
    for (changes, before, after) in [(&up, from, to), (&down, to, from)] {
        // A table a type's definition uses, created by this migration (or,
        // the other way, dropped by it).
        for ty in after.types.values() {
            if let Some(relation) = type_diff::uses_relation(after, ty)
                .filter(|r| !before.tables.contains_key(r) && !before.views.contains_key(r))
            {
                return Err(AutogenError::TypeUsesRelation {
                    kind: ty.def.kind_word(),
                    name: ty.name.clone(),
                    relation,
                });
            }
        }
        for change in changes {
            if let Change::ModifyTable(m) = change {
                let by = |t| {
                    crate::dialect::postgres::attrs::partition_by(t)
                        .map_or("none".to_string(), |k| format!("PARTITION BY {k}"))
                };
                if by(&m.from) != by(&m.to) {
                    return Err(AutogenError::Repartition {
                        table: m.to.name.clone(),
                        from: by(&m.from),
                        to: by(&m.to),
                    });
                }
            }
            let (kind, name, why, used_by) = match change {
                Change::ReplaceType {
                    to, why, used_by, ..
                } => (to.def.kind_word(), &to.name, *why, used_by.clone()),
                Change::AlterEnum { from, .. } => (
                    "enum type",
                    &from.name,
                    "its labels change, and it is recreated with its columns converted",
                    type_diff::used_by(before, &from.name)
                        .into_iter()
                        .filter(|u| !u.starts_with("column "))
                        .collect(),
                ),
                _ => continue,
            };
            if !used_by.is_empty() {
                return Err(AutogenError::TypeInUse {
                    kind,
                    name: name.clone(),
                    why,
                    used_by: used_by.join(", "),
                });
            }
        }
    }
    let (upgrade, downgrade) = (backend.render(&up, to), backend.render(&down, from));
    let mut warnings: Vec<String> = up.iter().filter_map(Change::warning).collect();
    let hints = rename::hints(&up);
    let mut upgrade = upgrade;
    let mut downgrade = downgrade;
    if !renames.is_empty() {
        let first: String = renames
            .iter()
            .map(|r| rename::statement(dialect, &r.table, &r.from, &r.to) + "\n")
            .collect();
        let last: String = renames
            .iter()
            .rev()
            .map(|r| rename::statement(dialect, &r.table, &r.to, &r.from) + "\n")
            .collect();
        upgrade = if up.is_empty() {
            first
        } else {
            format!("{first}{upgrade}")
        };
        downgrade = if down.is_empty() {
            last
        } else {
            format!("{downgrade}{last}")
        };
    }
    for h in &hints {
        upgrade = format!("-- HINT: {h}\n{upgrade}");
    }
    warnings.extend(hints);
    Ok(Rendered {
        upgrade,
        downgrade,
        changes: up,
        warnings,
    })
}
