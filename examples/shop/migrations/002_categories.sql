-- revision: 002_categories
-- revises: 001_initial_schema
-- message: Categories and product category support
-- tags: categories, products
-- created: 2026-11-24T09:10:00Z

-- +upgrade
CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

ALTER TABLE products ADD COLUMN category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL;
CREATE INDEX products_category_id_idx ON products (category_id);

-- Data migration: every existing product gets a category, so the app can
-- treat category_id as always set for old rows.
INSERT INTO categories (name, slug) VALUES ('Uncategorised', 'uncategorised');
UPDATE products
   SET category_id = (SELECT id FROM categories WHERE slug = 'uncategorised')
 WHERE category_id IS NULL;

-- +downgrade
DROP INDEX products_category_id_idx;
ALTER TABLE products DROP COLUMN category_id;
DROP TABLE categories;
