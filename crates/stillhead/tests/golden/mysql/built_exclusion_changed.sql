-- error
table bookings has a postgres attribute (CONSTRAINT one_start EXCLUDE USING gist (lower(during) WITH =) DEFERRABLE) that a mysql migration cannot write
