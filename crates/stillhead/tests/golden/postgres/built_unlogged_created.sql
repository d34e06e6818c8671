-- upgrade
CREATE UNLOGGED TABLE scratch (
    id integer NOT NULL,
    PRIMARY KEY (id)
);
-- downgrade
-- WARNING: drops table scratch and all its rows
DROP TABLE scratch;
-- warnings

