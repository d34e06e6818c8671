//! Column types for autogenerate's warnings: families (integer, float,
//! decimal, text) and whether a change of type can lose values.

/// Why changing a column's type from `old` to `new` can lose data or fail,
/// or `None` when the new type holds every value of the old one.
pub(crate) fn narrowing(old: &str, new: &str) -> Option<String> {
    if old.eq_ignore_ascii_case(new) {
        return None;
    }
    if let (Some(o), Some(n)) = (enum_labels(old), enum_labels(new)) {
        return if o.iter().all(|l| n.contains(l)) {
            None
        } else {
            Some(
                "values are removed: rows holding them make the migration fail (or become '')"
                    .into(),
            )
        };
    }
    let (old_base, old_args) = type_parts(old);
    let (new_base, new_args) = type_parts(new);
    let old_family = family(&old_base);
    let new_family = family(&new_base);
    let wider = match (old_family, new_family) {
        (Some(("int", a)), Some(("int", b))) => b >= a,
        (Some(("int", _)), Some(("float", _))) => true,
        // A DECIMAL needs 19 integer digits to hold every BIGINT.
        (Some(("int", _)), Some(("decimal", _))) => {
            new_args.is_empty() || new_args[0] - new_args.get(1).copied().unwrap_or(0) >= 19
        }
        (Some(("float", a)), Some(("float", b))) => b >= a,
        (Some(("text", a)), Some(("text", b))) if a == b => {
            // Same kind of string type: wider if the length grows (or goes).
            match (old_args.first(), new_args.first()) {
                (_, None) => true,
                (Some(o), Some(n)) => n >= o,
                (None, Some(_)) => false,
            }
        }
        (Some(("text", _)), Some(("text", 9))) => true, // anything to an unbounded text
        (Some(("text", _)), Some(("text", _))) => {
            // e.g. CHAR(10) -> VARCHAR(20)
            matches!((old_args.first(), new_args.first()), (Some(o), Some(n)) if n >= o)
        }
        (Some(("decimal", _)), Some(("decimal", _))) => {
            let (op, os) = (
                old_args.first().copied().unwrap_or(0),
                old_args.get(1).copied().unwrap_or(0),
            );
            let (np, ns) = (
                new_args.first().copied().unwrap_or(0),
                new_args.get(1).copied().unwrap_or(0),
            );
            new_args.is_empty() || (ns >= os && np - ns >= op - os)
        }
        _ => false,
    };
    if wider {
        return None;
    }
    Some(match (old_family, new_family) {
        (Some((a, _)), Some((b, _))) if a == b => {
            "a narrower type: values that do not fit are truncated or make the migration fail"
                .into()
        }
        _ => "values that do not convert make the migration fail (or are lost)".into(),
    })
}

/// The labels of a MySQL `ENUM('a','b')` or `SET(…)` type.
pub(crate) fn enum_labels(ty: &str) -> Option<Vec<String>> {
    let upper = ty.to_ascii_uppercase();
    let start = ["ENUM(", "SET("]
        .iter()
        .find(|p| upper.starts_with(*p))?
        .len();
    let body = ty.get(start..)?.strip_suffix(')')?;
    let mut labels = Vec::new();
    let mut current = String::new();
    let mut chars = body.chars().peekable();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (c, inside) {
            ('\'', true) if chars.peek() == Some(&'\'') => {
                chars.next();
                current.push('\'');
            }
            ('\'', true) => {
                inside = false;
                labels.push(std::mem::take(&mut current));
            }
            ('\'', false) => inside = true,
            (c, true) => current.push(c),
            _ => {}
        }
    }
    Some(labels)
}

/// `VARCHAR(20)` → (`VARCHAR`, [20]); `DECIMAL(10,2)` → (`DECIMAL`, [10, 2]).
fn type_parts(ty: &str) -> (String, Vec<i64>) {
    let upper = ty.to_ascii_uppercase();
    match upper.split_once('(') {
        Some((base, rest)) => (
            base.trim().to_string(),
            rest.trim_end_matches(')')
                .split(',')
                .filter_map(|a| a.trim().parse().ok())
                .collect(),
        ),
        None => (upper.trim().to_string(), Vec::new()),
    }
}

/// A type's family and its rank within the family (bigger holds more).
fn family(base: &str) -> Option<(&'static str, u8)> {
    let base = base.trim_end_matches(" UNSIGNED");
    Some(match base {
        "TINYINT" => ("int", 1),
        "SMALLINT" | "INT2" => ("int", 2),
        "MEDIUMINT" => ("int", 3),
        "INT" | "INTEGER" | "INT4" => ("int", 4),
        "BIGINT" | "INT8" => ("int", 5),
        "REAL" | "FLOAT4" | "FLOAT" => ("float", 1),
        "DOUBLE" | "DOUBLE PRECISION" | "FLOAT8" => ("float", 2),
        "DECIMAL" | "NUMERIC" => ("decimal", 1),
        "CHAR" | "CHARACTER" | "NCHAR" => ("text", 1),
        "VARCHAR" | "CHARACTER VARYING" | "NVARCHAR" => ("text", 2),
        "TINYTEXT" => ("text", 3),
        "MEDIUMTEXT" => ("text", 5),
        "TEXT" | "LONGTEXT" | "CLOB" => ("text", 9),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrowing_type_changes_are_told_from_widening_ones() {
        for (old, new) in [
            ("VARCHAR(20)", "VARCHAR(200)"),
            ("VARCHAR(20)", "TEXT"),
            ("CHAR(10)", "VARCHAR(10)"),
            ("SMALLINT", "INTEGER"),
            ("INT", "BIGINT"),
            ("INTEGER", "DOUBLE PRECISION"),
            ("NUMERIC(10,2)", "NUMERIC(12,2)"),
            ("NUMERIC(10,2)", "NUMERIC"),
            ("INT", "DECIMAL(20,0)"),
            ("ENUM('a','b')", "ENUM('a','c','b')"),
        ] {
            assert_eq!(narrowing(old, new), None, "{old} -> {new}");
        }
        for (old, new) in [
            ("VARCHAR(200)", "VARCHAR(20)"),
            ("TEXT", "VARCHAR(255)"),
            ("BIGINT", "INT"),
            ("NUMERIC(10,2)", "NUMERIC(10,3)"),
            ("NUMERIC(10,2)", "NUMERIC(8,2)"),
            ("INT", "DECIMAL(5,2)"),
            ("VARCHAR(50)", "INTEGER"),
            ("DOUBLE", "INT"),
            ("ENUM('a','it''s')", "ENUM('a')"),
        ] {
            assert!(narrowing(old, new).is_some(), "{old} -> {new}");
        }
        assert_eq!(enum_labels("ENUM('a','it''s')").unwrap(), ["a", "it's"]);
    }
}
