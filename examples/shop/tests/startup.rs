//! The shop app migrates its own database at start-up, then works on it;
//! started again, it finds nothing to migrate.

use std::process::Command;

fn run_shop(dir: &std::path::Path, url: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_shop"))
        .current_dir(dir)
        .env("DATABASE_URL", url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "shop failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn migrates_at_start_up_and_works_on_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.db");
    let url = format!("sqlite://{}", db.display());

    let first = run_shop(dir.path(), &url);
    for id in [
        "001_initial_schema",
        "002_categories",
        "003_member_fields",
        "004_order_item_status",
        "005_order_foreign_keys",
        "006_audit_log_columns",
        "007_device_sessions",
    ] {
        assert!(first.contains(&format!("applied {id}")), "{first}");
    }
    assert!(
        first.contains("migrated base -> 007_device_sessions"),
        "{first}"
    );
    assert!(
        first.contains("totals: 1 members, 1 orders, 1 audit rows, 1 device sessions"),
        "{first}"
    );

    let second = run_shop(dir.path(), &url);
    assert!(second.contains("nothing to migrate"), "{second}");
    assert!(second.contains("totals: 2 members, 2 orders"), "{second}");

    // The database says the same, with its own queries.
    let c = rusqlite::Connection::open(&db).unwrap();
    let applied: i64 = c
        .query_row("SELECT count(*) FROM stillhead_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(applied, 7);
    let paid: i64 = c
        .query_row(
            "SELECT count(*) FROM order_items WHERE status = 'paid'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(paid, 2);
    let history: i64 = c
        .query_row("SELECT count(*) FROM order_item_status_history", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(history, 6);
    let fk_problems: i64 = c
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk_problems, 0);
}

#[test]
fn backfills_move_existing_data() {
    // A database at 001 with data from the app's hand-written days, then the
    // app starts: 002/004/006/007's data migrations must fill the new columns.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    let initial = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/001_initial_schema.sql"),
    )
    .unwrap();
    let up = initial
        .split("-- +upgrade")
        .nth(1)
        .unwrap()
        .split("-- +downgrade")
        .next()
        .unwrap();
    c.execute_batch(up).unwrap();
    c.execute_batch(
        "INSERT INTO members (id, email, full_name) VALUES (1, 'old@example.com', 'Old Member');
         INSERT INTO products (id, sku, name, price_cents) VALUES (1, 'OLD-1', 'Old product', 500);
         INSERT INTO orders (id, member_id, status) VALUES (1, 1, 'shipped');
         INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (1, 1, 3, 500);
         INSERT INTO audit_log (action) VALUES ('order.shipped');
         INSERT INTO device_sessions (member_id, token_hash, expires_at) VALUES (1, 'h', '2030-01-01');",
    )
    .unwrap();
    drop(c);
    // Adopt the hand-made database at 001, as a team moving to migrations would.
    let url = format!("sqlite://{}", db.display());
    let config = stillhead::Config::for_url(&url).unwrap();
    let set = stillhead::MigrationSet::from_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"),
    )
    .unwrap();
    let mut conn = stillhead::open(&config).unwrap();
    stillhead::Migrator::new(&set, &config)
        .stamp(conn.as_mut(), "001_initial_schema", false)
        .unwrap();
    drop(conn);
    run_shop(dir.path(), &url);

    let c = rusqlite::Connection::open(&db).unwrap();
    let (category, status, entity, last_seen): (String, String, String, Option<String>) = c
        .query_row(
            "SELECT (SELECT c.slug FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = 1),
                    (SELECT status FROM order_items WHERE order_id = 1),
                    (SELECT entity_type FROM audit_log WHERE action = 'order.shipped'),
                    (SELECT last_seen_at FROM device_sessions WHERE token_hash = 'h')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(category, "uncategorised");
    assert_eq!(status, "shipped");
    assert_eq!(entity, "order");
    assert!(last_seen.is_some());
}

/// A database created on a local server for one test, dropped afterwards.
struct ServerDb {
    drop_sql: String,
    admin: &'static str,
    url: String,
}

impl ServerDb {
    fn create(admin: &'static str, url_base: &str) -> ServerDb {
        let kind = if admin.starts_with("postgres") {
            "pg"
        } else {
            "my"
        };
        let name = format!("shop_t{}_{kind}", std::process::id());
        let url = format!("{url_base}/{name}");
        let me = ServerDb {
            drop_sql: format!("DROP DATABASE IF EXISTS {name}"),
            admin,
            url,
        };
        me.admin_execute(&format!("DROP DATABASE IF EXISTS {name}"));
        me.admin_execute(&format!("CREATE DATABASE {name}"));
        me
    }

    fn admin_execute(&self, sql: &str) {
        if self.admin.starts_with("postgres") {
            let mut c = postgres::Client::connect(self.admin, postgres::NoTls).unwrap();
            c.batch_execute(sql).unwrap();
        } else {
            use mysql::prelude::Queryable;
            let mut c = mysql::Conn::new(mysql::Opts::from_url(self.admin).unwrap()).unwrap();
            c.query_drop(sql).unwrap();
        }
    }
}

impl Drop for ServerDb {
    fn drop(&mut self) {
        let sql = if self.admin.starts_with("postgres") {
            format!("{} WITH (FORCE)", self.drop_sql)
        } else {
            self.drop_sql.clone()
        };
        self.admin_execute(&sql);
    }
}

#[test]
fn migrates_itself_on_postgres_and_mariadb() {
    let dir = tempfile::tempdir().unwrap();
    for db in [
        ServerDb::create(
            "postgres://postgres@127.0.0.1:5432/test",
            "postgres://postgres@127.0.0.1:5432",
        ),
        ServerDb::create(
            "mysql://root@127.0.0.1:3306/test",
            "mariadb://root@127.0.0.1:3306",
        ),
    ] {
        let first = run_shop(dir.path(), &db.url);
        assert!(
            first.contains("migrated base -> 007_device_sessions"),
            "{}: {first}",
            db.url
        );
        assert!(
            first.contains("ON DELETE CASCADE removed its items (0 left)"),
            "{first}"
        );
        assert!(
            first.contains("totals: 1 members, 1 orders, 1 audit rows, 1 device sessions"),
            "{first}"
        );
        let second = run_shop(dir.path(), &db.url);
        assert!(
            second.contains("nothing to migrate") && second.contains("totals: 2 members"),
            "{second}"
        );
    }
}
