-- error
composite type t_pair uses the row type of t, which this migration creates or drops, and stillhead creates types before tables and drops them after: write this migration by hand
