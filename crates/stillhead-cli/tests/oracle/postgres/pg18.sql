-- What PostgreSQL 18 added to a table: VIRTUAL generated columns (computed
-- when read, kept as typed Generated { stored: false }) and NOT NULL kept
-- as a constraint with a name, compared where it is not the one PostgreSQL
-- gives (attrs.rs: ColumnAttr::NotNullName) — as pg_dump writes a table
-- renamed after it was made, whose NOT NULL keeps the old table's name.
-- oracle: since-postgres 18

CREATE TABLE gauges (
    id integer PRIMARY KEY,
    reading integer CONSTRAINT reading_present NOT NULL,
    scale numeric NOT NULL,
    doubled integer GENERATED ALWAYS AS (reading * 2) VIRTUAL,
    scaled numeric GENERATED ALWAYS AS (reading * scale) STORED,
    label text GENERATED ALWAYS AS (('gauge ' || id)) VIRTUAL CONSTRAINT label_present NOT NULL
);

-- Renamed from meters: its NOT NULLs keep meters_…_not_null.
CREATE TABLE readings (
    id bigint CONSTRAINT meters_id_not_null NOT NULL,
    taken_at timestamp with time zone CONSTRAINT meters_taken_at_not_null NOT NULL,
    gauge_id integer REFERENCES gauges,
    CONSTRAINT meters_pkey PRIMARY KEY (id)
);
