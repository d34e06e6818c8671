//! The schema model: tables, columns, keys, indexes, foreign keys and checks,
//! in a normalised form so that two equal schemas compare equal however they
//! were written (column-level or table-level constraints, spacing, case of
//! keywords). Loaded from `schema.sql` ([`parse`]) or from a live database
//! ([`introspect`]).
//!
//! Owns the model and its normalisation. Diffing and rendering belong to
//! `autogen`.

pub mod align;
pub mod attrs;
pub mod coverage;
pub mod declared;
pub mod introspect;
pub mod objects;
pub mod parse;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use attrs::{
    Attrs, ColumnAttr, ConstraintAttr, IndexAttr, RoutineAttr, TableAttr, TriggerAttr, ViewAttr,
};
pub use objects::{Commented, Grant, Policy};

/// A whole schema: tables, views, (PostgreSQL) enum, domain, composite and
/// range types, sequences and extensions, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schema {
    /// Namespaces other than the configured one that the schema holds
    /// (PostgreSQL schemas: `CREATE SCHEMA billing`), by name. An object in
    /// one is keyed `namespace.name` in the maps below ([`split_qualified`]);
    /// an object of the configured namespace by its bare name. Always empty
    /// on MariaDB and SQLite, whose one namespace is the database.
    pub namespaces: std::collections::BTreeSet<String>,
    /// Tables, keyed by name.
    pub tables: BTreeMap<String, Table>,
    /// Views, keyed by name.
    pub views: BTreeMap<String, View>,
    /// PostgreSQL enum types, keyed by name.
    pub enums: BTreeMap<String, EnumType>,
    /// PostgreSQL domains, composite and range types, keyed by name.
    pub types: BTreeMap<String, UserType>,
    /// Free-standing sequences (PostgreSQL, MariaDB), keyed by name; those owned by a
    /// serial or identity column belong to the column and are left out.
    pub sequences: BTreeMap<String, Sequence>,
    /// Triggers, keyed by name (SQLite) or `name on table` (PostgreSQL,
    /// where a name is the table's own).
    pub triggers: BTreeMap<String, Trigger>,
    /// Functions and procedures (PostgreSQL), keyed by [`Routine::key`].
    pub routines: BTreeMap<String, Routine>,
    /// Row-level security policies (PostgreSQL), keyed by [`Policy::key`]
    /// (`name on table`).
    pub policies: BTreeMap<String, Policy>,
    /// Comments on the objects other than tables and columns (PostgreSQL
    /// `COMMENT ON VIEW …`), apart from the objects so that a comment
    /// changes without its object (`objects.rs`).
    #[serde(serialize_with = "objects::serialize_comments")]
    pub comments: BTreeMap<Commented, String>,
    /// Privileges granted on the objects it holds (PostgreSQL), read only
    /// where `[autogenerate] privileges` asks for them.
    pub grants: std::collections::BTreeSet<Grant>,
    /// Whether [`Schema::grants`] was read: a migration to a schema read
    /// without them grants and revokes nothing (not even a new routine's
    /// default `EXECUTE` for `PUBLIC`).
    #[serde(skip)]
    pub privileges_read: bool,
    /// Virtual tables (SQLite: FTS, R-tree), keyed by name. Their shadow
    /// tables (`name_data`, `name_idx`, …) belong to them and are not in
    /// [`Schema::tables`].
    pub virtual_tables: BTreeMap<String, VirtualTable>,
    /// PostgreSQL extensions of the whole database (`plpgsql`, which every
    /// database has, left out): name → the schema it lives in, where a
    /// migration creates it (as pg_dump's `CREATE EXTENSION … WITH SCHEMA
    /// public` does) or moves it (`ALTER EXTENSION … SET SCHEMA`). A declared schema always has the live
    /// database's extensions (its scratch database is given them, and
    /// `align` adds any it could not be given), so a diff only adds
    /// extensions; dropping one is a downgrade's business.
    pub extensions: BTreeMap<String, String>,
}

/// A trigger, compared by its whole `CREATE TRIGGER` text (spacing normalised).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trigger {
    /// Name.
    pub name: String,
    /// The table it is on.
    pub table: String,
    /// `CREATE TRIGGER name …` as one statement, without the final `;`.
    pub sql: String,
    /// The database whose SQL `sql` is: only its migrations can write it.
    pub dialect: crate::Dialect,
    /// What one dialect alone keeps of it (PostgreSQL's firing state:
    /// `DISABLE`, `ENABLE REPLICA`, `ENABLE ALWAYS`), changed in place
    /// (`Change::AlterTrigger`).
    pub attrs: Attrs<TriggerAttr>,
}

impl Trigger {
    /// The trigger this one fires after, where its text names one
    /// (MariaDB's ``FOR EACH ROW FOLLOWS `x` ``, as `dialect/mysql/code.rs`
    /// writes it): it is created after that one.
    pub fn follows(&self) -> Option<&str> {
        const CLAUSE: &str = " FOLLOWS `";
        let at = self.sql.to_ascii_uppercase().find(CLAUSE)? + CLAUSE.len();
        let rest = &self.sql[at..];
        rest.find('`').map(|end| &rest[..end])
    }
}

/// A function, procedure or aggregate (PostgreSQL; on MariaDB a function,
/// procedure or event, `dialect/mysql/code.rs`), compared by the
/// definition the database prints for it (`pg_get_functiondef`; an
/// aggregate's, which that cannot print, is written from `pg_aggregate` as
/// pg_dump writes it), which a migration runs as it is: a body is kept byte
/// for byte, so two spellings of one body differ (the database keeps the
/// text, not its meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Routine {
    /// Its name's key (`f`; `billing.f` in another namespace).
    pub name: String,
    /// Its identity arguments (`user_id bigint`): with the name, what
    /// tells it from an overload.
    pub args: String,
    /// A function, a procedure or an aggregate.
    pub kind: RoutineKind,
    /// What it returns (`integer`, `SETOF t`, `trigger`); empty for a
    /// procedure. A function whose result changes is dropped and created:
    /// `CREATE OR REPLACE` cannot change it.
    pub returns: String,
    /// `CREATE OR REPLACE FUNCTION …` (or `PROCEDURE`, `AGGREGATE`; on
    /// MariaDB `CREATE FUNCTION …`, `CREATE EVENT …`), without the final `;`.
    pub definition: String,
    /// The database whose SQL `definition` is: only its migrations can
    /// write it.
    pub dialect: crate::Dialect,
    /// What one dialect alone keeps of it (MariaDB's session context).
    pub attrs: Attrs<RoutineAttr>,
}

impl Routine {
    /// `name(args)`: its key in [`Schema::routines`] (an event, which
    /// takes no arguments, by its name alone).
    pub fn key(&self) -> String {
        if self.kind == RoutineKind::Event {
            return self.name.clone();
        }
        format!("{}({})", self.name, self.args)
    }

    /// Whether `CREATE OR REPLACE` turns this routine into `to` (the same
    /// key): it cannot change a result or a kind, nor turn an ordered-set
    /// aggregate into a hypothetical-set one, and a migration drops and
    /// creates the routine instead.
    pub fn replaceable_by(&self, to: &Routine) -> bool {
        let hypothetical = |r: &Routine| {
            r.kind == RoutineKind::Aggregate && r.definition.contains("\n    HYPOTHETICAL")
        };
        self.returns == to.returns && self.kind == to.kind && hypothetical(self) == hypothetical(to)
    }
}

/// `name(args)`, or `name(*)` for an aggregate of no arguments: how
/// `DROP` and `COMMENT ON` name a routine (the name as the caller quotes it).
pub fn signature(name: &str, args: &str, kind: RoutineKind) -> String {
    if args.is_empty() && kind == RoutineKind::Aggregate {
        format!("{name}(*)")
    } else {
        format!("{name}({args})")
    }
}

/// What kind of routine a [`Routine`] is: the word `CREATE`, `DROP` and
/// `COMMENT ON` take, and what `CREATE OR REPLACE` may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RoutineKind {
    /// `CREATE FUNCTION`.
    Function,
    /// `CREATE PROCEDURE` (called with `CALL`, returns nothing).
    Procedure,
    /// `CREATE AGGREGATE`: built from a state-transition function and
    /// others, which exist before it.
    Aggregate,
    /// `CREATE EVENT` (MariaDB): statements the server's event scheduler
    /// runs on a schedule; kept as a routine is, by its definition.
    Event,
}

impl RoutineKind {
    /// `function`, `procedure`, `aggregate` or `event`: its word in messages.
    pub fn word(self) -> &'static str {
        match self {
            RoutineKind::Function => "function",
            RoutineKind::Procedure => "procedure",
            RoutineKind::Aggregate => "aggregate",
            RoutineKind::Event => "event",
        }
    }

    /// `FUNCTION`, `PROCEDURE`, `AGGREGATE` or `EVENT`, as SQL names the kind.
    pub fn keyword(self) -> &'static str {
        match self {
            RoutineKind::Function => "FUNCTION",
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Aggregate => "AGGREGATE",
            RoutineKind::Event => "EVENT",
        }
    }
}

/// A SQLite virtual table, compared by its whole `CREATE VIRTUAL TABLE`
/// text (spacing normalised), as a trigger is: sqlparser does not read
/// every module's arguments, and the module owns the columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VirtualTable {
    /// Name.
    pub name: String,
    /// `CREATE VIRTUAL TABLE name USING module(…)` as one statement,
    /// without the final `;`.
    pub sql: String,
}

/// A view, compared by its definition as the database (or, on SQLite, the
/// parser) normalises it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct View {
    /// Name.
    pub name: String,
    /// Column names given after the view's name (`CREATE VIEW v (a, b)`), if any.
    pub columns: Vec<String>,
    /// The `SELECT` after `AS`, normalised, without a trailing `;`.
    pub definition: String,
    /// The tables and views it reads where the database says so exactly
    /// (PostgreSQL's `pg_depend`), for the order views are created in;
    /// `None` where they are read from the definition's text. Not
    /// compared: it follows from the definition.
    #[serde(skip)]
    pub reads: Option<Vec<String>>,
    /// A materialized view (PostgreSQL): its rows stored, with indexes of
    /// its own. `None` for a plain view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub materialized: Option<Materialized>,
    /// What one dialect alone keeps of it (PostgreSQL's `security_barrier`,
    /// `security_invoker`, `check_option`), changed in place where the
    /// database can (`autogen::diff`).
    pub attrs: Attrs<ViewAttr>,
}

/// What a materialized view holds beyond a view's definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Materialized {
    /// Whether it holds rows (`WITH DATA`, or refreshed since) rather than
    /// none (`WITH NO DATA`: it cannot be read until refreshed). Written
    /// when the view is created, never compared: PostgreSQL keeps it
    /// (`relispopulated`), but it is the state of the rows, which `REFRESH`
    /// changes, and `pg_dump -s` writes every materialized view `WITH NO
    /// DATA` (its data section refreshes them), so a `schema.sql` dumped
    /// from a database must match that database (ARCHITECTURE.md "Schema
    /// model").
    pub populated: bool,
    /// Its indexes, keyed by name, compared as a table's are.
    pub indexes: BTreeMap<String, Index>,
}

impl View {
    /// Whether `other` is this view but for what changes in place (its
    /// attributes, a materialized view's indexes): a view that differs in
    /// anything else is dropped and created again.
    pub fn same_but_in_place(&self, other: &View) -> bool {
        self.name == other.name
            && self.columns == other.columns
            && self.definition == other.definition
            && self.materialized.is_some() == other.materialized.is_some()
    }
}

impl PartialEq for View {
    fn eq(&self, other: &Self) -> bool {
        self.same_but_in_place(other)
            && self.materialized.as_ref().map(|m| &m.indexes)
                == other.materialized.as_ref().map(|m| &m.indexes)
            && self.attrs == other.attrs
    }
}

impl Eq for View {}

/// A PostgreSQL enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumType {
    /// Name.
    pub name: String,
    /// Labels in their sort order.
    pub labels: Vec<String>,
}

/// A PostgreSQL domain, composite or range type (an enum is an
/// [`EnumType`]), compared by what the server prints of each part
/// (`format_type`, `pg_get_expr`, `pg_get_constraintdef`), so a type read
/// from a dump compares equal to the type the dump was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserType {
    /// Its key (`year`; `billing.money` in another namespace).
    pub name: String,
    /// What kind of type it is, with its definition.
    pub def: TypeDef,
}

/// The definition of a [`UserType`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDef {
    /// `CREATE DOMAIN`.
    Domain(Domain),
    /// `CREATE TYPE … AS (a int, b text)`: its attributes in order (the
    /// order is the type's: a row constructor follows it).
    Composite {
        /// The attributes, in order.
        attributes: Vec<TypeAttribute>,
    },
    /// `CREATE TYPE … AS RANGE`.
    Range(RangeType),
}

impl TypeDef {
    /// `domain`, `composite type` or `range type`, for messages.
    pub fn kind_word(&self) -> &'static str {
        match self {
            TypeDef::Domain(_) => "domain",
            TypeDef::Composite { .. } => "composite type",
            TypeDef::Range(_) => "range type",
        }
    }

    /// The type names its definition uses (a domain's base type, the
    /// attributes' types, a range's subtype), as `format_type` prints them.
    pub fn uses(&self) -> Vec<&str> {
        match self {
            TypeDef::Domain(d) => vec![d.base.as_str()],
            TypeDef::Composite { attributes } => attributes.iter().map(|a| a.ty.as_str()).collect(),
            TypeDef::Range(r) => vec![r.subtype.as_str()],
        }
    }
}

/// A PostgreSQL domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Domain {
    /// The base type (`integer`, `character varying(20)`).
    pub base: String,
    /// `COLLATE`, where it is not the base type's.
    pub collation: Option<String>,
    /// `DEFAULT`, as `pg_get_expr` prints it.
    pub default: Option<String>,
    /// `NOT NULL`.
    pub not_null: bool,
    /// Its validated `CHECK` constraints, sorted by name (one `NOT VALID`
    /// is named by the coverage probe instead).
    pub checks: Vec<DomainCheck>,
}

/// A named `CHECK` constraint of a domain.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DomainCheck {
    /// Its name (PostgreSQL gives `DOMAIN_check` to one written without).
    pub name: String,
    /// `CHECK (…)` as `pg_get_constraintdef` prints it.
    pub def: String,
}

/// An attribute of a composite type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TypeAttribute {
    /// Name.
    pub name: String,
    /// Its type, as `format_type` prints it.
    pub ty: String,
    /// `COLLATE`, where it is not the type's.
    pub collation: Option<String>,
}

/// A PostgreSQL range type's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RangeType {
    /// `SUBTYPE`.
    pub subtype: String,
    /// `SUBTYPE_OPCLASS`, where it is not the subtype's default.
    pub opclass: Option<String>,
    /// `COLLATION`, where it is not the subtype's.
    pub collation: Option<String>,
    /// `SUBTYPE_DIFF`, a function of PostgreSQL's own (one of the schema's
    /// is named by the coverage probe: it would have to exist first).
    pub subtype_diff: Option<String>,
}

/// A PostgreSQL sequence not owned by a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sequence {
    /// Name.
    pub name: String,
    /// `AS` type (`bigint`, `integer`, `smallint`).
    pub data_type: String,
    /// `START WITH`.
    pub start: i64,
    /// `INCREMENT BY`.
    pub increment: i64,
    /// `MINVALUE`.
    pub min: i64,
    /// `MAXVALUE`.
    pub max: i64,
    /// `CYCLE`.
    pub cycle: bool,
    /// `CACHE`: how many values a session takes at once (1, the default,
    /// takes one at a time).
    pub cache: i64,
}

/// A generated (computed) column's expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Generated {
    /// The expression, normalised.
    pub expr: String,
    /// `STORED` (computed on write) rather than `VIRTUAL` (on read).
    pub stored: bool,
}

impl Schema {
    /// The same schema with every expression (defaults, generated columns,
    /// checks, index parts and predicates, view definitions, trigger bodies)
    /// passed through `f`; for comparing two schemas modulo some detail.
    pub fn map_expressions(&self, f: &dyn Fn(&str) -> String) -> Schema {
        let mut out = self.clone();
        for table in out.tables.values_mut() {
            for c in &mut table.columns {
                c.default = c.default.as_deref().map(f);
                if let Some(g) = &mut c.generated {
                    g.expr = f(&g.expr);
                }
            }
            for check in &mut table.checks {
                check.expr = f(&check.expr);
            }
            table.checks.sort();
            for index in table.indexes.values_mut() {
                index.columns = index.columns.iter().map(|c| f(c)).collect();
                index.predicate = index.predicate.as_deref().map(f);
            }
        }
        for view in out.views.values_mut() {
            view.definition = f(&view.definition);
            for index in view
                .materialized
                .iter_mut()
                .flat_map(|m| m.indexes.values_mut())
            {
                index.columns = index.columns.iter().map(|c| f(c)).collect();
                index.predicate = index.predicate.as_deref().map(f);
            }
        }
        for trigger in out.triggers.values_mut() {
            trigger.sql = f(&trigger.sql);
        }
        for policy in out.policies.values_mut() {
            policy.using = policy.using.as_deref().map(f);
            policy.with_check = policy.with_check.as_deref().map(f);
        }
        for ty in out.types.values_mut() {
            if let TypeDef::Domain(d) = &mut ty.def {
                d.default = d.default.as_deref().map(f);
                for check in &mut d.checks {
                    check.def = f(&check.def);
                }
            }
        }
        out
    }

    /// Leaves out every namespace not in `keep`, with the objects in it;
    /// returns their names. `check` compares the namespaces `schema.sql`
    /// holds (and the configured one): another one of the live database
    /// is named as not compared, never dropped (ARCHITECTURE.md "Schema
    /// model").
    pub fn retain_namespaces(&mut self, keep: &std::collections::BTreeSet<String>) -> Vec<String> {
        let gone: Vec<String> = self.namespaces.difference(keep).cloned().collect();
        if gone.is_empty() {
            return gone;
        }
        let kept = |key: &String| {
            split_qualified(key)
                .0
                .is_none_or(|namespace| !gone.iter().any(|g| g == namespace))
        };
        self.namespaces.retain(|n| keep.contains(n));
        self.tables.retain(|k, _| kept(k));
        self.views.retain(|k, _| kept(k));
        self.routines.retain(|_, r| kept(&r.name));
        self.triggers.retain(|_, t| kept(&t.table));
        self.policies.retain(|_, p| kept(&p.table));
        self.grants.retain(|g| match g.kind.as_str() {
            "SCHEMA" => !gone.contains(&g.object),
            _ => kept(&g.object),
        });
        self.comments.retain(|c, _| match c {
            Commented::Namespace(name) => !gone.contains(name),
            other => kept(&other.owner_key().to_string()),
        });
        self.enums.retain(|k, _| kept(k));
        self.types.retain(|k, _| kept(k));
        self.sequences.retain(|k, _| kept(k));
        gone
    }

    /// True when the schema holds nothing.
    pub fn is_empty(&self) -> bool {
        self.namespaces.is_empty()
            && self.tables.is_empty()
            && self.views.is_empty()
            && self.enums.is_empty()
            && self.types.is_empty()
            && self.sequences.is_empty()
            && self.triggers.is_empty()
            && self.routines.is_empty()
            && self.policies.is_empty()
            && self.comments.is_empty()
            && self.virtual_tables.is_empty()
            && self.extensions.is_empty()
    }
}

/// A key of [`Schema`]'s maps as its namespace (`None`: the configured
/// one) and the object's own name: `billing.invoices` is `(Some("billing"),
/// "invoices")`. A dialect with namespaces never keys an object whose name
/// holds a dot (its coverage probe names it instead), so the split is
/// unambiguous.
pub fn split_qualified(key: &str) -> (Option<&str>, &str) {
    match key.split_once('.') {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, key),
    }
}

/// One table.
#[derive(Debug, Clone, Default, Eq, Serialize)]
pub struct Table {
    /// Name as written (unquoted).
    pub name: String,
    /// Columns in order.
    pub columns: Vec<Column>,
    /// Primary-key columns (empty = none).
    pub primary_key: Vec<String>,
    /// The primary key's name (PostgreSQL `TABLE_pkey`, MariaDB `PRIMARY`,
    /// SQLite none unless written).
    pub primary_key_name: Name,
    /// What one dialect alone keeps of the primary key (PostgreSQL's
    /// `DEFERRABLE`); compared only when there is one.
    pub primary_key_attrs: Attrs<ConstraintAttr>,
    /// `UNIQUE` constraints, sorted.
    pub uniques: Vec<Unique>,
    /// Foreign keys, sorted.
    pub foreign_keys: Vec<ForeignKey>,
    /// `CHECK` constraints, normalised and sorted.
    pub checks: Vec<Check>,
    /// Indexes created with `CREATE INDEX`, keyed by name.
    pub indexes: BTreeMap<String, Index>,
    /// The table's comment (PostgreSQL `COMMENT ON`, MySQL `COMMENT=`).
    pub comment: Option<String>,
    /// What one dialect alone keeps of it (PostgreSQL's row-level
    /// security): typed in that dialect's folder.
    pub attrs: Attrs<TableAttr>,
}

impl PartialEq for Table {
    fn eq(&self, other: &Table) -> bool {
        self.name == other.name
            && self.columns_by_name() == other.columns_by_name()
            && self.primary_key == other.primary_key
            && (self.primary_key.is_empty()
                || (self.primary_key_name == other.primary_key_name
                    && self.primary_key_attrs == other.primary_key_attrs))
            && self.uniques == other.uniques
            && self.foreign_keys == other.foreign_keys
            && self.checks == other.checks
            && self.indexes == other.indexes
            && self.comment == other.comment
            && self.attrs == other.attrs
    }
}

/// A constraint's name, a first-class part of it (ARCHITECTURE.md "Schema
/// model"): two constraints alike but for their names differ, and a
/// migration renames one. A constraint written without a name has the one
/// its database gives it ([`Name::implied`]), so a schema that leaves names
/// to the database compares equal to a database built the same way.
#[derive(Debug, Clone, Default, Eq)]
pub struct Name {
    /// The name as the database keeps it, used to drop or rename the
    /// constraint; empty where it keeps none (SQLite's unnamed constraints).
    pub value: String,
    /// The database chose it for a constraint written without a name:
    /// PostgreSQL's `makeObjectName` choice (`orders_member_id_fkey`),
    /// MariaDB's numbered ones (`orders_ibfk_1`, `CONSTRAINT_1`). Renderers
    /// leave such a name out and let the database choose it again.
    pub implied: bool,
}

impl Name {
    /// A name written in the schema.
    pub fn written(value: impl Into<String>) -> Name {
        Name {
            value: value.into(),
            implied: false,
        }
    }

    /// A name the database chose.
    pub fn implied(value: impl Into<String>) -> Name {
        Name {
            value: value.into(),
            implied: true,
        }
    }

    /// The name to write in a `CONSTRAINT name` clause: `None` where the
    /// database chooses it (implied, or no name at all).
    pub fn to_write(&self) -> Option<&str> {
        (!self.implied && !self.value.is_empty()).then_some(self.value.as_str())
    }
}

/// Equal when the database keeps the same name, or when it chose both:
/// MariaDB numbers the names it makes up in creation order, so two equal
/// schemas built in different orders hold `t_ibfk_1` and `t_ibfk_2` for
/// the same key. (PostgreSQL's choice follows from the table and columns,
/// which are compared anyway.)
impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        self.value == other.value || (self.implied && other.implied)
    }
}

/// By the name kept, for a stable order in sorted lists.
impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.value)
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            f.write_str("(unnamed)")
        } else {
            f.write_str(&self.value)
        }
    }
}

/// A `UNIQUE` constraint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Unique {
    /// Its columns, in key order.
    pub columns: Vec<String>,
    /// Its name.
    pub name: Name,
    /// What one dialect alone keeps of it (PostgreSQL's `DEFERRABLE`).
    pub attrs: Attrs<ConstraintAttr>,
}

/// A `CHECK` constraint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Check {
    /// Its expression, normalised.
    pub expr: String,
    /// Its name.
    pub name: Name,
    /// What one dialect alone keeps of it (MariaDB: written on its column).
    pub attrs: Attrs<ConstraintAttr>,
}

impl Check {
    /// An unnamed table-level check.
    pub fn new(expr: impl Into<String>) -> Check {
        Check {
            expr: expr.into(),
            name: Name::default(),
            attrs: Attrs::default(),
        }
    }
}

/// The kinds of named constraints, for [`crate::autogen::TableChange::RenameConstraint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConstraintKind {
    /// The primary key.
    PrimaryKey,
    /// A unique constraint.
    Unique,
    /// A foreign key.
    ForeignKey,
    /// A check constraint.
    Check,
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConstraintKind::PrimaryKey => "primary key",
            ConstraintKind::Unique => "unique constraint",
            ConstraintKind::ForeignKey => "foreign key",
            ConstraintKind::Check => "check",
        })
    }
}

/// One column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Name.
    pub name: String,
    /// Type as written, upper-cased, spacing normalised (`VARCHAR(255)`).
    pub ty: String,
    /// Whether NULL is allowed.
    pub nullable: bool,
    /// Default expression, normalised; `None` = no default.
    pub default: Option<String>,
    /// SQLite `AUTOINCREMENT`, MySQL `AUTO_INCREMENT`, identity columns.
    pub autoincrement: bool,
    /// `GENERATED ALWAYS AS (…)`: the column is computed, never written.
    pub generated: Option<Generated>,
    /// The column's comment, where the dialect stores one.
    pub comment: Option<String>,
    /// What one dialect alone keeps of it (PostgreSQL's `GENERATED
    /// ALWAYS`, MariaDB's `ON UPDATE`): typed in that dialect's folder.
    pub attrs: Attrs<ColumnAttr>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ForeignKey {
    /// Referencing columns.
    pub columns: Vec<String>,
    /// Referenced table.
    pub ref_table: String,
    /// Referenced columns (empty = the referenced table's primary key).
    pub ref_columns: Vec<String>,
    /// `ON DELETE` action, upper-cased; `None` = the default (NO ACTION).
    pub on_delete: Option<String>,
    /// `ON UPDATE` action.
    pub on_update: Option<String>,
    /// Its name.
    pub name: Name,
    /// What one dialect alone keeps of it (PostgreSQL's `DEFERRABLE`).
    pub attrs: Attrs<ConstraintAttr>,
}

/// A `CREATE INDEX` index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Name.
    pub name: String,
    /// Indexed columns or expressions, each normalised (`status`, `lower(email)`, `created_at DESC`).
    pub columns: Vec<String>,
    /// `CREATE UNIQUE INDEX`.
    pub unique: bool,
    /// Partial-index predicate (`WHERE …`), normalised.
    pub predicate: Option<String>,
    /// Access method or index kind when it is not the database's default
    /// (B-tree), so that a GIN or FULLTEXT index is not rebuilt as a B-tree:
    /// PostgreSQL's `USING` name in lower case (`gin`, `gist`, `brin`,
    /// `hash`, `spgist`), MariaDB's `INDEX_TYPE` in upper case (`FULLTEXT`,
    /// `SPATIAL`, `HASH`). Always `None` on SQLite.
    pub method: Option<String>,
    /// What one dialect alone keeps of it (PostgreSQL's `INCLUDE`).
    pub attrs: Attrs<IndexAttr>,
}

impl Index {
    /// Whether `other` is this index but for attributes the database
    /// changes in place ([`IndexAttr::in_place`]: PostgreSQL's storage
    /// parameters), so that a change is `ALTER INDEX`, not a rebuild.
    pub fn same_but_in_place(&self, other: &Index) -> bool {
        let rebuilt = |i: &Index| {
            let mut i = i.clone();
            i.attrs.retain(|a| !a.in_place());
            i
        };
        rebuilt(self) == rebuilt(other)
    }
}

impl Table {
    /// Columns sorted by name: column order is not part of a schema's
    /// meaning (and PostgreSQL cannot change it without a rebuild).
    pub fn columns_by_name(&self) -> Vec<&Column> {
        let mut cols: Vec<&Column> = self.columns.iter().collect();
        cols.sort_by(|a, b| a.name.cmp(&b.name));
        cols
    }

    /// A column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }

    /// Sorts the order-insensitive parts so equal tables compare equal.
    pub fn normalise(&mut self) {
        self.uniques.sort();
        self.uniques.dedup();
        self.foreign_keys.sort();
        self.checks.sort();
        // A single-column UNIQUE on the primary key adds nothing.
        let pk = self.primary_key.clone();
        self.uniques.retain(|u| u.columns != pk);
    }
}

impl fmt::Display for ForeignKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}) -> {}({})",
            self.columns.join(", "),
            self.ref_table,
            self.ref_columns.join(", ")
        )?;
        if let Some(a) = &self.on_delete {
            write!(f, " ON DELETE {a}")?;
        }
        if let Some(a) = &self.on_update {
            write!(f, " ON UPDATE {a}")?;
        }
        if !self.attrs.is_empty() {
            write!(f, " {}", self.attrs)?;
        }
        Ok(())
    }
}

/// Collapses whitespace and upper-cases a type name, leaving quoted parts
/// (enum labels, quoted type names) as they are.
pub(crate) fn normalise_type(ty: &str) -> String {
    let collapsed = ty.split_whitespace().collect::<Vec<_>>().join(" ");
    let spaced = collapsed
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")");
    fold_unquoted(&spaced, true)
}

/// A type name as the renderers write it: lower case outside quotes.
pub(crate) fn type_sql(ty: &str) -> String {
    fold_unquoted(ty, false)
}

/// Upper- or lower-cases the characters of `s` that are outside `'…'` and `"…"`.
fn fold_unquoted(s: &str, upper: bool) -> String {
    let mut quote: Option<char> = None;
    s.chars()
        .map(|c| match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                c
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                c
            }
            None if upper => c.to_ascii_uppercase(),
            None => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Normalises an expression's text: single spaces, no redundant outer parentheses.
pub(crate) fn normalise_expr(expr: &str) -> String {
    let mut s = expr.split_whitespace().collect::<Vec<_>>().join(" ");
    while s.starts_with('(') && s.ends_with(')') && balanced(&s[1..s.len() - 1]) {
        s = s[1..s.len() - 1].trim().to_string();
    }
    s
}

/// True if parentheses in `s` balance without going negative.
fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_namespace_left_out_takes_its_objects_and_only_them() {
        let mut s = Schema::default();
        for ns in ["billing", "audit"] {
            s.namespaces.insert(ns.into());
        }
        for key in ["t", "billing.t", "audit.log", "audit.t"] {
            s.tables.insert(
                key.into(),
                Table {
                    name: key.into(),
                    ..Table::default()
                },
            );
        }
        s.views.insert(
            "audit.v".into(),
            View {
                name: "audit.v".into(),
                columns: vec![],
                definition: "SELECT 1".into(),
                reads: None,
                ..View::default()
            },
        );
        let keep: std::collections::BTreeSet<String> = ["billing".to_string()].into();
        assert_eq!(s.retain_namespaces(&keep), vec!["audit".to_string()]);
        assert_eq!(s.tables.keys().collect::<Vec<_>>(), vec!["billing.t", "t"]);
        assert!(s.views.is_empty());
        assert_eq!(s.namespaces, keep);
        assert_eq!(split_qualified("billing.t"), (Some("billing"), "t"));
        assert_eq!(split_qualified("t"), (None, "t"));
    }

    #[test]
    fn expressions_and_types_normalise() {
        assert_eq!(normalise_expr("((a  > 0))"), "a > 0");
        assert_eq!(normalise_expr("(a) + (b)"), "(a) + (b)");
        assert_eq!(normalise_type("varchar ( 255 )"), "VARCHAR(255)");
        assert_eq!(normalise_type("enum('New','it''s')"), "ENUM('New','it''s')");
        assert_eq!(type_sql("ENUM('New') \"Mood\""), "enum('New') \"Mood\"");
    }
}
