-- upgrade
CREATE TABLE `a1` (
    `id` integer NOT NULL,
    `b1_id` integer NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `b1` (
    `id` integer NOT NULL,
    `a1_id` integer NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `node` (
    `id` integer NOT NULL,
    `up_id` integer NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `node_up_id_fkey` FOREIGN KEY (`up_id`) REFERENCES `node` (`id`)
) ENGINE=InnoDB;
CREATE TABLE `x` (
    `id` integer NOT NULL,
    `y_id` integer NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `y` (
    `id` integer NOT NULL,
    `z_id` integer NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
CREATE TABLE `z` (
    `id` integer NOT NULL,
    `x_id` integer NULL,
    `parent_id` integer NULL,
    PRIMARY KEY (`id`),
    CONSTRAINT `z_parent_id_fkey` FOREIGN KEY (`parent_id`) REFERENCES `parent` (`id`)
) ENGINE=InnoDB;
ALTER TABLE `a1` ADD CONSTRAINT `a1_b1_id_fkey` FOREIGN KEY (`b1_id`) REFERENCES `b1` (`id`);
ALTER TABLE `b1` ADD CONSTRAINT `b1_a1_id_fkey` FOREIGN KEY (`a1_id`) REFERENCES `a1` (`id`);
ALTER TABLE `x` ADD CONSTRAINT `x_y_id_fkey` FOREIGN KEY (`y_id`) REFERENCES `y` (`id`);
ALTER TABLE `y` ADD CONSTRAINT `y_z_id_fkey` FOREIGN KEY (`z_id`) REFERENCES `z` (`id`);
ALTER TABLE `z` ADD CONSTRAINT `z_x_id_fkey` FOREIGN KEY (`x_id`) REFERENCES `x` (`id`);
-- downgrade
ALTER TABLE `a1` DROP FOREIGN KEY `a1_b1_id_fkey`;
ALTER TABLE `a1` DROP INDEX IF EXISTS `a1_b1_id_fkey`;
ALTER TABLE `a1` DROP INDEX IF EXISTS `b1_id`;
ALTER TABLE `b1` DROP FOREIGN KEY `b1_a1_id_fkey`;
ALTER TABLE `b1` DROP INDEX IF EXISTS `b1_a1_id_fkey`;
ALTER TABLE `b1` DROP INDEX IF EXISTS `a1_id`;
ALTER TABLE `x` DROP FOREIGN KEY `x_y_id_fkey`;
ALTER TABLE `x` DROP INDEX IF EXISTS `x_y_id_fkey`;
ALTER TABLE `x` DROP INDEX IF EXISTS `y_id`;
ALTER TABLE `y` DROP FOREIGN KEY `y_z_id_fkey`;
ALTER TABLE `y` DROP INDEX IF EXISTS `y_z_id_fkey`;
ALTER TABLE `y` DROP INDEX IF EXISTS `z_id`;
ALTER TABLE `z` DROP FOREIGN KEY `z_x_id_fkey`;
ALTER TABLE `z` DROP INDEX IF EXISTS `z_x_id_fkey`;
ALTER TABLE `z` DROP INDEX IF EXISTS `x_id`;
-- WARNING: drops table z and all its rows
DROP TABLE `z`;
-- WARNING: drops table y and all its rows
DROP TABLE `y`;
-- WARNING: drops table x and all its rows
DROP TABLE `x`;
-- WARNING: drops table node and all its rows
DROP TABLE `node`;
-- WARNING: drops table b1 and all its rows
DROP TABLE `b1`;
-- WARNING: drops table a1 and all its rows
DROP TABLE `a1`;
-- warnings

