-- upgrade
ALTER TABLE `t` ADD CHECK (v >= 0);
-- downgrade
-- TODO: drop a check constraint on t (its name is not known)
-- warnings

