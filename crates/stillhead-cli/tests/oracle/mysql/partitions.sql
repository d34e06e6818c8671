-- MariaDB's partitioning (dialect/mysql/partitions.rs): RANGE over an
-- expression and over columns, LIST with a partition comment, HASH and KEY
-- by count, and sub-partitions; each table's clause as SHOW CREATE TABLE
-- prints it.

CREATE TABLE events (
  id int(11) NOT NULL,
  created date NOT NULL,
  PRIMARY KEY (id, created)
) ENGINE=InnoDB
PARTITION BY RANGE (year(created))
(PARTITION p2025 VALUES LESS THAN (2026),
 PARTITION p2026 VALUES LESS THAN (2027),
 PARTITION pmax VALUES LESS THAN MAXVALUE);

CREATE TABLE readings (
  sensor int(11) NOT NULL,
  taken date NOT NULL,
  value double DEFAULT NULL,
  PRIMARY KEY (sensor, taken)
) ENGINE=InnoDB
PARTITION BY RANGE COLUMNS (taken)
(PARTITION r2025 VALUES LESS THAN ('2026-01-01'),
 PARTITION rmax VALUES LESS THAN (MAXVALUE));

CREATE TABLE regions (
  id int(11) NOT NULL,
  region int(11) NOT NULL,
  PRIMARY KEY (id, region)
) ENGINE=InnoDB
PARTITION BY LIST (region)
(PARTITION north VALUES IN (1,2) COMMENT 'the north',
 PARTITION south VALUES IN (3));

CREATE TABLE sessions (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB
PARTITION BY HASH (id) PARTITIONS 4;

CREATE TABLE tokens (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB
PARTITION BY KEY () PARTITIONS 3;

CREATE TABLE measures (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB
PARTITION BY RANGE (id) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
(PARTITION p0 VALUES LESS THAN (1000), PARTITION pmax VALUES LESS THAN MAXVALUE);
