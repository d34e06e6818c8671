-- error
table hot has a postgres attribute (WITH (fillfactor=70)) that a sqlite migration cannot write
