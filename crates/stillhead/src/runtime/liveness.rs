//! Live work is never taken for dead (ARCHITECTURE.md, "Locking"): whether
//! the run behind an in-progress mark is alive, from its lease (renewed
//! within the lease period) or its process (alive on this host and started
//! before the mark, `dialect::process`). A waiting runner, `resolve`,
//! `stamp`, `lock release --force`, `current` and `lock status` all ask
//! here, so that none calls a live run "interrupted" or rewrites its record.

use super::report::{Mark, MarkHolder};
use super::state::DbState;
use super::Session;
use crate::dialect::lease::holder_of;
use crate::dialect::process::{mark_liveness, Liveness};
use crate::dialect::{Connection, LeaseRow, StateRow};
use crate::error::{Error, Result};

/// What is known of the run behind `row`'s mark, given the lease row.
/// A live lease for this migration (or for a whole run) or a live process
/// on this host says running; a failed statement, a dead process on this
/// host or a lapsed lease says stopped; a mark from another host with no
/// lease cannot be told.
pub(super) fn mark_holder(row: &StateRow, lease: Option<&LeaseRow>) -> MarkHolder {
    if let Some(n) = row.failed_statement {
        return MarkHolder::Stopped {
            why: format!("it failed at statement {n}"),
        };
    }
    let lease = lease.filter(|l| l.revision.as_ref().is_none_or(|r| *r == row.revision));
    if let Some(lease) = lease.filter(|l| l.live) {
        return MarkHolder::Running {
            holder: holder_of(lease),
        };
    }
    match mark_liveness(&row.applied_by, &row.applied_at) {
        Liveness::Alive => MarkHolder::Running {
            holder: format!(
                "{}, applying {} since {} (its process is alive on this host)",
                row.applied_by, row.revision, row.applied_at
            ),
        },
        Liveness::Dead => MarkHolder::Stopped {
            why: format!("its process, {}, is gone from this host", row.applied_by),
        },
        Liveness::Unknown => match lease {
            Some(lease) => MarkHolder::Stopped {
                why: format!(
                    "{} stopped renewing its lease at {}",
                    lease.holder, lease.expires_at
                ),
            },
            None => MarkHolder::Unknown,
        },
    }
}

impl Session<'_, '_> {
    /// Every in-progress mark of `state` with what is known of its run.
    /// Reads the lease row only when there is a mark.
    pub(super) fn marks(&self, conn: &mut dyn Connection, state: &DbState) -> Result<Vec<Mark>> {
        self.marks_of(conn, state.in_progress())
    }

    /// These marks with what is known of their runs.
    pub(super) fn marks_of<'r>(
        &self,
        conn: &mut dyn Connection,
        rows: impl Iterator<Item = &'r StateRow>,
    ) -> Result<Vec<Mark>> {
        let mut rows = rows.filter(|r| r.in_progress).peekable();
        if rows.peek().is_none() {
            return Ok(Vec::new());
        }
        let lease = conn
            .read_lease(&self.tables)
            .map_err(|e| self.db_error(e, "reading the lease table"))?;
        Ok(rows
            .map(|row| Mark {
                revision: row.revision.clone(),
                holder: mark_holder(row, lease.as_ref()),
            })
            .collect())
    }

    /// Refuses `command`, about to rewrite the record of these rows under
    /// the migration lock, while the run behind a mark among them is alive.
    /// Where the lock is a session lock held for a whole run (MariaDB,
    /// Galera), holding it means that no run is alive, and the lease read
    /// back is our own.
    pub(super) fn refuse_live_marks<'r>(
        &self,
        conn: &mut dyn Connection,
        rows: impl Iterator<Item = &'r StateRow>,
        command: &'static str,
    ) -> Result<()> {
        if conn.has_session_lock() {
            return Ok(());
        }
        for mark in self.marks_of(conn, rows)? {
            if let MarkHolder::Running { holder } = mark.holder {
                return Err(Error::StillRunning {
                    revision: mark.revision,
                    holder,
                    command,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(by: &str, failed: Option<usize>) -> StateRow {
        StateRow::applied("002", None, &crate::dialect::now(), by).marked_in_progress(failed)
    }

    fn lease(revision: Option<&str>, live: bool) -> LeaseRow {
        LeaseRow {
            holder: "app@elsewhere.invalid pid 7".into(),
            revision: revision.map(str::to_string),
            acquired_at: "then".into(),
            expires_at: "soon".into(),
            live,
        }
    }

    fn running(h: &MarkHolder) -> bool {
        matches!(h, MarkHolder::Running { .. })
    }

    #[test]
    fn a_live_lease_or_a_live_process_is_a_running_run() {
        let elsewhere = mark("app@elsewhere.invalid pid 7", None);
        assert!(running(&mark_holder(
            &elsewhere,
            Some(&lease(Some("002"), true))
        )));
        assert!(running(&mark_holder(&elsewhere, Some(&lease(None, true)))));
        if std::path::Path::new("/proc/self/stat").exists() {
            // Our own process wrote it: alive, lapsed lease or not.
            let here = mark(&crate::dialect::whoami(), None);
            assert!(running(&mark_holder(&here, None)));
            assert!(running(&mark_holder(
                &here,
                Some(&lease(Some("002"), false))
            )));
        }
    }

    #[test]
    fn a_failed_statement_or_a_lapsed_lease_is_a_stopped_run() {
        let failed = mark(&crate::dialect::whoami(), Some(2));
        assert!(matches!(
            mark_holder(&failed, None),
            MarkHolder::Stopped { .. }
        ));
        let elsewhere = mark("app@elsewhere.invalid pid 7", None);
        assert!(matches!(
            mark_holder(&elsewhere, Some(&lease(Some("002"), false))),
            MarkHolder::Stopped { .. }
        ));
        // Another migration's lease says nothing about this mark.
        assert_eq!(
            mark_holder(&elsewhere, Some(&lease(Some("003"), true))),
            MarkHolder::Unknown
        );
        assert_eq!(mark_holder(&elsewhere, None), MarkHolder::Unknown);
    }
}
