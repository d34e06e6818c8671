-- upgrade
-- WARNING: removes label(s) sad from enum type mood: fails if rows hold them
-- Recreate enum type mood: PostgreSQL cannot remove or reorder labels, and a label added by ADD VALUE cannot be used before commit.
ALTER TYPE mood RENAME TO mood__old;
CREATE TYPE mood AS ENUM ('ok', 'meh');
ALTER TABLE t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
ALTER TABLE t ALTER COLUMN m SET DEFAULT 'ok';
DROP TYPE mood__old;
-- downgrade
-- WARNING: removes label(s) meh from enum type mood: fails if rows hold them
-- Recreate enum type mood: PostgreSQL cannot remove or reorder labels, and a label added by ADD VALUE cannot be used before commit.
ALTER TYPE mood RENAME TO mood__old;
CREATE TYPE mood AS ENUM ('ok', 'sad');
ALTER TABLE t ALTER COLUMN m DROP DEFAULT;
ALTER TABLE t ALTER COLUMN m TYPE mood USING m::text::mood;
ALTER TABLE t ALTER COLUMN m SET DEFAULT 'ok';
DROP TYPE mood__old;
-- warnings
removes label(s) sad from enum type mood: fails if rows hold them
