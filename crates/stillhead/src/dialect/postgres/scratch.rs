//! PostgreSQL scratch databases: `CREATE DATABASE … TEMPLATE template0` on
//! the configured server (or `scratch_url`'s), with the configured
//! database's encoding and extensions, owned by a temporary login role that
//! can reach nothing else. Roles, tablespaces and other databases belong to
//! the whole server; that role may not touch them, so a migration that does
//! fails with the server's own error. Where no role can be made, such
//! statements are refused by [`fence::refusal`] instead.

use std::collections::BTreeSet;

use super::{fence, PostgresConnection};
use crate::dburl::DatabaseUrl;
use crate::dialect::scratch::{
    abandoned, apply_fencing, create_failed, fallback_fencing, log_sweep, login_url, password,
    read_only_server, Fencing, NoTemporaryUser, Scratch, ScratchName, ScratchRequest, Ticket,
    PREFIX,
};
use crate::dialect::sql::SqlText;
use crate::dialect::{ConnectOptions, Connected, Connection, Value};
use crate::error::{DbError, Error};

/// What the server says about itself and the connection's user.
#[derive(Debug, Clone, Default)]
struct Facts {
    in_recovery: bool,
    superuser: bool,
    create_role: bool,
    user: String,
    /// Start time and port: equal for two connections to one server.
    identity: String,
    encoding: String,
    collate: String,
    ctype: String,
}

/// A live extension: its name and schema.
type Extension = (String, String);

fn ident(name: &str) -> String {
    super::SQL.ident(name)
}

fn lit(value: &str) -> String {
    super::SQL.literal(value)
}

fn as_flag(v: &Value) -> bool {
    matches!(v, Value::Integer(1))
}

/// A connection to `url` as it is: no schema set or created.
fn open_plain(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Box<dyn Connection>, Error> {
    let plain = ConnectOptions {
        create: false,
        schema: None,
        ..opts.clone()
    };
    match PostgresConnection::open(url, &plain)? {
        Connected::Open(conn) => Ok(conn),
        Connected::Missing => unreachable!("PostgreSQL reports a missing database as an error"),
    }
}

fn facts(conn: &mut dyn Connection) -> Result<Facts, DbError> {
    let rows = conn.query(
        "SELECT pg_is_in_recovery(), r.rolsuper, r.rolcreaterole, current_user::text,
                pg_postmaster_start_time()::text || ' port ' || current_setting('port'),
                pg_encoding_to_char(d.encoding)::text, d.datcollate::text, d.datctype::text
           FROM pg_roles r, pg_database d
          WHERE r.rolname = current_user AND d.datname = current_database()",
        &[],
    )?;
    let row = rows
        .first()
        .ok_or_else(|| DbError::new("the server did not describe itself"))?;
    Ok(Facts {
        in_recovery: as_flag(&row[0]),
        superuser: as_flag(&row[1]),
        create_role: as_flag(&row[2]),
        user: row[3].to_text(),
        identity: row[4].to_text(),
        encoding: row[5].to_text(),
        collate: row[6].to_text(),
        ctype: row[7].to_text(),
    })
}

fn extensions(conn: &mut dyn Connection) -> Result<Vec<Extension>, DbError> {
    Ok(conn
        .query(
            "SELECT e.extname::text, n.nspname::text FROM pg_extension e
               JOIN pg_namespace n ON n.oid = e.extnamespace
              WHERE e.extname <> 'plpgsql' ORDER BY e.oid",
            &[],
        )?
        .iter()
        .map(|r| (r[0].to_text(), r[1].to_text()))
        .collect())
}

/// Creates a scratch database for `req` (see the module comment).
pub(crate) fn create(req: &ScratchRequest) -> Result<Scratch, Error> {
    let live_url = req.live.expect("a PostgreSQL request names its database");
    let server_url = req.server.unwrap_or(live_url);
    let fail = |message: String| Error::Scratch {
        server: server_url.redacted().to_string(),
        message,
    };
    let mut admin = open_plain(server_url, &req.opts).map_err(|e| fail(e.to_string()))?;
    let server = facts(admin.as_mut()).map_err(|e| fail(e.message))?;
    if server.in_recovery {
        return Err(fail(read_only_server(
            req.server.is_some(),
            "a read-only standby (pg_is_in_recovery() is true)",
            "postgres://USER@PRIMARY:5432/postgres",
        )));
    }
    // The configured database is only read: its extensions, its encoding,
    // and whether it is on the same server.
    let (live, live_extensions) = if req.server.is_none() {
        let ext = extensions(admin.as_mut()).map_err(|e| fail(e.message))?;
        (server.clone(), ext)
    } else {
        match open_plain(live_url, &req.opts) {
            Ok(mut conn) => (
                facts(conn.as_mut()).unwrap_or_default(),
                extensions(conn.as_mut()).unwrap_or_default(),
            ),
            Err(e) => {
                tracing::info!(error = %e, "the configured database cannot be read; scratch database without its extensions");
                (Facts::default(), Vec::new())
            }
        }
    };
    let same_server = live.identity == server.identity;
    sweep(admin.as_mut());

    let name = ScratchName::fresh().to_string();
    let mut create = format!("CREATE DATABASE {} TEMPLATE template0", ident(&name));
    if !live.encoding.is_empty() {
        create.push_str(&format!(" ENCODING {}", lit(&live.encoding)));
        if same_server {
            // The server has these locales; another server may not.
            create.push_str(&format!(
                " LC_COLLATE {} LC_CTYPE {}",
                lit(&live.collate),
                lit(&live.ctype)
            ));
        }
    }
    admin
        .execute(&create)
        .map_err(|e| fail(create_message(&e, &server.user, req.server.is_some())))?;
    let mut cleanup = Cleanup {
        admin,
        name: name.clone(),
        role: false,
        _ticket: Ticket::new(emergency(server_url, &req.opts, &name)),
    };

    let pw = password().map_err(fail)?;
    // An extension schema.sql creates that is not trusted needs a
    // superuser: the configured one, if it is, loads the file itself
    // (fenced as without a temporary role) rather than fail.
    let skip = created_extensions(&req.sql);
    let untrusted = if skip.is_empty() || !server.superuser {
        None
    } else {
        let trusted = trusted_extensions(cleanup.admin.as_mut());
        skip.iter().find(|e| !trusted.contains(*e)).cloned()
    };
    let temporary = if let Some(ext) = &untrusted {
        Err(NoTemporaryUser::UntrustedExtension(ext.clone()))
    } else if server.superuser || server.create_role {
        cleanup.role = true;
        temporary_role(cleanup.admin.as_mut(), &name, &pw, server.superuser).map_err(Into::into)
    } else {
        Err(NoTemporaryUser::NotAllowed {
            user: server.user.clone(),
            account: "role",
        })
    };
    let opened = temporary.and_then(|()| {
        login_url(server_url, Some((&name, &pw)), &name)
            .and_then(|url| open(&url, &req.opts))
            .map_err(NoTemporaryUser::Login)
    });
    let (mut conn, fencing, why) = match opened {
        Ok(conn) => (conn, Fencing::TemporaryUser, String::new()),
        Err(why) => {
            let why = why.to_string();
            tracing::info!(%why, "scratch database without a temporary role");
            if cleanup.role {
                // Take the database back before the role goes, if it got it.
                let q = ident(&name);
                let _ = cleanup
                    .admin
                    .execute(&format!("ALTER DATABASE {q} OWNER TO CURRENT_USER"));
                let _ = cleanup.admin.execute(&format!("DROP ROLE IF EXISTS {q}"));
                cleanup.role = false;
            }
            let url = login_url(server_url, None, &name)?;
            let conn = open(&url, &req.opts).map_err(|e| fail(e.to_string()))?;
            (conn, fallback_fencing(same_server), why)
        }
    };
    let wanted: Vec<&Extension> = live_extensions
        .iter()
        .filter(|(ext, _)| !skip.contains(ext))
        .collect();
    if !wanted.is_empty() {
        copy_extensions(&mut cleanup, server_url, req, &mut conn, fencing, &wanted);
    }
    let privilege = if untrusted.is_some() {
        ""
    } else {
        "CREATEROLE"
    };
    let conn = apply_fencing(conn, fencing, &why, ("role", privilege), || {
        Box::new(fence::refusal)
    });
    Ok(Scratch::new(
        conn,
        name,
        server_url.redacted().to_string(),
        fencing,
        Some(Box::new(cleanup)),
    ))
}

/// Opens the scratch database, creating the configured schema in it.
fn open(url: &DatabaseUrl, opts: &ConnectOptions) -> Result<Box<dyn Connection>, Error> {
    let opts = ConnectOptions {
        create: true,
        ..opts.clone()
    };
    match PostgresConnection::open(url, &opts)? {
        Connected::Open(conn) => Ok(conn),
        Connected::Missing => unreachable!("PostgreSQL reports a missing database as an error"),
    }
}

/// A login role that owns the scratch database and nothing else.
fn temporary_role(
    admin: &mut dyn Connection,
    name: &str,
    pw: &str,
    superuser: bool,
) -> Result<(), DbError> {
    let role = ident(name);
    admin
        .execute(&format!(
            "CREATE ROLE {role} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS",
            lit(pw)
        ))?;
    if !superuser {
        // A role with CREATEROLE must be a member of a role to hand it a
        // database (PostgreSQL 16 makes the creator one by itself).
        let _ = admin.execute(&format!("GRANT {role} TO CURRENT_USER"));
    }
    admin.execute(&format!("ALTER DATABASE {role} OWNER TO {role}"))
}

/// Creates the live database's extensions in the scratch database, where
/// the server has them: trusted ones as the temporary role (which then owns
/// them, so a migration's `DROP EXTENSION` works), others as the configured
/// user, who must be a superuser for them. One that fails is left out.
fn copy_extensions(
    cleanup: &mut Cleanup,
    server_url: &DatabaseUrl,
    req: &ScratchRequest,
    conn: &mut Box<dyn Connection>,
    fencing: Fencing,
    wanted: &[&Extension],
) {
    let trusted = trusted_extensions(cleanup.admin.as_mut());
    let mut as_admin: Option<Box<dyn Connection>> = None;
    for (ext, schema) in wanted {
        let owner = if fencing == Fencing::TemporaryUser {
            format!(" AUTHORIZATION {}", ident(&cleanup.name))
        } else {
            String::new()
        };
        let sql = [
            format!("CREATE SCHEMA IF NOT EXISTS {}{owner}", ident(schema)),
            format!(
                "CREATE EXTENSION IF NOT EXISTS {} SCHEMA {} CASCADE",
                ident(ext),
                ident(schema)
            ),
        ];
        let target: &mut dyn Connection =
            if fencing != Fencing::TemporaryUser || trusted.contains(ext.as_str()) {
                conn.as_mut()
            } else {
                if as_admin.is_none() {
                    as_admin = login_url(server_url, None, &cleanup.name)
                        .and_then(|url| open_plain(&url, &req.opts))
                        .ok();
                }
                match as_admin.as_mut() {
                    Some(c) => c.as_mut(),
                    None => continue,
                }
            };
        if let Err(e) = sql.iter().try_for_each(|s| target.execute(s)) {
            tracing::warn!(extension = %ext, error = %e, "extension of the configured database left out of the scratch database");
        }
    }
}

/// The extensions the server has whose default version a user with
/// `CREATE` on the database may create (`trusted`); none if it cannot say.
fn trusted_extensions(admin: &mut dyn Connection) -> BTreeSet<String> {
    admin
        .query(
            "SELECT v.name::text FROM pg_available_extension_versions v
               JOIN pg_available_extensions a ON a.name = v.name AND a.default_version = v.version
              WHERE v.trusted",
            &[],
        )
        .unwrap_or_default()
        .iter()
        .map(|r| r[0].to_text())
        .collect()
}

/// Removes the scratch database and its role when dropped.
struct Cleanup {
    admin: Box<dyn Connection>,
    name: String,
    /// A temporary role of the same name exists.
    role: bool,
    _ticket: Ticket,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Err(e) = drop_scratch(self.admin.as_mut(), &self.name, self.role, true) {
            tracing::warn!(scratch = %self.name, error = %e, "could not drop a scratch database; a later run drops it");
        }
    }
}

/// `DROP DATABASE` (ending its sessions if `force`) and, with `role`,
/// `DROP ROLE`; each alone, as `DROP DATABASE` cannot run inside a
/// transaction block.
fn drop_scratch(
    admin: &mut dyn Connection,
    name: &str,
    role: bool,
    force: bool,
) -> Result<(), DbError> {
    let q = ident(name);
    let plain = format!("DROP DATABASE IF EXISTS {q}");
    match admin.execute(&format!(
        "{plain}{}",
        if force { " WITH (FORCE)" } else { "" }
    )) {
        // PostgreSQL before 13 has no FORCE (42601: syntax error); our own
        // session is closed by now, so the plain form works there too.
        Err(e) if force && e.code.as_deref() == Some("42601") => admin.execute(&plain)?,
        other => other?,
    }
    if role {
        admin.execute(&format!("DROP ROLE IF EXISTS {q}"))?;
    }
    Ok(())
}

/// For a signal handler: drop the database on a connection of its own.
fn emergency(
    server: &DatabaseUrl,
    opts: &ConnectOptions,
    name: &str,
) -> crate::dialect::scratch::Emergency {
    let (server, opts, name) = (server.clone(), opts.clone(), name.to_string());
    Box::new(move || {
        if let Ok(mut admin) = open_plain(&server, &opts) {
            let _ = drop_scratch(admin.as_mut(), &name, true, true);
        }
    })
}

/// Drops the scratch databases and roles of runs that are gone (see
/// [`ScratchName::abandoned`]). Without `FORCE`: the server refuses to drop
/// a database someone connected to since the check.
fn sweep(admin: &mut dyn Connection) {
    let pattern = format!("{}%", PREFIX.replace('_', "\\_"));
    let Ok(rows) = admin.query(
        "SELECT n.name, EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = n.name OR a.usename = n.name)
           FROM (SELECT datname::text AS name FROM pg_database WHERE datname LIKE $1
                 UNION SELECT rolname::text FROM pg_roles WHERE rolname LIKE $1) n",
        &[Value::Text(pattern)],
    ) else {
        return;
    };
    let leftovers = rows.iter().map(|r| (r[0].to_text(), as_flag(&r[1])));
    for name in abandoned(leftovers) {
        log_sweep(&name, drop_scratch(admin, &name, true, false));
    }
}

fn create_message(e: &DbError, user: &str, named: bool) -> String {
    let what = match e.code.as_deref() {
        Some("42501") => format!(
            "{user} may not create databases ({}); grant it CREATEDB",
            e.message
        ),
        Some("25006") => format!(
            "the server accepts only read-only transactions here ({})",
            e.message
        ),
        _ => e.message.clone(),
    };
    create_failed(&what, named)
}

/// The extensions that `CREATE EXTENSION` statements in `sql` create
/// (names as the server stores them: unquoted ones folded to lower case).
fn created_extensions(sql: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in sql {
        let lower = text.to_ascii_lowercase();
        let mut at = 0;
        while let Some(found) = lower[at..].find("create extension") {
            let mut rest = text[at + found + "create extension".len()..].trim_start();
            at += found + "create extension".len();
            if rest.to_ascii_lowercase().starts_with("if not exists") {
                rest = rest["if not exists".len()..].trim_start();
            }
            let name = match rest.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or("").to_string(),
                None => rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase(),
            };
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_a_chain_creates_itself_are_found() {
        let found = created_extensions(&[
            "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\ncreate extension PGCRYPTO schema x;",
            "CREATE TABLE t (id int)",
        ]);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            ["pgcrypto", "uuid-ossp"]
        );
    }
}
