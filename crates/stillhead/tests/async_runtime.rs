//! The blocking runner called from inside a tokio runtime (an `async fn`,
//! `#[tokio::main]`), on every backend: it works, and leaves nothing
//! behind. PostgreSQL's blocking driver runs a runtime of its own, which
//! tokio refuses to start inside another: this panicked before
//! (ARCHITECTURE.md, "Async applications").

use stillhead::DialectBackend;
use stillhead::{Config, Dialect, EmbeddedMigrations, MigrationSet, Migrator};
use stillhead_testkit::{Backend, TestDb};

static MIGRATIONS: EmbeddedMigrations =
    stillhead::embed_migrations!("../../examples/shop/migrations");

/// Upgrades to head, reads the state back and goes down one, all from an
/// async context; returns the revisions recorded at the end.
async fn migrate_from_async_code(url: &str) -> Vec<String> {
    let report = stillhead::upgrade_to_head(url, &MIGRATIONS).expect("upgrade inside a runtime");
    assert_eq!(report.steps.len(), 7, "{url}: {report:?}");
    // A yield point between the calls, as an application's code has.
    tokio::task::yield_now().await;

    let set: MigrationSet = MIGRATIONS.load().unwrap();
    let config = Config::for_url(url).unwrap();
    let mut conn = stillhead::open(&config).expect("connect inside a runtime");
    let migrator = Migrator::new(&set, &config);
    migrator
        .downgrade(conn.as_mut(), "-1")
        .expect("downgrade inside a runtime");
    let state = migrator.read_state(conn.as_mut()).unwrap();
    // The connection is closed here, inside the runtime too.
    drop(conn);
    let mut revisions: Vec<String> = state.rows.into_iter().map(|row| row.revision).collect();
    revisions.sort();
    revisions
}

fn each_backend(flavor: tokio::runtime::Builder) {
    let mut flavor = flavor;
    let runtime = flavor.enable_all().build().unwrap();
    // The databases asked for whose driver the library was built with.
    let built = |b: &Backend| b.name().parse::<Dialect>().unwrap().driver_enabled();
    for backend in Backend::all().into_iter().filter(built) {
        let dir = tempfile::tempdir().unwrap();
        let db = TestDb::create(backend, dir.path(), "app.db");
        let revisions = runtime.block_on(migrate_from_async_code(&db.url));
        assert_eq!(
            revisions,
            [
                "001_initial_schema",
                "002_categories",
                "003_member_fields",
                "004_order_item_status",
                "005_order_foreign_keys",
                "006_audit_log_columns"
            ],
            "[{}] after upgrade head and downgrade -1",
            backend.name()
        );
    }
}

#[test]
fn the_blocking_runner_works_inside_a_current_thread_runtime() {
    each_backend(tokio::runtime::Builder::new_current_thread());
}

#[test]
fn the_blocking_runner_works_inside_a_multi_thread_runtime() {
    each_backend(tokio::runtime::Builder::new_multi_thread());
}
