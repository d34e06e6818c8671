-- upgrade
DROP TYPE textrange;
CREATE TYPE textrange AS RANGE (SUBTYPE = character varying);
-- downgrade
DROP TYPE textrange;
CREATE TYPE textrange AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C");
-- warnings

