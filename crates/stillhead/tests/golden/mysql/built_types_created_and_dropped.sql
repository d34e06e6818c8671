-- upgrade
-- not supported on this database: add range type floatrange
-- not supported on this database: add range type textrange
-- not supported on this database: add domain year
-- not supported on this database: add domain zip
-- not supported on this database: add composite type address
CREATE TABLE `film` (
    `id` bigint NOT NULL,
    `release_year` year NULL,
    `shipped_to` address NULL,
    `during` floatrange NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB;
-- not supported on this database: add function address_line(a address)
-- downgrade
-- WARNING: drops table film and all its rows
DROP TABLE `film`;
-- not supported on this database: drop function address_line(a address)
-- not supported on this database: drop composite type address
-- not supported on this database: drop domain zip
-- not supported on this database: drop domain year
-- not supported on this database: drop range type textrange
-- not supported on this database: drop range type floatrange
-- warnings

