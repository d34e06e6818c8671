-- upgrade
ALTER TABLE members RENAME COLUMN name TO full_name;
ALTER TABLE members ADD COLUMN Email VARCHAR(50);
-- downgrade
-- WARNING: drops column(s) Email of members
ALTER TABLE members DROP COLUMN Email;
ALTER TABLE members RENAME COLUMN full_name TO name;
-- warnings

