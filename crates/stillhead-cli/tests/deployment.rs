//! What stands between an app and its database in production: a standby or
//! a replica that must not be migrated, and multi-host URLs that find the
//! primary.

mod common;

use common::*;

#[test]
fn a_postgres_standby_is_refused_for_writes_read_for_reads_and_a_multi_host_url_finds_the_primary()
{
    if !Backend::all().contains(&Backend::Postgres) {
        return;
    }
    let pair = common::pgstandby::Standby::start();
    let db = unique_name();
    let mut admin = postgres::Client::connect(&pair.primary, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    let p = Project::shop_on(Backend::Sqlite);
    let (primary, standby) = (pair.url(true, &db), pair.url(false, &db));
    p.ok(&["--url", &primary, "upgrade", "003_member_fields"]);
    pair.catch_up();
    for args in [
        &["upgrade", "head"][..],
        &["downgrade", "-1"],
        &["stamp", "head"],
        &["resolve", "003_member_fields", "--applied"],
    ] {
        let mut full = vec!["--url", standby.as_str()];
        full.extend_from_slice(args);
        let err = p.fails(&full);
        assert!(
            err.contains("127.0.0.1:25433")
                && err.contains("hot standby")
                && err.contains("primary")
                && err.contains("--allow-read-only-server"),
            "{args:?}: {err}"
        );
    }
    // Reads work there.
    let out = p.ok(&["--url", &standby, "current"]);
    assert!(out.contains("003_member_fields"), "{out}");
    p.ok(&["--url", &standby, "history"]);
    // At head there is nothing to write, so nothing to refuse.
    // The override lets the run try; the standby itself then says no.
    let err = p.fails(&[
        "--url",
        &standby,
        "--allow-read-only-server",
        "upgrade",
        "head",
    ]);
    assert!(err.contains("read-only"), "{err}");
    // A multi-host URL listing the standby first reaches the primary.
    let multi = format!(
        "postgres://postgres@127.0.0.1:25433,127.0.0.1:25432/{db}?target_session_attrs=read-write"
    );
    let out = p.ok(&["--url", &multi, "upgrade", "head"]);
    assert!(out.contains("007_device_sessions"), "{out}");
    pair.catch_up();
    let out = p.ok(&["--url", &standby, "upgrade", "head"]);
    assert!(
        !out.contains("error"),
        "at head on the standby: nothing to refuse: {out}"
    );
    admin
        .batch_execute(&format!("DROP DATABASE {db} WITH (FORCE)"))
        .unwrap();
}

#[test]
fn a_mariadb_replica_is_refused_even_to_root_unless_allowed() {
    if !Backend::all().contains(&Backend::Mysql) {
        return;
    }
    let replica =
        common::mariadb_private::PrivateMariadb::start("readonly", 23306, &["--read-only=ON"]);
    let db = unique_name();
    replica.execute(&format!("CREATE DATABASE {db}"));
    let p = project_on(Backend::Sqlite, &common::ab_chain());
    let url = replica.db_url(&db);
    for args in [&["upgrade", "head"][..], &["stamp", "head"]] {
        let mut full = vec!["--url", url.as_str()];
        full.extend_from_slice(args);
        let err = p.fails(&full);
        assert!(
            err.contains("127.0.0.1:23306")
                && err.contains("read_only=ON")
                && err.contains("replica"),
            "{args:?}: {err}"
        );
    }
    let out = p.ok(&["--url", &url, "current"]);
    assert!(!out.contains("error"), "{out}");
    // root writes through read_only: the override is for those who mean it.
    p.ok(&["--url", &url, "--allow-read-only-server", "upgrade", "head"]);
    let out = p.ok(&["--url", &url, "current"]);
    assert!(out.contains("002_b"), "{out}");
    replica.execute(&format!("DROP DATABASE {db}"));
}
