//! PostgreSQL domains, composite and range types in the diff
//! (ARCHITECTURE.md "Schema model"): which changes PostgreSQL can make in
//! place, what uses a type, and the order among types (a type after the
//! types its definition uses). `diff.rs` puts the creations and changes
//! before the tables and routines, and the drops after them, as it does
//! for enums.

use std::collections::BTreeSet;

use super::change::Change;
use super::diff::mentions;
use crate::schema::{split_qualified, Schema, TypeDef, UserType};

/// True when the type text `ty` (as `format_type` prints it, or a column's
/// normalised type) names the type keyed `key`, or an array of it.
pub(crate) fn names_type(ty: &str, key: &str) -> bool {
    let mut t = ty.trim();
    while let Some(s) = t.strip_suffix("[]") {
        t = s.trim_end();
    }
    t.replace('"', "").eq_ignore_ascii_case(key)
}

/// What uses the type `key` in `schema`: columns, other types, and
/// routines whose arguments or result name it, in words.
pub(crate) fn used_by(schema: &Schema, key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in schema.tables.values() {
        for c in t.columns.iter().filter(|c| names_type(&c.ty, key)) {
            out.push(format!("column {}.{}", t.name, c.name));
        }
    }
    for ty in schema.types.values().filter(|t| t.name != key) {
        if ty.def.uses().iter().any(|u| names_type(u, key)) {
            out.push(format!("{} {}", ty.def.kind_word(), ty.name));
        }
    }
    let bare = split_qualified(key).1;
    for r in schema.routines.values() {
        if mentions(&r.args, bare) || mentions(&r.returns, bare) {
            out.push(format!("{} {}", r.kind.word(), r.key()));
        }
    }
    out
}

/// A table or view of `schema` whose row type `ty`'s definition uses: the
/// diff creates types before the tables, so such a type cannot be created
/// (`autogen::generate` refuses it).
pub(crate) fn uses_relation(schema: &Schema, ty: &UserType) -> Option<String> {
    let uses = ty.def.uses();
    schema
        .tables
        .keys()
        .chain(schema.views.keys())
        .find(|r| uses.iter().any(|u| names_type(u, r)))
        .cloned()
}

/// Columns of `schema` that store the type `key` inside another value: an
/// array of it, or a composite type (or an array of one) with an
/// attribute of it. PostgreSQL cannot check a domain's new constraint
/// against them (`ALTER DOMAIN … ADD CONSTRAINT` and `SET NOT NULL` fail).
fn stored_inside(schema: &Schema, key: &str) -> Vec<String> {
    let holders: Vec<&str> = schema
        .types
        .values()
        .filter(|t| matches!(t.def, TypeDef::Composite { .. }))
        .filter(|t| t.def.uses().iter().any(|u| names_type(u, key)))
        .map(|t| t.name.as_str())
        .collect();
    let mut out = Vec::new();
    for t in schema.tables.values() {
        for c in &t.columns {
            let array = c.ty.trim_end().ends_with("[]") && names_type(&c.ty, key);
            if array || holders.iter().any(|h| names_type(&c.ty, h)) {
                out.push(format!("column {}.{}", t.name, c.name));
            }
        }
    }
    out
}

/// Why PostgreSQL cannot change `from` into `to` in place, if it cannot:
/// a domain changes its base type or collation, or gains a check or `NOT
/// NULL` while a column stores it inside an array or composite value
/// (`inside`); a composite type's kept attributes change their order (new
/// ones can only go last), or one is retyped while a column stores the
/// type (`stored`); a range type changes at all.
fn not_in_place(
    from: &UserType,
    to: &UserType,
    stored: bool,
    inside: bool,
) -> Option<&'static str> {
    match (&from.def, &to.def) {
        (TypeDef::Domain(a), TypeDef::Domain(b)) => {
            let validates =
                (b.not_null && !a.not_null) || b.checks.iter().any(|c| !a.checks.contains(c));
            if a.base != b.base || a.collation != b.collation {
                Some("its base type or collation changes")
            } else if validates && inside {
                Some("a new check or NOT NULL cannot be validated against an array or composite value holding it")
            } else {
                None
            }
        }
        (TypeDef::Composite { attributes: a }, TypeDef::Composite { attributes: b }) => {
            let kept = a.iter().filter(|o| b.iter().any(|n| n.name == o.name));
            let added = b.iter().filter(|n| !a.iter().any(|o| o.name == n.name));
            let order: Vec<&str> = kept.chain(added).map(|x| x.name.as_str()).collect();
            let retyped = b
                .iter()
                .any(|n| a.iter().any(|o| o.name == n.name && o != n));
            if order != b.iter().map(|x| x.name.as_str()).collect::<Vec<_>>() {
                Some("its attributes change order (a new one can only go last)")
            } else if stored && retyped {
                Some("an attribute's type or collation changes while a column stores it")
            } else {
                None
            }
        }
        (TypeDef::Range(_), TypeDef::Range(_)) => Some("a range type cannot be altered"),
        _ => Some("it becomes another kind of type"),
    }
}

/// `types` ordered so that each comes after the others of the list its
/// definition uses (a name order among those that use none of them).
fn dependency_order<'a>(types: &[&'a UserType]) -> Vec<&'a UserType> {
    let mut out: Vec<&UserType> = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while out.len() < types.len() {
        let ready: Vec<&UserType> = types
            .iter()
            .filter(|t| !placed.contains(t.name.as_str()))
            .filter(|t| {
                !types.iter().any(|o| {
                    o.name != t.name
                        && !placed.contains(o.name.as_str())
                        && t.def.uses().iter().any(|u| names_type(u, &o.name))
                })
            })
            .copied()
            .collect();
        // A cycle cannot be created in PostgreSQL; were one read, the rest
        // goes in name order rather than never.
        let ready = if ready.is_empty() {
            types
                .iter()
                .filter(|t| !placed.contains(t.name.as_str()))
                .copied()
                .collect()
        } else {
            ready
        };
        for t in ready {
            placed.insert(&t.name);
            out.push(t);
        }
    }
    out
}

/// The changes of domains, composite and range types: those to make before
/// the tables change (creations, alterations and replacements, each after
/// the types it uses) and the drops to make after them (each before the
/// types it used).
pub(crate) fn type_changes(from: &Schema, to: &Schema) -> (Vec<Change>, Vec<Change>) {
    let changed: Vec<&UserType> = to
        .types
        .values()
        .filter(|t| from.types.get(&t.name) != Some(*t))
        .collect();
    let first = dependency_order(&changed)
        .into_iter()
        .map(|ty| match from.types.get(&ty.name) {
            None => Change::CreateType { ty: ty.clone() },
            Some(old) => {
                let mut used = used_by(from, &old.name);
                let stored = used.iter().any(|u| u.starts_with("column "));
                let inside = stored_inside(from, &old.name);
                for c in inside.iter() {
                    if !used.contains(c) {
                        used.push(c.clone());
                    }
                }
                match not_in_place(old, ty, stored, !inside.is_empty()) {
                    None => Change::AlterType {
                        from: old.clone(),
                        to: ty.clone(),
                    },
                    Some(why) => Change::ReplaceType {
                        from: old.clone(),
                        to: ty.clone(),
                        why,
                        used_by: used,
                    },
                }
            }
        })
        .collect();
    let gone: Vec<&UserType> = from
        .types
        .values()
        .filter(|t| !to.types.contains_key(&t.name))
        .collect();
    let last = dependency_order(&gone)
        .into_iter()
        .rev()
        .map(|ty| Change::DropType { ty: ty.clone() })
        .collect();
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Column, Domain, Table, TypeAttribute};

    fn domain(name: &str, base: &str) -> UserType {
        UserType {
            name: name.into(),
            def: TypeDef::Domain(Domain {
                base: base.into(),
                collation: None,
                default: None,
                not_null: false,
                checks: Vec::new(),
            }),
        }
    }

    fn composite(name: &str, attrs: &[(&str, &str)]) -> UserType {
        UserType {
            name: name.into(),
            def: TypeDef::Composite {
                attributes: attrs
                    .iter()
                    .map(|(n, t)| TypeAttribute {
                        name: (*n).into(),
                        ty: (*t).into(),
                        collation: None,
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn type_names_match_through_case_quotes_and_arrays() {
        assert!(names_type("YEAR", "year"));
        assert!(names_type("billing.money[]", "billing.money"));
        assert!(names_type("\"Year\"", "Year"));
        assert!(!names_type("years", "year"));
        assert!(!names_type("numeric(10,2)", "numeric"));
    }

    #[test]
    fn types_come_after_what_they_use_and_go_before_it() {
        let mut to = Schema::default();
        for t in [
            domain("a_outer", "z_inner"),
            domain("z_inner", "integer"),
            composite("m_pair", &[("x", "a_outer"), ("y", "text")]),
        ] {
            to.types.insert(t.name.clone(), t);
        }
        let (first, last) = type_changes(&Schema::default(), &to);
        let names: Vec<&str> = first.iter().map(Change::subject).collect();
        assert_eq!(names, ["z_inner", "a_outer", "m_pair"]);
        assert!(last.is_empty());
        let (first, last) = type_changes(&to, &Schema::default());
        assert!(first.is_empty());
        let names: Vec<&str> = last.iter().map(Change::subject).collect();
        assert_eq!(names, ["m_pair", "a_outer", "z_inner"]);
    }

    #[test]
    fn what_cannot_be_altered_is_replaced_and_says_who_uses_it() {
        let mut from = Schema::default();
        from.types.insert("year".into(), domain("year", "integer"));
        from.types.insert(
            "pair".into(),
            composite("pair", &[("a", "integer"), ("b", "text")]),
        );
        from.tables.insert(
            "film".into(),
            Table {
                name: "film".into(),
                columns: vec![Column {
                    name: "release_year".into(),
                    ty: "YEAR".into(),
                    ..Column::default()
                }],
                ..Table::default()
            },
        );
        let mut to = from.clone();
        to.types.insert("year".into(), domain("year", "smallint"));
        // Attributes dropped and added at the end: in place.
        to.types.insert(
            "pair".into(),
            composite("pair", &[("b", "text"), ("c", "date")]),
        );
        let (first, _) = type_changes(&from, &to);
        assert!(matches!(&first[0], Change::AlterType { to, .. } if to.name == "pair"));
        match &first[1] {
            Change::ReplaceType { to, used_by, .. } => {
                assert_eq!(to.name, "year");
                assert_eq!(used_by, &["column film.release_year".to_string()]);
            }
            other => panic!("{other:?}"),
        }
        // Reordered attributes cannot be altered.
        to.types.insert(
            "pair".into(),
            composite("pair", &[("b", "text"), ("a", "integer")]),
        );
        let (first, _) = type_changes(&from, &to);
        assert!(matches!(&first[0], Change::ReplaceType { used_by, .. } if used_by.is_empty()));
    }

    #[test]
    fn a_domain_check_is_added_in_place_unless_an_array_holds_the_domain() {
        let mut from = Schema::default();
        from.types.insert("year".into(), domain("year", "integer"));
        let mut to = from.clone();
        if let TypeDef::Domain(d) = &mut to.types.get_mut("year").unwrap().def {
            d.not_null = true;
        }
        let (first, _) = type_changes(&from, &to);
        assert!(matches!(&first[0], Change::AlterType { .. }));
        from.tables.insert(
            "film".into(),
            Table {
                name: "film".into(),
                columns: vec![Column {
                    name: "seen".into(),
                    ty: "YEAR[]".into(),
                    ..Column::default()
                }],
                ..Table::default()
            },
        );
        let (first, _) = type_changes(&from, &to);
        match &first[0] {
            Change::ReplaceType { why, used_by, .. } => {
                assert!(why.contains("array"), "{why}");
                assert_eq!(used_by, &["column film.seen".to_string()]);
            }
            other => panic!("{other:?}"),
        }
    }
}
