-- upgrade
-- TODO: drop the primary key on t (its name is not known)
-- downgrade
ALTER TABLE t ADD PRIMARY KEY (a, b);
-- warnings

