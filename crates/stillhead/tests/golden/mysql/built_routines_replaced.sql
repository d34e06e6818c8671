-- upgrade
-- not supported on this database: change function next_code()
-- not supported on this database: change function t_count()
-- downgrade
-- not supported on this database: change function next_code()
-- not supported on this database: change function t_count()
-- warnings

