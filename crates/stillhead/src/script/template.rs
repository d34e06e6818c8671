//! New migration files: ids, the template (built-in or
//! `migrations/template.sql`, rendered with minijinja), and writing.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{IdStyle, ScriptError};

/// Variables available to the template.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateContext {
    /// The new revision's id.
    pub id: String,
    /// Its parents.
    pub revises: Vec<String>,
    /// The message.
    pub message: String,
    /// Tags.
    pub tags: Vec<String>,
    /// `depends-on` revisions.
    pub depends_on: Vec<String>,
    /// Branch labels.
    pub branch_labels: Vec<String>,
    /// Creation time, RFC 3339 UTC.
    pub created: String,
    /// Whether the migration runs in a transaction (the built-in template
    /// writes `-- transaction: false` when not).
    pub transaction: bool,
    /// Upgrade SQL to use instead of the placeholder.
    pub upgrade_sql: Option<String>,
    /// Downgrade SQL to use instead of the placeholder.
    pub downgrade_sql: Option<String>,
    /// One part per database (`-- +upgrade dialect=…`), instead of the
    /// generic one, where autogenerate wrote SQL for several
    /// (`[migrations] dialects`).
    pub parts: Vec<TemplatePart>,
}

/// One database's part of a new migration.
#[derive(Debug, Clone, Serialize)]
pub struct TemplatePart {
    /// `sqlite`, `postgres` or `mysql`, as `dialect=` names it.
    pub dialect: String,
    /// Its upgrade SQL.
    pub upgrade_sql: String,
    /// Its downgrade SQL.
    pub downgrade_sql: String,
}

/// The built-in template.
pub const BUILTIN_TEMPLATE: &str = "\
-- revision: {{ id }}
-- revises: {{ revises | join(\", \") }}
-- message: {{ message }}
{% if tags %}-- tags: {{ tags | join(\", \") }}
{% endif %}{% if depends_on %}-- depends-on: {{ depends_on | join(\", \") }}
{% endif %}{% if branch_labels %}-- branch: {{ branch_labels | join(\", \") }}
{% endif %}{% if not transaction %}-- transaction: false
{% endif %}-- created: {{ created }}
{% for part in parts %}
-- +upgrade dialect={{ part.dialect }}
{{ part.upgrade_sql }}

-- +downgrade dialect={{ part.dialect }}
{{ part.downgrade_sql }}
{% else %}
-- +upgrade
{% if upgrade_sql %}{{ upgrade_sql }}{% else %}-- Write the schema change here, one statement per `;`.{% endif %}

-- +downgrade
{% if downgrade_sql %}{{ downgrade_sql }}{% else %}-- Undo the upgrade here. Delete this section to make the migration irreversible.{% endif %}
{% endfor %}";

/// Renders a new file from `template` (or the built-in one).
pub fn render_template(
    template: Option<&str>,
    ctx: &TemplateContext,
) -> Result<String, ScriptError> {
    let name = if template.is_some() {
        "migrations/template.sql"
    } else {
        "built-in template"
    };
    let mut env = minijinja::Environment::new();
    env.set_keep_trailing_newline(true);
    let fail = |e: minijinja::Error| ScriptError::Template {
        file: name.to_string(),
        line: e.line(),
        message: e.to_string(),
    };
    env.add_template(name, template.unwrap_or(BUILTIN_TEMPLATE))
        .map_err(fail)?;
    env.get_template(name)
        .map_err(fail)?
        .render(ctx)
        .map_err(fail)
}

/// A message as an id fragment: lowercase, non-alphanumerics as `_`, at most 40 characters.
pub fn slugify(message: &str) -> String {
    let mut out = String::new();
    for c in message.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    let cut: String = trimmed.chars().take(40).collect();
    cut.trim_end_matches('_').to_string()
}

/// The next id in a style, given the ids that exist.
pub fn next_id(
    style: IdStyle,
    existing: &[&str],
    message: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let slug = slugify(message);
    let with_slug = |prefix: String| {
        if slug.is_empty() {
            prefix
        } else {
            format!("{prefix}_{slug}")
        }
    };
    match style {
        IdStyle::Sequential => {
            let (max, width) = existing
                .iter()
                .filter_map(|id| {
                    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
                    digits.parse::<u64>().ok().map(|n| (n, digits.len()))
                })
                .fold((0, 3), |(m, w), (n, len)| (m.max(n), w.max(len)));
            with_slug(format!("{:0width$}", max + 1))
        }
        IdStyle::Hex => {
            let mut hasher = Sha256::new();
            hasher.update(now.timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
            hasher.update(message.as_bytes());
            hasher.update(std::process::id().to_le_bytes());
            hasher.update(existing.len().to_le_bytes());
            let digest = hasher.finalize();
            digest.iter().take(6).map(|b| format!("{b:02x}")).collect()
        }
        IdStyle::Timestamp => with_slug(now.format("%Y%m%d%H%M%S").to_string()),
    }
}

/// `content` with the header line `-- {line}` after its `-- revision:`
/// line (or first, where it has none: parsing it then says what is wrong),
/// for a project's own template that does not write it.
pub fn with_header_line(content: &str, line: &str) -> String {
    let mut out = String::new();
    let mut added = false;
    for l in content.lines() {
        out.push_str(l);
        out.push('\n');
        if !added && l.trim_start().starts_with("-- revision:") {
            out.push_str(&format!("-- {line}\n"));
            added = true;
        }
    }
    if added {
        out
    } else {
        format!("-- {line}\n{out}")
    }
}

/// Writes `{dir}/{id}.sql`, refusing to overwrite.
pub fn write_new(dir: &Path, id: &str, content: &str) -> Result<PathBuf, ScriptError> {
    use std::io::Write;
    let path = dir.join(format!("{id}.sql"));
    let io = |source| ScriptError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                ScriptError::Exists {
                    path: path.display().to_string(),
                }
            } else {
                io(e)
            }
        })?;
    file.write_all(content.as_bytes()).map_err(io)?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::super::Script;
    use super::*;

    fn ctx() -> TemplateContext {
        TemplateContext {
            id: "004_add_index".into(),
            revises: vec!["003_a".into(), "003_b".into()],
            message: "Add index".into(),
            tags: vec!["orders".into(), "perf".into()],
            depends_on: vec!["001_x".into()],
            branch_labels: vec![],
            created: "2026-11-24T10:00:00Z".into(),
            transaction: true,
            upgrade_sql: None,
            downgrade_sql: None,
            parts: Vec::new(),
        }
    }

    #[test]
    fn builtin_template_round_trips() {
        let text = render_template(None, &ctx()).unwrap();
        let s = Script::parse(&text, "new.sql").unwrap();
        assert_eq!(s.id, "004_add_index");
        assert_eq!(s.revises, ["003_a", "003_b"]);
        assert_eq!(s.tags, ["orders", "perf"]);
        assert_eq!(s.depends_on, ["001_x"]);
        assert_eq!(s.message, "Add index");
        assert!(s.is_reversible());
        let root = render_template(
            None,
            &TemplateContext {
                revises: vec![],
                tags: vec![],
                depends_on: vec![],
                ..ctx()
            },
        )
        .unwrap();
        let s = Script::parse(&root, "new.sql").unwrap();
        assert!(s.revises.is_empty() && s.tags.is_empty());
        assert!(
            s.transaction,
            "a migration runs in a transaction unless it says not"
        );
        let outside = TemplateContext {
            transaction: false,
            ..ctx()
        };
        let text = render_template(None, &outside).unwrap();
        assert!(!Script::parse(&text, "new.sql").unwrap().transaction);
        // A project's own template without the line gets it after `revision`.
        let own = render_template(Some("-- revision: {{ id }}\n-- +upgrade\n"), &outside).unwrap();
        let own = with_header_line(&own, "transaction: false");
        assert_eq!(
            own,
            "-- revision: 004_add_index\n-- transaction: false\n-- +upgrade\n"
        );
        assert!(!Script::parse(&own, "new.sql").unwrap().transaction);
        let with_sql = render_template(
            None,
            &TemplateContext {
                upgrade_sql: Some("CREATE TABLE t (id INT);".into()),
                ..ctx()
            },
        )
        .unwrap();
        assert_eq!(
            Script::parse(&with_sql, "x").unwrap().upgrade[0]
                .text
                .trim(),
            "CREATE TABLE t (id INT);"
        );
    }

    #[test]
    fn user_template_errors_name_the_line() {
        let e = render_template(Some("-- revision: {{ id }}\n{% if %}\n"), &ctx())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("migrations/template.sql:2: template error"),
            "{e}"
        );
        let ok = render_template(
            Some("-- revision: {{ id }}\n-- message: {{ message | upper }}\n-- +upgrade\n"),
            &ctx(),
        )
        .unwrap();
        assert_eq!(Script::parse(&ok, "x").unwrap().message, "ADD INDEX");
    }

    #[test]
    fn ids() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T10:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            next_id(
                IdStyle::Sequential,
                &["001_a", "007_b"],
                "Add user prefs!",
                now
            ),
            "008_add_user_prefs"
        );
        assert_eq!(next_id(IdStyle::Sequential, &[], "x", now), "001_x");
        assert_eq!(
            next_id(IdStyle::Sequential, &["0009_a"], "y", now),
            "0010_y"
        );
        assert_eq!(
            next_id(IdStyle::Timestamp, &[], "y", now),
            "20261124103000_y"
        );
        let hex = next_id(IdStyle::Hex, &[], "y", now);
        assert!(
            hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit()),
            "{hex}"
        );
        assert_eq!(slugify("  Hello, World -- again  "), "hello_world_again");
    }

    #[test]
    fn write_new_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        write_new(dir.path(), "001_a", "x").unwrap();
        let e = write_new(dir.path(), "001_a", "y").unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
    }
}
