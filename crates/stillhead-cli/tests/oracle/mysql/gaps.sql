-- The rows of issue 24's table that stillhead's model cannot say yet on
-- MariaDB: each must make check and autogenerate fail (exit 3) naming it,
-- never pass silently. (Character sets and collations are the model's
-- now: charsets.sql, and so are engines and
-- invisible columns: engines.sql, and views' options: views.sql.)
-- oracle: not-compared table events: PARTITION BY RANGE (year(created)) (2 partitions)

CREATE TABLE accounts (
  id int(11) NOT NULL,
  code varchar(50) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY accounts_code_key (code)
) ENGINE=InnoDB;

CREATE TABLE events (
  id int(11) NOT NULL,
  created date NOT NULL,
  PRIMARY KEY (id, created)
) ENGINE=InnoDB
PARTITION BY RANGE (year(created)) (PARTITION p2025 VALUES LESS THAN (2026), PARTITION pmax VALUES LESS THAN MAXVALUE);

