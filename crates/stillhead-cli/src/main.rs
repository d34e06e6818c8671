//! The `stillhead` command: parses arguments, calls the library, prints.
//!
//! Exit codes: 0 success; 1 failure (message on stderr); 2 usage error;
//! 3 `verify` found problems. No logic lives here beyond choosing what to
//! call and how to show it.

mod cli;
mod commands;
mod output;
mod progress;

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
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let printer = Printer::new(&cli.global);
    init_tracing(cli.global.verbose);
    match commands::run(&cli, &printer) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            printer.error(&e);
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `-vv` (or `RUST_LOG`) turns on the library's tracing output on stderr.
fn init_tracing(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) => EnvFilter::new(spec),
        Err(_) if verbose >= 2 => EnvFilter::new("stillhead=debug"),
        Err(_) => return,
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
