-- A table's engine other than InnoDB, its options (ROW_FORMAT, STATS_*,
-- CHECKSUM, MAX_ROWS…) and invisible columns, carried as typed attributes
-- (dialect/mysql/attrs.rs: TableAttr::Engine, TableAttr::Option,
-- ColumnAttr::Invisible).

CREATE TABLE archive (
  id int(11) NOT NULL,
  note varchar(100) DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE scratchpad (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=MEMORY;

CREATE TABLE accounts (
  id int(11) NOT NULL,
  code varchar(50) NOT NULL,
  secret varchar(50) DEFAULT NULL INVISIBLE,
  created_at datetime NOT NULL DEFAULT current_timestamp() INVISIBLE,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE TABLE packed (
  id int(11) NOT NULL,
  note varchar(100) DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB ROW_FORMAT=COMPRESSED STATS_PERSISTENT=1 STATS_SAMPLE_PAGES=5 CHECKSUM=1;

CREATE TABLE bounded (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=MyISAM MAX_ROWS=1000 MIN_ROWS=10 PACK_KEYS=1 DELAY_KEY_WRITE=1;
