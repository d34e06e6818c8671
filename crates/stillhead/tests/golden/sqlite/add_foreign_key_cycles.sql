-- upgrade
CREATE TABLE node (
    id INTEGER PRIMARY KEY,
    up_id INTEGER,
    FOREIGN KEY (up_id) REFERENCES node (id)
);
CREATE TABLE a1 (
    id INTEGER PRIMARY KEY,
    b1_id INTEGER,
    FOREIGN KEY (b1_id) REFERENCES b1 (id)
);
CREATE TABLE b1 (
    id INTEGER PRIMARY KEY,
    a1_id INTEGER,
    FOREIGN KEY (a1_id) REFERENCES a1 (id)
);
CREATE TABLE x (
    id INTEGER PRIMARY KEY,
    y_id INTEGER,
    FOREIGN KEY (y_id) REFERENCES y (id)
);
CREATE TABLE z (
    id INTEGER PRIMARY KEY,
    x_id INTEGER,
    parent_id INTEGER,
    FOREIGN KEY (parent_id) REFERENCES parent (id),
    FOREIGN KEY (x_id) REFERENCES x (id)
);
CREATE TABLE y (
    id INTEGER PRIMARY KEY,
    z_id INTEGER,
    FOREIGN KEY (z_id) REFERENCES z (id)
);
-- downgrade
-- WARNING: drops table y and all its rows
DROP TABLE y;
-- WARNING: drops table z and all its rows
DROP TABLE z;
-- WARNING: drops table x and all its rows
DROP TABLE x;
-- WARNING: drops table b1 and all its rows
DROP TABLE b1;
-- WARNING: drops table a1 and all its rows
DROP TABLE a1;
-- WARNING: drops table node and all its rows
DROP TABLE node;
-- warnings

