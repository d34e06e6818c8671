//! What PostgreSQL alone keeps on a table, a column, an index or a constraint, as
//! typed attributes of the shared model (`schema::attrs`): read by
//! `introspect.rs`, written by `render.rs`, compared as sets by the diff.
//! A new one is a variant here, a line in the catalog query that reads it,
//! its words in `render.rs`, and the line of `coverage.rs` that named it
//! "not compared" gone.

use std::fmt;

use crate::schema::attrs::{
    Attrs, ColumnAttr as Any, ConstraintAttr as AnyConstraint, IndexAttr as AnyIndex,
    TableAttr as AnyTable, ViewAttr as AnyView,
};
use crate::schema::{Column, Index, Table};

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
}

impl ViewAttr {
    /// The option's name, for `ALTER VIEW … RESET (name)`.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            ViewAttr::SecurityBarrier(_) => "security_barrier",
            ViewAttr::SecurityInvoker(_) => "security_invoker",
            ViewAttr::CheckOption { .. } => "check_option",
        }
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
        .map(|a| match a {
            AnyView::Postgres(a) => a.to_string(),
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
) -> (Vec<String>, Vec<&'static str>) {
    let reset = from
        .iter()
        .map(|a| match a {
            AnyView::Postgres(a) => a.name(),
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
    /// `COLLATE name`: a collation other than its type's default, as SQL
    /// writes it (`"C"`, `"en-x-icu"`, schema-qualified unless it is one of
    /// `pg_catalog`'s).
    Collation(String),
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
}

impl IndexAttr {
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
            ColumnAttr::Collation(name) => write!(f, "COLLATE {name}"),
        }
    }
}

impl fmt::Display for IndexAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexAttr::Include(columns) => write!(f, "INCLUDE ({})", columns.join(", ")),
            IndexAttr::NullsNotDistinct => f.write_str("NULLS NOT DISTINCT"),
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
            AnyIndex::Postgres(_) => None,
        })
        .unwrap_or_default()
}

/// What follows an index's key parts in `CREATE INDEX`, before its
/// predicate: ` INCLUDE (…)` and ` NULLS NOT DISTINCT`, in that order
/// (PostgreSQL's grammar), each where the index has it; `cols` writes a
/// list of columns.
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
    s
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
