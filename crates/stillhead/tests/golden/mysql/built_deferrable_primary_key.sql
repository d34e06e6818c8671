-- error
primary key t_pkey on t has a postgres attribute (DEFERRABLE) that a mysql migration cannot write
