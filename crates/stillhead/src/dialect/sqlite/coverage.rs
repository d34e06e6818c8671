//! What a SQLite schema says that the model does not describe
//! (ARCHITECTURE.md "Never silent"). SQLite keeps each table, index and
//! view as the `CREATE` text it was given, and the model is parsed from
//! that text (`introspect.rs`), so whatever the parser reads and the model
//! drops is found here by walking the same syntax trees (`STRICT`,
//! `WITHOUT ROWID`, collations, constraint names, deferred foreign keys,
//! conflict clauses, `PRIMARY KEY DESC`, key parts with a collation or an
//! order and a foreign key's `MATCH` are the model's, `sqlite/attrs.rs`).
//! Each tree is destructured naming every field, so
//! a field a newer sqlparser adds is a compile error here, not a silent
//! pass. Triggers and virtual tables are compared by their whole text, so
//! nothing of them goes unsaid.

use crate::dialect::DialectBackend;
use sqlparser::ast::{
    ColumnDef, ColumnOption, ColumnOptionDef, ConstraintCharacteristics, CreateIndex, CreateTable,
    CreateTableOptions, Expr, GeneratedExpressionMode, HiveDistributionStyle, HiveFormat, Ident,
    IndexColumn, KeyOrIndexDisplay, NullsDistinctOption, OrderByExpr, OrderByOptions, Statement,
    TableConstraint, ViewColumnDef,
};

use crate::dialect::{Connection, Dialect, Value};
use crate::error::DbError;
use crate::schema::coverage::NotCompared;
use crate::schema::parse::{
    is_shadow_table, last_name, parse_one, statement_head, virtual_table_from,
};

/// Every item of the database behind `conn`: one query for the text of
/// every table, index and view (triggers and virtual tables are compared
/// whole).
pub(crate) fn not_compared(
    conn: &mut dyn Connection,
    skip: &[&str],
) -> Result<Vec<NotCompared>, DbError> {
    let rows = conn.query(
        "SELECT name, sql, tbl_name FROM sqlite_master WHERE type IN ('table', 'index', 'view')
           AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
        &[],
    )?;
    let text = |v: Option<&Value>| v.map(Value::to_text).unwrap_or_default();
    // stillhead's own tables (and an adopted tool's), with their indexes,
    // are not the user's schema.
    let rows: Vec<(String, String)> = rows
        .iter()
        .filter(|r| !skip.contains(&text(r.get(2)).as_str()))
        .map(|r| (text(r.first()), text(r.get(1))))
        .collect();
    Ok(probe(&rows))
}

/// The items of `(name, sql)` rows as `sqlite_master` keeps them.
pub(crate) fn probe(rows: &[(String, String)]) -> Vec<NotCompared> {
    let virtual_tables: Vec<String> = rows
        .iter()
        .filter_map(|(_, sql)| virtual_table_from(sql).map(|v| v.name))
        .collect();
    let parser = Dialect::Sqlite.tooling().parser();
    let mut out = Vec::new();
    for (name, sql) in rows {
        if virtual_table_from(sql).is_some() || is_shadow_table(name, virtual_tables.iter()) {
            continue;
        }
        // What the parser refuses is taken out before it reads the rest.
        if let Some((_, clauses)) = crate::dialect::sqlite::strip_unread_clauses(sql) {
            for clause in clauses.into_iter().filter(|c| !c.in_model()) {
                out.push(NotCompared::attribute("table", name, clause.words));
            }
        }
        match parse_one(parser.as_ref(), Dialect::Sqlite, sql) {
            Ok(statements) => {
                for statement in &statements {
                    statement_items(statement, &mut out);
                }
            }
            // The model is read from the same text and fails first; should
            // it not, the statement is still named.
            Err(e) => out.push(NotCompared::attribute(
                "statement",
                statement_head(sql),
                format!("unreadable ({e})"),
            )),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn statement_items(statement: &Statement, out: &mut Vec<NotCompared>) {
    match statement {
        Statement::CreateTable(t) => table_items(t, out),
        Statement::CreateIndex(i) => index_items(i, out),
        Statement::CreateView {
            or_alter,
            or_replace,
            materialized,
            secure,
            name,
            name_before_not_exists: _,
            columns,
            query: _,
            options,
            cluster_by,
            comment,
            with_no_schema_binding,
            // Not kept by SQLite in `sqlite_master`, and not schema.
            if_not_exists: _,
            temporary: _,
            to,
            params,
        } => {
            let name = last_name(name);
            let view_columns = columns.iter().any(
                |ViewColumnDef {
                     name: _,
                     data_type,
                     options,
                 }| data_type.is_some() || options.is_some(),
            );
            let clauses = [
                ("OR ALTER", *or_alter),
                ("OR REPLACE", *or_replace),
                ("MATERIALIZED", *materialized),
                ("SECURE", *secure),
                ("column types or options", view_columns),
                ("options", *options != CreateTableOptions::None),
                ("CLUSTER BY", !cluster_by.is_empty()),
                ("COMMENT", comment.is_some()),
                ("WITH NO SCHEMA BINDING", *with_no_schema_binding),
                ("TO", to.is_some()),
                ("ALGORITHM, DEFINER or SQL SECURITY", params.is_some()),
            ];
            clauses_set("view", &name, &clauses, out);
        }
        other => out.push(NotCompared::object(
            "statement",
            statement_head(&other.to_string()),
        )),
    }
}

/// Pushes one item for each clause whose flag is set.
fn clauses_set(kind: &str, name: &str, clauses: &[(&str, bool)], out: &mut Vec<NotCompared>) {
    for (clause, set) in clauses {
        if *set {
            out.push(NotCompared::attribute(kind, name, *clause));
        }
    }
}

fn table_items(t: &CreateTable, out: &mut Vec<NotCompared>) {
    let CreateTable {
        or_replace,
        // SQLite writes neither into `sqlite_master`; neither is schema.
        temporary: _,
        if_not_exists: _,
        external,
        dynamic,
        global,
        transient,
        volatile,
        iceberg,
        name,
        columns,
        constraints,
        hive_distribution,
        hive_formats,
        table_options,
        file_format,
        location,
        query,
        without_rowid,
        like,
        clone,
        version,
        comment,
        on_commit,
        on_cluster,
        primary_key,
        order_by,
        partition_by,
        cluster_by,
        clustered_by,
        inherits,
        strict,
        copy_grants,
        enable_schema_evolution,
        change_tracking,
        data_retention_time_in_days,
        max_data_extension_time_in_days,
        default_ddl_collation,
        with_aggregation_policy,
        with_row_access_policy,
        with_tags,
        external_volume,
        base_location,
        catalog,
        catalog_sync,
        storage_serialization_policy,
        target_lag,
        warehouse,
        refresh_mode,
        initialize,
        require_user,
    } = t;
    let table = last_name(name);
    // SQLite's two table options (STRICT, WITHOUT ROWID) are the model's
    // (`sqlite/attrs.rs`); the rest are other databases' clauses, which
    // SQLite would not have stored, named if ever met.
    let _ = (strict, without_rowid);
    let hive = hive_formats
        .as_ref()
        .is_some_and(|h| *h != HiveFormat::default());
    let clauses = [
        ("OR REPLACE", *or_replace),
        ("EXTERNAL", *external),
        ("DYNAMIC", *dynamic),
        ("GLOBAL or LOCAL", global.is_some()),
        ("TRANSIENT", *transient),
        ("VOLATILE", *volatile),
        ("ICEBERG", *iceberg),
        (
            "PARTITIONED or SKEWED BY",
            *hive_distribution != HiveDistributionStyle::NONE,
        ),
        ("ROW FORMAT or STORED AS", hive),
        ("options", *table_options != CreateTableOptions::None),
        ("STORED AS", file_format.is_some()),
        ("LOCATION", location.is_some()),
        ("AS SELECT", query.is_some()),
        ("LIKE", like.is_some()),
        ("CLONE", clone.is_some()),
        ("a version", version.is_some()),
        ("COMMENT", comment.is_some()),
        ("ON COMMIT", on_commit.is_some()),
        ("ON CLUSTER", on_cluster.is_some()),
        ("PRIMARY KEY expression", primary_key.is_some()),
        ("ORDER BY", order_by.is_some()),
        ("PARTITION BY", partition_by.is_some()),
        ("CLUSTER BY", cluster_by.is_some()),
        ("CLUSTERED BY", clustered_by.is_some()),
        ("INHERITS", inherits.is_some()),
        ("COPY GRANTS", *copy_grants),
        ("ENABLE_SCHEMA_EVOLUTION", enable_schema_evolution.is_some()),
        ("CHANGE_TRACKING", change_tracking.is_some()),
        (
            "DATA_RETENTION_TIME_IN_DAYS",
            data_retention_time_in_days.is_some(),
        ),
        (
            "MAX_DATA_EXTENSION_TIME_IN_DAYS",
            max_data_extension_time_in_days.is_some(),
        ),
        ("DEFAULT_DDL_COLLATION", default_ddl_collation.is_some()),
        ("WITH AGGREGATION POLICY", with_aggregation_policy.is_some()),
        ("WITH ROW ACCESS POLICY", with_row_access_policy.is_some()),
        ("WITH TAG", with_tags.is_some()),
        ("EXTERNAL_VOLUME", external_volume.is_some()),
        ("BASE_LOCATION", base_location.is_some()),
        ("CATALOG", catalog.is_some()),
        ("CATALOG_SYNC", catalog_sync.is_some()),
        (
            "STORAGE_SERIALIZATION_POLICY",
            storage_serialization_policy.is_some(),
        ),
        ("TARGET_LAG", target_lag.is_some()),
        ("WAREHOUSE", warehouse.is_some()),
        ("REFRESH_MODE", refresh_mode.is_some()),
        ("INITIALIZE", initialize.is_some()),
        ("REQUIRE USER", *require_user),
    ];
    clauses_set("table", &table, &clauses, out);
    for column in columns {
        column_items(&table, column, out);
    }
    for constraint in constraints {
        constraint_items(&table, constraint, out);
    }
}

fn column_items(table: &str, column: &ColumnDef, out: &mut Vec<NotCompared>) {
    let ColumnDef {
        name: column_name,
        data_type: _,
        options,
    } = column;
    let column = format!("{table}.{}", column_name.value);
    // A conflict clause or an order belongs to the constraint before it.
    let mut previous = String::new();
    for ColumnOptionDef { name, option } in options {
        let label = option_label(option);
        // The model keeps the names of keys, foreign keys and checks
        // (`schema/parse.rs`), and of the column's other constraints as
        // its attributes (`sqlite/attrs.rs`), not of anything else.
        let named_in_model = matches!(
            option,
            ColumnOption::Unique { .. }
                | ColumnOption::ForeignKey { .. }
                | ColumnOption::Check(_)
                | ColumnOption::NotNull
                | ColumnOption::Null
                | ColumnOption::Default(_)
                | ColumnOption::Collation(_)
                | ColumnOption::Generated {
                    generation_expr: Some(_),
                    ..
                }
        );
        if let Some(name) = name.as_ref().filter(|_| !named_in_model) {
            out.push(constraint_name(
                table,
                name,
                &format!("{label} on {column}"),
            ));
        }
        if let ColumnOption::ForeignKey {
            characteristics: Some(c),
            ..
        } = option
        {
            if let Some(what) = unkept_characteristics(c) {
                out.push(foreign_key_item(table, &[&column_name.value], what));
            }
        } else if let Some(what) = option_item(option, &previous) {
            out.push(NotCompared::attribute("column", &column, what));
        }
        if !matches!(
            option,
            ColumnOption::OnConflict(_) | ColumnOption::DialectSpecific(_)
        ) {
            previous = label;
        }
    }
}

/// The constraint a column option is, in the words of `CREATE TABLE`.
fn option_label(option: &ColumnOption) -> String {
    match option {
        ColumnOption::Unique {
            is_primary: true, ..
        } => "PRIMARY KEY".into(),
        ColumnOption::Unique { .. } => "UNIQUE".into(),
        ColumnOption::ForeignKey { .. } => "REFERENCES".into(),
        ColumnOption::Check(_) => "CHECK".into(),
        ColumnOption::NotNull => "NOT NULL".into(),
        ColumnOption::Null => "NULL".into(),
        ColumnOption::Default(_) => "DEFAULT".into(),
        ColumnOption::Generated { .. } => "GENERATED".into(),
        ColumnOption::Collation(_) => "COLLATE".into(),
        other => other.to_string(),
    }
}

/// What the model drops of one column option, if anything. `previous` is
/// the constraint before it (a conflict clause or an order belongs to it).
fn option_item(option: &ColumnOption, previous: &str) -> Option<String> {
    match option {
        // The model's own: nullability, default, key, reference, check,
        // generated expression and mode, AUTOINCREMENT.
        ColumnOption::Null | ColumnOption::NotNull | ColumnOption::Default(_) => None,
        ColumnOption::Check(_) | ColumnOption::Comment(_) | ColumnOption::Identity(_) => None,
        ColumnOption::Unique {
            is_primary,
            characteristics,
        } => characteristics.as_ref().and_then(|c| {
            let key = if *is_primary { "PRIMARY KEY" } else { "UNIQUE" };
            (*c != ConstraintCharacteristics::default()).then(|| format!("{key} {c}"))
        }),
        // Its characteristics are named as the foreign key's (`column_items`).
        ColumnOption::ForeignKey { .. } => None,
        // The model keeps a collation (`sqlite/attrs.rs`).
        ColumnOption::Collation(_) => None,
        // The model keeps a key's, a NOT NULL's and a NULL's
        // (`sqlite/attrs.rs`); SQLite refuses one after anything else.
        ColumnOption::OnConflict(keyword) => {
            (!matches!(previous, "PRIMARY KEY" | "UNIQUE" | "NOT NULL" | "NULL")).then(|| {
                format!("{previous} ON CONFLICT {keyword:?}")
                    .trim_start()
                    .to_string()
            })
        }
        ColumnOption::DialectSpecific(tokens) => {
            let text = tokens
                .iter()
                .map(|t| t.to_string().to_ascii_uppercase())
                .collect::<Vec<_>>()
                .join(" ");
            match text.as_str() {
                // The model keeps AUTOINCREMENT; ASC is a key's default
                // order; a key's DESC is its part's order (and, on an
                // INTEGER column, `DescNotRowid`).
                "AUTOINCREMENT" | "ASC" => None,
                "DESC" if previous == "PRIMARY KEY" => None,
                _ => Some(text),
            }
        }
        ColumnOption::Generated {
            generated_as: _,
            sequence_options,
            generation_expr,
            generation_expr_mode,
            generated_keyword: _,
        } => {
            let mode_kept = matches!(
                generation_expr_mode,
                None | Some(GeneratedExpressionMode::Virtual | GeneratedExpressionMode::Stored)
            );
            (generation_expr.is_none() || sequence_options.is_some() || !mode_kept)
                .then(|| option.to_string())
        }
        other @ (ColumnOption::Materialized(_)
        | ColumnOption::Ephemeral(_)
        | ColumnOption::Alias(_)
        | ColumnOption::CharacterSet(_)
        | ColumnOption::OnUpdate(_)
        | ColumnOption::Options(_)
        | ColumnOption::Policy(_)
        | ColumnOption::Tags(_)
        | ColumnOption::Srid(_)) => Some(other.to_string()),
    }
}

/// What the model does not keep of a foreign key's characteristics: an
/// `[NOT] ENFORCED`. `DEFERRABLE INITIALLY DEFERRED`, the one spelling
/// under which SQLite defers a key to commit, is its attribute
/// (`sqlite/attrs.rs`); every other spelling means immediate, as the
/// model's keys are.
fn unkept_characteristics(c: &ConstraintCharacteristics) -> Option<String> {
    c.enforced.is_some().then(|| c.to_string())
}

/// An attribute of the foreign key on `columns` of `table`, named as
/// `tags (account_id)` whether it was written on the column or the table.
fn foreign_key_item(table: &str, columns: &[&str], what: String) -> NotCompared {
    NotCompared::attribute(
        "foreign key",
        format!("{table} ({})", columns.join(", ")),
        what,
    )
}

/// SQLite keeps constraint names only in the table's text; the model keeps
/// those of every column constraint SQLite has, so a name on anything
/// else sqlparser reads is named.
fn constraint_name(table: &str, name: &Ident, what: &str) -> NotCompared {
    NotCompared::attribute(
        "constraint",
        format!("{} on {table}", name.value),
        format!("name of {what}"),
    )
}

fn constraint_items(table: &str, constraint: &TableConstraint, out: &mut Vec<NotCompared>) {
    let on_table = |what: String| NotCompared::attribute("table", table, what);
    match constraint {
        TableConstraint::PrimaryKey {
            name: _,
            index_name,
            index_type,
            columns,
            index_options,
            characteristics,
        } => {
            key_items(table, "PRIMARY KEY", columns, out);
            let other = index_name.is_some()
                || index_type.is_some()
                || !index_options.is_empty()
                || characteristics.is_some();
            if other {
                out.push(on_table(constraint.to_string()));
            }
        }
        TableConstraint::Unique {
            name: _,
            index_name,
            index_type_display,
            index_type,
            columns,
            index_options,
            characteristics,
            nulls_distinct,
        } => {
            key_items(table, "UNIQUE", columns, out);
            let other = index_name.is_some()
                || *index_type_display != KeyOrIndexDisplay::None
                || index_type.is_some()
                || !index_options.is_empty()
                || characteristics.is_some()
                || *nulls_distinct != NullsDistinctOption::None;
            if other {
                out.push(on_table(constraint.to_string()));
            }
        }
        TableConstraint::ForeignKey {
            name: _,
            index_name,
            columns,
            foreign_table: _,
            referred_columns: _,
            on_delete: _,
            on_update: _,
            characteristics,
        } => {
            let cols: Vec<&str> = columns.iter().map(|c| c.value.as_str()).collect();
            if let Some(what) = characteristics.as_ref().and_then(unkept_characteristics) {
                out.push(foreign_key_item(table, &cols, what));
            }
            if index_name.is_some() {
                out.push(on_table(constraint.to_string()));
            }
        }
        TableConstraint::Check {
            name: _,
            expr: _,
            enforced,
        } => {
            if enforced.is_some() {
                out.push(on_table(constraint.to_string()));
            }
        }
        other @ (TableConstraint::Index { .. } | TableConstraint::FulltextOrSpatial { .. }) => {
            out.push(on_table(other.to_string()))
        }
    }
}

/// A table's `PRIMARY KEY (…)` or `UNIQUE (…)`: each part that is more
/// than a column name with its collation and order (`schema/parse.rs`
/// `key_part` keeps those), which SQLite refuses anyway.
fn key_items(table: &str, key: &str, columns: &[IndexColumn], out: &mut Vec<NotCompared>) {
    for part in columns {
        if !plain_part(part) {
            out.push(NotCompared::attribute(
                "table",
                table,
                format!("{key} part {part}"),
            ));
        }
    }
}

/// A column name, with a collation or not, in either order.
fn plain_part(part: &IndexColumn) -> bool {
    let IndexColumn {
        column:
            OrderByExpr {
                expr,
                options:
                    OrderByOptions {
                        asc: _,
                        nulls_first,
                    },
                with_fill,
            },
        operator_class,
    } = part;
    let column = match expr {
        Expr::Collate { expr, .. } => &**expr,
        other => other,
    };
    matches!(column, Expr::Identifier(_))
        && nulls_first.is_none()
        && with_fill.is_none()
        && operator_class.is_none()
}

/// An index part the model keeps as it is written: an expression (with
/// its collation and order) or a column name with its order.
fn index_part_kept(part: &IndexColumn) -> bool {
    let IndexColumn {
        column:
            OrderByExpr {
                expr,
                options:
                    OrderByOptions {
                        asc: _,
                        nulls_first,
                    },
                with_fill,
            },
        operator_class,
    } = part;
    // `key_part` keeps a column name and its order only; an expression's
    // whole text.
    let whole_text = !matches!(expr, Expr::Identifier(_));
    whole_text || (nulls_first.is_none() && with_fill.is_none() && operator_class.is_none())
}

fn index_items(i: &CreateIndex, out: &mut Vec<NotCompared>) {
    let CreateIndex {
        name,
        table_name: _,
        using,
        columns,
        unique: _,
        concurrently,
        // Not kept by SQLite in `sqlite_master`, and not schema.
        if_not_exists: _,
        include,
        nulls_distinct,
        with,
        predicate: _,
        index_options,
        alter_options,
    } = i;
    let name = name.as_ref().map(last_name).unwrap_or_default();
    let parts = columns.iter().filter(|p| !index_part_kept(p));
    for part in parts {
        out.push(NotCompared::attribute(
            "index",
            &name,
            format!("part {part}"),
        ));
    }
    let clauses = [
        ("USING", using.is_some()),
        ("CONCURRENTLY", *concurrently),
        ("INCLUDE", !include.is_empty()),
        ("NULLS DISTINCT", nulls_distinct.is_some()),
        ("WITH", !with.is_empty()),
        (
            "options",
            !index_options.is_empty() || !alter_options.is_empty(),
        ),
    ];
    clauses_set("index", &name, &clauses, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(sql: &[&str]) -> Vec<String> {
        let rows: Vec<(String, String)> = sql
            .iter()
            .map(|s| {
                let word = s.split_whitespace().nth(2).unwrap_or("");
                let name = word.split('(').next().unwrap_or("").trim_matches('\'');
                (name.to_string(), s.to_string())
            })
            .collect();
        probe(&rows).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn what_the_model_describes_is_not_named() {
        let found = items(&[
            "CREATE TABLE a (id INTEGER PRIMARY KEY ASC AUTOINCREMENT, e TEXT NOT NULL UNIQUE COLLATE BINARY DEFAULT 'x', \
             n NUMERIC CHECK (n >= 0), p INTEGER REFERENCES a (id) ON DELETE CASCADE NOT DEFERRABLE, \
             g INTEGER GENERATED ALWAYS AS (n + 1) STORED, v AS (n * 2), UNIQUE (e, n), \
             FOREIGN KEY (p) REFERENCES a DEFERRABLE INITIALLY IMMEDIATE, CHECK (n < 10))",
            "CREATE TABLE b (x, y, PRIMARY KEY (x, y))",
            "CREATE INDEX i ON a (lower(e) COLLATE NOCASE DESC, n DESC) WHERE n > 0",
            "CREATE VIEW v (a, b) AS SELECT 1, 2",
            "CREATE VIRTUAL TABLE f USING fts5(body)",
            "CREATE TABLE 'f_config'(k PRIMARY KEY, v) WITHOUT ROWID",
            "CREATE TABLE t (a UNSIGNED BIG INT NOT NULL)",
            // SQLite's table options, collations and deferred keys too.
            "CREATE TABLE s (a TEXT PRIMARY KEY COLLATE NOCASE, b INTEGER REFERENCES s (a) \
             DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (a) REFERENCES s DEFERRABLE INITIALLY DEFERRED) \
             STRICT, WITHOUT ROWID",
            "CREATE TABLE r (a TEXT COLLATE RTRIM) STRICT",
            // Names of every constraint are in the model.
            "CREATE TABLE n (a INTEGER CONSTRAINT n_pk PRIMARY KEY, b CONSTRAINT b_u UNIQUE \
             CONSTRAINT b_fk REFERENCES n CONSTRAINT b_ck CHECK (b > 0), CONSTRAINT n_u UNIQUE (a, b), \
             CONSTRAINT n_fk FOREIGN KEY (b) REFERENCES n, CONSTRAINT n_ck CHECK (a < b), \
             c TEXT CONSTRAINT c_nn NOT NULL CONSTRAINT c_d DEFAULT 'x' CONSTRAINT c_coll COLLATE NOCASE, \
             d CONSTRAINT d_null NULL, e CONSTRAINT e_g AS (a + 1))",
            // Conflict clauses of keys, NOT NULL and NULL, a key's order
            // and collation, a foreign key's MATCH.
            "CREATE TABLE c (id INTEGER PRIMARY KEY DESC ON CONFLICT FAIL, \
             email TEXT COLLATE NOCASE NOT NULL ON CONFLICT IGNORE UNIQUE ON CONFLICT REPLACE, \
             note TEXT NULL ON CONFLICT ROLLBACK, boss REFERENCES c MATCH FULL)",
            "CREATE TABLE k (name TEXT, kind TEXT, CONSTRAINT k_pk PRIMARY KEY (name DESC, kind) ON CONFLICT ABORT, \
             UNIQUE (kind COLLATE NOCASE) ON CONFLICT IGNORE, FOREIGN KEY (kind) REFERENCES c (email) MATCH SIMPLE) \
             STRICT, WITHOUT ROWID",
        ]);
        assert_eq!(found, Vec::<String>::new());
    }

    #[test]
    fn each_attribute_the_model_drops_is_named() {
        // What SQLite stores and ignores (a conflict clause after a table's
        // CHECK), and what it refuses but sqlparser reads (a schema.sql is
        // parsed as well as loaded): each stays named.
        let found = items(&[
            "CREATE TABLE accounts (id INTEGER, score INTEGER, CHECK (score >= 0) ON CONFLICT IGNORE)",
            "CREATE TABLE tags (name TEXT CHECK (name > '') ON CONFLICT FAIL, \
             kind TEXT CONSTRAINT k ON CONFLICT REPLACE, PRIMARY KEY (name NULLS FIRST), \
             boss INTEGER REFERENCES tags NOT ENFORCED)",
            "CREATE INDEX i ON tags (name NULLS LAST)",
        ]);
        assert_eq!(
            found,
            [
                "column tags.kind: ON CONFLICT REPLACE",
                "column tags.name: CHECK ON CONFLICT FAIL",
                "constraint k on tags: name of ON CONFLICT REPLACE on tags.kind",
                "foreign key tags (boss): NOT ENFORCED",
                "index i: part name NULLS LAST",
                "table accounts: ON CONFLICT IGNORE",
                "table tags: ON CONFLICT FAIL",
                "table tags: PRIMARY KEY part name NULLS FIRST",
            ]
        );
    }

    #[test]
    fn an_unreadable_statement_is_named() {
        let found = items(&["CREATE TABLE t (a INTEGER REFERENCES u (id) WHAT EVER THIS IS)"]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with(
                "statement CREATE TABLE t (a INTEGER REFERENCES u (id) WHAT EVER THIS IS): unreadable"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn clauses_the_parser_refuses_are_named_unless_the_model_keeps_them() {
        let found = items(&[
            "CREATE TABLE t (a INTEGER REFERENCES u (id) MATCH FULL, b TEXT, UNIQUE (b) ON CONFLICT IGNORE, \
             CHECK (b <> '') ON CONFLICT ROLLBACK) STRICT, WITHOUT ROWID",
        ]);
        assert_eq!(found, ["table t: ON CONFLICT ROLLBACK"]);
    }
}
