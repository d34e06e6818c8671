-- upgrade
ALTER TABLE `t` ADD UNIQUE (`a`, `b`);
-- downgrade
-- TODO: drop a unique key on t (its name is not known)
-- warnings

