-- upgrade
CREATE TABLE t (
    id INTEGER PRIMARY KEY,
    ka INTEGER,
    kb INTEGER,
    FOREIGN KEY (ka, kb) REFERENCES k (a, b)
);
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
-- warnings

