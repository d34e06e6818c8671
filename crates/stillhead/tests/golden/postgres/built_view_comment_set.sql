-- upgrade
COMMENT ON VIEW my_documents IS 'Mine';
-- downgrade
COMMENT ON VIEW my_documents IS NULL;
-- warnings

