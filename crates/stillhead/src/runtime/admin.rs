//! Changing the record without running migrations: stamp, accept an edited
//! checksum, resolve an interrupted migration; and verify, which only reads.

use std::collections::BTreeSet;

use super::report::{LockReport, StampReport, VerifyIssue, VerifyReport};
use super::set::Migration;
use super::{state, Migrator, Session};
use crate::dialect::{Connection, LeaseRow, LogAction, LogEntry, StateRow};
use crate::error::{Error, Result};

impl Migrator<'_> {
    /// Records the database as being at `target` without running anything
    /// (adopting an existing database). `purge` first forgets every recorded
    /// revision, including ones no file defines.
    pub fn stamp(
        &self,
        conn: &mut dyn Connection,
        target: &str,
        purge: bool,
    ) -> Result<StampReport> {
        let this = self.on(conn);
        this.refuse_read_only_server(conn)?;
        conn.lock(this.lock_timeout)?;
        let result = this
            .ensure_tables(conn)
            .and_then(|()| this.stamp_locked(conn, target, purge));
        let _ = conn.unlock();
        result
    }

    /// The applied set a stamp target stands for: `base`, a relative step
    /// from the current state (`-1`, `+2`, `REV-1`), or everything up to a revision.
    pub fn stamp_target(
        &self,
        current: &BTreeSet<String>,
        target: &str,
    ) -> Result<BTreeSet<String>> {
        let graph = self.set.graph();
        if target == "base" {
            return Ok(BTreeSet::new());
        }
        let relative = match graph.get(target) {
            Some(_) => None,
            None => target
                .rfind(['+', '-'])
                .filter(|&i| target[i + 1..].parse::<usize>().is_ok())
                .map(|i| &target[i..=i]),
        };
        Ok(match relative {
            Some("-") => {
                let down: BTreeSet<String> =
                    graph.downgrade_plan(current, target)?.into_iter().collect();
                current.difference(&down).cloned().collect()
            }
            Some(_) => {
                let up = graph.upgrade_plan(current, target)?;
                current.iter().cloned().chain(up).collect()
            }
            None => graph
                .upgrade_plan(&BTreeSet::new(), target)?
                .into_iter()
                .collect(),
        })
    }

    /// Who holds the migration lock and any lease, without taking either.
    pub fn lock_status(&self, conn: &mut dyn Connection) -> Result<LockReport> {
        let this = self.on(conn);
        let lock = conn
            .lock_state(&this.tables)
            .map_err(|e| this.db_error(e, "asking who holds the migration lock"))?;
        let lease = conn
            .read_lease(&this.tables)
            .map_err(|e| this.db_error(e, "reading the lease table"))?;
        let state = this.read_state(conn)?;
        let running = || state.in_progress().filter(|r| r.failed_statement.is_none());
        Ok(LockReport {
            database: this.database.clone(),
            lock,
            lease,
            in_progress: running().map(|r| r.revision.clone()).collect(),
            marks: this.marks_of(conn, running())?,
        })
    }

    /// Removes a lapsed lease row and logs that (`lock release --force`):
    /// for a lease whose holder died without its expiry being noticed.
    /// Returns the lease removed; `None` when there was none (a server lock
    /// cannot be released from outside: see [`LockReport::lock`]). A lease
    /// still being renewed, or whose marked migration's process is alive on
    /// this host, is refused ([`Error::StillRunning`]): its run is alive
    /// (ARCHITECTURE.md, "Locking"). So are tables a newer stillhead wrote.
    pub fn release_lease(&self, conn: &mut dyn Connection) -> Result<Option<LeaseRow>> {
        let this = self.on(conn);
        let db = |e: crate::error::DbError| this.db_error(e, "removing the lease");
        let Some(lease) = conn.read_lease(&this.tables).map_err(db)? else {
            return Ok(None);
        };
        this.refuse_read_only_server(conn)?;
        this.refuse_newer_format(conn)?;
        const COMMAND: &str = "lock release --force";
        if lease.live {
            return Err(Error::StillRunning {
                revision: lease
                    .revision
                    .clone()
                    .unwrap_or_else(|| "a migration run".into()),
                holder: crate::dialect::lease::holder_of(&lease),
                command: COMMAND,
            });
        }
        let state = this.read_state(conn)?;
        let leased = |r: &&StateRow| lease.revision.as_ref().is_none_or(|id| *id == r.revision);
        this.refuse_live_marks(conn, state.in_progress().filter(leased), COMMAND)?;
        let removed = this.in_transaction(conn, |conn| {
            if !conn.remove_lease(&this.tables).map_err(db)? {
                return Ok(false);
            }
            let mut entry = LogEntry::done(
                lease.revision.as_deref().unwrap_or("-"),
                LogAction::ReleaseLock,
                None,
                &state::now(),
                &this.whoami,
            );
            entry.message = Some(format!(
                "removed the lease of {} (taken {}, {} {})",
                lease.holder,
                lease.acquired_at,
                if lease.live {
                    "renewed until"
                } else {
                    "lapsed at"
                },
                lease.expires_at
            ));
            conn.append_log(&this.tables, &entry).map_err(db)?;
            Ok(true)
        })?;
        Ok(removed.then_some(lease))
    }

    /// Records exactly `applied` as this database's applied set, where
    /// stillhead records nothing yet: what another tool's history table
    /// said (`adopt`). Each row is logged with `note` (where it came from).
    /// Returns the revisions recorded, in graph order; an identical record
    /// already there records nothing. Under the lock, in one transaction.
    pub fn record_adopted(
        &self,
        conn: &mut dyn Connection,
        applied: &BTreeSet<String>,
        note: &str,
    ) -> Result<Vec<String>> {
        let this = self.on(conn);
        let wanted = applied.clone();
        this.refuse_read_only_server(conn)?;
        conn.lock(this.lock_timeout)?;
        let result = this
            .ensure_tables(conn)
            .and_then(|()| this.record_adopted_locked(conn, &wanted, note));
        let _ = conn.unlock();
        result
    }

    /// Checks the graph (already validated when loaded) and, given a
    /// connection, that no applied migration was edited or is unknown.
    pub fn verify(&self, conn: Option<&mut dyn Connection>) -> Result<VerifyReport> {
        let mut issues = Vec::new();
        let mut checked = 0;
        if let Some(conn) = conn {
            let this = self.on(conn);
            let state = this.read_state(conn)?;
            checked = state.rows.len();
            for id in state.unknown(self.set) {
                issues.push(VerifyIssue {
                    detail: format!("{id} is recorded as applied but no migration file defines it"),
                    revision: id,
                    kind: "unknown".into(),
                });
            }
            for row in state.in_progress() {
                issues.push(VerifyIssue {
                    revision: row.revision.clone(),
                    kind: "in-progress".into(),
                    detail: state::in_progress_error(row).to_string(),
                });
            }
            for e in state.edited(self.set) {
                if let Error::Edited { revision, .. } = &e {
                    issues.push(VerifyIssue {
                        revision: revision.clone(),
                        kind: "edited".into(),
                        detail: e.to_string(),
                    });
                }
            }
        }
        Ok(VerifyReport {
            revisions: self.set.len(),
            applied_checked: checked,
            issues,
        })
    }

    /// Records the file's current checksum for an applied, edited migration
    /// (the edit was harmless). Logged as `accept`.
    pub fn accept(&self, conn: &mut dyn Connection, revision: &str) -> Result<()> {
        self.update_row(conn, revision, LogAction::Accept, |row, m| {
            if row.in_progress {
                return Err(state::in_progress_error(row));
            }
            Ok(Some(StateRow {
                checksum: Some(m.script.checksum.clone()),
                ..row.clone()
            }))
        })
    }

    /// Records what a person did by hand to a migration left in progress:
    /// `applied = true` marks it applied, `false` removes the mark.
    pub fn resolve(&self, conn: &mut dyn Connection, revision: &str, applied: bool) -> Result<()> {
        self.update_row(conn, revision, LogAction::Resolve, |row, _| {
            if !row.in_progress {
                return Err(Error::NotInProgress {
                    revision: row.revision.clone(),
                });
            }
            Ok(applied.then(|| StateRow {
                in_progress: false,
                failed_statement: None,
                ..row.clone()
            }))
        })
    }

    fn update_row(
        &self,
        conn: &mut dyn Connection,
        revision: &str,
        action: LogAction,
        change: impl FnOnce(&StateRow, &Migration) -> Result<Option<StateRow>>,
    ) -> Result<()> {
        let this = self.on(conn);
        let id = this.set.graph().resolve_id(revision)?.to_string();
        let m = this.set.get(&id).expect("resolved ids come from the set");
        // Under the migration lock: no run is changing the record meanwhile,
        // and the session of a run that died is gone (on MariaDB its last
        // statement may still be finishing server-side until then).
        this.refuse_read_only_server(conn)?;
        conn.lock(this.lock_timeout)?;
        let result = this
            .ensure_tables(conn)
            .and_then(|()| this.update_row_locked(conn, &id, m, action, change));
        let _ = conn.unlock();
        result
    }
}

impl Session<'_, '_> {
    fn record_adopted_locked(
        &self,
        conn: &mut dyn Connection,
        wanted: &BTreeSet<String>,
        note: &str,
    ) -> Result<Vec<String>> {
        self.in_transaction(conn, |conn| {
            let state = self.read_state(conn)?;
            let recorded: BTreeSet<String> =
                state.rows.iter().map(|r| r.revision.clone()).collect();
            if &recorded == wanted {
                return Ok(Vec::new());
            }
            if !recorded.is_empty() {
                return Err(Error::AlreadyRecorded {
                    database: self.database.clone(),
                    revisions: recorded.into_iter().collect(),
                });
            }
            let db = |e: crate::error::DbError| self.db_error(e, "writing the state table");
            let at = state::now();
            // Graph order: each revision after its parents.
            let order: Vec<String> = self
                .set
                .graph()
                .upgrade_plan_for(
                    &BTreeSet::new(),
                    &wanted.iter().cloned().collect::<Vec<_>>(),
                )?
                .into_iter()
                .filter(|id| wanted.contains(id))
                .collect();
            for id in &order {
                let m = self.set.get(id).expect("planned ids come from the set");
                conn.put_state(&self.tables, &self.applied_row(m, &at))
                    .map_err(db)?;
                let mut entry = LogEntry::done(
                    id,
                    LogAction::Adopt,
                    Some(&m.script.checksum),
                    &at,
                    &self.whoami,
                );
                entry.message = Some(note.to_string());
                conn.append_log(&self.tables, &entry).map_err(db)?;
            }
            Ok(order)
        })
    }

    /// Runs `work` in one transaction: committed when it succeeds, rolled
    /// back when it fails.
    fn in_transaction<T>(
        &self,
        conn: &mut dyn Connection,
        work: impl FnOnce(&mut dyn Connection) -> Result<T>,
    ) -> Result<T> {
        conn.begin()
            .map_err(|e| self.db_error(e, "starting a transaction"))?;
        match work(conn) {
            Ok(value) => {
                conn.commit().map_err(|e| self.db_error(e, "committing"))?;
                Ok(value)
            }
            Err(e) => {
                let _ = conn.rollback();
                Err(e)
            }
        }
    }

    fn stamp_locked(
        &self,
        conn: &mut dyn Connection,
        target: &str,
        purge: bool,
    ) -> Result<StampReport> {
        self.in_transaction(conn, |conn| self.stamp_in_tx(conn, target, purge))
    }

    fn stamp_in_tx(
        &self,
        conn: &mut dyn Connection,
        target: &str,
        purge: bool,
    ) -> Result<StampReport> {
        let state = self.read_state(conn)?;
        // Even `--purge`: a live run would record its migration afterwards.
        self.refuse_live_marks(conn, state.in_progress(), "stamp")?;
        let db = |e: crate::error::DbError| self.db_error(e, "writing the state table");
        let recorded: BTreeSet<String> = state.rows.iter().map(|r| r.revision.clone()).collect();
        let current = if purge {
            BTreeSet::new()
        } else {
            state.ensure_plannable(self.set)?;
            state.applied.clone()
        };
        let wanted = self.stamp_target(&current, target)?;
        // --purge forgets every row, so everything recorded is removed and
        // everything wanted is recorded afresh.
        let removed: Vec<String> = if purge {
            recorded.iter().cloned().collect()
        } else {
            recorded.difference(&wanted).cloned().collect()
        };
        let added: Vec<String> = wanted.difference(&current).cloned().collect();
        let now = state::now();
        for id in &removed {
            conn.delete_state(&self.tables, id).map_err(db)?;
        }
        for id in &added {
            let m = self.set.get(id).expect("planned ids come from the set");
            conn.put_state(&self.tables, &self.applied_row(m, &now))
                .map_err(db)?;
        }
        let note = format!("stamp {target}{}", if purge { " --purge" } else { "" });
        for (action, ids) in [(LogAction::Stamp, &added), (LogAction::Unstamp, &removed)] {
            for id in ids {
                let checksum = self.set.get(id).map(|m| m.script.checksum.as_str());
                let entry = LogEntry {
                    message: Some(note.clone()),
                    ..LogEntry::done(id, action.clone(), checksum, &now, &self.whoami)
                };
                conn.append_log(&self.tables, &entry).map_err(db)?;
            }
        }
        Ok(StampReport {
            database: self.database.clone(),
            added,
            removed,
            to: self.set.graph().current_heads(&wanted),
        })
    }

    fn update_row_locked(
        &self,
        conn: &mut dyn Connection,
        id: &str,
        m: &Migration,
        action: LogAction,
        change: impl FnOnce(&StateRow, &Migration) -> Result<Option<StateRow>>,
    ) -> Result<()> {
        let this = self;
        let id = id.to_string();
        this.in_transaction(conn, |conn| {
            let state = this.read_state(conn)?;
            let row = state.row(&id).ok_or_else(|| Error::NotRecorded {
                revision: id.clone(),
            })?;
            let command = match action {
                LogAction::Accept => "verify --accept",
                _ => "resolve",
            };
            this.refuse_live_marks(conn, std::iter::once(row), command)?;
            let db = |e: crate::error::DbError| this.db_error(e, "writing the state table");
            match change(row, m)? {
                Some(new_row) => conn.put_state(&this.tables, &new_row).map_err(db)?,
                None => conn.delete_state(&this.tables, &id).map_err(db)?,
            }
            let now = state::now();
            let checksum = Some(m.script.checksum.as_str());
            conn.append_log(
                &this.tables,
                &LogEntry::done(&id, action, checksum, &now, &this.whoami),
            )
            .map_err(db)
        })
    }
}
