-- upgrade
CREATE TABLE n (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
ALTER TABLE t ADD COLUMN n_id integer REFERENCES n (id);
-- downgrade
-- WARNING: drops column t.n_id and its data
ALTER TABLE t DROP COLUMN n_id;
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings

