//! Live feedback during a run, on stderr: a line per migration as it starts
//! (`applying 003_add_orders …`), finished with its time (`done in 2.10 s`)
//! when it ends, for runs of any size; an indicatif progress bar above them
//! when a run applies more than a handful of migrations and stderr is a
//! terminal; with `-v`, each migration's file and statements between
//! `-- REV (file)` and `-- REV done in …`. `--quiet` shows none of it; `--json`
//! keeps stdout for the report (these lines are on stderr).

use std::io::{IsTerminal, Write};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use stillhead::runtime::{Direction, Observer, StepReport};

use crate::output::ms;

/// Runs with more migrations than this get a progress bar on a terminal.
const BAR_THRESHOLD: usize = 5;

pub struct Progress {
    bar: Option<ProgressBar>,
    verbose: bool,
    quiet: bool,
    direction: Direction,
    /// The migration running and when it started.
    running: Option<(String, Instant)>,
    /// `applying X …` was written without its end of line: whatever is
    /// written next ends it first.
    line_open: bool,
}

impl Progress {
    pub fn new(verbose: bool, quiet: bool) -> Progress {
        Progress {
            bar: None,
            verbose,
            quiet,
            direction: Direction::Upgrade,
            running: None,
            line_open: false,
        }
    }

    /// A whole line of its own.
    fn say(&mut self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => {
                self.close_line();
                anstream::eprintln!("{text}");
            }
        }
    }

    fn close_line(&mut self) {
        if self.line_open {
            self.line_open = false;
            anstream::eprintln!();
        }
    }

    fn verb(&self) -> (&'static str, &'static str) {
        match self.direction {
            Direction::Upgrade => ("applying", "applied"),
            Direction::Downgrade => ("reverting", "reverted"),
        }
    }
}

impl Observer for Progress {
    fn plan(&mut self, direction: Direction, steps: &[StepReport]) {
        self.direction = direction;
        if self.quiet || steps.len() <= BAR_THRESHOLD || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::new(steps.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {wide_msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(match direction {
            Direction::Upgrade => "upgrading",
            Direction::Downgrade => "downgrading",
        });
        self.bar = Some(bar);
    }

    fn step_started(&mut self, step: &StepReport) {
        self.running = Some((step.revision.clone(), Instant::now()));
        if self.quiet {
            return;
        }
        let (doing, _) = self.verb();
        if let Some(bar) = &self.bar {
            bar.set_message(step.revision.clone());
        } else if self.verbose {
            // As SQL comments, between the statements -v lists.
            self.say(format!("-- {} ({})", step.revision, step.file));
        } else {
            // The line ends when the migration does, with its time.
            self.close_line();
            let mut err = anstream::stderr().lock();
            let _ = write!(err, "{doing} {} …", step.revision);
            let _ = err.flush();
            self.line_open = true;
        }
    }

    fn statement(&mut self, _revision: &str, index: usize, sql: &str) {
        crate::signals::running(Some(sql));
        if self.verbose && !self.quiet {
            self.say(format!("   [{index}] {}", sql.trim()));
        }
    }

    fn step_finished(&mut self, step: &StepReport) {
        crate::signals::running(None);
        let elapsed = match self.running.take() {
            Some((revision, started)) if revision == step.revision => {
                started.elapsed().as_secs_f64() * 1000.0
            }
            _ => step.duration_ms,
        };
        if self.quiet {
            return;
        }
        let (doing, done) = self.verb();
        if let Some(bar) = &self.bar {
            bar.println(format!("{done} {} in {}", step.revision, ms(elapsed)));
            bar.inc(1);
        } else if self.line_open {
            self.line_open = false;
            anstream::eprintln!(" done in {}", ms(elapsed));
        } else if self.verbose {
            self.say(format!("-- {} done in {}", step.revision, ms(elapsed)));
        } else {
            // Something was written since the migration started.
            self.say(format!(
                "{doing} {} … done in {}",
                step.revision,
                ms(elapsed)
            ));
        }
    }

    fn notice(&mut self, message: &str) {
        if self.verbose && !self.quiet {
            self.say(format!("note: {message}"));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // A migration that failed leaves its line open: end it, so the
        // error starts on a line of its own.
        if self.line_open {
            self.line_open = false;
            anstream::eprintln!(" failed");
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
