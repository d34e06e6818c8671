//! Writing new revision files: `revision` and `merge`.
//!
//! A new file is rendered from the template, parsed back and added to the
//! graph in memory before it is written, so a file that would break the
//! project is never created.

use std::path::PathBuf;

use super::Project;
use crate::error::{Error, Result};
use crate::runtime::MigrationSet;
use crate::script::{self, Script, TemplateContext};

/// What `stillhead revision` (or `merge`) asks for.
#[derive(Debug, Clone, Default)]
pub struct NewRevision {
    /// The message (`-m`).
    pub message: String,
    /// Tags (`--tag`, repeatable or comma-separated).
    pub tags: Vec<String>,
    /// An explicit id (`--rev-id`); otherwise one is made in the configured style.
    pub rev_id: Option<String>,
    /// Parent(s): `None` = the single current head; `Some(["base"])` = a new root.
    pub head: Option<Vec<String>>,
    /// Allow a parent that is not a head (start a new branch).
    pub splice: bool,
    /// `depends-on` revisions.
    pub depends_on: Vec<String>,
    /// Branch labels for the new revision.
    pub branch: Vec<String>,
    /// Upgrade SQL to put in the file instead of the placeholder (autogenerate).
    pub upgrade_sql: Option<String>,
    /// Downgrade SQL to put in the file instead of the placeholder.
    pub downgrade_sql: Option<String>,
    /// The migration runs outside a transaction (`-- transaction: false`).
    pub outside_transaction: bool,
    /// One part per database instead of the generic one (autogenerate
    /// with `[migrations] dialects`).
    pub parts: Vec<script::TemplatePart>,
}

/// A new revision's file, not yet written, and the migration set with it.
struct Prepared {
    id: String,
    content: String,
    set: MigrationSet,
}

impl Project {
    /// Writes a new revision file and returns its path.
    pub fn create_revision(&self, req: &NewRevision) -> Result<PathBuf> {
        let new = self.prepare_revision(&self.set, req)?;
        self.write_revision(&new)
    }

    /// Writes two new revision files, the second revising the first (an
    /// online-safe autogenerate: README, "Online-safe migrations"); both
    /// are checked against the graph before either is written. `second`'s
    /// `head` is the first's id, whatever it says.
    pub(crate) fn create_revision_pair(
        &self,
        first: &NewRevision,
        second: &NewRevision,
    ) -> Result<(PathBuf, PathBuf)> {
        let a = self.prepare_revision(&self.set, first)?;
        let b = self.prepare_revision(
            &a.set,
            &NewRevision {
                head: Some(vec![a.id.clone()]),
                rev_id: None,
                ..second.clone()
            },
        )?;
        Ok((self.write_revision(&a)?, self.write_revision(&b)?))
    }

    fn write_revision(&self, new: &Prepared) -> Result<PathBuf> {
        Ok(script::write_new(
            &self.config.migrations_dir,
            &new.id,
            &new.content,
        )?)
    }

    /// A new revision's file over the migrations of `set`, rendered, parsed
    /// back and added to the graph in memory, not yet written.
    fn prepare_revision(&self, set: &MigrationSet, req: &NewRevision) -> Result<Prepared> {
        let g = set.graph();
        let revises = match &req.head {
            None => match g.heads().as_slice() {
                [] => Vec::new(),
                [one] => vec![one.to_string()],
                many => {
                    return Err(Error::SeveralHeads {
                        heads: many.iter().map(|h| h.to_string()).collect(),
                    })
                }
            },
            Some(specs) if specs.iter().all(|s| s == "base") => Vec::new(),
            Some(specs) => {
                let mut out = Vec::new();
                for spec in specs {
                    let id = if spec == "head" {
                        match g.heads().as_slice() {
                            [one] => one.to_string(),
                            _ => g.resolve_id(spec)?.to_string(),
                        }
                    } else {
                        g.resolve_id(spec)?.to_string()
                    };
                    if !req.splice && !g.children(&id).is_empty() {
                        return Err(Error::NotAHead {
                            children: g.children(&id).iter().map(|c| c.to_string()).collect(),
                            revision: id,
                        });
                    }
                    out.push(id);
                }
                out
            }
        };
        let depends_on = req
            .depends_on
            .iter()
            .map(|d| g.resolve_id(d).map(String::from))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let existing: Vec<&str> = set.iter().map(|m| m.script.id.as_str()).collect();
        let now = chrono::Utc::now();
        let id = match &req.rev_id {
            Some(id) => id.clone(),
            None => script::next_id(self.config.id_style, &existing, &req.message, now),
        };
        if let Some(taken) = set.get(&id) {
            return Err(Error::RevisionIdTaken {
                file: taken.script.origin.clone(),
                id,
            });
        }
        let ctx = TemplateContext {
            id: id.clone(),
            revises,
            message: req.message.clone(),
            tags: req.tags.clone(),
            depends_on,
            branch_labels: req.branch.clone(),
            created: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            transaction: !req.outside_transaction,
            upgrade_sql: req.upgrade_sql.clone(),
            downgrade_sql: req.downgrade_sql.clone(),
            parts: req.parts.clone(),
        };
        let template_path = self.config.migrations_dir.join("template.sql");
        let template = if template_path.is_file() {
            Some(
                std::fs::read_to_string(&template_path).map_err(|source| Error::Io {
                    path: template_path.display().to_string(),
                    source,
                })?,
            )
        } else {
            None
        };
        let mut content = script::render_template(template.as_deref(), &ctx)?;
        let target = self.config.migrations_dir.join(format!("{id}.sql"));
        let origin = target.display().to_string();
        // Parse it back and check the graph before anything touches the disk.
        let mut parsed = Script::parse(&content, &origin)?;
        // A project's own template must write each database's part it was
        // given; one that does not would leave a database without its SQL.
        for part in &req.parts {
            let dialect = part.dialect.parse::<script::Dialect>().ok();
            let written = parsed
                .upgrade_for(dialect.unwrap_or_default())
                .is_some_and(|s| s.dialect == dialect && s.text.trim() == part.upgrade_sql.trim());
            if !written {
                return Err(script::ScriptError::Template {
                    file: template_path.display().to_string(),
                    line: None,
                    message: format!(
                        "it does not write the {} part autogenerate made (`[migrations] dialects`): \
                         add `{{% for part in parts %}}-- +upgrade dialect={{{{ part.dialect }}}}…{{% endfor %}}` \
                         as the built-in template does",
                        part.dialect
                    ),
                }
                .into());
            }
        }
        if parsed.transaction == req.outside_transaction {
            // A project's own template that has no `transaction` line.
            content = script::with_header_line(&content, "transaction: false");
            parsed = Script::parse(&content, &origin)?;
        }
        let mut scripts: Vec<Script> = set.iter().map(|m| m.script.clone()).collect();
        scripts.push(parsed);
        let set = MigrationSet::new(scripts)?;
        Ok(Prepared { id, content, set })
    }

    /// Writes a merge revision over `revs` (default: every head).
    pub fn create_merge(
        &self,
        message: &str,
        revs: &[String],
        rev_id: Option<String>,
    ) -> Result<PathBuf> {
        let g = self.set.graph();
        let parents: Vec<String> = if revs.is_empty() {
            g.heads().into_iter().map(String::from).collect()
        } else {
            revs.iter()
                .map(|r| g.resolve_id(r).map(String::from))
                .collect::<std::result::Result<_, _>>()?
        };
        if parents.len() < 2 {
            return Err(Error::Invalid(format!(
                "nothing to merge: {} ({}); a merge needs at least two revisions",
                if revs.is_empty() {
                    "there is only one head"
                } else {
                    "only one revision given"
                },
                parents.join(", ")
            )));
        }
        self.create_revision(&NewRevision {
            message: message.to_string(),
            rev_id,
            head: Some(parents),
            splice: true,
            upgrade_sql: Some("-- merge point: nothing to do".into()),
            downgrade_sql: Some("-- merge point: nothing to do".into()),
            ..NewRevision::default()
        })
    }
}
