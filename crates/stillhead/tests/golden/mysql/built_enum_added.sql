-- upgrade
-- not supported on this database: add enum type mood
-- downgrade
-- not supported on this database: drop enum type mood
-- warnings

