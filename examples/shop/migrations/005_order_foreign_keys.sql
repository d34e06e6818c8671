-- revision: 005_order_foreign_keys
-- revises: 004_order_item_status
-- message: Foreign key constraint fixes
-- tags: orders, foreign_keys
-- created: 2026-11-24T09:40:00Z

-- SQLite cannot change a foreign key in place, so both tables are rebuilt
-- following SQLite's documented procedure (lang_altertable.html, section 7):
-- create the new table, copy the rows, drop the old one, rename, recreate
-- the indexes. stillhead runs this with PRAGMA foreign_keys OFF (it cannot
-- change inside a transaction) and checks PRAGMA foreign_key_check before
-- committing, so no PRAGMA or BEGIN/COMMIT belongs in this file.
--
-- The fixes:
--   orders.member_id        ON DELETE RESTRICT: orders are financial records;
--                           a member with orders is closed, never deleted.
--   order_items.order_id    ON DELETE CASCADE: items live and die with their order.
--   order_items.product_id  ON DELETE RESTRICT: a sold product is deactivated, not deleted.

-- +upgrade
CREATE TABLE orders_new (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE RESTRICT,
    status TEXT NOT NULL DEFAULT 'open',
    total_cents INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO orders_new (id, member_id, status, total_cents, created_at)
SELECT id, member_id, status, total_cents, created_at FROM orders;
-- stillhead allow SH001
DROP TABLE orders;
-- stillhead allow SH008
ALTER TABLE orders_new RENAME TO orders;
CREATE INDEX orders_member_id_idx ON orders (member_id);

CREATE TABLE order_items_new (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'refunded')),
    status_updated_at TEXT
);
INSERT INTO order_items_new (id, order_id, product_id, quantity, unit_price_cents, status, status_updated_at)
SELECT id, order_id, product_id, quantity, unit_price_cents, status, status_updated_at FROM order_items;
-- stillhead allow SH001
DROP TABLE order_items;
-- stillhead allow SH008
ALTER TABLE order_items_new RENAME TO order_items;
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_status_idx ON order_items (status);

-- +downgrade
-- Back to the 004 definitions: the same columns, foreign keys without ON DELETE.
CREATE TABLE order_items_old (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id),
    product_id INTEGER NOT NULL REFERENCES products(id),
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'refunded')),
    status_updated_at TEXT
);
INSERT INTO order_items_old (id, order_id, product_id, quantity, unit_price_cents, status, status_updated_at)
SELECT id, order_id, product_id, quantity, unit_price_cents, status, status_updated_at FROM order_items;
DROP TABLE order_items;
ALTER TABLE order_items_old RENAME TO order_items;
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_status_idx ON order_items (status);

CREATE TABLE orders_old (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id),
    status TEXT NOT NULL DEFAULT 'open',
    total_cents INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO orders_old (id, member_id, status, total_cents, created_at)
SELECT id, member_id, status, total_cents, created_at FROM orders;
DROP TABLE orders;
ALTER TABLE orders_old RENAME TO orders;
CREATE INDEX orders_member_id_idx ON orders (member_id);

-- PostgreSQL changes foreign keys in place (default names: table_column_fkey).
-- +upgrade dialect=postgres
ALTER TABLE orders
    DROP CONSTRAINT orders_member_id_fkey,
    ADD CONSTRAINT orders_member_id_fkey FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE RESTRICT;
ALTER TABLE order_items
    DROP CONSTRAINT order_items_order_id_fkey,
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE order_items
    DROP CONSTRAINT order_items_product_id_fkey,
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT;

-- +downgrade dialect=postgres
ALTER TABLE order_items
    DROP CONSTRAINT order_items_product_id_fkey,
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id);
ALTER TABLE order_items
    DROP CONSTRAINT order_items_order_id_fkey,
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE orders
    DROP CONSTRAINT orders_member_id_fkey,
    ADD CONSTRAINT orders_member_id_fkey FOREIGN KEY (member_id) REFERENCES members (id);

-- MySQL/MariaDB: drop and re-add each named foreign key.
-- +upgrade dialect=mysql
ALTER TABLE orders DROP FOREIGN KEY orders_member_id_fkey;
ALTER TABLE orders ADD CONSTRAINT orders_member_id_fkey
    FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE RESTRICT;
ALTER TABLE order_items DROP FOREIGN KEY order_items_order_id_fkey;
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE order_items DROP FOREIGN KEY order_items_product_id_fkey;
ALTER TABLE order_items ADD CONSTRAINT order_items_product_id_fkey
    FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE RESTRICT;

-- +downgrade dialect=mysql
ALTER TABLE order_items DROP FOREIGN KEY order_items_product_id_fkey;
ALTER TABLE order_items ADD CONSTRAINT order_items_product_id_fkey
    FOREIGN KEY (product_id) REFERENCES products (id);
ALTER TABLE order_items DROP FOREIGN KEY order_items_order_id_fkey;
ALTER TABLE order_items ADD CONSTRAINT order_items_order_id_fkey
    FOREIGN KEY (order_id) REFERENCES orders (id);
ALTER TABLE orders DROP FOREIGN KEY orders_member_id_fkey;
ALTER TABLE orders ADD CONSTRAINT orders_member_id_fkey
    FOREIGN KEY (member_id) REFERENCES members (id);
