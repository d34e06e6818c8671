//! `history --graph`: the revision graph drawn in the text column the way
//! `git log --graph` draws commits (newest first, one lane per line of
//! descent, `\` where a merge opens lanes, `/` where branches rejoin at
//! their branch point), and `--format dot` for Graphviz.

use stillhead::project::HistoryEntry;

/// The graph as lines, newest revision first, with applied marks (`●`/`○`
/// when a database was consulted) and `depends-on` noted on the line.
pub fn draw(entries: &[HistoryEntry<'_>]) -> Vec<String> {
    // Each lane waits for the revision it shows next.
    let mut lanes: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in entries {
        let waiting: Vec<usize> = lanes
            .iter()
            .enumerate()
            .filter(|(_, id)| id.as_str() == e.revision)
            .map(|(i, _)| i)
            .collect();
        let col = match waiting.first() {
            Some(&c) => c,
            None => {
                lanes.push(e.revision.to_string());
                lanes.len() - 1
            }
        };
        // Branches that rejoin here (a branch point) close their lanes.
        if waiting.len() > 1 {
            let mut line = String::new();
            for i in 0..lanes.len() {
                line.push_str(if waiting[1..].contains(&i) {
                    "/ "
                } else {
                    "| "
                });
            }
            out.push(line.trim_end().to_string());
            for &i in waiting[1..].iter().rev() {
                lanes.remove(i);
            }
        }
        let mut row = String::new();
        for i in 0..lanes.len() {
            row.push_str(if i == col { "* " } else { "| " });
        }
        let mark = match e.applied {
            Some(true) => "● ",
            Some(false) => "○ ",
            None => "",
        };
        let mut text = format!("{row}{mark}{}", e.revision);
        if !e.message.is_empty() {
            text.push_str(&format!("  {}", e.message));
        }
        if !e.tags.is_empty() {
            text.push_str(&format!("  [{}]", e.tags.join(", ")));
        }
        if !e.depends_on.is_empty() {
            text.push_str(&format!("  (depends on {})", e.depends_on.join(", ")));
        }
        out.push(text.trim_end().to_string());
        // The lane goes on to the first parent; more parents open lanes.
        match e.revises {
            [] => {
                lanes.remove(col);
            }
            [first, rest @ ..] => {
                lanes[col] = first.clone();
                if !rest.is_empty() {
                    let mut line = String::new();
                    for _ in 0..lanes.len() {
                        line.push_str("| ");
                    }
                    for _ in rest {
                        line.push_str("\\ ");
                    }
                    out.push(line.trim_end().to_string());
                    let at = lanes.len();
                    for (k, parent) in rest.iter().enumerate() {
                        lanes.insert(at + k, parent.clone());
                    }
                }
            }
        }
    }
    out
}

/// The graph in Graphviz's dot language: `revises` edges solid, child to
/// parent, `depends-on` dashed, applied revisions filled.
pub fn dot(entries: &[HistoryEntry<'_>]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from(
        "digraph stillhead {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n",
    );
    for e in entries {
        let label = if e.message.is_empty() {
            e.revision.to_string()
        } else {
            format!("{}\\n{}", e.revision, e.message.replace('"', "'"))
        };
        let style = if e.applied == Some(true) {
            ", style=filled, fillcolor=\"#d8f0d8\""
        } else {
            ""
        };
        out.push_str(&format!(
            "  {} [label=\"{label}\"{style}];\n",
            quote(e.revision)
        ));
        for parent in e.revises {
            out.push_str(&format!("  {} -> {};\n", quote(e.revision), quote(parent)));
        }
        for dep in e.depends_on {
            out.push_str(&format!(
                "  {} -> {} [style=dashed];\n",
                quote(e.revision),
                quote(dep)
            ));
        }
    }
    out.push_str("}\n");
    out
}
