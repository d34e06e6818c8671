-- The rows of issue 24's table that stillhead's model cannot say yet on
-- SQLite: each must make check and autogenerate fail (exit 3) naming it,
-- never pass silently.
-- oracle: not-compared strict
-- oracle: not-compared without rowid
-- oracle: not-compared nocase
-- oracle: not-compared deferrable

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT COLLATE NOCASE,
    score INTEGER NOT NULL,
    CONSTRAINT score_nonneg CHECK (score >= 0)
) STRICT;

CREATE TABLE tags (
    name TEXT PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
