-- upgrade
-- not supported on this database: change sequence order_no
-- downgrade
-- not supported on this database: change sequence order_no
-- warnings

