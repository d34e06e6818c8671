-- error
unique constraint t_a_key on t has a postgres attribute (NULLS NOT DISTINCT) that a sqlite migration cannot write
