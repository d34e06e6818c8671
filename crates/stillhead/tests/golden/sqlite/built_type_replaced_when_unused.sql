-- upgrade
-- not supported on this database: change range type textrange
-- downgrade
-- not supported on this database: change range type textrange
-- warnings

