-- upgrade
CREATE TABLE `n` (
    `id` integer NOT NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
ALTER TABLE `t` MODIFY COLUMN `v` varchar(9) NULL;
ALTER TABLE `t` ADD FOREIGN KEY (`n_id`) REFERENCES `n` (`id`);
-- downgrade
-- WARNING: changes t.v from VARCHAR(9) to VARCHAR(5): a narrower type: values that do not fit are truncated or make the migration fail
-- TODO: drop a foreign key on t (its name is not known)
ALTER TABLE `t` DROP INDEX IF EXISTS `n_id`;
ALTER TABLE `t` MODIFY COLUMN `v` varchar(5) NULL;
-- WARNING: drops table n and all its rows
DROP TABLE `n`;
-- warnings

