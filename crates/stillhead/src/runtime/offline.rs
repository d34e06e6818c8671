//! Offline SQL (`upgrade --sql`, `downgrade --sql`): the complete script an
//! online run would execute — state tables, each migration's statements,
//! the state changes and transaction boundaries — for a DBA to run with the
//! database's own client. No connection is made.

use crate::dialect::DialectBackend;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::report::Direction;
use super::set::Migration;
use super::state::{now, whoami};
use super::{Migrator, Session};
use crate::config::TransactionMode;
use crate::dialect::sql::{delete_state, insert_log, insert_state, set_in_progress};
use crate::dialect::{Backend, Dialect, LogEntry, StateRow};
use crate::error::{Error, Result};

/// What to render: a direction and a `FROM:TO` range (or just `TO`).
#[derive(Debug, Clone)]
pub struct OfflineRequest {
    /// Which way.
    pub direction: Direction,
    /// `TO` or `FROM:TO`; FROM is required for downgrades.
    pub range: String,
    /// The target dialect.
    pub dialect: Dialect,
    /// PostgreSQL schema to create and work in.
    pub schema: Option<String>,
}

impl Migrator<'_> {
    /// Renders the script for a request.
    pub fn offline_script(&self, req: &OfflineRequest) -> Result<String> {
        let graph = self.set.graph();
        let (from, to) = match req.range.split_once(':') {
            Some((f, t)) => (Some(f), t),
            None => (None, req.range.as_str()),
        };
        let from = match (from, req.direction) {
            (Some(f), _) => f,
            (None, Direction::Upgrade) => "base",
            (None, Direction::Downgrade) => {
                return Err(Error::Invalid(format!(
                    "downgrade --sql needs a range FROM:TO (e.g. head:{to}): without a database there is no current revision to start from"
                )))
            }
        };
        let applied: BTreeSet<String> = if from == "base" {
            BTreeSet::new()
        } else {
            graph
                .upgrade_plan(&BTreeSet::new(), from)?
                .into_iter()
                .collect()
        };
        let ids = match req.direction {
            Direction::Upgrade => graph.upgrade_plan(&applied, to)?,
            Direction::Downgrade => graph.downgrade_plan(&applied, to)?,
        };
        let this = self.on_database(req.dialect, "offline script");
        let plan: Vec<&Migration> = ids.iter().filter_map(|id| self.set.get(id)).collect();
        for m in &plan {
            if m.is_rust() {
                return Err(Error::RustMigrationOffline {
                    revision: m.script.id.clone(),
                });
            }
            this.section(m, req.direction)?
                .check_closed(&m.script.origin)?;
        }
        Ok(this.render(req, from, to, &plan))
    }
}

impl Session<'_, '_> {
    fn render(&self, req: &OfflineRequest, from: &str, to: &str, plan: &[&Migration]) -> String {
        let d = req.dialect;
        let backend = d.backend();
        let sql = backend.sql();
        let mut out = String::new();
        let stamp = now();
        let by = format!("offline script ({})", whoami());
        let _ = writeln!(
            out,
            "-- stillhead {}: {} {from} -> {to} for {d}, {} migration(s)\n-- Generated {stamp}. {}\n",
            env!("CARGO_PKG_VERSION"),
            req.direction.as_str(),
            plan.len(),
            backend.client_hint()
        );
        out.push_str(&backend.offline_preamble(req.schema.as_deref()));
        for ddl in crate::dialect::sql::state_tables(sql, &self.tables) {
            let _ = writeln!(out, "{ddl};");
        }
        let transactional_ddl = backend.capabilities().transactional_ddl;
        let mut open = false;
        for m in plan {
            let in_tx =
                transactional_ddl && m.script.transaction && self.mode != TransactionMode::None;
            if in_tx && !open {
                let _ = writeln!(out, "\n{};", sql.begin());
                open = true;
            }
            if !in_tx && open {
                out.push_str("\nCOMMIT;\n");
                open = false;
            }
            self.render_step(&mut out, backend, m, req.direction, in_tx, &stamp, &by);
            if in_tx && self.mode == TransactionMode::PerMigration {
                out.push_str("\nCOMMIT;\n");
                open = false;
            }
        }
        if open {
            out.push_str("\nCOMMIT;\n");
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn render_step(
        &self,
        out: &mut String,
        backend: &dyn Backend,
        m: &Migration,
        direction: Direction,
        in_tx: bool,
        stamp: &str,
        by: &str,
    ) {
        let s = &m.script;
        let _ = writeln!(
            out,
            "\n-- {} {}: {} ({})",
            direction.as_str(),
            s.id,
            s.message,
            s.origin
        );
        let row = StateRow::applied(&s.id, Some(&s.checksum), stamp, by);
        let row = if in_tx {
            row
        } else {
            row.marked_in_progress(None)
        };
        // Outside a transaction the revision is marked in progress first, as
        // an online run does, so a script that stops midway leaves the mark.
        let sql = backend.sql();
        if !in_tx {
            let mark = match direction {
                Direction::Upgrade => insert_state(sql, &self.tables, &row),
                Direction::Downgrade => set_in_progress(sql, &self.tables, &s.id, true),
            };
            let _ = writeln!(out, "{mark};");
        }
        let section = self
            .section(m, direction)
            .expect("checked before rendering");
        for stmt in section.statements() {
            let _ = writeln!(out, "{}", backend.offline_statement(&stmt.sql));
        }
        let state = match (direction, in_tx) {
            (Direction::Upgrade, true) => insert_state(sql, &self.tables, &row),
            (Direction::Upgrade, false) => set_in_progress(sql, &self.tables, &s.id, false),
            (Direction::Downgrade, _) => delete_state(sql, &self.tables, &s.id),
        };
        let log = LogEntry {
            message: Some("offline script".into()),
            ..LogEntry::done(&s.id, direction.into(), Some(&s.checksum), stamp, by)
        };
        let _ = writeln!(out, "{state};\n{};", insert_log(sql, &self.tables, &log));
    }
}
