//! The names PostgreSQL gives constraints written without one, so that the
//! model can tell a name the schema wrote from the database's own choice
//! (`Name::implied`, ARCHITECTURE.md "Schema model").

/// Whether `name` is one PostgreSQL gives a constraint of type `contype`
/// on `columns` of `table` when none is written: its own choice, or that
/// choice with a number appended where the name was already taken.
pub(super) fn is_default_name(name: &str, table: &str, contype: &str, columns: &[String]) -> bool {
    if name == default_name(table, contype, columns, "") {
        return true;
    }
    // A taken name gets 1, 2, … after its label, the rest cut to fit.
    name.rfind(|c: char| !c.is_ascii_digit())
        .is_some_and(|end| {
            let digits = &name[end + 1..];
            !digits.is_empty() && name == default_name(table, contype, columns, digits)
        })
}

/// The name PostgreSQL gives a constraint it is not given one for:
/// `table_pkey`, `table_a_b_key`, `table_a_fkey`, `table_a_check` (a check
/// on one column) or `table_check`, `table_a_not_null`, `table_a_b_excl`; each part cut as
/// The names PostgreSQL's `ChooseIndexColumnNames` gives an index's
/// columns, from their attribute names (`expr` for an expression): a name
/// that repeats an earlier one gets 1, 2, … after it (`expr`, `expr1`).
pub(super) fn index_column_names(columns: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in columns {
        let mut name = c.clone();
        let mut n = 1;
        while out.contains(&name) {
            name = format!("{c}{n}");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// PostgreSQL's `makeObjectName` cuts it to fit 63 bytes. `suffix` follows
/// the label where the name was taken.
pub(super) fn default_name(table: &str, contype: &str, columns: &[String], suffix: &str) -> String {
    let (label, part) = match contype {
        "p" => ("pkey", None),
        "u" => ("key", Some(columns.join("_"))),
        "f" => ("fkey", Some(columns.join("_"))),
        "n" => ("not_null", Some(columns.join("_"))),
        // An exclusion constraint is named after its index's columns
        // (`index_column_names`).
        "x" => ("excl", Some(columns.join("_"))),
        // An index (`ChooseIndexName`): its columns' names as the index
        // keeps them (`expr` for an expression), key and `INCLUDE` ones.
        "i" => ("idx", Some(columns.join("_"))),
        // A check names its column only when it refers to exactly one.
        _ => ("check", (columns.len() == 1).then(|| columns[0].clone())),
    };
    make_object_name(table, part.as_deref(), &format!("{label}{suffix}"))
}

/// PostgreSQL's `makeObjectName`: `name1_name2_label`, the longer of the
/// two names shortened a byte at a time (on a character boundary) until
/// the whole fits in NAMEDATALEN - 1 = 63 bytes.
pub(super) fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    const MAX: usize = 63;
    let overhead = name2.map_or(0, |_| 1) + label.len() + 1;
    let avail = MAX.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let clip = |s: &str, mut n: usize| {
        while !s.is_char_boundary(n) {
            n -= 1;
        }
        s[..n].to_string()
    };
    let mut out = clip(name1, n1);
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(&clip(name2, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn default_constraint_names_are_postgres_own() {
        assert_eq!(default_name("accounts", "p", &[], ""), "accounts_pkey");
        assert_eq!(
            default_name("orders", "u", &cols(&["account_id", "code"]), ""),
            "orders_account_id_code_key"
        );
        assert_eq!(
            default_name("payments", "f", &cols(&["account_id"]), ""),
            "payments_account_id_fkey"
        );
        assert_eq!(
            default_name("accounts", "c", &cols(&["qty"]), ""),
            "accounts_qty_check"
        );
        assert_eq!(
            default_name("accounts", "c", &cols(&["a", "b"]), ""),
            "accounts_check"
        );
        assert_eq!(default_name("t", "n", &cols(&["a"]), ""), "t_a_not_null");
        // As PostgreSQL 15 named them: INCLUDE columns count, expressions
        // are `expr`, numbered when they repeat.
        assert_eq!(
            default_name("b", "x", &cols(&["room", "during", "note"]), ""),
            "b_room_during_note_excl"
        );
        let exprs = index_column_names(&cols(&["expr", "expr", "room", "room"]));
        assert_eq!(exprs, cols(&["expr", "expr1", "room", "room1"]));
        assert_eq!(default_name("b", "x", &exprs[..2], ""), "b_expr_expr1_excl");
    }

    #[test]
    fn long_names_are_cut_as_postgres_cuts_them() {
        // As PostgreSQL 15 named them: a 50-byte table, a 40-byte column
        // with an unnamed CHECK and REFERENCES.
        let table = "t".repeat(50);
        let column = cols(&[&"c".repeat(40)]);
        let (t, c) = ("t".repeat(28), "c".repeat(28));
        assert_eq!(
            default_name(&table, "c", &column, ""),
            format!("{t}_{c}_check")
        );
        let t = "t".repeat(29);
        assert_eq!(
            default_name(&table, "f", &column, ""),
            format!("{t}_{c}_fkey")
        );
        // Multi-byte characters are not split.
        let name = make_object_name(&"é".repeat(40), None, "pkey");
        assert!(name.len() <= 63 && name.ends_with("_pkey"), "{name}");
    }

    #[test]
    fn a_taken_name_numbered_is_still_the_default_and_others_are_not() {
        let qty = cols(&["qty"]);
        assert!(is_default_name("accounts_qty_check", "accounts", "c", &qty));
        assert!(is_default_name(
            "accounts_qty_check1",
            "accounts",
            "c",
            &qty
        ));
        assert!(is_default_name(
            "accounts_qty_check12",
            "accounts",
            "c",
            &qty
        ));
        assert!(!is_default_name("qty_pos", "accounts", "c", &qty));
        assert!(!is_default_name("accounts_check", "accounts", "c", &qty));
        assert!(!is_default_name("accounts_pk", "accounts", "p", &[]));
    }
}
