-- upgrade
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE t ADD FOREIGN KEY (parent_id) REFERENCES parent (id) ON UPDATE CASCADE;
-- downgrade
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE t ADD FOREIGN KEY (parent_id) REFERENCES parent (id);
-- warnings

