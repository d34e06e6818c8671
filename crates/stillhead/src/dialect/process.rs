//! Whether a process on this host is still the one that left a record:
//! a scratch database's name (`scratch.rs`) or an in-progress mark
//! (`applied_by = "user@host pid N"`, ARCHITECTURE.md "Locking"). A pid
//! alone is not enough: a dead runner's pid may have been given to a new
//! process since, so the process must also have started before the record
//! was written.
//!
//! Owns reading `/proc`; knows nothing of databases.

/// What can be told about the process that wrote a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Liveness {
    /// It runs on this host and started before the record.
    Alive,
    /// It ran on this host and is gone (or its pid now belongs to a
    /// process that started after the record).
    Dead,
    /// It cannot be told: another host, an unreadable record, or no `/proc`.
    Unknown,
}

/// Whether `pid` on this host is the process that wrote a record at
/// `written` (Unix seconds). On Linux the process must exist and have
/// started no later than the record (two seconds allow for the boot
/// time's rounding); elsewhere this cannot be told. libc is not a
/// dependency, so no `kill(pid, 0)` on other unix systems.
pub fn process_liveness(pid: u32, written: i64) -> Liveness {
    if !std::path::Path::new("/proc/self/stat").exists() {
        return Liveness::Unknown;
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return Liveness::Dead;
    };
    match process_start(&stat) {
        Some(start) if start <= written.saturating_add(2) => Liveness::Alive,
        Some(_) => Liveness::Dead,
        None => Liveness::Unknown,
    }
}

/// Liveness of whoever wrote an in-progress mark: `applied_by` as
/// [`super::whoami`] writes it (`user@host pid N`), `applied_at` as
/// [`super::now`] does (RFC 3339). A mark from another host is
/// [`Liveness::Unknown`]: its pid says nothing here.
pub fn mark_liveness(applied_by: &str, applied_at: &str) -> Liveness {
    let Some((host, pid)) = host_and_pid(applied_by) else {
        return Liveness::Unknown;
    };
    let here = super::whoami();
    if host_and_pid(&here).map(|(h, _)| h) != Some(host) {
        return Liveness::Unknown;
    }
    match chrono::DateTime::parse_from_rfc3339(applied_at) {
        Ok(at) => process_liveness(pid, at.timestamp()),
        Err(_) => Liveness::Unknown,
    }
}

/// The host and pid of `user@host pid N`.
fn host_and_pid(who: &str) -> Option<(&str, u32)> {
    let (user_host, pid) = who.rsplit_once(" pid ")?;
    let (_, host) = user_host.rsplit_once('@')?;
    Some((host, pid.trim().parse().ok()?))
}

/// A process's start time (Unix seconds) from its `/proc/PID/stat` line.
fn process_start(stat: &str) -> Option<i64> {
    // Field 22 (starttime, in clock ticks since boot) counts from the field
    // after the command name, which may itself hold spaces and parentheses.
    let after_comm = &stat[stat.rfind(')')? + 2..];
    let ticks: i64 = after_comm.split(' ').nth(19)?.parse().ok()?;
    let boot: i64 = std::fs::read_to_string("/proc/stat")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    // USER_HZ: 100 on every Linux architecture's user-space ABI.
    Some(boot + ticks / 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    fn has_proc() -> bool {
        std::path::Path::new("/proc/self/stat").exists()
    }

    #[test]
    fn this_process_is_alive() {
        let expected = if has_proc() {
            Liveness::Alive
        } else {
            Liveness::Unknown
        };
        assert_eq!(process_liveness(std::process::id(), now()), expected);
        assert_eq!(
            mark_liveness(&super::super::whoami(), &super::super::now()),
            expected
        );
    }

    #[test]
    fn a_pid_that_does_not_exist_is_dead() {
        if !has_proc() {
            return;
        }
        // Above the kernel's pid_max (at most 2^22).
        assert_eq!(process_liveness(99_999_999, now()), Liveness::Dead);
        let me = super::super::whoami();
        let (who, _) = me.rsplit_once(" pid ").unwrap();
        let mark = format!("{who} pid 99999999");
        assert_eq!(mark_liveness(&mark, &super::super::now()), Liveness::Dead);
    }

    #[test]
    fn a_mark_older_than_its_process_names_a_reused_pid() {
        if !has_proc() {
            return;
        }
        // This process started after a mark made a day ago: the pid was reused.
        assert_eq!(
            process_liveness(std::process::id(), now() - 86_400),
            Liveness::Dead
        );
        let day_ago = (chrono::Utc::now() - chrono::Duration::days(1)).to_rfc3339();
        assert_eq!(
            mark_liveness(&super::super::whoami(), &day_ago),
            Liveness::Dead
        );
    }

    #[test]
    fn another_host_or_an_unreadable_mark_cannot_be_told() {
        let pid = std::process::id();
        let at = super::super::now();
        assert_eq!(
            mark_liveness(&format!("app@elsewhere.invalid pid {pid}"), &at),
            Liveness::Unknown
        );
        assert_eq!(mark_liveness("someone", &at), Liveness::Unknown);
        assert_eq!(
            mark_liveness(&super::super::whoami(), "yesterday"),
            Liveness::Unknown
        );
    }
}
