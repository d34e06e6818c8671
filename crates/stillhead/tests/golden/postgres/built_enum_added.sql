-- upgrade
CREATE TYPE mood AS ENUM ('ok', 'sad');
-- downgrade
DROP TYPE mood;
-- warnings

