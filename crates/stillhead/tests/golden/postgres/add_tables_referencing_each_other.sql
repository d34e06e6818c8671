-- upgrade
CREATE TABLE a1 (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
CREATE TABLE b1 (
    id integer NOT NULL,
    a1_id integer,
    PRIMARY KEY (id),
    FOREIGN KEY (a1_id) REFERENCES a1 (id)
);
-- downgrade
-- WARNING: drops table b1 and all its rows
DROP TABLE b1;
-- WARNING: drops table a1 and all its rows
DROP TABLE a1;
-- warnings

