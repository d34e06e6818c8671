-- upgrade
-- not supported on this database: revoke SELECT on table t from reporting
CREATE TABLE `u` (
    `id` bigint NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- not supported on this database: grant INSERT on table u to reporting with grant option
-- downgrade
-- WARNING: drops table u and all its rows
DROP TABLE `u`;
-- not supported on this database: grant SELECT on table t to reporting
-- warnings

