-- upgrade
CREATE TABLE `t` (
    `id` integer NOT NULL,
    `v` varchar(50) NULL COMMENT 'value',
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE `t`;
-- warnings

