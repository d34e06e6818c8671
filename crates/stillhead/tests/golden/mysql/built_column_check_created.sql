-- upgrade
CREATE TABLE `t` (
    `id` integer NOT NULL,
    `q` integer NULL CHECK (`q` > 0),
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE `t`;
-- warnings

