//! The `stillhead` command: parses arguments, calls the library, prints.
//!
//! Exit codes: 0 success; 1 failure (message on stderr; also a server that
//! did not come up within `--wait` / `wait --timeout`); 2 usage error;
//! 3 `verify`, `check`, `test` or `lint` found problems; 130 interrupted by
//! Ctrl-C (SIGINT), 143 by SIGTERM, 129 by SIGHUP (after cancelling the
//! running statement on the server and dropping any scratch database). No
//! logic lives here beyond choosing what to call and how to show it.

// As in the library: the errors carry the file, line and statement a person
// needs, on cold paths, so their size on the stack does not matter.
#![allow(clippy::result_large_err)]

mod cli;
mod commands;
mod graph;
mod lint_output;
mod output;
mod progress;
mod signals;

use std::process::ExitCode;

use clap::Parser;

use cli::Cli;
use output::Printer;

/// Exit code for a failed command.
const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error (clap uses it too).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            if code == EXIT_USAGE && std::env::args_os().any(|a| a == "--json") {
                output::usage_error_json(&e.render().to_string(), code);
            }
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let printer = Printer::new(&cli.global);
    init_tracing(cli.global.verbose, cli.global.quiet);
    // Ctrl-C or SIGTERM: the running statement is cancelled on the server
    // and any scratch database dropped before the process ends.
    if let Err(e) = signals::install() {
        tracing::warn!("Ctrl-C and SIGTERM are not handled: {e}");
    }
    let result = commands::run(&cli, &printer);
    if let Some(code) = signals::received() {
        // The handler cancelled what ran; the command has recorded its
        // failure. Say what it was, then let the handler end the process
        // when it is done dropping scratch databases.
        if let Err(e) = &result {
            printer.error(e, code);
        }
        signals::main_done();
        loop {
            std::thread::park();
        }
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // Autogenerate refusing what it cannot compare found problems
            // in the schemas, as `check` does: exit 3, not a failure.
            let code = match e {
                output::anyhow_like::Error::Lib(ref e)
                    if matches!(**e, stillhead::Error::NotCompared { .. }) =>
                {
                    commands::EXIT_DIFFERENCES
                }
                output::anyhow_like::Error::Usage(_) => EXIT_USAGE,
                _ => EXIT_FAILURE,
            };
            printer.error(&e, i32::from(code));
            ExitCode::from(code)
        }
    }
}

/// The library's tracing output on stderr: its warnings (a scratch database
/// that could not be dropped), with `-v` what it decided (how a scratch
/// database is fenced, each wait for a server starting), with `-vv` (or
/// `RUST_LOG`) its debug log.
fn init_tracing(verbose: u8, quiet: bool) {
    use tracing_subscriber::EnvFilter;
    let spec = match std::env::var("RUST_LOG") {
        Ok(spec) => spec,
        Err(_) if quiet => return,
        Err(_) if verbose >= 2 => "stillhead=debug".into(),
        Err(_) if verbose == 1 => "stillhead=info".into(),
        Err(_) => "stillhead=warn".into(),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new(spec))
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .try_init();
}
