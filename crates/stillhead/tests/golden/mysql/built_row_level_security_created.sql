-- error
table documents has a postgres attribute (ENABLE ROW LEVEL SECURITY) that a mysql migration cannot write
