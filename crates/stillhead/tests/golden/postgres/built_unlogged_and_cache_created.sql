-- upgrade
CREATE SEQUENCE numbers AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 20 NO CYCLE;
CREATE UNLOGGED TABLE scratch (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
-- downgrade
-- WARNING: drops table scratch and all its rows
DROP TABLE scratch;
DROP SEQUENCE numbers;
-- warnings

