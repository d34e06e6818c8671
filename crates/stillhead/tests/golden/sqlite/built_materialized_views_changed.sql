-- upgrade
-- not supported on this database: drop materialized view empty_totals
DROP INDEX region_totals_big;
-- not supported on this database: add materialized view empty_totals
-- not supported on this database: change view big_sales: (security_barrier=true check_option=local) -> (security_invoker=true check_option=cascaded)
CREATE INDEX region_totals_total ON region_totals (total);
-- downgrade
-- not supported on this database: drop materialized view empty_totals
DROP INDEX region_totals_total;
-- not supported on this database: add materialized view empty_totals
-- not supported on this database: change view big_sales: (security_invoker=true check_option=cascaded) -> (security_barrier=true check_option=local)
CREATE INDEX region_totals_big ON region_totals (total DESC) WHERE total > 1000;
-- warnings

