-- A view's algorithm, SQL SECURITY and check option, carried as typed
-- attributes (dialect/mysql/attrs.rs: ViewAttr), each where it is not the
-- default; a change is ALTER VIEW with the whole definition again.

CREATE TABLE accounts (
  id int(11) NOT NULL,
  code varchar(50) NOT NULL,
  active tinyint(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE SQL SECURITY INVOKER VIEW account_codes AS SELECT id, code FROM accounts;

CREATE ALGORITHM=MERGE VIEW active_accounts AS SELECT id, code, active FROM accounts WHERE active = 1 WITH CASCADED CHECK OPTION;

CREATE ALGORITHM=TEMPTABLE SQL SECURITY INVOKER VIEW account_count AS SELECT count(*) AS n FROM accounts;

CREATE VIEW local_active AS SELECT id, code, active FROM active_accounts WHERE id > 0 WITH LOCAL CHECK OPTION;
