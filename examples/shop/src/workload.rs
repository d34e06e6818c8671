//! A small, real workload on the migrated schema: it touches a column or table
//! from every migration, so it fails loudly if the schema is not at head.
//!
//! It talks to the database through stillhead's own connection, so the same
//! code runs on SQLite, PostgreSQL and MariaDB; the few dialect differences
//! (placeholders, date arithmetic) are spelled out where they occur.

use stillhead::{Connection, DbError, Dialect, Value};

/// Rewrites `?` placeholders to `$1, $2…` for PostgreSQL (the workload's SQL
/// has no `?` inside string literals).
fn sql(db: &dyn Connection, text: &str) -> String {
    if db.dialect() != Dialect::Postgres {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut n = 0;
    for c in text.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

fn exec(db: &mut dyn Connection, text: &str, params: &[Value]) -> Result<u64, DbError> {
    let q = sql(db, text);
    db.execute_with(&q, params)
}

/// Runs an `INSERT … RETURNING id` and returns the id.
fn insert(db: &mut dyn Connection, text: &str, params: &[Value]) -> Result<i64, DbError> {
    let q = sql(db, &format!("{text} RETURNING id"));
    match db.query(&q, params)?.first().and_then(|row| row.first()) {
        Some(Value::Integer(id)) => Ok(*id),
        other => Err(DbError::new(format!("expected an id, got {other:?}"))),
    }
}

fn count(db: &mut dyn Connection, text: &str, params: &[Value]) -> Result<i64, DbError> {
    let q = sql(db, text);
    match db.query(&q, params)?.first().and_then(|row| row.first()) {
        Some(Value::Integer(n)) => Ok(*n),
        other => Err(DbError::new(format!("expected a number, got {other:?}"))),
    }
}

/// Creates a member, a categorised product, an order with item statuses and
/// their history, an audit row and a device session, in one transaction.
/// Returns one line per thing done.
pub fn run(db: &mut dyn Connection) -> Result<Vec<String>, DbError> {
    if db.dialect() == Dialect::Sqlite {
        db.execute("PRAGMA foreign_keys = ON")?;
    }
    db.begin()?;
    match work(db) {
        Ok(done) => {
            db.commit()?;
            let totals = count(db, "SELECT count(*) FROM members", &[])?;
            let orders = count(db, "SELECT count(*) FROM orders", &[])?;
            let audits = count(db, "SELECT count(*) FROM audit_log", &[])?;
            let sessions = count(db, "SELECT count(*) FROM device_sessions", &[])?;
            let mut done = done;
            done.push(format!(
                "totals: {totals} members, {orders} orders, {audits} audit rows, {sessions} device sessions"
            ));
            Ok(done)
        }
        Err(e) => {
            let _ = db.rollback();
            Err(e)
        }
    }
}

fn work(db: &mut dyn Connection) -> Result<Vec<String>, DbError> {
    let mut done = Vec::new();
    // A unique suffix so the app can run any number of times on one database.
    let run = count(db, "SELECT coalesce(max(id), 0) + 1 FROM members", &[])?;

    // 001 + 003: a member with a date of birth.
    let email = format!("ada{run}@example.com");
    let member = insert(
        db,
        "INSERT INTO members (email, full_name, dob) VALUES (?, ?, '1990-04-12')",
        &[email.as_str().into(), format!("Ada Lovelace #{run}").into()],
    )?;
    done.push(format!("created member {member} ({email})"));

    // 002: a category and a product in it; 003: the member follows the category.
    let category = insert(
        db,
        "INSERT INTO categories (name, slug) VALUES (?, ?)",
        &[format!("Tea #{run}").into(), format!("tea-{run}").into()],
    )?;
    let product = insert(
        db,
        "INSERT INTO products (sku, name, price_cents, category_id) VALUES (?, 'Darjeeling 100g', 1250, ?)",
        &[format!("TEA-{run}").into(), category.into()],
    )?;
    exec(
        db,
        "INSERT INTO member_categories (member_id, category_id) VALUES (?, ?)",
        &[member.into(), category.into()],
    )?;
    done.push(format!(
        "created product {product} in category {category} (Tea #{run}), followed by member {member}"
    ));

    // 001 + 004: an order with two items, one of them moved to 'paid' with history.
    let order = insert(
        db,
        "INSERT INTO orders (member_id, status, total_cents) VALUES (?, 'open', 3750)",
        &[member.into()],
    )?;
    let mut items = Vec::new();
    for quantity in [1, 2] {
        let item = insert(
            db,
            "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, status, status_updated_at)
             VALUES (?, ?, ?, 1250, 'pending', CURRENT_TIMESTAMP)",
            &[order.into(), product.into(), Value::Integer(quantity)],
        )?;
        exec(
            db,
            "INSERT INTO order_item_status_history (order_item_id, from_status, to_status, changed_by) VALUES (?, NULL, 'pending', 'shop')",
            &[item.into()],
        )?;
        items.push(item);
    }
    exec(
        db,
        "UPDATE order_items SET status = 'paid', status_updated_at = CURRENT_TIMESTAMP WHERE id = ?",
        &[items[0].into()],
    )?;
    exec(
        db,
        "INSERT INTO order_item_status_history (order_item_id, from_status, to_status, changed_by) VALUES (?, 'pending', 'paid', 'shop')",
        &[items[0].into()],
    )?;
    done.push(format!(
        "created order {order} with items {} (paid) and {} (pending)",
        items[0], items[1]
    ));

    // 006: an audit row with its identifying columns.
    let request = format!("req-{run:06}");
    exec(
        db,
        "INSERT INTO audit_log (action, details, actor_id, actor_type, entity_type, entity_id, request_id)
         VALUES ('order.created', ?, ?, 'member', 'order', ?, ?)",
        &[
            "{\"total_cents\": 3750}".into(),
            member.into(),
            order.into(),
            request.as_str().into(),
        ],
    )?;
    done.push(format!(
        "audited order.created for order {order} (request {request})"
    ));

    // 007: a device session that expires in 30 days.
    let expires = match db.dialect() {
        Dialect::Sqlite => "datetime('now', '+30 days')",
        Dialect::Postgres => "now() + interval '30 days'",
        Dialect::Mysql => "CURRENT_TIMESTAMP + INTERVAL 30 DAY",
    };
    let session = insert(
        db,
        &format!(
            "INSERT INTO device_sessions (member_id, token_hash, expires_at, device_id, device_name, user_agent, ip_address, last_seen_at)
             VALUES (?, ?, {expires}, ?, 'Ada''s laptop', 'shop-example/1.0', '127.0.0.1', CURRENT_TIMESTAMP)"
        ),
        &[member.into(), format!("sha256:{run:064}").into(), format!("device-{run}").into()],
    )?;
    done.push(format!(
        "opened device session {session} for member {member} on device-{run}"
    ));

    // 005: the corrected foreign keys hold — deleting an order cascades to its items.
    let scratch = insert(
        db,
        "INSERT INTO orders (member_id) VALUES (?)",
        &[member.into()],
    )?;
    exec(
        db,
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?, ?, 1, 1250)",
        &[scratch.into(), product.into()],
    )?;
    exec(db, "DELETE FROM orders WHERE id = ?", &[scratch.into()])?;
    let left = count(
        db,
        "SELECT count(*) FROM order_items WHERE order_id = ?",
        &[scratch.into()],
    )?;
    done.push(format!(
        "deleted a scratch order: ON DELETE CASCADE removed its items ({left} left)"
    ));
    Ok(done)
}
