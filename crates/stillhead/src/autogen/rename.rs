//! Column renames: autogenerate cannot tell a rename from a drop plus an
//! add, so it offers one in a comment when the two columns look alike, and
//! `--rename table.old:new` makes it a real `RENAME COLUMN` that keeps the data.

use super::{AutogenError, Change};
use crate::dialect::DialectBackend;
use crate::schema::{Schema, Table};
use crate::script::Dialect;

/// A requested rename: `table.old:new`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The table.
    pub table: String,
    /// The column's current name.
    pub from: String,
    /// Its new name.
    pub to: String,
}

impl std::fmt::Display for Rename {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}:{}", self.table, self.from, self.to)
    }
}

impl std::str::FromStr for Rename {
    type Err = AutogenError;
    fn from_str(s: &str) -> Result<Rename, AutogenError> {
        let bad = || AutogenError::RenameSyntax {
            given: s.to_string(),
        };
        let (table, cols) = s.split_once('.').ok_or_else(bad)?;
        let (from, to) = cols.split_once(':').ok_or_else(bad)?;
        if [table, from, to].iter().any(|p| p.is_empty()) {
            return Err(bad());
        }
        Ok(Rename {
            table: table.into(),
            from: from.into(),
            to: to.into(),
        })
    }
}

fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let bare = word.trim_matches(['"', '`']);
        if bare == from {
            out.push_str(&word.replace(from, to));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '"' || c == '`' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The live schema as it will be after the renames, checked against both schemas.
pub fn apply(live: &Schema, declared: &Schema, renames: &[Rename]) -> Result<Schema, AutogenError> {
    let mut out = live.clone();
    for r in renames {
        let has = |s: &Schema, col: &str| {
            s.tables
                .get(&r.table)
                .is_some_and(|t| t.column(col).is_some())
        };
        if !has(live, &r.from) {
            return Err(AutogenError::RenamedColumnMissing {
                rename: r.to_string(),
                side: "the database",
                column: format!("{}.{}", r.table, r.from),
            });
        }
        if !has(declared, &r.to) {
            return Err(AutogenError::RenamedColumnMissing {
                rename: r.to_string(),
                side: "schema.sql",
                column: format!("{}.{}", r.table, r.to),
            });
        }
        let t: &mut Table = out.tables.get_mut(&r.table).expect("checked above");
        for c in &mut t.columns {
            if c.name == r.from {
                c.name = r.to.clone();
            }
        }
        let rename_list = |list: &mut Vec<String>| {
            for c in list.iter_mut() {
                *c = replace_word(c, &r.from, &r.to);
            }
        };
        rename_list(&mut t.primary_key);
        t.uniques
            .iter_mut()
            .for_each(|u| rename_list(&mut u.columns));
        t.foreign_keys
            .iter_mut()
            .for_each(|fk| rename_list(&mut fk.columns));
        for check in &mut t.checks {
            check.expr = replace_word(&check.expr, &r.from, &r.to);
        }
        for index in t.indexes.values_mut() {
            rename_list(&mut index.columns);
            index.attrs = index
                .attrs
                .iter()
                .map(|a| a.with_column_renamed(&r.from, &r.to))
                .collect();
            if let Some(p) = &mut index.predicate {
                *p = replace_word(p, &r.from, &r.to);
            }
        }
        t.normalise();
    }
    Ok(out)
}

/// `ALTER TABLE … RENAME COLUMN …` (SQLite 3.25+, PostgreSQL, MariaDB 10.5+).
pub fn statement(d: Dialect, table: &str, from: &str, to: &str) -> String {
    let sql = d.tooling().sql();
    format!(
        "ALTER TABLE {} RENAME COLUMN {} TO {};",
        sql.ident(table),
        sql.ident(from),
        sql.ident(to)
    )
}

/// Drop+add pairs in one table with the same type and nullability: likely
/// renames, whatever else changes in the table.
pub fn hints(changes: &[Change]) -> Vec<String> {
    let mut out = Vec::new();
    for c in changes {
        let Change::ModifyTable(m) = c else {
            continue;
        };
        for old in m.dropped_columns() {
            for new in m
                .added_columns()
                .filter(|new| new.ty == old.ty && new.nullable == old.nullable)
            {
                out.push(format!(
                    "{t}.{o} is dropped and {t}.{n} added with the same type: if this is a rename, run again with --rename {t}.{o}:{n} to keep the data",
                    t = m.to.name,
                    o = old.name,
                    n = new.name
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Column;

    fn table(columns: &[(&str, &str)]) -> Schema {
        let mut s = Schema::default();
        let t = Table {
            name: "members".into(),
            columns: columns
                .iter()
                .map(|(name, ty)| Column {
                    name: (*name).into(),
                    ty: (*ty).into(),
                    nullable: true,
                    ..Column::default()
                })
                .collect(),
            ..Table::default()
        };
        s.tables.insert(t.name.clone(), t);
        s
    }

    #[test]
    fn a_rename_is_offered_whatever_else_changes_in_the_table() {
        let from = table(&[("name", "VARCHAR(50)"), ("age", "INTEGER")]);
        let alone = table(&[("full_name", "VARCHAR(50)"), ("age", "INTEGER")]);
        let with_type_change = table(&[("full_name", "VARCHAR(50)"), ("age", "BIGINT")]);
        for to in [alone, with_type_change] {
            let hints = hints(&crate::autogen::diff(&from, &to));
            assert_eq!(hints.len(), 1, "{hints:?}");
            assert!(
                hints[0].contains("--rename members.name:full_name"),
                "{hints:?}"
            );
        }
        // A different type is no rename.
        let retyped = table(&[("full_name", "TEXT"), ("age", "INTEGER")]);
        assert!(hints(&crate::autogen::diff(&from, &retyped)).is_empty());
    }
}
