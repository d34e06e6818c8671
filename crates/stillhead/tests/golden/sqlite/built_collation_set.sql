-- error
column t.name has a postgres attribute (COLLATE "C") that a sqlite migration cannot write
