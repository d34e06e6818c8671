-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (add column at).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO _stillhead_new_t (id) SELECT id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- WARNING: drops column(s) at of t
ALTER TABLE t DROP COLUMN at;
-- warnings

