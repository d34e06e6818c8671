-- upgrade
CREATE TRIGGER hot_audit AFTER UPDATE ON public.hot FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
ALTER TABLE hot DISABLE TRIGGER hot_audit;
-- downgrade
DROP TRIGGER hot_audit ON hot;
-- warnings

