//! Readers for the one-folder layouts: diesel, sqlx, Flyway, golang-migrate
//! and dbmate. Each gives a linear chain in the tool's own order, with the
//! tool's version as the revision id.
