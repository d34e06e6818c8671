-- Creation order from dependencies (issue 24, item 4): two tables that
-- reference each other, a cycle of three, a table that references itself,
-- and a view reading a view. As pg_dump writes it, a cycle's keys are added
-- with ALTER TABLE after the tables.

CREATE TABLE authors (
    id integer PRIMARY KEY,
    best_book_id integer
);

CREATE TABLE books (
    id integer PRIMARY KEY,
    author_id integer NOT NULL REFERENCES authors(id)
);

ALTER TABLE authors ADD CONSTRAINT authors_best_book_id_fkey FOREIGN KEY (best_book_id) REFERENCES books(id);

CREATE TABLE ring_a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE ring_b (id integer PRIMARY KEY, c_id integer);
CREATE TABLE ring_c (id integer PRIMARY KEY, a_id integer REFERENCES ring_a(id) ON DELETE SET NULL);

ALTER TABLE ring_a ADD CONSTRAINT ring_a_b_id_fkey FOREIGN KEY (b_id) REFERENCES ring_b(id);
ALTER TABLE ring_b ADD CONSTRAINT ring_b_c_id_fkey FOREIGN KEY (c_id) REFERENCES ring_c(id);

CREATE TABLE staff (
    id integer PRIMARY KEY,
    manager_id integer REFERENCES staff(id)
);

CREATE VIEW z_books AS SELECT id, author_id FROM books;
CREATE VIEW a_prolific AS SELECT author_id, count(*) AS n FROM z_books GROUP BY author_id;
