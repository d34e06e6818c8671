//! Golden tests of the renderers: two schemas in, the SQL autogenerate
//! writes out (upgrade, downgrade, warnings), per dialect, compared with
//! `tests/golden/DIALECT/CASE.sql`. No database is needed: the schemas are
//! parsed from the corpus's SQL, or built in code for what the parser does
//! not read (PostgreSQL enum types, sequences, comments, constraint names).
//!
//! After an intended change of output: `STILLHEAD_BLESS=1 cargo test -p
//! stillhead --test render_golden`, then review the diff of `tests/golden`.
#![cfg(feature = "tools")] // the renderers are tooling (ARCHITECTURE.md, "Cargo features")

#[path = "cases/autogen.rs"]
mod cases;

use std::path::PathBuf;

use stillhead::autogen::{generate, rename::Rename};
use stillhead::schema::parse::parse_schema;
use stillhead::schema::{
    Check, Column, Domain, DomainCheck, EnumType, Name, RangeType, RoutineKind, Schema, Sequence,
    Table, TypeAttribute, TypeDef, Unique, UserType,
};
use stillhead::Dialect;

const DIALECTS: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

fn golden_path(dialect: Dialect, case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(dialect.to_string())
        .join(format!("{case}.sql"))
}

fn rendered(from: &Schema, to: &Schema, dialect: Dialect, renames: &[Rename]) -> String {
    match generate(from, to, dialect, renames) {
        Ok(r) => format!(
            "-- upgrade\n{}\n-- downgrade\n{}\n-- warnings\n{}\n",
            r.upgrade.trim_end(),
            r.downgrade.trim_end(),
            r.warnings.join("\n")
        ),
        Err(e) => format!("-- error\n{e}\n"),
    }
}

/// Compares with the golden file (or writes it when blessing); returns the
/// cases that differ.
fn check(dialect: Dialect, case: &str, got: &str, differ: &mut Vec<String>) {
    let path = golden_path(dialect, case);
    if std::env::var_os("STILLHEAD_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    match std::fs::read_to_string(&path) {
        Ok(want) if want == got => {}
        Ok(want) => differ.push(format!(
            "{}:\n--- want\n{want}\n--- got\n{got}",
            path.display()
        )),
        Err(_) => differ.push(format!("{} is missing; got:\n{got}", path.display())),
    }
}

fn parsed(sql: &str, dialect: Dialect) -> Option<Schema> {
    parse_schema(&format!("{}{sql}\n", cases::BASE), dialect, "case.sql").ok()
}

#[test]
fn the_corpus_renders_as_before() {
    let mut differ = Vec::new();
    let mut rendered_cases = 0;
    for dialect in DIALECTS {
        let dialect_cases = cases::DIALECT_CASES
            .iter()
            .filter(|c| c.1 == dialect.to_string())
            .map(|(name, _, s1, s2)| (*name, *s1, *s2));
        for (name, s1, s2) in cases::CASES.iter().copied().chain(dialect_cases) {
            // What the parser does not read offline is covered by the
            // built cases below and end to end by the CLI's corpus test.
            let (Some(from), Some(to)) = (parsed(s1, dialect), parsed(s2, dialect)) else {
                continue;
            };
            check(
                dialect,
                name,
                &rendered(&from, &to, dialect, &[]),
                &mut differ,
            );
            rendered_cases += 1;
        }
    }
    assert!(rendered_cases > 100, "only {rendered_cases} cases parsed");
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
}

fn table(name: &str, columns: &[(&str, &str, bool)]) -> Table {
    let mut t = Table {
        name: name.into(),
        columns: columns
            .iter()
            .map(|(n, ty, nullable)| Column {
                name: (*n).into(),
                ty: (*ty).into(),
                nullable: *nullable,
                ..Column::default()
            })
            .collect(),
        primary_key: vec!["id".into()],
        ..Table::default()
    };
    t.normalise();
    t
}

fn with(tables: Vec<Table>) -> Schema {
    let mut s = Schema::default();
    for t in tables {
        s.tables.insert(t.name.clone(), t);
    }
    s
}

/// Cases built in code, for every dialect (a renderer that has no such
/// object writes a comment saying so).
fn built_cases() -> Vec<(&'static str, Schema, Schema, Vec<Rename>)> {
    let plain = table("t", &[("id", "INTEGER", false), ("v", "INTEGER", true)]);
    let mut cases = Vec::new();

    // Cycles of foreign keys with the names a live database gives them: a
    // cycle's keys are added after its tables and dropped before them
    // (PostgreSQL, MariaDB); SQLite writes each key in its table.
    let mut cycles = parse_schema(
        &format!("{}{}\n", cases::BASE, cases::FOREIGN_KEY_CYCLES),
        Dialect::Postgres,
        "cycles.sql",
    )
    .unwrap();
    for t in cycles.tables.values_mut() {
        for fk in &mut t.foreign_keys {
            fk.name = Name::implied(format!("{}_{}_fkey", t.name, fk.columns.join("_")));
        }
    }
    let base = parse_schema(cases::BASE, Dialect::Postgres, "base.sql").unwrap();
    cases.push(("built_foreign_key_cycles", base, cycles, Vec::new()));

    let mut moods = with(vec![plain.clone()]);
    moods.enums.insert(
        "mood".into(),
        EnumType {
            name: "mood".into(),
            labels: vec!["ok".into(), "sad".into()],
        },
    );
    let mut more_moods = moods.clone();
    more_moods.enums.get_mut("mood").unwrap().labels = vec!["ok".into(), "meh".into()];
    let typed = |s: &Schema| {
        let mut s = s.clone();
        let t = s.tables.get_mut("t").unwrap();
        t.columns.push(Column {
            name: "m".into(),
            ty: "mood".into(),
            nullable: false,
            default: Some("'ok'".into()),
            ..Column::default()
        });
        s
    };
    cases.push((
        "built_enum_added",
        with(vec![plain.clone()]),
        moods.clone(),
        vec![],
    ));
    cases.push((
        "built_enum_labels_change",
        typed(&moods),
        typed(&more_moods),
        vec![],
    ));

    let seq = Sequence {
        name: "order_no".into(),
        data_type: "bigint".into(),
        start: 1000,
        increment: 1,
        min: 1,
        max: i64::MAX,
        cycle: false,
        cache: 20,
    };
    let mut seqs = with(vec![plain.clone()]);
    seqs.sequences.insert(seq.name.clone(), seq.clone());
    let mut seqs_changed = seqs.clone();
    seqs_changed
        .sequences
        .get_mut("order_no")
        .unwrap()
        .increment = 10;
    cases.push((
        "built_sequence_added",
        with(vec![plain.clone()]),
        seqs.clone(),
        vec![],
    ));
    cases.push(("built_sequence_changes", seqs, seqs_changed, vec![]));

    let mut commented = plain.clone();
    commented.comment = Some("things it's about".into());
    commented.columns[1].comment = Some("the value".into());
    cases.push((
        "built_comments",
        with(vec![plain.clone()]),
        with(vec![commented]),
        vec![],
    ));

    // Constraints the live database named: dropped by those names.
    let mut named = plain.clone();
    named.checks = vec![Check {
        name: Name::implied("t_v_check"),
        ..Check::new("v > 0")
    }];
    named.uniques = vec![Unique {
        columns: vec!["v".into()],
        name: Name::implied("t_v_key"),
        attrs: Default::default(),
    }];
    named.primary_key_name = Name::implied("t_pkey");
    let mut unnamed = plain.clone();
    unnamed.primary_key = vec!["id".into(), "v".into()];
    unnamed.columns[1].nullable = false;
    cases.push((
        "built_named_constraints_go",
        with(vec![named]),
        with(vec![unnamed]),
        vec![],
    ));

    // A column renamed with --rename, next to another change.
    let before = table(
        "members",
        &[("id", "INTEGER", false), ("name", "VARCHAR(50)", true)],
    );
    let after = table(
        "members",
        &[
            ("id", "INTEGER", false),
            ("full_name", "VARCHAR(50)", true),
            ("Email", "VARCHAR(50)", true),
        ],
    );
    cases.push((
        "built_rename_column",
        with(vec![before.clone()]),
        with(vec![after.clone()]),
        vec!["members.name:full_name".parse().unwrap()],
    ));
    cases.push((
        "built_rename_offered",
        with(vec![before]),
        with(vec![after]),
        vec![],
    ));

    // MariaDB: a column-level check stays in its column's definition (a
    // table constraint named after the column would be another object, and
    // a MODIFY COLUMN without it drops it); a constraint kept under another
    // name is a change where names are compared (issue 24's mutations).
    let mut checked = table("t", &[("id", "INTEGER", false), ("q", "INTEGER", true)]);
    checked.checks = vec![Check {
        name: Name::implied("q"),
        attrs: [stillhead::dialect::mysql::attrs::ConstraintAttr::OnColumn.into()]
            .into_iter()
            .collect(),
        ..Check::new("`q` > 0")
    }];
    cases.push((
        "built_column_check_created",
        Schema::default(),
        with(vec![checked.clone()]),
        vec![],
    ));
    let mut widened = checked.clone();
    widened.columns[1].ty = "BIGINT".into();
    cases.push((
        "built_column_check_kept_by_modify",
        with(vec![checked.clone()]),
        with(vec![widened]),
        vec![],
    ));
    let mut named = checked.clone();
    named.checks = vec![Check {
        name: Name::written("q_positive"),
        ..Check::new("`q` > 0")
    }];
    let mut renamed = named.clone();
    renamed.checks[0].name = Name::written("q_positive_x");
    cases.push((
        "built_check_renamed",
        with(vec![named.clone()]),
        with(vec![renamed]),
        vec![],
    ));
    cases.push((
        "built_check_column_to_table_level",
        with(vec![checked]),
        with(vec![named]),
        vec![],
    ));

    // MariaDB: a foreign key whose index is a unique key that goes (or
    // comes) is dropped and added again around it.
    let mut keyed = table(
        "t",
        &[
            ("id", "INTEGER", false),
            ("a", "INTEGER", false),
            ("b", "INTEGER", false),
        ],
    );
    keyed.foreign_keys = vec![stillhead::schema::ForeignKey {
        columns: vec!["a".into()],
        ref_table: "p".into(),
        ref_columns: vec!["id".into()],
        on_delete: None,
        on_update: None,
        name: Name::written("t_a_fkey"),
        attrs: Default::default(),
    }];
    keyed.uniques = vec![Unique {
        columns: vec!["a".into(), "b".into()],
        name: Name::written("t_a_b_key"),
        attrs: Default::default(),
    }];
    let mut unkeyed = keyed.clone();
    unkeyed.uniques.clear();
    let parent = table("p", &[("id", "INTEGER", false)]);
    let mut paired = keyed.clone();
    paired.uniques.clear();
    paired.primary_key = vec!["a".into(), "b".into()];
    let mut unpaired = paired.clone();
    unpaired.primary_key.clear();
    cases.push((
        "built_primary_key_under_a_foreign_key_dropped",
        with(vec![parent.clone(), paired]),
        with(vec![parent.clone(), unpaired]),
        vec![],
    ));
    cases.push((
        "built_unique_under_a_foreign_key_dropped",
        with(vec![parent.clone(), keyed]),
        with(vec![parent, unkeyed]),
        vec![],
    ));

    // MariaDB renames an index in place (a drop is refused for an index a
    // foreign key needs).
    let mut indexed = table("t", &[("id", "INTEGER", false), ("a", "INTEGER", true)]);
    indexed.indexes.insert(
        "t_a_idx".into(),
        stillhead::schema::Index {
            name: "t_a_idx".into(),
            columns: vec!["a".into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        },
    );
    let mut reindexed = indexed.clone();
    let mut index = reindexed.indexes.remove("t_a_idx").unwrap();
    index.name = "t_a_x".into();
    reindexed.indexes.insert(index.name.clone(), index);
    cases.push((
        "built_index_renamed",
        with(vec![indexed]),
        with(vec![reindexed]),
        vec![],
    ));

    // PostgreSQL's own column attributes (`dialect/postgres/attrs.rs`): an
    // identity column turned ALWAYS; a collation set, and kept through a
    // type change (ALTER COLUMN TYPE without COLLATE would reset it). The
    // other dialects never meet these; their output shows the attributes
    // are not theirs to write.
    use stillhead::dialect::postgres::attrs::ColumnAttr as Pg;
    let mut by_default = table(
        "t",
        &[
            ("id", "BIGINT", false),
            ("name", "TEXT", true),
            ("code", "VARCHAR(10)", true),
        ],
    );
    by_default.columns[0].autoincrement = true;
    let mut always = by_default.clone();
    always.columns[0].attrs.insert(Pg::IdentityAlways.into());
    cases.push((
        "built_identity_always",
        with(vec![by_default.clone()]),
        with(vec![always]),
        vec![],
    ));
    // A serial column, kept apart from an identity one: created with its
    // sequence (named and typed as the schema says), turned into an
    // identity column, and made serial from a plain column that has rows.
    let mut serial = by_default.clone();
    serial.columns[0].attrs.insert(
        Pg::Serial {
            sequence: "t_id_seq".into(),
            data_type: "bigint".into(),
        }
        .into(),
    );
    cases.push((
        "built_serial_created",
        Schema::default(),
        with(vec![serial.clone()]),
        vec![],
    ));
    cases.push((
        "built_serial_to_identity",
        with(vec![serial.clone()]),
        with(vec![by_default.clone()]),
        vec![],
    ));
    let mut plain = by_default.clone();
    plain.columns[0].autoincrement = false;
    cases.push((
        "built_plain_to_serial",
        with(vec![plain]),
        with(vec![serial]),
        vec![],
    ));
    let mut collated = by_default.clone();
    collated.columns[1]
        .attrs
        .insert(Pg::Collation("\"C\"".into()).into());
    collated.columns[2]
        .attrs
        .insert(Pg::Collation("\"C\"".into()).into());
    let mut retyped = collated.clone();
    retyped.columns[2].ty = "VARCHAR(20)".into();
    cases.push((
        "built_collation_set",
        with(vec![by_default]),
        with(vec![collated.clone()]),
        vec![],
    ));
    cases.push((
        "built_collation_kept_through_a_type_change",
        with(vec![collated]),
        with(vec![retyped]),
        vec![],
    ));

    // PostgreSQL namespaces: a schema created first and dropped last, its
    // objects keyed `schema.name` and written qualified (an index by its
    // table's schema), a foreign key across schemas, an enum recreated in
    // its schema. The other dialects refuse a schema that holds one.
    let mut invoices = table(
        "billing.invoices",
        &[
            ("id", "BIGINT", false),
            ("account_id", "BIGINT", false),
            ("state", "billing.state", false),
        ],
    );
    invoices.foreign_keys = vec![stillhead::schema::ForeignKey {
        columns: vec!["account_id".into()],
        ref_table: "accounts".into(),
        ref_columns: vec!["id".into()],
        on_delete: None,
        on_update: None,
        name: Name::implied("invoices_account_id_fkey"),
        attrs: Default::default(),
    }];
    invoices.indexes.insert(
        "invoices_state_idx".into(),
        stillhead::schema::Index {
            name: "invoices_state_idx".into(),
            columns: vec!["state".into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        },
    );
    let accounts = table("accounts", &[("id", "BIGINT", false)]);
    let mut billing = with(vec![accounts.clone(), invoices.clone()]);
    billing.namespaces.insert("billing".into());
    billing.enums.insert(
        "billing.state".into(),
        EnumType {
            name: "billing.state".into(),
            labels: vec!["open".into(), "paid".into()],
        },
    );
    cases.push((
        "built_namespace_created",
        with(vec![accounts]),
        billing.clone(),
        vec![],
    ));
    let mut relabelled = billing.clone();
    relabelled.enums.get_mut("billing.state").unwrap().labels = vec!["paid".into(), "open".into()];
    let mut reindexed = relabelled.clone();
    let t = reindexed.tables.get_mut("billing.invoices").unwrap();
    let mut index = t.indexes.remove("invoices_state_idx").unwrap();
    index.name = "invoices_by_state".into();
    t.indexes.insert(index.name.clone(), index);
    cases.push((
        "built_namespace_enum_and_index_changed",
        billing,
        reindexed,
        vec![],
    ));

    // PostgreSQL's own key and index attributes (`dialect/postgres/attrs.rs`).
    use stillhead::dialect::postgres::attrs::{ConstraintAttr as PgKey, IndexAttr as PgIndex};
    // NULLS NOT DISTINCT: a key and an index that turn so (dropped and made
    // again), and a table created with such a key.
    let mut distinct = table(
        "t",
        &[
            ("id", "INTEGER", false),
            ("a", "TEXT", true),
            ("b", "TEXT", true),
        ],
    );
    distinct.uniques.push(Unique {
        columns: vec!["a".into()],
        name: Name::implied("t_a_key"),
        attrs: Default::default(),
    });
    distinct.indexes.insert(
        "t_b_idx".into(),
        stillhead::schema::Index {
            name: "t_b_idx".into(),
            columns: vec!["b".into()],
            unique: true,
            predicate: None,
            method: None,
            attrs: Default::default(),
        },
    );
    let mut not_distinct = distinct.clone();
    not_distinct.uniques[0]
        .attrs
        .insert(PgKey::NullsNotDistinct.into());
    for i in not_distinct.indexes.values_mut() {
        i.attrs.insert(PgIndex::NullsNotDistinct.into());
    }
    let mut created = not_distinct.clone();
    created.name = "u".into();
    created.uniques[0].name = Name::implied("u_a_key");
    created.indexes.clear();
    cases.push((
        "built_nulls_not_distinct",
        with(vec![distinct]),
        with(vec![not_distinct, created]),
        vec![],
    ));

    // MATCH FULL: a foreign key that turns so (dropped and added again),
    // and a table created with one.
    let parent = table("p", &[("id", "INTEGER", false)]);
    let mut simple = table("t", &[("id", "INTEGER", false), ("p_id", "INTEGER", true)]);
    simple.foreign_keys.push(stillhead::schema::ForeignKey {
        columns: vec!["p_id".into()],
        ref_table: "p".into(),
        ref_columns: vec!["id".into()],
        on_delete: Some("CASCADE".into()),
        on_update: None,
        name: Name::implied("t_p_id_fkey"),
        attrs: Default::default(),
    });
    let mut full = simple.clone();
    full.foreign_keys[0].attrs.insert(PgKey::MatchFull.into());
    let mut created = full.clone();
    created.name = "u".into();
    created.foreign_keys[0].name = Name::implied("u_p_id_fkey");
    cases.push((
        "built_match_full",
        with(vec![parent.clone(), simple]),
        with(vec![parent, full, created]),
        vec![],
    ));

    // NOT VALID: a check and a foreign key that turn so (dropped and added
    // NOT VALID; back, validated in place), and a table created with both
    // (added after it: CREATE TABLE would make them valid).
    let parent = table("p", &[("id", "INTEGER", false)]);
    let mut valid = table("t", &[("id", "INTEGER", false), ("p_id", "INTEGER", true)]);
    valid.foreign_keys.push(stillhead::schema::ForeignKey {
        columns: vec!["p_id".into()],
        ref_table: "p".into(),
        ref_columns: vec!["id".into()],
        on_delete: None,
        on_update: None,
        name: Name::implied("t_p_id_fkey"),
        attrs: Default::default(),
    });
    valid.checks.push(Check {
        name: Name::written("p_id_positive"),
        ..Check::new("p_id > 0")
    });
    let mut not_valid = valid.clone();
    not_valid.foreign_keys[0]
        .attrs
        .insert(PgKey::NotValid.into());
    not_valid.checks[0].attrs.insert(PgKey::NotValid.into());
    let mut created = not_valid.clone();
    created.name = "u".into();
    created.foreign_keys[0].name = Name::implied("u_p_id_fkey");
    created.checks[0].name = Name::written("u_p_id_positive");
    cases.push((
        "built_not_valid",
        with(vec![parent.clone(), valid]),
        with(vec![parent, not_valid, created]),
        vec![],
    ));

    // A deferrable primary key: a key that turns so (dropped and added
    // again), and a table created with one.
    let mut immediate = table("t", &[("id", "INTEGER", false), ("v", "INTEGER", true)]);
    immediate.primary_key_name = Name::implied("t_pkey");
    let mut deferrable = immediate.clone();
    deferrable.primary_key_attrs.insert(
        PgKey::Deferrable {
            initially_deferred: false,
        }
        .into(),
    );
    let mut created = immediate.clone();
    created.name = "u".into();
    created.primary_key_name = Name::implied("u_pkey");
    created.primary_key_attrs.insert(
        PgKey::Deferrable {
            initially_deferred: true,
        }
        .into(),
    );
    cases.push((
        "built_deferrable_primary_key",
        with(vec![immediate]),
        with(vec![deferrable, created]),
        vec![],
    ));

    // PostgreSQL functions: one a default calls is created before its
    // table, one that reads the table after it; a function whose result
    // changes is dropped and created (CREATE OR REPLACE cannot), one whose
    // body alone changes is replaced in place.
    let routine = |name: &str, returns: &str, body: &str| {
        stillhead::schema::Routine {
        dialect: stillhead::Dialect::Postgres,
        attrs: Default::default(),
        name: name.into(),
        args: "".into(),
        kind: RoutineKind::Function,
        returns: returns.into(),
        definition: format!(
            "CREATE OR REPLACE FUNCTION public.{name}()\n RETURNS {returns}\n LANGUAGE sql\nAS $function${body}$function$"
        ),
    }
    };
    let mut coded = table("t", &[("id", "BIGINT", false), ("code", "TEXT", false)]);
    coded.columns[1].default = Some("next_code()".into());
    let mut with_code = with(vec![coded]);
    for r in [
        routine("next_code", "text", " SELECT 'c' "),
        routine("t_count", "bigint", " SELECT count(*) FROM t "),
    ] {
        with_code.routines.insert(r.key(), r);
    }
    cases.push((
        "built_routines_created_around_their_table",
        Schema::default(),
        with_code.clone(),
        vec![],
    ));
    let mut recoded = with_code.clone();
    for r in [
        routine("next_code", "text", " SELECT 'd' "),
        routine("t_count", "integer", " SELECT count(*)::integer FROM t "),
    ] {
        recoded.routines.insert(r.key(), r);
    }
    // A view calling the function whose result changes goes before the
    // function is dropped and comes back after it is created.
    let counted = stillhead::schema::View {
        name: "t_counted".into(),
        definition: "SELECT t_count() AS n".into(),
        ..Default::default()
    };
    for s in [&mut with_code, &mut recoded] {
        s.views.insert(counted.name.clone(), counted.clone());
    }
    cases.push(("built_routines_replaced", with_code, recoded, vec![]));

    // PostgreSQL privileges (`[autogenerate] privileges`): one revoked
    // first, on a table that stays; one granted on a new table after it is
    // made, with its grant option.
    let grant = |object: &str, privilege: &str, grantable: bool| stillhead::schema::Grant {
        kind: "TABLE".into(),
        object: object.into(),
        grantee: "reporting".into(),
        privilege: privilege.into(),
        grantable,
    };
    let mut granted = with(vec![table("t", &[("id", "BIGINT", false)])]);
    granted.privileges_read = true;
    granted.grants.insert(grant("t", "SELECT", false));
    let mut regranted = granted.clone();
    regranted.grants.clear();
    let u = table("u", &[("id", "BIGINT", false)]);
    regranted.tables.insert(u.name.clone(), u);
    regranted.grants.insert(grant("u", "INSERT", true));
    cases.push((
        "built_privileges_revoked_first_granted_last",
        granted,
        regranted,
        vec![],
    ));

    // PostgreSQL extensions: one created (with CASCADE, for what it
    // requires), one moved to another schema, one dropped (drops go in one
    // statement: one may require another).
    let mut extended = Schema::default();
    extended.namespaces.insert("ext".into());
    extended.extensions.insert("cube".into(), "ext".into());
    extended.extensions.insert("hstore".into(), "public".into());
    let mut moved = extended.clone();
    moved.extensions.insert("cube".into(), "public".into());
    moved.extensions.remove("hstore");
    moved
        .extensions
        .insert("earthdistance".into(), "ext".into());
    cases.push((
        "built_extensions_created_moved_dropped",
        extended,
        moved,
        vec![],
    ));

    // A PostgreSQL aggregate: created after the function it is made of
    // (whose key sorts after it), dropped before it; `name(*)` for one of
    // no arguments.
    let mut aggregated = Schema::default();
    let step = stillhead::schema::Routine {
        dialect: stillhead::Dialect::Postgres,
        attrs: Default::default(),
        name: "tally_step".into(),
        args: "bigint".into(),
        kind: RoutineKind::Function,
        returns: "bigint".into(),
        definition: "CREATE OR REPLACE FUNCTION public.tally_step(bigint)\n RETURNS bigint\n LANGUAGE sql\nAS $function$ SELECT $1 + 1 $function$".into(),
    };
    let tally = stillhead::schema::Routine {
        dialect: stillhead::Dialect::Postgres,
        attrs: Default::default(),
        name: "tally".into(),
        args: "".into(),
        kind: RoutineKind::Aggregate,
        returns: "bigint".into(),
        definition: "CREATE OR REPLACE AGGREGATE tally(*) (\n    SFUNC = tally_step,\n    STYPE = bigint,\n    INITCOND = '0'\n)".into(),
    };
    for r in [step, tally] {
        aggregated.routines.insert(r.key(), r);
    }
    cases.push((
        "built_aggregate_after_its_function",
        Schema::default(),
        aggregated,
        vec![],
    ));

    // PostgreSQL row-level security: a table's flags, policies created
    // after the function they call and the view, comments on a view, a
    // function and a policy set after their objects. Then a policy whose
    // roles change is altered in place, one whose command changes is
    // dropped first and created last (its comment set again), a view
    // recreated gets its comment back, a comment taken away is NULL.
    use stillhead::dialect::postgres::attrs::TableAttr;
    use stillhead::schema::{Commented, Policy, View};
    let mut documents = table(
        "documents",
        &[
            ("id", "BIGINT", false),
            ("tenant_id", "BIGINT", false),
            ("owner_name", "TEXT", false),
        ],
    );
    documents.attrs.insert(TableAttr::RowSecurity.into());
    documents.attrs.insert(TableAttr::ForceRowSecurity.into());
    let mut secured = with(vec![documents]);
    let tenant = routine("current_tenant", "bigint", " SELECT 1::bigint ");
    secured.routines.insert(tenant.key(), tenant);
    let view = |def: &str| View {
        name: "my_documents".into(),
        columns: vec![],
        definition: def.into(),
        reads: None,
        ..View::default()
    };
    secured.views.insert(
        "my_documents".into(),
        view("SELECT id FROM documents WHERE owner_name = CURRENT_USER"),
    );
    let policy = |name: &str, permissive: bool, command: &str, roles: &[&str]| Policy {
        name: name.into(),
        table: "documents".into(),
        permissive,
        command: command.into(),
        roles: roles.iter().map(|r| r.to_string()).collect(),
        using: Some("(tenant_id = current_tenant())".into()),
        with_check: None,
    };
    let mut own = policy("documents_own", false, "UPDATE", &["pg_monitor"]);
    own.using = Some("(owner_name = CURRENT_USER)".into());
    own.with_check = Some("(owner_name = CURRENT_USER)".into());
    for p in [policy("documents_tenant", true, "ALL", &["PUBLIC"]), own] {
        secured.policies.insert(p.key(), p);
    }
    let comments = [
        (Commented::View("my_documents".into()), "Mine"),
        (
            Commented::Routine {
                name: "current_tenant".into(),
                args: "".into(),
                kind: RoutineKind::Function,
            },
            "The session's tenant",
        ),
        (
            Commented::Policy {
                name: "documents_own".into(),
                table: "documents".into(),
            },
            "Owners write theirs",
        ),
    ];
    for (object, comment) in comments {
        secured.comments.insert(object, comment.into());
    }
    cases.push((
        "built_row_level_security_created",
        Schema::default(),
        secured.clone(),
        vec![],
    ));
    let mut changed = secured.clone();
    changed.tables.get_mut("documents").unwrap().attrs =
        [TableAttr::RowSecurity.into()].into_iter().collect();
    changed
        .policies
        .get_mut("documents_tenant on documents")
        .unwrap()
        .roles = vec!["pg_monitor".into(), "pg_signal_backend".into()];
    changed
        .policies
        .get_mut("documents_own on documents")
        .unwrap()
        .command = "ALL".into();
    changed.views.insert(
        "my_documents".into(),
        view("SELECT id, tenant_id FROM documents WHERE owner_name = CURRENT_USER"),
    );
    changed
        .comments
        .retain(|o, _| !matches!(o, Commented::Routine { .. }));
    // A comment alone, without the table attributes MariaDB's and
    // SQLite's migrations refuse: their renderers say they cannot write it.
    let mut viewed = with(vec![table("t", &[("id", "INTEGER", false)])]);
    viewed
        .views
        .insert("my_documents".into(), view("SELECT id FROM t"));
    let mut commented = viewed.clone();
    commented
        .comments
        .insert(Commented::View("my_documents".into()), "Mine".into());
    cases.push(("built_view_comment_set", viewed, commented, vec![]));
    cases.push(("built_row_level_security_changed", secured, changed, vec![]));
    // PostgreSQL exclusion constraints: in CREATE TABLE (a name
    // PostgreSQL chose left out), then one dropped, one renamed, one
    // added to the table with the comment saying why it is not online.
    let exclusion = |name: &str, implied: bool, def: &str| {
        TableAttr::Exclusion(stillhead::dialect::postgres::attrs::Exclusion {
            name: name.into(),
            implied,
            def: def.into(),
        })
        .into()
    };
    let mut bookings = table(
        "bookings",
        &[
            ("id", "BIGINT", false),
            ("room_id", "INTEGER", false),
            ("during", "TSTZRANGE", false),
        ],
    );
    let overlap = "EXCLUDE USING gist (room_id WITH =, during WITH &&)";
    bookings.attrs = [
        exclusion("bookings_room_id_during_excl", true, overlap),
        exclusion(
            "one_start",
            false,
            "EXCLUDE USING gist (lower(during) WITH =) DEFERRABLE",
        ),
    ]
    .into_iter()
    .collect();
    let booked = with(vec![bookings.clone()]);
    cases.push((
        "built_exclusion_created",
        Schema::default(),
        booked.clone(),
        vec![],
    ));
    bookings.attrs = [
        exclusion("no_overlap", false, overlap),
        exclusion(
            "bookings_room_id_excl",
            true,
            "EXCLUDE USING gist (room_id WITH =) WHERE ((id > 0))",
        ),
    ]
    .into_iter()
    .collect();
    cases.push((
        "built_exclusion_changed",
        booked,
        with(vec![bookings]),
        vec![],
    ));
    // Storage parameters: a table, an index and the indexes behind a
    // primary and a unique key created WITH them (a key's INCLUDE too);
    // then changed in place, reset whole and set whole (ALTER TABLE /
    // INDEX … RESET, SET).
    use stillhead::dialect::postgres::attrs::{
        ConstraintAttr as PgKey2, IndexAttr as PgIndex2, Storage,
    };
    let opt = |o: &str| Storage(o.into());
    let mut hot = table(
        "hot",
        &[
            ("id", "INTEGER", false),
            ("token", "TEXT", false),
            ("seen", "TIMESTAMPTZ", true),
        ],
    );
    hot.attrs = [TableAttr::Storage(opt("fillfactor=70")).into()]
        .into_iter()
        .collect();
    hot.primary_key_name = Name::implied("hot_pkey");
    hot.primary_key_attrs = [PgKey2::Storage(opt("fillfactor=90")).into()]
        .into_iter()
        .collect();
    hot.uniques.push(Unique {
        columns: vec!["token".into()],
        name: Name::implied("hot_token_key"),
        attrs: [
            PgKey2::Include(vec!["seen".into()]).into(),
            PgKey2::Storage(opt("fillfactor=80")).into(),
        ]
        .into_iter()
        .collect(),
    });
    hot.indexes.insert(
        "hot_seen_idx".into(),
        stillhead::schema::Index {
            name: "hot_seen_idx".into(),
            columns: vec!["seen".into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: [PgIndex2::Storage(opt("fillfactor=60")).into()]
                .into_iter()
                .collect(),
        },
    );
    let stored = with(vec![hot.clone()]);
    cases.push((
        "built_storage_parameters_created",
        Schema::default(),
        stored.clone(),
        vec![],
    ));
    hot.attrs = [
        TableAttr::Storage(opt("autovacuum_enabled=false")).into(),
        TableAttr::Storage(opt("fillfactor=75")).into(),
    ]
    .into_iter()
    .collect();
    hot.primary_key_attrs = Default::default();
    hot.uniques[0].attrs = [
        PgKey2::Include(vec!["seen".into()]).into(),
        PgKey2::Storage(opt("deduplicate_items=off")).into(),
    ]
    .into_iter()
    .collect();
    if let Some(i) = hot.indexes.get_mut("hot_seen_idx") {
        i.attrs = [PgIndex2::Storage(opt("fillfactor=50")).into()]
            .into_iter()
            .collect();
    }
    cases.push((
        "built_storage_parameters_changed",
        stored,
        with(vec![hot]),
        vec![],
    ));
    // UNLOGGED: created so, then SET LOGGED (its comment saying it
    // rewrites the table).
    let mut scratch = table("scratch", &[("id", "INTEGER", false)]);
    scratch.attrs = [TableAttr::Unlogged.into()].into_iter().collect();
    let unlogged = with(vec![scratch.clone()]);
    cases.push((
        "built_unlogged_created",
        Schema::default(),
        unlogged.clone(),
        vec![],
    ));
    scratch.attrs = Default::default();
    cases.push((
        "built_unlogged_changed",
        unlogged,
        with(vec![scratch]),
        vec![],
    ));
    // A trigger's firing state: written after CREATE TRIGGER, then
    // changed in place (ALTER TABLE … ENABLE ALWAYS TRIGGER; back: DISABLE).
    use stillhead::dialect::postgres::attrs::TriggerAttr;
    let fired = |state: Option<TriggerAttr>| {
        let mut s = with(vec![table("hot", &[("id", "INTEGER", false)])]);
        let trigger = stillhead::schema::Trigger {
            dialect: stillhead::Dialect::Postgres,
            name: "hot_audit".into(),
            table: "hot".into(),
            sql: "CREATE TRIGGER hot_audit AFTER UPDATE ON public.hot FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()".into(),
            attrs: state.map(Into::into).into_iter().collect(),
        };
        s.triggers.insert("hot_audit on hot".into(), trigger);
        s
    };
    let disabled = fired(Some(TriggerAttr::Disabled));
    cases.push((
        "built_trigger_firing_created",
        with(vec![table("hot", &[("id", "INTEGER", false)])]),
        disabled.clone(),
        vec![],
    ));
    cases.push((
        "built_trigger_firing_changed",
        disabled,
        fired(Some(TriggerAttr::Always)),
        vec![],
    ));
    // PostgreSQL domains, composite and range types: created after the
    // types they use and before the tables and functions that use them,
    // dropped the other way round; altered in place where PostgreSQL can
    // (ALTER DOMAIN, ALTER TYPE … ATTRIBUTE), dropped and created where it
    // cannot and nothing uses them, refused where something does.
    let domain = |base: &str, default: Option<&str>, not_null: bool, checks: &[(&str, &str)]| {
        TypeDef::Domain(Domain {
            base: base.into(),
            collation: None,
            default: default.map(String::from),
            not_null,
            checks: checks
                .iter()
                .map(|(name, def)| DomainCheck {
                    name: (*name).into(),
                    def: (*def).into(),
                })
                .collect(),
        })
    };
    let attrs = |list: &[(&str, &str)]| TypeDef::Composite {
        attributes: list
            .iter()
            .map(|(name, ty)| TypeAttribute {
                name: (*name).into(),
                ty: (*ty).into(),
                collation: (*name == "city").then(|| "\"C\"".to_string()),
            })
            .collect(),
    };
    let user_type = |name: &str, def: TypeDef| UserType {
        name: name.into(),
        def,
    };
    let year_check = ("year_check", "CHECK (VALUE >= 1901 AND VALUE <= 2155)");
    let typed_film = table(
        "film",
        &[
            ("id", "BIGINT", false),
            ("release_year", "YEAR", true),
            ("shipped_to", "ADDRESS", true),
            ("during", "FLOATRANGE", true),
        ],
    );
    let mut types = with(vec![typed_film]);
    for t in [
        user_type("year", domain("integer", None, false, &[year_check])),
        user_type(
            "zip",
            TypeDef::Domain(Domain {
                base: "character varying(8)".into(),
                collation: Some("\"C\"".into()),
                default: Some("'00000'::character varying".into()),
                not_null: true,
                checks: vec![DomainCheck {
                    name: "zip_digits".into(),
                    def: "CHECK (VALUE::text ~ '^[0-9]+$'::text)".into(),
                }],
            }),
        ),
        user_type(
            "address",
            attrs(&[("street", "text"), ("city", "text"), ("code", "zip")]),
        ),
        user_type(
            "floatrange",
            TypeDef::Range(RangeType {
                subtype: "double precision".into(),
                opclass: None,
                collation: None,
                subtype_diff: Some("float8mi".into()),
            }),
        ),
        user_type(
            "textrange",
            TypeDef::Range(RangeType {
                subtype: "text".into(),
                opclass: Some("text_pattern_ops".into()),
                collation: Some("\"C\"".into()),
                subtype_diff: None,
            }),
        ),
    ] {
        types.types.insert(t.name.clone(), t);
    }
    let line = stillhead::schema::Routine {
        dialect: stillhead::Dialect::Postgres,
        attrs: Default::default(),
        name: "address_line".into(),
        args: "a address".into(),
        kind: RoutineKind::Function,
        returns: "text".into(),
        definition: "CREATE OR REPLACE FUNCTION public.address_line(a address)\n RETURNS text\n LANGUAGE sql\nAS $function$ SELECT (a).street $function$".into(),
    };
    types.routines.insert(line.key(), line);
    cases.push((
        "built_types_created_and_dropped",
        Schema::default(),
        types.clone(),
        vec![],
    ));
    // In place: a domain's default, NOT NULL and checks; a composite
    // type's attributes dropped, added at the end, and (no column stores
    // it) retyped.
    let mut altered = types.clone();
    altered.types.insert(
        "pair".into(),
        user_type("pair", attrs(&[("a", "integer"), ("b", "text")])),
    );
    let mut repaired = altered.clone();
    repaired.types.insert(
        "year".into(),
        user_type(
            "year",
            domain(
                "integer",
                Some("2000"),
                true,
                &[("year_recent", "CHECK (VALUE >= 1950)")],
            ),
        ),
    );
    repaired.types.insert(
        "pair".into(),
        user_type(
            "pair",
            attrs(&[("b", "character varying(20)"), ("c", "date")]),
        ),
    );
    cases.push(("built_types_altered_in_place", altered, repaired, vec![]));
    // A range type's subtype changes: nothing uses it, so it is dropped
    // and created; a domain's base type changes while a column stores it:
    // refused.
    let mut resubtyped = types.clone();
    resubtyped.types.insert(
        "textrange".into(),
        user_type(
            "textrange",
            TypeDef::Range(RangeType {
                subtype: "character varying".into(),
                opclass: None,
                collation: None,
                subtype_diff: None,
            }),
        ),
    );
    cases.push((
        "built_type_replaced_when_unused",
        types.clone(),
        resubtyped,
        vec![],
    ));
    let mut rebased = types.clone();
    rebased.types.insert(
        "year".into(),
        user_type("year", domain("smallint", None, false, &[year_check])),
    );
    cases.push(("built_type_in_use_refused", types, rebased, vec![]));
    // An enum is recreated when its labels change: refused while a domain
    // over it would keep the old one.
    let mut rated = moods.clone();
    rated.types.insert(
        "calm_mood".into(),
        user_type("calm_mood", domain("mood", None, false, &[])),
    );
    let mut rerated = rated.clone();
    rerated.enums.get_mut("mood").unwrap().labels = vec!["ok".into(), "meh".into()];
    cases.push(("built_enum_under_a_domain_refused", rated, rerated, vec![]));
    // A composite type over a new table's row type: refused, as types are
    // created before tables (and dropped after them).
    let pair_of = table("t", &[("id", "INTEGER", false)]);
    let mut over_table = with(vec![pair_of.clone()]);
    over_table.types.insert(
        "t_pair".into(),
        user_type("t_pair", attrs(&[("first", "t"), ("second", "t")])),
    );
    cases.push((
        "built_type_over_a_table_refused",
        Schema::default(),
        over_table,
        vec![],
    ));

    // Materialized views (created WITH DATA or WITH NO DATA, with their
    // indexes, a comment), a view's options, and their changes: a
    // materialized view's index and a view's options in place, a changed
    // definition by drop and create (with its indexes). MariaDB's and
    // SQLite's renderers refuse them, naming each.
    use stillhead::dialect::postgres::attrs::ViewAttr;
    use stillhead::schema::Materialized;
    let index = |name: &str, columns: &[&str], unique: bool, predicate: Option<&str>| {
        stillhead::schema::Index {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unique,
            predicate: predicate.map(String::from),
            method: None,
            attrs: Default::default(),
        }
    };
    let matview =
        |name: &str, def: &str, populated: bool, indexes: Vec<stillhead::schema::Index>| View {
            name: name.into(),
            definition: def.into(),
            materialized: Some(Materialized {
                populated,
                indexes: indexes.into_iter().map(|i| (i.name.clone(), i)).collect(),
            }),
            ..View::default()
        };
    let base = with(vec![table(
        "sales",
        &[
            ("region_id", "INTEGER", false),
            ("amount", "NUMERIC", false),
        ],
    )]);
    let mut viewed = base.clone();
    for v in [
        matview(
            "region_totals",
            "SELECT region_id, sum(amount) AS total FROM sales GROUP BY region_id",
            true,
            vec![
                index("region_totals_region", &["region_id"], true, None),
                index(
                    "region_totals_big",
                    &["total DESC"],
                    false,
                    Some("total > 1000"),
                ),
            ],
        ),
        matview(
            "empty_totals",
            "SELECT sum(amount) AS total FROM sales",
            false,
            vec![],
        ),
        View {
            name: "big_sales".into(),
            definition: "SELECT region_id, amount FROM sales WHERE amount > 100".into(),
            attrs: [
                ViewAttr::SecurityBarrier(true).into(),
                ViewAttr::CheckOption { cascaded: false }.into(),
            ]
            .into_iter()
            .collect(),
            ..View::default()
        },
    ] {
        viewed.views.insert(v.name.clone(), v);
    }
    viewed.comments.insert(
        Commented::MaterializedView("region_totals".into()),
        "Refreshed nightly".into(),
    );
    cases.push((
        "built_materialized_views_created",
        base,
        viewed.clone(),
        vec![],
    ));
    let mut changed = viewed.clone();
    let totals = changed.views.get_mut("region_totals").unwrap();
    let m = totals.materialized.as_mut().unwrap();
    m.indexes.remove("region_totals_big");
    m.indexes.insert(
        "region_totals_total".into(),
        index("region_totals_total", &["total"], false, None),
    );
    changed.views.get_mut("big_sales").unwrap().attrs = [
        ViewAttr::CheckOption { cascaded: true }.into(),
        ViewAttr::SecurityInvoker(true).into(),
    ]
    .into_iter()
    .collect();
    let empty = changed.views.get_mut("empty_totals").unwrap();
    empty.definition = "SELECT count(*) AS n FROM sales".into();
    empty.materialized.as_mut().unwrap().indexes.insert(
        "empty_totals_n".into(),
        index("empty_totals_n", &["n"], false, None),
    );
    cases.push(("built_materialized_views_changed", viewed, changed, vec![]));

    // Reserved words as names are quoted wherever they appear.
    let reserved = table(
        "order",
        &[("id", "INTEGER", false), ("group", "INTEGER", true)],
    );
    let mut reserved_after = reserved.clone();
    reserved_after.columns[1].ty = "BIGINT".into();
    partition_cases(&mut cases);
    cases.push((
        "built_reserved_words",
        with(vec![reserved]),
        with(vec![reserved_after]),
        vec![],
    ));
    cases
}

/// PostgreSQL partitioning: a partitioned table with its partitions (one
/// `DEFAULT`, one with a check of its own, one itself partitioned)
/// created parent first and dropped partitions first; a table attached as
/// a partition while another is detached (compared as they stand outside
/// their parent: the clones PostgreSQL makes are neither dropped nor made
/// twice); a bound changed (detached and attached again); a partition
/// key changed, refused.
fn partition_cases(cases: &mut Vec<(&'static str, Schema, Schema, Vec<Rename>)>) {
    use stillhead::dialect::postgres::attrs::TableAttr;
    use stillhead::schema::Index;
    let columns = [
        ("id", "BIGINT", false),
        ("created", "DATE", false),
        ("region", "TEXT", true),
    ];
    let mut events = table("events", &columns);
    events.primary_key = vec!["id".into(), "created".into()];
    events
        .attrs
        .insert(TableAttr::PartitionBy("RANGE (created)".into()).into());
    events.indexes.insert(
        "events_region".into(),
        Index {
            name: "events_region".into(),
            columns: vec!["region".into(), "created DESC".into()],
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        },
    );
    let partition = |name: &str, parent: &str, bound: &str| {
        let mut t = Table {
            name: name.into(),
            ..Table::default()
        };
        t.attrs.insert(
            TableAttr::PartitionOf {
                parent: parent.into(),
                bound: bound.into(),
            }
            .into(),
        );
        t
    };
    let january = partition(
        "events_2026_01",
        "events",
        "FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')",
    );
    let mut other = partition("events_other", "events", "DEFAULT");
    other.checks.push(Check {
        expr: "(region <> 'moon')".into(),
        name: Name::written("events_other_not_moon"),
        attrs: Default::default(),
    });
    let mut february = partition(
        "events_2026_02",
        "events",
        "FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')",
    );
    february
        .attrs
        .insert(TableAttr::PartitionBy("LIST (region)".into()).into());
    let north = partition(
        "events_2026_02_north",
        "events_2026_02",
        "FOR VALUES IN ('north')",
    );
    let partitioned = with(vec![
        events.clone(),
        january.clone(),
        other,
        february,
        north,
    ]);
    cases.push((
        "built_partitions_created",
        Schema::default(),
        partitioned,
        vec![],
    ));
    // A table becomes a partition, and a partition stops being one.
    let mut standalone = table("events_2025", &columns);
    standalone.primary_key = vec!["id".into(), "created".into()];
    standalone.primary_key_name = Name::implied("events_2025_pkey");
    let attached = partition(
        "events_2025",
        "events",
        "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    );
    let mut detached = table("events_2026_01", &columns);
    detached.primary_key = vec!["id".into(), "created".into()];
    detached.primary_key_name = Name::implied("events_2026_01_pkey");
    cases.push((
        "built_partition_attached_and_detached",
        with(vec![events.clone(), january.clone(), standalone]),
        with(vec![events.clone(), detached, attached]),
        vec![],
    ));
    let moved = partition(
        "events_2026_01",
        "events",
        "FOR VALUES FROM ('2026-01-01') TO ('2026-01-15')",
    );
    cases.push((
        "built_partition_bound_changed",
        with(vec![events.clone(), january.clone()]),
        with(vec![events.clone(), moved]),
        vec![],
    ));
    let mut by_hash = events.clone();
    by_hash.attrs = [TableAttr::PartitionBy("HASH (id)".into()).into()]
        .into_iter()
        .collect();
    cases.push((
        "built_partition_key_changed_refused",
        with(vec![events]),
        with(vec![by_hash]),
        vec![],
    ));
}

#[test]
fn built_cases_render_as_before() {
    let mut differ = Vec::new();
    for dialect in DIALECTS {
        for (name, from, to, renames) in built_cases() {
            check(
                dialect,
                name,
                &rendered(&from, &to, dialect, &renames),
                &mut differ,
            );
        }
    }
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
}
