-- upgrade
-- not supported on this database: add sequence order_no
-- downgrade
-- not supported on this database: drop sequence order_no
-- warnings

