-- upgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- downgrade
CREATE TABLE t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
CREATE INDEX t_v ON t (v);
-- warnings
drops table t and all its rows
