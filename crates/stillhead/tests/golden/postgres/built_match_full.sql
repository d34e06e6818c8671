-- upgrade
ALTER TABLE t DROP CONSTRAINT t_p_id_fkey;
ALTER TABLE t ADD FOREIGN KEY (p_id) REFERENCES p (id) MATCH FULL ON DELETE CASCADE;
CREATE TABLE u (
    id integer NOT NULL,
    p_id integer,
    PRIMARY KEY (id),
    FOREIGN KEY (p_id) REFERENCES p (id) MATCH FULL ON DELETE CASCADE
);
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE u;
ALTER TABLE t DROP CONSTRAINT t_p_id_fkey;
ALTER TABLE t ADD FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE;
-- warnings

