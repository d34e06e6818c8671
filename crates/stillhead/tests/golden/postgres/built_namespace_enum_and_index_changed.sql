-- upgrade
-- Recreate enum type billing.state: PostgreSQL cannot remove or reorder labels, and a label added by ADD VALUE cannot be used before commit.
ALTER TYPE billing.state RENAME TO state__old;
CREATE TYPE billing.state AS ENUM ('paid', 'open');
ALTER TABLE billing.invoices ALTER COLUMN state TYPE billing.state USING state::text::billing.state;
DROP TYPE billing.state__old;
ALTER INDEX billing.invoices_state_idx RENAME TO invoices_by_state;
-- downgrade
-- Recreate enum type billing.state: PostgreSQL cannot remove or reorder labels, and a label added by ADD VALUE cannot be used before commit.
ALTER TYPE billing.state RENAME TO state__old;
CREATE TYPE billing.state AS ENUM ('open', 'paid');
ALTER TABLE billing.invoices ALTER COLUMN state TYPE billing.state USING state::text::billing.state;
DROP TYPE billing.state__old;
ALTER INDEX billing.invoices_by_state RENAME TO invoices_state_idx;
-- warnings

