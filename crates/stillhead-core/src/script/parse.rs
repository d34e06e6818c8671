//! The file parser: header lines, then sections.

use super::{checksum_of, Dialect, Script, ScriptError, Section, KNOWN_KEYS};

/// Which part a section marker opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Direction {
    Up,
    Down,
}

struct OpenSection<'a> {
    direction: Direction,
    dialect: Option<Dialect>,
    marker_line: usize,
    marker: &'a str,
    // Borrowed from the source: a file is parsed on every start-up, and a
    // copy per line was most of the parser's cost.
    lines: Vec<&'a str>,
}

/// Header values by key, borrowed from the source, with their lines. There
/// are few known keys: a slot per key is cheaper than hashing, and this runs
/// for every file on every start-up.
#[derive(Default)]
struct Headers<'a>([Option<(usize, &'a str)>; KNOWN_KEYS.len()]);

impl<'a> Headers<'a> {
    fn slot(key: &str) -> Option<usize> {
        KNOWN_KEYS.iter().position(|k| *k == key)
    }

    fn get(&self, key: &str) -> Option<(usize, &'a str)> {
        Self::slot(key).and_then(|i| self.0[i])
    }
}

/// What a `--` line is.
enum Marker {
    Section(Direction, Option<Dialect>),
    Other(String),
}

pub(super) fn parse(source: &str, origin: &str) -> Result<Script, ScriptError> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let file = || origin.to_string();
    let mut headers = Headers::default();
    let mut sections: Vec<OpenSection> = Vec::new();

    for (i, raw) in source.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim();
        if let Some(marker) = section_marker(trimmed, origin, line_no)? {
            match marker {
                Marker::Section(direction, dialect) => {
                    sections.push(OpenSection {
                        direction,
                        dialect,
                        marker_line: line_no,
                        marker: trimmed,
                        lines: Vec::new(),
                    });
                    continue;
                }
                Marker::Other(m) if sections.is_empty() => {
                    return Err(ScriptError::UnknownMarker {
                        file: file(),
                        line: line_no,
                        marker: m,
                    })
                }
                // Inside a section, `-- +statement-begin` and friends belong to the splitter.
                Marker::Other(_) => {}
            }
        }
        if let Some(open) = sections.last_mut() {
            open.lines.push(line);
            continue;
        }
        // Header.
        if trimmed.is_empty() {
            continue;
        }
        let Some(comment) = trimmed.strip_prefix("--") else {
            return Err(ScriptError::SqlBeforeSection {
                file: file(),
                line: line_no,
            });
        };
        let Some((key, value)) = header_pair(comment) else {
            continue; // a plain comment
        };
        let Some(slot) = Headers::slot(key) else {
            return Err(ScriptError::UnknownKey {
                file: file(),
                line: line_no,
                key: key.to_string(),
                known: KNOWN_KEYS.join(", "),
            });
        };
        if let Some((first, _)) = headers.0[slot] {
            return Err(ScriptError::DuplicateKey {
                file: file(),
                line: line_no,
                first,
                key: key.to_string(),
            });
        }
        headers.0[slot] = Some((line_no, value));
    }

    let (id_line, id) = headers
        .get("revision")
        .filter(|(_, v)| !v.is_empty())
        .ok_or_else(|| ScriptError::MissingRevision { file: file() })?;
    check_id(id, "revision", id_line, origin)?;
    let list = |key: &str| -> Result<Vec<String>, ScriptError> {
        let Some((line, value)) = headers.get(key) else {
            return Ok(Vec::new());
        };
        let items = split_list(value);
        for item in &items {
            if key != "tags" {
                check_id(item, key, line, origin)?;
            }
        }
        Ok(items)
    };
    let transaction = match headers.get("transaction") {
        None => true,
        Some((line, v)) => match v.to_ascii_lowercase().as_str() {
            "true" | "yes" => true,
            "false" | "no" => false,
            _ => {
                return Err(ScriptError::BadValue {
                    file: file(),
                    line,
                    key: "transaction".into(),
                    value: v.to_string(),
                    expected: "true or false".into(),
                })
            }
        },
    };

    let (upgrade, downgrade) = collect_sections(sections, origin)?;
    let checksum = checksum_of(&upgrade_text(&upgrade));
    Ok(Script {
        id: id.to_string(),
        revises: list("revises")?,
        message: headers
            .get("message")
            .map(|(_, v)| v.to_string())
            .unwrap_or_default(),
        tags: list("tags")?,
        depends_on: list("depends-on")?,
        branch_labels: list("branch")?,
        created: headers
            .get("created")
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty()),
        transaction,
        upgrade,
        downgrade,
        checksum,
        origin: origin.to_string(),
    })
}

/// The text the checksum covers: every upgrade section with its marker.
fn upgrade_text(upgrade: &[Section]) -> String {
    let mut text = String::new();
    for s in upgrade {
        match s.dialect {
            Some(d) => text.push_str(&format!("-- +upgrade dialect={d}\n")),
            None => text.push_str("-- +upgrade\n"),
        }
        text.push_str(s.text.trim_end());
        text.push('\n');
    }
    text
}

fn collect_sections(
    sections: Vec<OpenSection<'_>>,
    origin: &str,
) -> Result<(Vec<Section>, Option<Vec<Section>>), ScriptError> {
    // A file has a handful of sections: a list is all the lookup needed.
    let mut seen: Vec<((Direction, Option<Dialect>), usize)> = Vec::new();
    let mut up = Vec::new();
    let mut down = Vec::new();
    for s in sections {
        let key = (s.direction, s.dialect);
        if let Some(&(_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(ScriptError::DuplicateSection {
                file: origin.to_string(),
                line: s.marker_line,
                first,
                marker: s.marker.to_string(),
            });
        }
        seen.push((key, s.marker_line));
        let section = Section {
            dialect: s.dialect,
            text: s.lines.join("\n"),
            first_line: s.marker_line + 1,
        };
        match s.direction {
            Direction::Up => up.push(section),
            Direction::Down => down.push(section),
        }
    }
    if up.is_empty() {
        return Err(ScriptError::NoUpgrade {
            file: origin.to_string(),
        });
    }
    Ok((up, (!down.is_empty()).then_some(down)))
}

/// Recognises `-- +upgrade [dialect=X]`, `-- +downgrade [dialect=X]`, or any other `-- +word`.
fn section_marker(trimmed: &str, origin: &str, line: usize) -> Result<Option<Marker>, ScriptError> {
    let Some(rest) = trimmed.strip_prefix("--") else {
        return Ok(None);
    };
    let Some(rest) = rest.trim_start().strip_prefix('+') else {
        return Ok(None);
    };
    let mut words = rest.split_whitespace();
    let direction = match words.next().map(str::to_ascii_lowercase).as_deref() {
        Some("upgrade") => Direction::Up,
        Some("downgrade") => Direction::Down,
        _ => return Ok(Some(Marker::Other(trimmed.to_string()))),
    };
    let mut dialect = None;
    for word in words {
        let bad = |value: &str, expected: &str| ScriptError::BadValue {
            file: origin.to_string(),
            line,
            key: "section".into(),
            value: value.to_string(),
            expected: expected.to_string(),
        };
        let Some(name) = word.strip_prefix("dialect=") else {
            return Err(bad(
                word,
                "dialect=sqlite, dialect=postgres or dialect=mysql",
            ));
        };
        dialect = Some(name.parse().map_err(|_: super::UnknownDialect| {
            bad(name, "a dialect of sqlite, postgres or mysql")
        })?);
    }
    Ok(Some(Marker::Section(direction, dialect)))
}

/// `key: value` where key is lowercase letters and dashes; else `None` (a comment).
fn header_pair(comment: &str) -> Option<(&str, &str)> {
    let (key, value) = comment.trim().split_once(':')?;
    let key_ok = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_');
    key_ok.then(|| (key, value.trim()))
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Ids are letters, digits, `_`, `-` and `.`, so they are safe in file names,
/// targets (`REV+1`) and messages.
fn check_id(id: &str, key: &str, line: usize, origin: &str) -> Result<(), ScriptError> {
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !id.starts_with(['-', '+', '.']);
    if ok {
        Ok(())
    } else {
        Err(ScriptError::BadValue {
            file: origin.to_string(),
            line,
            key: key.to_string(),
            value: id.to_string(),
            expected: "an id of letters, digits, '_', '-' and '.'".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    const GOOD: &str = "-- revision: 003_member_fields\n-- revises: 002_categories\n-- message: Member dob\n-- tags: members, categories\n-- created: 2026-11-24T10:00:00Z\n-- A plain comment.\n\n-- +upgrade\nALTER TABLE members ADD COLUMN dob DATE;\n\n-- +downgrade\nALTER TABLE members DROP COLUMN dob;\n";

    fn err(text: &str) -> String {
        Script::parse(text, "m/x.sql").unwrap_err().to_string()
    }

    #[test]
    fn parses_the_design_example() {
        let s = Script::parse(GOOD, "m/003.sql").unwrap();
        assert_eq!(s.id, "003_member_fields");
        assert_eq!(s.revises, ["002_categories"]);
        assert_eq!(s.tags, ["members", "categories"]);
        assert_eq!(s.created.as_deref(), Some("2026-11-24T10:00:00Z"));
        assert!(s.transaction && s.is_reversible());
        let up = s.upgrade_for(Dialect::Sqlite).unwrap().statements();
        assert_eq!(up.len(), 1);
        assert_eq!(up[0].line, 9);
        assert_eq!(
            s.downgrade_for(Dialect::Postgres).unwrap().statements()[0].line,
            12
        );
    }

    #[test]
    fn header_errors_name_file_and_line() {
        assert!(err("-- revision: a\n-- tag: x\n-- +upgrade\n")
            .starts_with("m/x.sql:2: unknown header key \"tag\""));
        assert!(err("-- revision: a\n-- revision: b\n-- +upgrade\n")
            .contains("m/x.sql:2: header key \"revision\" given again (first on line 1)"));
        assert!(err("-- message: x\n-- +upgrade\nSELECT 1;\n")
            .contains("m/x.sql: the header has no `-- revision: ID`"));
        assert!(err("-- revision: a b\n-- +upgrade\n")
            .contains("m/x.sql:1: revision: \"a b\" is not valid"));
        assert!(err("-- revision: a\n-- transaction: maybe\n-- +upgrade\n")
            .contains("m/x.sql:2: transaction: \"maybe\""));
        assert!(
            err("-- revision: a\nCREATE TABLE t (id int);\n-- +upgrade\n")
                .contains("m/x.sql:2: SQL before `-- +upgrade`")
        );
        assert!(err("-- revision: a\n-- +upgrad\n").contains("m/x.sql:2: unknown marker"));
        assert!(err("-- revision: a\n").contains("no `-- +upgrade` section"));
        assert!(err("-- revision: a\n-- +upgrade\n-- +upgrade\n")
            .contains("m/x.sql:3: a second `-- +upgrade` section (the first is on line 2)"));
        assert!(err("-- revision: a\n-- +upgrade dialect=oracle\n")
            .contains("\"oracle\" is not valid; expected a dialect of sqlite, postgres or mysql"));
    }

    #[test]
    fn irreversible_versus_empty_downgrade() {
        let irreversible = Script::parse("-- revision: a\n-- +upgrade\nSELECT 1;\n", "f").unwrap();
        assert!(!irreversible.is_reversible());
        assert!(irreversible.downgrade_for(Dialect::Sqlite).is_none());
        let noop = Script::parse(
            "-- revision: a\n-- +upgrade\nSELECT 1;\n-- +downgrade\n-- nothing\n",
            "f",
        )
        .unwrap();
        assert!(noop.is_reversible());
        assert!(noop
            .downgrade_for(Dialect::Sqlite)
            .unwrap()
            .statements()
            .is_empty());
    }

    #[test]
    fn dialect_variants() {
        let s = Script::parse("-- revision: a\n-- +upgrade\nSELECT 1;\n-- +upgrade dialect=postgres\nSELECT 2;\n-- +downgrade dialect=mysql\nSELECT 3;\n", "f").unwrap();
        assert_eq!(
            s.upgrade_for(Dialect::Postgres).unwrap().text.trim(),
            "SELECT 2;"
        );
        assert_eq!(
            s.upgrade_for(Dialect::Sqlite).unwrap().text.trim(),
            "SELECT 1;"
        );
        assert!(s.downgrade_for(Dialect::Sqlite).is_none());
        assert!(s.downgrade_for(Dialect::Mysql).is_some());
    }

    #[test]
    fn bom_crlf_and_checksums() {
        let base = Script::parse(GOOD, "f").unwrap();
        let crlf = Script::parse(&format!("\u{feff}{}", GOOD.replace('\n', "\r\n")), "f").unwrap();
        assert_eq!(crlf.id, base.id);
        assert_eq!(crlf.checksum, base.checksum);
        let header_edit = GOOD.replace("Member dob", "Member date of birth");
        assert_eq!(
            Script::parse(&header_edit, "f").unwrap().checksum,
            base.checksum
        );
        let down_edit = GOOD.replace("DROP COLUMN dob;", "DROP COLUMN dob; -- undo");
        assert_eq!(
            Script::parse(&down_edit, "f").unwrap().checksum,
            base.checksum
        );
        let up_edit = GOOD.replace("dob DATE", "dob TEXT");
        assert_ne!(
            Script::parse(&up_edit, "f").unwrap().checksum,
            base.checksum
        );
        assert_eq!(base.checksum.len(), 64);
    }

    #[test]
    fn a_part_the_importer_could_not_produce_is_refused() {
        let file = |up: &str, down: &str| {
            format!("-- revision: r\n\n-- TODO: upgrade: a user's note\n\n-- +upgrade\n{up}\n\n-- +downgrade\n{down}\n")
        };
        let check = |text: &str, down: bool| {
            let script = Script::parse(text, "r.sql").unwrap();
            let section = match down {
                false => &script.upgrade[0],
                true => &script.downgrade.as_ref().unwrap()[0],
            };
            section.check_closed("r.sql").map_err(|e| e.to_string())
        };
        // The importer's line, today's and an older importer's.
        let e = check(
            &file(
                "SELECT 1;\n-- stillhead-import: TODO it calls op.get_bind()",
                "SELECT 1;",
            ),
            false,
        )
        .unwrap_err();
        assert!(
            e.starts_with("r.sql:7: `-- stillhead-import: TODO it calls op.get_bind()`: `stillhead import` could not produce"),
            "{e}"
        );
        let e = check(
            &file("SELECT 1;", "-- Not produced offline: CommandError: x"),
            true,
        )
        .unwrap_err();
        assert!(
            e.starts_with("r.sql:9: `-- Not produced offline: CommandError: x`"),
            "{e}"
        );
        // A user's own TODO comments are theirs: not refused.
        check(
            &file("-- TODO: index this later\nSELECT 1;", "SELECT 1;"),
            false,
        )
        .unwrap();
    }

    #[test]
    fn load_dir_sorts_and_skips_template() {
        let dir = tempfile::tempdir().unwrap();
        for (name, id) in [
            ("002_b.sql", "b"),
            ("001_a.sql", "a"),
            ("template.sql", "t"),
        ] {
            std::fs::write(
                dir.path().join(name),
                format!("-- revision: {id}\n-- +upgrade\n"),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        // Hidden files are never read: an editor's lock, macOS metadata,
        // a hidden copy (each would fail to parse, or repeat an id).
        for name in [".#001_a.sql", "._001_a.sql", ".001_a.sql"] {
            std::fs::write(dir.path().join(name), "\0junk").unwrap();
        }
        // Not read either (with a warning): another case, a subfolder.
        std::fs::write(dir.path().join("003_c.SQL"), "junk").unwrap();
        std::fs::create_dir(dir.path().join("old")).unwrap();
        std::fs::write(dir.path().join("old/004_d.sql"), "junk").unwrap();
        let ids: Vec<String> = load_dir(dir.path())
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
        let missing = load_dir(&dir.path().join("nope")).unwrap_err().to_string();
        assert!(missing.contains("nope"), "{missing}");
    }
}
