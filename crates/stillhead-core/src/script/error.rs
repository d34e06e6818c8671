//! Errors in migration files and templates: each names the file and, where
//! it applies, the line.

/// A problem with a migration file, its folder or the template.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScriptError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A header key that does not exist.
    #[error("{file}:{line}: unknown header key \"{key}\"; known keys: {known} (a plain comment must not look like `key: value`)")]
    UnknownKey {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The key found.
        key: String,
        /// The keys allowed.
        known: String,
    },
    /// A header key given twice.
    #[error("{file}:{line}: header key \"{key}\" given again (first on line {first})")]
    DuplicateKey {
        /// The file.
        file: String,
        /// The second occurrence.
        line: usize,
        /// The first occurrence.
        first: usize,
        /// The key.
        key: String,
    },
    /// A header value that is not allowed.
    #[error("{file}:{line}: {key}: \"{value}\" is not valid; expected {expected}")]
    BadValue {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The key.
        key: String,
        /// The value found.
        value: String,
        /// What is allowed.
        expected: String,
    },
    /// A string, quoted identifier, comment, dollar-quoted body or
    /// statement group still open at the end of its section.
    #[error("{file}:{line}: {what} starts here and is not closed before the section ends, so everything after it would be read as part of it (SQLite would even drop the rest of an unclosed /* comment without an error); close it. Nothing of the migration was run")]
    Unclosed {
        /// The file.
        file: String,
        /// Where it opens.
        line: usize,
        /// What it is.
        what: &'static str,
    },
    /// A command of a database's command-line client (`DELIMITER`, a psql
    /// `\` meta-command), which the server refuses as SQL.
    #[error("{file}:{line}: `{command}` is a command of the {client} client, not SQL, and the server would refuse it partway through the migration; {instead}. Nothing of the migration was run")]
    ClientCommand {
        /// The file.
        file: String,
        /// Where the command is.
        line: usize,
        /// The command as written (its first line).
        command: String,
        /// `mysql` or `psql`.
        client: &'static str,
        /// What to write instead.
        instead: &'static str,
    },
    /// A part `stillhead import` could not produce, still as it wrote it.
    #[error("{file}:{line}: `{todo}`: `stillhead import` could not produce this part of the migration, and run as it is it would skip what the migration does (a later one would then fail on what it should have made). Write the part by hand (the file's TODO says what is missing), delete this line, then run again. Nothing of the migration was run")]
    ImportTodo {
        /// The file.
        file: String,
        /// The importer's line.
        line: usize,
        /// Its text.
        todo: String,
    },
    /// No `revision` key.
    #[error("{file}: the header has no `-- revision: ID` line; every migration needs one")]
    MissingRevision {
        /// The file.
        file: String,
    },
    /// SQL (or anything but comments) before the first section marker.
    #[error("{file}:{line}: SQL before `-- +upgrade`; statements belong in the `-- +upgrade` or `-- +downgrade` section")]
    SqlBeforeSection {
        /// The file.
        file: String,
        /// The line.
        line: usize,
    },
    /// A `-- +something` marker that is not a section.
    #[error("{file}:{line}: unknown marker \"{marker}\"; sections start with `-- +upgrade` or `-- +downgrade` (optionally `dialect=sqlite|postgres|mysql`)")]
    UnknownMarker {
        /// The file.
        file: String,
        /// The line.
        line: usize,
        /// The marker text.
        marker: String,
    },
    /// The same section (direction and dialect) twice.
    #[error("{file}:{line}: a second `{marker}` section (the first is on line {first})")]
    DuplicateSection {
        /// The file.
        file: String,
        /// The second marker.
        line: usize,
        /// The first marker.
        first: usize,
        /// The marker.
        marker: String,
    },
    /// No `-- +upgrade` section.
    #[error("{file}: no `-- +upgrade` section; a migration needs one (an absent `-- +downgrade` makes it irreversible)")]
    NoUpgrade {
        /// The file.
        file: String,
    },
    /// The template could not be rendered.
    #[error("{file}{}: template error: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        /// The template file (or "built-in template").
        file: String,
        /// The line, if known.
        line: Option<usize>,
        /// The template engine's message.
        message: String,
    },
    /// A new file would overwrite an existing one.
    #[error("{path} already exists; choose another --rev-id")]
    Exists {
        /// The path.
        path: String,
    },
}
