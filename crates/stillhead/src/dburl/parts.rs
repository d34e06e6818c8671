//! What is wrong with a URL, part by part: the scheme, then a server's host
//! and port, read as the drivers will read them, so that the message names
//! the part (ARCHITECTURE.md, "The library, module by module": `dburl`).

use super::redact::{is_key_value, is_scheme, secrets, SCHEMES};
use crate::script::Dialect;

/// The backend a URL's scheme names, or what is wrong with its start.
pub(super) fn dialect_of(raw: &str) -> Result<Dialect, String> {
    if raw.is_empty() {
        return Err("it is empty".into());
    }
    if is_key_value(raw) {
        return Err(
            "it is a key/value connection string (host=… dbname=…), which stillhead \
                    does not read; write it as a URL: postgres://user:password@host:port/dbname"
                .into(),
        );
    }
    let scheme = raw.split_once(':').map(|(s, _)| s).filter(|s| is_scheme(s));
    let Some(scheme) = scheme else {
        return Err("it has no scheme (expected sqlite:, postgres: or mysql:)".into());
    };
    match scheme.to_ascii_lowercase().as_str() {
        "sqlite" | "sqlite3" => return Ok(Dialect::Sqlite),
        "postgres" | "postgresql" => return Ok(Dialect::Postgres),
        "mysql" | "mariadb" => return Ok(Dialect::Mysql),
        _ => {}
    }
    let slashes = raw[scheme.len()..].starts_with("://");
    if !slashes && raw.contains('@') {
        return Err("it has no scheme: it reads as user:password@host; \
                    start it with postgres:// or mysql://"
            .into());
    }
    let known = "expected sqlite, postgres, postgresql, mysql or mariadb";
    let hint = closest_scheme(scheme)
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default();
    Err(format!("unknown scheme `{scheme}` ({known}){hint}"))
}

/// The known scheme one or two letters away from `scheme`, if any.
fn closest_scheme(scheme: &str) -> Option<&'static str> {
    let lower = scheme.to_ascii_lowercase();
    SCHEMES
        .iter()
        .map(|s| (strsim::levenshtein(&lower, s), *s))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, s)| s)
}

/// A server URL's hosts and ports: each port a number from 1 to 65535, each
/// `[` of an IPv6 address closed. The host part is what follows the
/// user-info (its last `@`, as redaction reads it) up to the path or query;
/// PostgreSQL's `h1,h2:5433` lists several.
pub(super) fn check_server(raw: &str) -> Result<(), String> {
    let Some((_, rest)) = raw.split_once("://") else {
        // `postgres:?host=…`: the driver's own form, its own message.
        return Ok(());
    };
    let end = super::redact::query_start(rest);
    let after_userinfo = rest[..end].rfind('@').map_or(0, |at| at + 1);
    let hosts = &rest[after_userinfo..];
    let hosts = &hosts[..hosts.find(['/', '?', '#']).unwrap_or(hosts.len())];
    for chunk in hosts.split(',') {
        let port = match chunk.strip_prefix('[') {
            Some(v6) => {
                let Some(close) = v6.find(']') else {
                    return Err(format!("host `{chunk}` has no closing `]`"));
                };
                let after = &v6[close + 1..];
                match after.strip_prefix(':') {
                    Some(port) => Some(port),
                    None if after.is_empty() => None,
                    None => {
                        return Err(format!(
                            "`{after}` after the host `[{}]` is not a port (write [host]:port)",
                            &v6[..close]
                        ))
                    }
                }
            }
            None => chunk.split_once(':').map(|(_, port)| port),
        };
        if let Some(port) = port {
            check_port(port)?;
        }
    }
    Ok(())
}

fn check_port(port: &str) -> Result<(), String> {
    if port.is_empty() {
        return Ok(());
    }
    if !port.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("port `{port}` is not a number"));
    }
    match port.parse::<u32>() {
        Ok(1..=65535) => Ok(()),
        _ => Err(format!("port `{port}` is out of range (1 to 65535)")),
    }
}

/// `reason` with the URL's secrets masked, should a part it names be one.
pub(super) fn mask_secrets(reason: &str, raw: &str) -> String {
    secrets(raw)
        .iter()
        .filter(|s| s.chars().count() >= 3)
        .fold(reason.to_string(), |r, s| r.replace(s.as_str(), "***"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wrong_part_is_named() {
        let err = |raw: &str| dialect_of(raw).and_then(|_| check_server(raw)).unwrap_err();
        assert_eq!(err("postgres://h:abc/db"), "port `abc` is not a number");
        assert_eq!(
            err("mysql://u:p@h:99999/db"),
            "port `99999` is out of range (1 to 65535)"
        );
        assert_eq!(
            err("postgres://h1:5432,h2:x5/db"),
            "port `x5` is not a number"
        );
        assert_eq!(err("postgres://[::1/db"), "host `[::1` has no closing `]`");
        assert!(err("postgress://h/db").contains("unknown scheme `postgress`"));
        assert!(err("postgress://h/db").contains("did you mean `postgres`?"));
        assert!(!err("oracle://h/db").contains("did you mean"));
        assert!(err("u:pw@h/db").contains("reads as user:password@host"));
        assert!(err("host=h dbname=d").contains("key/value connection string"));
        assert!(err("the database").contains("no scheme"));
        // A password with a `:` or `#` is not a port.
        assert!(check_server("postgres://u:a:1#b@h:5432/db").is_ok());
        assert!(check_server("postgres://u@[::1]:5432/db").is_ok());
    }

    #[test]
    fn a_reason_never_shows_a_secret() {
        let raw = "postgres://u:s3cret@h:s3cret/db";
        let reason = check_server(raw).unwrap_err();
        assert_eq!(mask_secrets(&reason, raw), "port `***` is not a number");
    }
}
