-- The rest of what SQLite keeps in a table's text and stillhead's model
-- does not describe (dialect/sqlite/coverage.rs): each must make check and
-- autogenerate fail (exit 3) naming it, never pass silently.
-- oracle: not-compared column members.id: PRIMARY KEY DESC
-- oracle: not-compared column members.email: NOT NULL ON CONFLICT IGNORE
-- oracle: not-compared column members.email: UNIQUE ON CONFLICT REPLACE
-- oracle: not-compared constraint members_handle_nn on members: name of NOT NULL on members.handle
-- oracle: not-compared table links: PRIMARY KEY part to_id DESC
-- oracle: not-compared table links: UNIQUE part code COLLATE NOCASE
-- oracle: not-compared table tags: MATCH FULL
-- oracle: not-compared table tags: PRIMARY KEY ON CONFLICT REPLACE
-- oracle: not-compared table tags: UNIQUE ON CONFLICT IGNORE

CREATE TABLE members (
    id INTEGER PRIMARY KEY DESC,
    code TEXT COLLATE RTRIM,
    email TEXT NOT NULL ON CONFLICT IGNORE UNIQUE ON CONFLICT REPLACE,
    handle TEXT CONSTRAINT members_handle_nn NOT NULL,
    boss_id INTEGER REFERENCES members (id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE links (
    from_id INTEGER NOT NULL,
    to_id INTEGER NOT NULL,
    code TEXT,
    CONSTRAINT links_pk PRIMARY KEY (from_id, to_id DESC),
    CONSTRAINT links_code_key UNIQUE (code COLLATE NOCASE),
    CONSTRAINT links_from_fk FOREIGN KEY (from_id) REFERENCES members (id)
);

-- What sqlparser refuses to read (dialect/sqlite/type_names.rs) is named too.
CREATE TABLE tags (
    name TEXT NOT NULL,
    member_id INTEGER REFERENCES members (id) MATCH FULL,
    PRIMARY KEY (name) ON CONFLICT REPLACE,
    UNIQUE (member_id, name) ON CONFLICT IGNORE
) STRICT, WITHOUT ROWID;
