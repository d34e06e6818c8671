-- error
column t.id has a postgres attribute (serial (owns sequence t_id_seq AS bigint)) that a sqlite migration cannot write
