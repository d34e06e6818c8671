-- upgrade
DROP MATERIALIZED VIEW empty_totals;
DROP INDEX region_totals_big;
CREATE MATERIALIZED VIEW empty_totals AS SELECT count(*) AS n FROM sales WITH NO DATA;
CREATE INDEX empty_totals_n ON empty_totals (n);
ALTER VIEW big_sales RESET (security_barrier, check_option);
ALTER VIEW big_sales SET (security_invoker=true, check_option=cascaded);
CREATE INDEX region_totals_total ON region_totals (total);
-- downgrade
DROP MATERIALIZED VIEW empty_totals;
DROP INDEX region_totals_total;
CREATE MATERIALIZED VIEW empty_totals AS SELECT sum(amount) AS total FROM sales WITH NO DATA;
ALTER VIEW big_sales RESET (security_invoker, check_option);
ALTER VIEW big_sales SET (security_barrier=true, check_option=local);
CREATE INDEX region_totals_big ON region_totals (total DESC) WHERE total > 1000;
-- warnings

