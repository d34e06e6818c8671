-- Spellings PostgreSQL keeps as written: stillhead must write them back
-- the same way.

CREATE TABLE stamps (
    id integer PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    seen timestamptz DEFAULT CURRENT_TIMESTAMP
);
