//! The indexes InnoDB's foreign keys stand on. InnoDB refuses to drop the
//! last index a foreign key can use (error 1553, "needed in a foreign key
//! constraint"), makes an index of its own for a key that has none (named
//! after the constraint, or its first column), and drops that index of its
//! own by itself when a later index serves the key. The catalog does not
//! tell that index from one a user wrote with the same name and columns
//! (`information_schema.statistics`, `SHOW CREATE TABLE` and the InnoDB
//! dictionary show both alike, and a dump reloads both as written), so
//! introspection and the renderer share the rules here (ARCHITECTURE.md
//! "Declared schemas", **Never silent**): an index of that name and shape
//! is the key's own unless another index serves the key too, which the
//! key's own never does.

use std::fmt::Write as _;

use super::render::{create_index, foreign_key_clause, key_def, q};
use crate::autogen::Change;
use crate::schema::{ForeignKey, Index, Schema, Table};

/// The name of `fk`, where known.
fn key_name(fk: &ForeignKey) -> Option<&String> {
    Some(&fk.name.value).filter(|n| !n.is_empty())
}

/// The names InnoDB may have given the index it made for `fk` of `t`: the
/// constraint's name, and its first column's.
pub(super) fn own_index_names(fk: &ForeignKey) -> Vec<&String> {
    let mut names: Vec<&String> = key_name(fk).into_iter().collect();
    names.extend(fk.columns.first().filter(|c| !names.contains(c)));
    names
}

/// Whether `index` has the shape of the index InnoDB makes for `fk`: plain,
/// not unique, on exactly its columns, under one of [`own_index_names`].
pub(super) fn is_own_index(fk: &ForeignKey, index: &Index) -> bool {
    !index.unique
        && index.method.is_none()
        && index.predicate.is_none()
        && index.attrs.is_empty()
        && index.columns == fk.columns
        && own_index_names(fk).contains(&&index.name)
}

/// Whether an index on `parts` (of kind `method`) serves a foreign key on
/// `columns`: a B-tree whose first parts are those columns, whole.
pub(super) fn serves(parts: &[String], method: Option<&str>, columns: &[String]) -> bool {
    matches!(method, None | Some("BTREE")) && parts.starts_with(columns)
}

/// Whether something of `t` other than the index `except` serves `fk`:
/// the primary key, a unique key, or another index.
fn served_elsewhere(t: &Table, fk: &ForeignKey, except: &str) -> bool {
    t.primary_key.starts_with(&fk.columns)
        || t.uniques.iter().any(|u| u.columns.starts_with(&fk.columns))
        || t.indexes
            .values()
            .any(|i| i.name != except && serves(&i.columns, i.method.as_deref(), &fk.columns))
}

/// The column an index part names (`col(10) DESC` → `col`).
fn part_column(part: &str) -> &str {
    let p = part.strip_suffix(" DESC").unwrap_or(part);
    p.split_once('(').map_or(p, |(name, _)| name)
}

/// Table `name` as the change list finds it: the first change of the table
/// that carries it before, else as it ends up (its columns and keys do
/// not change then; its indexes may: [`had_index`]).
fn before<'a>(changes: &'a [Change], target: &'a Schema, name: &str) -> Option<&'a Table> {
    changes
        .iter()
        .find_map(|c| match c {
            Change::ModifyTable(m) if m.from.name == name => Some(&m.from),
            _ => None,
        })
        .or_else(|| target.tables.get(name))
}

/// Whether the model of `table` held an index `name` before the change
/// list: one it drops, or one `target` holds that it does not create.
fn had_index(changes: &[Change], target: &Schema, table: &str, name: &str) -> bool {
    let listed = |drop: bool| {
        changes.iter().any(|c| match c {
            Change::DropIndex { table: t, index } if drop => t == table && index.name == name,
            // A rename drops the old name and creates the new one.
            Change::RenameIndex {
                table: t, index, ..
            } if drop => t == table && index.name == name,
            Change::RenameIndex { table: t, to, .. } if !drop => t == table && to == name,
            Change::CreateIndex { table: t, index } if !drop => t == table && index.name == name,
            _ => false,
        })
    };
    listed(true)
        || (!listed(false)
            && target
                .tables
                .get(table)
                .is_some_and(|t| t.indexes.contains_key(name)))
}

/// Whether the change list creates or drops an index `name` on `table`.
fn moves(changes: &[Change], table: &str, name: &str) -> bool {
    changes.iter().any(|c| match c {
        Change::CreateIndex { table: t, index } | Change::DropIndex { table: t, index } => {
            t == table && index.name == name
        }
        Change::RenameIndex {
            table: t,
            index,
            to,
        } => t == table && (index.name == name || to == name),
        _ => false,
    })
}

/// Writes the drop of `index` on `table`, where it is the last index a
/// foreign key of the table can use. Each such key is served first by an
/// index the list creates anyway (written here, recorded in `early` so it
/// is not written again), or else is dropped before and added again after
/// (InnoDB then makes its own index where nothing else serves it, as for a
/// new table). An index that ends up as a key's own (`target` has a key
/// whose own index it is, and nothing else serving it) is not dropped at
/// all: InnoDB would make the same again.
pub(super) fn drop_index(
    out: &mut String,
    changes: &[Change],
    target: &Schema,
    table: &str,
    index: &Index,
    early: &mut Vec<(String, String)>,
) {
    let t = q(table);
    if let Some(after) = target.tables.get(table) {
        let own = after
            .foreign_keys
            .iter()
            .find(|fk| is_own_index(fk, index) && !served_elsewhere(after, fk, &index.name));
        if let (Some(fk), false) = (own, after.indexes.contains_key(&index.name)) {
            let _ = writeln!(
                out,
                "-- index {} on {table} stays: InnoDB's own index of foreign key {fk}",
                index.name
            );
            return;
        }
    }
    let (Some(from), Some(after)) = (before(changes, target, table), target.tables.get(table))
    else {
        let _ = writeln!(out, "DROP INDEX {} ON {t};", q(&index.name));
        return;
    };
    let loose: Vec<String> = index
        .columns
        .iter()
        .map(|p| part_column(p).to_string())
        .collect();
    // Indexes that serve a key for sure while this one goes: those the
    // list neither creates nor drops, and those created early here.
    let mut served_by: Vec<&Index> = after
        .indexes
        .values()
        .filter(|i| i.name != index.name && !moves(changes, table, &i.name))
        .collect();
    let mut wrapped: Vec<(&ForeignKey, &String)> = Vec::new();
    for fk in &from.foreign_keys {
        let served = |by: &[&Index]| {
            from.primary_key.starts_with(&fk.columns)
                || from
                    .uniques
                    .iter()
                    .any(|u| u.columns.starts_with(&fk.columns))
                || by
                    .iter()
                    .any(|i| serves(&i.columns, i.method.as_deref(), &fk.columns))
        };
        if !loose.starts_with(&fk.columns) || served(&served_by) {
            continue;
        }
        let replacement = changes.iter().find_map(|c| match c {
            Change::CreateIndex { table: x, index: i }
                if x == table
                    && i.name != index.name
                    && serves(&i.columns, i.method.as_deref(), &fk.columns)
                    && i.columns
                        .iter()
                        .all(|p| from.column(part_column(p)).is_some())
                    && !early.iter().any(|(et, en)| et == table && *en == i.name) =>
            {
                Some(i)
            }
            _ => None,
        });
        if let Some(i) = replacement {
            let _ = writeln!(out, "{};", create_index(table, i));
            early.push((table.to_string(), i.name.clone()));
            served_by.push(i);
            continue;
        }
        if let Some(name) = key_name(fk) {
            wrapped.push((fk, name));
        }
    }
    for (_, name) in &wrapped {
        let _ = writeln!(out, "ALTER TABLE {t} DROP FOREIGN KEY {};", q(name));
    }
    let _ = writeln!(out, "DROP INDEX {} ON {t};", q(&index.name));
    for (fk, name) in &wrapped {
        let _ = writeln!(
            out,
            "ALTER TABLE {t} ADD CONSTRAINT {} {};",
            q(name),
            foreign_key_clause(fk)
        );
    }
}

/// Writes the creation of `index` on `table`. Where the table had a
/// foreign key whose own index may bear that name (introspection leaves
/// such an index out), one may be there already: it is dropped and made
/// again in one statement, which no key can refuse and which leaves an
/// index InnoDB will not drop by itself. Then [`drop_superseded`].
pub(super) fn create(
    out: &mut String,
    changes: &[Change],
    target: &Schema,
    table: &str,
    index: &Index,
) {
    let unseen_own = before(changes, target, table).is_some_and(|from| {
        !had_index(changes, target, table, &index.name)
            && from
                .foreign_keys
                .iter()
                .any(|fk| own_index_names(fk).contains(&&index.name))
    });
    if unseen_own {
        let _ = writeln!(
            out,
            "ALTER TABLE {} DROP INDEX IF EXISTS {}, ADD {};",
            q(table),
            q(&index.name),
            key_def(index)
        );
    } else {
        let _ = writeln!(out, "{};", create_index(table, index));
    }
    drop_superseded(out, changes, target, table, index);
}

/// After `index` is created on `table`: drops the index InnoDB made for a
/// foreign key the new index now serves, where the table had the key
/// before and `target` holds no index of that name. InnoDB drops its own
/// such index by itself; one a user wrote under the same name (a dump
/// reloaded writes them all) stays, and `target` has none.
fn drop_superseded(
    out: &mut String,
    changes: &[Change],
    target: &Schema,
    table: &str,
    index: &Index,
) {
    let (Some(from), Some(after)) = (before(changes, target, table), target.tables.get(table))
    else {
        return;
    };
    for fk in from
        .foreign_keys
        .iter()
        .filter(|fk| after.foreign_keys.contains(fk))
        .filter(|fk| serves(&index.columns, index.method.as_deref(), &fk.columns))
    {
        for name in own_index_names(fk) {
            if *name != index.name
                && !after.indexes.contains_key(name)
                && !had_index(changes, target, table, name)
            {
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} DROP INDEX IF EXISTS {};",
                    q(table),
                    q(name)
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `t (a, b, x)` with a foreign key `t_fk (a, b)` and `indexes`.
    fn table(indexes: &[(&str, &[&str])]) -> Table {
        let fk = ForeignKey {
            columns: vec!["a".into(), "b".into()],
            ref_table: "p".into(),
            ref_columns: vec!["a".into(), "b".into()],
            on_delete: None,
            on_update: None,
            name: crate::schema::Name::written("t_fk"),
            attrs: Default::default(),
        };
        let mut t = Table {
            name: "t".into(),
            columns: ["a", "b", "x"]
                .iter()
                .map(|c| crate::schema::Column {
                    name: (*c).into(),
                    ty: "INT".into(),
                    nullable: true,
                    ..Default::default()
                })
                .collect(),
            foreign_keys: vec![fk.clone()],
            ..Table::default()
        };
        for (name, cols) in indexes {
            t.indexes.insert((*name).into(), index(name, cols));
        }
        t
    }

    fn index(name: &str, cols: &[&str]) -> Index {
        Index {
            name: name.into(),
            columns: cols.iter().map(|c| (*c).to_string()).collect(),
            unique: false,
            predicate: None,
            method: None,
            attrs: Default::default(),
        }
    }

    fn dropping(before: &[(&str, &[&str])], after: &[(&str, &[&str])]) -> String {
        let (from, to) = (table(before), table(after));
        let mut target = Schema::default();
        target.tables.insert("t".into(), to.clone());
        let mut changes: Vec<Change> = from
            .indexes
            .values()
            .filter(|i| to.indexes.get(&i.name) != Some(*i))
            .map(|i| Change::DropIndex {
                table: "t".into(),
                index: i.clone(),
            })
            .collect();
        changes.extend(
            to.indexes
                .values()
                .filter(|i| from.indexes.get(&i.name) != Some(*i))
                .map(|i| Change::CreateIndex {
                    table: "t".into(),
                    index: i.clone(),
                }),
        );
        super::super::render::render(&changes, &target)
    }

    #[test]
    fn the_last_index_of_a_key_goes_between_the_keys_drop_and_its_return() {
        let sql = dropping(&[("t_abx", &["a", "b", "x"])], &[]);
        assert_eq!(
            sql,
            "ALTER TABLE `t` DROP FOREIGN KEY `t_fk`;\nDROP INDEX `t_abx` ON `t`;\n\
             ALTER TABLE `t` ADD CONSTRAINT `t_fk` FOREIGN KEY (`a`, `b`) REFERENCES `p` (`a`, `b`);\n"
        );
        // Another index that stays serves the key: a plain drop.
        let sql = dropping(
            &[("t_abx", &["a", "b", "x"]), ("t_ab", &["a", "b"])],
            &[("t_ab", &["a", "b"])],
        );
        assert_eq!(sql, "DROP INDEX `t_abx` ON `t`;\n");
    }

    #[test]
    fn a_new_index_serving_the_key_comes_before_the_drop() {
        let sql = dropping(&[("t_abx", &["a", "b", "x"])], &[("t_ab", &["a", "b"])]);
        assert_eq!(
            sql,
            "CREATE INDEX `t_ab` ON `t` (`a`, `b`);\nDROP INDEX `t_abx` ON `t`;\n"
        );
    }

    #[test]
    fn an_index_that_becomes_the_keys_own_stays() {
        // `t_fk (a, b)` written by the user, then left to InnoDB.
        let sql = dropping(&[("t_fk", &["a", "b"])], &[]);
        assert!(sql.starts_with("-- index t_fk on t stays"), "{sql}");
        assert!(!sql.contains("DROP"), "{sql}");
    }
}
