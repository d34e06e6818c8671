-- The rest of what SQLite keeps in a table's text and stillhead's model
-- does not describe (dialect/sqlite/coverage.rs): each must make check and
-- autogenerate fail (exit 3) naming it, never pass silently. A conflict
-- clause after a table's CHECK, which SQLite reads and ignores, is kept
-- out of the model. (Conflict clauses of keys and NOT NULL, PRIMARY KEY
-- DESC, key parts with an order or a collation, the names of NOT NULL and
-- the other column constraints and MATCH are carried: constraints.sql.)
-- oracle: not-compared table members: ON CONFLICT IGNORE

CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    score INTEGER,
    CONSTRAINT members_score_positive CHECK (score > 0) ON CONFLICT IGNORE
);
