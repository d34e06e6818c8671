-- upgrade
-- WARNING: removes label(s) sad from enum type mood: fails if rows hold them
-- not supported on this database: change enum type mood: (ok, sad) -> (ok, meh)
-- downgrade
-- WARNING: removes label(s) meh from enum type mood: fails if rows hold them
-- not supported on this database: change enum type mood: (ok, meh) -> (ok, sad)
-- warnings
removes label(s) sad from enum type mood: fails if rows hold them
