//! Two parts of the model that hang on other objects (ARCHITECTURE.md
//! "Schema model"): PostgreSQL's row-level security policies, each on one
//! table, and the comments on objects other than tables and columns
//! (whose comments are fields of [`super::Table`] and [`super::Column`]).
//! A comment is kept apart from its object, in [`super::Schema::comments`],
//! so a comment that changes is `COMMENT ON`, never the object recreated.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::RoutineKind;

/// A row-level security policy (PostgreSQL `CREATE POLICY`), compared by
/// the parts PostgreSQL keeps (`pg_policy`), its expressions as
/// `pg_get_expr` prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// Its name (a table's own: two tables may each hold one of a name).
    pub name: String,
    /// The table's key.
    pub table: String,
    /// `AS PERMISSIVE` (the default; any one lets a row through) rather
    /// than `AS RESTRICTIVE` (each must).
    pub permissive: bool,
    /// `FOR` what: `ALL`, `SELECT`, `INSERT`, `UPDATE` or `DELETE`.
    pub command: String,
    /// `TO` whom, as SQL writes them (`PUBLIC`, or a role's name quoted
    /// where it needs to be), sorted. Roles belong to the whole server, so
    /// they are compared by name.
    pub roles: Vec<String>,
    /// `USING (…)`: which rows are seen (and updated, deleted).
    pub using: Option<String>,
    /// `WITH CHECK (…)`: which rows may be written.
    pub with_check: Option<String>,
}

impl Policy {
    /// `name on table`: its key in [`super::Schema::policies`].
    pub fn key(&self) -> String {
        format!("{} on {}", self.name, self.table)
    }

    /// Whether `ALTER POLICY` takes it to `to`: it can set the roles,
    /// `USING` and `WITH CHECK`, but neither change the command nor the
    /// kind, nor take an expression away (nor give one back on the way
    /// down).
    pub fn alters_to(&self, to: &Policy) -> bool {
        self.name == to.name
            && self.table == to.table
            && self.permissive == to.permissive
            && self.command == to.command
            && self.using.is_some() == to.using.is_some()
            && self.with_check.is_some() == to.with_check.is_some()
    }
}

/// An object other than a table or a column that holds a comment: its
/// kind and its key in [`super::Schema`]'s maps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Commented {
    /// A namespace other than the configured one (PostgreSQL's `COMMENT ON
    /// SCHEMA billing`), by its name.
    Namespace(String),
    /// A view, by its key.
    View(String),
    /// A materialized view, by its key (PostgreSQL's `COMMENT ON
    /// MATERIALIZED VIEW` names the kind).
    MaterializedView(String),
    /// A free-standing sequence, by its key.
    Sequence(String),
    /// An enum type, by its key.
    Enum(String),
    /// A function, procedure or aggregate.
    Routine {
        /// Its name's key.
        name: String,
        /// Its identity arguments.
        args: String,
        /// Its kind.
        kind: RoutineKind,
    },
    /// A trigger.
    Trigger {
        /// Its name.
        name: String,
        /// Its table's key.
        table: String,
    },
    /// A row-level security policy.
    Policy {
        /// Its name.
        name: String,
        /// Its table's key.
        table: String,
    },
}

impl Commented {
    /// The object's name (a trigger's or policy's own, without its table).
    pub fn name(&self) -> &str {
        match self {
            Commented::Namespace(name)
            | Commented::View(name)
            | Commented::MaterializedView(name)
            | Commented::Sequence(name)
            | Commented::Enum(name) => name,
            Commented::Routine { name, .. }
            | Commented::Trigger { name, .. }
            | Commented::Policy { name, .. } => name,
        }
    }

    /// The key of the namespace-qualified part (the object, or its table),
    /// for leaving out a namespace's objects.
    pub fn owner_key(&self) -> &str {
        match self {
            Commented::Trigger { table, .. } | Commented::Policy { table, .. } => table,
            other => other.name(),
        }
    }
}

/// `view v`, `function f(integer)`, `trigger t on orders`.
impl fmt::Display for Commented {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Commented::Namespace(name) => write!(f, "schema {name}"),
            Commented::View(name) => write!(f, "view {name}"),
            Commented::MaterializedView(name) => write!(f, "materialized view {name}"),
            Commented::Sequence(name) => write!(f, "sequence {name}"),
            Commented::Enum(name) => write!(f, "type {name}"),
            Commented::Routine { name, args, kind } => {
                write!(f, "{} {name}({args})", kind.word())
            }
            Commented::Trigger { name, table } => write!(f, "trigger {name} on {table}"),
            Commented::Policy { name, table } => write!(f, "policy {name} on {table}"),
        }
    }
}

impl Serialize for Commented {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// [`super::Schema::comments`] as a map of [`Commented`]'s words to the
/// comment (JSON keys are strings).
pub(super) fn serialize_comments<S: serde::Serializer>(
    comments: &BTreeMap<Commented, String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_map(comments.iter().map(|(k, v)| (k.to_string(), v)))
}

/// One privilege one role holds on an object the schema holds (PostgreSQL's
/// `GRANT SELECT ON TABLE t TO reporting`), compared where `[autogenerate]
/// privileges` says so. The object's owner's own privileges are not in it:
/// a scratch database's objects have another owner than the live ones.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Grant {
    /// The kind as `GRANT … ON` names it: `SCHEMA`, `TABLE` (views too),
    /// `SEQUENCE`, `FUNCTION` (aggregates too) or `PROCEDURE`.
    pub kind: String,
    /// The object's key (a routine's `name(args)`, a schema's name).
    pub object: String,
    /// The role, as SQL writes it (`reporting`, `"Read Only"`), or `PUBLIC`.
    pub grantee: String,
    /// `SELECT`, `INSERT`, `USAGE`, `EXECUTE`…
    pub privilege: String,
    /// `WITH GRANT OPTION`.
    pub grantable: bool,
}

/// `SELECT on table t to reporting`.
impl fmt::Display for Grant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {} {} to {}{}",
            self.privilege,
            self.kind.to_ascii_lowercase(),
            self.object,
            self.grantee,
            if self.grantable {
                " with grant option"
            } else {
                ""
            }
        )
    }
}
