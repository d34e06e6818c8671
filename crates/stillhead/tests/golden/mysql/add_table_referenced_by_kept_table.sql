-- upgrade
CREATE TABLE `n` (
    `id` integer NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
ALTER TABLE `t` ADD COLUMN `n_id` integer NULL AFTER `id`;
ALTER TABLE `t` ADD FOREIGN KEY (`n_id`) REFERENCES `n` (`id`);
-- downgrade
-- WARNING: drops column(s) n_id of t
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE `t` DROP INDEX IF EXISTS `n_id`;
ALTER TABLE `t` DROP COLUMN `n_id`;
-- WARNING: drops table n and all its rows
DROP TABLE `n`;
-- warnings

