-- upgrade
-- not supported on this database: add function next_code()
CREATE TABLE t (
    id BIGINT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL DEFAULT (next_code())
);
-- not supported on this database: add function t_count()
-- not supported on this database: revoke EXECUTE on function next_code() from PUBLIC
-- not supported on this database: revoke EXECUTE on function t_count() from PUBLIC
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- not supported on this database: drop function next_code()
-- not supported on this database: drop function t_count()
-- warnings

