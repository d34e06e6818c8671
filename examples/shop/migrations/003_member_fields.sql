-- revision: 003_member_fields
-- revises: 002_categories
-- message: Member dob and category association
-- tags: members
-- created: 2026-11-24T09:20:00Z

-- +upgrade
ALTER TABLE members ADD COLUMN dob DATE;

-- Which categories a member follows.
CREATE TABLE member_categories (
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (member_id, category_id)
);
CREATE INDEX member_categories_category_id_idx ON member_categories (category_id);

-- +downgrade
DROP TABLE member_categories;
ALTER TABLE members DROP COLUMN dob;

-- +upgrade dialect=postgres
ALTER TABLE members ADD COLUMN dob DATE;
CREATE TABLE member_categories (
    member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (member_id, category_id)
);
CREATE INDEX member_categories_category_id_idx ON member_categories (category_id);

-- +upgrade dialect=mysql
ALTER TABLE members ADD COLUMN dob DATE;
CREATE TABLE member_categories (
    member_id BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (member_id, category_id),
    KEY member_categories_category_id_idx (category_id),
    CONSTRAINT member_categories_member_id_fkey FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE,
    CONSTRAINT member_categories_category_id_fkey FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
) ENGINE=InnoDB;
