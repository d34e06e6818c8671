-- PostgreSQL's own attributes of keys, constraints and indexes that
-- stillhead carries as typed attributes (dialect/postgres/attrs.rs),
-- beyond those of features.sql: NULLS NOT DISTINCT keys and indexes.

CREATE TABLE devices (
    id bigint PRIMARY KEY,
    serial text,
    vendor text,
    model text,
    CONSTRAINT devices_serial_key UNIQUE NULLS NOT DISTINCT (serial),
    CONSTRAINT devices_vendor_model_key UNIQUE (vendor, model)
);

CREATE UNIQUE INDEX devices_model_idx ON devices (model) NULLS NOT DISTINCT;
