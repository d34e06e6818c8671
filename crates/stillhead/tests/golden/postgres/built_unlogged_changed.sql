-- upgrade
-- SET LOGGED writes the whole table to the WAL under an ACCESS EXCLUSIVE lock.
ALTER TABLE scratch SET LOGGED;
-- downgrade
-- SET UNLOGGED rewrites the table under an ACCESS EXCLUSIVE lock.
ALTER TABLE scratch SET UNLOGGED;
-- warnings

