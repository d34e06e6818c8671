//! An application hands over the driver connection it already has (a
//! `rusqlite::Connection`, a `postgres::Client`, a `mysql::Conn`): the
//! runner migrates through it, and the application gets it back, usable,
//! on the database the migrations changed. Each driver's tests are built
//! with its cargo feature.

#![allow(unused_imports, dead_code)] // a build with fewer than three drivers

#[cfg(feature = "mysql")]
use stillhead::MysqlConnection;
#[cfg(feature = "postgres")]
use stillhead::PostgresConnection;
#[cfg(feature = "sqlite")]
use stillhead::SqliteConnection;
use stillhead::{Config, ConnectOptions, Connection, EmbeddedMigrations, MigrationSet, Migrator};
use stillhead_testkit::{Backend, TestDb};

static MIGRATIONS: EmbeddedMigrations =
    stillhead::embed_migrations!("../../examples/shop/migrations");

/// Upgrades through `conn` and returns the revision it reached.
fn migrate(conn: &mut dyn Connection, url: &str) -> String {
    let set: MigrationSet = MIGRATIONS.load().unwrap();
    let config = Config::for_url(url).unwrap();
    let report = Migrator::new(&set, &config).upgrade(conn, "head").unwrap();
    assert_eq!(report.steps.len(), 7, "{url}: {report:?}");
    report.to.join(",")
}

#[test]
#[cfg(feature = "sqlite")]
fn a_rusqlite_connection_is_migrated_and_given_back_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.db");
    let url = format!("sqlite://{}", path.display());
    let app = rusqlite::Connection::open(&path).unwrap();
    app.busy_timeout(std::time::Duration::from_millis(1234))
        .unwrap();

    let mut conn = SqliteConnection::from_rusqlite(app, &ConnectOptions::default()).unwrap();
    assert_eq!(migrate(&mut conn, &url), "007_device_sessions");
    let app = conn.into_inner();

    let busy: i64 = app
        .query_row("PRAGMA busy_timeout", [], |r| r.get(0))
        .unwrap();
    assert_eq!(busy, 1234, "the application's busy timeout is set back");
    let sessions: i64 = app
        .query_row("SELECT count(*) FROM device_sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sessions, 0);
}

#[test]
#[cfg(feature = "sqlite")]
fn an_in_memory_rusqlite_connection_is_migrated_in_place() {
    let app = rusqlite::Connection::open_in_memory().unwrap();
    let mut conn = SqliteConnection::from_rusqlite(app, &ConnectOptions::default()).unwrap();
    assert_eq!(migrate(&mut conn, "sqlite::memory:"), "007_device_sessions");
    // The same in-memory database: another connection would see none of it.
    let app = conn.into_inner();
    let tables: i64 = app
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'device_sessions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
#[cfg(feature = "postgres")]
fn a_postgres_client_is_migrated_and_given_back() {
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::create(Backend::Postgres, dir.path(), "unused.db");
    let client = postgres::Client::connect(&db.url, postgres::NoTls).unwrap();

    let mut conn =
        PostgresConnection::from_client(client, &db.url, &ConnectOptions::default()).unwrap();
    assert_eq!(migrate(&mut conn, &db.url), "007_device_sessions");
    let mut client = conn.into_inner();

    let row = client
        .query_one("SELECT count(*) FROM device_sessions", &[])
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 0);
    // Nothing of stillhead's is left open on the session.
    let row = client.query_one("SELECT pg_current_xact_id_if_assigned()::text IS NULL", &[]);
    assert!(row.unwrap().get::<_, bool>(0));
}

#[test]
#[cfg(feature = "mysql")]
fn a_mysql_conn_is_migrated_and_given_back() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    use mysql::prelude::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let db = TestDb::create(Backend::Mysql, dir.path(), "unused.db");
    let app = mysql::Conn::new(mysql::Opts::from_url(&db.url).unwrap()).unwrap();

    let mut conn = MysqlConnection::from_conn(app, &db.url, &ConnectOptions::default()).unwrap();
    assert_eq!(migrate(&mut conn, &db.url), "007_device_sessions");
    let mut app = conn.into_inner();

    let sessions: Option<i64> = app
        .query_first("SELECT count(*) FROM device_sessions")
        .unwrap();
    assert_eq!(sessions, Some(0));
    // stillhead's session timeouts are not left on the application's connection.
    let wait: Option<i64> = app
        .query_first("SELECT @@SESSION.lock_wait_timeout = @@GLOBAL.lock_wait_timeout")
        .unwrap();
    assert_eq!(wait, Some(1));
}
