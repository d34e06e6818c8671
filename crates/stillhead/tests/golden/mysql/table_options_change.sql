-- upgrade
-- no changes
-- downgrade
-- no changes
-- warnings

