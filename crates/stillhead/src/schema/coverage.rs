//! What a database keeps that the schema model does not describe (README
//! "Never silent"): whole objects (a function, a trigger, a domain…) and
//! attributes of described ones (an option, a clause). None of them can be
//! compared or written, so `check` and `revision --autogenerate` fail
//! naming each one, unless `[autogenerate] ignore` accepts it unchecked;
//! `baseline` lists them as `TODO` lines. Each backend finds its own
//! (`Tooling::not_compared`), on the live database and on the declared
//! schema loaded into a scratch database alike.

use std::fmt;

use serde::Serialize;

use super::{Column, Schema, Table};

/// One object, or one attribute of an object, that the model does not describe.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct NotCompared {
    /// The object's kind: `function`, `trigger`, `table`, `column`…
    pub kind: String,
    /// The object's name, qualified where that helps (`orders.total`).
    pub name: String,
    /// The attribute or clause not described; empty when the whole object
    /// is not (`GENERATED ALWAYS AS IDENTITY`, `DEFERRABLE`).
    pub what: String,
}

impl NotCompared {
    /// A whole object of a kind the model does not describe.
    pub fn object(kind: impl Into<String>, name: impl Into<String>) -> NotCompared {
        NotCompared {
            kind: kind.into(),
            name: name.into(),
            what: String::new(),
        }
    }

    /// An attribute the model does not describe, of an object it does.
    pub fn attribute(
        kind: impl Into<String>,
        name: impl Into<String>,
        what: impl Into<String>,
    ) -> NotCompared {
        NotCompared {
            kind: kind.into(),
            name: name.into(),
            what: what.into(),
        }
    }

    /// Whether an `[autogenerate] ignore` entry accepts it: the entry is its
    /// kind (`function`), its name (`audit_log`), its kind and name
    /// (`trigger audit_log`), or its attribute (`DEFERRABLE`), or the
    /// attribute's words before a parenthesis (`serial` for `serial (owns
    /// sequence t_id_seq)`), compared without regard to case.
    pub fn ignored_by(&self, entry: &str) -> bool {
        let entry = entry.trim();
        let kind_and_name = format!("{} {}", self.kind, self.name);
        let attribute_head = self.what.split(" (").next().unwrap_or_default().trim();
        [
            &self.kind,
            &self.name,
            &kind_and_name,
            &self.what,
            attribute_head,
        ]
        .iter()
        .any(|part| !part.is_empty() && part.eq_ignore_ascii_case(entry))
    }
}

impl NotCompared {
    /// Whether it is an object of namespace `namespace`, or an attribute of
    /// one: its name is qualified by it (`billing.invoices`,
    /// `billing.invoices.total`, `trigger audit on billing.invoices`), as
    /// the model keys it or, for a name the database prints itself (a
    /// function's signature), quoted as SQL quotes it (`"Reports".f()`).
    pub fn in_namespace(&self, namespace: &str) -> bool {
        let quoted = format!("\"{}\"", namespace.replace('"', "\"\""));
        [namespace, quoted.as_str()].iter().any(|n| {
            let prefix = format!("{n}.");
            self.name.starts_with(&prefix) || self.name.contains(&format!(" on {prefix}"))
        })
    }
}

impl fmt::Display for NotCompared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.name)?;
        if !self.what.is_empty() {
            write!(f, ": {}", self.what)?;
        }
        Ok(())
    }
}

/// Where a [`NotCompared`] item was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Only in `schema.sql`.
    Declared,
    /// Only in the database.
    Live,
    /// In both (the same words on each side; still not compared).
    Both,
}

/// An item not compared and the side(s) it was found on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uncompared {
    /// What is not compared.
    #[serde(flatten)]
    pub item: NotCompared,
    /// Where it was found.
    pub side: Side,
}

impl fmt::Display for Uncompared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self.side {
            Side::Declared => "in schema.sql",
            Side::Live => "in the database",
            Side::Both => "in schema.sql and in the database",
        };
        write!(f, "{} ({side})", self.item)
    }
}

/// The column orders a migration cannot reach where `ADD COLUMN` puts a
/// column last (`Tooling::adds_columns_last`, PostgreSQL): a column
/// `schema.sql` adds between others, or one the downgrade of a dropped
/// column adds back, lands at the end, and the database's own dump shows
/// another table than asked for. Each such table is `table T: column
/// order`, on the declared side when the upgrade cannot reach
/// `schema.sql`'s order, on the live side when the downgrade cannot restore
/// the database's; `[autogenerate] ignore = ["column order"]` accepts them.
pub fn column_order(live: &Schema, declared: &Schema) -> (Vec<NotCompared>, Vec<NotCompared>) {
    let item = |t: &Table| NotCompared::attribute("table", t.name.clone(), "column order");
    let (mut on_declared, mut on_live) = (Vec::new(), Vec::new());
    for d in declared.tables.values() {
        let Some(l) = live.tables.get(&d.name) else {
            continue;
        };
        if !appending_reaches(l, d) {
            on_declared.push(item(d));
        }
        if !appending_reaches(d, l) {
            on_live.push(item(l));
        }
    }
    (on_declared, on_live)
}

/// Whether dropping `from`'s columns that `to` lacks and appending `to`'s
/// new ones, in `to`'s order, gives `to`'s column order. A column whose
/// generated expression or kind changes is dropped and added too
/// (`ModifyTable::regenerated_columns`).
fn appending_reaches(from: &Table, to: &Table) -> bool {
    let kept_in = |c: &Column, other: &Table| {
        other
            .column(&c.name)
            .is_some_and(|o| o.generated == c.generated)
    };
    let kept = from.columns.iter().filter(|c| kept_in(c, to));
    let added = to.columns.iter().filter(|c| !kept_in(c, from));
    kept.chain(added)
        .map(|c| c.name.to_lowercase())
        .eq(to.columns.iter().map(|c| c.name.to_lowercase()))
}

/// Both sides' items, each once with its side, less what `ignore` accepts,
/// in a stable order.
pub fn merge(declared: &[NotCompared], live: &[NotCompared], ignore: &[String]) -> Vec<Uncompared> {
    let kept = |item: &&NotCompared| !ignore.iter().any(|entry| item.ignored_by(entry));
    let mut out: Vec<Uncompared> = declared
        .iter()
        .filter(kept)
        .map(|item| Uncompared {
            item: item.clone(),
            side: if live.contains(item) {
                Side::Both
            } else {
                Side::Declared
            },
        })
        .collect();
    out.extend(
        live.iter()
            .filter(kept)
            .filter(|item| !declared.contains(item))
            .map(|item| Uncompared {
                item: item.clone(),
                side: Side::Live,
            }),
    );
    out.sort_by(|a, b| a.item.cmp(&b.item));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_in_the_namespace_that_qualifies_it() {
        let table = NotCompared::attribute("table", "audit.log", "UNLOGGED");
        let column = NotCompared::attribute("column", "audit.log.note", "STORAGE EXTERNAL");
        let trigger = NotCompared::object("trigger", "stamp on audit.log");
        for item in [&table, &column, &trigger] {
            assert!(item.in_namespace("audit"), "{item}");
            assert!(!item.in_namespace("aud"), "{item}");
        }
        assert!(!NotCompared::object("table", "auditlog").in_namespace("audit"));
        let quoted = NotCompared::object("function", "\"Reports\".daily(integer)");
        assert!(quoted.in_namespace("Reports"), "{quoted}");
    }

    #[test]
    fn a_column_order_appending_cannot_reach_is_named_on_its_side() {
        let s = |sql: &str| {
            crate::schema::parse::parse_schema(sql, crate::script::Dialect::Postgres, "t").unwrap()
        };
        let live = s("CREATE TABLE t (id INTEGER, a TEXT, b TEXT);");
        let order = |declared: &str| column_order(&live, &s(declared));
        let t = vec![NotCompared::attribute("table", "t", "column order")];
        // The last column dropped, one added last: reached both ways.
        assert_eq!(
            order("CREATE TABLE t (id INTEGER, a TEXT);"),
            (vec![], vec![])
        );
        assert_eq!(
            order("CREATE TABLE t (id INTEGER, a TEXT, b TEXT, c TEXT);"),
            (vec![], vec![])
        );
        // The downgrade would add `a` back last.
        assert_eq!(
            order("CREATE TABLE t (id INTEGER, b TEXT);"),
            (vec![], t.clone())
        );
        // The upgrade would add `x` last.
        assert_eq!(
            order("CREATE TABLE t (x TEXT, id INTEGER, a TEXT, b TEXT);"),
            (t.clone(), vec![])
        );
        assert_eq!(
            order("CREATE TABLE t (id INTEGER, b TEXT, a TEXT);"),
            (t.clone(), t)
        );
        assert_eq!(order("CREATE TABLE u (id INTEGER);"), (vec![], vec![]));
        // A generated column changed is dropped and added back last: both
        // ways, unless it is the last one.
        let generated = |a: &str, b: &str| {
            let live = s(&format!(
                "CREATE TABLE g (id INTEGER, a INTEGER {a}, b INTEGER {b});"
            ));
            let declared = s(
                "CREATE TABLE g (id INTEGER, a INTEGER GENERATED ALWAYS AS (id) STORED, \
                              b INTEGER GENERATED ALWAYS AS (id) STORED);",
            );
            column_order(&live, &declared)
        };
        let g = vec![NotCompared::attribute("table", "g", "column order")];
        let stored = "GENERATED ALWAYS AS (id) STORED";
        assert_eq!(generated(stored, stored), (vec![], vec![]));
        assert_eq!(
            generated(stored, "GENERATED ALWAYS AS (id + 1) STORED"),
            (vec![], vec![])
        );
        assert_eq!(
            generated("GENERATED ALWAYS AS (id + 1) STORED", stored),
            (g.clone(), g.clone())
        );
        assert_eq!(generated("", stored), (g.clone(), g));
    }

    #[test]
    fn both_sides_are_merged_and_ignore_accepts_by_kind_name_or_attribute() {
        let f = NotCompared::object("function", "f(integer)");
        let t = NotCompared::object("trigger", "audit on orders");
        let d = NotCompared::attribute("constraint", "orders_fk", "DEFERRABLE");
        let merged = merge(&[f.clone(), d.clone()], &[f.clone(), t.clone()], &[]);
        let sides: Vec<(String, Side)> = merged
            .iter()
            .map(|u| (u.item.to_string(), u.side))
            .collect();
        assert_eq!(
            sides,
            [
                (
                    "constraint orders_fk: DEFERRABLE".to_string(),
                    Side::Declared
                ),
                ("function f(integer)".to_string(), Side::Both),
                ("trigger audit on orders".to_string(), Side::Live),
            ]
        );
        for entry in ["FUNCTION", "trigger audit on orders", "deferrable"] {
            assert_eq!(
                merge(
                    &[f.clone(), d.clone()],
                    std::slice::from_ref(&t),
                    &[entry.into()]
                )
                .len(),
                2,
                "{entry}"
            );
        }
        assert_eq!(merge(&[f], &[], &["func".into()]).len(), 1, "no prefixes");
        let serial = NotCompared::attribute("column", "t.id", "serial (owns sequence t_id_seq)");
        assert!(
            serial.ignored_by("SERIAL"),
            "the words before a parenthesis"
        );
        assert!(!serial.ignored_by("owns sequence t_id_seq"));
    }
}
