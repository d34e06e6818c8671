-- error
unique constraint t_a_key on t has a postgres attribute (NULLS NOT DISTINCT) that a mysql migration cannot write
