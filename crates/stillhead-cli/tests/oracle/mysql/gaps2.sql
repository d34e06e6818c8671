-- What else MariaDB keeps that stillhead's model cannot say yet, one of
-- each kind the MariaDB probe (dialect/mysql/coverage.rs) names: each must
-- make check and autogenerate fail (exit 3) naming it.
-- oracle: not-compared table packed: KEY_BLOCK_SIZE=8
-- oracle: not-compared index packed.packed_note_key: COMMENT 'for the report'
-- oracle: not-compared table prices: PERIOD FOR SYSTEM_TIME (valid_from, valid_to)
-- oracle: not-compared table bookings: PERIOD FOR stay (check_in, check_out)
-- oracle: not-compared index bookings.bookings_room_stay_key: WITHOUT OVERLAPS

CREATE TABLE archive (
  id int(11) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=MyISAM;

CREATE TABLE packed (
  id int(11) NOT NULL,
  note varchar(100) DEFAULT NULL,
  body blob COMPRESSED DEFAULT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY packed_note_key (note) COMMENT 'for the report'
) ENGINE=InnoDB KEY_BLOCK_SIZE=8;

CREATE ALGORITHM=MERGE VIEW packed_notes AS SELECT id, note FROM packed WHERE id > 0 WITH CASCADED CHECK OPTION;

CREATE SEQUENCE ticket_numbers START WITH 100;

CREATE TABLE prices (
  id int(11) NOT NULL,
  amount int(11) NOT NULL,
  valid_from timestamp(6) GENERATED ALWAYS AS ROW START,
  valid_to timestamp(6) GENERATED ALWAYS AS ROW END,
  PRIMARY KEY (id),
  PERIOD FOR SYSTEM_TIME (valid_from, valid_to)
) ENGINE=InnoDB WITH SYSTEM VERSIONING;

CREATE TABLE bookings (
  room int(11) NOT NULL,
  check_in date NOT NULL,
  check_out date NOT NULL,
  PERIOD FOR stay (check_in, check_out),
  UNIQUE KEY bookings_room_stay_key (room, stay WITHOUT OVERLAPS)
) ENGINE=InnoDB;
