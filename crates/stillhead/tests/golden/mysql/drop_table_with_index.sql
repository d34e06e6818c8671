-- upgrade
-- WARNING: drops table t and all its rows
DROP TABLE `t`;
-- downgrade
CREATE TABLE `t` (
    `id` integer NOT NULL,
    `v` varchar(50) NULL,
    PRIMARY KEY (`id`),
    KEY `t_v` (`v`)
) ENGINE=InnoDB;
-- warnings
drops table t and all its rows
