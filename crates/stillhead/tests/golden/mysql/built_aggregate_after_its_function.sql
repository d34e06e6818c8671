-- upgrade
-- not supported on this database: add function tally_step(bigint)
-- not supported on this database: add aggregate tally()
-- downgrade
-- not supported on this database: drop aggregate tally()
-- not supported on this database: drop function tally_step(bigint)
-- warnings

