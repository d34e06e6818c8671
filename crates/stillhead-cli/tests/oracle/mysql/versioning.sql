-- MariaDB's system-versioned tables (attrs.rs: SystemVersioned): a table
-- that keeps each row's past versions in its hidden ROW_START/ROW_END
-- columns, and a column whose changes make no history row. A table naming
-- its own period columns is in gaps2.sql (not compared yet).

CREATE TABLE prices (
  id int(11) NOT NULL,
  sku varchar(40) NOT NULL,
  amount decimal(10,2) NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY prices_sku_key (sku)
) ENGINE=InnoDB WITH SYSTEM VERSIONING;

CREATE TABLE accounts (
  id int(11) NOT NULL,
  owner varchar(50) NOT NULL,
  last_seen datetime DEFAULT NULL WITHOUT SYSTEM VERSIONING,
  balance int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (id)
) ENGINE=InnoDB WITH SYSTEM VERSIONING;

CREATE TABLE plain (
  id int(11) NOT NULL,
  price_id int(11) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY plain_price_id_idx (price_id),
  CONSTRAINT plain_price_fk FOREIGN KEY (price_id) REFERENCES prices (id)
) ENGINE=InnoDB;
