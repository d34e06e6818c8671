//! The migration lock on a MariaDB Galera cluster, where `GET_LOCK` is
//! local to one node: two instances on two nodes would both get it. Here
//! the lock is a lease row in the replicated InnoDB table
//! `<version_table>_lock` (ARCHITECTURE.md, "Locking"):
//!
//! - taken in a transaction that reads the row `FOR UPDATE` and writes this
//!   runner's row; Galera certification lets one of two concurrent takers
//!   commit, and the other sees a deadlock error (1213) and tries again;
//! - renewed by a heartbeat from a second connection every third of
//!   `lock_lease`; others take it over only once it has lapsed by the
//!   database's clock *and* stayed unrenewed for another third of a lease,
//!   seen twice: a DDL under total-order isolation holds back every commit
//!   of the cluster, renewals included, until it ends, and a renewal queued
//!   behind it lands right after it;
//! - read and written with `wsrep_sync_wait = 1` (causal reads), so a node
//!   never plans from state it has not caught up with;
//! - lost (renewal finds another runner's row): the run stops before its
//!   next statement;
//! - written by its holder alone: a waiter creates the table only when it
//!   is missing (a DDL in total order fails writes to the table certified
//!   beside it, even an `IF NOT EXISTS` that finds it), and the heartbeat
//!   stops before the release deletes the row.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mysql::prelude::Queryable;

use super::connection::MysqlConnection;
use super::sql::SQL;
use crate::dialect::lease::jitter;
use crate::dialect::lease::{holder_of, new_lease, Heartbeat};
use crate::dialect::sql::SqlText;
use crate::dialect::{LeaseRenewer, LeaseRow, Tables};
use crate::error::{DbError, Error};

/// The one lease row's key: one lease per state table.
pub(super) const LEASE: &str = "'migrations'";

/// A lease this connection holds on the cluster.
pub(super) struct ClusterLease {
    pub(super) token: String,
    /// Renews it; dropped (stopped) before the lease is deleted.
    pub(super) heartbeat: Option<Heartbeat>,
    /// Set by the heartbeat when the row turned out to be someone else's.
    pub(super) lost: Arc<AtomicBool>,
}

/// What a taker saw of a lapsed lease, to see it again a while later.
struct Lapsed {
    token: String,
    expires_at: String,
    seen: Instant,
}

/// The lease row's columns, with whether it still holds by the server's clock.
fn lease_select(t: &Tables, for_update: bool) -> String {
    format!(
        "SELECT token, holder, revision, acquired_at, CAST(expires_at AS CHAR), expires_at > UTC_TIMESTAMP(6) FROM {} WHERE name = {LEASE}{}",
        SQL.ident(&t.lock),
        if for_update { " FOR UPDATE" } else { "" }
    )
}

type LeaseColumns = (String, String, Option<String>, String, String, i64);

fn lease_row(c: LeaseColumns) -> (String, LeaseRow) {
    let (token, holder, revision, acquired_at, expires_at, live) = c;
    (
        token,
        LeaseRow {
            holder,
            revision,
            acquired_at,
            expires_at,
            live: live != 0,
        },
    )
}

/// A statement that pushes a lease's expiry `length` past the server's now.
fn expiry(length: Duration) -> String {
    format!(
        "UTC_TIMESTAMP(6) + INTERVAL {} MICROSECOND",
        length.as_micros()
    )
}

impl MysqlConnection {
    /// Whether this server is a Galera node (`wsrep_on`), asked once, when
    /// a run first takes the lock: a run with nothing to do never asks.
    pub(super) fn on_galera(&mut self) -> Result<bool, DbError> {
        if let Some(known) = self.galera {
            return Ok(known);
        }
        let row: Option<(String, String)> = self
            .conn
            .query_first("SHOW VARIABLES LIKE 'wsrep_on'")
            .map_err(|e| self.err(e))?;
        let on = row.is_some_and(|(_, v)| v.eq_ignore_ascii_case("ON"));
        self.galera = Some(on);
        Ok(on)
    }

    /// Takes the cluster-wide lease, waiting up to `timeout`.
    pub(super) fn take_cluster_lease(
        &mut self,
        t: &Tables,
        timeout: Duration,
    ) -> Result<(), Error> {
        let fail = |this: &Self, e: mysql::Error| this.err(e).context("taking the migration lease");
        self.conn
            .query_drop("SET SESSION wsrep_sync_wait = 1")
            .map_err(|e| fail(self, e))?;
        // The table arrives with the state tables (format 2); a database of
        // an older format gets it here first, as the lease needs it. Only
        // then: on Galera `CREATE TABLE IF NOT EXISTS` is a DDL in total
        // order even when the table exists, and a write to the table
        // certified beside it fails (error 1213). Run by every waiting
        // start-up, it was a write outside the lock that failed the
        // holder's renewals and the DELETE that releases the lease.
        // Start-ups that all found it missing create it at once: each
        // `CREATE TABLE IF NOT EXISTS` is harmless, but one can abort
        // another's (1213), and is then run again.
        if !self
            .lock_table_exists(t)
            .map_err(|e| e.context("taking the migration lease"))?
        {
            let [_, _, lock_table, _] = SQL.own_tables(t);
            self.read(|c| c.query_drop(&lock_table))
                .map_err(|e| e.context("taking the migration lease"))?;
        }
        // The holder names its node too: `lock status` on another node says
        // where the run is.
        let node: Option<String> = self
            .conn
            .query_first("SELECT @@wsrep_node_name")
            .map_err(|e| fail(self, e))?;
        let holder = format!(
            "{} via node {}",
            crate::dialect::whoami(),
            node.unwrap_or_else(|| "?".into())
        );
        let lease = new_lease(&holder, None, &crate::dialect::now(), self.lock_lease);
        let deadline = Instant::now() + timeout;
        let mut lapsed: Option<Lapsed> = None;
        let mut pause = Duration::from_millis(20);
        loop {
            match self.try_take(
                t,
                &lease.token,
                &lease.holder,
                &lease.acquired_at,
                &mut lapsed,
            ) {
                Ok(None) => break,
                Ok(Some(holder)) if Instant::now() >= deadline => {
                    return Err(Error::LockTimeout {
                        lock: format!(
                            "the migration lease (a row of {} replicated across the Galera cluster) on {}",
                            t.lock,
                            self.url.redacted()
                        ),
                        holder: Some(holder_of(&holder)),
                        waited: timeout,
                    });
                }
                Ok(Some(_)) => {}
                // Certification conflict or deadlock (another taker won
                // this round), or a lock wait that timed out: try again.
                Err(e) if e.conflict || e.busy => {
                    let _ = self.conn.query_drop("ROLLBACK");
                }
                Err(e) => {
                    let _ = self.conn.query_drop("ROLLBACK");
                    return Err(e.context("taking the migration lease"));
                }
            }
            std::thread::sleep(pause.mul_f64(jitter()));
            pause = (pause * 2).min(Duration::from_millis(500));
        }
        let lost = Arc::new(AtomicBool::new(false));
        let heartbeat = match self.renewer(Arc::clone(&lost)) {
            Ok(renewer) => Some(Heartbeat::start(renewer, t, &lease)),
            Err(e) => {
                // Taken but not kept: give it back rather than hold a lease
                // that lapses while the run works.
                self.cluster_lease = Some(ClusterLease {
                    token: lease.token.clone(),
                    heartbeat: None,
                    lost,
                });
                let _ = self.release_cluster_lease(t);
                return Err(e);
            }
        };
        self.cluster_lease = Some(ClusterLease {
            token: lease.token,
            heartbeat,
            lost,
        });
        Ok(())
    }

    /// One attempt: `None` when the lease is now ours, or the row that
    /// holds it (live, or lapsed but not yet for long enough).
    fn try_take(
        &mut self,
        t: &Tables,
        token: &str,
        holder: &str,
        at: &str,
        lapsed: &mut Option<Lapsed>,
    ) -> Result<Option<LeaseRow>, DbError> {
        self.conn
            .query_drop("START TRANSACTION")
            .map_err(|e| self.err(e))?;
        let row: Option<LeaseColumns> = self
            .conn
            .query_first(lease_select(t, true))
            .map_err(|e| self.err(e))?;
        if let Some((other, row)) = row.map(lease_row) {
            let free = !row.live && self.lapsed_long_enough(&other, &row, lapsed);
            if !free {
                let _ = self.conn.query_drop("ROLLBACK");
                return Ok(Some(row));
            }
            tracing::warn!(
                "taking over the migration lease of {} (lapsed at {})",
                row.holder,
                row.expires_at
            );
        }
        let lock = SQL.ident(&t.lock);
        let insert = format!(
            "INSERT INTO {lock} (name, token, holder, revision, acquired_at, expires_at) VALUES ({LEASE}, {}, {}, NULL, {}, {})",
            SQL.literal(token),
            SQL.literal(holder),
            SQL.literal(at),
            expiry(self.lock_lease)
        );
        for sql in [
            format!("DELETE FROM {lock} WHERE name = {LEASE}"),
            insert,
            "COMMIT".into(),
        ] {
            self.conn.query_drop(sql).map_err(|e| self.err(e))?;
        }
        Ok(None)
    }

    /// Whether a lapsed lease has stayed lapsed, unrenewed, for a third of a
    /// lease since this taker first saw it so: a renewal held back behind a
    /// long DDL lands right after it, and must win.
    fn lapsed_long_enough(&self, token: &str, row: &LeaseRow, lapsed: &mut Option<Lapsed>) -> bool {
        match lapsed {
            Some(seen) if seen.token == token && seen.expires_at == row.expires_at => {
                seen.seen.elapsed() >= self.lock_lease / 3
            }
            _ => {
                *lapsed = Some(Lapsed {
                    token: token.to_string(),
                    expires_at: row.expires_at.clone(),
                    seen: Instant::now(),
                });
                false
            }
        }
    }

    /// A second connection to renew the lease from.
    fn renewer(&self, lost: Arc<AtomicBool>) -> Result<Box<dyn LeaseRenewer>, Error> {
        let conn = MysqlConnection::reconnect(self)?;
        Ok(Box::new(Renewer { conn, lost }))
    }

    /// Gives the cluster lease back (deletes this runner's row).
    pub(super) fn release_cluster_lease(&mut self, t: &Tables) -> Result<(), DbError> {
        let Some(mut lease) = self.cluster_lease.take() else {
            return Ok(());
        };
        // The heartbeat is stopped (its thread joined) before the row is
        // deleted: a renewal on its connection racing this DELETE is a
        // second writer of the same row, and Galera certifies even two
        // transactions of one node against each other, so the later one
        // fails with 1213. That renewal was the one write of a holder
        // outside its own connection (ARCHITECTURE.md, "Locking").
        drop(lease.heartbeat.take());
        let sql = format!(
            "DELETE FROM {} WHERE name = {LEASE} AND token = {}",
            SQL.ident(&t.lock),
            SQL.literal(&lease.token)
        );
        // A DDL on the table in total order (another tool's, or an older
        // stillhead's start-up) still fails a DELETE certified beside it;
        // it was rolled back, and deleting by token again is harmless.
        let mut attempts = 0;
        loop {
            match self.conn.query_drop(&sql).map_err(|e| self.err(e)) {
                Err(e) if e.conflict && attempts < 3 => {
                    attempts += 1;
                    std::thread::sleep(Duration::from_millis(20 * attempts).mul_f64(jitter()));
                }
                done => return done,
            }
        }
    }

    /// Refuses to go on once the heartbeat found the lease taken over.
    pub(super) fn ensure_lease_held(&self) -> Result<(), DbError> {
        match &self.cluster_lease {
            Some(lease) if lease.lost.load(Ordering::SeqCst) => Err(DbError::new(
                "the migration lease was taken over by another runner (this one failed to renew it for a whole lease): stopping before the next statement",
            )),
            _ => Ok(()),
        }
    }

    /// Whether the lease table exists.
    fn lock_table_exists(&mut self, t: &Tables) -> Result<bool, DbError> {
        let exists = format!(
            "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {}",
            SQL.literal(&t.lock)
        );
        let n: Option<i64> = self.read(|c| c.query_first(&exists))?;
        Ok(n == Some(1))
    }

    /// The lease row, if the table and a row exist.
    pub(super) fn read_cluster_lease(&mut self, t: &Tables) -> Result<Option<LeaseRow>, DbError> {
        if !self.lock_table_exists(t)? {
            return Ok(None);
        }
        let select = lease_select(t, false);
        let row: Option<LeaseColumns> = self.read(|c| c.query_first(&select))?;
        Ok(row.map(|c| lease_row(c).1))
    }
}

/// The heartbeat's connection.
struct Renewer {
    conn: MysqlConnection,
    lost: Arc<AtomicBool>,
}

impl LeaseRenewer for Renewer {
    fn renew(&mut self, t: &Tables, token: &str, length: Duration) -> Result<bool, DbError> {
        let sql = format!(
            "UPDATE {} SET expires_at = {} WHERE name = {LEASE} AND token = {}",
            SQL.ident(&t.lock),
            expiry(length),
            SQL.literal(token)
        );
        self.conn
            .conn
            .query_drop(sql)
            .map_err(|e| self.conn.err(e))?;
        let ours = self.conn.conn.affected_rows() > 0;
        if !ours {
            self.lost.store(true, Ordering::SeqCst);
        }
        Ok(ours)
    }
}
