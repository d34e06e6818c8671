-- upgrade
ALTER TABLE hot ENABLE ALWAYS TRIGGER hot_audit;
-- downgrade
ALTER TABLE hot DISABLE TRIGGER hot_audit;
-- warnings

