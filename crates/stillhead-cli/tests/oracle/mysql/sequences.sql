-- MariaDB's sequences (CREATE SEQUENCE, 10.3+), with their options, read
-- from the sequence itself (10.11's information schema lists none), and a
-- column whose default is the sequence's next value.

CREATE SEQUENCE ticket_numbers START WITH 1000 INCREMENT BY 10 MINVALUE 1000 MAXVALUE 999999 CACHE 20 CYCLE;

CREATE SEQUENCE plain_numbers;

CREATE TABLE tickets (
  id bigint(20) NOT NULL DEFAULT nextval(`ticket_numbers`),
  title varchar(100) NOT NULL,
  PRIMARY KEY (id)
) ENGINE=InnoDB;
