-- upgrade
CREATE SEQUENCE t_id_seq AS bigint;
CREATE TABLE t (
    id bigint NOT NULL DEFAULT nextval('t_id_seq'::regclass),
    name text,
    code varchar(10),
    PRIMARY KEY (id)
);
ALTER SEQUENCE t_id_seq OWNED BY t.id;
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

