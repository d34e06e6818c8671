-- error
view big_sales has a postgres attribute (security_barrier=true) that a mysql migration cannot write
