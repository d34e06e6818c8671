-- error
check q on t has a mysql attribute (written on its column) that a postgres migration cannot write
