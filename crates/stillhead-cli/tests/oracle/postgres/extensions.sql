-- Extensions (issue 25, "Extensions"): one in a schema of its own that
-- another requires (`earthdistance` needs `cube`: created with CASCADE,
-- dropped together with it), one in the current schema, and a table using
-- their types. A mutation moving one to another schema is `ALTER
-- EXTENSION … SET SCHEMA`.

CREATE SCHEMA ext;

CREATE EXTENSION cube WITH SCHEMA ext;
CREATE EXTENSION earthdistance WITH SCHEMA ext;
CREATE EXTENSION hstore;

CREATE TABLE places (
    id bigint PRIMARY KEY,
    location ext.earth NOT NULL,
    tags hstore
);
