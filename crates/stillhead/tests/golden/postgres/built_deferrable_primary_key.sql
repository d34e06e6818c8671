-- upgrade
ALTER TABLE t DROP CONSTRAINT t_pkey;
ALTER TABLE t ADD PRIMARY KEY (id) DEFERRABLE;
CREATE TABLE u (
    id integer NOT NULL,
    v integer,
    PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED
);
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE u;
ALTER TABLE t DROP CONSTRAINT t_pkey;
ALTER TABLE t ADD PRIMARY KEY (id);
-- warnings

