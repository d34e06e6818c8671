-- error
domain year: PostgreSQL cannot make this change in place (its base type or collation changes), and dropping and creating it fails while column film.release_year uses it: write this migration by hand (a new type, the users moved over to it, then the old one dropped)
