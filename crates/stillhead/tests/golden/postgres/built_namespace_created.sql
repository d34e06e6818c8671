-- upgrade
CREATE SCHEMA billing;
CREATE TYPE billing.state AS ENUM ('open', 'paid');
CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    account_id bigint NOT NULL,
    state billing.state NOT NULL,
    PRIMARY KEY (id),
    FOREIGN KEY (account_id) REFERENCES accounts (id)
);
CREATE INDEX invoices_state_idx ON billing.invoices (state);
-- downgrade
-- WARNING: drops table billing.invoices and all its rows
DROP TABLE billing.invoices;
DROP TYPE billing.state;
DROP SCHEMA billing;
-- warnings

