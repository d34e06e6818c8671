-- upgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop foreign key (parent_id) -> parent(id); add foreign key (parent_id) -> parent(id) MATCH FULL).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES parent (id) MATCH FULL
);
INSERT INTO _stillhead_new_t (id, parent_id) SELECT id, parent_id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- downgrade
-- Rebuild t: SQLite cannot ALTER this in place (drop foreign key (parent_id) -> parent(id) MATCH FULL; add foreign key (parent_id) -> parent(id)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES parent (id)
);
INSERT INTO _stillhead_new_t (id, parent_id) SELECT id, parent_id FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
-- warnings

