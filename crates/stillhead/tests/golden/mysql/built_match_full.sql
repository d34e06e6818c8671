-- error
foreign key t_p_id_fkey on t has a postgres attribute (MATCH FULL) that a mysql migration cannot write
