-- Each object kind and attribute stillhead's schema model covers on
-- SQLite: rowid keys, column types, NOT NULL, defaults, unique and foreign
-- keys with actions, checks, plain, unique, partial, expression and
-- descending indexes, a view, a trigger, an FTS5 virtual table; names of
-- keys, foreign keys and checks, on a column and on the table.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    handle TEXT NOT NULL,
    balance NUMERIC NOT NULL DEFAULT 0 CONSTRAINT accounts_balance_nonneg CHECK (balance >= 0),
    score INTEGER DEFAULT 10,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL CONSTRAINT orders_account_fk REFERENCES accounts (id) ON DELETE CASCADE ON UPDATE RESTRICT,
    code TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total > 0),
    note TEXT,
    CONSTRAINT orders_account_code_key UNIQUE (account_id, code),
    CONSTRAINT orders_note_short CHECK (length(note) <= 500)
);

CREATE INDEX orders_note_idx ON orders (note);
CREATE INDEX orders_lower_code_idx ON orders (lower(code));
CREATE UNIQUE INDEX accounts_handle_idx ON accounts (handle) WHERE active = 1;
CREATE INDEX accounts_created_idx ON accounts (created_at DESC, id);

CREATE VIEW active_accounts AS SELECT id, email FROM accounts WHERE active = 1;

CREATE TRIGGER orders_touch AFTER UPDATE ON orders BEGIN
    UPDATE accounts SET score = score + 1 WHERE id = new.account_id;
END;

CREATE VIRTUAL TABLE notes_fts USING fts5(body);
