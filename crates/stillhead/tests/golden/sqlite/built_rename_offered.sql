-- upgrade
-- HINT: members.name is dropped and members.Email added with the same type: if this is a rename, run again with --rename members.name:Email to keep the data
-- HINT: members.name is dropped and members.full_name added with the same type: if this is a rename, run again with --rename members.name:full_name to keep the data
-- WARNING: drops column(s) name of members
ALTER TABLE members DROP COLUMN name;
ALTER TABLE members ADD COLUMN full_name VARCHAR(50);
ALTER TABLE members ADD COLUMN Email VARCHAR(50);
-- downgrade
-- WARNING: drops column(s) full_name, Email of members
ALTER TABLE members DROP COLUMN full_name;
ALTER TABLE members DROP COLUMN Email;
ALTER TABLE members ADD COLUMN name VARCHAR(50);
-- warnings
drops column(s) name of members
members.name is dropped and members.full_name added with the same type: if this is a rename, run again with --rename members.name:full_name to keep the data
members.name is dropped and members.Email added with the same type: if this is a rename, run again with --rename members.name:Email to keep the data
