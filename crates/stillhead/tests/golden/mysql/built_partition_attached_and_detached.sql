-- error
table events has a postgres attribute (PARTITION BY RANGE (created)) that a mysql migration cannot write
