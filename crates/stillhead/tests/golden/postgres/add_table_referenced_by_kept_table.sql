-- upgrade
CREATE TABLE n (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
ALTER TABLE t ADD COLUMN n_id integer;
ALTER TABLE t ADD FOREIGN KEY (n_id) REFERENCES n (id);
-- downgrade
-- WARNING: drops column(s) n_id of t
ALTER TABLE t DROP COLUMN n_id;
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings

