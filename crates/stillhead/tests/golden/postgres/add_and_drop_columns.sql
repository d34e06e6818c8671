-- upgrade
-- HINT: t.old_col is dropped and t.new_col added with the same type: if this is a rename, run again with --rename t.old_col:new_col to keep the data
-- WARNING: drops column(s) old_col of t
ALTER TABLE t DROP COLUMN old_col;
ALTER TABLE t ADD COLUMN new_col varchar(50);
-- downgrade
-- WARNING: drops column(s) new_col of t
ALTER TABLE t DROP COLUMN new_col;
ALTER TABLE t ADD COLUMN old_col varchar(50);
-- warnings
drops column(s) old_col of t
t.old_col is dropped and t.new_col added with the same type: if this is a rename, run again with --rename t.old_col:new_col to keep the data
