-- error
table documents has a postgres attribute (ENABLE ROW LEVEL SECURITY) that a sqlite migration cannot write
