-- upgrade
REVOKE SELECT ON TABLE t FROM reporting;
CREATE TABLE u (
    id bigint NOT NULL,
    PRIMARY KEY (id)
);
GRANT INSERT ON TABLE u TO reporting WITH GRANT OPTION;
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE u;
GRANT SELECT ON TABLE t TO reporting;
-- warnings

