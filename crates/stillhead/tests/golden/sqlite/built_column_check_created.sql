-- upgrade
CREATE TABLE t (
    id INTEGER PRIMARY KEY NOT NULL,
    q INTEGER,
    CHECK (`q` > 0)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

