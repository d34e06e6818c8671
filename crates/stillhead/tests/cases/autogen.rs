//! The autogenerate corpus, shared by the end-to-end tests (each case
//! applied and reverted on a real database, `stillhead-cli/tests/autogen.rs`)
//! and the renderers' golden tests (`stillhead/tests/render_golden.rs`).

pub const BASE: &str = "CREATE TABLE parent (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\n";

/// (name, S1 tables after BASE, S2 tables after BASE)
pub const CASES: &[(&str, &str, &str)] = &[
    ("add_table", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_table", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", ""),
    ("add_nullable_column", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("add_not_null_column_with_default", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);"),
    ("add_column_with_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE SET NULL);"),
    ("add_column_with_timestamp_default", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);"),
    ("add_unique_column", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, code VARCHAR(50) UNIQUE);"),
    ("drop_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), w VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_indexed_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), w VARCHAR(50));\nCREATE INDEX t_w ON t (w);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("drop_column_in_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, CHECK (v > 0));", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
    ("change_type", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"),
    ("set_not_null", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT 'x');"),
    ("change_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'a');", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'b');"),
    ("add_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));"),
    ("change_on_delete", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE);"),
    ("add_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER CHECK (v >= 0));"),
    ("add_unique_constraint", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50), UNIQUE (a, b));"),
    ("composite_primary_key_table", "", "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));"),
    ("add_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);"),
    ("drop_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("unique_multicolumn_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE UNIQUE INDEX t_ab ON t (a, b DESC);"),
    ("partial_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v) WHERE v IS NOT NULL;"),
    ("expression_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_lv ON t (lower(v));"),
    ("change_index_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE INDEX t_i ON t (a);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), b VARCHAR(50));\nCREATE INDEX t_i ON t (a, b);"),
    ("rebuild_keeps_indexes", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT '');\nCREATE INDEX t_v ON t (v);"),
    ("drop_foreign_key", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER);"),
    ("drop_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER, CHECK (v > 0));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER);"),
    ("drop_unique_constraint", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50), UNIQUE (a));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a VARCHAR(50));"),
    ("add_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 7);"),
    ("drop_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER DEFAULT 7);", "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER);"),
    ("drop_not_null", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) NOT NULL DEFAULT 'x');", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) DEFAULT 'x');"),
    ("widen_varchar", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(20));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(200));"),
    ("composite_foreign_key", "CREATE TABLE k (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));", "CREATE TABLE k (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));\nCREATE TABLE t (id INTEGER PRIMARY KEY, ka INTEGER, kb INTEGER, FOREIGN KEY (ka, kb) REFERENCES k (a, b));"),
    ("add_tables_referencing_each_other", "", "CREATE TABLE a1 (id INTEGER PRIMARY KEY);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));"),
    ("drop_referenced_tables", "CREATE TABLE a1 (id INTEGER PRIMARY KEY);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));", ""),
    ("add_table_referenced_by_kept_table", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE n (id INTEGER PRIMARY KEY);\nCREATE TABLE t (id INTEGER PRIMARY KEY, n_id INTEGER REFERENCES n(id));"),
    ("add_table_referenced_by_changed_table", "CREATE TABLE t (id INTEGER PRIMARY KEY, n_id INTEGER, v VARCHAR(5));", "CREATE TABLE n (id INTEGER PRIMARY KEY);\nCREATE TABLE t (id INTEGER PRIMARY KEY, n_id INTEGER REFERENCES n(id), v VARCHAR(9));"),
    ("add_and_drop_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY, old_col VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, new_col VARCHAR(50));"),
    ("change_two_tables", "CREATE TABLE t (id INTEGER PRIMARY KEY);\nCREATE TABLE u (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER);\nCREATE TABLE u (id INTEGER PRIMARY KEY, y VARCHAR(50));"),
    ("index_becomes_unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE UNIQUE INDEX t_v ON t (v);"),
    ("change_on_update", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON UPDATE CASCADE);"),
    ("add_numeric_and_date_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY, price DECIMAL(10,2), born DATE, ratio REAL);"),
    ("add_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;"),
    ("drop_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    ("change_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t WHERE v IS NOT NULL;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id FROM t WHERE v IS NULL;"),
    ("add_view_on_view", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT id FROM tv WHERE id > 1;"),
    ("widen_column_under_views", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT v FROM tv;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(100));\nCREATE VIEW tv AS SELECT id, v FROM t;\nCREATE VIEW tv2 AS SELECT v FROM tv;"),
    ("add_stored_generated_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) STORED);"),
    ("change_generated_expression", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 2) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 3) STORED);"),
    ("drop_generated_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a * 2) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);"),
    ("narrow_varchar", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(200));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(20));"),
    ("narrow_bigint_to_smallint", "CREATE TABLE t (id INTEGER PRIMARY KEY, v BIGINT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v SMALLINT);"),
    ("drop_table_with_index", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);", ""),
];

/// Two tables referencing each other, a cycle of three, and a table
/// referencing itself, each key written in its table (SQLite's way).
pub const FOREIGN_KEY_CYCLES: &str = "CREATE TABLE a1 (id INTEGER PRIMARY KEY, b1_id INTEGER REFERENCES b1(id));\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));\nCREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES y(id));\nCREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER REFERENCES z(id));\nCREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\nCREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));";

/// Kinds of schema object or change that only some databases have, or that
/// each writes its own way: (name, database, S1 after BASE, S2 after BASE).
pub const DIALECT_CASES: &[(&str, &str, &str, &str)] = &[
    // Cycles of foreign keys (two tables, three, and a table referencing
    // itself): SQLite does not check a key's target at CREATE, the others
    // declare a cycle's keys with ALTER TABLE, as their dumps do.
    ("add_foreign_key_cycles", "sqlite", "", FOREIGN_KEY_CYCLES),
    ("drop_foreign_key_cycles", "sqlite", FOREIGN_KEY_CYCLES, ""),
    ("add_foreign_key_cycles", "postgres", "", "CREATE TABLE a1 (id INTEGER PRIMARY KEY, b1_id INTEGER);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));\nALTER TABLE a1 ADD FOREIGN KEY (b1_id) REFERENCES b1(id);\nCREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER);\nCREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER);\nCREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\nALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y(id);\nALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z(id);\nCREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));"),
    ("drop_foreign_key_cycles", "postgres", "CREATE TABLE a1 (id INTEGER PRIMARY KEY, b1_id INTEGER);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));\nALTER TABLE a1 ADD FOREIGN KEY (b1_id) REFERENCES b1(id);\nCREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER);\nCREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER);\nCREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\nALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y(id);\nALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z(id);\nCREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));", ""),
    ("add_foreign_key_cycles", "mysql", "", "CREATE TABLE a1 (id INTEGER PRIMARY KEY, b1_id INTEGER);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));\nALTER TABLE a1 ADD FOREIGN KEY (b1_id) REFERENCES b1(id);\nCREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER);\nCREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER);\nCREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\nALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y(id);\nALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z(id);\nCREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));"),
    ("drop_foreign_key_cycles", "mysql", "CREATE TABLE a1 (id INTEGER PRIMARY KEY, b1_id INTEGER);\nCREATE TABLE b1 (id INTEGER PRIMARY KEY, a1_id INTEGER REFERENCES a1(id));\nALTER TABLE a1 ADD FOREIGN KEY (b1_id) REFERENCES b1(id);\nCREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER);\nCREATE TABLE y (id INTEGER PRIMARY KEY, z_id INTEGER);\nCREATE TABLE z (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x(id), parent_id INTEGER REFERENCES parent(id));\nALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y(id);\nALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z(id);\nCREATE TABLE node (id INTEGER PRIMARY KEY, up_id INTEGER REFERENCES node(id));", ""),
    // Generated columns.
    ("add_virtual_generated_column", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL);"),
    ("add_virtual_generated_column", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, total INTEGER GENERATED ALWAYS AS (a * b) VIRTUAL);"),
    ("stored_becomes_virtual", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a + 1) STORED);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, total INTEGER GENERATED ALWAYS AS (a + 1) VIRTUAL);"),
    // Triggers (SQLite): created, and kept through a table rebuild.
    ("add_trigger", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\n-- every new row is logged\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN\n  INSERT INTO log (note) VALUES ('added; ' || new.id);\nEND;"),
    ("rebuild_keeps_triggers", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;\nCREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL DEFAULT 0);\nCREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT);\nCREATE TRIGGER t_log AFTER INSERT ON t BEGIN INSERT INTO log (note) VALUES (new.v); END;\nCREATE TRIGGER log_t AFTER DELETE ON log BEGIN DELETE FROM t WHERE id = old.id; END;"),
    // SQLite's table kinds, collations and deferred keys: rebuilds.
    ("table_becomes_strict", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT) STRICT;"),
    ("table_becomes_without_rowid", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nCREATE TABLE c (code TEXT PRIMARY KEY, v TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nCREATE TABLE c (code TEXT PRIMARY KEY, v TEXT) STRICT, WITHOUT ROWID;"),
    ("column_collation_changes", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT COLLATE RTRIM);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT COLLATE NOCASE);\nCREATE INDEX t_v ON t (v);"),
    ("foreign_key_becomes_deferred", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);"),
    // SQLite's constraint names, conflict clauses, key orders and
    // collations, MATCH: rebuilds.
    ("column_constraints_named", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT CONSTRAINT v_nn NOT NULL CONSTRAINT v_d DEFAULT 'x' CONSTRAINT v_c COLLATE NOCASE);"),
    ("conflict_clauses_change", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE ON CONFLICT REPLACE, w TEXT NOT NULL DEFAULT 'x');", "CREATE TABLE t (id INTEGER PRIMARY KEY ON CONFLICT IGNORE, v TEXT UNIQUE ON CONFLICT ROLLBACK, w TEXT NOT NULL ON CONFLICT FAIL DEFAULT 'x');"),
    ("primary_key_becomes_descending", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);\nCREATE TABLE c (a INTEGER, b TEXT, PRIMARY KEY (a, b));", "CREATE TABLE t (id INTEGER PRIMARY KEY DESC, v TEXT);\nCREATE TABLE c (a INTEGER, b TEXT, PRIMARY KEY (a DESC, b COLLATE NOCASE) ON CONFLICT REPLACE);"),
    ("unique_key_parts_change", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, UNIQUE (a, b));", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT, UNIQUE (a COLLATE NOCASE, b DESC));"),
    ("foreign_key_match_changes", "sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) MATCH FULL);"),
    // MariaDB: a foreign key needs an index on its columns; the downgrade
    // drops the key before the index it uses (error 1553 otherwise).
    ("add_foreign_key_with_its_index", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));\nCREATE INDEX t_parent ON t (parent_id);"),
    ("add_index_under_a_foreign_key", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));", "CREATE TABLE t (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));\nCREATE INDEX t_parent ON t (parent_id, id);"),
    // MariaDB's table options, engine and collation: in place.
    ("table_options_change", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) ROW_FORMAT=COMPRESSED CHECKSUM=1;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) STATS_PERSISTENT=1 CHECKSUM=1 COLLATE=utf8mb4_bin;"),
    ("engine_changes", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) ENGINE=MyISAM;"),
    // Comments.
    ("add_comments", "postgres", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'things';\nCOMMENT ON COLUMN t.v IS 'the thing''s value';"),
    ("change_comments", "postgres", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'old';\nCOMMENT ON COLUMN t.v IS 'old';", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'new';"),
    ("add_table_with_comments", "postgres", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCOMMENT ON TABLE t IS 'things';\nCOMMENT ON COLUMN t.v IS 'value';"),
    ("add_comments", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'the thing''s value') COMMENT='things';"),
    ("change_comments", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'old') COMMENT='old';", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) COMMENT='new';"),
    ("add_table_with_comments", "mysql", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMMENT 'value') COMMENT='things';"),
    // MySQL's inline enums are column types.
    ("add_enum_value", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, s ENUM('new', 'done') NOT NULL DEFAULT 'new');", "CREATE TABLE t (id INTEGER PRIMARY KEY, s ENUM('new', 'paid', 'done') NOT NULL DEFAULT 'new');"),
    // PostgreSQL enum types.
    ("add_enum_type", "postgres", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');"),
    ("add_enum_label", "postgres", "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');", "CREATE TYPE mood AS ENUM ('ok', 'meh', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood NOT NULL DEFAULT 'ok');"),
    ("drop_enum_type", "postgres", "CREATE TYPE mood AS ENUM ('ok', 'sad');\nCREATE TABLE t (id INTEGER PRIMARY KEY, m mood);", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
    // PostgreSQL sequences.
    ("add_sequence", "postgres", "CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE SEQUENCE order_no START 1000;\nCREATE TABLE t (id INTEGER PRIMARY KEY, n BIGINT DEFAULT nextval('order_no'));"),
    ("change_sequence", "postgres", "CREATE SEQUENCE order_no START 1000;\nCREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE SEQUENCE order_no START 1000 INCREMENT BY 10;\nCREATE TABLE t (id INTEGER PRIMARY KEY);"),
    ("drop_sequence", "postgres", "CREATE SEQUENCE order_no;\nCREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INTEGER PRIMARY KEY);"),
    // MariaDB's routines, triggers (in the order they fire) and events.
    ("add_routines_triggers_events", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nCREATE FUNCTION twice(x INTEGER) RETURNS INTEGER DETERMINISTIC RETURN x * 2;\nCREATE PROCEDURE bump(IN by_n INTEGER)\nBEGIN\n  UPDATE t SET n = n + by_n;\n  SELECT count(*) FROM t;\nEND;\nCREATE TRIGGER t_first BEFORE INSERT ON t FOR EACH ROW SET NEW.v = coalesce(NEW.v, 'new');\nCREATE TRIGGER t_second BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = twice(coalesce(NEW.n, 1));\n  SET NEW.v = upper(NEW.v);\nEND;\nCREATE EVENT tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM t WHERE n < 0;\nCREATE EVENT soon ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM t WHERE n < 0;"),
    ("change_routines_trigger_order_events", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nCREATE FUNCTION twice(x INTEGER) RETURNS INTEGER DETERMINISTIC RETURN x * 2;\nCREATE PROCEDURE bump(IN by_n INTEGER)\nBEGIN\n  UPDATE t SET n = n + by_n;\n  SELECT count(*) FROM t;\nEND;\nCREATE TRIGGER t_first BEFORE INSERT ON t FOR EACH ROW SET NEW.v = coalesce(NEW.v, 'new');\nCREATE TRIGGER t_second BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = twice(coalesce(NEW.n, 1));\n  SET NEW.v = upper(NEW.v);\nEND;\nCREATE EVENT tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM t WHERE n < 0;\nCREATE EVENT soon ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM t WHERE n < 0;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nCREATE FUNCTION twice(x INTEGER) RETURNS BIGINT DETERMINISTIC RETURN x + x;\nCREATE PROCEDURE bump(IN by_n INTEGER, IN floor_n INTEGER)\nBEGIN\n  UPDATE t SET n = greatest(n + by_n, floor_n);\nEND;\nCREATE TRIGGER t_second BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = twice(coalesce(NEW.n, 1));\n  SET NEW.v = upper(NEW.v);\nEND;\nCREATE TRIGGER t_first BEFORE INSERT ON t FOR EACH ROW SET NEW.v = coalesce(NEW.v, 'new');\nCREATE EVENT tidy ON SCHEDULE EVERY 2 DAY STARTS '2030-01-01 04:00:00' DISABLE DO DELETE FROM t WHERE n < 0;"),
    ("drop_routines_triggers_events", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nCREATE FUNCTION twice(x INTEGER) RETURNS INTEGER DETERMINISTIC RETURN x * 2;\nCREATE PROCEDURE bump(IN by_n INTEGER)\nBEGIN\n  UPDATE t SET n = n + by_n;\n  SELECT count(*) FROM t;\nEND;\nCREATE TRIGGER t_first BEFORE INSERT ON t FOR EACH ROW SET NEW.v = coalesce(NEW.v, 'new');\nCREATE TRIGGER t_second BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.n = twice(coalesce(NEW.n, 1));\n  SET NEW.v = upper(NEW.v);\nEND;\nCREATE EVENT tidy ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00' DISABLE DO DELETE FROM t WHERE n < 0;\nCREATE EVENT soon ON SCHEDULE EVERY 1 HOUR DISABLE DO DELETE FROM t WHERE n < 0;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);"),
    ("routine_and_trigger_context_changes", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nCREATE PROCEDURE ids() SELECT \"id\" FROM t;\nCREATE TRIGGER t_v BEFORE INSERT ON t FOR EACH ROW SET NEW.v = \"v\";", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50), n INTEGER);\nSET @saved_sql_mode = @@sql_mode;\nSET sql_mode = 'ANSI_QUOTES';\nCREATE PROCEDURE ids() SELECT \"id\" FROM t;\nCREATE TRIGGER t_v BEFORE INSERT ON t FOR EACH ROW SET NEW.v = \"v\";\nSET sql_mode = @saved_sql_mode;"),
    // MariaDB's system versioning: added, a column changed under it (with
    // leave to alter a versioned table), dropped.
    ("add_system_versioning", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) WITH SYSTEM VERSIONING;"),
    ("versioned_table_columns_change", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) WITH SYSTEM VERSIONING;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(80), seen DATETIME WITHOUT SYSTEM VERSIONING) WITH SYSTEM VERSIONING;"),
    ("drop_system_versioning", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) WITH SYSTEM VERSIONING;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    // MariaDB's partitioning: a partition added or dropped in place, the
    // rest by re-partitioning, and partitioning added or removed.
    ("add_range_partition", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000), PARTITION p1 VALUES LESS THAN (2000));"),
    ("drop_range_partition", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000), PARTITION p1 VALUES LESS THAN (2000));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000));"),
    ("hash_partitions_change", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY HASH (id) PARTITIONS 2;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY HASH (id) PARTITIONS 4;"),
    ("add_partitioning", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY HASH (id) PARTITIONS 2;"),
    ("remove_partitioning", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50)) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (1000), PARTITION p1 VALUES LESS THAN (2000));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));"),
    // MariaDB's index options: IGNORED in place, a comment by a new index.
    ("index_options_change", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v) COMMENT 'old';", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v) COMMENT 'new' IGNORED;"),
    ("index_ignored_changes", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v) IGNORED;", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));\nCREATE INDEX t_v ON t (v);"),
    ("column_becomes_compressed", "mysql", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50));", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(50) COMPRESSED);"),
];
