-- revision: 004_order_item_status
-- revises: 003_member_fields
-- message: Per-item order status tracking
-- tags: orders, status_tracking
-- created: 2026-11-24T09:30:00Z

-- +upgrade
ALTER TABLE order_items ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'paid', 'packed', 'shipped', 'delivered', 'cancelled', 'refunded'));
ALTER TABLE order_items ADD COLUMN status_updated_at TEXT;
CREATE INDEX order_items_status_idx ON order_items (status);

CREATE TABLE order_item_status_history (
    id INTEGER PRIMARY KEY,
    order_item_id INTEGER NOT NULL REFERENCES order_items(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    changed_by TEXT
);
CREATE INDEX order_item_status_history_item_idx ON order_item_status_history (order_item_id, changed_at);

-- Data migration: existing items take their order's status (the only status
-- there was), and each gets a first history entry.
UPDATE order_items
   SET status = CASE (SELECT o.status FROM orders o WHERE o.id = order_items.order_id)
                    WHEN 'paid' THEN 'paid'
                    WHEN 'shipped' THEN 'shipped'
                    WHEN 'delivered' THEN 'delivered'
                    WHEN 'cancelled' THEN 'cancelled'
                    ELSE 'pending'
                END,
       status_updated_at = CURRENT_TIMESTAMP;
INSERT INTO order_item_status_history (order_item_id, from_status, to_status, changed_by)
SELECT id, NULL, status, 'migration 004_order_item_status' FROM order_items;

-- +downgrade
DROP TABLE order_item_status_history;
DROP INDEX order_items_status_idx;
ALTER TABLE order_items DROP COLUMN status_updated_at;
ALTER TABLE order_items DROP COLUMN status;
