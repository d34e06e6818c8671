//! Printing: human text (aligned, coloured on a terminal) or `--json`, and
//! error messages. The JSON is a serialisation of the library's report
//! structs, so both forms always say the same thing.

use std::io::Write;

use anstream::{eprintln, println};
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::cli::{ColorWhen, Global};

/// Styles used in human output.
pub const BOLD: Style = Style::new().bold();
/// Dimmed text (secondary details).
pub const DIM: Style = Style::new().dimmed();
/// Good news.
pub const GREEN: Style = AnsiColor::Green.on_default();
/// Warnings.
pub const YELLOW: Style = AnsiColor::Yellow.on_default();
/// Errors.
pub const RED: Style = AnsiColor::Red.on_default().bold();
/// Revision ids.
pub const CYAN: Style = AnsiColor::Cyan.on_default();

/// Decides the output form and styling for one invocation.
pub struct Printer {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    /// Passwords to scrub from any message, last line of defence.
    secrets: std::cell::RefCell<Vec<String>>,
}

impl Printer {
    pub fn new(g: &Global) -> Printer {
        let choice = match g.color {
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
            ColorWhen::Auto => anstream::ColorChoice::Auto,
        };
        choice.write_global();
        let stdout_color = anstream::AutoStream::choice(&std::io::stdout());
        STDOUT_COLOR.store(
            stdout_color != anstream::ColorChoice::Never,
            std::sync::atomic::Ordering::Relaxed,
        );
        Printer {
            json: g.json,
            quiet: g.quiet,
            verbose: g.verbose,
            secrets: Default::default(),
        }
    }

    /// Remembers a secret that must never be printed.
    pub fn hide(&self, secret: &str) {
        if !secret.is_empty() {
            self.secrets.borrow_mut().push(secret.to_string());
        }
    }

    fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in self.secrets.borrow().iter() {
            out = out.replace(s.as_str(), "***");
        }
        out
    }

    /// Prints a value as JSON on stdout.
    pub fn json<T: Serialize>(&self, value: &T) {
        let text = serde_json::to_string_pretty(value).expect("reports serialise");
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", self.scrub(&text));
    }

    /// A line of human output on stdout (suppressed by --quiet).
    pub fn line(&self, text: impl AsRef<str>) {
        if !self.quiet {
            println!("{}", self.scrub(text.as_ref()));
        }
    }

    /// Lines on stdout (suppressed by --quiet), written at once: `println!`
    /// per line would flush (one system call) and look up the colour choice
    /// for each of them, which showed in `history` of 10,000 revisions.
    pub fn lines<S: AsRef<str>>(&self, lines: impl IntoIterator<Item = S>) {
        if self.quiet {
            return;
        }
        let mut text = String::new();
        for line in lines {
            text.push_str(line.as_ref());
            text.push('\n');
        }
        let text = self.scrub(&text);
        // Without colour there are no escapes to strip (see `paint`): the
        // plain stream spares scanning every byte for them.
        if stdout_has_color() {
            let mut out = anstream::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        } else {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            let _ = out.flush();
        }
    }

    /// Text exactly as given on stdout (scripts), even with --quiet.
    pub fn raw(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(self.scrub(text).as_bytes());
    }

    /// A hint or note on stderr (suppressed by --quiet and --json).
    pub fn note(&self, text: impl AsRef<str>) {
        if !self.quiet && !self.json {
            eprintln!("{DIM}{}{DIM:#}", self.scrub(text.as_ref()));
        }
    }

    /// A warning on stderr.
    pub fn warn(&self, text: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{YELLOW}warning:{YELLOW:#} {}", self.scrub(text.as_ref()));
        }
    }

    /// An error: always on stderr; with --json also on stdout as one
    /// object, `{"error": {"kind", "code", "message", "exit_code"}}`: what
    /// went wrong (`statement_failed`, `connect`, `usage`, …), the
    /// database's own code (SQLSTATE, errno) where it gave one, the
    /// message, and the exit code the process ends with.
    pub fn error(&self, e: &anyhow_like::Error, exit_code: i32) {
        let text = self.scrub(&e.to_string());
        eprintln!("{RED}error:{RED:#} {text}");
        if self.json {
            let (kind, code) = e.kind_and_code();
            self.json(&error_json(kind, code, &text, exit_code));
        }
    }
}

/// The `--json` form of an error.
fn error_json(
    kind: &str,
    code: Option<String>,
    message: &str,
    exit_code: i32,
) -> serde_json::Value {
    serde_json::json!({
        "error": {
            "kind": kind,
            "code": code,
            "message": message,
            "exit_code": exit_code,
        }
    })
}

/// A command line clap refused, with `--json` in it: the error as JSON on
/// stdout too (clap prints its own message on stderr). No secret is known
/// yet, so the URL-shaped ones are redacted by the library's one rule.
pub fn usage_error_json(message: &str, exit_code: u8) {
    let message = stillhead::dburl::redact_text(message.trim_end());
    let value = error_json("usage", None, &message, i32::from(exit_code));
    let text = serde_json::to_string_pretty(&value).expect("errors serialise");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

/// Column-aligned rows: pads every column but the last to its widest cell,
/// measuring visible characters only.
pub fn table(rows: &[Vec<String>]) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(visible_len(cell));
        }
    }
    rows.iter()
        .map(|row| {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    let pad = widths[i] - visible_len(cell);
                    line.push_str(&" ".repeat(pad + 2));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Length without ANSI escape sequences (anstream's stripping, which reads
/// every escape form, not only colours).
fn visible_len(s: &str) -> usize {
    anstream::adapter::strip_str(s)
        .map(|text| text.chars().count())
        .sum()
}

/// Wraps text in a style when stdout shows colour; else the text as it is.
pub fn paint(style: Style, text: impl AsRef<str>) -> String {
    if !stdout_has_color() {
        return text.as_ref().to_string();
    }
    format!("{style}{}{style:#}", text.as_ref())
}

/// Whether stdout shows colour (`--color`, `NO_COLOR`, a terminal), as
/// decided by [`Printer::new`]. `paint` writes escapes only then, so output
/// to a pipe or file needs no stripping.
static STDOUT_COLOR: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn stdout_has_color() -> bool {
    STDOUT_COLOR.load(std::sync::atomic::Ordering::Relaxed)
}

/// Tags as `[a, b]`, or nothing.
pub fn tags(tags: &[String]) -> String {
    if tags.is_empty() {
        String::new()
    } else {
        paint(DIM, format!("[{}]", tags.join(", ")))
    }
}

/// Milliseconds, readable.
pub fn ms(v: f64) -> String {
    if v >= 1000.0 {
        format!("{:.2} s", v / 1000.0)
    } else if v >= 10.0 {
        format!("{v:.0} ms")
    } else {
        format!("{v:.1} ms")
    }
}

/// The error type commands return: the library's errors or a plain message.
pub mod anyhow_like {
    /// A command failure.
    #[derive(Debug)]
    pub enum Error {
        /// From the library (boxed: library errors carry a lot of context).
        Lib(Box<stillhead::Error>),
        /// A message of the CLI's own.
        Msg(String),
        /// A command line that cannot be run as it is (exit 2).
        Usage(String),
    }

    impl std::fmt::Display for Error {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                Error::Lib(e) => write!(f, "{e}"),
                Error::Msg(m) | Error::Usage(m) => f.write_str(m),
            }
        }
    }

    impl Error {
        /// What kind of error this is, in `snake_case`, and the database's
        /// own code (SQLSTATE, errno, SQLite's extended code) where it
        /// gave one.
        pub fn kind_and_code(&self) -> (&'static str, Option<String>) {
            match self {
                Error::Lib(e) => (e.kind(), e.code()),
                Error::Msg(_) => ("failed", None),
                Error::Usage(_) => ("usage", None),
            }
        }
    }

    impl<E: Into<stillhead::Error>> From<E> for Error {
        fn from(e: E) -> Self {
            Error::Lib(Box::new(e.into()))
        }
    }
}
