-- error
schema ext: a mysql database has one namespace, itself; a migration cannot create another
