-- upgrade
CREATE TABLE bookings (
    id bigint NOT NULL,
    room_id integer NOT NULL,
    during tstzrange NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT one_start EXCLUDE USING gist (lower(during) WITH =) DEFERRABLE,
    EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
-- downgrade
-- WARNING: drops table bookings and all its rows
DROP TABLE bookings;
-- warnings

