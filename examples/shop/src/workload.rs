//! A small, real workload on the migrated schema: it touches a column or table
//! from every migration, so it fails loudly if the schema is not at head.

use rusqlite::{params, Connection};

/// Creates a member, a categorised product, an order with item statuses and
/// their history, an audit row and a device session, in one transaction.
/// Returns one line per thing done.
pub fn run(db: &mut Connection) -> rusqlite::Result<Vec<String>> {
    let mut done = Vec::new();
    let tx = db.transaction()?;
    // A unique suffix so the app can run any number of times on one database.
    let run: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM members", [], |r| {
        r.get(0)
    })?;

    // 001 + 003: a member with a date of birth.
    tx.execute(
        "INSERT INTO members (email, full_name, dob) VALUES (?1, ?2, '1990-04-12')",
        params![
            format!("ada{run}@example.com"),
            format!("Ada Lovelace #{run}")
        ],
    )?;
    let member = tx.last_insert_rowid();
    done.push(format!("created member {member} (ada{run}@example.com)"));

    // 002: a category and a product in it; 003: the member follows the category.
    tx.execute(
        "INSERT INTO categories (name, slug) VALUES (?1, ?2)",
        params![format!("Tea #{run}"), format!("tea-{run}")],
    )?;
    let category = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO products (sku, name, price_cents, category_id) VALUES (?1, 'Darjeeling 100g', 1250, ?2)",
        params![format!("TEA-{run}"), category],
    )?;
    let product = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO member_categories (member_id, category_id) VALUES (?1, ?2)",
        params![member, category],
    )?;
    done.push(format!("created product {product} in category {category} (Tea #{run}), followed by member {member}"));

    // 001 + 004: an order with two items, one of them moved to 'paid' with history.
    tx.execute(
        "INSERT INTO orders (member_id, status, total_cents) VALUES (?1, 'open', 3750)",
        params![member],
    )?;
    let order = tx.last_insert_rowid();
    let mut items = Vec::new();
    for quantity in [1, 2] {
        tx.execute(
            "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, status, status_updated_at)
             VALUES (?1, ?2, ?3, 1250, 'pending', CURRENT_TIMESTAMP)",
            params![order, product, quantity],
        )?;
        let item = tx.last_insert_rowid();
        tx.execute(
            "INSERT INTO order_item_status_history (order_item_id, from_status, to_status, changed_by) VALUES (?1, NULL, 'pending', 'shop')",
            params![item],
        )?;
        items.push(item);
    }
    tx.execute(
        "UPDATE order_items SET status = 'paid', status_updated_at = CURRENT_TIMESTAMP WHERE id = ?1",
        params![items[0]],
    )?;
    tx.execute(
        "INSERT INTO order_item_status_history (order_item_id, from_status, to_status, changed_by) VALUES (?1, 'pending', 'paid', 'shop')",
        params![items[0]],
    )?;
    done.push(format!(
        "created order {order} with items {} (paid) and {} (pending)",
        items[0], items[1]
    ));

    // 006: an audit row with its identifying columns.
    tx.execute(
        "INSERT INTO audit_log (action, details, actor_id, actor_type, entity_type, entity_id, request_id)
         VALUES ('order.created', ?1, ?2, 'member', 'order', ?3, ?4)",
        params![format!("{{\"total_cents\": 3750}}"), member, order, format!("req-{run:06}")],
    )?;
    done.push(format!(
        "audited order.created for order {order} (request req-{run:06})"
    ));

    // 007: a device session.
    tx.execute(
        "INSERT INTO device_sessions (member_id, token_hash, expires_at, device_id, device_name, user_agent, ip_address, last_seen_at)
         VALUES (?1, ?2, datetime('now', '+30 days'), ?3, 'Ada''s laptop', 'shop-example/1.0', '127.0.0.1', CURRENT_TIMESTAMP)",
        params![member, format!("sha256:{run:064}"), format!("device-{run}")],
    )?;
    let session = tx.last_insert_rowid();
    done.push(format!(
        "opened device session {session} for member {member} on device-{run}"
    ));

    // 005: the corrected foreign keys hold — deleting the order cascades to its items.
    let scratch_order: i64 = {
        tx.execute(
            "INSERT INTO orders (member_id) VALUES (?1)",
            params![member],
        )?;
        tx.last_insert_rowid()
    };
    tx.execute(
        "INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (?1, ?2, 1, 1250)",
        params![scratch_order, product],
    )?;
    tx.execute("DELETE FROM orders WHERE id = ?1", params![scratch_order])?;
    let orphans: i64 = tx.query_row(
        "SELECT count(*) FROM order_items WHERE order_id = ?1",
        params![scratch_order],
        |r| r.get(0),
    )?;
    done.push(format!(
        "deleted a scratch order: ON DELETE CASCADE removed its items ({orphans} left)"
    ));
    tx.commit()?;

    let counts: (i64, i64, i64, i64) = db.query_row(
        "SELECT (SELECT count(*) FROM members), (SELECT count(*) FROM orders),
                (SELECT count(*) FROM audit_log), (SELECT count(*) FROM device_sessions)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    done.push(format!(
        "totals: {} members, {} orders, {} audit rows, {} device sessions",
        counts.0, counts.1, counts.2, counts.3
    ));
    Ok(done)
}
