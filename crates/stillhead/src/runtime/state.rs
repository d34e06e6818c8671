//! The database's recorded state as the runner sees it: the applied set,
//! in-progress marks, and the checks made before any plan is trusted
//! (unknown revisions, edited files).

use std::collections::BTreeSet;

use crate::dialect::StateRow;
use crate::error::{Error, Result};

use super::set::MigrationSet;

/// The state table read into the shape planning needs.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DbState {
    /// Every row, as stored.
    pub rows: Vec<StateRow>,
    /// Revisions fully applied (rows not marked in progress).
    pub applied: BTreeSet<String>,
}

impl DbState {
    /// Builds the applied set from the rows.
    pub fn from_rows(rows: Vec<StateRow>) -> DbState {
        let applied = rows
            .iter()
            .filter(|r| !r.in_progress)
            .map(|r| r.revision.clone())
            .collect();
        DbState { rows, applied }
    }

    /// The row for a revision.
    pub fn row(&self, revision: &str) -> Option<&StateRow> {
        self.rows.iter().find(|r| r.revision == revision)
    }

    /// Applied revisions that no migration defines, sorted.
    pub fn unknown(&self, set: &MigrationSet) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| set.get(&r.revision).is_none())
            .map(|r| r.revision.clone())
            .collect()
    }

    /// Rows marked in progress.
    pub fn in_progress(&self) -> impl Iterator<Item = &StateRow> {
        self.rows.iter().filter(|r| r.in_progress)
    }

    /// Refuses to plan on a state that cannot be trusted: revisions the files
    /// do not know, or a migration left in progress by an interrupted run.
    pub fn ensure_plannable(&self, set: &MigrationSet) -> Result<()> {
        let unknown = self.unknown(set);
        if !unknown.is_empty() {
            return Err(Error::UnknownApplied { revisions: unknown });
        }
        if let Some(row) = self.in_progress().next() {
            return Err(in_progress_error(row));
        }
        Ok(())
    }

    /// Refuses if an applied migration's file changed since it was applied.
    pub fn ensure_unedited(&self, set: &MigrationSet) -> Result<()> {
        match self.edited(set).into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every applied migration whose checksum differs from its file's, as errors.
    pub fn edited(&self, set: &MigrationSet) -> Vec<Error> {
        self.rows
            .iter()
            .filter(|r| !r.in_progress)
            .filter_map(|row| {
                let m = set.get(&row.revision)?;
                let recorded = row.checksum.as_ref()?;
                (recorded != &m.script.checksum).then(|| Error::Edited {
                    revision: row.revision.clone(),
                    file: m.script.origin.clone(),
                    recorded: recorded.clone(),
                    current: m.script.checksum.clone(),
                })
            })
            .collect()
    }
}

/// The error for a row left in progress.
pub fn in_progress_error(row: &StateRow) -> Error {
    Error::InProgress {
        revision: row.revision.clone(),
        statement: row.failed_statement,
        since: row.applied_at.clone(),
        owner: row.applied_by.clone(),
    }
}

pub use crate::dialect::{now, whoami};
