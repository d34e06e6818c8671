-- PostgreSQL's own attributes of keys, constraints and indexes that
-- stillhead carries as typed attributes (dialect/postgres/attrs.rs),
-- beyond those of features.sql (attrs15.sql holds what only PostgreSQL 15
-- and later read): a MATCH FULL foreign key (added by ALTER TABLE:
-- sqlparser does not read MATCH FULL, and the table's own statement stays
-- readable for the mutations), NOT VALID checks and foreign keys (which
-- only ALTER TABLE can add), a deferrable primary key.

-- Every column but a table's last is in a key, so a mutation dropping one
-- does not load, and the column a mutation drops is added back where it
-- was (last): no column order to restore.

CREATE TABLE devices (
    serial text,
    vendor text,
    model text,
    id bigint PRIMARY KEY,
    CONSTRAINT devices_serial_key UNIQUE (serial),
    CONSTRAINT devices_vendor_model_key UNIQUE (vendor, model)
);

CREATE UNIQUE INDEX devices_model_idx ON devices (model);

CREATE TABLE slots (
    rack text NOT NULL,
    pos integer NOT NULL,
    PRIMARY KEY (rack, pos)
);

CREATE TABLE mounts (
    rack text,
    pos integer,
    id bigint PRIMARY KEY
);

ALTER TABLE mounts ADD CONSTRAINT mounts_slot_fkey FOREIGN KEY (rack, pos) REFERENCES slots (rack, pos) MATCH FULL ON DELETE CASCADE;

CREATE TABLE samples (
    device_id bigint,
    value integer,
    id bigint PRIMARY KEY
);

ALTER TABLE samples ADD CONSTRAINT samples_value_check CHECK (value >= 0) NOT VALID;

ALTER TABLE samples ADD CONSTRAINT samples_device_id_fkey FOREIGN KEY (device_id) REFERENCES devices (id) ON DELETE SET NULL NOT VALID;

CREATE TABLE positions (
    rank integer NOT NULL,
    label text NOT NULL,
    CONSTRAINT positions_pkey PRIMARY KEY (rank) DEFERRABLE INITIALLY DEFERRED
);
