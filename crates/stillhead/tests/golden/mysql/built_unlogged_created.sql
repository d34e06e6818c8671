-- error
table scratch has a postgres attribute (UNLOGGED) that a mysql migration cannot write
