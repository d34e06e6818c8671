-- gaps2.sql's kind, for what PostgreSQL 15 added (a column's compression
-- is 14's): check and autogenerate must fail (exit 3) naming each one.
-- oracle: since-postgres 15
-- oracle: not-compared column notes.body: compression pglz
-- oracle: not-compared constraint notes_parent_fkey: on delete set null (parent)

CREATE TABLE notes (
    id integer PRIMARY KEY,
    site integer,
    code text,
    body text,
    parent integer,
    UNIQUE NULLS NOT DISTINCT (code),
    FOREIGN KEY (parent) REFERENCES notes (id) ON DELETE SET NULL (parent)
);
ALTER TABLE notes ALTER COLUMN body SET COMPRESSION pglz;
CREATE UNIQUE INDEX notes_site_idx ON notes (site) NULLS NOT DISTINCT;
