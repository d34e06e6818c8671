//! Offline SQL (`upgrade --sql`, `downgrade --sql`): the complete script an
//! online run would execute — state tables, each migration's statements,
//! the state changes and transaction boundaries — for a DBA to run with the
//! database's own client. No connection is made.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::report::Direction;
use super::set::Migration;
use super::state::{now, whoami};
use super::Migrator;
use crate::config::TransactionMode;
use crate::dialect::{statesql, Dialect, LogEntry, StateRow};
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
        let this = Migrator {
            dialect: req.dialect,
            ..self.clone()
        };
        let plan: Vec<&Migration> = ids.iter().filter_map(|id| self.set.get(id)).collect();
        for m in &plan {
            if m.is_rust() {
                return Err(Error::Invalid(format!(
                    "{} is a Rust migration: it cannot be rendered as SQL",
                    m.script.id
                )));
            }
            this.section(m, req.direction)?;
        }
        Ok(this.render(req, from, to, &plan))
    }

    fn render(&self, req: &OfflineRequest, from: &str, to: &str, plan: &[&Migration]) -> String {
        let d = req.dialect;
        let mut out = String::new();
        let stamp = now();
        let by = format!("offline script ({})", whoami());
        let _ = writeln!(
            out,
            "-- stillhead {}: {} {from} -> {to} for {d}, {} migration(s)\n-- Generated {stamp}. {}\n",
            env!("CARGO_PKG_VERSION"),
            req.direction.as_str(),
            plan.len(),
            match d {
                Dialect::Postgres => "Run with: psql -v ON_ERROR_STOP=1 -f FILE",
                Dialect::Mysql => "Run with: mariadb DATABASE < FILE (or mysql)",
                Dialect::Sqlite => "Run with: sqlite3 -bail DATABASE < FILE",
            }
        );
        match (d, &req.schema) {
            (Dialect::Sqlite, _) => {
                out.push_str("-- Foreign keys are off so table rebuilds work, as in an online run.\nPRAGMA foreign_keys = OFF;\n\n")
            }
            (Dialect::Postgres, Some(schema)) => {
                let q = statesql::quote(d, schema);
                let _ = writeln!(out, "CREATE SCHEMA IF NOT EXISTS {q};\nSET search_path TO {q};\n");
            }
            _ => {}
        }
        for sql in statesql::create_state_tables(d, &self.tables) {
            let _ = writeln!(out, "{sql};");
        }
        let transactional_ddl = d != Dialect::Mysql;
        let mut open = false;
        for m in plan {
            let in_tx =
                transactional_ddl && m.script.transaction && self.mode != TransactionMode::None;
            if in_tx && !open {
                let _ = writeln!(out, "\n{};", statesql::begin(d));
                open = true;
            }
            if !in_tx && open {
                out.push_str("\nCOMMIT;\n");
                open = false;
            }
            self.render_step(&mut out, d, m, req.direction, in_tx, &stamp, &by);
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
        d: Dialect,
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
        let row = StateRow {
            revision: s.id.clone(),
            checksum: Some(s.checksum.clone()),
            applied_at: stamp.to_string(),
            in_progress: !in_tx,
            failed_statement: None,
            applied_by: by.to_string(),
        };
        // Outside a transaction the revision is marked in progress first, as
        // an online run does, so a script that stops midway leaves the mark.
        if !in_tx {
            let mark = match direction {
                Direction::Upgrade => statesql::insert_state(d, &self.tables, &row),
                Direction::Downgrade => statesql::mark_state(d, &self.tables, &s.id),
            };
            let _ = writeln!(out, "{mark};");
        }
        let section = self
            .section(m, direction)
            .expect("checked before rendering");
        for stmt in section.statements() {
            if d == Dialect::Mysql && stmt.sql.contains(';') {
                // The mysql client splits on ';': a compound statement needs its own delimiter.
                let _ = writeln!(out, "DELIMITER $$\n{}$$\nDELIMITER ;", stmt.sql);
            } else {
                let _ = writeln!(out, "{};", stmt.sql);
            }
        }
        let state = match (direction, in_tx) {
            (Direction::Upgrade, true) => statesql::insert_state(d, &self.tables, &row),
            (Direction::Upgrade, false) => statesql::finish_state(d, &self.tables, &s.id),
            (Direction::Downgrade, _) => statesql::delete_state(d, &self.tables, &s.id),
        };
        let log = LogEntry {
            revision: s.id.clone(),
            action: direction.as_str().into(),
            outcome: "ok".into(),
            checksum: Some(s.checksum.clone()),
            started_at: stamp.to_string(),
            finished_at: stamp.to_string(),
            duration_ms: 0.0,
            applied_by: by.to_string(),
            message: Some("offline script".into()),
        };
        let _ = writeln!(
            out,
            "{state};\n{};",
            statesql::insert_log(d, &self.tables, &log)
        );
    }
}
