//! MariaDB's code objects read into the schema model (ARCHITECTURE.md
//! "Declared schemas"): stored functions and procedures and events as
//! [`Routine`]s, triggers as [`Trigger`]s, each compared by the definition
//! the server keeps, without its `DEFINER` (who defined an object is the
//! user the migration runs as, not schema; mysqldump's are taken out when
//! `schema.sql` loads, `schema/declared/dump.rs`).
//!
//! Each is read with `SHOW CREATE`, one round trip each (they are few),
//! whose text mysqldump writes too. A trigger gets `FOLLOWS` the trigger
//! before it where several fire on one event: MariaDB runs them in that
//! order, and the statement it keeps does not say it. An event's `STARTS` that is only the moment it was
//! created (or last altered) is left out: the server wrote it, not the
//! schema, and a migration leaves it to the server again. The session
//! context each object keeps (`sql_mode`, client character set) is
//! compared by `coverage.rs`, which names an object whose context is not
//! the session's.

use super::attrs::CodeAttr;
use super::SQL;
use crate::dialect::sql::SqlText;
use crate::dialect::{Connection, Tables, Value};
use crate::error::DbError;
use crate::schema::declared::dump;
use crate::schema::{Routine, RoutineKind, Schema, Trigger};

/// Adds the routines, events and triggers of the current database to
/// `schema` (the triggers on stillhead's own tables left out).
pub(super) fn read_code(
    conn: &mut dyn Connection,
    own: &Tables,
    schema: &mut Schema,
) -> Result<(), DbError> {
    let session = conn.query(&format!("SELECT {SESSION_CONTEXT}"), &[])?;
    let session = session.first().cloned().unwrap_or_default();
    read_triggers(conn, own, &session, schema)?;
    let listed = conn.query(
        &format!(
            "SELECT CAST(LOWER(ROUTINE_TYPE) AS CHAR), CAST(ROUTINE_NAME AS CHAR), NULL, NULL, {OBJECT_CONTEXT}, NULL,
                    CAST(DEFINER AS CHAR)
               FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
             UNION ALL
             SELECT 'event', CAST(EVENT_NAME AS CHAR), CAST(STARTS AS CHAR),
                    CONCAT(CAST(CREATED AS CHAR), ' ', CAST(LAST_ALTERED AS CHAR)),
                    {OBJECT_CONTEXT}, CAST(TIME_ZONE AS CHAR), CAST(DEFINER AS CHAR)
               FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
             ORDER BY 1, 2"
        ),
        &[],
    )?;
    for row in listed {
        let kind = match row[0].to_text().as_str() {
            "procedure" => RoutineKind::Procedure,
            "event" => RoutineKind::Event,
            // PACKAGE and PACKAGE BODY (Oracle mode) are named by coverage.rs.
            "function" => RoutineKind::Function,
            _ => continue,
        };
        let name = row[1].to_text();
        let shown = conn.query(
            &format!("SHOW CREATE {} {}", kind.keyword(), SQL.ident(&name)),
            &[],
        )?;
        // Function, Procedure: (name, sql_mode, text, …); Event: (name,
        // sql_mode, time_zone, text, …). NULL where the user may not see it.
        let column = if kind == RoutineKind::Event { 3 } else { 2 };
        let Some(text) = shown
            .first()
            .and_then(|r| r.get(column))
            .map(Value::to_text)
        else {
            continue;
        };
        let mut definition = without_definer(&text);
        if kind == RoutineKind::Event {
            let written_by_server = |starts: &str| {
                row[3]
                    .to_text()
                    .split(' ')
                    .collect::<Vec<_>>()
                    .chunks(2)
                    .any(|at| at.join(" ") == starts)
            };
            let starts = row[2].to_text();
            if !matches!(row[2], Value::Null) && written_by_server(&starts) {
                definition = definition.replacen(&format!(" STARTS '{starts}'"), "", 1);
            }
        }
        let routine = Routine {
            args: parameters(&definition, kind),
            name,
            kind,
            // MariaDB's CREATE OR REPLACE changes any result.
            returns: String::new(),
            definition,
            dialect: crate::Dialect::Mysql,
            attrs: context(&row[4..8], &session)
                .chain(definer(&row[8]))
                .map(Into::into)
                .collect(),
        };
        schema.routines.insert(routine_key(&routine), routine);
    }
    Ok(())
}

/// The session's context, in the order of [`OBJECT_CONTEXT`] and the
/// time zone.
const SESSION_CONTEXT: &str = "CAST(@@sql_mode AS CHAR), CAST(@@character_set_client AS CHAR),
       CAST(@@collation_connection AS CHAR), CAST(@@time_zone AS CHAR)";

/// The context an object of `information_schema` keeps (its time zone,
/// an event's alone, follows it).
const OBJECT_CONTEXT: &str =
    "CAST(SQL_MODE AS CHAR), CAST(CHARACTER_SET_CLIENT AS CHAR), CAST(COLLATION_CONNECTION AS CHAR)";

/// The parts of an object's context (sql_mode, client character set,
/// collation, time zone: NULL where it has none) that are not the
/// session's.
fn context<'a>(object: &'a [Value], session: &'a [Value]) -> impl Iterator<Item = CodeAttr> + 'a {
    let make = [
        CodeAttr::SqlMode,
        CodeAttr::CharacterSetClient,
        CodeAttr::CollationConnection,
        CodeAttr::TimeZone,
    ];
    object
        .iter()
        .zip(session)
        .zip(make)
        .filter(|((o, s), _)| !matches!(o, Value::Null) && o.to_text() != s.to_text())
        .map(|((o, _), make)| make(o.to_text()))
}

/// The definer `information_schema` names (`user@host`), kept until
/// [`definers`] decides whether it is compared.
fn definer(v: &Value) -> Option<CodeAttr> {
    Some(v.to_text())
        .filter(|d| !d.is_empty() && !matches!(v, Value::Null))
        .map(CodeAttr::Definer)
}

/// Each MariaDB routine's, event's and trigger's definer as
/// `[autogenerate] definer` asks: left out where it names none (who
/// defined an object is then not schema), kept as read on the live side
/// (`as_configured` false), and the configured one on the side a migration
/// makes (`schema.sql`'s, the replayed chain's: as the migration will
/// make it, whatever user the scratch database was loaded by).
pub(crate) fn definers(schema: &mut Schema, configured: Option<&str>, as_configured: bool) {
    let keep = |a: &CodeAttr| !matches!(a, CodeAttr::Definer(_));
    for r in schema
        .routines
        .values_mut()
        .filter(|r| r.dialect == crate::Dialect::Mysql)
    {
        let mut attrs: Vec<CodeAttr> = r
            .attrs
            .iter()
            .map(|a| match a {
                crate::schema::attrs::RoutineAttr::Mysql(c) => c.clone(),
            })
            .collect();
        rewrite(&mut attrs, configured, as_configured, &keep);
        r.attrs = attrs.into_iter().map(Into::into).collect();
    }
    for t in schema
        .triggers
        .values_mut()
        .filter(|t| t.dialect == crate::Dialect::Mysql)
    {
        let mut attrs: Vec<CodeAttr> = t
            .attrs
            .iter()
            .filter_map(|a| match a {
                crate::schema::attrs::TriggerAttr::Mysql(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        rewrite(&mut attrs, configured, as_configured, &keep);
        t.attrs = attrs.into_iter().map(Into::into).collect();
    }
}

/// One object's attributes with its definer as [`definers`] says.
fn rewrite(
    attrs: &mut Vec<CodeAttr>,
    configured: Option<&str>,
    as_configured: bool,
    keep: &dyn Fn(&CodeAttr) -> bool,
) {
    match (configured, as_configured) {
        (None, _) => attrs.retain(keep),
        (Some(_), false) => {}
        (Some(user), true) => {
            attrs.retain(keep);
            attrs.push(CodeAttr::Definer(user.to_string()));
        }
    }
}

/// A MariaDB routine's key in [`Schema::routines`]: its kind and name.
/// Functions, procedures and events each have their own names (a function
/// and a procedure may share one), and none is overloaded: a routine whose
/// parameters change is the same routine, replaced.
pub(super) fn routine_key(r: &Routine) -> String {
    format!("{} {}", r.kind.word(), r.name)
}

/// Every trigger, as the statement that made it (`SHOW CREATE TRIGGER`,
/// which mysqldump writes too) without its definer; where more than one
/// fires on an event, each after the first `FOLLOWS` the one before it
/// (`ACTION_ORDER`), which the kept statement does not say.
fn read_triggers(
    conn: &mut dyn Connection,
    own: &Tables,
    session: &[Value],
    schema: &mut Schema,
) -> Result<(), DbError> {
    let own: Vec<Value> = own.own().map(Value::from).to_vec();
    let rows = conn.query(
        &format!(
            "SELECT CAST(TRIGGER_NAME AS CHAR), CAST(EVENT_OBJECT_TABLE AS CHAR), CAST(ACTION_TIMING AS CHAR),
                    CAST(EVENT_MANIPULATION AS CHAR), {OBJECT_CONTEXT}, NULL, CAST(DEFINER AS CHAR)
               FROM information_schema.TRIGGERS
              WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE NOT IN (?, ?, ?, ?)
              ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER"
        ),
        &own,
    )?;
    let mut previous: Option<[String; 4]> = None;
    for r in rows {
        let this = [0, 1, 2, 3].map(|i| r[i].to_text());
        let shown = conn.query(&format!("SHOW CREATE TRIGGER {}", SQL.ident(&this[0])), &[])?;
        // (name, sql_mode, SQL Original Statement, …)
        let Some(text) = shown.first().and_then(|r| r.get(2)).map(Value::to_text) else {
            continue;
        };
        let mut sql = without_definer(&text);
        if let Some(p) = previous.as_ref().filter(|p| p[1..] == this[1..]) {
            sql = with_follows(&sql, &p[0]);
        }
        let [name, table, ..] = this.clone();
        previous = Some(this);
        let trigger = Trigger {
            name,
            table,
            sql,
            attrs: context(&r[4..8], session)
                .chain(definer(&r[8]))
                .map(Into::into)
                .collect(),
            dialect: crate::Dialect::Mysql,
        };
        schema
            .triggers
            .insert(format!("{} on {}", trigger.name, trigger.table), trigger);
    }
    Ok(())
}

/// `… FOR EACH ROW body` → `… FOR EACH ROW FOLLOWS `first` body` (the
/// words found in any case and spacing; [`Trigger::follows`] reads it).
fn with_follows(sql: &str, first: &str) -> String {
    let words: Vec<(usize, &str)> = sql
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - sql.as_ptr() as usize, w))
        .take(40)
        .collect();
    let row_end = words.windows(3).find_map(|w| {
        let is = |i: usize, word: &str| w[i].1.eq_ignore_ascii_case(word);
        (is(0, "FOR") && is(1, "EACH") && is(2, "ROW")).then(|| w[2].0 + w[2].1.len())
    });
    match row_end {
        Some(end) => format!(
            "{} FOLLOWS {}{}",
            &sql[..end],
            SQL.ident(first),
            &sql[end..]
        ),
        None => sql.to_string(),
    }
}

/// `CREATE DEFINER=`u`@`h` FUNCTION …` → `CREATE FUNCTION …`: the definer
/// up to the object's keyword only (a body may spell the word too).
fn without_definer(text: &str) -> String {
    // Any case, any space: `CREATE DEFINER=… trigger\nx` as it was written.
    let upper = text.to_ascii_uppercase().replace(['\n', '\t', '\r'], " ");
    let head_end = [" FUNCTION ", " PROCEDURE ", " EVENT ", " TRIGGER "]
        .iter()
        .filter_map(|k| upper.find(k))
        .min()
        .unwrap_or(0);
    let head = dump::strip_definers(&text[..head_end], 1, &mut Vec::new());
    format!("{}{}", head.trim_end(), &text[head_end..])
}

/// A routine's parameters as its definition lists them (`n int`), for
/// messages; an event has none.
fn parameters(definition: &str, kind: RoutineKind) -> String {
    if kind == RoutineKind::Event {
        return String::new();
    }
    let Some(open) = definition.find('(') else {
        return String::new();
    };
    let mut depth = 0;
    for (i, c) in definition[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return definition[open + 1..open + i].trim().to_string();
                }
            }
            _ => {}
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_definer_goes_and_the_rest_stays() {
        assert_eq!(
            without_definer(
                "CREATE DEFINER=`root`@`127.0.0.1` FUNCTION `f`(n int) RETURNS int(11)\n    DETERMINISTIC\nRETURN 'DEFINER=x'"
            ),
            "CREATE FUNCTION `f`(n int) RETURNS int(11)\n    DETERMINISTIC\nRETURN 'DEFINER=x'"
        );
        assert_eq!(
            without_definer(
                "CREATE DEFINER=`a b`@`%` EVENT `e` ON SCHEDULE EVERY 1 DAY DO SET @x = 1"
            ),
            "CREATE EVENT `e` ON SCHEDULE EVERY 1 DAY DO SET @x = 1"
        );
        assert_eq!(
            without_definer(
                "CREATE DEFINER=`u`@`%` trigger\tx before insert on t for each row set new.a = 1"
            ),
            "CREATE trigger\tx before insert on t for each row set new.a = 1"
        );
        assert_eq!(
            without_definer("CREATE PROCEDURE `p`() SELECT 1"),
            "CREATE PROCEDURE `p`() SELECT 1"
        );
    }

    #[test]
    fn the_order_of_triggers_is_said_after_for_each_row() {
        assert_eq!(
            with_follows(
                "CREATE TRIGGER b before insert ON t for each\n row SET NEW.x = 1",
                "a"
            ),
            "CREATE TRIGGER b before insert ON t for each\n row FOLLOWS `a` SET NEW.x = 1"
        );
    }

    #[test]
    fn parameters_are_the_first_parenthesis() {
        assert_eq!(
            parameters(
                "CREATE FUNCTION `f`(n decimal(10,2), m int) RETURNS int RETURN 1",
                RoutineKind::Function
            ),
            "n decimal(10,2), m int"
        );
        assert_eq!(
            parameters("CREATE PROCEDURE `p`() SELECT 1", RoutineKind::Procedure),
            ""
        );
    }
}
