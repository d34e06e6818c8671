-- SQLite's table kinds and what SQLite alone keeps on a column or a key,
-- carried as typed attributes (dialect/sqlite/attrs.rs): STRICT, WITHOUT
-- ROWID and both together, a column's COLLATE (NOCASE, RTRIM; BINARY is
-- the default), foreign keys checked at commit (DEFERRABLE INITIALLY
-- DEFERRED), named constraints of every kind the model keeps. A change to
-- any of them rebuilds the table.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT COLLATE NOCASE NOT NULL,
    handle TEXT COLLATE RTRIM,
    note TEXT COLLATE BINARY,
    score INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT score_nonneg CHECK (score >= 0),
    CONSTRAINT accounts_email_key UNIQUE (email)
) STRICT;

CREATE TABLE tags (
    name TEXT PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;

CREATE TABLE account_tags (
    account_id INTEGER NOT NULL,
    tag TEXT NOT NULL COLLATE NOCASE,
    weight REAL,
    CONSTRAINT account_tags_pk PRIMARY KEY (account_id, tag),
    CONSTRAINT account_tags_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT account_tags_tag_fk FOREIGN KEY (tag) REFERENCES tags (name)
) STRICT, WITHOUT ROWID;

CREATE INDEX account_tags_by_tag ON account_tags (tag COLLATE NOCASE, weight DESC);
