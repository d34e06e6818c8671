-- upgrade
CREATE TABLE a1 (
    id integer NOT NULL,
    b1_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE b1 (
    id integer NOT NULL,
    a1_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE node (
    id integer NOT NULL,
    up_id integer,
    PRIMARY KEY (id),
    FOREIGN KEY (up_id) REFERENCES node (id)
);
CREATE TABLE x (
    id integer NOT NULL,
    y_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE y (
    id integer NOT NULL,
    z_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE z (
    id integer NOT NULL,
    x_id integer,
    parent_id integer,
    PRIMARY KEY (id),
    FOREIGN KEY (parent_id) REFERENCES parent (id)
);
ALTER TABLE a1 ADD FOREIGN KEY (b1_id) REFERENCES b1 (id);
ALTER TABLE b1 ADD FOREIGN KEY (a1_id) REFERENCES a1 (id);
ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y (id);
ALTER TABLE y ADD FOREIGN KEY (z_id) REFERENCES z (id);
ALTER TABLE z ADD FOREIGN KEY (x_id) REFERENCES x (id);
-- downgrade
ALTER TABLE a1 DROP CONSTRAINT a1_b1_id_fkey;
ALTER TABLE b1 DROP CONSTRAINT b1_a1_id_fkey;
ALTER TABLE x DROP CONSTRAINT x_y_id_fkey;
ALTER TABLE y DROP CONSTRAINT y_z_id_fkey;
ALTER TABLE z DROP CONSTRAINT z_x_id_fkey;
-- WARNING: drops table z and all its rows
DROP TABLE z;
-- WARNING: drops table y and all its rows
DROP TABLE y;
-- WARNING: drops table x and all its rows
DROP TABLE x;
-- WARNING: drops table node and all its rows
DROP TABLE node;
-- WARNING: drops table b1 and all its rows
DROP TABLE b1;
-- WARNING: drops table a1 and all its rows
DROP TABLE a1;
-- warnings

