-- upgrade
CREATE TABLE t (
    id integer NOT NULL,
    q integer,
    PRIMARY KEY (id),
    CHECK (`q` > 0)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

