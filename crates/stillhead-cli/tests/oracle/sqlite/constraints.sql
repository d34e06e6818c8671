-- SQLite's constraint clauses, carried as typed attributes
-- (dialect/sqlite/attrs.rs): the names of every column constraint (NOT
-- NULL, NULL, DEFAULT, COLLATE, a generated column's), conflict clauses of
-- keys, NOT NULL and NULL (on a column or after the table's key), PRIMARY
-- KEY DESC (an INTEGER column's own is a key beside the rowid, the table's
-- PRIMARY KEY (id DESC) is the rowid), key and index parts with a
-- collation or an order (on columns that need quotes too), and a foreign
-- key's MATCH. A change to any of them rebuilds the table.

CREATE TABLE members (
    id INTEGER CONSTRAINT members_pk PRIMARY KEY DESC ON CONFLICT FAIL,
    email TEXT CONSTRAINT members_email_nn NOT NULL ON CONFLICT IGNORE UNIQUE ON CONFLICT REPLACE,
    handle TEXT CONSTRAINT members_handle_coll COLLATE NOCASE CONSTRAINT members_handle_d DEFAULT 'anon',
    note TEXT CONSTRAINT members_note_null NULL ON CONFLICT ROLLBACK,
    score INTEGER NOT NULL ON CONFLICT REPLACE DEFAULT 0,
    boss_id INTEGER REFERENCES members (id) MATCH FULL
);

CREATE TABLE links (
    from_id INTEGER NOT NULL,
    to_id INTEGER NOT NULL,
    code TEXT,
    kind TEXT COLLATE NOCASE,
    CONSTRAINT links_pk PRIMARY KEY (from_id, to_id DESC) ON CONFLICT ABORT,
    CONSTRAINT links_code_key UNIQUE (code COLLATE NOCASE, kind DESC) ON CONFLICT IGNORE,
    CONSTRAINT links_from_fk FOREIGN KEY (from_id) REFERENCES members (id) MATCH SIMPLE ON DELETE CASCADE
);

CREATE TABLE tags (
    name TEXT PRIMARY KEY DESC ON CONFLICT REPLACE,
    member_id INTEGER,
    doubled INTEGER CONSTRAINT tags_doubled_g GENERATED ALWAYS AS (member_id * 2) VIRTUAL,
    UNIQUE (member_id, name) ON CONFLICT IGNORE,
    FOREIGN KEY (member_id) REFERENCES members (id) MATCH PARTIAL DEFERRABLE INITIALLY DEFERRED
) STRICT, WITHOUT ROWID;

CREATE TABLE events (
    id INTEGER,
    "group" TEXT COLLATE RTRIM,
    at TEXT NOT NULL,
    PRIMARY KEY (id DESC)
);

CREATE INDEX events_group_at ON events ("group" DESC, at COLLATE NOCASE);
