//! MariaDB/MySQL scratch databases: `CREATE DATABASE` on the configured
//! server (or `scratch_url`'s) with the configured database's character set
//! and collation, used by a temporary user granted that one database and
//! nothing else. Users, plugins, global settings and other databases
//! (`livedb.t`) belong to the whole server; that user may not touch them, so
//! a migration that does fails with the server's own error. Where no user
//! can be made, such statements are refused by [`fence::refusal`] instead.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::{fence, MysqlConnection};
use crate::dburl::DatabaseUrl;
use crate::dialect::scratch::{
    abandoned, apply_fencing, create_failed, fallback_fencing, log_sweep, login_url, password,
    read_only_server, Fencing, NoTemporaryUser, Scratch, ScratchName, ScratchRequest, Ticket,
    PREFIX,
};
use crate::dialect::sql::SqlText;
use crate::dialect::{ConnectOptions, Connected, Connection, Value};
use crate::error::{DbError, Error};

fn ident(name: &str) -> String {
    super::SQL.ident(name)
}

fn lit(value: &str) -> String {
    super::SQL.literal(value)
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
        client_host: row[1].to_text(),
        identity: row[2].to_text(),
        charset: row[3].to_text(),
        collation: row[4].to_text(),
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
        return Err(fail(read_only_server(
            req.server.is_some(),
            "read-only (@@read_only is ON: a replica?)",
            "mysql://USER@PRIMARY:3306/",
        )));
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

    let name = ScratchName::fresh().to_string();
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

    let pw = password().map_err(fail)?;
    let opened = temporary_user(&mut cleanup, &account, &pw)
        .map_err(NoTemporaryUser::from)
        .and_then(|()| {
            login_url(server_url, Some((&name, &pw)), &name)
                .and_then(|url| open(&url, &req.opts))
                .map_err(NoTemporaryUser::Login)
        });
    let (mut conn, fencing, why) = match opened {
        Ok(conn) => (conn, Fencing::TemporaryUser, String::new()),
        Err(why) => {
            let why = why.to_string();
            tracing::info!(%why, "scratch database without a temporary user");
            if let Some(account) = cleanup.account.take() {
                let _ = cleanup
                    .admin
                    .execute(&format!("DROP USER IF EXISTS {account}"));
            }
            let url = login_url(server_url, None, &name)?;
            let conn = open(&url, &req.opts).map_err(|e| fail(e.to_string()))?;
            (conn, fallback_fencing(same_server), why)
        }
    };
    if let Some(id) = conn
        .query("SELECT CONNECTION_ID()", &[])
        .ok()
        .and_then(|rows| rows.first().and_then(|r| r.first().cloned()))
    {
        session.store(id.to_text().parse().unwrap_or(0), Ordering::Relaxed);
    }
    let admin = &mut cleanup.admin;
    let conn = apply_fencing(conn, fencing, &why, ("user", "CREATE USER"), || {
        // The server's other databases: a name qualified by one reaches it.
        let others: Vec<String> = admin
            .query(
                "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata",
                &[],
            )
            .unwrap_or_default()
            .iter()
            .map(|r| r[0].to_text().to_ascii_uppercase())
            .filter(|db| *db != name.to_ascii_uppercase() && db != "INFORMATION_SCHEMA")
            .collect();
        Box::new(move |sql| fence::refusal(sql, &others))
    });
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
fn temporary_user(cleanup: &mut Cleanup, account: &str, pw: &str) -> Result<(), DbError> {
    cleanup
        .admin
        .execute(&format!("CREATE USER {account} IDENTIFIED BY {}", lit(pw)))?;
    cleanup.account = Some(account.to_string());
    // `_` is a wildcard in a GRANT's database name: escaped, it means itself.
    let db = ident(&cleanup.name.replace('_', "\\_"));
    cleanup
        .admin
        .execute(&format!("GRANT ALL PRIVILEGES ON {db}.* TO {account}"))
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
        .flat_map(|r| [r[0].to_text(), r[1].to_text()])
        .collect();
    let mut names: Vec<String> = dbs.iter().map(|r| r[0].to_text()).collect();
    names.extend(users.iter().map(|r| r[0].to_text()));
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
                .filter(|r| r[0].to_text() == name)
                .try_for_each(|r| {
                    let account = format!("{}@{}", lit(&name), lit(&r[1].to_text()));
                    admin.execute(&format!("DROP USER IF EXISTS {account}"))
                })
        });
        log_sweep(&name, result);
    }
}

fn create_message(e: &DbError, named: bool) -> String {
    let what = match e.code.as_deref() {
        Some("1044") => format!(
            "the user may not create databases ({}); grant it CREATE and DROP on `stillhead\\_scratch\\_%`.*",
            e.message
        ),
        _ => e.message.clone(),
    };
    create_failed(&what, named)
}
