-- upgrade
DROP TRIGGER log_t;
DROP TRIGGER t_log;
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL; changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (VARCHAR(50) -> INTEGER NOT NULL DEFAULT 0)).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v INTEGER NOT NULL DEFAULT 0
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, coalesce(v, 0) FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;
-- downgrade
DROP TRIGGER log_t;
DROP TRIGGER t_log;
-- WARNING: changes t.v from INTEGER to VARCHAR(50): values that do not convert make the migration fail (or are lost)
-- Rebuild t: SQLite cannot ALTER this in place (column v changes (INTEGER NOT NULL DEFAULT 0 -> VARCHAR(50))).
CREATE TABLE _stillhead_new_t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
INSERT INTO _stillhead_new_t (id, v) SELECT id, v FROM t;
DROP TABLE t;
ALTER TABLE _stillhead_new_t RENAME TO t;
CREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;
-- warnings
makes t.v NOT NULL: fails if rows hold NULL; changes t.v from VARCHAR(50) to INTEGER: values that do not convert make the migration fail (or are lost)
