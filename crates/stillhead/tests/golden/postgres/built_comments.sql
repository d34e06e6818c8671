-- upgrade
COMMENT ON TABLE t IS 'things it''s about';
COMMENT ON COLUMN t.v IS 'the value';
-- downgrade
COMMENT ON TABLE t IS NULL;
COMMENT ON COLUMN t.v IS NULL;
-- warnings

