//! One migration, several databases (README "Several databases"): with
//! `[migrations] dialects`, autogenerate writes a part for each database
//! the project runs on, each computed on a database of that kind —
//! `schema.sql` read there (translated from portable SQL as for any
//! database of that kind) and the migration chain replayed there — so each
//! part turns that database into the declared schema, instead of one
//! database's SQL run where it does not fit (a foreign key SQLite takes and
//! MariaDB refuses with errno 150). SQLite's is computed in memory; a
//! server's on the scratch server `[autogenerate] scratch_urls` names.

use super::Project;
use crate::autogen::{rename::Rename, Rendered};
use crate::config::UrlSource;
use crate::dburl::DatabaseUrl;
use crate::error::{Error, Result};
use crate::script::{Dialect, TemplatePart};

impl Project {
    /// The migration each other database of `[migrations] dialects` needs
    /// (`live`, the configured database's, is autogenerate's own), in the
    /// order listed; none when the setting lists no other.
    pub(super) fn other_dialects(
        &self,
        live: Dialect,
        renames: &[Rename],
    ) -> Result<Vec<(Dialect, Rendered)>> {
        let listed = &self.config.dialects;
        if listed.is_empty() {
            return Ok(Vec::new());
        }
        if !listed.contains(&live) {
            return Err(Error::DialectNotListed {
                dialect: live,
                listed: listed
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        listed
            .iter()
            .filter(|d| **d != live)
            .map(|&d| {
                let there = self.on_dialect(d)?;
                let (before, declared, _) = there.sides_to_render(true, renames)?;
                Ok((d, crate::autogen::generate(&before, &declared, d, renames)?))
            })
            .collect()
    }

    /// This project on a scratch database of `dialect`: SQLite's in
    /// memory, a server's on its `[autogenerate] scratch_urls` entry, which
    /// stands in for the configured database (its settings are copied,
    /// nothing is written to it). One migration, not an online pair.
    fn on_dialect(&self, dialect: Dialect) -> Result<Project> {
        let url = match dialect {
            Dialect::Sqlite => DatabaseUrl::parse("sqlite::memory:")?,
            _ => self
                .config
                .dialect_scratch_urls
                .iter()
                .find(|u| u.dialect() == dialect)
                .cloned()
                .ok_or(Error::NoScratchForDialect {
                    dialect,
                    example: match dialect {
                        Dialect::Postgres => "postgres://user@host:5432/postgres",
                        _ => "mysql://user@host:3306/test",
                    },
                })?,
        };
        let mut config = self.config.clone();
        config.url = Some((url, UrlSource::ConfigFile));
        config.scratch_url = None;
        config.schema = None;
        config.dialects = Vec::new();
        config.autogenerate_online = false;
        // The files' migrations (a project autogenerate reads is made of
        // files; Rust ones are a library's, which has no schema.sql).
        let scripts = self.set.iter().map(|m| m.script.clone()).collect();
        Ok(Project {
            config,
            set: crate::runtime::MigrationSet::new(scripts)?,
        })
    }
}

/// The parts of a new migration: `live`'s SQL and each other's, in the
/// order `[migrations] dialects` lists them.
pub(super) fn parts(
    listed: &[Dialect],
    live: (Dialect, &str, &str),
    others: &[(Dialect, Rendered)],
) -> Vec<TemplatePart> {
    listed
        .iter()
        .map(|&d| {
            let (up, down) = if d == live.0 {
                (live.1, live.2)
            } else {
                others
                    .iter()
                    .find(|(o, _)| *o == d)
                    .map(|(_, r)| (r.upgrade.as_str(), r.downgrade.as_str()))
                    .unwrap_or_default()
            };
            part(d, up, down)
        })
        .collect()
}

/// The parts of the second, online migration PostgreSQL's autogenerate
/// may write (README "Online-safe migrations"): its SQL for `live`, and for
/// each other database a comment saying there is nothing (every part must
/// be there: a migration without one for a database refuses to run on it).
/// None where `[migrations] dialects` lists no other database.
pub(super) fn online_parts(
    listed: &[Dialect],
    live: Dialect,
    (up, down): (&str, &str),
) -> Vec<TemplatePart> {
    if listed.iter().all(|d| *d == live) {
        return Vec::new();
    }
    listed
        .iter()
        .map(|&d| {
            if d == live {
                part(d, up, down)
            } else {
                let nothing = format!("-- nothing on {d}: this is {live}'s online part");
                part(d, &nothing, &nothing)
            }
        })
        .collect()
}

/// Where `[migrations] dialects` is not set but the migrations have parts
/// for other databases than `live`: the new migration's one part is
/// `live`'s SQL, which they would run too (the guide's
/// `add_user_preferences`, written on SQLite, fails on MariaDB with errno
/// 150): said, with the setting that writes a part for each.
pub(super) fn unlisted_dialects_warning(
    listed: &[Dialect],
    live: Dialect,
    set: &crate::runtime::MigrationSet,
) -> Option<String> {
    if !listed.is_empty() {
        return None;
    }
    let mut others: Vec<Dialect> = set
        .iter()
        .flat_map(|m| m.script.upgrade.iter().filter_map(|s| s.dialect))
        .filter(|d| *d != live)
        .collect();
    others.sort_by_key(|d| d.to_string());
    others.dedup();
    if others.is_empty() {
        return None;
    }
    let names: Vec<String> = others.iter().map(ToString::to_string).collect();
    Some(format!(
        "the migrations also have parts for {}; this one is {live}'s SQL alone, in the part every database runs: list them in [migrations] dialects (with [autogenerate] scratch_urls for a server) to write a part for each",
        names.join(" and ")
    ))
}

/// One database's part; an empty side says so (a part must hold a line).
fn part(d: Dialect, up: &str, down: &str) -> TemplatePart {
    let said = |sql: &str| {
        let sql = sql.trim_end();
        if sql.trim().is_empty() {
            format!("-- no changes on {d}")
        } else {
            sql.to_string()
        }
    };
    TemplatePart {
        dialect: d.to_string(),
        upgrade_sql: said(up),
        downgrade_sql: said(down),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(up: &str) -> Rendered {
        Rendered {
            upgrade: up.into(),
            downgrade: format!("-- undo {up}"),
            changes: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn each_listed_database_gets_its_own_part_in_order() {
        let listed = [Dialect::Mysql, Dialect::Sqlite];
        let others = [(Dialect::Mysql, rendered("CREATE TABLE m (id INT);\n"))];
        let made = parts(
            &listed,
            (Dialect::Sqlite, "CREATE TABLE s (id INTEGER);", ""),
            &others,
        );
        let said: Vec<(&str, &str, &str)> = made
            .iter()
            .map(|p| {
                (
                    p.dialect.as_str(),
                    p.upgrade_sql.as_str(),
                    p.downgrade_sql.as_str(),
                )
            })
            .collect();
        assert_eq!(
            said,
            [
                (
                    "mysql",
                    "CREATE TABLE m (id INT);",
                    "-- undo CREATE TABLE m (id INT);"
                ),
                (
                    "sqlite",
                    "CREATE TABLE s (id INTEGER);",
                    "-- no changes on sqlite"
                ),
            ]
        );
    }

    #[test]
    fn the_online_part_is_the_live_databases_alone() {
        let listed = [Dialect::Postgres, Dialect::Sqlite];
        let made = online_parts(
            &listed,
            Dialect::Postgres,
            ("CREATE INDEX CONCURRENTLY i ON t (a);", "DROP INDEX i;"),
        );
        assert_eq!(made[0].upgrade_sql, "CREATE INDEX CONCURRENTLY i ON t (a);");
        assert_eq!(
            made[1].upgrade_sql,
            "-- nothing on sqlite: this is postgres's online part"
        );
        assert!(online_parts(&[Dialect::Postgres], Dialect::Postgres, ("x", "y")).is_empty());
    }
}
