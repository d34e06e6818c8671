-- error
view big_sales has a postgres attribute (security_barrier=true) that a sqlite migration cannot write
