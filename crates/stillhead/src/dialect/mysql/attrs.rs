//! What MariaDB alone keeps on a column or a constraint, as typed
//! attributes of the shared model (`schema::attrs`): read by
//! `introspect.rs`, written by `render.rs`, compared as sets by the diff.

use std::fmt;

use crate::schema::attrs::{
    Attrs, ColumnAttr as Any, ConstraintAttr as AnyConstraint, IndexAttr as AnyIndex,
    RoutineAttr as AnyRoutine, TableAttr as AnyTable, TriggerAttr as AnyTrigger,
    ViewAttr as AnyView,
};
use crate::schema::{Check, Column, Routine, Table, Trigger, View};

/// A column attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnAttr {
    /// `ON UPDATE expr` (`CURRENT_TIMESTAMP`): the value the server writes
    /// into the column whenever its row changes.
    OnUpdate(String),
    /// `CHARACTER SET cs COLLATE name`: a collation other than its table's
    /// default (a column written without one takes the table's, also in a
    /// `MODIFY COLUMN`). Not on `JSON`, whose `utf8mb4_bin` is its type's.
    Collation(String),
    /// `INVISIBLE`: left out of `SELECT *` and of an `INSERT` without a
    /// column list.
    Invisible,
    /// `COMPRESSED` (10.3+): the column's values are stored zlib-compressed
    /// (`information_schema` writes it in the type, `/*M!100301
    /// COMPRESSED*/`).
    Compressed,
    /// `WITHOUT SYSTEM VERSIONING`: of a system-versioned table, a column
    /// whose changes make no history row.
    WithoutVersioning,
}

/// A view attribute of MariaDB's, each where it is not the default
/// (`ALGORITHM=UNDEFINED`, `SQL SECURITY DEFINER`, no check option).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ViewAttr {
    /// `ALGORITHM=MERGE` or `TEMPTABLE`.
    Algorithm(String),
    /// `SQL SECURITY INVOKER`: the tables are read with the caller's
    /// privileges, not the definer's.
    SecurityInvoker,
    /// `WITH CASCADED CHECK OPTION` (`true`) or `WITH LOCAL CHECK OPTION`.
    CheckOption {
        /// `CASCADED` rather than `LOCAL`.
        cascaded: bool,
    },
}

/// An attribute of a (non-unique) index of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndexAttr {
    /// `COMMENT 'text'` (a change builds the index again).
    Comment(String),
    /// `IGNORED` (10.6+): kept up to date, never used by the optimizer;
    /// changed in place by `ALTER TABLE … ALTER INDEX … [NOT] IGNORED`.
    Ignored,
}

impl fmt::Display for IndexAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IndexAttr::Comment(text) => {
                use crate::dialect::sql::SqlText;
                write!(f, "COMMENT {}", super::SQL.literal(text))
            }
            IndexAttr::Ignored => f.write_str("IGNORED"),
        }
    }
}

impl From<IndexAttr> for AnyIndex {
    fn from(a: IndexAttr) -> AnyIndex {
        AnyIndex::Mysql(a)
    }
}

/// ` COMMENT '…'` and ` IGNORED` after an index's key parts, where it has them.
pub(crate) fn index_options(attrs: &Attrs<AnyIndex>) -> String {
    let mut s = String::new();
    for a in attrs.iter() {
        if let AnyIndex::Mysql(a) = a {
            s.push(' ');
            s.push_str(&a.to_string());
        }
    }
    s
}

/// What MariaDB keeps with a routine, trigger or event besides its text.
/// The session context it was made in and runs its body under: each part
/// only where it is not the context of the session that read it
/// (stillhead's, which loads `schema.sql` and runs migrations), so an
/// object made as a migration makes it has none; a migration sets each
/// around the statement that makes the object (`render.rs`). And its
/// definer, only where `[autogenerate] definer` names the one every object
/// is defined by (`code::definers`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CodeAttr {
    /// `sql_mode` (`ANSI_QUOTES` changes how the body was read).
    SqlMode(String),
    /// `character_set_client`: how the body's text was sent.
    CharacterSetClient(String),
    /// `collation_connection`: the collation of the body's literals.
    CollationConnection(String),
    /// `time_zone` (events): the zone the schedule's times are in.
    TimeZone(String),
    /// `DEFINER=user@host`: whose privileges a `SQL SECURITY DEFINER`
    /// body runs with (`user@host`, as `information_schema` writes it).
    Definer(String),
}

impl CodeAttr {
    /// The session variable it sets and its value (not for the definer).
    pub(crate) fn variable(&self) -> Option<(&'static str, &str)> {
        match self {
            CodeAttr::SqlMode(v) => Some(("sql_mode", v)),
            CodeAttr::CharacterSetClient(v) => Some(("character_set_client", v)),
            CodeAttr::CollationConnection(v) => Some(("collation_connection", v)),
            CodeAttr::TimeZone(v) => Some(("time_zone", v)),
            CodeAttr::Definer(_) => None,
        }
    }
}

impl fmt::Display for CodeAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self, self.variable()) {
            (_, Some((name, value))) => write!(f, "{name} '{value}'"),
            (CodeAttr::Definer(user), None) => write!(f, "definer {user}"),
            (_, None) => Ok(()),
        }
    }
}

/// `DEFINER=`user`@`host`` for `user@host` (split at its last `@`).
pub(crate) fn definer_clause(user_at_host: &str) -> String {
    let (user, host) = user_at_host.rsplit_once('@').unwrap_or((user_at_host, "%"));
    use crate::dialect::sql::SqlText;
    format!(
        "DEFINER={}@{}",
        super::SQL.ident(user),
        super::SQL.ident(host)
    )
}

impl From<CodeAttr> for AnyRoutine {
    fn from(a: CodeAttr) -> AnyRoutine {
        AnyRoutine::Mysql(a)
    }
}

impl From<CodeAttr> for AnyTrigger {
    fn from(a: CodeAttr) -> AnyTrigger {
        AnyTrigger::Mysql(a)
    }
}

/// A table attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableAttr {
    /// `DEFAULT CHARSET=cs COLLATE=name`: the table's default collation,
    /// kept on every table (as mysqldump writes it) so that a migration
    /// says which it makes; the scratch database that holds `schema.sql`
    /// has the live database's default, so a table declared without one
    /// compares equal to one made with that default.
    Collation(String),
    /// `ENGINE=name` other than InnoDB (which the renderer writes).
    Engine(String),
    /// `PARTITION BY …` with its partitions, as `SHOW CREATE TABLE` prints
    /// it (`partitions.rs`).
    Partitioned(String),
    /// `AUTO_INCREMENT=N` (N > 1) of a table `schema.sql` declares: where
    /// its numbers start. Read only of the declared side and kept only for
    /// a table a migration creates (`align.rs`): a live table's value is a
    /// counter, not schema.
    AutoIncrementStart(u64),
    /// `WITH SYSTEM VERSIONING`: the table keeps each row's past versions
    /// (in its hidden `ROW_START`/`ROW_END` columns; a table naming its own
    /// period columns is named "not compared" by `coverage.rs`).
    SystemVersioned,
    /// A table option of [`KEPT_OPTIONS`] (`ROW_FORMAT=COMPRESSED`,
    /// `STATS_PERSISTENT=1`), as `information_schema.TABLES.CREATE_OPTIONS`
    /// lists it: its name upper-cased, its value.
    Option(String, String),
}

/// The table options the model keeps, each with the value that takes it
/// back to the server's default in `ALTER TABLE` (MariaDB 10.11: after
/// it, the option is gone from `CREATE_OPTIONS`). The others
/// (`KEY_BLOCK_SIZE`, which a reset leaves on the keys; `PAGE_COMPRESSED`,
/// `ENCRYPTED`, Aria's `TRANSACTIONAL`…) are named "not compared".
pub(crate) const KEPT_OPTIONS: &[(&str, &str)] = &[
    ("ROW_FORMAT", "DEFAULT"),
    ("STATS_PERSISTENT", "DEFAULT"),
    ("STATS_AUTO_RECALC", "DEFAULT"),
    ("STATS_SAMPLE_PAGES", "DEFAULT"),
    ("PACK_KEYS", "DEFAULT"),
    ("CHECKSUM", "0"),
    ("MAX_ROWS", "0"),
    ("MIN_ROWS", "0"),
    ("AVG_ROW_LENGTH", "0"),
    ("DELAY_KEY_WRITE", "0"),
];

/// A constraint attribute of MariaDB's.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstraintAttr {
    /// A check written in its column's definition (`LEVEL = Column`,
    /// named after the column): it goes with the column, and is written
    /// back there (a `MODIFY COLUMN` without it drops it).
    OnColumn,
}

impl fmt::Display for ColumnAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ColumnAttr::OnUpdate(expr) => write!(f, "ON UPDATE {expr}"),
            ColumnAttr::Collation(name) => {
                write!(f, "CHARACTER SET {} COLLATE {name}", charset_of(name))
            }
            ColumnAttr::Invisible => f.write_str("INVISIBLE"),
            ColumnAttr::WithoutVersioning => f.write_str("WITHOUT SYSTEM VERSIONING"),
            ColumnAttr::Compressed => f.write_str("COMPRESSED"),
        }
    }
}

impl fmt::Display for ConstraintAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintAttr::OnColumn => f.write_str("written on its column"),
        }
    }
}

impl fmt::Display for TableAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableAttr::Collation(name) => {
                write!(f, "DEFAULT CHARSET={} COLLATE={name}", charset_of(name))
            }
            TableAttr::Engine(name) => write!(f, "ENGINE={name}"),
            TableAttr::Option(name, value) => write!(f, "{name}={value}"),
            TableAttr::SystemVersioned => f.write_str("WITH SYSTEM VERSIONING"),
            TableAttr::AutoIncrementStart(n) => write!(f, "AUTO_INCREMENT={n}"),
            TableAttr::Partitioned(clause) => f.write_str(clause),
        }
    }
}

impl fmt::Display for ViewAttr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewAttr::Algorithm(name) => write!(f, "ALGORITHM={name}"),
            ViewAttr::SecurityInvoker => f.write_str("SQL SECURITY INVOKER"),
            ViewAttr::CheckOption { cascaded: true } => f.write_str("WITH CASCADED CHECK OPTION"),
            ViewAttr::CheckOption { cascaded: false } => f.write_str("WITH LOCAL CHECK OPTION"),
        }
    }
}

impl From<ViewAttr> for AnyView {
    fn from(a: ViewAttr) -> AnyView {
        AnyView::Mysql(a)
    }
}

/// A view's attributes as the information schema gives them (security
/// type, check option, algorithm), each where it is not the default.
pub(crate) fn view_attrs(security: &str, check: &str, algorithm: &str) -> Attrs<AnyView> {
    [
        (security == "INVOKER").then_some(ViewAttr::SecurityInvoker),
        match check {
            "CASCADED" => Some(ViewAttr::CheckOption { cascaded: true }),
            "LOCAL" => Some(ViewAttr::CheckOption { cascaded: false }),
            _ => None,
        },
        (!algorithm.is_empty() && algorithm != "UNDEFINED")
            .then(|| ViewAttr::Algorithm(algorithm.to_string())),
    ]
    .into_iter()
    .flatten()
    .map(Into::into)
    .collect()
}

/// `CREATE` or `ALTER` of a view with its attributes where MariaDB takes
/// them: `{verb} [ALGORITHM=…] [SQL SECURITY …] VIEW name AS … [WITH …
/// CHECK OPTION]`. `ALTER VIEW` keeps an algorithm and a security it is
/// not told, so it is told both, defaults too.
pub(crate) fn view_statement(verb: &str, view: &View, name: &str, columns: &str) -> String {
    let mine = || {
        view.attrs.iter().filter_map(|a| match a {
            AnyView::Mysql(a) => Some(a),
            _ => None,
        })
    };
    let head: String = if verb == "ALTER" {
        let algorithm = mine()
            .find_map(|a| match a {
                ViewAttr::Algorithm(name) => Some(name.as_str()),
                _ => None,
            })
            .unwrap_or("UNDEFINED");
        let invoker = mine().any(|a| *a == ViewAttr::SecurityInvoker);
        let security = if invoker { "INVOKER" } else { "DEFINER" };
        format!(" ALGORITHM={algorithm} SQL SECURITY {security}")
    } else {
        mine()
            .filter(|a| !matches!(a, ViewAttr::CheckOption { .. }))
            .map(|a| format!(" {a}"))
            .collect()
    };
    let tail: String = mine()
        .filter(|a| matches!(a, ViewAttr::CheckOption { .. }))
        .map(|a| format!(" {a}"))
        .collect();
    format!(
        "{verb}{head} VIEW {name}{columns} AS {}{tail}",
        view.definition
    )
}

impl From<TableAttr> for AnyTable {
    fn from(a: TableAttr) -> AnyTable {
        AnyTable::Mysql(a)
    }
}

impl From<ColumnAttr> for Any {
    fn from(a: ColumnAttr) -> Any {
        Any::Mysql(a)
    }
}

impl From<ConstraintAttr> for AnyConstraint {
    fn from(a: ConstraintAttr) -> AnyConstraint {
        AnyConstraint::Mysql(a)
    }
}

/// A column's `ON UPDATE` expression.
pub(crate) fn on_update(c: &Column) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        Any::Mysql(ColumnAttr::OnUpdate(expr)) => Some(expr.as_str()),
        _ => None,
    })
}

/// Whether a check is written on its column.
pub(crate) fn on_column(c: &Check) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == AnyConstraint::Mysql(ConstraintAttr::OnColumn))
}

/// A column's collation, where it is not its table's default.
pub(crate) fn collation(c: &Column) -> Option<&str> {
    c.attrs.iter().find_map(|a| match a {
        Any::Mysql(ColumnAttr::Collation(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// Whether a column is `INVISIBLE`.
pub(crate) fn invisible(c: &Column) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == Any::Mysql(ColumnAttr::Invisible))
}

/// Whether a column is `COMPRESSED`.
pub(crate) fn compressed(c: &Column) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == Any::Mysql(ColumnAttr::Compressed))
}

/// Whether a column is `WITHOUT SYSTEM VERSIONING`.
pub(crate) fn without_versioning(c: &Column) -> bool {
    c.attrs
        .iter()
        .any(|a| *a == Any::Mysql(ColumnAttr::WithoutVersioning))
}

/// Where a table's `AUTO_INCREMENT` numbers start, where `schema.sql` says.
pub(crate) fn auto_increment_start(t: &Table) -> Option<u64> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Mysql(TableAttr::AutoIncrementStart(n)) => Some(*n),
        _ => None,
    })
}

/// Whether a table is `WITH SYSTEM VERSIONING`.
pub(crate) fn system_versioned(t: &Table) -> bool {
    t.attrs
        .iter()
        .any(|a| *a == AnyTable::Mysql(TableAttr::SystemVersioned))
}

/// A table's engine: InnoDB unless it says otherwise.
pub(crate) fn engine(t: &Table) -> &str {
    t.attrs
        .iter()
        .find_map(|a| match a {
            AnyTable::Mysql(TableAttr::Engine(name)) => Some(name.as_str()),
            _ => None,
        })
        .unwrap_or("InnoDB")
}

/// `information_schema.TABLES.CREATE_OPTIONS` as the options a `CREATE
/// TABLE` writes, one each: `row_format=COMPRESSED stats_persistent=1` is
/// `ROW_FORMAT=COMPRESSED` and `STATS_PERSISTENT=1`; `` `PAGE_COMPRESSED`='ON' ``
/// is `PAGE_COMPRESSED='ON'`. `partitioned` is left out (the partitioning is
/// named on its own).
pub(crate) fn create_options(options: &str) -> Vec<String> {
    options
        .split_whitespace()
        .filter(|o| !o.eq_ignore_ascii_case("partitioned"))
        .map(|o| match o.split_once('=') {
            Some((key, value)) => format!("{}={value}", key.trim_matches('`').to_uppercase()),
            None => o.trim_matches('`').to_uppercase(),
        })
        .collect()
}

/// One option of [`create_options`] as the model keeps it, if it is one of
/// [`KEPT_OPTIONS`].
pub(crate) fn kept_option(option: &str) -> Option<TableAttr> {
    let (name, value) = option.split_once('=')?;
    KEPT_OPTIONS
        .iter()
        .any(|(kept, _)| *kept == name)
        .then(|| TableAttr::Option(name.to_string(), value.to_string()))
}

/// A table's kept options, as (name, value).
pub(crate) fn table_options(t: &Table) -> Vec<(&str, &str)> {
    t.attrs
        .iter()
        .filter_map(|a| match a {
            AnyTable::Mysql(TableAttr::Option(name, value)) => {
                Some((name.as_str(), value.as_str()))
            }
            _ => None,
        })
        .collect()
}

/// The `ALTER TABLE` options that take `from`'s kept options to `to`'s:
/// each new or changed one set, each gone one reset; empty when they agree.
pub(crate) fn option_changes(from: &Table, to: &Table) -> Vec<String> {
    let (old, new) = (table_options(from), table_options(to));
    let reset = old
        .iter()
        .filter(|(name, _)| !new.iter().any(|(n, _)| n == name))
        .filter_map(|(name, _)| {
            KEPT_OPTIONS
                .iter()
                .find(|(kept, _)| kept == name)
                .map(|(_, reset)| format!("{name}={reset}"))
        });
    let set = new
        .iter()
        .filter(|option| !old.contains(option))
        .map(|(name, value)| format!("{name}={value}"));
    reset.chain(set).collect()
}

/// A table's default collation, where it was read from the database.
pub(crate) fn table_collation(t: &Table) -> Option<&str> {
    t.attrs.iter().find_map(|a| match a {
        AnyTable::Mysql(TableAttr::Collation(name)) => Some(name.as_str()),
        _ => None,
    })
}

/// A collation's character set: its name up to the first `_` (MariaDB's
/// collations are all named so; `binary` is its own).
pub(crate) fn charset_of(collation: &str) -> &str {
    collation.split('_').next().unwrap_or(collation)
}

/// The session context a trigger was made in (`CodeAttr`), where not the
/// session's.
pub(crate) fn trigger_context(t: &Trigger) -> Vec<&CodeAttr> {
    t.attrs
        .iter()
        .filter_map(|a| match a {
            AnyTrigger::Mysql(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// The session context a routine or event was made in (`CodeAttr`), where
/// not the session's.
pub(crate) fn routine_context(r: &Routine) -> Vec<&CodeAttr> {
    r.attrs
        .iter()
        .map(|a| match a {
            AnyRoutine::Mysql(c) => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_views_attributes_are_read_where_not_the_default_and_written_in_place() {
        assert!(view_attrs("DEFINER", "NONE", "UNDEFINED").is_empty());
        let view = View {
            name: "v".into(),
            definition: "select 1 AS `a`".into(),
            attrs: view_attrs("INVOKER", "LOCAL", "MERGE"),
            ..View::default()
        };
        assert_eq!(
            view_statement("ALTER", &view, "`v`", ""),
            "ALTER ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v` AS select 1 AS `a` WITH LOCAL CHECK OPTION"
        );
        assert_eq!(
            view_statement("CREATE", &view, "`v`", ""),
            "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW `v` AS select 1 AS `a` WITH LOCAL CHECK OPTION"
        );
        let plain = View {
            attrs: Default::default(),
            ..view
        };
        assert_eq!(
            view_statement("ALTER", &plain, "`v`", ""),
            "ALTER ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1 AS `a`"
        );
    }
}
