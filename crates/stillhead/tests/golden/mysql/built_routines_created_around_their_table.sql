-- upgrade
-- not supported on this database: add function next_code()
CREATE TABLE `t` (
    `id` bigint NOT NULL,
    `code` text NOT NULL DEFAULT next_code(),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- not supported on this database: add function t_count()
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE `t`;
-- not supported on this database: drop function next_code()
-- not supported on this database: drop function t_count()
-- warnings

