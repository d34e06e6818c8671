-- Creation order from dependencies (issue 24, item 4): two tables that
-- reference each other, a cycle of three, a table that references itself,
-- and a view reading a view. A cycle's keys are added with ALTER TABLE
-- after the tables.

CREATE TABLE authors (
  id int(11),
  best_book_id int(11),
  PRIMARY KEY (id)
);

CREATE TABLE books (
  id int(11),
  author_id int(11),
  PRIMARY KEY (id),
  CONSTRAINT books_ibfk_1 FOREIGN KEY (author_id) REFERENCES authors (id)
);

ALTER TABLE authors ADD CONSTRAINT authors_ibfk_1 FOREIGN KEY (best_book_id) REFERENCES books (id);

CREATE TABLE ring_a (id int(11), b_id int(11), PRIMARY KEY (id));
CREATE TABLE ring_b (id int(11), c_id int(11), PRIMARY KEY (id));
CREATE TABLE ring_c (
  id int(11),
  a_id int(11),
  PRIMARY KEY (id),
  CONSTRAINT ring_c_ibfk_1 FOREIGN KEY (a_id) REFERENCES ring_a (id) ON DELETE SET NULL
);

ALTER TABLE ring_a ADD CONSTRAINT ring_a_ibfk_1 FOREIGN KEY (b_id) REFERENCES ring_b (id);
ALTER TABLE ring_b ADD CONSTRAINT ring_b_ibfk_1 FOREIGN KEY (c_id) REFERENCES ring_c (id);

CREATE TABLE staff (
  id int(11),
  manager_id int(11),
  PRIMARY KEY (id),
  CONSTRAINT staff_ibfk_1 FOREIGN KEY (manager_id) REFERENCES staff (id)
);

CREATE VIEW z_books AS SELECT id, author_id FROM books;
CREATE VIEW a_prolific AS SELECT author_id, count(*) AS n FROM z_books GROUP BY author_id;
