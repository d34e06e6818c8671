-- revision: 003_c
-- revises: 002_b
-- message: c

-- +upgrade
CREATE TABLE c (id INTEGER PRIMARY KEY);

-- +downgrade
DROP TABLE c;
