-- upgrade
CREATE TABLE hot (
    id integer NOT NULL,
    token text NOT NULL,
    seen timestamptz,
    PRIMARY KEY (id) WITH (fillfactor=90),
    UNIQUE (token) INCLUDE (seen) WITH (fillfactor=80)
) WITH (fillfactor=70);
CREATE INDEX hot_seen_idx ON hot (seen) WITH (fillfactor=60);
-- downgrade
-- WARNING: drops table hot and all its rows
DROP TABLE hot;
-- warnings

