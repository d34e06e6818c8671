-- error
trigger hot_audit on hot has a postgres attribute (DISABLE) that a mysql migration cannot write
