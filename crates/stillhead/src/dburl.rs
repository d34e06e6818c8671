//! Database URLs: which backend a URL names, where it points, and how to show
//! it without its password.
//!
//! Owns parsing and redaction only. Opening connections belongs to `dialect`.
//! Every place that prints or logs a URL goes through [`DatabaseUrl::redacted`]
//! or [`redact`], so a password can never reach output.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::script::Dialect;

mod parts;
mod redact;

pub use redact::{redact, redact_text, secrets};

/// Where a SQLite database lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqliteTarget {
    /// A file on disk (relative paths are relative to the working directory).
    File(PathBuf),
    /// A private in-memory database (`sqlite::memory:`), gone when the connection closes.
    Memory,
}

/// How a SQLite URL's query (`?mode=ro&cache=shared`) asks for the file to
/// be opened. Only `mode` and `cache` are read; [`DatabaseUrl::parse`]
/// refuses any other parameter, so none is dropped without a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SqliteOpen {
    /// `mode=ro`: opened read-only, so every write fails.
    pub read_only: bool,
    /// `mode=rw`: the file must exist already; it is never created.
    pub must_exist: bool,
    /// `cache=shared` (`Some(true)`) or `cache=private` (`Some(false)`).
    pub shared_cache: Option<bool>,
}

/// A parsed database URL.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    raw: String,
    dialect: Dialect,
    redacted: String,
}

/// A URL that stillhead cannot use; the message shows the URL redacted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid database URL {url}: {reason}")]
pub struct UrlError {
    /// The offending URL, password redacted.
    pub url: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Removes the query parameters whose name `drop` picks, and the `?` with
/// them when none is left.
pub(crate) fn remove_params(parsed: &mut url::Url, drop: impl Fn(&str) -> bool) {
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| !drop(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
}

impl DatabaseUrl {
    /// Parses a URL such as `sqlite://shop.db`, `sqlite::memory:`,
    /// `postgres://user:pw@host/db` or `mysql://root@127.0.0.1/test`.
    pub fn parse(raw: &str) -> Result<DatabaseUrl, UrlError> {
        let raw = raw.trim();
        let redacted = redact(raw);
        let fail = |reason: String| UrlError {
            url: redacted.clone(),
            reason: parts::mask_secrets(&reason, raw),
        };
        let dialect = parts::dialect_of(raw).map_err(fail)?;
        if dialect != Dialect::Sqlite {
            parts::check_server(raw).map_err(fail)?;
        }
        let url = DatabaseUrl {
            raw: raw.to_string(),
            dialect,
            redacted,
        };
        if dialect == Dialect::Sqlite {
            url.sqlite_target()?;
            url.sqlite_open()?;
        }
        Ok(url)
    }

    /// The backend this URL names.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The URL with any password replaced by `***`: the only form fit for output.
    pub fn redacted(&self) -> &str {
        &self.redacted
    }

    /// The URL as given, password included: pass it to a driver, never print it.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The value of query parameter `name` (`?schema=tenant_1`), decoded.
    pub fn param(&self, name: &str) -> Option<String> {
        let parsed = url::Url::parse(&self.raw).ok()?;
        parsed
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    /// The URL as given without query parameter `name`, for a driver that
    /// does not know a parameter stillhead reads itself (`schema`).
    pub fn expose_without(&self, name: &str) -> String {
        let Ok(mut parsed) = url::Url::parse(&self.raw) else {
            return self.raw.clone();
        };
        if !parsed.query_pairs().any(|(k, _)| k == name) {
            return self.raw.clone();
        }
        remove_params(&mut parsed, |key| key == name);
        parsed.to_string()
    }

    /// The password in the URL, if any (percent-decoded), so callers can
    /// scrub it from text they did not produce.
    pub fn password(&self) -> Option<String> {
        let parsed = url::Url::parse(&self.raw).ok()?;
        let pw = parsed.password()?;
        Some(urldecode(pw).unwrap_or_else(|_| pw.to_string()))
    }

    /// Every password the URL holds, by each reading of it (this module's
    /// redaction rule), as written and decoded: what to scrub from text
    /// stillhead did not produce, such as a driver's message.
    pub fn secrets(&self) -> Vec<String> {
        secrets(&self.raw)
    }

    /// For a SQLite URL naming a relative file, the same URL with the path
    /// taken relative to `base` instead of the working directory; any other
    /// URL unchanged. Used for URLs written in a config file, so the CLI and an
    /// app find the same database wherever they are started.
    pub fn relative_to(&self, base: &Path) -> DatabaseUrl {
        if self.dialect != Dialect::Sqlite {
            return self.clone();
        }
        match self.sqlite_target() {
            Ok(SqliteTarget::File(path))
                if path.is_relative() && !base.as_os_str().is_empty() && base != Path::new(".") =>
            {
                let query = self
                    .raw
                    .split_once('?')
                    .map(|(_, q)| format!("?{q}"))
                    .unwrap_or_default();
                let raw = format!("sqlite://{}{query}", base.join(path).display());
                DatabaseUrl {
                    redacted: redact(&raw),
                    raw,
                    dialect: self.dialect,
                }
            }
            _ => self.clone(),
        }
    }

    /// For a SQLite URL, the file (or memory) it names.
    ///
    /// Accepted forms: `sqlite://rel/path.db`, `sqlite:rel/path.db`,
    /// `sqlite:///abs/path.db`, `sqlite::memory:` and `sqlite://:memory:`;
    /// a `?query` is read by [`DatabaseUrl::sqlite_open`].
    pub fn sqlite_target(&self) -> Result<SqliteTarget, UrlError> {
        if self.dialect != Dialect::Sqlite {
            return Err(UrlError {
                url: self.redacted.clone(),
                reason: "it is not a sqlite: URL".into(),
            });
        }
        let rest = self.raw.split_once(':').map(|(_, r)| r).unwrap_or("");
        let rest = rest.split_once('?').map(|(p, _)| p).unwrap_or(rest);
        let path = rest.strip_prefix("//").unwrap_or(rest);
        if path == ":memory:" || path.is_empty() && rest == ":memory:" {
            return Ok(SqliteTarget::Memory);
        }
        if path.is_empty() {
            return Err(UrlError {
                url: self.redacted.clone(),
                reason: "it names no file (write sqlite://path/to/file.db)".into(),
            });
        }
        Ok(SqliteTarget::File(PathBuf::from(path)))
    }
}

impl DatabaseUrl {
    /// For a SQLite URL, how its query asks for the file to be opened;
    /// an error names a parameter or value stillhead does not read.
    pub fn sqlite_open(&self) -> Result<SqliteOpen, UrlError> {
        let fail = |reason: String| UrlError {
            url: self.redacted.clone(),
            reason,
        };
        let query = self.raw.split_once('?').map(|(_, q)| q).unwrap_or("");
        let memory = self.sqlite_target()? == SqliteTarget::Memory;
        let mut open = SqliteOpen::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match (key.as_ref(), value.as_ref()) {
                _ if memory => {
                    return Err(fail(format!(
                        "an in-memory SQLite database takes no query parameters (it has `{key}`)"
                    )))
                }
                ("mode", "ro") => open.read_only = true,
                ("mode", "rw") => open.must_exist = true,
                ("mode", "rwc") => {}
                ("cache", "shared") => open.shared_cache = Some(true),
                ("cache", "private") => open.shared_cache = Some(false),
                ("mode" | "cache", other) => {
                    return Err(fail(format!(
                        "`{key}={other}` is not a value stillhead reads (mode=ro, rw or rwc; cache=shared or private)"
                    )))
                }
                _ => {
                    return Err(fail(format!(
                        "the query parameter `{key}` is not one stillhead reads on a SQLite URL (it reads mode=ro|rw|rwc and cache=shared|private); remove it"
                    )))
                }
            }
        }
        Ok(open)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl").field(&self.redacted).finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted)
    }
}

/// Removes every occurrence of the URL's password from a driver message.
///
/// Drivers sometimes echo connection strings in their errors; this is the last
/// line of defence before such a message is shown.
#[cfg(any(test, feature = "postgres", feature = "mysql", feature = "tools"))]
pub fn scrub(message: &str, url: &DatabaseUrl) -> String {
    let mut out = message.replace(url.expose(), url.redacted());
    for secret in url.secrets() {
        out = out.replace(&secret, "***");
    }
    out
}

/// `%XX` escapes decoded; `Err` when the bytes they make are not UTF-8.
fn urldecode(s: &str) -> Result<String, std::str::Utf8Error> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_password_only() {
        assert_eq!(
            redact("postgres://alice:s3cret@db:5432/app"),
            "postgres://alice:***@db:5432/app"
        );
        assert_eq!(redact("postgres://alice@db/app"), "postgres://alice@db/app");
        assert_eq!(redact("mysql://root:p@ss@h/db"), "mysql://root:***@h/db");
        assert_eq!(redact("sqlite://shop.db"), "sqlite://shop.db");
    }

    #[test]
    fn redacts_query_passwords_and_repeats() {
        assert_eq!(
            redact("postgres://db/app?sslmode=require&password=s3cret&x=1"),
            "postgres://db/app?sslmode=require&password=***&x=1"
        );
        assert_eq!(
            redact("postgres://u@db/app?PASSWORD=s3cret#f"),
            "postgres://u@db/app?PASSWORD=***#f"
        );
        // Found by the config fuzz target: the password again in the path
        // (the last `@` ends the user-info, so all up to it is masked).
        assert_eq!(
            redact("mysql://root:hunter22@127.0=.ql://root:hunter22@127.0=.0.1:3386/"),
            "mysql://root:***@127.0=.0.1:3386/"
        );
        // Percent-encoded in the userinfo, decoded elsewhere.
        assert_eq!(
            redact("postgres://u:p%40ssw@h/x/p%40ssw"),
            "postgres://u:***@h/x/***"
        );
        // … and with an `@` in the path, which may as well end a password
        // holding a `/`: all up to it is masked, and nothing of the
        // password shows.
        assert_eq!(redact("postgres://u:p%40ssw@h/p@ssw"), "postgres://u:***");
        // A user named like the password is masked too; a short password
        // is masked only where it is the password.
        assert_eq!(redact("mysql://admin:admin@h/db"), "mysql://***:***@h/db");
        assert_eq!(redact("mysql://a:b@h/bb"), "mysql://a:***@h/bb");
        // Found by the config fuzz target: a query password in a URL
        // without `//`.
        assert_eq!(
            redact("mysql:x/?a=1&sslpassword=s3cret"),
            "mysql:x/?a=1&sslpassword=***"
        );
        // … and when a line break, which URL parsers drop, splits its key.
        assert_eq!(
            redact("postgres://h/db?sslpassw\rord=s3cret"),
            "postgres://h/db?sslpassword=***"
        );
        // … also when a `://` comes later in it.
        assert_eq!(
            redact("mysql:x/?password=s3cret&y=G://G"),
            "mysql:x/?password=***&y=G://G"
        );
        // Found by the config fuzz target (a panic): `%` before a
        // character of more than one byte.
        assert_eq!(redact("mysql://u:ab%\u{a599}cd@h/x"), "mysql://u:***@h/x");
        assert_eq!(urldecode("%\u{a599}%41").unwrap(), "%\u{a599}A");
        // Found by the config fuzz target: a line break in the password,
        // which URL parsers drop, and the rest of it again in the path.
        assert_eq!(
            redact("mysql://u:\r\0\0\0\0@h/t\0\0\0\0x"),
            "mysql://u:***@h/t***x"
        );
    }

    #[test]
    fn scrub_removes_password_from_messages() {
        let url = DatabaseUrl::parse("postgres://u:hunter2%21@h/db").unwrap();
        let msg = "could not connect with password hunter2! to postgres://u:hunter2%21@h/db";
        let out = scrub(msg, &url);
        assert!(!out.contains("hunter2"), "{out}");
    }

    #[test]
    fn sqlite_forms() {
        let t = |u: &str| DatabaseUrl::parse(u).unwrap().sqlite_target().unwrap();
        assert_eq!(t("sqlite://shop.db"), SqliteTarget::File("shop.db".into()));
        assert_eq!(t("sqlite:shop.db"), SqliteTarget::File("shop.db".into()));
        assert_eq!(
            t("sqlite:///tmp/x.db"),
            SqliteTarget::File("/tmp/x.db".into())
        );
        assert_eq!(
            t("sqlite://data/x.db?mode=rwc"),
            SqliteTarget::File("data/x.db".into())
        );
        assert_eq!(t("sqlite::memory:"), SqliteTarget::Memory);
        assert_eq!(t("sqlite://:memory:"), SqliteTarget::Memory);
    }

    #[test]
    fn sqlite_query_is_read_or_refused() {
        let open = |u: &str| DatabaseUrl::parse(u).map(|u| u.sqlite_open().unwrap());
        assert_eq!(open("sqlite://x.db").unwrap(), SqliteOpen::default());
        assert!(open("sqlite://x.db?mode=ro").unwrap().read_only);
        assert!(open("sqlite://x.db?mode=rw").unwrap().must_exist);
        assert_eq!(
            open("sqlite://x.db?mode=rwc&cache=shared").unwrap(),
            SqliteOpen {
                shared_cache: Some(true),
                ..SqliteOpen::default()
            }
        );
        for (url, named) in [
            ("sqlite://x.db?immutable=1", "`immutable`"),
            ("sqlite://x.db?mode=ro&nolock=1", "`nolock`"),
            ("sqlite://x.db?mode=memory", "`mode=memory`"),
            ("sqlite://x.db?cache=nope", "`cache=nope`"),
            ("sqlite::memory:?mode=ro", "`mode`"),
        ] {
            let e = open(url).unwrap_err().to_string();
            assert!(e.contains(named), "{url}: {e}");
        }
    }

    #[test]
    fn bad_urls_are_explained_and_redacted() {
        let e = DatabaseUrl::parse("oracle://u:pw@h/db").unwrap_err();
        assert!(e.to_string().contains("unknown scheme `oracle`"), "{e}");
        assert!(!e.to_string().contains("pw@"), "{e}");
        assert!(DatabaseUrl::parse("shop.db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }
}
