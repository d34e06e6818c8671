-- error
table hot has a postgres attribute (WITH (fillfactor=70)) that a mysql migration cannot write
