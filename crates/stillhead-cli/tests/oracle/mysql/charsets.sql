-- Character sets and collations of tables and columns, carried as typed
-- attributes (dialect/mysql/attrs.rs): a table's default collation (as
-- mysqldump writes it on every table) and a column's where it is not its
-- table's. A table declared COLLATE=utf8mb4_bin with a unique key must not
-- become utf8mb4_general_ci, where 'Abc' and 'abc' collide. A unique key on
-- a column prefix or in descending order keeps its parts (read as the
-- unique index it is).

CREATE TABLE legacy (
  id int(11) NOT NULL,
  name varchar(50) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;

CREATE TABLE accounts (
  id int(11) NOT NULL,
  code varchar(50) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  note text CHARACTER SET latin1 COLLATE latin1_general_ci,
  PRIMARY KEY (id),
  UNIQUE KEY accounts_code_key (code)
) ENGINE=InnoDB;

CREATE TABLE tags (
  id int(11) NOT NULL,
  name varchar(50) NOT NULL,
  kind enum('a','b') NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY tags_name_key (name)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;

CREATE TABLE people (
  id int(11) NOT NULL,
  name varchar(50) COLLATE utf8mb4_general_ci DEFAULT NULL,
  bio text,
  PRIMARY KEY (id),
  UNIQUE KEY people_bio_key (bio(100)),
  UNIQUE KEY people_name_id_key (name(10), id DESC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
