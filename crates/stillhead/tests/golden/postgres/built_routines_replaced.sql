-- upgrade
DROP VIEW t_counted;
CREATE OR REPLACE FUNCTION public.next_code()
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT 'd' $function$;
DROP FUNCTION t_count();
CREATE OR REPLACE FUNCTION public.t_count()
 RETURNS integer
 LANGUAGE sql
AS $function$ SELECT count(*)::integer FROM t $function$;
CREATE VIEW t_counted AS SELECT t_count() AS n;
-- downgrade
DROP VIEW t_counted;
CREATE OR REPLACE FUNCTION public.next_code()
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT 'c' $function$;
DROP FUNCTION t_count();
CREATE OR REPLACE FUNCTION public.t_count()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT count(*) FROM t $function$;
CREATE VIEW t_counted AS SELECT t_count() AS n;
-- warnings

