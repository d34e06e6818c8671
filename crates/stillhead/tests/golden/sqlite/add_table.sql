-- upgrade
CREATE TABLE t (
    id INTEGER PRIMARY KEY,
    v VARCHAR(50)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

