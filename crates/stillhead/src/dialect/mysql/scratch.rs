//! MariaDB/MySQL scratch databases: `CREATE DATABASE` on the configured
//! server (or `scratch_url`'s) with the configured database's character set
//! and collation, used by a temporary user granted that one database and
//! nothing else. Users, plugins, global settings and other databases
//! (`livedb.t`) belong to the whole server; that user may not touch them, so
//! a migration that does fails with the server's own error. Where no user
//! can be made, such statements are refused by [`refusal`] instead.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::MysqlConnection;
use crate::dburl::DatabaseUrl;
use crate::dialect::fence::{find_sequence, words, Fenced};
use crate::dialect::scratch::{
    abandoned, login_url, password, Fencing, Scratch, ScratchName, ScratchRequest, Ticket, PREFIX,
};
use crate::dialect::statesql::{quote, text};
use crate::dialect::{ConnectOptions, Connected, Connection, Dialect, Value};
use crate::error::{DbError, Error};

fn ident(name: &str) -> String {
    quote(Dialect::Mysql, name)
}

fn lit(value: &str) -> String {
    text(Dialect::Mysql, Some(value))
}

fn as_text(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Integer(i) => i.to_string(),
        Value::Blob(b) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    }
}

/// What the server says about itself and the connection.
#[derive(Debug, Clone, Default)]
struct Facts {
    read_only: bool,
    /// The host part of the connection's account as the server sees it.
    client_host: String,
    /// Equal for two connections to one server.
    identity: String,
    charset: String,
    collation: String,
}

fn facts(conn: &mut dyn Connection) -> Result<Facts, DbError> {
    let rows = conn.query(
        "SELECT @@read_only, CAST(SUBSTRING_INDEX(USER(), '@', -1) AS CHAR),
                CAST(CONCAT(@@hostname, ':', @@port, ':', @@datadir) AS CHAR),
                CAST(s.default_character_set_name AS CHAR), CAST(s.default_collation_name AS CHAR)
           FROM (SELECT 1) one
           LEFT JOIN information_schema.schemata s ON s.schema_name = DATABASE()",
        &[],
    )?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::new("the server did not describe itself"))?;
    Ok(Facts {
        read_only: matches!(row[0], Value::Integer(1)),
        client_host: as_text(&row[1]),
        identity: as_text(&row[2]),
        charset: as_text(&row[3]),
        collation: as_text(&row[4]),
    })
}

/// A connection to `url`, which may name no database (`scratch_url`).
fn open_server(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Box<dyn Connection>, Error> {
    MysqlConnection::open_server(url, opts)
}

fn open(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Box<dyn Connection>, Error> {
    match MysqlConnection::open(url, opts)? {
        Connected::Open(conn) => Ok(conn),
        Connected::Missing => unreachable!("MySQL reports a missing database as an error"),
    }
}

/// Creates a scratch database for `req` (see the module comment).
pub(crate) fn create(req: &ScratchRequest) -> Result<Scratch, Error> {
    let live_url = req.live.expect("a MySQL request names its database");
    let server_url = req.server.unwrap_or(live_url);
    let fail = |message: String| Error::Scratch {
        server: server_url.redacted().to_string(),
        message,
    };
    let mut admin = open_server(server_url, &req.opts).map_err(|e| fail(e.to_string()))?;
    let server = facts(admin.as_mut()).map_err(|e| fail(e.message))?;
    if server.read_only {
        return Err(fail(read_only_message(req.server.is_some())));
    }
    let live = if req.server.is_none() {
        server.clone()
    } else {
        open(live_url, &req.opts)
            .ok()
            .and_then(|mut c| facts(c.as_mut()).ok())
            .unwrap_or_default()
    };
    let same_server = live.identity == server.identity;
    sweep(admin.as_mut());

    let name = ScratchName::new().to_string();
    let mut create = format!("CREATE DATABASE {}", ident(&name));
    if !live.charset.is_empty() {
        create.push_str(&format!(
            " CHARACTER SET {} COLLATE {}",
            lit(&live.charset),
            lit(&live.collation)
        ));
    }
    admin
        .execute(&create)
        .map_err(|e| fail(create_message(&e, req.server.is_some())))?;
    let account = format!("{}@{}", lit(&name), lit(&server.client_host));
    let session = Arc::new(AtomicU64::new(0));
    let mut cleanup = Cleanup {
        admin,
        name: name.clone(),
        account: None,
        _ticket: Ticket::new(emergency(server_url, &req.opts, &name, &account, &session)),
    };

    let pw = password();
    let opened = temporary_user(&mut cleanup, &account, &pw).and_then(|()| {
        let url = login_url(server_url, Some((&name, &pw)), &name).map_err(|e| e.to_string())?;
        open(&url, &req.opts).map_err(|e| format!("the temporary user cannot log in: {e}"))
    });
    let (mut conn, fencing, why) = match opened {
        Ok(conn) => (conn, Fencing::TemporaryUser, String::new()),
        Err(why) => {
            tracing::info!(%why, "scratch database without a temporary user");
            if let Some(account) = cleanup.account.take() {
                let _ = cleanup
                    .admin
                    .execute(&format!("DROP USER IF EXISTS {account}"));
            }
            let url = login_url(server_url, None, &name)?;
            let conn = open(&url, &req.opts).map_err(|e| fail(e.to_string()))?;
            let fencing = if same_server {
                Fencing::RefusedStatements
            } else {
                Fencing::SeparateServer
            };
            (conn, fencing, why)
        }
    };
    if let Some(id) = conn
        .query("SELECT CONNECTION_ID()", &[])
        .ok()
        .and_then(|rows| rows.first().and_then(|r| r.first().cloned()))
    {
        session.store(as_text(&id).parse().unwrap_or(0), Ordering::Relaxed);
    }
    if fencing == Fencing::RefusedStatements {
        let others: Vec<String> = cleanup
            .admin
            .query(
                "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata",
                &[],
            )
            .unwrap_or_default()
            .iter()
            .map(|r| as_text(&r[0]).to_ascii_uppercase())
            .filter(|db| *db != name.to_ascii_uppercase() && db != "INFORMATION_SCHEMA")
            .collect();
        let because = format!(
            "stillhead could not create a temporary user to fence the scratch database off ({why}), so statements that reach beyond it are refused; set [autogenerate] scratch_url to a separate server, or let the user create users"
        );
        conn = Box::new(Fenced::new(
            conn,
            Box::new(move |sql| refusal(sql, &others)),
            because,
        ));
    }
    Ok(Scratch::new(
        conn,
        name,
        server_url.redacted().to_string(),
        fencing,
        Some(Box::new(cleanup)),
    ))
}

/// A user granted every privilege on the scratch database and nothing else,
/// recorded in `cleanup` as soon as it exists.
fn temporary_user(cleanup: &mut Cleanup, account: &str, pw: &str) -> Result<(), String> {
    cleanup
        .admin
        .execute(&format!("CREATE USER {account} IDENTIFIED BY {}", lit(pw)))
        .map_err(|e| e.message)?;
    cleanup.account = Some(account.to_string());
    // `_` is a wildcard in a GRANT's database name: escaped, it means itself.
    let db = ident(&cleanup.name.replace('_', "\\_"));
    cleanup
        .admin
        .execute(&format!("GRANT ALL PRIVILEGES ON {db}.* TO {account}"))
        .map_err(|e| e.message)
}

/// Removes the scratch database and its user when dropped.
struct Cleanup {
    admin: Box<dyn Connection>,
    name: String,
    /// `'user'@'host'` of the temporary user, once it exists.
    account: Option<String>,
    _ticket: Ticket,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Err(e) = drop_scratch(self.admin.as_mut(), &self.name, self.account.as_deref()) {
            tracing::warn!(scratch = %self.name, error = %e, "could not drop a scratch database; a later run drops it");
        }
    }
}

fn drop_scratch(
    admin: &mut dyn Connection,
    name: &str,
    account: Option<&str>,
) -> Result<(), DbError> {
    admin.execute(&format!("DROP DATABASE IF EXISTS {}", ident(name)))?;
    if let Some(account) = account {
        admin.execute(&format!("DROP USER IF EXISTS {account}"))?;
    }
    Ok(())
}

/// For a signal handler: end the scratch session (whose locks would hold
/// `DROP DATABASE` up), then drop the database and user, on a connection
/// of its own.
fn emergency(
    server: &DatabaseUrl,
    opts: &ConnectOptions,
    name: &str,
    account: &str,
    session: &Arc<AtomicU64>,
) -> crate::dialect::scratch::Emergency {
    let (server, opts, name, account) = (
        server.clone(),
        opts.clone(),
        name.to_string(),
        account.to_string(),
    );
    let session = Arc::clone(session);
    Box::new(move || {
        if let Ok(mut admin) = open_server(&server, &opts) {
            let id = session.load(Ordering::Relaxed);
            if id != 0 {
                let _ = admin.execute(&format!("KILL CONNECTION {id}"));
            }
            let _ = drop_scratch(admin.as_mut(), &name, None);
            let _ = admin.execute(&format!("DROP USER IF EXISTS {account}"));
        }
    })
}

/// Drops the scratch databases and users of runs that are gone (see
/// [`ScratchName::abandoned`]), unless a session uses them. The user list
/// needs read access to `mysql.user`; without it only databases are swept.
fn sweep(admin: &mut dyn Connection) {
    let pattern = Value::Text(format!("{}%", PREFIX.replace('_', "\\_")));
    let Ok(dbs) = admin.query(
        "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE ?",
        std::slice::from_ref(&pattern),
    ) else {
        return;
    };
    let users = admin
        .query(
            "SELECT CAST(user AS CHAR), CAST(host AS CHAR) FROM mysql.user WHERE user LIKE ?",
            std::slice::from_ref(&pattern),
        )
        .unwrap_or_default();
    let busy: Vec<String> = admin
        .query(
            "SELECT CAST(COALESCE(db, '') AS CHAR), CAST(user AS CHAR) FROM information_schema.processlist",
            &[],
        )
        .unwrap_or_default()
        .iter()
        .flat_map(|r| [as_text(&r[0]), as_text(&r[1])])
        .collect();
    let mut names: Vec<String> = dbs.iter().map(|r| as_text(&r[0])).collect();
    names.extend(users.iter().map(|r| as_text(&r[0])));
    names.sort();
    names.dedup();
    let leftovers = names.into_iter().map(|n| {
        let in_use = busy.contains(&n);
        (n, in_use)
    });
    for name in abandoned(leftovers) {
        let result = drop_scratch(admin, &name, None).and_then(|()| {
            users
                .iter()
                .filter(|r| as_text(&r[0]) == name)
                .try_for_each(|r| {
                    let account = format!("{}@{}", lit(&name), lit(&as_text(&r[1])));
                    admin.execute(&format!("DROP USER IF EXISTS {account}"))
                })
        });
        match result {
            Ok(()) => tracing::info!(scratch = %name, "dropped a leftover scratch database"),
            Err(e) => {
                tracing::debug!(scratch = %name, error = %e, "leftover scratch database kept")
            }
        }
    }
}

fn read_only_message(named: bool) -> String {
    let which = if named {
        "scratch_url"
    } else {
        "the configured server"
    };
    format!(
        "{which} is read-only (@@read_only is ON: a replica?), and stillhead writes only to a primary. Set [autogenerate] scratch_url in stillhead.toml (or pass --scratch-url) to a writable server, such as the primary: scratch_url = \"mysql://USER@PRIMARY:3306/\""
    )
}

fn create_message(e: &DbError, named: bool) -> String {
    let what = match e.code.as_deref() {
        Some("1044") => format!(
            "the user may not create databases ({}); grant it CREATE and DROP on `stillhead\\_scratch\\_%`.*",
            e.message
        ),
        _ => e.message.clone(),
    };
    let instead = if named {
        "or name another server with scratch_url"
    } else {
        "or set [autogenerate] scratch_url in stillhead.toml (or --scratch-url) to a server where it may"
    };
    format!("{what}, {instead}. stillhead never uses the configured database as a scratch")
}

/// Statement sequences that reach beyond one database, and why.
const SERVER_WIDE: &[(&[&str], &str)] = &[
    (
        &["CREATE", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["ALTER", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["DROP", "DATABASE"],
        "databases belong to the whole server",
    ),
    (
        &["CREATE", "SCHEMA"],
        "databases belong to the whole server",
    ),
    (&["ALTER", "SCHEMA"], "databases belong to the whole server"),
    (&["DROP", "SCHEMA"], "databases belong to the whole server"),
    (&["CREATE", "USER"], "users belong to the whole server"),
    (&["ALTER", "USER"], "users belong to the whole server"),
    (&["DROP", "USER"], "users belong to the whole server"),
    (&["RENAME", "USER"], "users belong to the whole server"),
    (&["CREATE", "ROLE"], "roles belong to the whole server"),
    (&["DROP", "ROLE"], "roles belong to the whole server"),
    (&["SET", "PASSWORD"], "users belong to the whole server"),
    (
        &["SET", "DEFAULT", "ROLE"],
        "roles belong to the whole server",
    ),
    (&["INSTALL", "PLUGIN"], "plugins belong to the whole server"),
    (&["INSTALL", "SONAME"], "plugins belong to the whole server"),
    (
        &["UNINSTALL", "PLUGIN"],
        "plugins belong to the whole server",
    ),
    (
        &["UNINSTALL", "SONAME"],
        "plugins belong to the whole server",
    ),
    (&["SET", "GLOBAL"], "it changes the server's settings"),
    (&["SET", "PERSIST"], "it changes the server's settings"),
    (&["CREATE", "SERVER"], "it connects to another server"),
    (&["ALTER", "SERVER"], "it connects to another server"),
    (&["DROP", "SERVER"], "it connects to another server"),
    (
        &["CREATE", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (
        &["DROP", "TABLESPACE"],
        "tablespaces belong to the whole server",
    ),
    (&["INTO", "OUTFILE"], "it writes the server's files"),
    (&["INTO", "DUMPFILE"], "it writes the server's files"),
    (&["LOAD", "DATA"], "it reads the server's files"),
    (&["LOAD", "XML"], "it reads the server's files"),
    (&["CHANGE", "MASTER"], "it changes replication"),
    (&["RESET", "MASTER"], "it changes replication"),
    (&["RESET", "SLAVE"], "it changes replication"),
    (&["RESET", "REPLICA"], "it changes replication"),
    (&["PURGE", "BINARY"], "it changes replication"),
    (&["PURGE", "MASTER"], "it changes replication"),
];

/// Statements refused by their first word.
const SERVER_STATEMENTS: &[(&str, &str)] = &[
    ("GRANT", "privileges belong to the whole server"),
    ("REVOKE", "privileges belong to the whole server"),
    ("FLUSH", "it acts on the whole server"),
    ("KILL", "it ends other sessions"),
    ("SHUTDOWN", "it stops the server"),
    ("USE", "it switches to another database"),
];

/// Why a statement may not run in a scratch database fenced by rules
/// alone, or `None` if it may. `others` are the server's other databases,
/// upper-cased: a name qualified by one of them (`live.t`) reaches it.
pub(crate) fn refusal(sql: &str, others: &[String]) -> Option<String> {
    let w = words(sql);
    if let Some((seq, why)) = SERVER_WIDE
        .iter()
        .find(|(seq, _)| find_sequence(&w, &[seq]).is_some())
    {
        return Some(format!("{} ({why})", seq.join(" ")));
    }
    let first = w.first().map(|(s, _)| s.as_str());
    if let Some((word, why)) = SERVER_STATEMENTS.iter().find(|(s, _)| Some(*s) == first) {
        return Some(format!("{word} ({why})"));
    }
    if w.iter().any(|(s, _)| s == "LOAD_FILE") {
        return Some("LOAD_FILE() (it reads the server's files)".into());
    }
    if w.iter().any(|(s, dotted)| s == "GLOBAL" && *dotted) {
        return Some("@@global (it changes the server's settings)".into());
    }
    w.iter()
        .find(|(s, dotted)| *dotted && others.contains(s))
        .map(|(db, _)| {
            format!(
                "it names the database `{}`, which is not the scratch database",
                db.to_ascii_lowercase()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_reaching_other_databases_are_refused() {
        let others = vec!["LIVEDB".to_string(), "MYSQL".to_string()];
        for sql in [
            "INSERT INTO livedb.t VALUES (1)",
            "CREATE TABLE x AS SELECT * FROM `livedb`.`customers`",
            "DROP DATABASE livedb",
            "CREATE USER 'x'@'%'",
            "GRANT ALL ON *.* TO 'x'@'%'",
            "INSTALL SONAME 'ha_blackhole'",
            "SET GLOBAL max_connections = 10",
            "SET @@global.max_connections = 10",
            "UPDATE mysql.user SET host = '%'",
            "SELECT * FROM t INTO OUTFILE '/tmp/x'",
            "PREPARE s FROM 'DELETE FROM livedb.t'",
            "USE livedb",
        ] {
            assert!(refusal(sql, &others).is_some(), "{sql}");
        }
        for sql in [
            "CREATE TABLE t (id INT PRIMARY KEY, user VARCHAR(20))",
            "ALTER TABLE t ADD COLUMN db_name VARCHAR(20)",
            "SELECT t.id FROM t JOIN u ON u.id = t.id",
            "CREATE VIEW v AS SELECT information_schema.tables.table_name FROM information_schema.tables",
            "CREATE INDEX t_user ON t (user)",
        ] {
            assert_eq!(refusal(sql, &others), None, "{sql}");
        }
    }
}
