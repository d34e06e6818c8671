-- error
column t.id has a postgres attribute (GENERATED ALWAYS AS IDENTITY) that a mysql migration cannot write
