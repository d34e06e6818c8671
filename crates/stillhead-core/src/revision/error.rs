//! Graph and target errors, each naming the revisions and files involved.

/// The migrations do not form a valid graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// Two files declare the same revision id.
    #[error("duplicate revision id {id}: declared in {first} and in {second}")]
    DuplicateId {
        /// The id.
        id: String,
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// A `revises` or `depends-on` names a revision no file declares.
    #[error("{origin}: {id} has `{key}: {missing}`, but no migration has revision {missing}")]
    Dangling {
        /// The revision with the bad reference.
        id: String,
        /// Its file.
        origin: String,
        /// The id it names.
        missing: String,
        /// `revises` or `depends-on`.
        key: &'static str,
    },
    /// A revision names itself.
    #[error("{origin}: {id} names itself in `{key}`")]
    SelfReference {
        /// The revision.
        id: String,
        /// Its file.
        origin: String,
        /// `revises` or `depends-on`.
        key: &'static str,
    },
    /// A cycle through `revises`/`depends-on`.
    #[error("the revisions form a cycle: {}", .revisions.join(" -> "))]
    Cycle {
        /// `id (file)` for each revision on the cycle, in order.
        revisions: Vec<String>,
    },
    /// One branch label on two revisions.
    #[error("branch label {label} is declared twice: on {first} and on {second}")]
    DuplicateLabel {
        /// The label.
        label: String,
        /// `id (file)` of the first.
        first: String,
        /// `id (file)` of the second.
        second: String,
    },
}

/// A target (`head`, an id, `-1`…) that cannot be resolved or planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TargetError {
    /// No revision matches.
    #[error("unknown revision \"{spec}\"{}", did_you_mean(.suggestions))]
    Unknown {
        /// What was asked for.
        spec: String,
        /// Close matches.
        suggestions: Vec<String>,
    },
    /// A prefix matches several revisions.
    #[error("\"{spec}\" is ambiguous: it matches {}", .candidates.join(", "))]
    Ambiguous {
        /// The prefix.
        spec: String,
        /// Every match.
        candidates: Vec<String>,
    },
    /// `head` asked for while there are several heads.
    #[error("there are {} heads ({}): `head` is ambiguous. Merge them with `stillhead merge -m \"merge heads\"`, or apply every head with `upgrade heads`", .heads.len(), .heads.join(", "))]
    MultipleHeads {
        /// The heads.
        heads: Vec<String>,
    },
    /// A relative step (`+N`, `-N`) from several current heads.
    #[error("\"{spec}\" is ambiguous: the database has several current heads ({}); name the revision to step from, e.g. {}", .heads.join(", "), example(.spec, .heads))]
    SeveralCurrentHeads {
        /// The target.
        spec: String,
        /// The current heads.
        heads: Vec<String>,
    },
    /// A relative step where the graph forks.
    #[error("\"{spec}\" is ambiguous at {from}: it can go to {}; name the revision instead", .choices.join(" or "))]
    AmbiguousWalk {
        /// The target.
        spec: String,
        /// Where the walk forked.
        from: String,
        /// The branches.
        choices: Vec<String>,
    },
    /// A relative step beyond the first or last revision.
    #[error("\"{spec}\" goes beyond the {} of the graph ({steps} step(s) possible)", if *.up { "head" } else { "base" })]
    RelativeOutOfRange {
        /// The target.
        spec: String,
        /// How many steps were possible.
        steps: usize,
        /// Upwards or downwards.
        up: bool,
    },
    /// Downgrade to a revision that is not applied.
    #[error("cannot downgrade to {id}: it is not applied (the database is at {current}); use `upgrade` to go forward")]
    NotApplied {
        /// The target.
        id: String,
        /// The current heads, in words.
        current: String,
    },
    /// `upgrade -1` or `downgrade +1`.
    #[error("\"{spec}\" goes {wrong}: use `stillhead {command} {spec}`")]
    WrongDirection {
        /// The target.
        spec: String,
        /// `backwards` or `forwards`.
        wrong: &'static str,
        /// The command to use.
        command: &'static str,
    },
    /// A relative count that is not a number.
    #[error("\"{spec}\" is not a valid target: expected head, heads, base, a revision, +N, -N, REV+N, REV-N, LABEL@head or LABEL@-N")]
    Malformed {
        /// The target.
        spec: String,
    },
    /// The database has revisions the graph does not know.
    #[error("the database has applied revisions no migration file defines: {}", .ids.join(", "))]
    UnknownApplied {
        /// Those revisions.
        ids: Vec<String>,
    },
}

fn did_you_mean(suggestions: &[String]) -> String {
    match suggestions {
        [] => String::new(),
        s => format!("; did you mean {}?", s.join(", ")),
    }
}

fn example(spec: &str, heads: &[String]) -> String {
    let head = heads.first().map(String::as_str).unwrap_or("REV");
    let n = spec.trim_start_matches(['+', '-']);
    if spec.starts_with('-') {
        format!("{head}@-{n} (that branch only) or {head}-{n} (to the revision below it)")
    } else {
        format!("{head}+{n}")
    }
}
