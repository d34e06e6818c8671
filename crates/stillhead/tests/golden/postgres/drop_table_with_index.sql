-- upgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- downgrade
CREATE TABLE t (
    id integer NOT NULL,
    v varchar(50),
    PRIMARY KEY (id)
);
CREATE INDEX t_v ON t (v);
-- warnings
drops table t and all its rows
