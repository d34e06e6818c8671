-- upgrade
CREATE TABLE n (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
ALTER TABLE t ALTER COLUMN v TYPE varchar(9) USING v::varchar(9);
ALTER TABLE t ADD FOREIGN KEY (n_id) REFERENCES n (id);
-- downgrade
-- WARNING: changes t.v from VARCHAR(9) to VARCHAR(5): a narrower type: values that do not fit are truncated or make the migration fail
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE t ALTER COLUMN v TYPE varchar(5) USING v::varchar(5);
-- WARNING: drops table n and all its rows
DROP TABLE n;
-- warnings

