-- error
check p_id_positive on t has a postgres attribute (NOT VALID) that a mysql migration cannot write
