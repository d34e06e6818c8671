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
-- downgrade
DROP AGGREGATE tally(*);
DROP FUNCTION tally_step(bigint);
-- warnings

