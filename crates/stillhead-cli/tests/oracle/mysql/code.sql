-- MariaDB's code objects: stored functions and procedures, triggers (more
-- than one on an event, in the order they fire) and events, each compared
-- by the definition the server keeps, without its DEFINER
-- (dialect/mysql/code.rs). Written as a dump writes them: compound bodies
-- between DELIMITER lines, which the client needs and stillhead reads.

CREATE TABLE accounts (
  id int(11) NOT NULL,
  owner varchar(50) NOT NULL,
  balance decimal(12,2) NOT NULL DEFAULT 0.00,
  updated_by varchar(50) DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE TABLE ledger (
  id int(11) NOT NULL AUTO_INCREMENT,
  account_id int(11) NOT NULL,
  delta decimal(12,2) NOT NULL,
  note varchar(100) DEFAULT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;

CREATE FUNCTION cents(amount decimal(12,2)) RETURNS bigint(20)
    DETERMINISTIC
    COMMENT 'whole cents'
RETURN round(amount * 100);

CREATE FUNCTION balance_of(account int) RETURNS decimal(12,2)
    READS SQL DATA
    SQL SECURITY INVOKER
RETURN (SELECT balance FROM accounts WHERE id = account);

DELIMITER ;;
CREATE PROCEDURE transfer(IN source int, IN target int, IN amount decimal(12,2), OUT done tinyint(1))
    MODIFIES SQL DATA
BEGIN
  DECLARE available decimal(12,2);
  SELECT balance INTO available FROM accounts WHERE id = source FOR UPDATE;
  IF available >= amount THEN
    UPDATE accounts SET balance = balance - amount WHERE id = source;
    UPDATE accounts SET balance = balance + amount WHERE id = target;
    SET done = 1;
  ELSE
    SET done = 0;
  END IF;
END ;;
DELIMITER ;

DELIMITER ;;
CREATE TRIGGER accounts_log AFTER UPDATE ON accounts FOR EACH ROW BEGIN
  IF NEW.balance <> OLD.balance THEN
    INSERT INTO ledger (account_id, delta, note) VALUES (NEW.id, NEW.balance - OLD.balance, 'update');
  END IF;
END ;;
DELIMITER ;

CREATE TRIGGER accounts_owner BEFORE UPDATE ON accounts FOR EACH ROW SET NEW.owner = trim(NEW.owner);

CREATE TRIGGER accounts_stamp BEFORE UPDATE ON accounts FOR EACH ROW FOLLOWS accounts_owner SET NEW.updated_by = current_user();

CREATE TRIGGER accounts_first BEFORE UPDATE ON accounts FOR EACH ROW PRECEDES accounts_owner SET NEW.balance = greatest(NEW.balance, -1000);

CREATE TRIGGER ledger_note BEFORE INSERT ON ledger FOR EACH ROW SET NEW.note = coalesce(NEW.note, 'none');

CREATE EVENT prune_ledger ON SCHEDULE EVERY 1 DAY STARTS '2031-01-01 03:00:00' ENDS '2032-01-01 00:00:00' ON COMPLETION PRESERVE DISABLE COMMENT 'nightly' DO DELETE FROM ledger WHERE delta = 0;

DELIMITER ;;
CREATE EVENT year_end ON SCHEDULE AT '2031-12-31 23:59:00' DISABLE DO BEGIN
  UPDATE accounts SET balance = round(balance, 0);
  DELETE FROM ledger;
END ;;
DELIMITER ;

-- A routine keeps the session context it was made in: made here under
-- ANSI_QUOTES, it is made so again by a migration (SET around it).
SET @saved_sql_mode = @@sql_mode;
SET sql_mode = 'ANSI_QUOTES';
CREATE PROCEDURE account_ids() SELECT "id" FROM accounts;
SET sql_mode = @saved_sql_mode;
