-- upgrade
-- WARNING: makes t.v NOT NULL: fails if rows hold NULL
ALTER TABLE t DROP CONSTRAINT t_pkey;
ALTER TABLE t DROP CONSTRAINT t_v_key;
ALTER TABLE t DROP CONSTRAINT t_v_check;
ALTER TABLE t ALTER COLUMN v SET NOT NULL;
ALTER TABLE t ADD PRIMARY KEY (id, v);
-- downgrade
-- TODO: drop the primary key on t (its name is not known)
ALTER TABLE t ALTER COLUMN v DROP NOT NULL;
ALTER TABLE t ADD PRIMARY KEY (id);
ALTER TABLE t ADD UNIQUE (v);
ALTER TABLE t ADD CHECK (v > 0);
-- warnings
makes t.v NOT NULL: fails if rows hold NULL
