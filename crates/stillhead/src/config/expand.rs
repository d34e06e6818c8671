//! Where a configuration's values come from besides the file itself:
//! `${VAR}` and `${VAR:-default}` expanded from the environment (and
//! `./.env`), and `./.env` read.

use std::collections::HashMap;
use std::path::Path;

use super::ConfigError;

pub(super) fn expand_value(
    value: &mut toml::Value,
    path: &Path,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<(), ConfigError> {
    match value {
        toml::Value::String(s) => {
            *s = expand_vars(s, lookup).map_err(|undefined| ConfigError::UndefinedVariable {
                path: path.to_path_buf(),
                var: undefined.name,
            })?;
        }
        toml::Value::Table(t) => {
            for (_, v) in t.iter_mut() {
                expand_value(v, path, lookup)?;
            }
        }
        toml::Value::Array(a) => {
            for v in a {
                expand_value(v, path, lookup)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A `${VAR}` with no value and no default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("${{{name}}} is not set")]
pub struct UndefinedVariable {
    /// The variable's name.
    pub name: String,
}

/// Expands `${VAR}` and `${VAR:-default}`; `$$` is a literal `$`.
/// The error names the first undefined variable.
pub fn expand_vars(
    input: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<String, UndefinedVariable> {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('{') {
            let Some(end) = body.find('}') else {
                out.push('$');
                rest = after;
                continue;
            };
            let expr = &body[..end];
            let (name, default) = match expr.split_once(":-") {
                Some((n, d)) => (n, Some(d)),
                None => (expr, None),
            };
            match lookup(name).filter(|v| !v.is_empty() || default.is_none()) {
                Some(v) => out.push_str(&v),
                None => match default {
                    Some(d) => out.push_str(d),
                    None => {
                        return Err(UndefinedVariable {
                            name: name.to_string(),
                        })
                    }
                },
            }
            rest = &body[end + 1..];
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    Ok(out)
}

pub(super) fn read_dotenv(path: &Path) -> Result<HashMap<String, String>, ConfigError> {
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let iter = dotenvy::from_path_iter(path).map_err(|e| ConfigError::DotEnv {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    iter.map(|item| {
        item.map_err(|e| ConfigError::DotEnv {
            path: path.to_path_buf(),
            message: crate::dburl::redact(&e.to_string()),
        })
    })
    .collect()
}
