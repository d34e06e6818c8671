//! Target expressions (`head`, `-2`, `abc+3`, `branch@head`, prefixes, and
//! the `FROM:TO` ranges of offline SQL) planned on a revision graph that is
//! part of the input.
//!
//! The input is text: one revision a line until `---` (`ID PARENT… @LABEL…
//! ~DEPENDENCY…`, made into migration files and loaded as a folder is),
//! then the applied ids on one line, then one target per line. A plan must
//! be well formed: an upgrade applies each revision once, after its parents
//! and dependencies; a downgrade reverts applied revisions only, each after
//! the applied revisions that need it.
#![no_main]

use std::collections::BTreeSet;

use libfuzzer_sys::fuzz_target;
use stillhead::revision::RevisionMap;
use stillhead::runtime::OfflineRequest;
use stillhead::script::{Dialect, Script};
use stillhead::{Config, Direction, MigrationSet, Migrator};

/// One migration file a line: `ID PARENT… @LABEL… ~DEPENDENCY…`.
fn migrations(lines: &str) -> Option<MigrationSet> {
    let mut scripts = Vec::new();
    for line in lines.lines().take(64) {
        let mut words = line.split_whitespace();
        let Some(id) = words.next() else { continue };
        let (mut revises, mut labels, mut deps) = (vec![], vec![], vec![]);
        for w in words {
            match (w.strip_prefix('@'), w.strip_prefix('~')) {
                (Some(label), _) => labels.push(label),
                (_, Some(dep)) => deps.push(dep),
                _ => revises.push(w),
            }
        }
        let mut file = format!("-- revision: {id}\n-- message: m\n");
        for (key, values) in [
            ("revises", revises),
            ("branch", labels),
            ("depends-on", deps),
        ] {
            if !values.is_empty() {
                file.push_str(&format!("-- {key}: {}\n", values.join(", ")));
            }
        }
        file.push_str("\n-- +upgrade\nSELECT 1;\n-- +downgrade\nSELECT 2;\n");
        scripts.push(Script::parse(&file, &format!("{id}.sql")).ok()?);
    }
    MigrationSet::new(scripts).ok()
}

/// What `id` needs applied before it: its parents and dependencies.
fn needs(map: &RevisionMap, id: &str) -> Vec<String> {
    let node = map.get(id).expect("a planned revision exists");
    node.revises
        .iter()
        .chain(&node.depends_on)
        .cloned()
        .collect()
}

fn check_upgrade(map: &RevisionMap, applied: &BTreeSet<String>, plan: &[String]) {
    let mut now = applied.clone();
    for id in plan {
        assert!(map.get(id).is_some(), "{id} is not a revision");
        for need in needs(map, id) {
            assert!(now.contains(&need), "{id} planned before {need}");
        }
        assert!(now.insert(id.clone()), "{id} applied twice");
    }
}

fn check_downgrade(map: &RevisionMap, applied: &BTreeSet<String>, plan: &[String]) {
    let mut now = applied.clone();
    for id in plan {
        assert!(now.remove(id), "{id} reverted but not applied");
        for other in &now {
            assert!(
                !needs(map, other).contains(id),
                "{id} reverted under {other}"
            );
        }
    }
}

fuzz_target!(|text: &str| {
    let Some((graph_text, rest)) = text.split_once("\n---\n") else {
        return;
    };
    let Some(set) = migrations(graph_text) else {
        return;
    };
    let map = set.graph();
    let config = Config::for_url("sqlite://fuzz.db").expect("a plain URL");
    let migrator = Migrator::new(&set, &config);
    let mut lines = rest.lines();
    let applied: BTreeSet<String> = lines
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    for spec in lines.take(8) {
        let _ = map.resolve_id(spec);
        if let Ok(plan) = map.upgrade_plan(&applied, spec) {
            check_upgrade(map, &applied, &plan);
        }
        if let Ok(plan) = map.downgrade_plan(&applied, spec) {
            check_downgrade(map, &applied, &plan);
        }
        for direction in [Direction::Upgrade, Direction::Downgrade] {
            let _ = migrator.offline_script(&OfflineRequest {
                direction,
                range: spec.to_string(),
                dialect: Dialect::Postgres,
                schema: None,
            });
        }
    }
});
