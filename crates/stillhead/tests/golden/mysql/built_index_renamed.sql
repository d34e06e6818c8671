-- upgrade
ALTER TABLE `t` RENAME INDEX `t_a_idx` TO `t_a_x`;
-- downgrade
ALTER TABLE `t` RENAME INDEX `t_a_x` TO `t_a_idx`;
-- warnings

