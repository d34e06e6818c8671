-- error
table bookings has a postgres attribute (CONSTRAINT one_start EXCLUDE USING gist (lower(during) WITH =) DEFERRABLE) that a sqlite migration cannot write
