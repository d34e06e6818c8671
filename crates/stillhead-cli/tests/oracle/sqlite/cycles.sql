-- Creation order from dependencies (issue 24, item 4): two tables that
-- reference each other, a cycle of three, a table that references itself,
-- and a view reading a view. SQLite checks no key's target at CREATE, so
-- each key is written in its table.

CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    best_book_id INTEGER REFERENCES books(id)
);

CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors(id)
);

CREATE TABLE ring_a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES ring_b(id));
CREATE TABLE ring_b (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES ring_c(id));
CREATE TABLE ring_c (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES ring_a(id) ON DELETE SET NULL);

CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    manager_id INTEGER REFERENCES staff(id)
);

CREATE VIEW z_books AS SELECT id, author_id FROM books;
CREATE VIEW a_prolific AS SELECT author_id, count(*) AS n FROM z_books GROUP BY author_id;
