//! `CREATE TABLE` / `CREATE INDEX` text to the schema model, with sqlparser
//! in the configured dialect. Used for `schema.sql` and, on SQLite, for the
//! `CREATE` statements SQLite keeps in `sqlite_master`, so both sides of a
//! comparison go through the same code.

use crate::dialect::DialectBackend;
use sqlparser::ast::{
    ColumnOption, ConstraintCharacteristics, CreateIndex, CreateTable, DeferrableInitial, Expr,
    GeneratedExpressionMode, Ident, IndexColumn, ObjectName, ReferentialAction, Statement,
    TableConstraint,
};
use sqlparser::parser::Parser;

use super::attrs::{Attrs, ConstraintAttr};
use super::{
    normalise_expr, normalise_type, Check, Column, ForeignKey, Generated, Index, Name, Schema,
    Table, Trigger, Unique, View, VirtualTable,
};
use crate::dialect::sqlite::attrs as sqlite;
use crate::dialect::sqlite::{clauses, Unread};
use crate::script::{split_statements, Dialect, Statement as Split};

/// `schema.sql` (or catalog text) that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    /// The SQL does not parse; the message has the line and column.
    #[error("{file}: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// sqlparser's message, with line and column.
        message: String,
    },
    /// A statement the declared schema does not support.
    #[error("{file}: {message}")]
    Unsupported {
        /// The file.
        file: String,
        /// What is not supported.
        message: String,
    },
}

/// The last identifier of a possibly qualified name, unquoted.
pub(crate) fn last_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_else(|| name.to_string())
}

fn action(a: &Option<ReferentialAction>) -> Option<String> {
    match a {
        None | Some(ReferentialAction::NoAction) => None,
        Some(other) => Some(other.to_string().to_ascii_uppercase()),
    }
}

/// An index or key part: a bare column name (unquoted) with its direction,
/// or a normalised expression. On SQLite a column with a collation is
/// written one way too (`name COLLATE NOCASE DESC`, the name unquoted and
/// the collation upper-cased, as SQLite matches both without regard to
/// quotes or case), so that a key's parts compare whatever the spelling
/// and the renderer can quote the column again.
fn key_part(c: &IndexColumn, dialect: Dialect) -> String {
    let desc = if c.column.options.asc == Some(false) {
        " DESC"
    } else {
        ""
    };
    match &c.column.expr {
        Expr::Identifier(ident) => format!("{}{desc}", ident.value),
        Expr::Collate { expr, collation } if dialect == Dialect::Sqlite => match &**expr {
            Expr::Identifier(ident) => format!(
                "{} COLLATE {}{desc}",
                ident.value,
                last_name(collation).to_ascii_uppercase()
            ),
            _ => normalise_expr(&c.to_string()),
        },
        _ => normalise_expr(&c.to_string()),
    }
}

/// The column of a key or index part as [`key_part`] keeps it (`name`,
/// `name DESC`, on SQLite `name COLLATE NOCASE DESC`), or an expression's
/// whole text.
pub(crate) fn part_column(part: &str) -> &str {
    let body = part.strip_suffix(" DESC").unwrap_or(part);
    body.split_once(" COLLATE ")
        .map_or(body, |(column, _)| column)
}

/// Parses SQL made of `CREATE TABLE`, `CREATE INDEX`, `CREATE VIEW` and
/// (SQLite) `CREATE TRIGGER` statements into a schema.
pub fn parse_schema(sql: &str, dialect: Dialect, file: &str) -> Result<Schema, SchemaError> {
    parse_statements(split_statements(sql, 1), dialect, file)
}

/// [`parse_schema`] of statements already split, each with its file line.
pub fn parse_statements(
    statements: impl IntoIterator<Item = Split>,
    dialect: Dialect,
    file: &str,
) -> Result<Schema, SchemaError> {
    let mut schema = Schema::default();
    let parser_dialect = dialect.tooling().parser();
    let mut indexes = Vec::new();
    // One statement at a time: sqlparser's tokens and syntax tree for a
    // whole 500-table file took 13 MB at once. sqlparser does not read
    // SQLite trigger bodies: triggers are taken out by the statement
    // splitter and kept as text. Error positions are moved from the
    // statement's lines to the file's.
    for stmt in statements {
        // Virtual tables are kept as text too (sqlparser does not read
        // every module's arguments).
        if let Some(vt) = virtual_table_from(&stmt.sql) {
            schema.virtual_tables.insert(vt.name.clone(), vt);
            continue;
        }
        if let Some(trigger) = trigger_from(&stmt.sql, dialect) {
            schema.triggers.insert(trigger.name.clone(), trigger);
            continue;
        }
        let parsed = parse_one(parser_dialect.as_ref(), dialect, &stmt.sql);
        let statements = parsed.map_err(|e| SchemaError::Syntax {
            file: file.to_string(),
            message: format!(
                "{} (in `{}`)",
                shift_lines(&e.to_string(), stmt.line - 1),
                statement_head(&stmt.sql)
            ),
        })?;
        for statement in statements {
            match statement {
                Statement::CreateTable(t) => {
                    let unread = clauses::unread_clauses(&stmt.sql, dialect);
                    let table = table_from(&t, dialect, &unread);
                    schema.tables.insert(table.name.clone(), table);
                }
                Statement::CreateIndex(i) => indexes.push(index_from(&i, dialect, file)?),
                Statement::CreateView {
                    name,
                    columns,
                    query,
                    materialized: false,
                    ..
                } => {
                    let view = View {
                        name: last_name(&name),
                        columns: columns.iter().map(|c| c.name.value.clone()).collect(),
                        definition: normalise_expr(&query.to_string()),
                        reads: None,
                        ..View::default()
                    };
                    schema.views.insert(view.name.clone(), view);
                }
                other => {
                    let text = other.to_string();
                    let head: String = text.chars().take(60).collect();
                    return Err(SchemaError::Unsupported {
                    file: file.to_string(),
                    message: format!("only CREATE TABLE, CREATE INDEX and CREATE VIEW belong in a declared schema, found: {head}…"),
                });
                }
            }
        }
    }
    // A virtual table's shadow tables are its module's storage, created and
    // dropped with it: they are not tables of the schema.
    let virtual_tables = &schema.virtual_tables;
    schema
        .tables
        .retain(|name, _| !is_shadow_table(name, virtual_tables.keys()));
    for (table, index) in indexes {
        match schema.tables.get_mut(&table) {
            Some(t) => {
                t.indexes.insert(index.name.clone(), index);
            }
            None => {
                return Err(SchemaError::Unsupported {
                    file: file.to_string(),
                    message: format!(
                        "index {} is on table {table}, which is not declared",
                        index.name
                    ),
                })
            }
        }
    }
    for t in schema.tables.values_mut() {
        t.normalise();
    }
    Ok(schema)
}

/// One statement's syntax trees, read as `parse_schema` reads it: SQLite
/// takes any run of names as a type, which sqlparser does not, so a
/// statement it refuses is read again with such types bracketed; and
/// without the clauses sqlparser refuses (`strip_unread_clauses`, which
/// the probe names as not compared).
pub(crate) fn parse_one(
    parser_dialect: &dyn sqlparser::dialect::Dialect,
    dialect: Dialect,
    sql: &str,
) -> Result<Vec<Statement>, sqlparser::parser::ParserError> {
    Parser::parse_sql(parser_dialect, sql).or_else(|e| {
        if dialect != Dialect::Sqlite {
            return Err(e);
        }
        let stripped = crate::dialect::sqlite::strip_unread_clauses(sql).map(|(s, _)| s);
        let readable = stripped.as_deref().unwrap_or(sql);
        let parse = |s: &str| Parser::parse_sql(parser_dialect, s).ok();
        stripped
            .as_deref()
            .and_then(parse)
            .or_else(|| {
                crate::dialect::sqlite::bracket_type_names(readable).and_then(|s| parse(&s))
            })
            .ok_or(e)
    })
}

/// Whether `table` is a shadow table (`name_data`, `name_idx`, …) of one of
/// the virtual tables named by `virtual_tables`: its module's storage.
pub(crate) fn is_shadow_table<'a>(
    table: &str,
    mut virtual_tables: impl Iterator<Item = &'a String>,
) -> bool {
    const SHADOW: &[&str] = &[
        "data", "idx", "content", "docsize", "config", "segments", "segdir", "stat", "node",
        "rowid", "parent",
    ];
    virtual_tables.any(|v| {
        table
            .strip_prefix(v.as_str())
            .and_then(|rest| rest.strip_prefix('_'))
            .is_some_and(|suffix| SHADOW.contains(&suffix))
    })
}

/// The start of a statement, to name it in an error: its first line, cut
/// at 80 characters (a database's catalog text has no lines to point at).
pub(crate) fn statement_head(sql: &str) -> String {
    let first = sql.trim_start().lines().next().unwrap_or("").trim_end();
    match first.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &first[..at]),
        None if sql.trim().lines().nth(1).is_some() => format!("{first} …"),
        None => first.to_string(),
    }
}

/// `message` with every `Line: N` (sqlparser's positions) moved down by `by`.
fn shift_lines(message: &str, by: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("Line: ") {
        let (head, tail) = rest.split_at(at + "Line: ".len());
        out.push_str(head);
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        match tail[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&tail[..digits]),
        }
        rest = &tail[digits..];
    }
    out.push_str(rest);
    out
}

/// A `CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name USING …`
/// statement, written back as SQLite stores it in `sqlite_master`
/// (`CREATE VIRTUAL TABLE name USING …`, no `IF NOT EXISTS`, no schema), so
/// `schema.sql` and the database compare equal. A virtual table (FTS,
/// R-tree) belongs to its module and is kept as text (sqlparser does not
/// read every module's arguments); its shadow tables are set aside.
pub(crate) fn virtual_table_from(sql: &str) -> Option<VirtualTable> {
    let sql = without_comments(sql);
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    if upper.get(..3)? != ["CREATE", "VIRTUAL", "TABLE"] {
        return None;
    }
    let mut i = 3;
    if upper
        .get(i..i + 3)
        .is_some_and(|w| w == ["IF", "NOT", "EXISTS"])
    {
        i += 3;
    }
    let written = words.get(i)?.rsplit('.').next()?;
    let name = written
        .trim_matches(|c| matches!(c, '"' | '`' | '\'' | '[' | ']'))
        .to_string();
    let rest = words[i + 1..].join(" ");
    Some(VirtualTable {
        name,
        sql: format!("CREATE VIRTUAL TABLE {written} {rest}"),
    })
}

/// `sql` with its `--` and `/* */` comments (outside quotes) made spaces.
/// The sqlite3 shell's `.schema` writes the columns of a virtual table as
/// a comment after it (`/* fts(content) */`), which `sqlite_master` has not.
fn without_comments(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == close {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
                out.push(' ');
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// A `CREATE [TEMP] TRIGGER [IF NOT EXISTS] name … ON table …` statement,
/// written back as SQLite stores it (`CREATE TRIGGER name …`).
fn trigger_from(sql: &str, dialect: Dialect) -> Option<Trigger> {
    let words: Vec<&str> = sql.split_whitespace().collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    let mut i = 1;
    if upper.first()? != "CREATE" {
        return None;
    }
    if matches!(upper.get(i)?.as_str(), "TEMP" | "TEMPORARY") {
        i += 1;
    }
    if upper.get(i)? != "TRIGGER" {
        return None;
    }
    i += 1;
    if upper
        .get(i..i + 3)
        .is_some_and(|w| w == ["IF", "NOT", "EXISTS"])
    {
        i += 3;
    }
    let unquote = |w: &str| {
        w.trim_matches(|c| matches!(c, '"' | '`' | '[' | ']'))
            .to_string()
    };
    let name = unquote(words.get(i)?);
    let on = upper[i..].iter().position(|w| w == "ON")? + i;
    let table = unquote(words.get(on + 1)?);
    Some(Trigger {
        attrs: Default::default(),
        name,
        table,
        sql: format!("CREATE TRIGGER {}", words[i..].join(" ")),
        dialect,
    })
}

/// A table as the model describes it. A primary key implies NOT NULL on
/// PostgreSQL and MariaDB; on SQLite it does not (a rowid table's key
/// column other than `INTEGER PRIMARY KEY` may hold NULL), so there a
/// column is NOT NULL exactly when its text says so, as `PRAGMA
/// table_info` reports it.
fn table_from(t: &CreateTable, dialect: Dialect, unread: &[Unread]) -> Table {
    let key_implies_not_null = dialect != Dialect::Sqlite;
    let mut table = Table {
        name: last_name(&t.name),
        ..Table::default()
    };
    // The column whose own `PRIMARY KEY DESC` the key is.
    let mut desc_on_column = None;
    for (j, c) in t.columns.iter().enumerate() {
        let foreign_keys_before = table.foreign_keys.len();
        let name = c.name.value.clone();
        let mut column = Column {
            name: name.clone(),
            ty: normalise_type(&crate::dialect::sqlite::unbracket(&c.data_type.to_string())),
            nullable: true,
            ..Column::default()
        };
        // The constraint a conflict clause or a `DESC` after it belongs to.
        let mut last: Option<&ColumnOption> = None;
        for opt in &c.options {
            match &opt.option {
                ColumnOption::NotNull => column.nullable = false,
                ColumnOption::Null => column.nullable = true,
                ColumnOption::Default(e) => column.default = Some(normalise_expr(&e.to_string())),
                ColumnOption::Unique {
                    is_primary: true, ..
                } => {
                    table.primary_key = vec![name.clone()];
                    table.primary_key_name = written(&opt.name);
                    if key_implies_not_null {
                        column.nullable = false;
                    }
                }
                ColumnOption::Unique {
                    is_primary: false, ..
                } => table.uniques.push(Unique {
                    columns: vec![name.clone()],
                    name: written(&opt.name),
                    attrs: Default::default(),
                }),
                ColumnOption::ForeignKey {
                    foreign_table,
                    referred_columns,
                    on_delete,
                    on_update,
                    characteristics,
                } => table.foreign_keys.push(ForeignKey {
                    columns: vec![name.clone()],
                    ref_table: last_name(foreign_table),
                    ref_columns: referred_columns.iter().map(|i| i.value.clone()).collect(),
                    on_delete: action(on_delete),
                    on_update: action(on_update),
                    name: written(&opt.name),
                    attrs: foreign_key_attrs(characteristics.as_ref(), dialect),
                }),
                ColumnOption::Check(e) => table.checks.push(Check {
                    expr: normalise_expr(&e.to_string()),
                    name: written(&opt.name),
                    attrs: Default::default(),
                }),
                ColumnOption::DialectSpecific(tokens) => {
                    let text: String = tokens
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_ascii_uppercase();
                    if text.contains("AUTO") {
                        column.autoincrement = true;
                    }
                    let after_key = matches!(
                        last,
                        Some(ColumnOption::Unique {
                            is_primary: true,
                            ..
                        })
                    );
                    if text == "DESC" && after_key {
                        table.primary_key = vec![format!("{name} DESC")];
                        desc_on_column = Some(j);
                    }
                }
                ColumnOption::OnConflict(keyword) if dialect == Dialect::Sqlite => {
                    clauses::on_conflict(&mut table, &mut column, last, keyword);
                }
                ColumnOption::Identity(_) => column.autoincrement = true,
                ColumnOption::Generated {
                    generation_expr: Some(expr),
                    generation_expr_mode,
                    ..
                } => {
                    column.generated = Some(Generated {
                        expr: normalise_expr(&expr.to_string()),
                        stored: *generation_expr_mode == Some(GeneratedExpressionMode::Stored),
                    })
                }
                ColumnOption::Comment(text) => column.comment = Some(text.clone()),
                ColumnOption::Collation(name) if dialect == Dialect::Sqlite => {
                    if let Some(collation) = sqlite::collation_attr(&last_name(name)) {
                        column.attrs.insert(collation.into());
                    }
                }
                _ => {}
            }
            if dialect == Dialect::Sqlite {
                if let (Some(clause), Some(n)) = (clauses::unnamed_clause(&opt.option), &opt.name) {
                    let named = sqlite::ColumnAttr::Named(clause, n.value.clone());
                    column.attrs.insert(named.into());
                }
            }
            if !matches!(
                opt.option,
                ColumnOption::OnConflict(_) | ColumnOption::DialectSpecific(_)
            ) {
                last = Some(&opt.option);
            }
        }
        clauses::column_match(&mut table.foreign_keys[foreign_keys_before..], unread, j);
        table.columns.push(column);
    }
    for (k, constraint) in t.constraints.iter().enumerate() {
        // The conflict clause or `MATCH` sqlparser did not read.
        let unread_attrs = |is_match: bool| {
            clauses::unread_attrs(unread, t.columns.len() + k)
                .filter(move |a| matches!(a, sqlite::ConstraintAttr::Match(_)) == is_match)
                .map(ConstraintAttr::from)
        };
        match constraint {
            TableConstraint::PrimaryKey { columns, name, .. } => {
                table.primary_key = columns.iter().map(|c| key_part(c, dialect)).collect();
                table.primary_key_name = written(name);
                desc_on_column = None;
                for attr in unread_attrs(false) {
                    table.primary_key_attrs.insert(attr);
                }
                for name in table.primary_key.clone() {
                    let col = table.columns.iter_mut().find(|c| c.name == name);
                    if let Some(col) = col.filter(|_| key_implies_not_null) {
                        col.nullable = false;
                    }
                }
            }
            TableConstraint::Unique { columns, name, .. } => table.uniques.push(Unique {
                columns: columns.iter().map(|c| key_part(c, dialect)).collect(),
                name: written(name),
                attrs: unread_attrs(false).collect(),
            }),
            TableConstraint::ForeignKey {
                columns,
                foreign_table,
                referred_columns,
                on_delete,
                on_update,
                name,
                characteristics,
                ..
            } => table.foreign_keys.push(ForeignKey {
                columns: columns.iter().map(|i| i.value.clone()).collect(),
                ref_table: last_name(foreign_table),
                ref_columns: referred_columns.iter().map(|i| i.value.clone()).collect(),
                on_delete: action(on_delete),
                on_update: action(on_update),
                name: written(name),
                attrs: foreign_key_attrs(characteristics.as_ref(), dialect)
                    .iter()
                    .cloned()
                    .chain(unread_attrs(true))
                    .collect(),
            }),
            TableConstraint::Check { expr, name, .. } => table.checks.push(Check {
                expr: normalise_expr(&expr.to_string()),
                name: written(name),
                attrs: Default::default(),
            }),
            _ => {}
        }
    }
    if dialect == Dialect::Sqlite {
        clauses::table_attrs(&mut table, t, unread, desc_on_column);
    }
    table
}

/// A SQLite foreign key's attributes: deferred to commit only as
/// `DEFERRABLE INITIALLY DEFERRED` (`NOT ENFORCED` and the like are
/// named by `dialect/sqlite/coverage.rs`). The servers read theirs from
/// their catalogs.
fn foreign_key_attrs(
    characteristics: Option<&ConstraintCharacteristics>,
    dialect: Dialect,
) -> Attrs<ConstraintAttr> {
    let deferred = characteristics.is_some_and(|c| {
        c.deferrable == Some(true) && c.initially == Some(DeferrableInitial::Deferred)
    });
    (dialect == Dialect::Sqlite && deferred)
        .then_some(sqlite::ConstraintAttr::Deferred.into())
        .into_iter()
        .collect()
}

/// A constraint's name as written (`CONSTRAINT name`), or none: SQLite
/// keeps no other (ARCHITECTURE.md "Schema model").
fn written(name: &Option<Ident>) -> Name {
    name.as_ref()
        .map(|n| Name::written(&n.value))
        .unwrap_or_default()
}

fn index_from(
    i: &CreateIndex,
    dialect: Dialect,
    file: &str,
) -> Result<(String, Index), SchemaError> {
    let name = i
        .name
        .as_ref()
        .map(last_name)
        .ok_or_else(|| SchemaError::Unsupported {
            file: file.to_string(),
            message: format!("CREATE INDEX on {} needs a name", i.table_name),
        })?;
    Ok((
        last_name(&i.table_name),
        Index {
            name,
            columns: i.columns.iter().map(|c| key_part(c, dialect)).collect(),
            unique: i.unique,
            predicate: i.predicate.as_ref().map(|e| normalise_expr(&e.to_string())),
            // Parsing is how SQLite's schema is read, and SQLite has no
            // access methods nor attributes of its own on an index; the
            // servers read both from their catalogs.
            method: None,
            attrs: Default::default(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_and_table_constraints_normalise_alike() {
        let a = parse_schema(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER NOT NULL REFERENCES p(id) ON DELETE CASCADE, code TEXT UNIQUE, CHECK (id > 0));
             CREATE INDEX c_p ON c (p_id);",
            Dialect::Sqlite,
            "a.sql",
        )
        .unwrap();
        let b = parse_schema(
            "create table p (id integer, primary key (id));
             CREATE TABLE \"c\" (id INTEGER, p_id integer not null, code text, PRIMARY KEY (id), UNIQUE (code),
               FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE, CHECK ((id > 0)));
             create index c_p on c(p_id);",
            Dialect::Sqlite,
            "b.sql",
        )
        .unwrap();
        assert_eq!(a, b);
        let c = &a.tables["c"];
        assert_eq!(c.foreign_keys[0].on_delete.as_deref(), Some("CASCADE"));
        assert_eq!(c.indexes["c_p"].columns, ["p_id"]);
    }

    #[test]
    fn triggers_are_kept_as_text_and_lines_still_count() {
        let s = parse_schema(
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\n-- audit\ncreate temp trigger if not exists \"t_ins\"\n  AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;\nCREATE INDEX t_i ON t (id);",
            Dialect::Sqlite,
            "s.sql",
        )
        .unwrap();
        let t = &s.triggers["t_ins"];
        assert_eq!(t.table, "t");
        assert_eq!(
            t.sql,
            "CREATE TRIGGER \"t_ins\" AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END"
        );
        assert!(s.tables["t"].indexes.contains_key("t_i"));
        let e = parse_schema(
            "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\n\nCREATE TABLE t (id INTEGER,,);",
            Dialect::Sqlite,
            "s.sql",
        )
        .unwrap_err();
        assert!(e.to_string().contains("Line: 3"), "{e}");
    }

    #[test]
    fn virtual_tables_are_kept_as_text_and_their_shadow_tables_set_aside() {
        let s = parse_schema(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\nCREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id');\nCREATE TABLE IF NOT EXISTS 'notes_fts_data'(id INTEGER PRIMARY KEY, block BLOB);\nCREATE TABLE IF NOT EXISTS 'notes_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;\nCREATE TABLE notes_fts_archive (id INTEGER);",
            Dialect::Sqlite,
            "s.sql",
        )
        .unwrap();
        let names: Vec<&str> = s.tables.keys().map(String::as_str).collect();
        assert_eq!(names, ["notes", "notes_fts_archive"]);
        assert_eq!(
            s.virtual_tables["notes_fts"].sql,
            "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id')"
        );
        // Written back as sqlite_master keeps it: no IF NOT EXISTS, no
        // schema, spacing normalised.
        let s = parse_schema(
            "CREATE VIRTUAL TABLE IF NOT EXISTS main.boxes  USING\n  rtree(id, minx, maxx)\n/* boxes(id,minx,maxx) */;",
            Dialect::Sqlite,
            "s.sql",
        )
        .unwrap();
        assert_eq!(
            s.virtual_tables["boxes"].sql,
            "CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx)"
        );
    }

    #[test]
    fn syntax_errors_name_the_file_line_of_a_later_statement() {
        let sql = "CREATE TABLE a (id INTEGER);\n\nCREATE TABLE b (\n  id INTEGER,\n  name TEXT NOT NULL,\n  bad bad bad,\n);\nCREATE TABLE c (id INTEGER);";
        let e = parse_schema(sql, Dialect::Sqlite, "s.sql")
            .unwrap_err()
            .to_string();
        assert!(e.contains("Line: 6,"), "{e}");
        assert_eq!(
            shift_lines("at Line: 2, Column: 5 and Line: 10", 40),
            "at Line: 42, Column: 5 and Line: 50"
        );
        assert_eq!(shift_lines("no position", 3), "no position");
    }

    #[test]
    fn sqlite_reads_any_run_of_names_as_a_type() {
        // As SQLite's documentation spells them, and as a MySQL-style
        // `ADD COLUMN b TEXT AFTER a` leaves the table in sqlite_master.
        let s = parse_schema(
            "CREATE TABLE t (a UNSIGNED BIG INT NOT NULL, b NATIVE CHARACTER(70) DEFAULT 'x', c TEXT AFTER a, d INTEGER REFERENCES u (id), e text(10));",
            Dialect::Sqlite,
            "sqlite_master",
        )
        .unwrap();
        let t = &s.tables["t"];
        let types: Vec<&str> = t.columns.iter().map(|c| c.ty.as_str()).collect();
        assert_eq!(
            types,
            [
                "UNSIGNED BIG INT",
                "NATIVE CHARACTER(70)",
                "TEXT AFTER A",
                "INTEGER",
                "TEXT(10)"
            ]
        );
        assert!(!t.columns[0].nullable);
        assert_eq!(t.columns[1].default.as_deref(), Some("'x'"));
        assert_eq!(t.foreign_keys[0].ref_table, "u");
        // Other dialects keep sqlparser's list, and the error names the statement.
        let e = parse_schema(
            "CREATE TABLE t (a UNSIGNED BIG INT);",
            Dialect::Postgres,
            "schema.sql",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("(in `CREATE TABLE t (a UNSIGNED BIG INT)"),
            "{e}"
        );
    }

    #[test]
    fn errors_name_file_and_position() {
        let e = parse_schema(
            "CREATE TABLE t (id INTEGER,,);",
            Dialect::Sqlite,
            "schema.sql",
        )
        .unwrap_err();
        assert!(
            e.to_string().starts_with("schema.sql: ") && e.to_string().contains("Line: 1"),
            "{e}"
        );
        let e = parse_schema("DROP TABLE t;", Dialect::Sqlite, "schema.sql").unwrap_err();
        assert!(
            e.to_string()
                .contains("only CREATE TABLE, CREATE INDEX and CREATE VIEW"),
            "{e}"
        );
    }
}
