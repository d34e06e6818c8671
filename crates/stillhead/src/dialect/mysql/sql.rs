//! MariaDB/MySQL's SQL text: every identifier in backticks (its reserved
//! words grow with each release), string literals with backslashes
//! escaped (MySQL reads `\` as an escape by default), and the state tables'
//! DDL.

use crate::dialect::sql::SqlText;
use crate::dialect::{Tables, MAX_REVISION_LEN};

/// The type of every column holding a revision id: as wide as
/// [`MAX_REVISION_LEN`], and compared byte for byte as the revision graph
/// compares ids (the database's default collation ignores case).
fn revision_type() -> String {
    format!("VARCHAR({MAX_REVISION_LEN}) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
}

/// MariaDB/MySQL's spelling of SQL text.
pub struct MysqlSql;

/// The spelling every MariaDB/MySQL module uses.
pub static SQL: MysqlSql = MysqlSql;

impl SqlText for MysqlSql {
    fn ident(&self, name: &str) -> String {
        format!("`{}`", name.replace('`', "``"))
    }

    fn literal(&self, value: &str) -> String {
        format!("'{}'", value.replace('\\', "\\\\").replace('\'', "''"))
    }

    fn begin(&self) -> &'static str {
        "START TRANSACTION"
    }

    fn own_tables(&self, t: &Tables) -> [String; 4] {
        let (state, log) = (self.ident(&t.state), self.ident(&t.log));
        let (lock, meta) = (self.ident(&t.lock), self.ident(&t.meta));
        let id = revision_type();
        [
            format!("CREATE TABLE IF NOT EXISTS {state} (revision {id} NOT NULL PRIMARY KEY, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, in_progress TINYINT(1) NOT NULL DEFAULT 0, failed_statement INT, applied_by VARCHAR(255) NOT NULL) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, revision {id} NOT NULL, action VARCHAR(16) NOT NULL, outcome VARCHAR(16) NOT NULL, checksum VARCHAR(64), started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40) NOT NULL, duration_ms DOUBLE NOT NULL, applied_by VARCHAR(255) NOT NULL, message TEXT) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {lock} (name VARCHAR(64) NOT NULL PRIMARY KEY, token VARCHAR(64) NOT NULL, holder VARCHAR(255) NOT NULL, revision {id}, acquired_at VARCHAR(40) NOT NULL, expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {meta} (name VARCHAR(64) NOT NULL PRIMARY KEY, value VARCHAR(255) NOT NULL) ENGINE=InnoDB"),
        ]
    }

    /// Format 3: tables of formats 1 and 2 hold revisions in the database's
    /// default collation, case-insensitive as a rule (`002_B` overwrote
    /// `002_b`'s row). `MODIFY` to the same definition changes nothing.
    fn own_tables_upgrade(&self, t: &Tables) -> Vec<String> {
        let id = revision_type();
        vec![
            format!(
                "ALTER TABLE {} MODIFY revision {id} NOT NULL",
                self.ident(&t.state)
            ),
            format!(
                "ALTER TABLE {} MODIFY revision {id} NOT NULL",
                self.ident(&t.log)
            ),
            format!(
                "ALTER TABLE {} MODIFY revision {id} NULL",
                self.ident(&t.lock)
            ),
        ]
    }
}
