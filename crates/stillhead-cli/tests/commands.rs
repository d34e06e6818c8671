//! The commands beyond the guide's list: init, template override, merge and
//! branches, labels and depends-on, stamp --purge, verify, JSON everywhere,
//! shell completions and the manual page.

mod common;

use common::{mig, Backend, Project};

fn json(p: &Project, args: &[&str]) -> serde_json::Value {
    let mut full = vec!["--json"];
    full.extend_from_slice(args);
    let out = p.ok(&full);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
}

#[test]
fn init_scaffolds_a_working_project() {
    let p = Project::with_files(&[]);
    let out = p.ok(&["init", "app"]);
    assert!(
        out.contains("app/stillhead.toml") && out.contains("app/migrations"),
        "{out}"
    );
    let app = p.path().join("app");
    assert!(app.join("schema.sql").is_file());
    // The scaffold is usable as it is: write a revision and apply it.
    let run = |args: &[&str]| {
        let out = p.cmd().current_dir(&app).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let path = run(&["revision", "-m", "create users"]);
    assert!(path.contains("migrations/001_create_users.sql"), "{path}");
    std::fs::write(
        app.join("migrations/001_create_users.sql"),
        mig(
            "001_create_users",
            "",
            "CREATE TABLE users (id INTEGER PRIMARY KEY);",
            Some("DROP TABLE users;"),
        ),
    )
    .unwrap();
    run(&["upgrade", "head"]);
    assert!(app.join("app.db").is_file());
    // Running init again changes nothing.
    let again = p.ok(&["init", "app"]);
    assert!(again.contains("nothing created"), "{again}");
}

#[test]
fn user_template_overrides_the_builtin_one() {
    let p = Project::with_files(&[]);
    p.write(
        "template.sql",
        "-- revision: {{ id }}\n-- revises: {{ revises | join(\", \") }}\n-- message: {{ message }}\n-- tags: {{ tags | join(\", \") }}\n-- Reviewed-by: nobody yet\n\n-- +upgrade\n-- TEAM TEMPLATE\n\n-- +downgrade\n",
    );
    let out = p.ok(&["revision", "-m", "First", "--tag", "a,b", "--tag", "c"]);
    let text = std::fs::read_to_string(p.path().join(out.trim())).unwrap();
    assert!(text.contains("-- TEAM TEMPLATE"), "{text}");
    assert!(text.contains("-- tags: a, b, c"), "{text}");
    // template.sql itself is not a migration.
    let history = json(&p, &["history"]);
    assert_eq!(history.as_array().unwrap().len(), 1);
    // A broken template is reported with its line.
    p.write("template.sql", "-- revision: {{ id }}\n{% if %}\n");
    let err = p.fails(&["revision", "-m", "Second"]);
    assert!(err.contains("template.sql:2"), "{err}");
}

#[test]
fn branches_merge_labels_and_depends_on() {
    for backend in Backend::all() {
        let p = Project::on(
            backend,
            &[(
                "001_a.sql",
                &mig(
                    "001_a",
                    "",
                    "CREATE TABLE a (id INTEGER);",
                    Some("DROP TABLE a;"),
                ),
            )],
        );
        p.ok(&["revision", "-m", "left", "--rev-id", "002_left"]);
        let err = p.fails(&[
            "revision",
            "-m",
            "right",
            "--rev-id",
            "002_right",
            "--head",
            "001_a",
        ]);
        assert!(err.contains("--splice"), "{err}");
        p.ok(&[
            "revision",
            "-m",
            "right",
            "--rev-id",
            "002_right",
            "--head",
            "001_a",
            "--splice",
            "--branch",
            "feature",
        ]);
        let out = p.ok(&["branches"]);
        assert!(
            out.contains("001_a") && out.contains("002_left") && out.contains("002_right"),
            "{out}"
        );
        let heads = json(&p, &["heads"]);
        assert_eq!(heads.as_array().unwrap().len(), 2);
        let err = p.fails(&["revision", "-m", "next"]);
        assert!(err.contains("2 heads") && err.contains("--head"), "{err}");
        // Upgrade one branch by its label, then everything.
        p.ok(&["upgrade", "feature@head"]);
        assert_eq!(p.applied(), ["001_a", "002_right"]);
        p.ok(&["upgrade", "heads"]);
        let out = p.ok(&["merge", "-m", "join", "--rev-id", "003_merge"]);
        assert!(out.contains("003_merge.sql"), "{out}");
        let show = json(&p, &["show", "003_merge"]);
        assert_eq!(show["is_merge"], true);
        assert_eq!(
            show["revises"],
            serde_json::json!(["002_left", "002_right"])
        );
        p.ok(&[
            "revision",
            "-m",
            "needs left",
            "--rev-id",
            "004_dep",
            "--depends-on",
            "002_left",
        ]);
        let show = json(&p, &["show", "004_dep"]);
        assert_eq!(show["depends_on"], serde_json::json!(["002_left"]));
        p.ok(&["upgrade", "head"]);
        // Downgrading one side of the merge reverts only what depends on it.
        p.ok(&["downgrade", "002_left"]);
        assert_eq!(p.applied(), ["001_a", "002_left", "002_right"]);
        let current = json(&p, &["current"]);
        let heads: Vec<&str> = current["current"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["revision"].as_str().unwrap())
            .collect();
        assert_eq!(heads, ["002_left", "002_right"]);
        let err = p.fails(&["downgrade", "-1"]);
        assert!(err.contains("several current heads"), "{err}");
        p.ok(&["downgrade", "002_right@-1"]);
        assert_eq!(p.applied(), ["001_a", "002_left"]);
    }
}

#[test]
fn stamp_purge_and_verify_unknown() {
    for backend in Backend::all() {
        let p = Project::on(
            backend,
            &[
                (
                    "001_a.sql",
                    &mig(
                        "001_a",
                        "",
                        "CREATE TABLE a (id INTEGER);",
                        Some("DROP TABLE a;"),
                    ),
                ),
                (
                    "002_b.sql",
                    &mig(
                        "002_b",
                        "001_a",
                        "CREATE TABLE b (id INTEGER);",
                        Some("DROP TABLE b;"),
                    ),
                ),
            ],
        );
        p.ok(&["upgrade", "head"]);
        std::fs::remove_file(p.path().join("migrations/002_b.sql")).unwrap();
        let (code, out, _) = p.run(&["verify"]);
        assert_eq!(code, 3, "{out}");
        assert!(out.contains("unknown") && out.contains("002_b"), "{out}");
        let err = p.fails(&["upgrade", "head"]);
        assert!(
            err.contains("002_b") && err.contains("stamp --purge"),
            "{err}"
        );
        let stamp = json(&p, &["stamp", "001_a", "--purge"]);
        assert_eq!(stamp["removed"], serde_json::json!(["001_a", "002_b"]));
        assert_eq!(stamp["added"], serde_json::json!(["001_a"]));
        let verify = json(&p, &["verify"]);
        assert_eq!(verify["issues"], serde_json::json!([]));
    }
}

#[test]
fn every_data_command_speaks_json() {
    for backend in Backend::all() {
        let p = Project::shop_on(backend);
        for args in [
            &["upgrade", "+2"][..],
            &["upgrade", "head", "--dry-run"],
            &["downgrade", "-1", "--dry-run"],
            &["current"],
            &["history"],
            &["show", "head"],
            &["heads"],
            &["branches"],
            &["verify"],
            &["stamp", "head"],
            &["stamp", "base"],
        ] {
            json(&p, args);
        }
        // Errors too: a JSON object on stdout, the message on stderr, exit 1.
        let (code, out, err) = p.run(&["--json", "upgrade", "nope"]);
        assert_eq!(code, 1);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert!(
            v["error"]["message"].as_str().unwrap().contains("nope"),
            "{out}"
        );
        assert_eq!(v["error"]["kind"], "target", "{out}");
        assert_eq!(v["error"]["exit_code"], 1, "{out}");
        assert!(err.contains("nope"));
    }
}

#[test]
fn verbose_shows_statements_and_history_details() {
    let p = Project::shop();
    let (code, _, err) = p.run(&["-v", "upgrade", "+1"]);
    assert_eq!(code, 0);
    assert!(err.contains("-- 001_initial_schema"), "{err}");
    assert!(err.contains("[1] CREATE TABLE members"), "{err}");
    let out = p.ok(&["history", "-v"]);
    assert!(out.contains("revises: 006_audit_log_columns"), "{out}");
    assert!(out.contains("migrations/007_device_sessions.sql"), "{out}");
    let out = p.ok(&["-v", "current"]);
    assert!(
        out.contains("Database: sqlite://") && out.contains("applied 20"),
        "{out}"
    );
    let quiet = p.ok(&["-q", "upgrade", "head"]);
    assert!(quiet.is_empty(), "{quiet}");
}

#[test]
fn colour_is_on_only_when_asked_or_on_a_terminal() {
    let p = Project::shop();
    let plain = p.ok(&["history"]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let out = p
        .cmd()
        .args(["--color", "always", "history"])
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("\u{1b}["));
}

#[test]
fn lint_flags_risky_statements_and_can_be_silenced() {
    let p = Project::with_files(&[
        (
            "001_a.sql",
            &mig(
                "001_a",
                "",
                "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\nCREATE INDEX a_x ON a (x);",
                Some("DROP TABLE a;"),
            ),
        ),
        (
            "002_b.sql",
            &mig(
                "002_b",
                "001_a",
                "ALTER TABLE a ADD COLUMN y INTEGER NOT NULL;\nCREATE INDEX a_y ON a (y);",
                Some("DROP INDEX a_y;"),
            ),
        ),
    ]);
    let (code, out, _) = p.run(&["lint", "--dialect", "postgres"]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("002_b.sql:6: SH003"), "{out}");
    assert!(out.contains("002_b.sql:7: SH004"), "{out}");
    assert!(
        !out.contains("001_a.sql"),
        "an index on a table created in the same migration is fine: {out}"
    );
    let (_, out, _) = p.run(&["--json", "lint", "--dialect", "sqlite"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        1,
        "SH004 is a PostgreSQL rule: {v}"
    );
    p.write(
        "002_b.sql",
        &mig("002_b", "001_a", "-- stillhead allow SH003\nALTER TABLE a ADD COLUMN y INTEGER NOT NULL;\n-- stillhead allow SH004\nCREATE INDEX a_y ON a (y);", Some("DROP INDEX a_y;")),
    );
    let out = p.ok(&["lint", "--dialect", "postgres"]);
    assert!(out.contains("no findings"), "{out}");
}

#[test]
fn completions_for_each_shell_and_a_manual_page() {
    let p = Project::with_files(&[]);
    for (shell, sign) in [
        ("bash", "complete -F _stillhead"),
        ("zsh", "#compdef stillhead"),
        ("fish", "complete -c stillhead"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = p.ok(&["completions", shell]);
        assert!(
            out.contains(sign),
            "{shell}: {}",
            &out[..out.len().min(300)]
        );
        assert!(
            out.contains("upgrade") && out.contains("downgrade"),
            "{shell} completes the commands"
        );
    }
    let man = p.ok(&["man"]);
    assert!(
        man.starts_with(".ie") && man.contains(".TH stillhead 1"),
        "{}",
        &man[..200]
    );
    assert!(man.contains("upgrade"), "the commands are in the page");
}

#[test]
fn lint_writes_github_annotations_and_sarif_and_sees_only_what_is_new() {
    let p = Project::with_files(&[(
        "001_t.sql",
        mig(
            "001_t",
            "",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\nDROP TABLE t;",
            None,
        )
        .as_str(),
    )]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .current_dir(p.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    p.write(
        "002_u.sql",
        &mig(
            "002_u",
            "001_t",
            "CREATE TABLE u (id INTEGER PRIMARY KEY);\nDROP TABLE u;",
            None,
        ),
    );

    let (code, out, _) = p.run(&["lint", "--dialect", "sqlite", "--format", "github"]);
    assert_eq!(code, 3, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::warning file=")
            && lines[0].contains(",line=")
            && lines[0].contains("::SH001"),
        "{out}"
    );

    let (code, out, _) = p.run(&[
        "lint",
        "--dialect",
        "sqlite",
        "--format",
        "github",
        "--since",
        "HEAD",
    ]);
    assert_eq!(code, 3, "{out}");
    assert_eq!(
        out.lines().count(),
        1,
        "only the migration added since HEAD: {out}"
    );
    assert!(out.contains("002_u.sql"), "{out}");

    let (_, out, _) = p.run(&["lint", "--dialect", "sqlite", "--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["ruleId"], "SH001");
    assert!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "SH001"
    );
}

#[test]
fn history_graph_draws_branches_and_merges_and_dot_writes_graphviz() {
    let p = Project::with_files(&[
        (
            "a.sql",
            mig(
                "a",
                "",
                "CREATE TABLE a (id INTEGER);",
                Some("DROP TABLE a;"),
            )
            .as_str(),
        ),
        (
            "b.sql",
            mig(
                "b",
                "a",
                "CREATE TABLE b (id INTEGER);",
                Some("DROP TABLE b;"),
            )
            .as_str(),
        ),
        (
            "c.sql",
            mig(
                "c",
                "a",
                "CREATE TABLE c (id INTEGER);",
                Some("DROP TABLE c;"),
            )
            .as_str(),
        ),
        (
            "m.sql",
            mig(
                "m",
                "b, c",
                "CREATE TABLE m (id INTEGER);",
                Some("DROP TABLE m;"),
            )
            .as_str(),
        ),
    ]);
    p.ok(&["upgrade", "b"]);
    let out = p.ok(&["history", "--graph"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("* ○ m"),
        "newest first, not applied: {out}"
    );
    assert_eq!(lines[1].trim_end(), "| \\", "the merge opens a lane: {out}");
    assert!(
        lines.iter().any(|l| l.starts_with("| * ○ c")),
        "c on the second lane: {out}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("* | ● b")),
        "b applied, on the first: {out}"
    );
    assert!(
        lines.iter().any(|l| l.trim_end() == "| /"),
        "the branches rejoin at a: {out}"
    );
    assert!(lines.last().unwrap().starts_with("* ● a"), "{out}");

    let dot = p.ok(&["history", "--format", "dot"]);
    assert!(dot.starts_with("digraph stillhead {"), "{dot}");
    for edge in [
        "\"m\" -> \"b\"",
        "\"m\" -> \"c\"",
        "\"b\" -> \"a\"",
        "\"c\" -> \"a\"",
    ] {
        assert!(dot.contains(edge), "{edge}: {dot}");
    }
    assert!(
        dot.contains("\"b\" [label=\"b\\nb\", style=filled"),
        "applied is filled: {dot}"
    );
}

/// `status`: the current revision and each pending migration with its
/// message, in the order they apply (it was a tip toward `stamp`, a
/// command that writes; a typo of it is now offered `status`).
#[test]
fn status_lists_the_current_revision_and_what_is_pending() {
    let p = Project::shop();
    p.ok(&["upgrade", "003_member_fields"]);
    let out = p.ok(&["status"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("003_member_fields"), "{out}");
    assert!(out.contains("Pending (4)"), "{out}");
    let pending: Vec<&str> = lines[2..]
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        pending,
        [
            "004_order_item_status",
            "005_order_foreign_keys",
            "006_audit_log_columns",
            "007_device_sessions"
        ],
        "{out}"
    );
    assert!(out.contains("Audit log enhancements"), "{out}");
    let report = json(&p, &["status"]);
    assert_eq!(report["pending"].as_array().unwrap().len(), 4);
    p.ok(&["upgrade", "head"]);
    let out = p.ok(&["status"]);
    assert!(
        out.contains("007_device_sessions (head)") && !out.contains("Pending"),
        "{out}"
    );
    let (code, _, err) = p.run(&["statsu"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("'status'"), "{err}");
}
