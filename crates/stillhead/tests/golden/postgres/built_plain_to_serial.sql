-- upgrade
CREATE SEQUENCE t_id_seq AS bigint;
ALTER TABLE t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);
ALTER SEQUENCE t_id_seq OWNED BY t.id;
SELECT setval('t_id_seq', coalesce(max(id), 0) + 1, false) FROM t;
-- downgrade
ALTER TABLE t ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE t_id_seq;
-- warnings

