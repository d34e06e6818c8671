-- upgrade
ALTER TABLE t DROP CONSTRAINT t_p_id_fkey;
ALTER TABLE t DROP CONSTRAINT p_id_positive;
ALTER TABLE t ADD FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;
ALTER TABLE t ADD CONSTRAINT p_id_positive CHECK (p_id > 0) NOT VALID;
CREATE TABLE u (
    id integer NOT NULL,
    p_id integer,
    PRIMARY KEY (id)
);
ALTER TABLE u ADD FOREIGN KEY (p_id) REFERENCES p (id) NOT VALID;
ALTER TABLE u ADD CONSTRAINT u_p_id_positive CHECK (p_id > 0) NOT VALID;
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE u;
ALTER TABLE t VALIDATE CONSTRAINT t_p_id_fkey;
ALTER TABLE t VALIDATE CONSTRAINT p_id_positive;
-- warnings

