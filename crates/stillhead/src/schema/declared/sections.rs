//! The parts of `schema.sql`: the portable part, which every database
//! reads, and `-- +schema dialect=NAME` parts, which add to it for one
//! database. A part ends at the next marker or at `-- +schema end`, after
//! which the portable part goes on. `-- +schema` alone also returns to it.

use crate::script::Dialect;

/// One part of the file: a run of lines with the dialect it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// `None`: the portable part.
    pub dialect: Option<Dialect>,
    /// The marker's dialect name when it is not one stillhead knows.
    pub unknown: Option<String>,
    /// 1-based line of the part's first line.
    pub first_line: usize,
    /// The part's text: its lines, joined.
    pub text: String,
}

/// The file's parts in file order. A file without markers is one portable part.
pub fn parts(text: &str) -> Vec<Part> {
    if !text.contains("+schema") {
        return vec![Part {
            dialect: None,
            unknown: None,
            first_line: 1,
            text: text.to_string(),
        }];
    }
    let mut out = Vec::new();
    let mut current = Part {
        dialect: None,
        unknown: None,
        first_line: 1,
        text: String::new(),
    };
    for (i, line) in text.lines().enumerate() {
        let Some(marker) = marker(line) else {
            current.text.push_str(line);
            current.text.push('\n');
            continue;
        };
        let (dialect, unknown) = match marker {
            "" | "end" => (None, None),
            rest => match rest.strip_prefix("dialect=").map(str::trim) {
                Some(name) => match name.parse::<Dialect>() {
                    Ok(d) => (Some(d), None),
                    Err(_) => (None, Some(name.to_string())),
                },
                None => (None, Some(rest.to_string())),
            },
        };
        let next = Part {
            dialect,
            unknown,
            first_line: i + 2,
            text: String::new(),
        };
        out.push(std::mem::replace(&mut current, next));
    }
    out.push(current);
    out.retain(|p| !p.text.trim().is_empty() || p.unknown.is_some());
    out
}

/// What follows `-- +schema` on a marker line (trimmed), if it is one.
fn marker(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("--")?.trim_start();
    let rest = rest.strip_prefix("+schema")?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then(|| rest.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_parts_end_at_the_next_marker_or_at_end() {
        let text = "CREATE TABLE a (id INT);\n-- +schema dialect=postgres\nCREATE TYPE m AS ENUM ('x');\n-- +schema end\nCREATE TABLE b (id INT);\n-- +schema dialect=sqlite\nCREATE TRIGGER t …;\n-- +schema dialect=mysql\nSET x = 1;\n-- +schema\nCREATE TABLE c (id INT);\n";
        let p = parts(text);
        let summary: Vec<(Option<Dialect>, usize, &str)> = p
            .iter()
            .map(|p| (p.dialect, p.first_line, p.text.trim()))
            .collect();
        assert_eq!(
            summary,
            [
                (None, 1, "CREATE TABLE a (id INT);"),
                (Some(Dialect::Postgres), 3, "CREATE TYPE m AS ENUM ('x');"),
                (None, 5, "CREATE TABLE b (id INT);"),
                (Some(Dialect::Sqlite), 7, "CREATE TRIGGER t …;"),
                (Some(Dialect::Mysql), 9, "SET x = 1;"),
                (None, 11, "CREATE TABLE c (id INT);"),
            ]
        );
    }

    #[test]
    fn unknown_markers_are_kept_to_be_reported() {
        let p =
            parts("-- +schema dialect=oracle\nCREATE TABLE x (id INT);\n-- +schemata is a word\n");
        assert_eq!(p[0].unknown.as_deref(), Some("oracle"));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].text.contains("+schemata"));
    }
}
