//! The cargo features `sqlite`, `postgres` and `mysql` (README, "Using the
//! library"): a database whose feature this build left out is refused with
//! `Error::FeatureDisabled` naming the feature, whatever asks for it (a
//! connection, `database create|drop`, a scratch database with `tools`);
//! one whose feature is on is tried. Every build runs these: `cargo test -p
//! stillhead --all-features` checks the drivers are there, `.ci/run`'s
//! `--no-default-features --features sqlite` run checks the refusal.

use stillhead::DialectBackend;
use stillhead::{Config, Dialect, Error, MigrationSet, Migrator};

/// A URL of each database that fails fast where its driver is built: a
/// closed port on this host, SQLite in memory (which opens).
fn url(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Sqlite => "sqlite::memory:",
        Dialect::Postgres => "postgres://app:s3cret@127.0.0.1:1/app?connect_timeout=2",
        Dialect::Mysql => "mysql://app:s3cret@127.0.0.1:1/app",
    }
}

const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

#[test]
fn a_database_left_out_is_refused_naming_its_feature_and_one_built_is_tried() {
    for dialect in ALL {
        let config = Config::for_url(url(dialect)).unwrap();
        let got = stillhead::open(&config);
        if dialect.driver_enabled() {
            assert!(
                !matches!(got, Err(Error::FeatureDisabled { .. })),
                "{dialect}: built with its driver, yet refused as left out"
            );
            continue;
        }
        let Err(e) = got else {
            panic!("{dialect}: built without its driver, yet a connection opened");
        };
        match &e {
            Error::FeatureDisabled {
                dialect: d,
                feature,
                url,
            } => {
                assert_eq!(*d, dialect);
                assert_eq!(*feature, dialect.feature());
                assert!(!url.contains("s3cret"), "{dialect}: password shown: {url}");
            }
            other => panic!("{dialect}: expected FeatureDisabled, got {other:?}"),
        }
        // `database create|drop` asks the same driver.
        let parsed = stillhead::DatabaseUrl::parse(url(dialect)).unwrap();
        let opts = stillhead::ConnectOptions::default();
        match stillhead::database_exists(&parsed, &opts) {
            Err(Error::FeatureDisabled { feature, .. }) => assert_eq!(feature, dialect.feature()),
            other => panic!("{dialect}: admin without its driver: {other:?}"),
        }
        let message = e.to_string();
        let want = format!(
            "stillhead was built without the `{}` feature",
            dialect.feature()
        );
        assert!(message.contains(&want), "{dialect}: {message}");
        assert!(message.contains("enable it in Cargo.toml"), "{message}");
        assert!(!message.contains("s3cret"), "{message}");
    }
}

/// Scratch databases are the tooling's (the `tools` feature).
#[test]
#[cfg(feature = "tools")]
fn a_scratch_database_of_a_database_left_out_is_refused_too() {
    use stillhead::dialect::scratch::{self, ScratchRequest};
    use stillhead::{ConnectOptions, DatabaseUrl};
    for dialect in ALL.into_iter().filter(|d| !d.driver_enabled()) {
        let live = DatabaseUrl::parse(url(dialect)).unwrap();
        let req = ScratchRequest {
            live: Some(&live),
            server: None,
            opts: ConnectOptions::default(),
            sql: Vec::new(),
        };
        match scratch::create(&req) {
            Err(Error::FeatureDisabled { feature, .. }) => assert_eq!(feature, dialect.feature()),
            Err(other) => panic!("{dialect}: expected FeatureDisabled, got {other:?}"),
            Ok(_) => panic!("{dialect}: a scratch database without its driver"),
        }
    }
}

/// What needs no connection works for every database in every build: an
/// offline script is the database's SQL text, not its driver.
#[test]
fn offline_scripts_are_written_for_every_database_in_every_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("001_a.sql"),
        stillhead_testkit::mig(
            "001",
            "",
            "CREATE TABLE a (id INTEGER);",
            Some("DROP TABLE a;"),
        ),
    )
    .unwrap();
    let set = MigrationSet::from_dir(dir.path()).unwrap();
    for dialect in ALL {
        let config = Config::for_url(url(dialect)).unwrap();
        let script = Migrator::new(&set, &config)
            .offline_script(&stillhead::OfflineRequest {
                direction: stillhead::Direction::Upgrade,
                range: "head".into(),
                dialect,
                schema: None,
            })
            .unwrap();
        assert!(
            script.contains("CREATE TABLE a (id INTEGER);"),
            "{dialect}:\n{script}"
        );
        assert!(script.contains("stillhead_version"), "{dialect}:\n{script}");
    }
}
