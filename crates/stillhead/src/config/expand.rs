//! Where a configuration's values come from besides the file itself:
//! `${VAR}` and `${VAR:-default}` expanded from the environment (and
//! `./.env`), and `./.env` read.
//!
//! Neither leaves a value half-read nor shows one: a `${` that does not make
//! a variable is refused, naming the file, line and key, and a `.env` line
//! dotenvy cannot read is named by its number, never shown (it may hold a
//! password).

use std::collections::HashMap;
use std::path::Path;

use super::ConfigError;

/// What a `${…}` in a value cannot be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExpandError {
    /// A `${VAR}` with no value and no default.
    #[error("${{{name}}} is not set in the environment or ./.env (write ${{{name}:-default}} to give a default)")]
    Undefined {
        /// The variable's name.
        name: String,
    },
    /// A `${` with no `}` to close it.
    #[error("the `${{` at character {at} is not closed by a `}}`")]
    Unclosed {
        /// Where the `${` starts in the value, counted in characters from 1.
        at: usize,
    },
    /// A `${` followed by something other than a name and `}` or `:-`.
    #[error("the `${{` at character {at} is not ${{NAME}} or ${{NAME:-default}} (a NAME is letters, digits and _; write $$ for a $)")]
    NotAVariable {
        /// Where the `${` starts in the value, counted in characters from 1.
        at: usize,
    },
}

/// Expands `${VAR}` and `${VAR:-default}`, where a default may itself hold
/// `${…}` (`${A:-${B}}` is B's value when A is unset or empty); `$$` is a
/// literal `$`, and a `$` before anything else stays as it is. A default is
/// expanded only when it is used, but always read, so a malformed one is
/// refused either way.
pub fn expand_vars(
    input: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, ExpandError> {
    let mut reader = Expander {
        s: input,
        pos: 0,
        lookup,
    };
    reader.text(false, true)
}

struct Expander<'a> {
    s: &'a str,
    pos: usize,
    lookup: &'a dyn Fn(&str) -> Option<String>,
}

impl Expander<'_> {
    /// Text up to the end, or inside a default up to its closing `}`;
    /// with `eval` false it is only read.
    fn text(&mut self, nested: bool, eval: bool) -> Result<String, ExpandError> {
        let mut out = String::new();
        loop {
            let rest = &self.s[self.pos..];
            let Some(i) = rest.find(|c| c == '$' || (nested && c == '}')) else {
                out.push_str(rest);
                self.pos = self.s.len();
                return Ok(out);
            };
            out.push_str(&rest[..i]);
            let start = self.pos + i;
            let after = &rest[i + 1..];
            if rest[i..].starts_with('}') {
                self.pos = start + 1;
                return Ok(out);
            } else if after.starts_with('$') {
                out.push('$');
                self.pos = start + 2;
            } else if after.starts_with('{') {
                self.pos = start + 2;
                out.push_str(&self.variable(start, eval)?);
            } else {
                out.push('$');
                self.pos = start + 1;
            }
        }
    }

    /// After `${` (which began at `start`): a name, then `}` or `:-` and a
    /// default closed by `}`.
    fn variable(&mut self, start: usize, eval: bool) -> Result<String, ExpandError> {
        let at = self.s[..start].chars().count() + 1;
        let rest = &self.s[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..len];
        let named = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        self.pos += len;
        let rest = &self.s[self.pos..];
        if named && rest.starts_with('}') {
            self.pos += 1;
            if !eval {
                return Ok(String::new());
            }
            return (self.lookup)(name).ok_or_else(|| ExpandError::Undefined {
                name: name.to_string(),
            });
        }
        if named && rest.starts_with(":-") {
            self.pos += 2;
            let value = match eval {
                true => (self.lookup)(name).filter(|v| !v.is_empty()),
                false => None,
            };
            // Closed or not is known before the default is expanded, so an
            // unset variable inside an unclosed one is not what is named.
            if !self.closed_from(self.pos) {
                return Err(ExpandError::Unclosed { at });
            }
            let default = self.text(true, eval && value.is_none())?;
            return Ok(value.unwrap_or(default));
        }
        if self.closed_from(start + 2) {
            Err(ExpandError::NotAVariable { at })
        } else {
            Err(ExpandError::Unclosed { at })
        }
    }

    /// Whether a `}` closes what starts at `from`, counting nested `${`.
    fn closed_from(&self, from: usize) -> bool {
        let mut depth = 0usize;
        let mut chars = self.s[from..].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '$' if chars.peek() == Some(&'$') => {
                    chars.next();
                }
                '$' if chars.peek() == Some(&'{') => {
                    chars.next();
                    depth += 1;
                }
                '}' if depth == 0 => return true,
                '}' => depth -= 1,
                _ => {}
            }
        }
        false
    }
}

/// `./.env` as dotenvy reads it for `dotenvy::dotenv()` (a UTF-8 byte order
/// mark, which Windows editors write, is skipped); a line it cannot read is
/// an error naming the file, line and key, never showing the line.
pub(super) fn read_dotenv(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let fail = |message: String| ConfigError::DotEnv {
        path: path.to_path_buf(),
        message,
    };
    let text = super::read_utf8(path).map_err(|e| fail(e.to_string()))?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    dotenvy::from_read_iter(body.as_bytes())
        .map(|item| item.map_err(|e| fail(dotenv_error(body, &e))))
        .collect()
}

/// What is wrong with a `.env`, by line and key, without its text.
fn dotenv_error(body: &str, e: &dotenvy::Error) -> String {
    let dotenvy::Error::LineParse(line, index) = e else {
        return crate::dburl::redact_text(&e.to_string());
    };
    let key = line
        .split_once('=')
        .map(|(k, _)| k.trim().trim_start_matches("export ").trim())
        .filter(|k| super::is_plain_identifier(k));
    let what = match key {
        Some(key) => format!("the value of {key} cannot be read (a quote not closed, or a character that needs quoting)"),
        None => "not a KEY=value line (a KEY is letters, digits and _)".to_string(),
    };
    let what = format!("{what}; the line is not shown, as it may hold a password");
    let Some(offset) = body.find(line.as_str()) else {
        return what;
    };
    let (number, _) = super::line_col(body, offset);
    let first_line = line.split('\n').next().unwrap_or("");
    match *index < first_line.len() {
        true => {
            let column = first_line
                .char_indices()
                .take_while(|(i, _)| i < index)
                .count()
                + 1;
            format!("line {number}, column {column}: {what}")
        }
        false => format!("line {number}: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(input: &str, vars: &[(&str, &str)]) -> Result<String, ExpandError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        expand_vars(input, &|name| vars.get(name).cloned())
    }

    #[test]
    fn nested_defaults_expand_or_are_refused() {
        assert_eq!(expand("${A:-${B}}", &[("B", "b")]).unwrap(), "b");
        assert_eq!(expand("${A:-${B}}", &[("A", "a")]).unwrap(), "a");
        assert_eq!(expand("x${A:-${B:-c}/d}y", &[]).unwrap(), "xc/dy");
        assert_eq!(expand("${A:-}", &[]).unwrap(), "");
        assert_eq!(expand("$$${A}$x", &[("A", "a")]).unwrap(), "$a$x");
        // A default is not expanded when unused, but must be well formed.
        assert_eq!(expand("${A:-${B}}", &[("A", "a")]).unwrap(), "a");
        assert_eq!(
            expand("${A:-${B}}", &[]).unwrap_err(),
            ExpandError::Undefined { name: "B".into() }
        );
        assert_eq!(
            expand("${A:-${B}", &[("A", "a")]).unwrap_err(),
            ExpandError::Unclosed { at: 1 }
        );
        assert_eq!(
            expand("${A:-${B}", &[]).unwrap_err(),
            ExpandError::Unclosed { at: 1 }
        );
        assert_eq!(
            expand("pw${A", &[]).unwrap_err(),
            ExpandError::Unclosed { at: 3 }
        );
        assert_eq!(
            expand("${A B}", &[]).unwrap_err(),
            ExpandError::NotAVariable { at: 1 }
        );
        assert_eq!(
            expand("${A:=x}", &[]).unwrap_err(),
            ExpandError::NotAVariable { at: 1 }
        );
    }

    #[test]
    fn dotenv_errors_name_the_line_not_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        std::fs::write(
            &path,
            "# comment\nA=1\nDATABASE_URL='postgres://u:s3cret@h/db\n",
        )
        .unwrap();
        let err = read_dotenv(&path).unwrap_err().to_string();
        assert!(err.contains("line 3: the value of DATABASE_URL"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
        std::fs::write(&path, "A=1\n-B=postgres://u:s3cret@h/db\n").unwrap();
        let err = read_dotenv(&path).unwrap_err().to_string();
        assert!(
            err.contains("line 2, column 1: not a KEY=value line"),
            "{err}"
        );
        assert!(!err.contains("s3cret"), "{err}");
        // A byte order mark is skipped, as dotenvy's own loader does.
        std::fs::write(&path, "\u{feff}DATABASE_URL=sqlite://x.db\n").unwrap();
        let vars = read_dotenv(&path).unwrap();
        assert_eq!(vars["DATABASE_URL"], "sqlite://x.db");
    }
}
