-- upgrade
-- TODO: drop a unique constraint on t (its name is not known)
-- downgrade
ALTER TABLE t ADD UNIQUE (a);
-- warnings

