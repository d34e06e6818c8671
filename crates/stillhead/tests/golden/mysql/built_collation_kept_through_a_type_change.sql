-- error
column t.name has a postgres attribute (COLLATE "C") that a mysql migration cannot write
