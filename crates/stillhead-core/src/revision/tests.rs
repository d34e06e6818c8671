//! Unit and property tests of the graph, targets and plans.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;

fn node(id: &str, revises: &[&str]) -> Node {
    Node {
        id: id.into(),
        revises: revises.iter().map(|s| s.to_string()).collect(),
        depends_on: vec![],
        branch_labels: vec![],
        origin: format!("m/{id}.sql"),
    }
}

fn map(nodes: Vec<Node>) -> RevisionMap {
    RevisionMap::new(nodes).unwrap()
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

/// a <- b1, b2 <- m (merge) <- c
fn diamond() -> RevisionMap {
    map(vec![
        node("a", &[]),
        node("b1", &["a"]),
        node("b2", &["a"]),
        node("m", &["b1", "b2"]),
        node("c", &["m"]),
    ])
}

#[test]
fn targets_are_checked_without_a_database() {
    let g = diamond();
    for ok in ["head", "heads", "base", "c", "m-1", "+2", "-1", "b1"] {
        assert_eq!(g.check_target(ok), Ok(()), "{ok}");
    }
    assert!(matches!(
        g.check_target("zz"),
        Err(TargetError::Unknown { .. })
    ));
    assert!(matches!(
        g.check_target("b"),
        Err(TargetError::Ambiguous { .. })
    ));
    let two_heads = map(vec![node("a", &[]), node("b", &["a"]), node("c", &["a"])]);
    assert!(two_heads.check_target("head").is_err());
    assert_eq!(two_heads.check_target("heads"), Ok(()));
}

#[test]
fn graph_errors_name_files() {
    let e = RevisionMap::new(vec![
        node("a", &[]),
        Node {
            origin: "m/dup.sql".into(),
            ..node("a", &[])
        },
    ])
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "duplicate revision id a: declared in m/a.sql and in m/dup.sql"
    );
    let e = RevisionMap::new(vec![node("a", &["zz"])]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "m/a.sql: a has `revises: zz`, but no migration has revision zz"
    );
    let e = RevisionMap::new(vec![
        node("a", &["c"]),
        node("b", &["a"]),
        node("c", &["b"]),
        node("d", &[]),
    ])
    .unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("the revisions form a cycle: "), "{text}");
    for id in ["a (m/a.sql)", "b (m/b.sql)", "c (m/c.sql)"] {
        assert!(text.contains(id), "{text}");
    }
    assert!(!text.contains("d ("), "{text}");
    let e = RevisionMap::new(vec![node("a", &["a"])]).unwrap_err();
    assert!(e.to_string().contains("names itself"));
    let mut x = node("x", &[]);
    x.branch_labels = vec!["L".into()];
    let mut y = node("y", &[]);
    y.branch_labels = vec!["L".into()];
    assert!(RevisionMap::new(vec![x, y])
        .unwrap_err()
        .to_string()
        .contains("branch label L is declared twice"));
}

#[test]
fn heads_bases_and_shape() {
    let g = diamond();
    assert_eq!(g.heads(), ["c"]);
    assert_eq!(g.bases(), ["a"]);
    assert!(g.is_merge("m") && g.is_branch_point("a") && !g.is_merge("c"));
    assert_eq!(g.children("a"), ["b1", "b2"]);
    assert_eq!(g.topo_order(), ["a", "b1", "b2", "m", "c"]);
    assert_eq!(g.ancestors("m"), set(&["a", "b1", "b2"]));
    assert_eq!(g.descendants("b1"), set(&["m", "c"]));
    assert_eq!(g.current_heads(&set(&["a", "b1", "b2"])), ["b1", "b2"]);
}

#[test]
fn resolve_ids_prefixes_and_suggestions() {
    let g = map(vec![
        node("001_init", &[]),
        node("002_users", &["001_init"]),
        node("003_orders", &["002_users"]),
    ]);
    assert_eq!(g.resolve_id("002").unwrap(), "002_users");
    let e = g.resolve_id("00").unwrap_err().to_string();
    assert_eq!(
        e,
        "\"00\" is ambiguous: it matches 001_init, 002_users, 003_orders"
    );
    let e = g.resolve_id("002_user").unwrap();
    assert_eq!(e, "002_users");
    let e = g.resolve_id("003_order").unwrap();
    assert_eq!(e, "003_orders");
    let e = g.resolve_id("002_usres").unwrap_err().to_string();
    assert!(
        e.contains("unknown revision \"002_usres\"; did you mean 002_users?"),
        "{e}"
    );
}

#[test]
fn upgrade_targets() {
    let g = diamond();
    let none = BTreeSet::new();
    assert_eq!(
        g.upgrade_plan(&none, "head").unwrap(),
        ["a", "b1", "b2", "m", "c"]
    );
    assert_eq!(g.upgrade_plan(&none, "b2").unwrap(), ["a", "b2"]);
    assert_eq!(g.upgrade_plan(&none, "+1").unwrap(), ["a"]);
    let e = g.upgrade_plan(&set(&["a"]), "+1").unwrap_err().to_string();
    assert!(e.contains("ambiguous at a: it can go to b1 or b2"), "{e}");
    assert_eq!(
        g.upgrade_plan(&set(&["a"]), "b1+1").unwrap(),
        ["b1", "b2", "m"]
    );
    assert_eq!(
        g.upgrade_plan(&set(&["a", "b1", "b2", "m"]), "+1").unwrap(),
        ["c"]
    );
    let e = g
        .upgrade_plan(&set(&["a", "b1", "b2", "m", "c"]), "+1")
        .unwrap_err();
    assert!(
        matches!(e, TargetError::RelativeOutOfRange { steps: 0, .. }),
        "{e}"
    );
    assert!(g
        .upgrade_plan(&set(&["a", "b1", "b2", "m", "c"]), "head")
        .unwrap()
        .is_empty());
    let e = g.upgrade_plan(&none, "-1").unwrap_err().to_string();
    assert!(e.contains("use `stillhead downgrade -1`"), "{e}");
    let e = g.upgrade_plan(&set(&["zz"]), "head").unwrap_err();
    assert!(matches!(e, TargetError::UnknownApplied { .. }));
}

#[test]
fn multiple_heads_and_labels() {
    let mut b = node("b", &["a"]);
    b.branch_labels = vec!["feature".into()];
    let g = map(vec![
        node("a", &[]),
        b,
        node("c", &["b"]),
        node("d", &["a"]),
    ]);
    let e = g
        .upgrade_plan(&BTreeSet::new(), "head")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("2 heads (c, d)") && e.contains("stillhead merge"),
        "{e}"
    );
    assert_eq!(
        g.upgrade_plan(&BTreeSet::new(), "heads").unwrap(),
        ["a", "b", "c", "d"]
    );
    assert_eq!(
        g.upgrade_plan(&BTreeSet::new(), "feature@head").unwrap(),
        ["a", "b", "c"]
    );
    assert_eq!(g.resolve_id("feature").unwrap(), "b");
    assert_eq!(g.branch_labels_of("c"), ["feature"]);
    assert!(g.branch_labels_of("d").is_empty());
}

#[test]
fn downgrade_merges_like_alembic() {
    let g = diamond();
    let all = set(&["a", "b1", "b2", "m"]);
    assert_eq!(g.downgrade_plan(&all, "b1").unwrap(), ["m"]);
    assert_eq!(g.downgrade_plan(&all, "a").unwrap(), ["m", "b2", "b1"]);
    // One step down from a merge point reverts just the merge: both
    // parents stay (Alembic calls this an ambiguous walk; a deliberate
    // difference). Two steps through the merge stay refused.
    assert_eq!(g.downgrade_plan(&all, "-1").unwrap(), ["m"]);
    assert_eq!(g.downgrade_plan(&all, "m-1").unwrap(), ["m"]);
    let e = g.downgrade_plan(&all, "-2").unwrap_err().to_string();
    assert!(e.contains("ambiguous at m: it can go to b1 or b2"), "{e}");
    let after = set(&["a", "b1", "b2"]);
    let e = g.downgrade_plan(&after, "-1").unwrap_err().to_string();
    assert!(
        e.contains("several current heads (b1, b2)") && e.contains("b1@-1"),
        "{e}"
    );
    // b1-1 names a; downgrading to a reverts both branches.
    assert_eq!(g.downgrade_plan(&after, "b1-1").unwrap(), ["b2", "b1"]);
    assert!(g.downgrade_plan(&after, "b1").unwrap().is_empty());
    assert_eq!(g.downgrade_plan(&after, "base").unwrap(), ["b2", "b1", "a"]);
    let e = g.downgrade_plan(&set(&["a"]), "-2").unwrap_err();
    assert!(matches!(e, TargetError::RelativeOutOfRange { .. }), "{e}");
    assert_eq!(g.downgrade_plan(&set(&["a"]), "-1").unwrap(), ["a"]);
    let full = set(&["a", "b1", "b2", "m", "c"]);
    assert_eq!(g.downgrade_plan(&full, "-1").unwrap(), ["c"]);
    assert_eq!(g.downgrade_plan(&full, "c-1").unwrap(), ["c"]);
    assert!(g.downgrade_plan(&full, "-2").is_err());
    // X@-N moves only X's branch.
    assert_eq!(g.downgrade_plan(&after, "b2@-1").unwrap(), ["b2"]);
    assert_eq!(g.downgrade_plan(&full, "b1@-1").unwrap(), ["c"]);
    // REV-N from a revision that is not applied names a destination below it.
    assert!(g.downgrade_plan(&set(&["a"]), "b1-1").unwrap().is_empty());
    let e = g.downgrade_plan(&set(&["a"]), "c").unwrap_err().to_string();
    assert!(
        e.contains("cannot downgrade to c: it is not applied"),
        "{e}"
    );
    let e = g
        .downgrade_plan(&set(&["a"]), "head")
        .unwrap_err()
        .to_string();
    assert!(e.contains("use `stillhead upgrade head`"), "{e}");
}

#[test]
fn depends_on_orders_and_cascades() {
    let mut x = node("x1", &[]);
    x.depends_on = vec!["a2".into()];
    let g = map(vec![node("a1", &[]), node("a2", &["a1"]), x]);
    assert_eq!(g.heads(), ["a2", "x1"]);
    assert_eq!(
        g.upgrade_plan(&BTreeSet::new(), "x1").unwrap(),
        ["a1", "a2", "x1"]
    );
    // Reverting a dependency reverts what depends on it.
    assert_eq!(
        g.downgrade_plan(&set(&["a1", "a2", "x1"]), "a1").unwrap(),
        ["x1", "a2"]
    );
}

#[test]
fn long_chain_has_no_recursion_limit() {
    let n = 100_000;
    let nodes: Vec<Node> = (0..n)
        .map(|i| {
            let id = format!("r{i:06}");
            let parent = (i > 0).then(|| format!("r{:06}", i - 1));
            Node {
                id,
                revises: parent.into_iter().collect(),
                depends_on: vec![],
                branch_labels: vec![],
                origin: String::new(),
            }
        })
        .collect();
    let g = RevisionMap::new(nodes).unwrap();
    assert_eq!(g.heads(), [format!("r{:06}", n - 1)]);
    let plan = g.upgrade_plan(&BTreeSet::new(), "head").unwrap();
    assert_eq!(plan.len(), n);
    let applied: BTreeSet<String> = plan.into_iter().collect();
    assert_eq!(g.downgrade_plan(&applied, "base").unwrap().len(), n);
    assert_eq!(g.downgrade_plan(&applied, "-3").unwrap().len(), 3);
}

/// Random DAGs: node i revises 0–2 earlier nodes and may depend on another.
fn dag() -> impl Strategy<Value = RevisionMap> {
    (1usize..40)
        .prop_flat_map(|n| {
            proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), 0u8..4), n)
        })
        .prop_map(|raw| {
            let nodes: Vec<Node> = raw
                .iter()
                .enumerate()
                .map(|(i, &(p1, p2, d, kind))| {
                    let mut revises = BTreeSet::new();
                    if i > 0 && kind > 0 {
                        revises.insert(p1 as usize % i);
                        if kind == 3 {
                            revises.insert(p2 as usize % i);
                        }
                    }
                    let depends_on = if i > 1 && d % 5 == 0 {
                        vec![format!("n{:02}", d as usize % i)]
                    } else {
                        vec![]
                    };
                    Node {
                        id: format!("n{i:02}"),
                        revises: revises.into_iter().map(|p| format!("n{p:02}")).collect(),
                        depends_on,
                        branch_labels: vec![],
                        origin: String::new(),
                    }
                })
                .collect();
            RevisionMap::new(nodes).unwrap()
        })
}

fn closed(g: &RevisionMap, applied: &BTreeSet<String>) -> bool {
    applied
        .iter()
        .all(|id| g.ancestors(id).iter().all(|a| applied.contains(a)))
}

fn apply(applied: &mut BTreeSet<String>, up: &[String], down: &[String]) {
    applied.extend(up.iter().cloned());
    for id in down {
        applied.remove(id);
    }
}

proptest! {
    #[test]
    fn plans_keep_the_applied_set_closed(g in dag(), pick in any::<usize>(), pick2 in any::<usize>()) {
        let order = g.topo_order();
        // Topological order respects every edge.
        let pos = |id: &str| order.iter().position(|x| *x == id).unwrap();
        for id in &order {
            for a in g.ancestors(id) {
                prop_assert!(pos(&a) < pos(id));
            }
        }
        let x = order[pick % order.len()].to_string();
        let mut applied = BTreeSet::new();
        let up = g.upgrade_plan(&applied, &x).unwrap();
        // Each step's ancestors come before it.
        for (k, id) in up.iter().enumerate() {
            for a in g.ancestors(id) {
                prop_assert!(up[..k].contains(&a), "{a} after {id}");
            }
        }
        apply(&mut applied, &up, &[]);
        prop_assert!(closed(&g, &applied));
        prop_assert!(applied.contains(&x));
        // From that state, upgrade to another revision, then downgrade to
        // each applied revision: always closed.
        let y = order[pick2 % order.len()].to_string();
        let up2 = g.upgrade_plan(&applied, &y).unwrap();
        apply(&mut applied, &up2, &[]);
        prop_assert!(closed(&g, &applied));
        let snapshot = applied.clone();
        for target in snapshot.iter() {
            let mut a = snapshot.clone();
            let down = g.downgrade_plan(&a, target).unwrap();
            // Children are reverted before parents.
            for (k, id) in down.iter().enumerate() {
                for later in &down[k + 1..] {
                    prop_assert!(!g.ancestors(later).contains(id), "{later} reverted after its ancestor {id}");
                }
            }
            apply(&mut a, &[], &down);
            prop_assert!(closed(&g, &a));
            prop_assert!(a.contains(target));
        }
    }

    /// A plan's result equals applying its steps one at a time: from each
    /// intermediate state, planning just the next step plans exactly that
    /// step, and the end state has nothing left to plan for the target.
    #[test]
    fn a_plan_equals_its_steps_one_at_a_time(g in dag(), pick in any::<usize>(), pick2 in any::<usize>()) {
        let order = g.topo_order();
        let mut start = BTreeSet::new();
        let first = order[pick % order.len()].to_string();
        let up = g.upgrade_plan(&start, &first).unwrap();
        apply(&mut start, &up, &[]);
        let target = order[pick2 % order.len()].to_string();
        let plan = g.upgrade_plan(&start, &target).unwrap();
        let mut stepwise = start.clone();
        for step in &plan {
            prop_assert_eq!(g.upgrade_plan(&stepwise, step).unwrap(), vec![step.clone()]);
            stepwise.insert(step.clone());
        }
        let mut at_once = start.clone();
        apply(&mut at_once, &plan, &[]);
        prop_assert_eq!(&stepwise, &at_once);
        prop_assert!(g.upgrade_plan(&at_once, &target).unwrap().is_empty());
    }

    #[test]
    fn upgrade_heads_then_downgrade_base_is_empty(g in dag()) {
        let mut applied = BTreeSet::new();
        let up = g.upgrade_plan(&applied, "heads").unwrap();
        prop_assert_eq!(up.len(), g.len());
        apply(&mut applied, &up, &[]);
        let down = g.downgrade_plan(&applied, "base").unwrap();
        apply(&mut applied, &[], &down);
        prop_assert!(applied.is_empty());
    }

    #[test]
    fn upgrade_then_downgrade_to_previous_head_returns(g in dag(), pick in any::<usize>(), pick2 in any::<usize>()) {
        let order = g.topo_order();
        let start_target = order[pick % order.len()].to_string();
        let mut s = BTreeSet::new();
        let up = g.upgrade_plan(&s, &start_target).unwrap();
        apply(&mut s, &up, &[]);
        let heads = g.current_heads(&s);
        if heads.len() != 1 {
            return Ok(());
        }
        let h = heads[0].clone();
        let below: Vec<String> = g.descendants(&h).into_iter().collect();
        if below.is_empty() {
            return Ok(());
        }
        let x = below[pick2 % below.len()].clone();
        let mut t = s.clone();
        let up = g.upgrade_plan(&t, &x).unwrap();
        apply(&mut t, &up, &[]);
        let down = g.downgrade_plan(&t, &h).unwrap();
        apply(&mut t, &[], &down);
        // Back at S: nothing of S was reverted, H is still applied, nothing
        // built on H through `revises` remains, and the set is closed. (What
        // the upgrade needed from other branches, or what only depends on H,
        // stays, as in Alembic.)
        prop_assert!(t.is_superset(&s));
        prop_assert!(t.contains(&h));
        let mut stack: Vec<String> = g.children(&h).into_iter().map(String::from).collect();
        while let Some(c) = stack.pop() {
            prop_assert!(!t.contains(&c), "{c} is built on {h} and still applied");
            stack.extend(g.children(&c).into_iter().map(String::from));
        }
        prop_assert!(closed(&g, &t));
    }
}

/// a <- m1 <- m2 <- m3
fn chain() -> RevisionMap {
    map(vec![
        node("a", &[]),
        node("m1", &["a"]),
        node("m2", &["m1"]),
        node("m3", &["m2"]),
    ])
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_rest_of_an_upgrade_drops_what_others_applied() {
    let g = chain();
    // Planned at {a}: m1, m2, m3. Another run applied m1 and m2 meanwhile.
    let rest = g.rest_of_upgrade(&set(&["a", "m1", "m2"]), &ids(&["m2", "m3"]));
    assert_eq!(rest, Ok(ids(&["m3"])));
}

#[test]
fn the_rest_of_an_upgrade_never_reapplies_what_another_run_reverted() {
    let g = chain();
    // This run applied m1 and has m2, m3 left; a `downgrade -1` reverted m1.
    let rest = g.rest_of_upgrade(&set(&["a"]), &ids(&["m2", "m3"]));
    assert_eq!(
        rest,
        Err(Overtaken {
            revision: "m2".into(),
            other: "m1".into()
        })
    );
}

#[test]
fn the_rest_of_a_downgrade_never_reverts_what_another_run_applied() {
    let g = chain();
    // `downgrade base` from m2 reverted m2 and has m1, a left; an upgrade
    // applied m2 and m3 again meanwhile.
    let rest = g.rest_of_downgrade(&set(&["a", "m1", "m2", "m3"]), &ids(&["m1", "a"]));
    assert_eq!(
        rest,
        Err(Overtaken {
            revision: "m1".into(),
            other: "m2".into()
        })
    );
    // What another run reverted meanwhile is dropped.
    let rest = g.rest_of_downgrade(&set(&["a"]), &ids(&["m1", "a"]));
    assert_eq!(rest, Ok(ids(&["a"])));
}

proptest! {
    /// Whatever another run does between two units, what is left of a plan
    /// stays within the plan, and applying it keeps the applied set closed.
    #[test]
    fn the_rest_of_a_plan_stays_within_it(g in dag(), pick in any::<usize>(), pick2 in any::<usize>(), cut in any::<usize>(), up_other in any::<bool>()) {
        let order = g.topo_order();
        let mut state = BTreeSet::new();
        let first = order[pick % order.len()].to_string();
        let plan = g.upgrade_plan(&state, &first).unwrap();
        let ran = cut % (plan.len() + 1);
        apply(&mut state, &plan[..ran], &[]);
        let other = order[pick2 % order.len()].to_string();
        if up_other {
            let up = g.upgrade_plan(&state, &other).unwrap();
            apply(&mut state, &up, &[]);
        } else if state.contains(&other) {
            let down = g.downgrade_plan(&state, &other).unwrap();
            apply(&mut state, &[], &down);
        }
        if let Ok(rest) = g.rest_of_upgrade(&state, &plan[ran..]) {
            prop_assert!(rest.iter().all(|id| plan[ran..].contains(id)));
            apply(&mut state, &rest, &[]);
            prop_assert!(closed(&g, &state));
        }
        let down = g.downgrade_plan(&state, "base").unwrap();
        let ran = cut % (down.len() + 1);
        apply(&mut state, &[], &down[..ran]);
        let up = g.upgrade_plan(&state, &other).unwrap();
        apply(&mut state, &up, &[]);
        if let Ok(rest) = g.rest_of_downgrade(&state, &down[ran..]) {
            prop_assert!(rest.iter().all(|id| down[ran..].contains(id)));
            apply(&mut state, &[], &rest);
            prop_assert!(closed(&g, &state));
        }
    }
}
