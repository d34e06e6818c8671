-- upgrade
-- not supported on this database: add function next_code()
CREATE TABLE t (
    id BIGINT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL DEFAULT (next_code())
);
-- not supported on this database: add function t_count()
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- not supported on this database: drop function next_code()
-- not supported on this database: drop function t_count()
-- warnings

