-- upgrade
CREATE TABLE a1 (
    id INTEGER PRIMARY KEY
);
CREATE TABLE b1 (
    id INTEGER PRIMARY KEY,
    a1_id INTEGER,
    FOREIGN KEY (a1_id) REFERENCES a1 (id)
);
-- downgrade
-- WARNING: drops table b1 and all its rows
DROP TABLE b1;
-- WARNING: drops table a1 and all its rows
DROP TABLE a1;
-- warnings

