//! Live feedback during a run: an indicatif progress bar when a run applies
//! more than a handful of migrations and stderr is a terminal, and each
//! statement on stderr with `-v`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};
use stillhead::runtime::{Direction, Observer, StepReport};

/// Runs with more migrations than this get a progress bar.
const BAR_THRESHOLD: usize = 5;

pub struct Progress {
    bar: Option<ProgressBar>,
    verbose: bool,
    quiet: bool,
}

impl Progress {
    pub fn new(verbose: bool, quiet: bool) -> Progress {
        Progress {
            bar: None,
            verbose,
            quiet,
        }
    }

    fn say(&self, text: String) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => anstream::eprintln!("{text}"),
        }
    }
}

impl Observer for Progress {
    fn plan(&mut self, direction: Direction, steps: &[StepReport]) {
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
        if let Some(bar) = &self.bar {
            bar.set_message(step.revision.clone());
        }
        if self.verbose {
            self.say(format!("-- {} ({})", step.revision, step.file));
        }
    }

    fn statement(&mut self, _revision: &str, index: usize, sql: &str) {
        if self.verbose {
            self.say(format!("   [{index}] {}", sql.trim()));
        }
    }

    fn step_finished(&mut self, _step: &StepReport) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn notice(&mut self, message: &str) {
        if self.verbose {
            self.say(format!("note: {message}"));
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}
