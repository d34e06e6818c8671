-- upgrade
CREATE TABLE documents (
    id bigint NOT NULL,
    tenant_id bigint NOT NULL,
    owner_name text NOT NULL,
    PRIMARY KEY (id)
);
ALTER TABLE documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE documents FORCE ROW LEVEL SECURITY;
CREATE OR REPLACE FUNCTION public.current_tenant()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT 1::bigint $function$;
CREATE VIEW my_documents AS SELECT id FROM documents WHERE owner_name = CURRENT_USER;
CREATE POLICY documents_own ON documents AS RESTRICTIVE FOR UPDATE TO pg_monitor USING ((owner_name = CURRENT_USER)) WITH CHECK ((owner_name = CURRENT_USER));
CREATE POLICY documents_tenant ON documents AS PERMISSIVE FOR ALL TO PUBLIC USING ((tenant_id = current_tenant()));
COMMENT ON VIEW my_documents IS 'Mine';
COMMENT ON FUNCTION current_tenant() IS 'The session''s tenant';
COMMENT ON POLICY documents_own ON documents IS 'Owners write theirs';
-- downgrade
DROP POLICY documents_own ON documents;
DROP POLICY documents_tenant ON documents;
DROP VIEW my_documents;
-- WARNING: drops table documents and all its rows
DROP TABLE documents;
DROP FUNCTION current_tenant();
-- warnings

