//! The `stillhead` command: parses arguments, calls the library, prints.
//!
//! Exit codes: 0 success; 1 failure (message on stderr); 2 usage error;
//! 3 `verify`, `check`, `test` or `lint` found problems; 130 interrupted
//! (Ctrl-C or SIGTERM, after dropping any scratch database). No logic lives
//! here beyond choosing what to call and how to show it.

// As in the library: the errors carry the file, line and statement a person
// needs, on cold paths, so their size on the stack does not matter.
#![allow(clippy::result_large_err)]

mod cli;
mod commands;
mod graph;
mod lint_output;
mod output;
mod progress;

use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Parser;

use cli::Cli;
use output::Printer;

/// Exit code for a failed command.
const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error (clap uses it too).
const EXIT_USAGE: u8 = 2;
/// Exit code after Ctrl-C or SIGTERM (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: i32 = 130;

/// Set by the Ctrl-C handler before it drops scratch databases.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let printer = Printer::new(&cli.global);
    init_tracing(cli.global.verbose, cli.global.quiet);
    // An interrupted `test`, `check` or autogenerate leaves no scratch
    // database behind; any other command stops as it would without this
    // (an open transaction is rolled back by the server).
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        stillhead::dialect::scratch::drop_all_scratch_databases();
        std::process::exit(EXIT_INTERRUPTED);
    });
    let result = commands::run(&cli, &printer);
    if INTERRUPTED.load(Ordering::SeqCst) {
        // The handler is dropping a scratch database under the command's
        // feet (which is why it returned); it ends the process when done.
        loop {
            std::thread::park();
        }
    }
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            printer.error(&e);
            // Autogenerate refusing what it cannot compare found problems
            // in the schemas, as `check` does: exit 3, not a failure.
            ExitCode::from(match e {
                output::anyhow_like::Error::Lib(ref e)
                    if matches!(**e, stillhead::Error::NotCompared { .. }) =>
                {
                    commands::EXIT_DIFFERENCES
                }
                _ => EXIT_FAILURE,
            })
        }
    }
}

/// The library's tracing output on stderr: its warnings (a scratch database
/// that could not be dropped), with `-v` what it decided (how a scratch
/// database is fenced), with `-vv` (or `RUST_LOG`) its debug log.
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
