-- error
table events: its partitioning changes (PARTITION BY RANGE (created) -> PARTITION BY HASH (id)), which PostgreSQL cannot do in place: write this migration by hand (a new table partitioned as wanted, the rows moved over, then the old one dropped)
