//! What PostgreSQL alone keeps on a table, a column, an index or a constraint, as
//! typed attributes of the shared model (`schema::attrs`): read by
//! `introspect.rs`, written by `render.rs`, compared as sets by the diff.
//! A new one is a variant here, a line in the catalog query that reads it,
//! its words in `render.rs`, and the line of `coverage.rs` that named it
//! "not compared" gone.

use std::fmt;

use crate::schema::attrs::{
    Attrs, ColumnAttr as Any, ConstraintAttr as AnyConstraint, IndexAttr as AnyIndex,
    TableAttr as AnyTable, TriggerAttr as AnyTrigger, ViewAttr as AnyView,
};
use crate::schema::{Column, Index, Table};

pub use super::exclusion::Exclusion;
pub(crate) use super::exclusion::{exclusion_changes, exclusions};
pub use super::storage::Storage;
pub(crate) use super::storage::{
    but_storage, index_storage, key_include, key_storage, storage_changes, table_storage,
    with_clause,
};

/// A table attribute of PostgreSQL's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableAttr {
    /// `ENABLE ROW LEVEL SECURITY`: the table's policies choose the rows
    /// each role other than its owner (and a superuser) sees and writes.
    RowSecurity,
    /// `FORCE ROW LEVEL SECURITY`: the policies bind the table's owner too.
    /// PostgreSQL keeps it apart from [`TableAttr::RowSecurity`]: it takes
    /// effect only once that is on, but a table may hold it without.
    ForceRowSecurity,
    /// An exclusion constraint (`EXCLUDE USING gist (room WITH =, during
    /// WITH &&)`): a table attribute, as no other database has one.
    Exclusion(Exclusion),
    /// A storage parameter (`fillfactor=70`), one `name=value` entry of
    /// `reloptions` ([`Storage`]).
    Storage(Storage),
    /// `UNLOGGED`: not written to the WAL, emptied after a crash, not
    /// replicated. `ALTER TABLE … SET LOGGED / UNLOGGED` rewrites it.
    Unlogged,
    /// `PARTITION BY RANGE (created)`: a partitioned table, its key as
    /// `pg_get_partkeydef` prints it (`RANGE (created)`, `HASH (lower(token)
    /// text_pattern_ops)`). It holds no rows of its own; PostgreSQL cannot
    /// change the key of a table that has it (autogenerate refuses,
    /// `AutogenError::Repartition`).
    PartitionBy(String),
    /// `PARTITION OF parent FOR VALUES …`: a partition of `parent`. What
    /// PostgreSQL clones into it from the parent (its columns, their `NOT
    /// NULL`, checks, foreign keys, keys and indexes, under the names
    /// PostgreSQL chooses) is the parent's, not in the partition's model
    /// (`introspect.rs`); what it holds of its own is.
    PartitionOf {
        /// The parent's key (`events`; `schema.name` outside the current schema).
        parent: String,
        /// The bound as `pg_get_expr(relpartbound)` prints it: `FOR VALUES
        /// FROM ('2026-01-01') TO ('2026-02-01')`, `FOR VALUES IN ('us')`,
        /// `FOR VALUES WITH (modulus 3, remainder 0)` or `DEFAULT`.
        bound: String,
    },
}

impl fmt::Display for TableAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableAttr::RowSecurity => f.write_str("ENABLE ROW LEVEL SECURITY"),
            TableAttr::ForceRowSecurity => f.write_str("FORCE ROW LEVEL SECURITY"),
            TableAttr::Exclusion(x) => x.fmt(f),
            TableAttr::Storage(o) => write!(f, "WITH ({o})"),
            TableAttr::Unlogged => f.write_str("UNLOGGED"),
            TableAttr::PartitionBy(key) => write!(f, "PARTITION BY {key}"),
            TableAttr::PartitionOf { parent, bound } => write!(f, "PARTITION OF {parent} {bound}"),
        }
    }
}

/// A table's partition key (`RANGE (created)`), where it is partitioned.
pub(crate) fn partition_by(t: &Table) -> Option<&str> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Postgres(TableAttr::PartitionBy(key)) => Some(key.as_str()),
        _ => None,
    })
}

/// `partition` as it stands outside its parent: with what PostgreSQL
/// cloned into it from `parent` (its columns, checks and foreign keys
/// under the parent's names, its primary key, unique constraints and
/// indexes under the names `ChooseIndexName` gives a clone), which the
/// partition's model leaves out (`introspect.rs`), and no bound. What
/// `DETACH PARTITION` leaves, and what a table wants before `ATTACH
/// PARTITION` for PostgreSQL to attach rather than build them.
pub(crate) fn detached(parent: &Table, partition: &Table) -> Table {
    let mut t = partition.clone();
    let bare = crate::schema::split_qualified(&partition.name).1;
    t.attrs
        .retain(|a| !matches!(a, AnyTable::Postgres(TableAttr::PartitionOf { .. })));
    t.columns = parent
        .columns
        .iter()
        .map(|c| Column {
            comment: None,
            ..c.clone()
        })
        .collect();
    let name = |contype: &str, columns: &[String]| {
        crate::schema::Name::implied(super::names::default_name(bare, contype, columns, ""))
    };
    if t.primary_key.is_empty() && !parent.primary_key.is_empty() {
        t.primary_key = parent.primary_key.clone();
        t.primary_key_name = name("p", &[]);
        t.primary_key_attrs = parent.primary_key_attrs.clone();
    }
    for u in &parent.uniques {
        t.uniques.push(crate::schema::Unique {
            name: name("u", &u.columns),
            ..u.clone()
        });
    }
    let written = |n: &crate::schema::Name| crate::schema::Name::written(n.value.clone());
    for k in &parent.foreign_keys {
        t.foreign_keys.push(crate::schema::ForeignKey {
            name: written(&k.name),
            ..k.clone()
        });
    }
    for c in &parent.checks {
        t.checks.push(crate::schema::Check {
            name: written(&c.name),
            ..c.clone()
        });
    }
    for i in parent.indexes.values() {
        // An index keeps a column's name for a part on a column, a
        // function's for a call (`lower`), `expr` for another expression
        // (`FigureColname`; numbered where one repeats, which is not
        // followed here: a rare clone named otherwise is renamed by the
        // diff, never lost).
        let mut columns: Vec<String> = i.columns.iter().map(|p| part_name(p)).collect();
        columns.extend(include(i).iter().cloned());
        let index_name = super::names::default_name(bare, "i", &columns, "");
        t.indexes.insert(
            index_name.clone(),
            Index {
                name: index_name,
                ..i.clone()
            },
        );
    }
    t.normalise();
    t
}

/// The name PostgreSQL gives an index column on key part `part`
/// (`created DESC`, `lower(token) text_pattern_ops`).
fn part_name(part: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"' || c == '.';
    let head: String = part.chars().take_while(|c| word(*c)).collect();
    let rest = &part[head.len()..];
    let name = head
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .trim_matches('"');
    // A call, or a column followed by its opclass, COLLATE or order.
    let after = rest.trim_start();
    let named = rest.starts_with('(')
        || after.is_empty()
        || (rest.starts_with(' ') && after.starts_with(|c: char| c.is_alphabetic() || c == '"'));
    if name.is_empty() || !named {
        "expr".to_string()
    } else {
        name.to_string()
    }
}

/// A partition's parent and bound, where the table is one.
pub(crate) fn partition_of(t: &Table) -> Option<(&str, &str)> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Postgres(TableAttr::PartitionOf { parent, bound }) => {
            Some((parent.as_str(), bound.as_str()))
        }
        _ => None,
    })
}

impl From<TableAttr> for AnyTable {
    fn from(a: TableAttr) -> AnyTable {
        AnyTable::Postgres(a)
    }
}

/// A trigger's firing state other than the default (`O`, fires in the
/// origin and local sessions_replication_role), from `pg_trigger.tgenabled`;
/// set by `ALTER TABLE … DISABLE / ENABLE REPLICA / ENABLE ALWAYS TRIGGER`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TriggerAttr {
    /// `DISABLE TRIGGER` (`D`): never fires.
    Disabled,
    /// `ENABLE REPLICA TRIGGER` (`R`): fires only when
    /// `session_replication_role` is `replica`.
    Replica,
    /// `ENABLE ALWAYS TRIGGER` (`A`): fires whatever the role.
    Always,
}

impl TriggerAttr {
    /// The state `tgenabled` holds; `None` for `O`, the default.
    pub(crate) fn from_tgenabled(code: &str) -> Option<TriggerAttr> {
        match code {
            "D" => Some(TriggerAttr::Disabled),
            "R" => Some(TriggerAttr::Replica),
            "A" => Some(TriggerAttr::Always),
            _ => None,
        }
    }
}

/// The `ALTER TABLE` action's words (`DISABLE`, `ENABLE REPLICA`).
impl fmt::Display for TriggerAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TriggerAttr::Disabled => "DISABLE",
            TriggerAttr::Replica => "ENABLE REPLICA",
            TriggerAttr::Always => "ENABLE ALWAYS",
        })
    }
}

impl From<TriggerAttr> for AnyTrigger {
    fn from(a: TriggerAttr) -> AnyTrigger {
        AnyTrigger::Postgres(a)
    }
}

/// The `ALTER TABLE` action that sets a trigger's firing state to what
/// `attrs` say: `ENABLE` (the default) where they say nothing.
pub(crate) fn trigger_firing(attrs: &Attrs<AnyTrigger>) -> String {
    attrs
        .iter()
        .find_map(|a| match a {
            AnyTrigger::Postgres(a) => Some(a.to_string()),
            // Another dialect's are refused before rendering (`foreign_to`).
            AnyTrigger::Mysql(_) => None,
        })
        .unwrap_or_else(|| "ENABLE".to_string())
}

/// A view option of PostgreSQL's, kept in the view's `reloptions` and
/// written in `CREATE VIEW … WITH (…)` or `ALTER VIEW … SET (…)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViewAttr {
    /// `security_barrier`: the view's conditions run before a caller's
    /// functions see its rows. Kept with its value: `false` written out is
    /// what the catalog holds, apart from the option left out.
    SecurityBarrier(bool),
    /// `security_invoker` (PostgreSQL 15+): the tables are read with the
    /// caller's privileges and policies, not the view owner's.
    SecurityInvoker(bool),
    /// `check_option`: `WITH LOCAL CHECK OPTION` (`false`) or `WITH
    /// CASCADED CHECK OPTION` (`true`), which PostgreSQL keeps as an option.
    CheckOption {
        /// `cascaded` rather than `local`.
        cascaded: bool,
    },
    /// A materialized view's storage parameter (`fillfactor=60`).
    Storage(Storage),
}

impl ViewAttr {
    /// The option's name, for `ALTER VIEW … RESET (name)`.
    pub(crate) fn name(&self) -> &str {
        match self {
            ViewAttr::SecurityBarrier(_) => "security_barrier",
            ViewAttr::SecurityInvoker(_) => "security_invoker",
            ViewAttr::CheckOption { .. } => "check_option",
            ViewAttr::Storage(o) => o.name(),
        }
    }

    /// The attribute an entry of a materialized view's `reloptions` is:
    /// a storage parameter.
    pub(crate) fn storage(option: &str) -> Option<ViewAttr> {
        Storage::from_reloption(option).map(ViewAttr::Storage)
    }

    /// The attribute an entry of `reloptions` (`security_barrier=true`)
    /// is, `None` for one the model does not keep (`coverage.rs` names
    /// those). PostgreSQL keeps a boolean's value as written (`on`, `1`).
    pub(crate) fn from_reloption(option: &str) -> Option<ViewAttr> {
        let (name, value) = option.split_once('=')?;
        let value = value.to_ascii_lowercase();
        let truth = || match value.as_str() {
            "true" | "on" | "yes" | "1" | "t" | "y" => Some(true),
            "false" | "off" | "no" | "0" | "f" | "n" => Some(false),
            _ => None,
        };
        match name {
            "security_barrier" => truth().map(ViewAttr::SecurityBarrier),
            "security_invoker" => truth().map(ViewAttr::SecurityInvoker),
            "check_option" => match value.as_str() {
                "local" => Some(ViewAttr::CheckOption { cascaded: false }),
                "cascaded" => Some(ViewAttr::CheckOption { cascaded: true }),
                _ => None,
            },
            _ => None,
        }
    }
}

/// `security_barrier=true`, as `WITH (…)` and `SET (…)` take it.
impl fmt::Display for ViewAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewAttr::SecurityBarrier(v) | ViewAttr::SecurityInvoker(v) => {
                write!(f, "{}={v}", self.name())
            }
            ViewAttr::CheckOption { cascaded } => {
                let how = if *cascaded { "cascaded" } else { "local" };
                write!(f, "check_option={how}")
            }
            ViewAttr::Storage(o) => o.fmt(f),
        }
    }
}

impl From<ViewAttr> for AnyView {
    fn from(a: ViewAttr) -> AnyView {
        AnyView::Postgres(a)
    }
}

/// A view's options of PostgreSQL's, as `WITH (…)` lists them; empty when
/// it has none.
pub(crate) fn view_options(attrs: &Attrs<AnyView>) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match a {
            AnyView::Postgres(a) => Some(a.to_string()),
            _ => None,
        })
        .collect()
}

/// `RESET (…)` and `SET (…)` lists taking a view's options from `from` to
/// `to`: every option of `from` reset, then every option of `to` set, so
/// that the catalog keeps them in the order `CREATE VIEW` writes them (a
/// dump prints them in that order; `SET` alone appends a new one last).
pub(crate) fn view_option_changes(
    from: &Attrs<AnyView>,
    to: &Attrs<AnyView>,
) -> (Vec<String>, Vec<String>) {
    let reset = from
        .iter()
        .filter_map(|a| match a {
            AnyView::Postgres(a) => Some(a.name().to_string()),
            _ => None,
        })
        .collect();
    (view_options(to), reset)
}

/// Whether a table has `attr`.
fn has(attrs: &Attrs<AnyTable>, attr: TableAttr) -> bool {
    attrs.iter().any(|a| *a == AnyTable::Postgres(attr.clone()))
}

/// The `ALTER TABLE` actions that take a table's row-level security from
/// `from` to `to` (`ENABLE ROW LEVEL SECURITY`, `NO FORCE ROW LEVEL
/// SECURITY`, …), in that order; none where nothing changes.
pub(crate) fn row_security_actions(
    from: &Attrs<AnyTable>,
    to: &Attrs<AnyTable>,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    let (enabled, forced) = (TableAttr::RowSecurity, TableAttr::ForceRowSecurity);
    match (has(from, enabled.clone()), has(to, enabled)) {
        (false, true) => out.push("ENABLE ROW LEVEL SECURITY"),
        (true, false) => out.push("DISABLE ROW LEVEL SECURITY"),
        _ => {}
    }
    match (has(from, forced.clone()), has(to, forced)) {
        (false, true) => out.push("FORCE ROW LEVEL SECURITY"),
        (true, false) => out.push("NO FORCE ROW LEVEL SECURITY"),
        _ => {}
    }
    out
}

/// Whether a table is `UNLOGGED`.
pub(crate) fn unlogged(attrs: &Attrs<AnyTable>) -> bool {
    has(attrs, TableAttr::Unlogged)
}

/// [`row_security_actions`] of a new table.
pub(crate) fn row_security(t: &Table) -> Vec<&'static str> {
    row_security_actions(&Attrs::default(), &t.attrs)
}

/// A column attribute of PostgreSQL's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// `GENERATED ALWAYS AS IDENTITY`: an identity column that refuses an
    /// explicit value unless `OVERRIDING SYSTEM VALUE` (without it, an
    /// identity column is `BY DEFAULT`, [`Column::autoincrement`]).
    IdentityAlways,
    /// A serial column (`serial`, `bigserial`, or what pg_dump writes for
    /// one): its default is `nextval` of a sequence it owns. Kept apart
    /// from an identity column, which is another thing to PostgreSQL
    /// (`pg_dump` writes each its own way).
    Serial {
        /// The sequence's key (`users_id_seq`; `schema.name` outside the
        /// current schema).
        sequence: String,
        /// Its type (`integer`, `bigint`): a Rails `integer` id may count
        /// with a `bigint` sequence.
        data_type: String,
    },
    /// `SEQUENCE NAME key` of an identity column: its sequence named
    /// otherwise than PostgreSQL names it when the column is made
    /// (`table_column_seq`), as a table renamed after it keeps the old name
    /// (`pg_dump` writes it, and a restore keeps it). The sequence's key
    /// (`schema.name` outside the current schema).
    IdentitySequence(String),
    /// The options of an identity column's sequence that are not its
    /// defaults (`START WITH 1000 CACHE 20`).
    IdentityOptions(IdentityOptions),
    /// `COLLATE name`: a collation other than its type's default, as SQL
    /// writes it (`"C"`, `"en-x-icu"`, schema-qualified unless it is one of
    /// `pg_catalog`'s).
    Collation(String),
    /// `CONSTRAINT name NOT NULL`: PostgreSQL 18 keeps a column's `NOT
    /// NULL` as a constraint with a name; this is one named otherwise than
    /// PostgreSQL names it (`table_column_not_null`), as a table renamed
    /// after it keeps the old name. A partition's are its parent's
    /// (`coverage.rs` names one that is not).
    NotNullName(String),
}

/// An identity column's sequence options, each `None` where it is the
/// default PostgreSQL gives (`INCREMENT BY 1`, the type's bounds, starting
/// at the bound it counts from, `CACHE 1`): what `GENERATED … AS IDENTITY
/// (…)` writes, and `ALTER SEQUENCE` sets. A sequence of another type than
/// its column's, which `CREATE TABLE` refuses to write, is named "not
/// compared" (`coverage.rs`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IdentityOptions {
    /// `INCREMENT BY`.
    pub increment: Option<i64>,
    /// `MINVALUE`.
    pub min: Option<i64>,
    /// `MAXVALUE`.
    pub max: Option<i64>,
    /// `START WITH`.
    pub start: Option<i64>,
    /// `CACHE`.
    pub cache: Option<i64>,
    /// `CYCLE`.
    pub cycle: bool,
}

impl IdentityOptions {
    /// The options of a sequence of type `seq_type` (`integer`) with these
    /// values, as the defaults leave them out; `None` when every one is a
    /// default.
    pub(crate) fn of(
        seq_type: &str,
        [increment, min, max, start, cache]: [i64; 5],
        cycle: bool,
    ) -> Option<IdentityOptions> {
        let (lo, hi) = bounds(seq_type);
        let (dmin, dmax) = if increment > 0 { (1, hi) } else { (lo, -1) };
        let dstart = if increment > 0 { min } else { max };
        let other = |v: i64, d: i64| (v != d).then_some(v);
        let o = IdentityOptions {
            increment: other(increment, 1),
            min: other(min, dmin),
            max: other(max, dmax),
            start: other(start, dstart),
            cache: other(cache, 1),
            cycle,
        };
        (o != IdentityOptions::default()).then_some(o)
    }

    /// Every option of the sequence, defaults written out, as `ALTER
    /// SEQUENCE` takes them to set it to these, the column (and so the
    /// sequence) being of type `column_type`.
    pub(crate) fn all(this: Option<&IdentityOptions>, column_type: &str) -> String {
        let o = this.cloned().unwrap_or_default();
        let increment = o.increment.unwrap_or(1);
        let (lo, hi) = bounds(column_type);
        let min = o.min.unwrap_or(if increment > 0 { 1 } else { lo });
        let max = o.max.unwrap_or(if increment > 0 { hi } else { -1 });
        let start = o.start.unwrap_or(if increment > 0 { min } else { max });
        format!(
            "INCREMENT BY {increment} MINVALUE {min} MAXVALUE {max} START WITH {start} CACHE {} {}",
            o.cache.unwrap_or(1),
            if o.cycle { "CYCLE" } else { "NO CYCLE" }
        )
    }
}

/// The bounds of an integer type's values (`bigint` where it is not
/// `smallint` or `integer`).
fn bounds(ty: &str) -> (i64, i64) {
    match ty.to_ascii_lowercase().as_str() {
        "smallint" | "int2" => (i16::MIN.into(), i16::MAX.into()),
        "integer" | "int" | "int4" => (i32::MIN.into(), i32::MAX.into()),
        _ => (i64::MIN, i64::MAX),
    }
}

/// `START WITH 1000 CACHE 20`: the options set.
impl fmt::Display for IdentityOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        let numbers = [
            ("INCREMENT BY", self.increment),
            ("MINVALUE", self.min),
            ("MAXVALUE", self.max),
            ("START WITH", self.start),
            ("CACHE", self.cache),
        ];
        parts.extend(
            numbers
                .iter()
                .filter_map(|(w, v)| v.map(|v| format!("{w} {v}"))),
        );
        if self.cycle {
            parts.push("CYCLE".into());
        }
        f.write_str(&parts.join(" "))
    }
}

/// An identity column's sequence options, where they are not the defaults.
pub(crate) fn identity_options(c: &Column) -> Option<&IdentityOptions> {
    of_column(c).find_map(|a| match a {
        ColumnAttr::IdentityOptions(o) => Some(o),
        _ => None,
    })
}

/// An index attribute of PostgreSQL's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexAttr {
    /// `INCLUDE (…)`: columns stored in the index but not part of its key,
    /// in order.
    Include(Vec<String>),
    /// `NULLS NOT DISTINCT` (a unique index, PostgreSQL 15+): two rows
    /// whose key is NULL in the same columns are duplicates.
    NullsNotDistinct,
    /// A storage parameter (`WITH (fillfactor=70)`), changed in place by
    /// `ALTER INDEX … SET / RESET`.
    Storage(Storage),
}

/// A constraint attribute of PostgreSQL's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// `DEFERRABLE [INITIALLY DEFERRED]` (a unique key or a foreign key):
    /// checked at commit when the transaction says so, or always.
    Deferrable {
        /// `INITIALLY DEFERRED`.
        initially_deferred: bool,
    },
    /// `NULLS NOT DISTINCT` (a unique key, PostgreSQL 15+): two rows whose
    /// key is NULL in the same columns are duplicates.
    NullsNotDistinct,
    /// `MATCH FULL` (a foreign key): a row whose key is NULL in some
    /// columns and not all is refused (`MATCH SIMPLE`, the default, takes
    /// it unchecked). PostgreSQL does not implement `MATCH PARTIAL`.
    MatchFull,
    /// `NOT VALID` (a check or a foreign key): rows already in the table
    /// were not checked. PostgreSQL takes it only in `ALTER TABLE … ADD
    /// CONSTRAINT` (in `CREATE TABLE` it marks the constraint valid), and
    /// `VALIDATE CONSTRAINT` makes it valid.
    NotValid,
    /// `INCLUDE (…)` (a primary or unique key): columns its index stores
    /// but does not key on, in order.
    Include(Vec<String>),
    /// A storage parameter of the index behind a primary or unique key
    /// (`WITH (fillfactor=70)`), changed in place by `ALTER INDEX … SET`.
    Storage(Storage),
}

impl IndexAttr {
    /// Whether `ALTER INDEX` changes it in place: a storage parameter.
    pub fn in_place(&self) -> bool {
        matches!(self, IndexAttr::Storage(_))
    }

    /// The same attribute once column `from` is called `to`.
    pub fn with_column_renamed(&self, from: &str, to: &str) -> IndexAttr {
        match self {
            IndexAttr::Include(columns) => IndexAttr::Include(
                columns
                    .iter()
                    .map(|c| if c == from { to.to_string() } else { c.clone() })
                    .collect(),
            ),
            IndexAttr::NullsNotDistinct => IndexAttr::NullsNotDistinct,
            IndexAttr::Storage(o) => IndexAttr::Storage(o.clone()),
        }
    }
}

impl fmt::Display for ColumnAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttr::IdentityAlways => f.write_str("GENERATED ALWAYS AS IDENTITY"),
            ColumnAttr::Serial {
                sequence,
                data_type,
            } => write!(f, "serial (owns sequence {sequence} AS {data_type})"),
            ColumnAttr::IdentitySequence(key) => write!(f, "(SEQUENCE NAME {key})"),
            ColumnAttr::IdentityOptions(o) => write!(f, "({o})"),
            ColumnAttr::Collation(name) => write!(f, "COLLATE {name}"),
            ColumnAttr::NotNullName(name) => write!(f, "CONSTRAINT {name} NOT NULL"),
        }
    }
}

impl fmt::Display for IndexAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexAttr::Include(columns) => write!(f, "INCLUDE ({})", columns.join(", ")),
            IndexAttr::NullsNotDistinct => f.write_str("NULLS NOT DISTINCT"),
            IndexAttr::Storage(o) => write!(f, "WITH ({o})"),
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::Deferrable { initially_deferred } => {
                f.write_str("DEFERRABLE")?;
                if *initially_deferred {
                    f.write_str(" INITIALLY DEFERRED")?;
                }
                Ok(())
            }
            ConstraintAttr::NullsNotDistinct => f.write_str("NULLS NOT DISTINCT"),
            ConstraintAttr::MatchFull => f.write_str("MATCH FULL"),
            ConstraintAttr::NotValid => f.write_str("NOT VALID"),
            ConstraintAttr::Include(columns) => write!(f, "INCLUDE ({})", columns.join(", ")),
            ConstraintAttr::Storage(o) => write!(f, "WITH ({o})"),
        }
    }
}

impl From<ColumnAttr> for Any {
    fn from(a: ColumnAttr) -> Any {
        Any::Postgres(a)
    }
}

impl From<IndexAttr> for AnyIndex {
    fn from(a: IndexAttr) -> AnyIndex {
        AnyIndex::Postgres(a)
    }
}

impl From<ConstraintAttr> for AnyConstraint {
    fn from(a: ConstraintAttr) -> AnyConstraint {
        AnyConstraint::Postgres(a)
    }
}

/// A column's PostgreSQL attributes.
fn of_column(c: &Column) -> impl Iterator<Item = &ColumnAttr> {
    c.attrs.iter().filter_map(|a| match a {
        Any::Postgres(a) => Some(a),
        _ => None,
    })
}

/// Whether an identity column is `GENERATED ALWAYS`.
pub(crate) fn identity_always(c: &Column) -> bool {
    of_column(c).any(|a| *a == ColumnAttr::IdentityAlways)
}

/// A serial column's sequence and its type.
pub(crate) fn serial(c: &Column) -> Option<(&str, &str)> {
    of_column(c).find_map(|a| match a {
        ColumnAttr::Serial {
            sequence,
            data_type,
        } => Some((sequence.as_str(), data_type.as_str())),
        _ => None,
    })
}

/// An identity column's sequence, where it is not named as PostgreSQL
/// names it ([`ColumnAttr::IdentitySequence`]).
pub(crate) fn identity_sequence(c: &Column) -> Option<&str> {
    of_column(c).find_map(|a| match a {
        ColumnAttr::IdentitySequence(key) => Some(key.as_str()),
        _ => None,
    })
}

/// The name of a `NOT NULL` column's constraint, where it is not the one
/// PostgreSQL gives ([`ColumnAttr::NotNullName`]).
pub(crate) fn not_null_name(c: &Column) -> Option<&str> {
    of_column(c).find_map(|a| match a {
        ColumnAttr::NotNullName(name) => Some(name.as_str()),
        _ => None,
    })
}

/// A column's collation, where it is not its type's default.
pub(crate) fn collation(c: &Column) -> Option<&str> {
    of_column(c).find_map(|a| match a {
        ColumnAttr::Collation(name) => Some(name.as_str()),
        _ => None,
    })
}

/// ` DEFERRABLE …` for a constraint that is, or nothing: the clause
/// follows the constraint in `CREATE TABLE` and `ADD CONSTRAINT`.
pub(crate) fn deferrable(attrs: &Attrs<AnyConstraint>) -> String {
    attrs
        .iter()
        .filter_map(|a| match a {
            AnyConstraint::Postgres(a @ ConstraintAttr::Deferrable { .. }) => Some(format!(" {a}")),
            _ => None,
        })
        .collect()
}

/// ` NULLS NOT DISTINCT` for a unique key that is, or nothing: the clause
/// follows `UNIQUE` in `CREATE TABLE` and `ADD CONSTRAINT`.
pub(crate) fn nulls_not_distinct(attrs: &Attrs<AnyConstraint>) -> &'static str {
    if attrs
        .iter()
        .any(|a| *a == AnyConstraint::Postgres(ConstraintAttr::NullsNotDistinct))
    {
        " NULLS NOT DISTINCT"
    } else {
        ""
    }
}

/// Whether a check or a foreign key is `NOT VALID`.
pub(crate) fn not_valid(attrs: &Attrs<AnyConstraint>) -> bool {
    attrs
        .iter()
        .any(|a| *a == AnyConstraint::Postgres(ConstraintAttr::NotValid))
}

/// The same attributes, made valid.
pub(crate) fn validated(attrs: &Attrs<AnyConstraint>) -> Attrs<AnyConstraint> {
    let mut valid = attrs.clone();
    valid.retain(|a| *a != AnyConstraint::Postgres(ConstraintAttr::NotValid));
    valid
}

/// ` MATCH FULL` for a foreign key that is, or nothing: the clause
/// follows the referenced columns.
pub(crate) fn match_full(attrs: &Attrs<AnyConstraint>) -> &'static str {
    if attrs
        .iter()
        .any(|a| *a == AnyConstraint::Postgres(ConstraintAttr::MatchFull))
    {
        " MATCH FULL"
    } else {
        ""
    }
}

/// An index's `INCLUDE` columns (empty: none).
fn include(i: &Index) -> &[String] {
    i.attrs
        .iter()
        .find_map(|a| match a {
            AnyIndex::Postgres(IndexAttr::Include(columns)) => Some(columns.as_slice()),
            _ => None,
        })
        .unwrap_or_default()
}

/// What follows an index's key parts in `CREATE INDEX`, before its
/// predicate: ` INCLUDE (…)`, ` NULLS NOT DISTINCT` and ` WITH (…)`, in
/// that order (PostgreSQL's grammar), each where the index has it; `cols`
/// writes a list of columns.
pub(crate) fn index_clauses(i: &Index, cols: &dyn Fn(&[String]) -> String) -> String {
    let mut s = String::new();
    let include = include(i);
    if !include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", cols(include)));
    }
    if i.attrs
        .iter()
        .any(|a| *a == AnyIndex::Postgres(IndexAttr::NullsNotDistinct))
    {
        s.push_str(" NULLS NOT DISTINCT");
    }
    s.push_str(&with_clause(index_storage(&i.attrs).into_iter()));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_compare_by_definition_and_a_written_name() {
        let x = |name: &str, implied: bool, def: &str| {
            AnyTable::Postgres(TableAttr::Exclusion(Exclusion {
                name: name.into(),
                implied,
                def: def.into(),
            }))
        };
        let def = "EXCLUDE USING gist (c WITH &&)";
        // Two names PostgreSQL chose are one (the table's name differs).
        assert_eq!(x("a_c_excl", true, def), x("b_c_excl", true, def));
        assert_ne!(x("a_c_excl", true, def), x("a_c_excl", false, def));
        let from: Attrs<AnyTable> = [
            x("t_c_excl", true, def),
            x("gone", false, "EXCLUDE (a WITH =)"),
        ]
        .into_iter()
        .collect();
        let to: Attrs<AnyTable> = [
            x("apart", false, def),
            x("t_b_excl", true, "EXCLUDE (b WITH =)"),
        ]
        .into_iter()
        .collect();
        let (dropped, renamed, added) = exclusion_changes(&from, &to);
        assert_eq!(
            dropped.iter().map(|x| &x.name).collect::<Vec<_>>(),
            ["gone"]
        );
        assert_eq!(
            renamed
                .iter()
                .map(|(a, b)| (&a.name[..], &b.name[..]))
                .collect::<Vec<_>>(),
            [("t_c_excl", "apart")]
        );
        assert_eq!(
            added.iter().map(|x| &x.name).collect::<Vec<_>>(),
            ["t_b_excl"]
        );
        assert_eq!(
            x("apart", false, def).to_string(),
            format!("CONSTRAINT apart {def}")
        );
    }

    #[test]
    fn storage_parameters_are_written_quoted_where_needed_and_reset_whole() {
        let o = |s: &str| Storage::from_reloption(s).unwrap();
        assert_eq!(o("fillfactor=70").to_string(), "fillfactor=70");
        assert_eq!(
            o("autovacuum_vacuum_scale_factor=0.02").to_string(),
            "autovacuum_vacuum_scale_factor=0.02"
        );
        assert_eq!(o("x=a b").to_string(), "x='a b'");
        assert_eq!(o("fillfactor=70").name(), "fillfactor");
        let (a, b) = (o("fillfactor=70"), o("autovacuum_enabled=false"));
        let (set, reset) = storage_changes(&[&a], &[&b, &a]);
        assert_eq!(set, ["autovacuum_enabled=false", "fillfactor=70"]);
        assert_eq!(reset, ["fillfactor"]);
        assert_eq!(storage_changes(&[&a], &[&a]), (vec![], vec![]));
        assert_eq!(
            with_clause([&b, &a].into_iter()),
            " WITH (autovacuum_enabled=false, fillfactor=70)"
        );
    }

    #[test]
    fn index_column_names_as_postgres_gives_them_to_a_clone() {
        assert_eq!(part_name("created DESC"), "created");
        assert_eq!(part_name("lower(token) text_pattern_ops"), "lower");
        assert_eq!(part_name("public.f(a)"), "f");
        assert_eq!(part_name("(a + b)"), "expr");
        assert_eq!(part_name("a + b"), "expr");
        assert_eq!(part_name("a::text"), "expr");
        assert_eq!(part_name("\"Kind\""), "Kind");
    }

    #[test]
    fn view_options_read_from_reloptions_and_changed_by_set_and_reset() {
        let read = |o: &str| ViewAttr::from_reloption(o);
        assert_eq!(
            read("security_barrier=on"),
            Some(ViewAttr::SecurityBarrier(true))
        );
        assert_eq!(
            read("security_invoker=false"),
            Some(ViewAttr::SecurityInvoker(false))
        );
        assert_eq!(
            read("check_option=CASCADED"),
            Some(ViewAttr::CheckOption { cascaded: true })
        );
        assert_eq!(read("fillfactor=70"), None, "a storage parameter");
        let attrs =
            |a: &[ViewAttr]| -> Attrs<AnyView> { a.iter().cloned().map(Into::into).collect() };
        let from = attrs(&[
            ViewAttr::SecurityBarrier(true),
            ViewAttr::CheckOption { cascaded: false },
        ]);
        let to = attrs(&[
            ViewAttr::SecurityInvoker(true),
            ViewAttr::CheckOption { cascaded: true },
        ]);
        let (set, reset) = view_option_changes(&from, &to);
        assert_eq!(set, ["security_invoker=true", "check_option=cascaded"]);
        assert_eq!(reset, ["security_barrier", "check_option"]);
        assert_eq!(
            view_options(&from),
            ["security_barrier=true", "check_option=local"]
        );
    }

    #[test]
    fn identity_options_leave_out_the_defaults_and_write_them_back() {
        let max = i64::from(i32::MAX);
        assert_eq!(
            IdentityOptions::of("integer", [1, 1, max, 1, 1], false),
            None
        );
        let counting_down = IdentityOptions::of("integer", [-1, -1000, 0, 0, 1], true).unwrap();
        assert_eq!(
            counting_down.to_string(),
            "INCREMENT BY -1 MINVALUE -1000 MAXVALUE 0 CYCLE"
        );
        let started = IdentityOptions::of("bigint", [10, 1, i64::MAX, 1000, 20], false).unwrap();
        assert_eq!(
            started.to_string(),
            "INCREMENT BY 10 START WITH 1000 CACHE 20"
        );
        assert_eq!(
            IdentityOptions::all(None, "INTEGER"),
            format!("INCREMENT BY 1 MINVALUE 1 MAXVALUE {max} START WITH 1 CACHE 1 NO CYCLE")
        );
        assert_eq!(
            IdentityOptions::all(Some(&counting_down), "integer"),
            "INCREMENT BY -1 MINVALUE -1000 MAXVALUE 0 START WITH 0 CACHE 1 CYCLE"
        );
    }
}
