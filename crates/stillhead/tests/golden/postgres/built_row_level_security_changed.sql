-- upgrade
DROP POLICY documents_own ON documents;
DROP VIEW my_documents;
ALTER TABLE documents NO FORCE ROW LEVEL SECURITY;
CREATE VIEW my_documents AS SELECT id, tenant_id FROM documents WHERE owner_name = CURRENT_USER;
CREATE POLICY documents_own ON documents AS RESTRICTIVE FOR ALL TO pg_monitor USING ((owner_name = CURRENT_USER)) WITH CHECK ((owner_name = CURRENT_USER));
ALTER POLICY documents_tenant ON documents TO pg_monitor, pg_signal_backend USING ((tenant_id = current_tenant()));
COMMENT ON VIEW my_documents IS 'Mine';
COMMENT ON FUNCTION current_tenant() IS NULL;
COMMENT ON POLICY documents_own ON documents IS 'Owners write theirs';
-- downgrade
DROP POLICY documents_own ON documents;
DROP VIEW my_documents;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE VIEW my_documents AS SELECT id FROM documents WHERE owner_name = CURRENT_USER;
CREATE POLICY documents_own ON documents AS RESTRICTIVE FOR UPDATE TO pg_monitor USING ((owner_name = CURRENT_USER)) WITH CHECK ((owner_name = CURRENT_USER));
ALTER POLICY documents_tenant ON documents TO PUBLIC USING ((tenant_id = current_tenant()));
COMMENT ON VIEW my_documents IS 'Mine';
COMMENT ON FUNCTION current_tenant() IS 'The session''s tenant';
COMMENT ON POLICY documents_own ON documents IS 'Owners write theirs';
-- warnings

