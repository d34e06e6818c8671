-- MariaDB's index options (attrs.rs: IndexAttr): a comment, and IGNORED
-- (kept up to date, never used by the optimizer; 10.6+). A unique key's
-- are named not compared (gaps2.sql). And a COMPRESSED column.

CREATE TABLE notes (
  id int(11) NOT NULL,
  author varchar(50) NOT NULL,
  note varchar(100) DEFAULT NULL,
  body blob COMPRESSED DEFAULT NULL,
  summary varchar(200) COMPRESSED NOT NULL DEFAULT '',
  PRIMARY KEY (id),
  KEY notes_note_idx (note) COMMENT 'for the report',
  KEY notes_author_note_idx (author, note) IGNORED,
  KEY notes_author_idx (author) COMMENT 'who wrote it' IGNORED
) ENGINE=InnoDB;
