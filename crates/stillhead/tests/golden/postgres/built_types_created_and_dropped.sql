-- upgrade
CREATE TYPE floatrange AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi);
CREATE TYPE textrange AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C");
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN zip AS character varying(8) COLLATE "C" DEFAULT '00000'::character varying NOT NULL CONSTRAINT zip_digits CHECK (VALUE::text ~ '^[0-9]+$'::text);
CREATE TYPE address AS (street text, city text COLLATE "C", code zip);
CREATE TABLE film (
    id bigint NOT NULL,
    release_year year,
    shipped_to address,
    during floatrange,
    PRIMARY KEY (id)
);
CREATE OR REPLACE FUNCTION public.address_line(a address)
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT (a).street $function$;
-- downgrade
-- WARNING: drops table film and all its rows
DROP TABLE film;
DROP FUNCTION address_line(a address);
DROP TYPE address;
DROP DOMAIN zip;
DROP DOMAIN year;
DROP TYPE textrange;
DROP TYPE floatrange;
-- warnings

