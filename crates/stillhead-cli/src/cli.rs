//! Command-line arguments (clap derive). The shape follows the README's command table and
//! Alembic's command names.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Versioned, reviewable, reversible database schema migrations.
#[derive(Debug, Parser)]
#[command(name = "stillhead", version, about, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

const EXIT_CODES: &str = "Exit codes: 0 success, 1 failure (also: the server did not come up within --wait), 2 usage error, 3 `verify`, `check`, `test` or `lint` found problems, 130 interrupted by Ctrl-C (SIGINT), 143 by SIGTERM, 129 by SIGHUP (a running statement is cancelled on the server first).";

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Config file [default: ./stillhead.toml if present]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Database URL; overrides DATABASE_URL and the config file
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// Server for scratch databases (test, check, autogenerate); overrides [autogenerate] scratch_url
    #[arg(long, global = true, value_name = "URL")]
    pub scratch_url: Option<String>,
    /// Write to a server that is a standby or replica (refused by default)
    #[arg(long, global = true)]
    pub allow_read_only_server: bool,
    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// More output: -v shows each statement and details, -vv the library's debug log
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Less output: only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Before connecting, wait up to SECONDS (default 60) for the server to accept connections (a container starting)
    #[arg(long, global = true, value_name = "SECONDS", num_args = 0..=1, require_equals = true, default_missing_value = "60", value_parser = seconds)]
    pub wait: Option<std::time::Duration>,
}

/// A number of seconds (fractions allowed), more than 0 and at most a day.
pub fn seconds(text: &str) -> Result<std::time::Duration, String> {
    let value: f64 = text
        .trim()
        .trim_end_matches('s')
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !(value > 0.0 && value <= 86_400.0) {
        return Err(format!("{text} is not between 0 and 86400 seconds"));
    }
    Ok(std::time::Duration::from_secs_f64(value))
}

/// How `history` writes the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    /// A table, or with --graph a drawing
    Text,
    /// Graphviz
    Dot,
}

/// How `lint` writes its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// `file:line: RULE message (revision)`
    Text,
    /// `::warning file=…,line=…::…`, which GitHub Actions shows on the pull request
    Github,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
}

/// Where autogenerate takes the "before" schema from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    Database,
    Migrations,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create stillhead.toml, migrations/ and schema.sql
    Init {
        /// Where to create the project
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write a new migration file from the template and print its path
    #[command(after_help = EX_REVISION)]
    Revision(RevisionArgs),
    /// Apply migrations up to TARGET (head, heads, REV, prefix, +N, REV+N, branch@head)
    #[command(after_help = EX_UPGRADE)]
    Upgrade {
        /// Where to go (with --sql, FROM:TO is allowed)
        #[arg(default_value = "head", allow_negative_numbers = true)]
        target: String,
        /// Show the plan without running it
        #[arg(long, conflicts_with = "sql")]
        dry_run: bool,
        #[command(flatten)]
        offline: Offline,
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// Revert migrations down to TARGET (-N, REV, prefix, REV-N, LABEL@-N, base)
    #[command(after_help = EX_DOWNGRADE)]
    Downgrade {
        /// Where to go (with --sql, FROM:TO is required)
        #[arg(allow_negative_numbers = true)]
        target: String,
        /// Show the plan without running it
        #[arg(long, conflicts_with = "sql")]
        dry_run: bool,
        #[command(flatten)]
        offline: Offline,
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// Show the database's current revision(s)
    #[command(after_help = EX_CURRENT)]
    Current {
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// Show the current revision(s) and every migration still pending
    #[command(after_help = EX_STATUS)]
    Status,
    /// List revisions, newest first
    #[command(after_help = EX_HISTORY)]
    History {
        /// Range LOWER:UPPER, each side base, head, current or a revision
        #[arg(short = 'r', long = "rev-range", allow_negative_numbers = true)]
        range: Option<String>,
        /// Only revisions with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Draw the graph, as `git log --graph` does
        #[arg(long)]
        graph: bool,
        /// `dot`: the graph in Graphviz's language (`| dot -Tsvg > history.svg`)
        #[arg(long, value_enum, default_value_t = HistoryFormat::Text)]
        format: HistoryFormat,
    },
    /// Show one revision
    Show {
        /// Revision id, unique prefix, or head
        rev: String,
    },
    /// List the heads of the graph
    Heads,
    /// List branch points
    Branches,
    /// Write a merge revision over the given heads (default: all heads)
    Merge {
        /// Message
        #[arg(short, long)]
        message: String,
        /// Revisions to merge
        revs: Vec<String>,
        /// Id for the merge revision
        #[arg(long)]
        rev_id: Option<String>,
    },
    /// Record the database as being at REV without running migrations
    #[command(after_help = EX_STAMP)]
    Stamp {
        /// Revision (head, heads, base, an id…)
        #[arg(allow_negative_numbers = true)]
        rev: String,
        /// Forget every recorded revision first, even ones no file defines
        #[arg(long)]
        purge: bool,
        /// Stamp only if the live schema is what the migrations make at REV (replayed on a scratch database); else list the differences (exit 3)
        #[arg(long)]
        verify: bool,
    },
    /// Exit 0 if the database is at head and matches schema.sql; else list the differences (exit 3)
    #[command(after_help = EX_CHECK)]
    Check {
        #[command(flatten)]
        fleet: FleetArgs,
    },
    /// On a scratch database, upgrade, downgrade and upgrade again every migration; exit 3 at the first whose downgrade does not restore its parent's schema
    Test {
        /// Only these revisions: LOWER:UPPER, as in history
        #[arg(allow_negative_numbers = true)]
        range: Option<String>,
        /// Test every migration and report every failure (each next one from a fresh replay), then exit 3
        #[arg(long)]
        keep_going: bool,
    },
    /// Flag destructive or lock-heavy statements in migrations (exit 3 if any); silence one with `-- stillhead allow RULE`
    Lint {
        /// Dialect to lint for (default: the configured database's)
        #[arg(long, value_name = "sqlite|postgres|mysql")]
        dialect: Option<String>,
        /// How to write the findings: for people, GitHub workflow annotations, or SARIF 2.1.0
        #[arg(long, value_enum, default_value_t = LintFormat::Text)]
        format: LintFormat,
        /// Only migrations added since this git ref (and files git does not track yet)
        #[arg(long, value_name = "REF")]
        since: Option<String>,
    },
    /// Check the graph, and that no applied migration was edited (exit 3 if not)
    Verify {
        /// Record the current checksum of an edited, applied migration
        #[arg(long, value_name = "REV")]
        accept: Option<String>,
    },
    /// Write the first migration from the live schema of a database made by hand, and stamp it
    Baseline {
        /// Message
        #[arg(short, long)]
        message: String,
        /// Tag (repeat, or separate with commas)
        #[arg(long = "tag", value_delimiter = ',')]
        tags: Vec<String>,
        /// Write a downgrade too (it drops every table: irreversible by default)
        #[arg(long)]
        reversible: bool,
    },
    /// Write stillhead migrations from another tool's: alembic, diesel, sqlx, flyway, golang-migrate, dbmate
    Import {
        /// The tool
        #[arg(value_parser = ["alembic", "diesel", "sqlx", "flyway", "golang-migrate", "dbmate"])]
        tool: String,
        /// Its migrations folder; for alembic, the folder of alembic.ini [default: .] (or `--config alembic.ini`, as with alembic)
        path: Option<PathBuf>,
        /// alembic: the dialect(s) to write SQL for (sqlite, postgres, mysql; comma-separated) [default: sqlalchemy.url's]
        #[arg(long, value_delimiter = ',')]
        dialect: Vec<String>,
        /// Add to a migrations folder that already holds migrations
        #[arg(long)]
        force: bool,
    },
    /// Record what another tool's history table says is applied (alembic, diesel, sqlx, flyway, golang-migrate, dbmate)
    Adopt {
        /// The tool (default: the one whose table is found)
        #[arg(value_parser = ["alembic", "diesel", "sqlx", "flyway", "golang-migrate", "dbmate"])]
        tool: Option<String>,
        /// Drop the other tool's table once adopted
        #[arg(long)]
        drop_source_table: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `stillhead man > stillhead.1`
    Man,
    /// Who holds the migration lock; clear a stale lease
    Lock {
        #[command(subcommand)]
        action: LockCommand,
    },
    /// Wait until the server accepts connections (a container starting); exit 1 if it does not within the timeout
    #[command(after_help = EX_WAIT)]
    Wait {
        /// How long to wait at most, in seconds
        #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
        timeout: std::time::Duration,
    },
    /// Create or drop the database the URL names
    #[command(after_help = EX_DATABASE)]
    Database {
        #[command(subcommand)]
        action: DatabaseCommand,
    },
    /// For development: revert the latest applied migration and apply it again (`downgrade -1`, then `upgrade` of it)
    #[command(after_help = EX_REDO)]
    Redo,
    /// Record how a migration left in progress was finished by hand
    Resolve {
        /// The revision marked in progress
        rev: String,
        /// It is now fully applied
        #[arg(
            long,
            conflicts_with = "reverted",
            required_unless_present = "reverted"
        )]
        applied: bool,
        /// It is now fully undone
        #[arg(long)]
        reverted: bool,
    },
}

/// `database` subcommands.
#[derive(Debug, Subcommand)]
pub enum DatabaseCommand {
    /// Create the database the URL names (PostgreSQL: from the `postgres` database; MariaDB: on the server; SQLite: the file); one that exists is left as it is
    #[command(after_help = EX_DATABASE)]
    Create,
    /// Drop the database the URL names, after asking (`--yes` in scripts)
    #[command(after_help = EX_DATABASE)]
    Drop {
        /// Do not ask (required without a terminal)
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

/// `lock` subcommands.
#[derive(Debug, Subcommand)]
pub enum LockCommand {
    /// Who holds the migration lock and since when, and any lease
    Status,
    /// Remove the lease row of a runner that died (asks first, or --yes)
    Release {
        /// Required: removing a lease lets another runner in
        #[arg(long, required = true)]
        force: bool,
        /// Do not ask
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

/// Running over many databases (a fleet) instead of the one configured.
#[derive(Debug, Args)]
pub struct FleetArgs {
    /// A file of target URLs, one per line (# comments)
    #[arg(long, value_name = "FILE", conflicts_with = "all_targets")]
    pub targets: Option<PathBuf>,
    /// The targets of stillhead.toml's [fleet] (targets, postgres_schemas)
    #[arg(long)]
    pub all_targets: bool,
    /// Targets worked on at once, one connection each (1 to 256)
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=256))]
    pub jobs: usize,
    /// Run K targets first; stop if any fails
    #[arg(long, default_value_t = 0, value_name = "K")]
    pub canary: usize,
    /// Start no more targets after the first failure
    #[arg(long)]
    pub fail_fast: bool,
}

impl FleetArgs {
    /// Whether a fleet was asked for.
    pub fn wanted(&self) -> bool {
        self.targets.is_some() || self.all_targets
    }
}

/// Offline SQL mode.
#[derive(Debug, Args)]
pub struct Offline {
    /// Print the SQL script instead of running it (no database connection)
    #[arg(long)]
    pub sql: bool,
    /// Dialect of the script (default: from the URL's scheme)
    #[arg(long, value_name = "sqlite|postgres|mysql", requires = "sql")]
    pub dialect: Option<String>,
}

/// `revision` arguments.
#[derive(Debug, Args)]
pub struct RevisionArgs {
    /// Message
    #[arg(short, long)]
    pub message: String,
    /// Tag (repeat, or separate with commas)
    #[arg(long = "tag", value_delimiter = ',')]
    pub tags: Vec<String>,
    /// Generate the SQL by comparing schema.sql with the database
    #[arg(long)]
    pub autogenerate: bool,
    /// With --autogenerate: compare with the live database (default), or with the migrations replayed on a scratch database
    #[arg(long, value_enum, default_value_t = From::Database, requires = "autogenerate")]
    pub from: From,
    /// With --autogenerate: TABLE.OLD:NEW is a column rename, not a drop and an add (repeatable)
    #[arg(long, value_name = "TABLE.OLD:NEW", requires = "autogenerate")]
    pub rename: Vec<stillhead::autogen::rename::Rename>,
    /// Id for the new revision
    #[arg(long)]
    pub rev_id: Option<String>,
    /// Parent revision (default: the single head; `base` for a new root)
    #[arg(long)]
    pub head: Option<String>,
    /// Allow a parent that is not a head (starts a branch)
    #[arg(long)]
    pub splice: bool,
    /// Revision this one depends on (repeatable)
    #[arg(long)]
    pub depends_on: Vec<String>,
    /// Branch label for the new revision
    #[arg(long)]
    pub branch: Vec<String>,
}

const EX_UPGRADE: &str = "Examples:
  stillhead upgrade                      apply everything pending (head)
  stillhead upgrade +1                   apply the next migration only
  stillhead upgrade 003_add_orders       apply up to and including 003_add_orders
  stillhead upgrade --dry-run            show what would run
  stillhead upgrade head --sql > up.sql  write the SQL instead of running it
  stillhead --wait=30 upgrade            wait for the server first (a container starting)";

const EX_DOWNGRADE: &str = "Examples:
  stillhead downgrade -1                 revert the latest migration
  stillhead downgrade 002_categories     revert everything built on 002_categories
  stillhead downgrade base               revert everything
  stillhead downgrade head:base --sql    write the SQL instead of running it";

const EX_REVISION: &str = "Examples:
  stillhead revision -m \"add orders\"                  a new migration from the template; prints its path alone
  $EDITOR $(stillhead revision -m \"add orders\")       write it and open it
  stillhead revision -m \"add orders\" --tag orders
  stillhead revision --autogenerate -m \"add orders\"   the SQL from schema.sql against the database";

const EX_CURRENT: &str = "Examples:
  stillhead current                  the current revision(s); (head) marks heads
  stillhead --json current           the same as JSON
  stillhead current --all-targets    every database of [fleet]";

const EX_STATUS: &str = "Examples:
  stillhead status           the current revision(s) and every migration still pending
  stillhead --json status    the same as JSON";

const EX_HISTORY: &str = "Examples:
  stillhead history                         newest first, with applied marks
  stillhead history -r 002_categories:head --tag orders
  stillhead history --graph                 drawn as git log --graph does
  stillhead history --format dot | dot -Tsvg > history.svg";

const EX_CHECK: &str = "Examples:
  stillhead check             exit 0 at head and matching schema.sql; else the differences, exit 3
  stillhead --json check      the report as JSON";

const EX_STAMP: &str = "Examples:
  stillhead stamp head                      record everything as applied, running nothing
  stillhead stamp 002_categories --verify   only if the live schema is what the migrations make there
  stillhead stamp base --purge              forget every recorded revision";

const EX_WAIT: &str = "Examples:
  stillhead wait                     wait up to 60 s for the configured server
  stillhead wait --timeout 120 && stillhead upgrade
  stillhead --wait=30 upgrade        the same as one command
Refused connections, PostgreSQL's \"starting up\" (57P03) and host names that do not resolve yet are waited for; a wrong password or a missing database fails at once.";

const EX_DATABASE: &str = "Examples:
  stillhead database create               create the configured database (exit 0 if it exists)
  stillhead database drop                 drop it, after asking
  stillhead database drop --yes           drop it without asking (scripts, CI)
  stillhead --url postgres://app@db/shop_test database create";

const EX_REDO: &str = "Examples:
  stillhead redo        revert the latest applied migration and apply it again (after editing it)";
