-- upgrade
-- not supported on this database: change composite type pair
-- not supported on this database: change domain year
-- downgrade
-- not supported on this database: change composite type pair
-- not supported on this database: change domain year
-- warnings

