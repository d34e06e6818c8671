-- upgrade
CREATE VIEW big_sales WITH (security_barrier=true, check_option=local) AS SELECT region_id, amount FROM sales WHERE amount > 100;
CREATE MATERIALIZED VIEW empty_totals AS SELECT sum(amount) AS total FROM sales WITH NO DATA;
CREATE MATERIALIZED VIEW region_totals AS SELECT region_id, sum(amount) AS total FROM sales GROUP BY region_id WITH DATA;
CREATE INDEX region_totals_big ON region_totals (total DESC) WHERE total > 1000;
CREATE UNIQUE INDEX region_totals_region ON region_totals (region_id);
COMMENT ON MATERIALIZED VIEW region_totals IS 'Refreshed nightly';
-- downgrade
DROP MATERIALIZED VIEW region_totals;
DROP MATERIALIZED VIEW empty_totals;
DROP VIEW big_sales;
-- warnings

