-- oracle: since-postgres 15
-- View options of PostgreSQL 15+ (issue 25, "Views"): security_invoker,
-- alone and with security_barrier, and turned off explicitly (the
-- catalog keeps `security_invoker=false` apart from the option left out).
-- The model keeps a view's options as a set, written in one order
-- (security_barrier, security_invoker, check_option): PostgreSQL keeps
-- them in the order written, which changes nothing they do, and the dump
-- oracle compares that order, so this file writes them in the model's.

CREATE TABLE accounts (
    id integer PRIMARY KEY,
    owner name NOT NULL DEFAULT CURRENT_USER,
    balance numeric NOT NULL
);

CREATE VIEW my_accounts WITH (security_invoker = true) AS
    SELECT id, balance FROM accounts WHERE owner = CURRENT_USER;

CREATE VIEW guarded_accounts WITH (security_barrier, security_invoker) AS
    SELECT id, balance FROM accounts WHERE balance > 0;

CREATE VIEW owner_accounts WITH (security_invoker = false) AS
    SELECT id, owner FROM accounts;
