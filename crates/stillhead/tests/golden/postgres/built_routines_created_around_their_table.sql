-- upgrade
CREATE OR REPLACE FUNCTION public.next_code()
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT 'c' $function$;
CREATE TABLE t (
    id bigint NOT NULL,
    code text NOT NULL DEFAULT next_code(),
    PRIMARY KEY (id)
);
CREATE OR REPLACE FUNCTION public.t_count()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT count(*) FROM t $function$;
-- downgrade
-- WARNING: drops table t and all its rows
DROP TABLE t;
DROP FUNCTION next_code();
DROP FUNCTION t_count();
-- warnings

