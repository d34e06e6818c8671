-- upgrade
CREATE TABLE `t` (
    `id` integer NOT NULL,
    `ka` integer NULL,
    `kb` integer NULL,
    PRIMARY KEY (`id`),
    FOREIGN KEY (`ka`, `kb`) REFERENCES `k` (`a`, `b`)
) ENGINE=InnoDB;
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE `t`;
-- warnings

