-- error
enum type mood: PostgreSQL cannot make this change in place (its labels change, and it is recreated with its columns converted), and dropping and creating it fails while domain calm_mood uses it: write this migration by hand (a new type, the users moved over to it, then the old one dropped)
