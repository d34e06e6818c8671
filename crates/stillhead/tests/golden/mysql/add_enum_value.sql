-- upgrade
ALTER TABLE `t` MODIFY COLUMN `s` enum('new', 'paid', 'done') NOT NULL DEFAULT 'new';
-- downgrade
-- WARNING: changes t.s from ENUM('new', 'paid', 'done') to ENUM('new', 'done'): values are removed: rows holding them make the migration fail (or become '')
ALTER TABLE `t` MODIFY COLUMN `s` enum('new', 'done') NOT NULL DEFAULT 'new';
-- warnings

