//! MariaDB/MySQL's SQL text: every identifier in backticks (its reserved
//! words grow with each release), string literals with backslashes
//! escaped (MySQL reads `\` as an escape by default), and the state tables'
//! DDL.

use crate::dialect::sql::SqlText;
use crate::dialect::Tables;

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
        [
            format!("CREATE TABLE IF NOT EXISTS {state} (revision VARCHAR(191) NOT NULL PRIMARY KEY, checksum VARCHAR(64), applied_at VARCHAR(40) NOT NULL, in_progress TINYINT(1) NOT NULL DEFAULT 0, failed_statement INT, applied_by VARCHAR(255) NOT NULL) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {log} (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, revision VARCHAR(191) NOT NULL, action VARCHAR(16) NOT NULL, outcome VARCHAR(16) NOT NULL, checksum VARCHAR(64), started_at VARCHAR(40) NOT NULL, finished_at VARCHAR(40) NOT NULL, duration_ms DOUBLE NOT NULL, applied_by VARCHAR(255) NOT NULL, message TEXT) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {lock} (name VARCHAR(64) NOT NULL PRIMARY KEY, token VARCHAR(64) NOT NULL, holder VARCHAR(255) NOT NULL, revision VARCHAR(191), acquired_at VARCHAR(40) NOT NULL, expires_at DATETIME(6) NOT NULL) ENGINE=InnoDB"),
            format!("CREATE TABLE IF NOT EXISTS {meta} (name VARCHAR(64) NOT NULL PRIMARY KEY, value VARCHAR(255) NOT NULL) ENGINE=InnoDB"),
        ]
    }
}
