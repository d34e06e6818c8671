-- upgrade
-- Rebuild order: SQLite cannot ALTER this in place (column group changes (INTEGER -> BIGINT)).
CREATE TABLE _stillhead_new_order (
    id INTEGER PRIMARY KEY NOT NULL,
    "group" BIGINT
);
INSERT INTO _stillhead_new_order (id, "group") SELECT id, "group" FROM "order";
DROP TABLE "order";
ALTER TABLE _stillhead_new_order RENAME TO "order";
-- downgrade
-- WARNING: changes order.group from BIGINT to INTEGER: a narrower type: values that do not fit are truncated or make the migration fail
-- Rebuild order: SQLite cannot ALTER this in place (column group changes (BIGINT -> INTEGER)).
CREATE TABLE _stillhead_new_order (
    id INTEGER PRIMARY KEY NOT NULL,
    "group" INTEGER
);
INSERT INTO _stillhead_new_order (id, "group") SELECT id, "group" FROM "order";
DROP TABLE "order";
ALTER TABLE _stillhead_new_order RENAME TO "order";
-- warnings

