-- upgrade
-- TODO: drop a check constraint on t (its name is not known)
-- downgrade
ALTER TABLE `t` ADD CHECK (v > 0);
-- warnings

