-- error
table scratch has a postgres attribute (UNLOGGED) that a sqlite migration cannot write
