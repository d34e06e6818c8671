-- The shop example's schema (examples/shop/schema.sql, portable SQL) as SQLite
-- keeps it after the shop's migrations: stillhead is given the portable file.
-- oracle: known-failure the portable schema keeps its type names on SQLite (BIGINT, BOOLEAN, TIMESTAMP WITH TIME ZONE: NUMERIC affinity) where the migrations wrote INTEGER and TEXT; check calls them equal
-- oracle: declared examples/shop/schema.sql

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
, dob DATE);
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
, category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    details TEXT,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
, actor_id INTEGER REFERENCES members(id) ON DELETE SET NULL, actor_type TEXT NOT NULL DEFAULT 'system'
    CHECK (actor_type IN ('member', 'admin', 'system')), entity_type TEXT, entity_id INTEGER, request_id TEXT);
CREATE TABLE device_sessions (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at TEXT NOT NULL
, device_id TEXT, device_name TEXT, user_agent TEXT, ip_address TEXT, last_seen_at TEXT, revoked_at TEXT);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX products_category_id_idx ON products (category_id);
CREATE TABLE member_categories (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (member_id, category_id)
);
CREATE INDEX member_categories_category_id_idx ON member_categories (category_id);
CREATE TABLE order_item_status_history (
    id INTEGER PRIMARY KEY,
    order_item_id INTEGER NOT NULL REFERENCES order_items(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    changed_by TEXT
);
CREATE INDEX order_item_status_history_item_idx ON order_item_status_history (order_item_id, changed_at);
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE RESTRICT,
    status TEXT NOT NULL DEFAULT 'open',
    total_cents INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX orders_member_id_idx ON orders (member_id);
CREATE TABLE order_items (
    id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products(id) ON DELETE RESTRICT,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'refunded')),
    status_updated_at TEXT
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_status_idx ON order_items (status);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_request_id_idx ON audit_log (request_id);
CREATE INDEX device_sessions_member_revoked_idx ON device_sessions (member_id, revoked_at);
CREATE UNIQUE INDEX device_sessions_live_device_idx ON device_sessions (member_id, device_id)
    WHERE device_id IS NOT NULL AND revoked_at IS NULL;
