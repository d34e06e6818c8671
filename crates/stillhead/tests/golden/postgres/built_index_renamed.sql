-- upgrade
ALTER INDEX t_a_idx RENAME TO t_a_x;
-- downgrade
ALTER INDEX t_a_x RENAME TO t_a_idx;
-- warnings

