-- error
domain year changes in a way PostgreSQL cannot alter (it would have to be dropped and created), and column film.release_year uses it: write this migration by hand (a new type, the users moved over to it, then the old one dropped)
