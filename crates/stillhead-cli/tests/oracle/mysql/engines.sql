-- A table's engine other than InnoDB and invisible columns, carried as
-- typed attributes (dialect/mysql/attrs.rs: TableAttr::Engine,
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
