-- upgrade
-- WARNING: drops table b1 and all its rows
DROP TABLE `b1`;
-- WARNING: drops table a1 and all its rows
DROP TABLE `a1`;
-- downgrade
CREATE TABLE `a1` (
    `id` integer NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `b1` (
    `id` integer NOT NULL,
    `a1_id` integer NULL,
    PRIMARY KEY (`id`),
    FOREIGN KEY (`a1_id`) REFERENCES `a1` (`id`)
) ENGINE=InnoDB;
-- warnings
drops table b1 and all its rows
drops table a1 and all its rows
