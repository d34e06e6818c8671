//! Commands about the server and the database as a whole: `wait` (and the
//! global `--wait`), `database create`, `database drop`.

use std::time::Duration;

use stillhead::config::Config;
use stillhead::dialect::admin::{self, Outcome as Done};
use stillhead::dialect::wait::{self, Waited};
use stillhead::dialect::ConnectOptions;
use stillhead::DatabaseUrl;

use super::Outcome;
use crate::cli::{Cli, DatabaseCommand};
use crate::output::anyhow_like::Error;
use crate::output::Printer;

fn url(config: &Config) -> Result<&DatabaseUrl, Error> {
    Ok(&config.url.as_ref().ok_or(stillhead::Error::NoUrl)?.0)
}

/// `--wait`: waits for the configured database's server before a command
/// connects; an error that waiting would not fix is said to be one.
pub fn wait_for(
    p: &Printer,
    url: &DatabaseUrl,
    opts: &ConnectOptions,
    timeout: Duration,
) -> Result<Waited, Error> {
    explained(p, wait::wait_for(url, opts, timeout, |_| {}))
}

/// A failed wait: the error, after a word on why it was not waited out.
fn explained(p: &Printer, result: Result<Waited, stillhead::Error>) -> Result<Waited, Error> {
    result.map_err(|e| {
        if matches!(e, stillhead::Error::Connect { .. }) {
            p.note(
                "not waited for: the server answered, and this will not change by waiting (a wrong password, a database that does not exist, a bad URL)",
            );
        }
        Error::from(e)
    })
}

/// `stillhead wait [--timeout SECONDS]`.
pub fn wait(cli: &Cli, p: &Printer, timeout: Duration) -> Outcome {
    // The configuration alone: these commands need no migrations folder.
    let config = super::config(cli, p)?;
    let url = url(&config)?;
    let opts = ConnectOptions::for_config(&config, false);
    let waited = wait_for(p, url, &opts, timeout)?;
    if p.json {
        p.json(&serde_json::json!({
            "database": url.redacted(),
            "attempts": waited.attempts,
            "waited_ms": waited.waited.as_secs_f64() * 1000.0,
        }));
    } else if url.dialect() == stillhead::Dialect::Sqlite {
        p.line(format!(
            "{} is a SQLite database: there is no server to wait for.",
            url.redacted()
        ));
    } else {
        p.line(format!(
            "{} accepts connections ({}).",
            url.redacted(),
            match waited.attempts {
                1 => "at once".to_string(),
                n => format!("after {n} attempts, {:.1} s", waited.waited.as_secs_f64()),
            }
        ));
    }
    Ok(0)
}

/// `stillhead database create|drop`.
pub fn database(cli: &Cli, p: &Printer, action: &DatabaseCommand) -> Outcome {
    // The configuration alone: these commands need no migrations folder.
    let config = super::config(cli, p)?;
    let url = url(&config)?;
    let opts = ConnectOptions::for_config(&config, false);
    if let Some(timeout) = cli.global.wait {
        explained(p, wait::wait_for_server(url, &opts, timeout, |_| {}))?;
    }
    let name = admin::name(url)?;
    match action {
        DatabaseCommand::Create => {
            let done = admin::create(url, &opts)?;
            report(
                p,
                "create",
                &name,
                url,
                done,
                "exists already; left as it is",
            )
        }
        DatabaseCommand::Drop { yes } => {
            if !admin::exists(url, &opts)? {
                return report(
                    p,
                    "drop",
                    &name,
                    url,
                    Done::AlreadySo,
                    "does not exist; nothing to drop",
                );
            }
            if !*yes {
                if !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
                    return Err(Error::Usage(format!(
                        "not dropping database {name} ({}) without a terminal to ask on: pass --yes to drop it",
                        url.redacted()
                    )));
                }
                let question = format!(
                    "Drop database {name} ({}) and everything in it? This cannot be undone. [y/N] ",
                    url.redacted()
                );
                if !super::run::confirm(&question) {
                    // As `lock release` answered no.
                    p.warn("Not dropped (pass --yes to drop without asking, in a script).");
                    return Ok(2);
                }
            }
            let done = admin::drop(url, &opts)?;
            report(
                p,
                "drop",
                &name,
                url,
                done,
                "does not exist; nothing to drop",
            )
        }
    }
}

fn report(
    p: &Printer,
    action: &str,
    name: &str,
    url: &DatabaseUrl,
    done: Done,
    already: &str,
) -> Outcome {
    let changed = done == Done::Done;
    if p.json {
        p.json(&serde_json::json!({
            "database": name,
            "url": url.redacted(),
            "action": action,
            "changed": changed,
        }));
    } else if changed {
        let past = if action == "create" {
            "Created"
        } else {
            "Dropped"
        };
        p.line(format!("{past} database {name} ({}).", url.redacted()));
    } else {
        p.line(format!("Database {name} ({}) {already}.", url.redacted()));
    }
    Ok(0)
}
