-- upgrade
ALTER TABLE t ALTER COLUMN name TYPE text COLLATE "C";
ALTER TABLE t ALTER COLUMN code TYPE varchar(10) COLLATE "C";
-- downgrade
ALTER TABLE t ALTER COLUMN name TYPE text COLLATE pg_catalog."default";
ALTER TABLE t ALTER COLUMN code TYPE varchar(10) COLLATE pg_catalog."default";
-- warnings

