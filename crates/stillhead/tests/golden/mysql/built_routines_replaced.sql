-- upgrade
DROP VIEW `t_counted`;
-- not supported on this database: change function next_code()
-- not supported on this database: change function t_count()
CREATE VIEW `t_counted` AS SELECT t_count() AS n;
-- downgrade
DROP VIEW `t_counted`;
-- not supported on this database: change function next_code()
-- not supported on this database: change function t_count()
CREATE VIEW `t_counted` AS SELECT t_count() AS n;
-- warnings

