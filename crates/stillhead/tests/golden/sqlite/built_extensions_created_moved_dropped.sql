-- error
schema ext: a sqlite database has one namespace, itself; a migration cannot create another
