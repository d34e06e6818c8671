-- Each object kind and attribute stillhead's schema model covers on
-- MariaDB: column types, NOT NULL, defaults, ON UPDATE CURRENT_TIMESTAMP,
-- AUTO_INCREMENT keys, unique and foreign keys with actions, checks, plain,
-- descending, prefix and FULLTEXT indexes, an enum column, a JSON column
-- (as mysqldump shows it: longtext in utf8mb4_bin checked by json_valid), a
-- view.

CREATE TABLE accounts (
  id bigint(20) NOT NULL AUTO_INCREMENT,
  email varchar(200) NOT NULL,
  handle varchar(50) NOT NULL,
  balance decimal(12,2) NOT NULL DEFAULT 0.00,
  score int(11) DEFAULT 10,
  active tinyint(1) NOT NULL DEFAULT 1,
  mood enum('calm','busy','away') DEFAULT NULL,
  bio text DEFAULT NULL,
  created_at timestamp NOT NULL DEFAULT current_timestamp(),
  updated_at timestamp NOT NULL DEFAULT current_timestamp() ON UPDATE current_timestamp(),
  PRIMARY KEY (id),
  UNIQUE KEY accounts_email_key (email),
  KEY accounts_created_idx (created_at DESC, id),
  KEY accounts_handle_prefix_idx (handle(10)),
  FULLTEXT KEY accounts_bio_ft (bio),
  CONSTRAINT accounts_balance_check CHECK (balance >= 0)
) ENGINE=InnoDB;

CREATE TABLE orders (
  id bigint(20) NOT NULL AUTO_INCREMENT,
  account_id bigint(20) NOT NULL,
  code varchar(20) NOT NULL,
  total int(11) NOT NULL,
  note varchar(255) DEFAULT NULL,
  placed_on date DEFAULT NULL,
  details longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`details`)),
  PRIMARY KEY (id),
  UNIQUE KEY orders_account_id_code_key (account_id, code),
  KEY orders_note_idx (note),
  CONSTRAINT orders_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  CONSTRAINT orders_total_check CHECK (total > 0)
) ENGINE=InnoDB;

CREATE VIEW active_accounts AS SELECT id, email FROM accounts WHERE active = 1;
