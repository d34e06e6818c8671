//! Statements that refuse a transaction block (`CREATE INDEX CONCURRENTLY`,
//! `DROP INDEX CONCURRENTLY`, `VACUUM`: SQLSTATE 25001) under
//! `[database] schema`, and where their `search_path` comes from.
//!
//! Such a statement can take no `SET LOCAL`, and it cannot share a simple
//! query with a `SET` either: several statements in one simple query form
//! an implicit transaction block, which it refuses. A session `SET` before
//! it and a `RESET` after it would be round trips of their own, and a
//! transaction pooler sends each to whichever server connection is free:
//! the `SET` stays on one that another client gets next (ARCHITECTURE.md,
//! "Locking", last paragraph). So stillhead sends no `SET` for them:
//!
//! - a statement whose relations are all schema-qualified does not need
//!   one, and runs as it is;
//! - any other runs on a connection of its own, opened with the startup
//!   option `-c search_path=…` and closed after it. A startup option belongs
//!   to that client alone: the server applies it to the session, and a
//!   pooler refuses it, keeps it for that client, or drops it. Dropped, the
//!   connection's own `current_setting` says so before the statement runs,
//!   and the statement is refused, naming what to do.

use sqlparser::ast::{ObjectName, ObjectType, Statement};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::connection::{db_err, ident, PostgresConnection};
use crate::dburl::DatabaseUrl;
use crate::dialect::ConnectOptions;
use crate::error::DbError;

/// True when `sql` is a statement whose every relation is schema-qualified,
/// so `search_path` cannot change which objects it touches: a `CREATE
/// INDEX` on `schema.table`, a `DROP INDEX` of `schema.index` names only.
/// Anything not recognised is `false`, and gets the schema its own way.
pub(super) fn names_qualified(sql: &str) -> bool {
    if let Ok(statements) = Parser::parse_sql(&PostgreSqlDialect {}, sql) {
        return match statements.as_slice() {
            [Statement::CreateIndex(create)] => qualified(&create.table_name),
            [Statement::Drop {
                object_type: ObjectType::Index,
                names,
                ..
            }] => names.iter().all(qualified),
            _ => false,
        };
    }
    // sqlparser does not read `DROP INDEX CONCURRENTLY`: its words are read
    // here instead.
    drop_index_concurrently_qualified(sql)
}

fn qualified(name: &ObjectName) -> bool {
    name.0.len() >= 2
}

/// `DROP INDEX CONCURRENTLY [IF EXISTS] s.i [, …] [CASCADE | RESTRICT]`,
/// every name qualified.
fn drop_index_concurrently_qualified(sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(&PostgreSqlDialect {}, sql).tokenize() else {
        return false;
    };
    let tokens: Vec<Token> = tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_) | Token::SemiColon))
        .collect();
    let word = |t: &Token, w: &str| matches!(t, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w));
    let mut rest = match tokens.as_slice() {
        [a, b, c, rest @ ..] if word(a, "DROP") && word(b, "INDEX") && word(c, "CONCURRENTLY") => {
            rest
        }
        _ => return false,
    };
    if let [a, b, tail @ ..] = rest {
        if word(a, "IF") && word(b, "EXISTS") {
            rest = tail;
        }
    }
    if let [init @ .., last] = rest {
        if word(last, "CASCADE") || word(last, "RESTRICT") {
            rest = init;
        }
    }
    !rest.is_empty()
        && rest
            .split(|t| *t == Token::Comma)
            .all(|name| matches!(name, [Token::Word(_), Token::Period, Token::Word(_)]))
}

/// Runs `sql` on a connection of its own whose session has `search_path`
/// set to `schema` by the startup option, after checking that the setting
/// arrived; refuses it, naming why, when it did not.
pub(super) fn run_in_schema(
    url: &DatabaseUrl,
    opts: &ConnectOptions,
    schema: &str,
    sql: &str,
) -> Result<(), DbError> {
    let wanted = ident(schema);
    let refused = |why: String| {
        DbError::new(format!(
            "this statement cannot run in a transaction block, so [database] schema can reach it only as a connection option (-c search_path={wanted}), and {} {why}. stillhead sends no session SET, which a transaction pooler could leave on another client's connection: give the statement schema-qualified names ({wanted}.table), or run this migration with a URL of the server itself",
            url.redacted()
        ))
    };
    let startup = format!("-c search_path={wanted}");
    let mut own = PostgresConnection::connect_with(url, opts, Some(&startup))
        .map_err(|e| refused(format!("refused it ({e})")))?;
    let found = own
        .raw
        .simple_query("SELECT current_setting('search_path')")
        .map_err(|e| db_err(e, url))?
        .into_iter()
        .find_map(|m| match m {
            postgres::SimpleQueryMessage::Row(row) => row.get(0).map(str::to_string),
            _ => None,
        })
        .unwrap_or_default();
    if found != wanted {
        return Err(refused(format!(
            "did not apply it (search_path is {found:?} there): a transaction pooler such as PgBouncer drops or refuses connection options"
        )));
    }
    own.raw.batch_execute(sql).map_err(|e| db_err(e, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_statements_naming_schema_qualified_relations_need_no_schema() {
        for sql in [
            "CREATE INDEX CONCURRENTLY i ON app.t (name)",
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON \"app\".t USING btree (lower(name))",
            "DROP INDEX CONCURRENTLY app.i",
            "drop index concurrently if exists app.i, app.j cascade;",
            "DROP INDEX app.i",
        ] {
            assert!(names_qualified(sql), "{sql}");
        }
        for sql in [
            "CREATE INDEX CONCURRENTLY i ON t (name)",
            "DROP INDEX CONCURRENTLY i",
            "DROP INDEX CONCURRENTLY app.i, j",
            "DROP INDEX CONCURRENTLY",
            "VACUUM app.t",
            "VACUUM",
            "ALTER TYPE app.mood ADD VALUE 'sad'",
            "CREATE INDEX CONCURRENTLY i ON app.t (name); SET search_path TO x",
        ] {
            assert!(!names_qualified(sql), "{sql}");
        }
    }
}
