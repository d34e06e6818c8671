//! Numbers in the configuration: durations (`500ms`, `30s`, `5m`, `1h`) and
//! counts, each checked at load against a range every backend can honour, so
//! that no value reaches a driver or a clock that would overflow on it
//! (README, "Configuration").
//!
//! Every duration is at most [`MAX_DURATION`], a day: SQLite's busy timeout
//! is an `i32` of milliseconds (24.8 days), PostgreSQL's `lock_timeout` and
//! `statement_timeout` an `int` of milliseconds (the same), MariaDB's
//! `lock_wait_timeout` and `max_statement_time` a year of seconds; a day
//! also keeps every deadline (`Instant` plus a duration) far from overflow.
//! `0` turns off the bounds that have an off (`ddl_lock_timeout`,
//! `statement_timeout`).

use std::time::Duration;

/// The longest duration any setting may hold: one day.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

/// The most retries `ddl_retries` may ask for.
pub const MAX_DDL_RETRIES: u32 = 1000;

/// Parses `500ms`, `30s`, `5m`, `1h` or a bare number of seconds; `None` for
/// anything else, a negative number, or one too large for a `Duration`.
#[cfg(any(test, feature = "tools"))]
pub fn parse_duration(text: &str) -> Option<Duration> {
    seconds(text).and_then(|s| Duration::try_from_secs_f64(s).ok())
}

/// A duration's seconds as written, before any range is checked.
fn seconds(text: &str) -> Option<f64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num.parse().ok()?;
    let secs = match unit.trim() {
        "" | "s" | "sec" | "secs" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return None,
    };
    (secs.is_finite() && secs >= 0.0).then_some(secs)
}

/// What a duration setting allows.
pub(super) struct Bounds {
    /// The shortest allowed (bar `0` where it means none).
    pub min: Duration,
    /// Whether `0` means no bound at all.
    pub zero_is_none: bool,
    /// A value to show as an example.
    pub example: &'static str,
}

impl Bounds {
    /// The setting's value (`None` for a `0` that means none), or, as the
    /// error, what is allowed.
    pub fn check(&self, text: &str) -> Result<Option<Duration>, String> {
        let secs = seconds(text).ok_or_else(|| self.expected())?;
        if secs == 0.0 && self.zero_is_none {
            return Ok(None);
        }
        if secs < self.min.as_secs_f64() || secs > MAX_DURATION.as_secs_f64() {
            return Err(self.expected());
        }
        Ok(Some(Duration::from_secs_f64(secs)))
    }

    /// The allowed range in words, for the error.
    pub fn expected(&self) -> String {
        let max = show(MAX_DURATION);
        let example = self.example;
        match self.zero_is_none {
            true => format!("a duration up to {max}, such as {example}, or 0 for none"),
            false => format!(
                "a duration from {} to {max}, such as {example}",
                show(self.min)
            ),
        }
    }
}

/// `ddl_retries`: a whole number from 0 to [`MAX_DDL_RETRIES`].
pub(super) fn retries(n: i64) -> Result<u32, String> {
    u32::try_from(n)
        .ok()
        .filter(|n| *n <= MAX_DDL_RETRIES)
        .ok_or_else(|| format!("a whole number from 0 to {MAX_DDL_RETRIES}"))
}

/// A duration as the config file would write it.
fn show(d: Duration) -> String {
    let ms = d.as_millis();
    match ms {
        0 => "0".into(),
        _ if ms.is_multiple_of(3_600_000) => format!("{}h", ms / 3_600_000),
        _ if ms.is_multiple_of(1000) => format!("{}s", ms / 1000),
        _ => format!("{ms}ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_duration("soon"), None);
        // Too large for a Duration: refused, not a panic.
        assert_eq!(parse_duration("99999999999999999999s"), None);
        assert_eq!(parse_duration("1e400"), None);
    }

    #[test]
    fn bounds_name_the_range() {
        let lock = Bounds {
            min: Duration::ZERO,
            zero_is_none: false,
            example: "30s",
        };
        assert_eq!(lock.check("24h"), Ok(Some(MAX_DURATION)));
        assert_eq!(lock.check("0"), Ok(Some(Duration::ZERO)));
        for text in ["600h", "86401s", "99999999999999999999s", "1e9"] {
            assert_eq!(
                lock.check(text).unwrap_err(),
                "a duration from 0 to 24h, such as 30s"
            );
        }
        let bound = Bounds {
            min: Duration::ZERO,
            zero_is_none: true,
            example: "2s",
        };
        assert_eq!(bound.check("0"), Ok(None));
        assert_eq!(
            bound.check("25h").unwrap_err(),
            "a duration up to 24h, such as 2s, or 0 for none"
        );
        let lease = Bounds {
            min: Duration::from_millis(300),
            zero_is_none: false,
            example: "30s",
        };
        assert!(lease
            .check("100ms")
            .unwrap_err()
            .contains("from 300ms to 24h"));
        assert_eq!(retries(5), Ok(5));
        assert!(retries(-1).is_err() && retries(1001).is_err());
        assert!(retries(i64::MAX).unwrap_err().contains("from 0 to 1000"));
    }
}
