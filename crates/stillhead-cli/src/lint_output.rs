//! `lint`'s findings in the forms CI systems read: GitHub workflow
//! annotations and SARIF 2.1.0; and which migrations a git ref has not seen
//! yet (`--since`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use stillhead::lint::Finding;

use crate::output::anyhow_like::Error;

/// A finding as a GitHub Actions workflow command, which the pull request
/// shows on the file's line.
pub fn github(f: &Finding) -> String {
    // The workflow-command escapes: data, then property values.
    let data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |s: &str| data(s).replace(':', "%3A").replace(',', "%2C");
    format!(
        "::warning file={},line={},title={}::{}",
        property(&f.file),
        f.line,
        property(&format!("stillhead {}", f.rule)),
        data(&format!("{} {} ({})", f.rule, f.message, f.revision))
    )
}

/// Every finding as one SARIF 2.1.0 log.
pub fn sarif(findings: &[Finding]) -> String {
    let rules: BTreeSet<(&str, &str)> = findings.iter().map(|f| (f.rule, f.message)).collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stillhead",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|(id, text)| serde_json::json!({
                    "id": id,
                    "shortDescription": {"text": text},
                })).collect::<Vec<_>>(),
            }},
            "results": findings.iter().map(|f| serde_json::json!({
                "ruleId": f.rule,
                "level": "warning",
                "message": {"text": format!("{} ({})", f.message, f.revision)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f.file},
                    "region": {"startLine": f.line},
                }}],
            })).collect::<Vec<_>>(),
        }],
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// The files of `dir` that git has not seen at `since`: added since that
/// ref, or not tracked at all yet (a migration written but not committed).
pub fn added_since(dir: &Path, since: &str) -> Result<BTreeSet<PathBuf>, Error> {
    let git = |args: &[&str]| -> Result<Vec<PathBuf>, Error> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| Error::Msg(format!("--since needs git: {e}")))?;
        if !out.status.success() {
            return Err(Error::Msg(format!(
                "--since {since}: git says {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| dir.join(l))
            .collect())
    };
    let mut files = git(&[
        "diff",
        "--name-only",
        "--relative",
        "--diff-filter=A",
        since,
        "--",
        ".",
    ])?;
    files.extend(git(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "--",
        ".",
    ])?);
    Ok(files
        .into_iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect())
}
