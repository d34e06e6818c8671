-- upgrade
ALTER TABLE bookings DROP CONSTRAINT one_start;
ALTER TABLE bookings RENAME CONSTRAINT bookings_room_id_during_excl TO no_overlap;
-- An exclusion constraint cannot be added NOT VALID, nor USING INDEX:
-- this builds its index and checks every row under an ACCESS EXCLUSIVE lock.
ALTER TABLE bookings ADD EXCLUDE USING gist (room_id WITH =) WHERE ((id > 0));
-- downgrade
ALTER TABLE bookings DROP CONSTRAINT bookings_room_id_excl;
ALTER TABLE bookings RENAME CONSTRAINT no_overlap TO bookings_room_id_during_excl;
-- An exclusion constraint cannot be added NOT VALID, nor USING INDEX:
-- this builds its index and checks every row under an ACCESS EXCLUSIVE lock.
ALTER TABLE bookings ADD CONSTRAINT one_start EXCLUDE USING gist (lower(during) WITH =) DEFERRABLE;
-- warnings

