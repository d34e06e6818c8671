-- upgrade
CREATE OR REPLACE FUNCTION public.tally_step(bigint)
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT $1 + 1 $function$;
CREATE OR REPLACE AGGREGATE tally(*) (
    SFUNC = tally_step,
    STYPE = bigint,
    INITCOND = '0'
);
REVOKE EXECUTE ON FUNCTION tally() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION tally_step(bigint) FROM PUBLIC;
-- downgrade
DROP AGGREGATE tally(*);
DROP FUNCTION tally_step(bigint);
-- warnings

